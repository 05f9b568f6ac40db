/* The x86 LAPIC timer driver (arch/x86/lapic_timer.c) over a fake TSC, a
 * LAPIC register file and stand-in rates: the count each one-shot path
 * writes for a deadline (near, slow, far, passed), the TSC-deadline
 * timer's MSR writes, and where the probe takes its rates from. The
 * in-guest tests see only wake-up times, which the time core keeps right
 * (it re-arms a timer that fired early) even when a count is wrong. The
 * driver's source is included for its statics. */
#include <string.h>

/* The TSC and the MSRs are the fakes below, not the CPU's. */
#include "x86.h"
static uint64_t tsc_read(void);
static void msr_write(uint32_t msr, uint64_t v);
#define x86_rdtsc tsc_read
#define x86_wrmsr msr_write

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../arch/x86/lapic_timer.c"

#include "unit.h"

#define BASE 0xfee00000u

/* --- The TSC: each read returns it, then moves it on by tsc_step ------- */

static uint64_t tsc, tsc_step;

static uint64_t tsc_read(void)
{
	uint64_t v = tsc;

	tsc += tsc_step;
	return v;
}

/* --- The LAPIC: its register file, in xAPIC (MMIO) or x2APIC mode ------ */

static uint32_t regs[0x400 / 4];
static bool xapic;
static uint64_t tsc_deadline;	/* IA32_TSC_DEADLINE */
static unsigned int deadline_writes;

static void msr_write(uint32_t msr, uint64_t v)
{
	if (msr == MSR_IA32_TSC_DEADLINE) {
		tsc_deadline = v;
		deadline_writes++;
	}
}

void lapic_write(unsigned int reg, uint32_t v)
{
	regs[reg / 4] = v;
}

uintptr_t lapic_mmio_reg(unsigned int reg)
{
	return xapic ? BASE + reg : 0;
}

uint32_t host_mmio_read32(uintptr_t addr)
{
	return regs[(addr - BASE) / 4];
}

void host_mmio_write32(uintptr_t addr, uint32_t v)
{
	regs[(addr - BASE) / 4] = v;
}

/* --- The rest of the kernel ------------------------------------------- */

struct x86_features x86_cpu;

/* The rates on offer: platform facts, the node's properties (0: absent),
 * a calibration's result. */
static uint64_t fact_tsc_hz, fact_apic_hz;
static bool fact_tsc, fact_apic;
static uint32_t prop_tsc_khz, prop_apic_khz;
static bool prop_tsc, prop_apic;
static const struct x86_refclock refclock = { .name = "ref",
					      .freq_hz = 3579545 };
static bool have_ref;
static struct x86_timer_rates measured;
static int calibrate_err;
static unsigned int calibrations;
static uint32_t lvt_at_calibration;
static const struct clocksource *source;
static const struct clockevent *event;
static int irq_err;

bool platform_get(const char *name, uint64_t *value)
{
	if (!strcmp(name, "tsc,hz") && fact_tsc) {
		*value = fact_tsc_hz;
		return true;
	}
	if (!strcmp(name, "apic,hz") && fact_apic) {
		*value = fact_apic_hz;
		return true;
	}
	return false;
}

int fdt_prop_u32(const struct fdt *fdt, int node, const char *name,
		 uint32_t *out)
{
	(void)fdt, (void)node;
	if (!strcmp(name, "cellmate,tsc-khz") && prop_tsc) {
		*out = prop_tsc_khz;
		return 0;
	}
	if (!strcmp(name, "cellmate,apic-khz") && prop_apic) {
		*out = prop_apic_khz;
		return 0;
	}
	return -E_NOENT;
}

int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle)
{
	(void)fdt, (void)phandle;
	return -E_NOENT;
}

int driver_bind_node(const struct fdt *fdt, int node, enum driver_class class)
{
	(void)fdt, (void)node, (void)class;
	return 0;
}

const struct x86_refclock *x86_refclock_get(void)
{
	return have_ref ? &refclock : NULL;
}

int x86_calibrate(const struct x86_refclock *r, struct x86_timer_rates *out)
{
	(void)r;
	calibrations++;
	lvt_at_calibration = regs[LAPIC_LVT_TIMER / 4];
	if (calibrate_err)
		return calibrate_err;
	*out = measured;
	return 0;
}

int irq_attach(unsigned int irq, irq_handler_t fn, void *arg)
{
	(void)irq, (void)fn, (void)arg;
	return 0;
}

int irq_enable(unsigned int irq)
{
	(void)irq;
	return irq_err;
}

void clock_register_source(const struct clocksource *cs)
{
	source = cs;
}

void clock_register_event(const struct clockevent *ce)
{
	event = ce;
}

void clock_event_fire(void)
{
}

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

uint64_t unit_counter_read(void)
{
	return tsc;
}

/* --- Set-up ------------------------------------------------------------- */

static void reset(void)
{
	memset(regs, 0xa5, sizeof(regs));
	tsc = 1000000;
	tsc_step = 0;
	xapic = false;
	tsc_deadline = 0x5a5a;
	deadline_writes = 0;
	x86_cpu = (struct x86_features){ .tsc = true, .arat = true };
	fact_tsc = fact_apic = prop_tsc = prop_apic = false;
	have_ref = false;
	measured = (struct x86_timer_rates){ 0 };
	calibrate_err = 0;
	calibrations = 0;
	source = NULL;
	event = NULL;
	irq_err = 0;
	/* The driver's own state, as a fresh boot has it. */
	tsc_hz = apic_hz = 0;
	ratio_int = ratio_frac = 0;
	ratio_fast = false;
	slow_delta_max = 0;
	initial_count_reg = 0;
}

/* Probes the one-shot timer (no TSC-deadline timer) at these rates, in
 * kHz, given as the node's properties. */
static int probe_oneshot(uint32_t tsc_khz, uint32_t apic_khz)
{
	reset();
	prop_tsc = prop_apic = true;
	prop_tsc_khz = tsc_khz;
	prop_apic_khz = apic_khz;
	return lapic_timer_probe(NULL, 0);
}

static uint32_t initial_count(void)
{
	return regs[LAPIC_TIMER_INITIAL / 4];
}

/* The count written for a deadline `delta` TSC ticks from now, the count
 * register first set to a value no path writes. */
static uint32_t count_for(uint64_t delta)
{
	regs[LAPIC_TIMER_INITIAL / 4] = 0xdeadbeef;
	event->set_deadline(tsc + delta);
	return initial_count();
}

/* The LAPIC ticks `delta` TSC ticks take, rounded up. */
static uint64_t apic_ticks(uint64_t delta)
{
	return muldiv64_ceil(delta, apic_hz, tsc_hz);
}

/* Each of the `n` deadlines counts its LAPIC ticks rounded up, plus one
 * (the slow path's count, exact below the longest count). */
static void expect_exact_counts(const uint64_t *deltas, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint64_t want = apic_ticks(deltas[i]) + 1;
		uint32_t got = count_for(deltas[i]);

		EXPECT(got == want, "a deadline %llu TSC ticks ahead counts "
		       "%llu, got %u", (unsigned long long)deltas[i],
		       (unsigned long long)want, got);
	}
}

/* --- The one-shot timer: what each path counts ------------------------- */

UNIT_TEST(a_near_count_spans_the_deadline_by_at_most_one_lapic_tick_more)
{
	/* The LAPIC timer slower than the TSC (ratio 5/12), as fast (1), and
	 * faster (3/2): the fraction word alone, then the integer word too.
	 * The count spans at least the deadline's TSC ticks (it never fires
	 * early) and is at most one past their LAPIC ticks rounded up.
	 * 1000000001 ticks at 5/12 are 416666667.083 LAPIC ticks: a ratio
	 * word rounded down would lose more than that .083. */
	static const uint32_t rates[][2] = { { 2400000, 1000000 },
					     { 2000000, 2000000 },
					     { 2000000, 3000000 } };
	static const uint64_t deltas[] = { 1, 2, 3, 7, 2400, 123457,
					   1000000001, (1ull << 31) - 1 };

	for (unsigned int r = 0; r < 3; r++) {
		REQUIRE(probe_oneshot(rates[r][0], rates[r][1]) == 0,
			"the probe at %u/%u kHz", rates[r][0], rates[r][1]);
		for (unsigned int i = 0; i < sizeof(deltas) / sizeof(deltas[0]);
		     i++) {
			uint64_t least = apic_ticks(deltas[i]);
			uint32_t got = count_for(deltas[i]);

			EXPECT(got >= least && got <= least + 1,
			       "TSC %u kHz, LAPIC %u kHz: a deadline %llu TSC "
			       "ticks ahead counts %llu or %llu, got %u",
			       rates[r][0], rates[r][1],
			       (unsigned long long)deltas[i],
			       (unsigned long long)least,
			       (unsigned long long)least + 1, got);
		}
	}
}

UNIT_TEST(a_near_count_takes_off_the_ticks_spent_computing_it)
{
	/* 1000 TSC ticks between reads: the count is written 1000 ticks
	 * after the read it was computed from, so it is that much shorter
	 * and still fires no earlier than the deadline. */
	REQUIRE(probe_oneshot(2400000, 1000000) == 0, "the probe");
	tsc_step = 1000;
	uint64_t start = tsc, deadline = start + 1000000;

	regs[LAPIC_TIMER_INITIAL / 4] = 0;
	event->set_deadline(deadline);
	/* Three reads, the path's choice and the near path's two: the
	 * count is written after the third. */
	uint64_t written = start + 2 * tsc_step;
	uint64_t fires = written + muldiv64_ceil(initial_count(), tsc_hz,
						 apic_hz);

	EXPECT(fires >= deadline &&
	       fires - deadline <= muldiv64_ceil(3, tsc_hz, apic_hz),
	       "the count written at TSC %llu, %u, fires at %llu: at the "
	       "deadline %llu or up to 3 LAPIC ticks after",
	       (unsigned long long)written, initial_count(),
	       (unsigned long long)fires, (unsigned long long)deadline);
}

UNIT_TEST(a_near_count_no_larger_than_the_ticks_spent_still_fires)
{
	/* The count equal to the ticks spent (and below): 1, the soonest
	 * count, not 0, which would stop the timer for good. */
	REQUIRE(probe_oneshot(2000000, 2000000) == 0, "the probe");
	for (uint64_t step = 3; step <= 6; step++) {
		tsc_step = step;
		regs[LAPIC_TIMER_INITIAL / 4] = 0;
		/* At the near path's first read the deadline is step - 1
		 * ahead: c = step, spent = step. */
		event->set_deadline(tsc + 2 * step - 1);
		EXPECT(initial_count() == 1, "%llu ticks spent on a count of "
		       "%llu: a count of 1, got %u", (unsigned long long)step,
		       (unsigned long long)step, initial_count());
	}
}

UNIT_TEST(a_passed_deadline_counts_1_on_every_path)
{
	/* 0 would stop the timer: the soonest count is 1. Near: passed
	 * between the path's choice and the near path's read; slow: with
	 * the LAPIC timer at twice the TSC's rate or more (no near path);
	 * and long passed, which no path may take for a far deadline. */
	REQUIRE(probe_oneshot(2000000, 2000000) == 0, "the probe");
	tsc_step = 10;
	EXPECT(count_for(5) == 1, "passed since the check (near): 1, got %u",
	       initial_count());
	EXPECT(count_for(-(uint64_t)1000000) == 1, "passed long ago: 1, "
	       "got %u", initial_count());
	REQUIRE(probe_oneshot(1000000, 2500000) == 0, "the probe");
	tsc_step = 10;
	EXPECT(count_for(5) == 1, "passed since the check (slow): 1, got %u",
	       initial_count());
	EXPECT(count_for(-(uint64_t)1000000) == 1, "passed long ago (slow): "
	       "1, got %u", initial_count());
}

UNIT_TEST(a_lapic_timer_twice_as_fast_as_the_tsc_counts_by_division)
{
	/* No near path (its ratio word would not fit): every count by the
	 * slow path, its LAPIC ticks rounded up plus one. */
	static const uint64_t deltas[] = { 1, 3, 1000, 123457, 1ull << 30,
					   1717986917 };

	REQUIRE(probe_oneshot(1000000, 2500000) == 0, "the probe");
	EXPECT(!ratio_fast, "no near path at a ratio of 2.5");
	expect_exact_counts(deltas, sizeof(deltas) / sizeof(deltas[0]));
}

UNIT_TEST(a_deadline_past_2_to_the_31_counts_exactly_up_to_the_longest_count)
{
	/* TSC 2.4 GHz, LAPIC 1 GHz: the longest count spans 10307921508 TSC
	 * ticks (slow_delta_max). Below it the count is exact; one tick
	 * below, rounded up plus one, it is one past the longest count and
	 * is held to it (as a 32-bit count it would be 0: stopped). */
	REQUIRE(probe_oneshot(2400000, 1000000) == 0, "the probe");
	EXPECT(slow_delta_max == 10307921508ull, "the longest count spans "
	       "10307921508 TSC ticks, got %llu",
	       (unsigned long long)slow_delta_max);
	static const uint64_t deltas[] = { 1ull << 31, (1ull << 32) + 5,
					   7000000000ull, 10307921500ull };

	expect_exact_counts(deltas, sizeof(deltas) / sizeof(deltas[0]));
	EXPECT(count_for(slow_delta_max - 1) == LAPIC_COUNT_MAX,
	       "one tick short of the longest count's span: the longest "
	       "count, got %u", initial_count());
}

UNIT_TEST(a_deadline_beyond_the_longest_count_gets_that_count)
{
	/* It fires early and the time core re-arms it; 2^62 is far ahead,
	 * not passed. */
	static const uint64_t deltas[] = { 10307921508ull, 10307921509ull,
					   1ull << 40, 1ull << 62 };

	REQUIRE(probe_oneshot(2400000, 1000000) == 0, "the probe");
	for (unsigned int i = 0; i < sizeof(deltas) / sizeof(deltas[0]); i++)
		EXPECT(count_for(deltas[i]) == LAPIC_COUNT_MAX,
		       "a deadline %llu TSC ticks ahead: the longest count, "
		       "got %u", (unsigned long long)deltas[i],
		       initial_count());
}

/* A deadline that never comes (UINT64_MAX, where the time core saturates
 * a time slice's end or a sleep's length) lies 2^63 ticks or more ahead
 * and takes the slow path: it gets the longest count too, not whatever
 * its product by a LAPIC rate above the TSC's leaves in 64 bits. With the
 * LAPIC at twice the TSC's rate and the TSC at 2^63 - 2^30 the product
 * wraps to 2^31 - 2: a count of about 1 s instead of the longest. */
UNIT_TEST(a_deadline_that_never_comes_gets_the_longest_count)
{
	static const uint64_t tscs[] = { 1000000, 1ull << 62,
					 (1ull << 63) - (1ull << 30) };

	REQUIRE(probe_oneshot(1000000, 2000000) == 0, "the probe");
	for (unsigned int i = 0; i < sizeof(tscs) / sizeof(tscs[0]); i++) {
		tsc = tscs[i];
		regs[LAPIC_TIMER_INITIAL / 4] = 0xdeadbeef;
		event->set_deadline(UINT64_MAX);
		EXPECT(initial_count() == LAPIC_COUNT_MAX, "TSC at %llu, "
		       "deadline UINT64_MAX: the longest count, got %u",
		       (unsigned long long)tscs[i], initial_count());
	}
}

UNIT_TEST(the_oneshot_timer_counts_at_divide_by_1_and_stops_with_a_count_of_0)
{
	REQUIRE(probe_oneshot(2400000, 1000000) == 0, "the probe");
	EXPECT(regs[LAPIC_TIMER_DIVIDE / 4] == LAPIC_TIMER_DIVIDE_BY_1,
	       "divide-by-1 (0x%x), got 0x%x", LAPIC_TIMER_DIVIDE_BY_1,
	       regs[LAPIC_TIMER_DIVIDE / 4]);
	EXPECT(regs[LAPIC_LVT_TIMER / 4] ==
	       (X86_VEC_TIMER | LAPIC_LVT_MASKED | LAPIC_LVT_TIMER_ONESHOT),
	       "LVT timer: vector 0x%x, masked, one-shot; got 0x%x",
	       X86_VEC_TIMER, regs[LAPIC_LVT_TIMER / 4]);
	EXPECT(initial_count() == 0, "the probe leaves the timer stopped "
	       "(count 0), got %u", initial_count());
	(void)count_for(1000);
	event->stop();
	EXPECT(initial_count() == 0, "stop() writes a count of 0, got %u",
	       initial_count());
}

/* --- The TSC-deadline timer -------------------------------------------- */

UNIT_TEST(the_tsc_deadline_timer_takes_the_deadline_as_is_and_0_to_stop)
{
	reset();
	x86_cpu.tsc_deadline = true;
	prop_tsc = true;
	prop_tsc_khz = 2400000;
	REQUIRE(lapic_timer_probe(NULL, 0) == 0, "the probe");
	EXPECT(regs[LAPIC_LVT_TIMER / 4] ==
	       (X86_VEC_TIMER | LAPIC_LVT_MASKED |
		LAPIC_LVT_TIMER_TSC_DEADLINE),
	       "LVT timer: vector 0x%x, masked, TSC-deadline; got 0x%x",
	       X86_VEC_TIMER, regs[LAPIC_LVT_TIMER / 4]);
	EXPECT(deadline_writes == 1 && tsc_deadline == 0, "the probe leaves "
	       "it stopped (one write of 0), got %u writes, last %llu",
	       deadline_writes, (unsigned long long)tsc_deadline);
	event->set_deadline(123456789);
	EXPECT(tsc_deadline == 123456789, "deadline 123456789, got %llu",
	       (unsigned long long)tsc_deadline);
	/* 0 would stop it: a deadline of 0 has passed, so 1. */
	event->set_deadline(0);
	EXPECT(tsc_deadline == 1, "deadline 0 as 1, got %llu",
	       (unsigned long long)tsc_deadline);
	event->stop();
	EXPECT(tsc_deadline == 0, "stop() writes 0, got %llu",
	       (unsigned long long)tsc_deadline);
}

/* --- The probe: where the rates come from ------------------------------ */

UNIT_TEST(a_rate_property_of_1_mhz_or_10_ghz_is_taken_in_khz)
{
	EXPECT(probe_oneshot(1000, 10000000) == 0, "1 MHz and 10 GHz are "
	       "in range");
	EXPECT(tsc_hz == 1000000 && apic_hz == 10000000000ull,
	       "1000 kHz is 1000000 Hz and 10000000 kHz 10 GHz, got %llu and "
	       "%llu", (unsigned long long)tsc_hz,
	       (unsigned long long)apic_hz);
	EXPECT(source && source->freq_hz == 1000000, "the TSC registered at "
	       "1000000 Hz, got %llu",
	       source ? (unsigned long long)source->freq_hz : 0ull);
	EXPECT(probe_oneshot(999, 1000000) == -E_RANGE, "999 kHz refused");
	EXPECT(probe_oneshot(1000000, 10000001) == -E_RANGE,
	       "10000001 kHz refused");
}

UNIT_TEST(a_platform_rate_comes_before_the_property_and_0_is_no_rate)
{
	reset();
	fact_tsc = fact_apic = true;
	fact_tsc_hz = 2000000000;
	fact_apic_hz = 0;	/* none given: the property's */
	prop_tsc = prop_apic = true;
	prop_tsc_khz = 3000000;
	prop_apic_khz = 1000000;
	REQUIRE(lapic_timer_probe(NULL, 0) == 0, "the probe");
	EXPECT(tsc_hz == 2000000000 && apic_hz == 1000000000,
	       "TSC 2000000000 Hz from the platform, LAPIC 1000000000 Hz "
	       "from the node; got %llu and %llu",
	       (unsigned long long)tsc_hz, (unsigned long long)apic_hz);
}

UNIT_TEST(a_rate_not_given_is_measured_with_the_lapic_timer_masked)
{
	/* The TSC's rate given, the LAPIC timer's not: measured. */
	reset();
	/* Unmasked, as firmware may have left it. */
	regs[LAPIC_LVT_TIMER / 4] = X86_VEC_TIMER;
	prop_tsc = true;
	prop_tsc_khz = 3000000;
	have_ref = true;
	measured = (struct x86_timer_rates){ .tsc_hz = 2999999000,
					     .apic_hz = 1000000123 };
	REQUIRE(lapic_timer_probe(NULL, 0) == 0, "the probe");
	EXPECT(calibrations == 1, "one calibration, got %u", calibrations);
	EXPECT(lvt_at_calibration & LAPIC_LVT_MASKED, "the LAPIC timer "
	       "masked while measured, LVT 0x%x", lvt_at_calibration);
	EXPECT(tsc_hz == 3000000000ull && apic_hz == 1000000123,
	       "TSC 3000000000 Hz given, LAPIC 1000000123 Hz measured; got "
	       "%llu and %llu", (unsigned long long)tsc_hz,
	       (unsigned long long)apic_hz);
	/* Neither given: both measured. */
	reset();
	have_ref = true;
	measured = (struct x86_timer_rates){ .tsc_hz = 2999999000,
					     .apic_hz = 1000000123 };
	REQUIRE(lapic_timer_probe(NULL, 0) == 0, "the probe");
	EXPECT(tsc_hz == 2999999000ull && apic_hz == 1000000123,
	       "both measured; got %llu and %llu",
	       (unsigned long long)tsc_hz, (unsigned long long)apic_hz);
	/* A failed measurement fails the probe. */
	reset();
	have_ref = true;
	calibrate_err = -E_TIMEOUT;
	EXPECT(lapic_timer_probe(NULL, 0) == -E_TIMEOUT, "E_TIMEOUT passed on");
	EXPECT(event == NULL, "and no clockevent registered");
}

UNIT_TEST(a_probe_without_a_tsc_or_its_interrupt_fails)
{
	reset();
	prop_tsc = prop_apic = true;
	prop_tsc_khz = prop_apic_khz = 1000000;
	irq_err = -E_BUSY;
	EXPECT(lapic_timer_probe(NULL, 0) == -E_BUSY, "E_BUSY passed on");
	EXPECT(event == NULL && source == NULL, "nothing registered");
	reset();
	prop_tsc = prop_apic = true;
	prop_tsc_khz = prop_apic_khz = 1000000;
	x86_cpu.tsc = false;
	EXPECT(lapic_timer_probe(NULL, 0) == -E_NODEV, "no TSC: E_NODEV");
	EXPECT(event == NULL, "and no clockevent registered");
}

int main(void)
{
	return unit_run_all();
}
