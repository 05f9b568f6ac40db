/* The calibration window (x86_calibrate.h): count the TSC and the LAPIC
 * timer across the same window of reference ticks, starting on a
 * reference tick edge. No hardware here: every clock is read through
 * x86_cal_clocks, which is what lets the host tests drive it. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kerr.h"
#include "timeconv.h"
#include "x86_calibrate.h"

#define CALIBRATE_WINDOW_HZ 100		/* 1 / 10 ms */
#define CALIBRATE_EDGE_SPINS 1000000	/* a stuck reference gives up */

static uint32_t ref_now(const struct x86_refclock *ref)
{
	return ref->read() & ref->mask;
}

/* The first reference value after a change: the start of a tick. */
static int ref_wait_edge(const struct x86_refclock *ref, uint32_t *at)
{
	uint32_t start = ref_now(ref);

	for (unsigned int i = 0; i < CALIBRATE_EDGE_SPINS; i++) {
		uint32_t now = ref_now(ref);

		/* A hardware counter: each read may differ. */
		/* cppcheck-suppress knownConditionTrueFalse */
		if (now != start) {
			*at = now;
			return 0;
		}
	}
	return -E_TIMEOUT;
}

/* The counters for reference value `ref`, read right after it. */
static void edge_take(const struct x86_cal_clocks *clk, uint32_t ref,
		      struct x86_cal_edge *e)
{
	e->ref = ref;
	e->tsc = clk->tsc_read();
	e->apic = clk->apic_read ? clk->apic_read() : 0;
}

int x86_calibrate_window(const struct x86_cal_clocks *clk,
			 struct x86_cal_window *w)
{
	const struct x86_refclock *ref = clk->ref;
	uint32_t window = (uint32_t)(ref->freq_hz / CALIBRATE_WINDOW_HZ);
	uint32_t r0, r, elapsed;
	int err;

	if (window == 0 || window > ref->mask / 2)
		return -E_RANGE;
	err = ref_wait_edge(ref, &r0);
	if (err < 0)
		return err;
	edge_take(clk, r0, &w->start);
	do {
		r = ref_now(ref);
		elapsed = (r - r0) & ref->mask;	/* the counter may wrap */
	} while (elapsed < window);
	edge_take(clk, r, &w->end);
	return 0;
}

int x86_calibrate_rates(const struct x86_cal_clocks *clk,
			const struct x86_cal_window *w,
			struct x86_timer_rates *out)
{
	const struct x86_refclock *ref = clk->ref;
	uint32_t elapsed = (w->end.ref - w->start.ref) & ref->mask;
	bool apic = clk->apic_read != NULL;

	if (elapsed == 0)
		return -E_RANGE;
	out->tsc_hz = muldiv64_floor(w->end.tsc - w->start.tsc, ref->freq_hz,
				     elapsed);
	out->apic_hz = apic ? muldiv64_floor(w->start.apic - w->end.apic,
					     ref->freq_hz, elapsed)
			    : 0;
	out->window_ns = muldiv64_floor(elapsed, NSEC_PER_SEC, ref->freq_hz);
	if (out->tsc_hz == 0 ||
	    (apic && (out->apic_hz == 0 || w->end.apic == 0)))
		return -E_RANGE;	/* a counter did not count, or ran out */
	return 0;
}
