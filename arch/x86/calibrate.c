/* Measuring the TSC and LAPIC timer rates against a reference clock of
 * known rate (the ACPI PM timer): count both across the same window of
 * reference ticks, each end on a reference tick edge (calibrate_window.c
 * measures; this file gives it the hardware's clocks).
 *
 * Accuracy: each end is known to within two reference reads, not one
 * reference tick. On chipsets a PM timer port read takes about 1 us
 * (longer where it is emulated), so over the 10 ms window the rates are
 * good to roughly +-100..200 ppm. A stall inside the window (an SMI, a
 * hypervisor holding the CPU) costs nothing, every counter runs on
 * through it, as long as it is shorter than the reference's wrap (4.69 s
 * for a 24-bit PM timer; a longer one is caught only by the LAPIC count,
 * restarted for each window, running out: the window is taken again).
 * One at an end, around the reads that find the edge and
 * the counter reads taken for it, would cost its whole length; each
 * end's reads are bracketed by TSC reads and an end whose bracket is
 * over twice the shortest is set aside for a later edge. When every try
 * is stalled the calibration fails (-E_AGAIN) rather than give a wrong
 * rate. That accuracy is the
 * order of the crystals' own tolerance, but a board that needs better
 * gives the rates in its device tree (a Jailhouse cell gets them from
 * the hypervisor). The two rates come from the same window and the same
 * brackets, so their ratio, which converts TSC deadlines into LAPIC
 * counts, is better than either. */
#include <stdint.h>

#include "x86.h"
#include "x86_apic.h"
#include "x86_calibrate.h"
#include "x86_timer.h"

#define LAPIC_COUNT_MAX 0xffffffffu

static const struct x86_refclock *refclock;

void x86_refclock_register(const struct x86_refclock *ref)
{
	refclock = ref;
}

const struct x86_refclock *x86_refclock_get(void)
{
	return refclock;
}

static uint64_t calibrate_tsc_read(void)
{
	return x86_rdtsc();
}

static uint32_t calibrate_apic_read(void)
{
	return lapic_read(LAPIC_TIMER_CURRENT);
}

static void calibrate_apic_start(void)
{
	lapic_write(LAPIC_TIMER_INITIAL, LAPIC_COUNT_MAX);
}

/* The LAPIC timer counts down from its maximum for each window
 * (calibrate_window.c does the measuring). */
int x86_calibrate(const struct x86_refclock *ref,
		  struct x86_timer_rates *out)
{
	struct x86_cal_clocks clk = {
		.ref = ref,
		.tsc_read = calibrate_tsc_read,
		.apic_read = calibrate_apic_read,
		.apic_start = calibrate_apic_start,
	};
	struct x86_cal_window w;
	int err;

	lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_TIMER_DIVIDE_BY_1);
	err = x86_calibrate_window(&clk, &w);
	lapic_write(LAPIC_TIMER_INITIAL, 0);
	if (err < 0)
		return err;
	return x86_calibrate_rates(&clk, &w, out);
}
