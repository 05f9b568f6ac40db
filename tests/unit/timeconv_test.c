/* Exactness and range of the tick/ns conversions, against 128-bit
 * reference arithmetic. */
#include <stdint.h>

#include "timeconv.h"
#include "unit.h"

typedef unsigned __int128 u128;

static const uint64_t freqs[] = {
	1, 1000, 3579545, 19200000, 24000000, 62500000,
	1000000000, 2399987000ull, 3000000000ull, 4500000000ull, 5000000000ull,
};

static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint64_t rng(void)
{
	return unit_rand64(&rng_state);
}

/* 100 years in ns, the range the kernel promises. */
#define HUNDRED_YEARS_NS (100ull * 365 * 24 * 3600 * NSEC_PER_SEC)

UNIT_TEST(ticks_to_ns_rounds_down_exactly_over_100_years)
{
	for (unsigned int f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
		uint64_t freq = freqs[f];
		uint64_t max_ticks = (uint64_t)((u128)HUNDRED_YEARS_NS * freq /
						NSEC_PER_SEC);

		for (int i = 0; i < 20000; i++) {
			uint64_t t = i < 3 ? (uint64_t)i * (max_ticks / 2)
					   : rng() % (max_ticks + 1);
			uint64_t want = (uint64_t)((u128)t * NSEC_PER_SEC / freq);
			uint64_t got = timeconv_ticks_to_ns(t, freq);

			REQUIRE(got == want, "ticks_to_ns(%llu, %llu) == %llu, got %llu",
				(unsigned long long)t, (unsigned long long)freq,
				(unsigned long long)want, (unsigned long long)got);
		}
	}
}

UNIT_TEST(ns_to_ticks_rounds_up_exactly_over_100_years)
{
	for (unsigned int f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
		uint64_t freq = freqs[f];

		for (int i = 0; i < 20000; i++) {
			uint64_t ns = i < 2 ? (uint64_t)i * HUNDRED_YEARS_NS
					    : rng() % (HUNDRED_YEARS_NS + 1);
			u128 p = (u128)ns * freq;
			uint64_t want = (uint64_t)((p + NSEC_PER_SEC - 1) /
						   NSEC_PER_SEC);
			uint64_t got = timeconv_ns_to_ticks(ns, freq);

			REQUIRE(got == want, "ns_to_ticks(%llu, %llu) == %llu, got %llu",
				(unsigned long long)ns, (unsigned long long)freq,
				(unsigned long long)want, (unsigned long long)got);
		}
	}
}

UNIT_TEST(a_deadline_converted_to_ticks_is_never_early)
{
	for (unsigned int f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
		for (int i = 0; i < 20000; i++) {
			uint64_t ns = rng() % HUNDRED_YEARS_NS;
			uint64_t t = timeconv_ns_to_ticks(ns, freqs[f]);

			REQUIRE(timeconv_ticks_to_ns(t, freqs[f]) >= ns,
				"ticks_to_ns(ns_to_ticks(%llu)) >= %llu at %llu Hz",
				(unsigned long long)ns, (unsigned long long)ns,
				(unsigned long long)freqs[f]);
		}
	}
}

/* ceil(ns * freq / 1e9), or UINT64_MAX where that passes 64 bits. */
static uint64_t ticks_saturated(uint64_t ns, uint64_t freq)
{
	u128 t = ((u128)ns * freq + NSEC_PER_SEC - 1) / NSEC_PER_SEC;

	return t > UINT64_MAX ? UINT64_MAX : (uint64_t)t;
}

UNIT_TEST(ns_to_ticks_saturates_where_the_ticks_pass_64_bits)
{
	/* 4.1e18 ns is 1.845e19 ticks at 4.5 GHz: just past 2^64. */
	static const uint64_t edges[] = { 4100000000000000000ull,
					  UINT64_MAX, UINT64_MAX / 2,
					  1ull << 62, (1ull << 62) - 1 };

	for (unsigned int f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
		uint64_t freq = freqs[f];
		/* The smallest ns whose ticks pass 64 bits, and its
		 * predecessor. */
		uint64_t first = (uint64_t)(((u128)UINT64_MAX * NSEC_PER_SEC +
					     freq - 1) / freq);

		for (int i = 0; i < 20000; i++) {
			uint64_t ns = i < 5 ? edges[i]
				    : i == 5 ? first : i == 6 ? first - 1 : rng();
			uint64_t want = ticks_saturated(ns, freq);
			uint64_t got = timeconv_ns_to_ticks(ns, freq);

			REQUIRE(got == want, "ns_to_ticks(%llu, %llu) == %llu, got %llu",
				(unsigned long long)ns, (unsigned long long)freq,
				(unsigned long long)want, (unsigned long long)got);
		}
	}
}

UNIT_TEST(a_deadline_after_a_huge_timeout_never_wraps_into_the_past)
{
	static const uint64_t bases[] = { 0, 1, 1ull << 40, 1ull << 63,
					  UINT64_MAX - 1, UINT64_MAX };

	for (unsigned int f = 0; f < sizeof(freqs) / sizeof(freqs[0]); f++) {
		for (unsigned int b = 0; b < sizeof(bases) / sizeof(bases[0]);
		     b++) {
			for (int i = 0; i < 2000; i++) {
				uint64_t ns = i == 0 ? UINT64_MAX
					    : i == 1 ? 4100000000000000000ull
					    : rng() >> (i % 64);
				u128 want = (u128)bases[b] +
					    ticks_saturated(ns, freqs[f]);
				uint64_t got = timeconv_deadline(bases[b], ns,
								 freqs[f]);

				if (want > UINT64_MAX)
					want = UINT64_MAX;
				REQUIRE(got == (uint64_t)want,
					"deadline(%llu + %llu ns at %llu Hz) == %llu, got %llu",
					(unsigned long long)bases[b],
					(unsigned long long)ns,
					(unsigned long long)freqs[f],
					(unsigned long long)want,
					(unsigned long long)got);
			}
		}
	}
}

UNIT_TEST(a_million_periods_accumulate_no_drift)
{
	/* Period n's deadline computed from the origin: at 24 MHz a 7 Hz
	 * period is not a whole number of ticks, yet the millionth deadline
	 * is exact. */
	uint64_t freq = 24000000, hz = 7, n = 1000000;
	uint64_t t = muldiv64_ceil(n, freq, hz);
	uint64_t want = (uint64_t)(((u128)n * freq + hz - 1) / hz);

	EXPECT(t == want, "deadline of period 10^6 == %llu, got %llu",
	       (unsigned long long)want, (unsigned long long)t);
}

int main(void)
{
	return unit_run_all();
}
