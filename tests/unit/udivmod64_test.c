/* udivmod64 against the host's own 64-bit division: edge values, every
 * divisor width, random pairs. */
#include <stdbool.h>
#include <stdint.h>

#include "udivmod64.h"
#include "unit.h"

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint64_t rng(void)
{
	return unit_rand64(&rng_state);
}

static bool check(uint64_t n, uint64_t d)
{
	uint64_t rem = 0xdeadbeef, q = udivmod64(n, d, &rem);
	/* The callers skip d == 0. */
	/* cppcheck-suppress zerodiv */
	bool ok = q == n / d && rem == n % d;

	EXPECT(ok,
		"%llu / %llu: want %llu rem %llu, got %llu rem %llu",
		(unsigned long long)n, (unsigned long long)d,
		(unsigned long long)(n / d), (unsigned long long)(n % d),
		(unsigned long long)q, (unsigned long long)rem);
	return ok;
}

UNIT_TEST(edge_values_divide_exactly)
{
	static const uint64_t v[] = {
		0, 1, 2, 3, 0x7fffffff, 0x80000000, 0xffffffff,
		0x100000000ull, 0x100000001ull, 1000000000ull, 62500000,
		0x7fffffffffffffffull, 0x8000000000000000ull, UINT64_MAX - 1,
		UINT64_MAX,
	};
	unsigned int nv = sizeof(v) / sizeof(v[0]);

	for (unsigned int i = 0; i < nv; i++)
		for (unsigned int j = 0; j < nv; j++)
			if (v[j] && !check(v[i], v[j]))
				return;
}

UNIT_TEST(random_pairs_of_every_width_divide_exactly)
{
	for (int i = 0; i < 200000; i++) {
		/* A random width for each, so small quotients, 32-bit
		 * operands and full 64-bit ones all come up. */
		uint64_t n = rng() >> (rng() % 64);
		uint64_t d = rng() >> (rng() % 64);

		if (d && !check(n, d))
			return;
	}
}

int main(void)
{
	return unit_run_all();
}
