/* The x86 calibration window (arch/x86/calibrate_window.c) against fake
 * clocks: a virtual time in picoseconds that every read advances, a
 * 24-bit reference at the ACPI PM timer's rate, a TSC and a LAPIC timer
 * counting down. A stall (an SMI, a preempted vCPU) adds time inside
 * one read: after the reference has latched its value, or before the
 * LAPIC latches its count. Both counters keep counting through it, as
 * they do through an SMI. */
#include <stdbool.h>
#include <stdint.h>

#include "kerr.h"
#include "unit.h"
#include "x86_calibrate.h"

typedef unsigned __int128 u128;

#define PS_PER_S 1000000000000ull
#define NS 1000ull		/* in ps */
#define US 1000000ull
#define MS 1000000000ull

#define REF_HZ 3579545ull
#define REF_MASK 0xffffffu
#define TSC_HZ 2400000000ull
#define APIC_HZ 200000000ull
#define APIC_START 0xffffffffu

#define SMI (100 * US)		/* a typical SMI: tens to hundreds of us */
#define TOLERANCE_PPM 100	/* what an undisturbed window gives */

/* How the reference is read: a chipset's port read (about 1 us, slower
 * than its 279 ns tick) or a fast one (several reads a tick). */
struct setup {
	uint64_t ref_cost;	/* ps; the value latches half way */
	unsigned int jitter_pct;	/* each read's cost varies by +- this */
	uint32_t ref_base;	/* the reference's value at time 0 */
	bool apic;
};

static const struct setup chipset = { 1 * US, 20, 0x123456, true };
static const struct setup fast = { 100 * NS, 20, 0x123456, true };

/* Where the stall goes. */
enum stall_mode {
	STALL_NONE,
	STALL_ONCE,		/* the first reference read returning `value` */
	STALL_EVERY_CHANGE,	/* every read from `value` on that returns a
				 * value the read before did not */
	STALL_AT_TIME,		/* the first reference read at or after `at` */
};

static struct fake {
	const struct setup *s;
	uint64_t now;		/* virtual time, ps */
	uint64_t rng;
	uint32_t last;		/* what the last reference read returned */
	bool stuck;		/* the reference does not count */
	enum stall_mode mode;
	uint32_t value;
	uint64_t at;
	bool before_apic;	/* the stall holds up the next LAPIC read
				 * instead of the rest of the reference read */
	bool apic_pending;
	unsigned int stalls;	/* how many were injected */
} fk;

static uint64_t ticks_at(uint64_t ps, uint64_t hz)
{
	return (uint64_t)((u128)ps * hz / PS_PER_S);
}

static void fake_reset(const struct setup *s)
{
	fk = (struct fake){ .s = s, .rng = 0x9e3779b97f4a7c15ull };
	fk.last = s->ref_base;
}

/* `v` at or after `from`, in the 24-bit counter's modular order. */
static bool ref_reached(uint32_t v, uint32_t from)
{
	return ((v - from) & REF_MASK) < REF_MASK / 2;
}

static bool stall_due(uint32_t v)
{
	switch (fk.mode) {
	case STALL_ONCE:
		return v == fk.value && fk.stalls == 0;
	case STALL_EVERY_CHANGE:
		return v != fk.last && ref_reached(v, fk.value);
	case STALL_AT_TIME:
		return fk.now >= fk.at && fk.stalls == 0;
	default:
		return false;
	}
}

static uint32_t fake_ref_read(void)
{
	unsigned int span = 2 * fk.s->jitter_pct + 1;
	uint64_t cost = fk.s->ref_cost *
			(100 - fk.s->jitter_pct + unit_rand64(&fk.rng) % span) /
			100;
	uint32_t v;

	fk.now += cost / 2;
	v = fk.stuck ? fk.s->ref_base
		     : (uint32_t)(fk.s->ref_base + ticks_at(fk.now, REF_HZ)) &
			       REF_MASK;
	if (stall_due(v)) {
		fk.stalls++;
		if (fk.before_apic)
			fk.apic_pending = true;
		else
			fk.now += SMI;
	}
	fk.now += cost - cost / 2;
	fk.last = v;
	return v;
}

static uint64_t fake_tsc_read(void)
{
	fk.now += 10 * NS;
	return ticks_at(fk.now, TSC_HZ);
}

static uint32_t fake_apic_read(void)
{
	if (fk.apic_pending) {
		fk.apic_pending = false;
		fk.now += SMI;
	}
	fk.now += 50 * NS;
	return APIC_START - (uint32_t)ticks_at(fk.now, APIC_HZ);
}

static const struct x86_refclock ref = {
	.name = "fake-pm-timer",
	.read = fake_ref_read,
	.mask = REF_MASK,
	.freq_hz = REF_HZ,
};

static int measure(const struct setup *s, struct x86_cal_window *w,
		   struct x86_timer_rates *r)
{
	struct x86_cal_clocks clk = {
		.ref = &ref,
		.tsc_read = fake_tsc_read,
		.apic_read = s->apic ? fake_apic_read : NULL,
	};
	int err = x86_calibrate_window(&clk, w);

	return err < 0 ? err : x86_calibrate_rates(&clk, w, r);
}

static int64_t ppm_off(uint64_t got, uint64_t want)
{
	return (int64_t)((((int64_t)got - (int64_t)want) * 1000000) /
			 (int64_t)want);
}

static void expect_rates(const struct setup *s,
			 const struct x86_timer_rates *r, const char *what)
{
	int64_t tsc = ppm_off(r->tsc_hz, TSC_HZ);
	int64_t apic = s->apic ? ppm_off(r->apic_hz, APIC_HZ) : 0;

	EXPECT(tsc >= -TOLERANCE_PPM && tsc <= TOLERANCE_PPM,
	       "%s: the TSC rate within %d ppm of %llu Hz, got %llu Hz "
	       "(%lld ppm)", what, TOLERANCE_PPM,
	       (unsigned long long)TSC_HZ, (unsigned long long)r->tsc_hz,
	       (long long)tsc);
	EXPECT(apic >= -TOLERANCE_PPM && apic <= TOLERANCE_PPM,
	       "%s: the LAPIC rate within %d ppm of %llu Hz, got %llu Hz "
	       "(%lld ppm)", what, TOLERANCE_PPM,
	       (unsigned long long)APIC_HZ, (unsigned long long)r->apic_hz,
	       (long long)apic);
	if (!s->apic)
		EXPECT(r->apic_hz == 0, "%s: no LAPIC rate, got %llu", what,
		       (unsigned long long)r->apic_hz);
	EXPECT(r->window_ns >= 9999 * US / NS && r->window_ns < 11 * MS / NS,
	       "%s: a window of 10 ms, got %llu ns", what,
	       (unsigned long long)r->window_ns);
}

static const struct {
	const char *name;
	const struct setup *s;
} setups[] = {
	{ "chipset reads", &chipset },
	{ "fast reads", &fast },
};

#define EACH_SETUP(i) for (unsigned int i = 0; i < 2; i++)

UNIT_TEST(an_undisturbed_window_gives_the_clock_rates)
{
	EACH_SETUP(i) {
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };

		fake_reset(setups[i].s);
		REQUIRE(measure(setups[i].s, &w, &r) == 0,
			"%s: success", setups[i].name);
		expect_rates(setups[i].s, &r, setups[i].name);
	}
}

UNIT_TEST(without_the_lapic_only_the_tsc_is_measured)
{
	struct setup s = chipset;
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };

	s.apic = false;
	fake_reset(&s);
	REQUIRE(measure(&s, &w, &r) == 0, "success");
	expect_rates(&s, &r, "no LAPIC");
	EXPECT(w.start.apic == 0 && w.end.apic == 0,
	       "no LAPIC counts, got %u and %u", w.start.apic, w.end.apic);
}

/* Both counters run on through a stall: inside the window it only makes
 * the window longer. */
UNIT_TEST(a_stall_inside_the_window_does_not_matter)
{
	EACH_SETUP(i) {
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };

		fake_reset(setups[i].s);
		fk.mode = STALL_AT_TIME;
		fk.at = 5 * MS;
		REQUIRE(measure(setups[i].s, &w, &r) == 0,
			"%s: success", setups[i].name);
		EXPECT(fk.stalls == 1, "%s: one stall, got %u",
		       setups[i].name, fk.stalls);
		expect_rates(setups[i].s, &r, setups[i].name);
	}
}

/* An emulated reference may be slow on every read: that is not a stall,
 * and the same delay at both edges cancels. */
UNIT_TEST(a_reference_that_is_slow_on_every_read_is_not_stalled)
{
	struct setup s = { 15 * US, 2, 0x123456, true };
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };

	fake_reset(&s);
	REQUIRE(measure(&s, &w, &r) == 0, "success");
	expect_rates(&s, &r, "15 us reads");
}

UNIT_TEST(a_reference_that_wraps_inside_the_window_is_counted)
{
	/* 20000 ticks (5.6 ms) before the 24-bit counter wraps */
	struct setup s = chipset;
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };

	s.ref_base = REF_MASK - 20000;
	fake_reset(&s);
	REQUIRE(measure(&s, &w, &r) == 0, "success");
	EXPECT(w.end.ref < w.start.ref, "the window across the wrap, got "
	       "0x%x..0x%x", w.start.ref, w.end.ref);
	expect_rates(&s, &r, "wrapping");
}

UNIT_TEST(a_reference_that_does_not_count_times_out)
{
	struct x86_cal_window w;
	struct x86_timer_rates r;
	int err;

	fake_reset(&fast);
	fk.stuck = true;
	err = measure(&fast, &w, &r);
	EXPECT(err == -E_TIMEOUT, "-E_TIMEOUT, got %d (%s)", err,
	       kerr_name(err));
}

int main(void)
{
	return unit_run_all();
}
