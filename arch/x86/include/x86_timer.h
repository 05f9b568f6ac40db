/* Time on x86: the TSC is the clocksource, the LAPIC timer the clockevent
 * (lapic_timer.c). Their rates are either known (the hypervisor layer's
 * platform facts "tsc,hz" / "apic,hz", see platform.h, or the device
 * tree's `cellmate,tsc-khz` / `cellmate,apic-khz` on the LAPIC node) or
 * measured against a reference clock of known rate (calibrate.c), which a
 * driver such as the ACPI PM timer registers. */
#ifndef X86_TIMER_H
#define X86_TIMER_H

#include <stdbool.h>
#include <stdint.h>

struct x86_refclock {
	const char *name;
	uint32_t (*read)(void);
	uint32_t mask;		/* the counter wraps from mask to 0 */
	uint64_t freq_hz;
};

/* Makes `ref` the calibration reference (the last one registered). */
void x86_refclock_register(const struct x86_refclock *ref);
const struct x86_refclock *x86_refclock_get(void);

struct x86_timer_rates {
	uint64_t tsc_hz, apic_hz;
	uint64_t window_ns;	/* how long the measurement took */
	unsigned int retakes;	/* window ends retaken after a stall */
	unsigned int runouts;	/* windows retaken: the LAPIC count ran out */
};

/* Measures the TSC and the LAPIC timer at divide-by-1 against `ref`; the
 * LAPIC is measured even where only the TSC's rate is wanted (the
 * TSC-deadline timer), as the watchdog of a stall longer than the window
 * (calibrate_window.c). The LAPIC timer must be masked. -E_AGAIN: every
 * window tried was stalled, at an end or for as long as the LAPIC count
 * lasts (SMIs, or a hypervisor holding the CPU); -E_TIMEOUT: the
 * reference does not count; -E_RANGE: a counter did not count. */
int x86_calibrate(const struct x86_refclock *ref,
		  struct x86_timer_rates *out);

#endif
