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
	EXPECT(h.lo == 10 && h.width == 5, "bins of 5 from 10, got %u/%u", h.lo,
	       h.width);
	EXPECT(h.count[0] == 15, "values 10..14 in the first bin: %u", h.count[0]);
}

UNIT_TEST(a_constant_sample_fills_one_bin)
{
	uint32_t v[10] = { 7, 7, 7, 7, 7, 7, 7, 7, 7, 7 };
	struct histogram h;

	histogram_compute(v, 10, 16, &h);
	EXPECT(h.count[0] == 10 && h.width == 1, "all in bin 0");
}

int main(void)
{
	return unit_run_all();
}
