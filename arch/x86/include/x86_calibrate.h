/* The measurement behind x86_calibrate (x86_timer.h), apart from the
 * hardware: calibrate_window.c reads the clocks only through the
 * functions given here, so it can run on the host against fake clocks;
 * calibrate.c gives it the real ones. */
#ifndef X86_CALIBRATE_H
#define X86_CALIBRATE_H

#include <stdint.h>

#include "x86_timer.h"

struct x86_cal_clocks {
	const struct x86_refclock *ref;
	uint64_t (*tsc_read)(void);
	/* The LAPIC timer's current count (counting down from where it
	 * was started, stopping at 0), or NULL when it is not measured. */
	uint32_t (*apic_read)(void);
	/* Starts the LAPIC count again from its maximum, before each
	 * window (NULL: started once, by the caller). */
	void (*apic_start)(void);
};

/* One end of the window: a reference value and the counters read with
 * it (apic 0 when not measured). */
struct x86_cal_edge {
	uint32_t ref;
	uint64_t tsc;
	uint32_t apic;
};

struct x86_cal_window {
	struct x86_cal_edge start, end;
	unsigned int retakes;	/* end samples not used: stalled */
	unsigned int runouts;	/* windows not used: the LAPIC count ran out */
};

/* Takes both ends of a 10 ms window of the reference, each on a
 * reference tick edge and not stalled (calibrate_window.c says how that
 * is told). -E_RANGE when the reference cannot hold such a window,
 * -E_TIMEOUT when it does not count (or does not move on), -E_INVAL when
 * a reading jumped ahead, -E_AGAIN when each of the whole windows tried
 * was stalled: every try at an end, or long enough for the LAPIC count
 * to run out. */
int x86_calibrate_window(const struct x86_cal_clocks *clk,
			 struct x86_cal_window *w);

/* The rates the window gives; -E_RANGE when a counter did not count or
 * the LAPIC count ran out. */
int x86_calibrate_rates(const struct x86_cal_clocks *clk,
			const struct x86_cal_window *w,
			struct x86_timer_rates *out);

#endif
