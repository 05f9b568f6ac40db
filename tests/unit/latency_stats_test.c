/* The latency app's statistics: sorting, percentiles, histograms. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"
#include "unit.h"

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

UNIT_TEST(statistics_match_a_sorted_reference)
{
	static uint32_t v[5000], ref[5000];
	unsigned int seed = 2;

	for (unsigned int n = 1; n <= 5000; n = n * 3 + 1) {
		struct stats st;
		uint64_t sum = 0;

		for (unsigned int i = 0; i < n; i++) {
			v[i] = ref[i] = (uint32_t)rand_r(&seed) % 1000;
			sum += v[i];
		}
		qsort(ref, n, sizeof(ref[0]), cmp_u32);
		stats_compute(v, n, &st);
		REQUIRE(!memcmp(v, ref, n * sizeof(v[0])), "sorted like qsort, n=%u", n);
		EXPECT(st.min == ref[0] && st.max == ref[n - 1], "min/max, n=%u", n);
		EXPECT(st.median == ref[n / 2], "median, n=%u", n);
		EXPECT(st.sum == sum, "sum, n=%u", n);
		/* p99: at least 99% of samples are at or below it. */
		unsigned int below = 0;

		for (unsigned int i = 0; i < n; i++)
			below += ref[i] <= st.p99;
		EXPECT(below * 100 >= n * 99, "p99 covers 99%% (n=%u, %u below)",
		       n, below);
	}
}

UNIT_TEST(a_histogram_counts_every_sample_once)
{
	uint32_t v[100];
	struct histogram h;
	unsigned int total = 0;

	for (unsigned int i = 0; i < 100; i++)
		v[i] = 10 + i / 3;	/* 10..43 */
	histogram_compute(v, 100, 8, &h);
	for (unsigned int b = 0; b < h.nbins; b++)
		total += h.count[b];
	EXPECT(total == 100, "100 samples binned, got %u", total);
	EXPECT(h.lo == 10 && h.width == 5, "bins of 5 from 10, got %u/%llu",
	       h.lo, (unsigned long long)h.width);
	EXPECT(h.count[0] == 15, "values 10..14 in the first bin: %u", h.count[0]);
}

UNIT_TEST(a_constant_sample_fills_one_bin)
{
	uint32_t v[10] = { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
	struct histogram h;

	histogram_compute(v, 10, 16, &h);
	EXPECT(h.count[0] == 10 && h.width == 1, "all in bin 0");
}

UNIT_TEST(median_and_p99_take_the_documented_ranks)
{
	static uint32_t v[4000];

	for (unsigned int n = 1; n <= 4000; n += n < 10 ? 1 : 97) {
		struct stats st;
		unsigned int k = 1;

		for (unsigned int i = 0; i < n; i++)
			v[i] = 3 * (n - 1 - i);	/* distinct, descending */
		stats_compute(v, n, &st);
		/* Upper median; nearest rank: the smallest k with k >= 0.99 n. */
		while (k * 100 < n * 99)
			k++;
		EXPECT(st.median == 3 * (n / 2), "median, n=%u: %u", n,
		       st.median);
		EXPECT(st.p99 == 3 * (k - 1), "p99, n=%u: %u, rank %u", n,
		       st.p99, k);
	}
}

/* The benchmark takes 300, 1000 or 2000 samples: where 99% of n is a
 * whole rank, that rank is p99 (the 297th of 300), not the one above. */
UNIT_TEST(p99_takes_the_whole_rank_at_the_benchmark_sample_counts)
{
	static const unsigned int counts[] = { 100, 300, 1000, 2000, 4000 };
	static uint32_t v[4000];

	for (unsigned int c = 0; c < sizeof(counts) / sizeof(counts[0]); c++) {
		unsigned int n = counts[c];
		struct stats st;

		for (unsigned int i = 0; i < n; i++)
			v[i] = n - i;	/* 1..n, descending */
		stats_compute(v, n, &st);
		EXPECT(st.p99 == n / 100 * 99, "p99 of 1..%u: %u, want %u", n,
		       st.p99, n / 100 * 99);
	}
}

UNIT_TEST(the_sum_of_the_largest_samples_does_not_wrap)
{
	static uint32_t v[4000];
	struct stats st;

	for (unsigned int i = 0; i < 4000; i++)
		v[i] = UINT32_MAX;
	stats_compute(v, 4000, &st);
	EXPECT(st.sum == 4000ull * UINT32_MAX, "sum %llu",
	       (unsigned long long)st.sum);
}

/* Every sample lies inside the range its bin claims. */
static void expect_binned_in_range(const uint32_t *v, unsigned int n,
				   unsigned int nbins)
{
	struct histogram h;
	unsigned int seen[HIST_BINS_MAX] = { 0 };

	histogram_compute(v, n, nbins, &h);
	for (unsigned int i = 0; i < n; i++) {
		uint64_t off = (uint64_t)v[i] - h.lo;
		uint64_t b = off / h.width;

		REQUIRE(b < h.nbins, "sample %u (%u) past the last bin: lo %u, "
			"width %llu", i, v[i], h.lo, (unsigned long long)h.width);
		seen[b]++;
	}
	for (unsigned int b = 0; b < h.nbins; b++)
		EXPECT(seen[b] == h.count[b], "bin %u: %u counted, %u inside it",
		       b, h.count[b], seen[b]);
}

UNIT_TEST(a_histogram_over_the_whole_32_bit_range_keeps_its_ranges)
{
	/* A sample past 32 bits is clamped to UINT32_MAX (an early end,
	 * to 0): both ends of the range at once. */
	static const uint32_t wide[] = { 0, 5, 100, UINT32_MAX };
	static const uint32_t wide1[] = { 1, 20, UINT32_MAX - 1, UINT32_MAX };

	expect_binned_in_range(wide, 4, 12);
	expect_binned_in_range(wide1, 4, 12);
	expect_binned_in_range(wide, 4, 1);
}

UNIT_TEST(a_bin_count_of_0_or_past_the_maximum_takes_the_maximum)
{
	static const unsigned int asked[] = { 0, HIST_BINS_MAX + 1, 1000 };
	uint32_t v[40];

	for (unsigned int i = 0; i < 40; i++)
		v[i] = 100 + i;
	for (unsigned int a = 0; a < sizeof(asked) / sizeof(asked[0]); a++) {
		struct histogram h;
		unsigned int total = 0;

		histogram_compute(v, 40, asked[a], &h);
		REQUIRE(h.nbins == HIST_BINS_MAX && h.width == 3,
			"%u bins asked: %u of width %llu", asked[a], h.nbins,
			(unsigned long long)h.width);
		for (unsigned int b = 0; b < h.nbins; b++)
			total += h.count[b];
		EXPECT(total == 40, "%u bins asked: %u of 40 binned", asked[a],
		       total);
	}
}

UNIT_TEST(a_round_trip_halves_rounding_up)
{
	uint32_t v[] = { 0, 1, 126, 127, 151, UINT32_MAX };
	static const uint32_t half[] = { 0, 1, 63, 64, 76, 0x80000000u };

	samples_halve(v, 6);
	for (unsigned int i = 0; i < 6; i++)
		EXPECT(v[i] == half[i], "value %u: %u, want %u", i, v[i],
		       half[i]);
}

UNIT_TEST(one_way_samples_fit_the_loop_of_their_round_trips)
{
	/* Round trips of 126 and 127 ticks in a loop of 10 ticks more:
	 * one way 63 and 64 (127 rounded up). */
	uint32_t v[] = { 63, 64 };

	EXPECT(samples_fit_loop(v, 2, 2, 263), "254 of 263 ticks fit");
	/* Halving rounds up: one tick per sample over the loop is its own. */
	EXPECT(samples_fit_loop(v, 2, 2, 253), "254 of 253 ticks fit");
	EXPECT(!samples_fit_loop(v, 2, 2, 251),
	       "254 ticks of samples in a loop of 251 do not fit");
	/* The same samples taken as whole round trips: twice too long. */
	EXPECT(!samples_fit_loop(v, 2, 1, 100), "127 of 100 ticks do not fit");
	/* A round trip timed from its second half covers too little. */
	EXPECT(samples_fit_loop(v, 2, 2, 508), "254 of 508 ticks: half fits");
	EXPECT(!samples_fit_loop(v, 2, 2, 509), "254 of 509 ticks do not fit");
}

UNIT_TEST(a_sample_out_of_range_is_clamped_and_counted)
{
	unsigned int clipped = 0;

	EXPECT(sample_ticks(100, 114, &clipped) == 14 && clipped == 0,
	       "14 ticks, none clipped: %u", clipped);
	/* A counter too coarse to see the interval: a sample of 0 ticks,
	 * which is a measurement, not a clip. */
	EXPECT(sample_ticks(100, 100, &clipped) == 0 && clipped == 0,
	       "0 ticks, none clipped: %u", clipped);
	EXPECT(sample_ticks(100, 100ull + UINT32_MAX, &clipped) == UINT32_MAX &&
	       clipped == 0, "the largest sample is no clip: %u", clipped);
	/* An end before its start: early, not 2^32 - 1 ticks late. */
	EXPECT(sample_ticks(100, 99, &clipped) == 0 && clipped == 1,
	       "an early end clamps to 0 and counts: %u", clipped);
	EXPECT(sample_ticks(0, 1ull << 32, &clipped) == UINT32_MAX &&
	       clipped == 2, "past 32 bits clamps and counts: %u", clipped);
}

static uint64_t times16(uint64_t t)
{
	return t * 16;
}

UNIT_TEST(an_average_keeps_its_fraction_when_converted)
{
	/* 40.5 ticks of 16 ns: 648 ns, not 40 ticks' 640. */
	uint32_t v[] = { 41, 40 };
	struct stats st;

	stats_compute(v, 2, &st);
	EXPECT(stats_avg(&st, times16) == 648, "average 648 ns, got %llu",
	       (unsigned long long)stats_avg(&st, times16));
	stats_compute(v, 0, &st);
	EXPECT(stats_avg(&st, times16) == 0, "no samples: 0");
}

int main(void)
{
	return unit_run_all();
}
