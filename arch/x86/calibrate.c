/* Measuring the TSC and LAPIC timer rates against a reference clock of
 * known rate (the ACPI PM timer): count both across the same window of
 * reference ticks, starting on a reference tick edge.
 *
 * Accuracy: each end is known to within one reference read, not one
 * reference tick. On chipsets a PM timer port read takes about 1 us
 * (longer where it is emulated), so over the 10 ms window the rates are
 * good to roughly +-100..200 ppm; an SMI inside the window makes it worse
 * and is not detected. That is the order of the crystals' own tolerance,
 * but a board that needs better gives the rates in its device tree (a
 * Jailhouse cell gets them from the hypervisor). The two rates come from
 * the same window, so their ratio, which converts TSC deadlines into
 * LAPIC counts, is better than either. */
#include <stdbool.h>
#include <stdint.h>

#include "kerr.h"
#include "timeconv.h"
#include "x86.h"
#include "x86_apic.h"
#include "x86_timer.h"

#define CALIBRATE_WINDOW_HZ 100		/* 1 / 10 ms */
#define CALIBRATE_EDGE_SPINS 1000000	/* a stuck reference gives up */
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

/* The first reference value after a change: the start of a tick. */
static int ref_wait_edge(const struct x86_refclock *ref, uint32_t *at)
{
	uint32_t start = ref->read() & ref->mask;

	for (unsigned int i = 0; i < CALIBRATE_EDGE_SPINS; i++) {
		uint32_t now = ref->read() & ref->mask;

		/* A hardware counter: each read may differ. */
		/* cppcheck-suppress knownConditionTrueFalse */
		if (now != start) {
			*at = now;
			return 0;
		}
	}
	return -E_TIMEOUT;
}

int x86_calibrate(const struct x86_refclock *ref, bool apic,
		  struct x86_timer_rates *out)
{
	uint32_t window = (uint32_t)(ref->freq_hz / CALIBRATE_WINDOW_HZ);
	uint32_t r0, elapsed;
	uint64_t tsc0, tsc1;
	uint32_t apic0 = 0, apic1 = 0;
	int err;

	if (window == 0 || window > ref->mask / 2)
		return -E_RANGE;
	if (apic) {
		lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_TIMER_DIVIDE_BY_1);
		lapic_write(LAPIC_TIMER_INITIAL, LAPIC_COUNT_MAX);
	}
	err = ref_wait_edge(ref, &r0);
	if (err < 0)
		return err;
	tsc0 = x86_rdtsc();
	if (apic)
		apic0 = lapic_read(LAPIC_TIMER_CURRENT);
	do {
		uint32_t r = ref->read() & ref->mask;

		elapsed = (r - r0) & ref->mask;	/* the counter may wrap */
	} while (elapsed < window);
	tsc1 = x86_rdtsc();
	if (apic) {
		apic1 = lapic_read(LAPIC_TIMER_CURRENT);
		lapic_write(LAPIC_TIMER_INITIAL, 0);
	}
	out->tsc_hz = muldiv64_floor(tsc1 - tsc0, ref->freq_hz, elapsed);
	out->apic_hz = apic ? muldiv64_floor(apic0 - apic1, ref->freq_hz,
					     elapsed)
			    : 0;
	out->window_ns = muldiv64_floor(elapsed, NSEC_PER_SEC, ref->freq_hz);
	if (out->tsc_hz == 0 || (apic && (out->apic_hz == 0 || apic1 == 0)))
		return -E_RANGE;	/* a counter did not count, or ran out */
	return 0;
}
