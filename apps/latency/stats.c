#include "stats.h"

/* Shell sort: no recursion, no extra memory, fast enough for the few
 * thousand samples a run takes. */
static void sort_u32(uint32_t *v, unsigned int n)
{
	static const unsigned int gaps[] = { 701, 301, 132, 57, 23, 10, 4, 1 };

	for (unsigned int g = 0; g < sizeof(gaps) / sizeof(gaps[0]); g++) {
		unsigned int gap = gaps[g];

		for (unsigned int i = gap; i < n; i++) {
			uint32_t x = v[i];
			unsigned int j = i;

			for (; j >= gap && v[j - gap] > x; j -= gap)
				v[j] = v[j - gap];
			v[j] = x;
		}
	}
}

void stats_compute(uint32_t *v, unsigned int n, struct stats *st)
{
	*st = (struct stats){ .n = n };
	if (!n)
		return;
	sort_u32(v, n);
	st->min = v[0];
	st->max = v[n - 1];
	st->median = v[n / 2];
	/* The smallest value at or above which 1% of the samples lie. */
	st->p99 = v[(n * 99u + 99u) / 100u - 1u];
	for (unsigned int i = 0; i < n; i++)
		st->sum += v[i];
}

uint32_t sample_ticks(uint64_t start, uint64_t end, unsigned int *clipped)
{
	if (end < start) {
		(*clipped)++;
		return 0;
	}
	if (end - start > UINT32_MAX) {
		(*clipped)++;
		return UINT32_MAX;
	}
	return (uint32_t)(end - start);
}

uint64_t stats_avg(const struct stats *st, uint64_t (*conv)(uint64_t))
{
	return st->n ? conv(st->sum) / st->n : 0;
}

void samples_halve(uint32_t *v, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		v[i] = v[i] / 2 + (v[i] & 1);
}

bool samples_fit_loop(const uint32_t *v, unsigned int n, unsigned int per,
		      uint64_t elapsed)
{
	uint64_t covered = 0;

	for (unsigned int i = 0; i < n; i++)
		covered += (uint64_t)v[i] * per;
	return covered <= elapsed + (uint64_t)n * (per - 1) &&
	       2 * covered >= elapsed;
}

void histogram_compute(const uint32_t *sorted, unsigned int n,
		       unsigned int nbins, struct histogram *h)
{
	uint64_t span;

	if (nbins == 0 || nbins > HIST_BINS_MAX)
		nbins = HIST_BINS_MAX;
	*h = (struct histogram){ .nbins = nbins };
	if (!n)
		return;
	h->lo = sorted[0];
	/* 64 bits: samples spanning the whole 32-bit range (one clamped
	 * past 32 bits is UINT32_MAX) would wrap to a width of 1. */
	span = (uint64_t)sorted[n - 1] - sorted[0] + 1;
	h->width = (span + nbins - 1) / nbins;
	if (h->width == 0)
		h->width = 1;
	for (unsigned int i = 0; i < n; i++) {
		uint64_t b = (sorted[i] - h->lo) / h->width;

		h->count[b < nbins ? b : nbins - 1]++;
	}
}
