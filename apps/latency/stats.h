/* Sample statistics and text histograms for the latency app. Pure: host
 * unit-tested. */
#ifndef LATENCY_STATS_H
#define LATENCY_STATS_H

#include <stdbool.h>
#include <stdint.h>

/* median: the upper of the two middle values when n is even (never below
 * the true median); p99: the nearest-rank percentile, the smallest sample
 * with at least 99% of them at or below it. */
struct stats {
	unsigned int n;
	uint32_t min, max, median, p99;
	uint64_t sum;
};

/* Sorts `v` (n values) in place and computes the statistics. */
void stats_compute(uint32_t *v, unsigned int n, struct stats *st);

/* The sample from counter values `start` to `end`. An end before its
 * start (a timer or a wake-up early) or a gap past 32 bits is no sample:
 * it is clamped, to 0 or UINT32_MAX, and counted in *clipped, for the
 * report to say so. */
uint32_t sample_ticks(uint64_t start, uint64_t end, unsigned int *clipped);

/* The average converted by `conv` (ticks to ns, say): the sum converted,
 * then divided, so that the fraction of a tick the average has is not
 * lost before it is scaled up. 0 for no samples. */
uint64_t stats_avg(const struct stats *st, uint64_t (*conv)(uint64_t));

/* Halves each of the n values (round trips into one-way figures),
 * rounding up: half a tick counts as a tick, never as none. */
void samples_halve(uint32_t *v, unsigned int n);

/* Whether n samples taken in one loop, each `per` times its value in
 * ticks of it (2: a one-way figure, half a round trip rounded up), fit the
 * `elapsed` ticks the whole loop took. They are disjoint parts of it, so
 * never more than it but for what rounding up added; and the loop does
 * little besides, so never less than half of it. A counter read in the
 * wrong place (a round trip started after its first half, a round trip
 * reported as one way) breaks one bound or the other. */
bool samples_fit_loop(const uint32_t *v, unsigned int n, unsigned int per,
		      uint64_t elapsed);

/* Histogram of sorted values: `nbins` equal bins from min to max. */
#define HIST_BINS_MAX 16
struct histogram {
	unsigned int nbins;
	uint32_t lo;
	uint64_t width;		/* bin i: [lo + i*width, lo + (i+1)*width) */
	unsigned int count[HIST_BINS_MAX];
};
void histogram_compute(const uint32_t *sorted, unsigned int n,
		       unsigned int nbins, struct histogram *h);

#endif
