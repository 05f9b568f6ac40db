/* The TSC as the clocksource and the LAPIC timer as the one-shot
 * clockevent, bound to the LAPIC's device-tree node (the LAPIC driver
 * binds the same node as the interrupt controller).
 *
 * With the TSC-deadline timer (CPUID.1:ECX[24]) a deadline in TSC ticks is
 * written as is to IA32_TSC_DEADLINE. Without it the timer runs one-shot
 * at divide-by-1 and a deadline becomes a count, rounded up, using the
 * ratio of the two rates; a count that fires a little early is harmless
 * (the time core re-arms for a deadline not yet reached).
 * Each rate, in this order: the hypervisor layer's platform fact ("tsc,hz",
 * "apic,hz"), the node's `cellmate,tsc-khz` / `cellmate,apic-khz`, or a
 * measurement against the reference clock `cellmate,calibration-clock`
 * names; the boot log says which.
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
#include "platform.h"
#include "timeconv.h"
#include "x86.h"
#include "x86_apic.h"
#include "x86_timer.h"
#include "x86_vectors.h"

#define HZ_PER_KHZ 1000
/* The range the communication region's rates are held to too
 * (hv/jailhouse/platform_x86.c): beyond 10 GHz the time arithmetic
 * (timeconv.h) overflows; below 1 MHz is a unit mistake. */
#define RATE_KHZ_MIN 1000u
#define RATE_KHZ_MAX 10000000u
#define LAPIC_COUNT_MAX 0xffffffffull

static uint64_t tsc_hz, apic_hz;

static struct clocksource tsc_cs = { .name = "tsc" };
static struct clockevent lapic_ce;

static void deadline_set(uint64_t ticks)
{
	/* 0 would disarm: a deadline at 0 has passed anyway. */
	x86_wrmsr(MSR_IA32_TSC_DEADLINE, ticks ? ticks : 1);
}

static void deadline_stop(void)
{
	x86_wrmsr(MSR_IA32_TSC_DEADLINE, 0);
}

/* LAPIC timer ticks per TSC tick in 32.32 fixed point, rounded up, as
 * its integer and fraction words (ratio_int 0 or 1: the APIC timer is no
 * faster than the TSC; ratio_fast false when it is). The count starts
 * when it is written, so the TSC ticks spent between the read the count
 * is computed from and the write would make every expiry late: they are
 * read again and taken off the count. */
static uint32_t ratio_int, ratio_frac;
static bool ratio_fast;
#define FAST_DELTA_MAX (1ull << 31)
/* TSC ticks the longest count spans: a deadline further away gets that
 * count (it fires early and is re-armed) without a 64-bit division,
 * which on i686 costs a wake-up some 200 instructions whenever another
 * timeout lies far ahead; and the division below never overflows. */
static uint64_t slow_delta_max;

static inline uint32_t tsc_to_apic(uint32_t d)
{
	return (uint32_t)(((uint64_t)d * ratio_frac) >> 32) + d * ratio_int;
}

/* The initial-count register in xAPIC mode, 0 in x2APIC mode: the store
 * that starts the count follows the TSC read it was computed from as
 * closely as the code allows, since every instruction between them makes
 * the expiry that much late. */
static uintptr_t initial_count_reg;

static inline void initial_count_write(uint32_t count)
{
	if (initial_count_reg)
		mmio_write32(initial_count_reg, count);
	else
		lapic_write(LAPIC_TIMER_INITIAL, count);
}

/* Within FAST_DELTA_MAX (checked by the caller, a few ticks ago): the
 * 32-bit count by multiplication. */
static __attribute__((noinline)) void oneshot_set_near(uint64_t ticks)
{
	uint32_t now = (uint32_t)x86_rdtsc();
	uint32_t delta = (uint32_t)ticks - now;
	/* Passed since the check: at once (a 32-bit wrap would be 4 s). */
	uint32_t c = (int32_t)delta > 0 ? tsc_to_apic(delta) + 1 : 1;
	uint32_t spent = tsc_to_apic((uint32_t)x86_rdtsc() - now);

	initial_count_write(c > spent ? c - spent : 1);
}

/* A deadline passed, or one between FAST_DELTA_MAX and slow_delta_max
 * (or any, when the rates allow no fast path), or one 2^63 ticks or more
 * ahead, which oneshot_set() cannot tell from a passed one: by division,
 * but the longest count from slow_delta_max on, where the product by a
 * LAPIC rate above the TSC's could wrap in 64 bits. */
static __attribute__((noinline)) void oneshot_set_slow(uint64_t ticks)
{
	uint64_t now = x86_rdtsc(), count;

	if (ticks <= now)
		count = 1;
	else if (ticks - now >= slow_delta_max)
		count = LAPIC_COUNT_MAX;
	else
		count = muldiv64_ceil(ticks - now, apic_hz, tsc_hz) + 1;
	if (count > LAPIC_COUNT_MAX)
		count = LAPIC_COUNT_MAX;
	initial_count_write((uint32_t)count);
}

/* Only the choice of path here, each path a function of its own that
 * takes the deadline as this one does: the far one, taken whenever
 * another timeout lies beyond the 32-bit count of the one that just
 * expired (a thread sleeping for seconds), is then a compare and a store
 * on the way to the woken thread, with none of the others' arithmetic. */
static void oneshot_set(uint64_t ticks)
{
	uint64_t delta = ticks - x86_rdtsc();	/* huge when it passed */
	uint32_t hi = (uint32_t)(delta >> 32);

	if (__builtin_expect(!(hi | (uint32_t)delta >> 31) && ratio_fast, 1))
		oneshot_set_near(ticks);
	/* Ahead (not passed: below 2^63) by slow_delta_max or more. */
	else if (!(hi >> 31) && delta >= slow_delta_max)
		initial_count_write(LAPIC_COUNT_MAX); /* re-armed */
	else
		oneshot_set_slow(ticks);
}

static void oneshot_stop(void)
{
	initial_count_write(0);
}

static void lapic_timer_isr(void *arg)
{
	(void)arg;
	clock_event_fire();
}

/* Where a rate came from, for the boot log. */
enum rate_source { RATE_UNKNOWN, RATE_HV, RATE_FDT, RATE_MEASURED };

static const char *const rate_source_names[] = {
	[RATE_HV] = "from the hypervisor",
	[RATE_FDT] = "from the device tree",
};

/* A rate known without measuring: the hypervisor layer's platform fact
 * (platform.h, range checked there) first, then the LAPIC node's
 * property (in kHz), refused with -E_RANGE outside RATE_KHZ_MIN..MAX. */
static int rate_known(const struct fdt *fdt, int node, const char *fact,
		      const char *prop, uint64_t *hz)
{
	uint64_t v;
	uint32_t khz;

	if (platform_get(fact, &v) && v) {
		*hz = v;
		return RATE_HV;
	}
	/* 0 too: a rate of nothing is a mistake, not "measure it" (that is
	 * what leaving the property out says). */
	if (fdt_prop_u32(fdt, node, prop, &khz) == 0) {
		if (khz < RATE_KHZ_MIN || khz > RATE_KHZ_MAX) {
			kprintf("timer: %s %u kHz is not 1 MHz..10 GHz\n",
				prop, (unsigned int)khz);
			return -E_RANGE;
		}
		*hz = (uint64_t)khz * HZ_PER_KHZ;
		return RATE_FDT;
	}
	return RATE_UNKNOWN;
}

static void rate_print(const char *what, uint64_t hz, enum rate_source src,
		       const struct x86_refclock *ref,
		       const struct x86_timer_rates *m)
{
	if (src == RATE_MEASURED)
		kprintf("timer: %s at %llu Hz, measured against %s over %llu "
			"us\n", what, (unsigned long long)hz, ref->name,
			(unsigned long long)(m->window_ns / 1000));
	else
		kprintf("timer: %s at %llu Hz, %s\n", what,
			(unsigned long long)hz, rate_source_names[src]);
}

/* Why a calibration failed, in words (x86_timer.h). */
static const char *calibrate_failure(int err)
{
	switch (err) {
	case -E_AGAIN:
		return "every window tried was stalled, at every try at an "
		       "end or for as long as the LAPIC count lasts (SMIs, "
		       "or a hypervisor holding the CPU)";
	case -E_TIMEOUT:
		return "the reference clock does not count on";
	case -E_INVAL:
		return "a reading of the reference clock jumped ahead";
	case -E_RANGE:
		return "a counter did not count, or the reference cannot span "
		       "the window";
	default:
		return "unexpected error";
	}
}

/* The reference clock, bound on demand: its node may come later in the
 * tree than ours. */
static const struct x86_refclock *lapic_timer_refclock(const struct fdt *fdt,
						       int node)
{
	uint32_t phandle;

	if (!x86_refclock_get() &&
	    fdt_prop_u32(fdt, node, "cellmate,calibration-clock",
			 &phandle) == 0) {
		int ref = fdt_node_by_phandle(fdt, phandle);

		if (ref >= 0)
			driver_bind_node(fdt, ref, DRIVER_TIMER);
	}
	return x86_refclock_get();
}

/* The TSC's rate and, without the TSC-deadline timer, the LAPIC timer's:
 * known (rate_known) or else measured, each rate on its own. */
static int lapic_timer_rates(const struct fdt *fdt, int node, bool deadline)
{
	const struct x86_refclock *ref = NULL;
	struct x86_timer_rates m = { 0 };
	int tsc_src, apic_src = RATE_UNKNOWN;
	uint64_t product;

	tsc_src = rate_known(fdt, node, "tsc,hz", "cellmate,tsc-khz", &tsc_hz);
	if (tsc_src < 0)
		return tsc_src;
	if (!deadline) {
		apic_src = rate_known(fdt, node, "apic,hz",
				      "cellmate,apic-khz", &apic_hz);
		if (apic_src < 0)
			return apic_src;
	}
	if (tsc_src == RATE_UNKNOWN ||
	    (!deadline && apic_src == RATE_UNKNOWN)) {
		ref = lapic_timer_refclock(fdt, node);
		if (!ref) {
			kprintf("timer: no rates given and no calibration "
				"clock\n");
			return -E_NODEV;
		}
		int err = x86_calibrate(ref, &m);

		if (err < 0) {
			kprintf("timer: calibration against %s failed: %s "
				"(%s)\n", ref->name, calibrate_failure(err),
				kerr_name(err));
			return err;
		}
		if (m.retakes)
			kprintf("timer: calibration set aside %u end "
				"sample(s) stalled by an SMI or the "
				"hypervisor\n", m.retakes);
		if (m.runouts)
			kprintf("timer: calibration took its window again "
				"%u time(s): the LAPIC count ran out in a "
				"stall of seconds (an emulator or hypervisor "
				"holding the CPU)\n", m.runouts);
		if (tsc_src == RATE_UNKNOWN) {
			tsc_hz = m.tsc_hz;
			tsc_src = RATE_MEASURED;
		}
		if (!deadline && apic_src == RATE_UNKNOWN) {
			apic_hz = m.apic_hz;
			apic_src = RATE_MEASURED;
		}
	}
	rate_print("TSC", tsc_hz, (enum rate_source)tsc_src, ref, &m);
	if (!deadline)
		rate_print("LAPIC timer", apic_hz,
			   (enum rate_source)apic_src, ref, &m);
	/* Counts and TSC ticks convert into each other exactly only while
	 * the rates' product fits in 64 bits (timeconv.h): each within
	 * range, two fast ones together may not. */
	if (!deadline && __builtin_mul_overflow(tsc_hz, apic_hz, &product)) {
		kprintf("timer: a TSC at %llu Hz and a LAPIC timer at %llu Hz "
			"are too fast together to convert between\n",
			(unsigned long long)tsc_hz, (unsigned long long)apic_hz);
		return -E_RANGE;
	}
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
		/* SDM 10.5.4.1: the (xAPIC: MMIO) LVT write must be
		 * ordered before the first WRMSR to IA32_TSC_DEADLINE, and
		 * MFENCE is what the SDM names for it (every CPU with the
		 * deadline timer has SSE2). */
		__asm__ volatile("mfence" ::: "memory");
		lapic_ce = (struct clockevent){ .name = "lapic-tsc-deadline",
						.set_deadline = deadline_set,
						.stop = deadline_stop };
	} else {
		/* A ratio below 2: an integer word of 0 or 1. */
		if (apic_hz < 2 * tsc_hz) {
			uint64_t q32 = muldiv64_ceil(1ull << 32, apic_hz,
						     tsc_hz);

			ratio_int = (uint32_t)(q32 >> 32);
			ratio_frac = (uint32_t)q32;
			ratio_fast = true;
		}
		slow_delta_max = muldiv64_floor(LAPIC_COUNT_MAX, tsc_hz, apic_hz);
		initial_count_reg = lapic_mmio_reg(LAPIC_TIMER_INITIAL);
		lapic_write(LAPIC_TIMER_DIVIDE, LAPIC_TIMER_DIVIDE_BY_1);
		lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER | LAPIC_LVT_MASKED |
					     LAPIC_LVT_TIMER_ONESHOT);
		lapic_ce = (struct clockevent){ .name = "lapic-oneshot",
						.set_deadline = oneshot_set,
						.stop = oneshot_stop };
	}
	lapic_ce.stop();
	lapic_ce.irq = X86_VEC_TIMER;
	err = irq_attach(X86_VEC_TIMER, lapic_timer_isr, NULL);
	if (err == 0)
		err = irq_enable(X86_VEC_TIMER);
	if (err < 0)
		return err;
	tsc_cs.freq_hz = tsc_hz;
	clock_register_source(&tsc_cs);
	clock_register_event(&lapic_ce);
	/* The idle thread halts, and it is the only clockevent. */
	if (!x86_cpu.arat)
		kprintf("timer: the CPU does not promise that its LAPIC timer "
			"runs in deep C-states (CPUID.06H:EAX[2], ARAT): an "
			"idle CPU may miss its timer unless the firmware keeps "
			"it out of them (e.g. C1E off)\n");
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
