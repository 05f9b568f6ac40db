/* The TSC as the clocksource and the LAPIC timer as the one-shot
 * clockevent, bound to the LAPIC's device-tree node (the LAPIC driver
 * binds the same node as the interrupt controller).
 *
 * With the TSC-deadline timer (CPUID.1:ECX[24]) a deadline in TSC ticks is
 * written as is to IA32_TSC_DEADLINE. Without it the timer runs one-shot
 * at divide-by-1 and a deadline becomes a count, rounded up, using the
 * measured ratio of the two rates; a count that fires a little early is
 * harmless (the time core re-arms for a deadline not yet reached).
 * Rates: known (x86_timer.h) or calibrated against the reference clock
 * the node's `cellmate,calibration-clock` names.
 * Intel SDM vol. 3A 10.5.4 (APIC timer), 10.5.4.1 (TSC-deadline mode),
 * 17.17 (time-stamp counter). */
#include <stdint.h>

#include "clock.h"
#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "io.h"
#include "irq.h"
#include "kerr.h"
#include "timeconv.h"
#include "x86.h"
#include "x86_apic.h"
#include "x86_timer.h"
#include "x86_vectors.h"

#define HZ_PER_KHZ 1000
#define LAPIC_COUNT_MAX 0xffffffffull

static uint64_t tsc_hz, apic_hz;
static uint32_t known_tsc_khz, known_apic_khz;

static uint64_t tsc_read(void)
{
	return x86_rdtsc();
}

static struct clocksource tsc_cs = { .name = "tsc", .read = tsc_read };
static struct clockevent lapic_ce;

void x86_timer_set_known_khz(uint32_t tsc_khz, uint32_t apic_khz)
{
	known_tsc_khz = tsc_khz;
	known_apic_khz = apic_khz;
}

static void deadline_set(uint64_t ticks)
{
	/* 0 would disarm: a deadline at 0 has passed anyway. */
	x86_wrmsr(MSR_IA32_TSC_DEADLINE, ticks ? ticks : 1);
}

static void deadline_stop(void)
{
	x86_wrmsr(MSR_IA32_TSC_DEADLINE, 0);
}

static void oneshot_set(uint64_t ticks)
{
	uint64_t now = x86_rdtsc();
	uint64_t count = ticks > now ? muldiv64_ceil(ticks - now, apic_hz,
						     tsc_hz)
				     : 1;

	if (count == 0)
		count = 1;
	if (count > LAPIC_COUNT_MAX)
		count = LAPIC_COUNT_MAX;	/* fires early, re-armed */
	lapic_write(LAPIC_TIMER_INITIAL, (uint32_t)count);
}

static void oneshot_stop(void)
{
	lapic_write(LAPIC_TIMER_INITIAL, 0);
}

static void lapic_timer_isr(void *arg)
{
	(void)arg;
	clock_event_fire();
}

/* Rates from the device tree or the hypervisor layer, in kHz. */
static void lapic_timer_known_rates(const struct fdt *fdt, int node)
{
	uint32_t khz;

	if (!known_tsc_khz && fdt_prop_u32(fdt, node, "cellmate,tsc-khz",
					   &khz) == 0)
		known_tsc_khz = khz;
	if (!known_apic_khz && fdt_prop_u32(fdt, node, "cellmate,apic-khz",
					    &khz) == 0)
		known_apic_khz = khz;
	tsc_hz = (uint64_t)known_tsc_khz * HZ_PER_KHZ;
	apic_hz = (uint64_t)known_apic_khz * HZ_PER_KHZ;
}

/* The reference clock, bound on demand: its node may come later in the
 * tree than ours. */
static const struct x86_refclock *lapic_timer_refclock(const struct fdt *fdt,
						       int node)
{
	uint32_t phandle;
	int ref;

	if (!x86_refclock_get() &&
	    fdt_prop_u32(fdt, node, "cellmate,calibration-clock",
			 &phandle) == 0) {
		ref = fdt_node_by_phandle(fdt, phandle);
		if (ref >= 0)
			driver_bind_node(fdt, ref, DRIVER_TIMER);
	}
	return x86_refclock_get();
}

static int lapic_timer_rates(const struct fdt *fdt, int node, bool deadline)
{
	const struct x86_refclock *ref;
	struct x86_timer_rates m;
	int err;

	lapic_timer_known_rates(fdt, node);
	if (tsc_hz && (deadline || apic_hz)) {
		kprintf("timer: TSC at %llu Hz, LAPIC timer at %llu Hz, as "
			"given\n", (unsigned long long)tsc_hz,
			(unsigned long long)apic_hz);
		return 0;
	}
	ref = lapic_timer_refclock(fdt, node);
	if (!ref) {
		kprintf("timer: no rates given and no calibration clock\n");
		return -E_NODEV;
	}
	err = x86_calibrate(ref, !deadline, &m);
	if (err < 0) {
		kprintf("timer: calibration against %s failed (%s)\n",
			ref->name, kerr_name(err));
		return err;
	}
	if (!tsc_hz)
		tsc_hz = m.tsc_hz;
	if (!apic_hz)
		apic_hz = m.apic_hz;
	kprintf("timer: TSC at %llu Hz, LAPIC timer at %llu Hz, measured "
		"against %s over %llu us\n", (unsigned long long)tsc_hz,
		(unsigned long long)apic_hz, ref->name,
		(unsigned long long)(m.window_ns / 1000));
	return 0;
}

static int lapic_timer_probe(const struct fdt *fdt, int node)
{
	bool deadline = x86_cpu.tsc_deadline;
	int err;

	if (!x86_cpu.tsc)
		return -E_NODEV;
	lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER | LAPIC_LVT_MASKED);
	err = lapic_timer_rates(fdt, node, deadline);
	if (err < 0)
		return err;

	if (deadline) {
		lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER | LAPIC_LVT_MASKED |
					     LAPIC_LVT_TIMER_TSC_DEADLINE);
		/* SDM 10.5.4.1: the LVT write must be globally visible
		 * before the first write to IA32_TSC_DEADLINE. */
		io_barrier();
		lapic_ce = (struct clockevent){ .name = "lapic-tsc-deadline",
						.set_deadline = deadline_set,
						.stop = deadline_stop };
	} else {
		lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_TIMER_DIVIDE_BY_1);
		lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER | LAPIC_LVT_MASKED |
					     LAPIC_LVT_TIMER_ONESHOT);
		lapic_ce = (struct clockevent){ .name = "lapic-oneshot",
						.set_deadline = oneshot_set,
						.stop = oneshot_stop };
	}
	lapic_ce.stop();
	err = irq_attach(X86_VEC_TIMER, lapic_timer_isr, NULL);
	if (err == 0)
		err = irq_enable(X86_VEC_TIMER);
	if (err < 0)
		return err;
	tsc_cs.freq_hz = tsc_hz;
	clock_register_source(&tsc_cs);
	clock_register_event(&lapic_ce);
	return 0;
}

static const char *const lapic_timer_compatible[] = { "intel,ce4100-lapic",
						      NULL };

DRIVER(lapic_timer_driver) = {
	.name = "lapic-timer",
	.class = DRIVER_TIMER,
	.compatible = lapic_timer_compatible,
	.probe = lapic_timer_probe,
};
