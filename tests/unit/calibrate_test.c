/* The x86 calibration window (arch/x86/calibrate_window.c) against fake
 * clocks: a virtual time in picoseconds that every read advances, a
 * 24-bit reference at the ACPI PM timer's rate, a TSC and a LAPIC timer
 * counting down. A stall (an SMI, a preempted vCPU) adds time inside
 * one read: after the reference has latched its value, or before the
 * LAPIC latches its count. Every counter keeps counting through it, as
 * through an SMI; the LAPIC count, started at its maximum before each
 * window, stops at 0 as a one-shot LAPIC timer does.
 *
 * A stall at an edge goes on the read an undisturbed run used for that
 * edge: the fake is deterministic, so a second run is the same read for
 * read up to there. Which read that was is found from the counters the
 * window kept (the reference read just before the TSC read that gave the
 * edge's TSC value; the LAPIC read that gave its count), whatever order
 * the code reads them in. */
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
#define BURST_READS 200	/* about 20 ms of stalls: past 8 tries */
#define TSC_READ_COST (10 * NS)
#define APIC_READ_COST (50 * NS)





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
	STALL_REF,		/* reference read number `read`, once */
	STALL_REF_FROM,		/* every reference read from number `read`
				 * on, 50..150 us each (a storm) */
	STALL_REF_SPAN,		/* the same for `count` reads (a burst) */
	STALL_APIC,		/* LAPIC read number `read`, once */
	STALL_AT_TIME,		/* the first reference read at or after `at` */
};

/* What each TSC and LAPIC read returned, and how many reference reads
 * came before it. */
#define LOG_MAX 4096
struct read_log {
	uint64_t value;
	unsigned int refs;
};

static struct fake {
	const struct setup *s;
	uint64_t now;		/* virtual time, ps */
	uint64_t rng;
	bool stuck;		/* the reference does not count */
	unsigned int flip_from;	/* from this read on, it alternates
				 * between two values (0: never) */
	uint32_t flip_base;
	unsigned int freeze_from;	/* from this read on, for freeze_reads
					 * reads, it stays at that read's value
					 * (0: never) */
	unsigned int freeze_reads;
	uint32_t freeze_base;
	bool high_noise;	/* random bits above REF_MASK in each read */
	uint64_t ref_hz;	/* the reference's rate (0: REF_HZ) */
	unsigned int jump_at;	/* this read is `jump` ticks off (0: none) */
	uint32_t jump;
	enum stall_mode mode;
	unsigned int read, count;
	uint64_t at;
	uint64_t stall;		/* ps a STALL_REF stall lasts (0: SMI) */
	unsigned int stalls;	/* how many were injected */
	unsigned int refs, apics;	/* reads so far */
	uint64_t apic_hz;	/* the LAPIC's rate (0: APIC_HZ) */
	uint64_t apic_t0;	/* when its count was last started, ps */
	unsigned int apic_starts;
	unsigned int tscs_logged, apics_logged;
	struct read_log tsc_log[LOG_MAX], apic_log[LOG_MAX];
} fk;

static uint64_t ticks_at(uint64_t ps, uint64_t hz)
{
	return (uint64_t)((u128)ps * hz / PS_PER_S);
}

static uint64_t fake_ref_hz(void)
{
	return fk.ref_hz ? fk.ref_hz : REF_HZ;
}

static void fake_reset(const struct setup *s)
{
	fk = (struct fake){ .s = s, .rng = 0x9e3779b97f4a7c15ull };
}

static uint64_t jitter(uint64_t cost, unsigned int pct)
{
	return cost * (100 - pct + unit_rand64(&fk.rng) % (2 * pct + 1)) / 100;
}

static bool ref_stall_due(void)
{
	switch (fk.mode) {
	case STALL_REF:
		return fk.refs == fk.read;
	case STALL_REF_FROM:
		return fk.refs >= fk.read;
	case STALL_REF_SPAN:
		return fk.refs >= fk.read && fk.refs < fk.read + fk.count;
	case STALL_AT_TIME:
		return fk.now >= fk.at && fk.stalls == 0;
	default:
		return false;
	}
}

static void log_read(struct read_log *log, unsigned int *n, uint64_t v)
{
	if (*n < LOG_MAX)
		log[*n] = (struct read_log){ v, fk.refs };
	++*n;
}

/* Which read of the log returned `v` (0: none). */
static unsigned int log_find(const struct read_log *log, unsigned int n,
			     uint64_t v)
{
	for (unsigned int i = 0; i < n && i < LOG_MAX; i++)
		if (log[i].value == v)
			return i + 1;
	return 0;
}

static uint32_t fake_ref_read(void)
{
	uint64_t cost = jitter(fk.s->ref_cost, fk.s->jitter_pct);
	uint32_t v;

	fk.refs++;
	fk.now += cost / 2;
	v = fk.stuck ? fk.s->ref_base
		     : (uint32_t)(fk.s->ref_base +
				  ticks_at(fk.now, fake_ref_hz())) & REF_MASK;
	if (fk.flip_from && fk.refs == fk.flip_from)
		fk.flip_base = v;
	if (fk.flip_from && fk.refs >= fk.flip_from)
		v = (fk.flip_base + (fk.refs & 1)) & REF_MASK;
	if (fk.freeze_from && fk.refs == fk.freeze_from)
		fk.freeze_base = v;
	if (fk.freeze_from && fk.refs >= fk.freeze_from &&
	    fk.refs - fk.freeze_from < fk.freeze_reads)
		v = fk.freeze_base;
	if (fk.jump_at && fk.refs == fk.jump_at)
		v = (v + fk.jump) & REF_MASK;
	if (fk.high_noise)
		v |= (uint32_t)unit_rand64(&fk.rng) & ~REF_MASK;
	if (ref_stall_due()) {
		fk.stalls++;
		fk.now += fk.mode == STALL_REF_FROM || fk.mode == STALL_REF_SPAN
				  ? jitter(SMI, 50)
				  : fk.stall ? fk.stall : SMI;
	}
	fk.now += cost - cost / 2;
	return v;
}

static uint64_t fake_apic_hz(void)
{
	return fk.apic_hz ? fk.apic_hz : APIC_HZ;
}

static uint64_t fake_tsc_read(void)
{
	uint64_t v;

	fk.now += TSC_READ_COST;
	v = ticks_at(fk.now, TSC_HZ);
	log_read(fk.tsc_log, &fk.tscs_logged, v);
	return v;
}

static uint32_t fake_apic_read(void)
{
	uint64_t counted;
	uint32_t v;

	fk.apics++;
	if (fk.mode == STALL_APIC && fk.apics == fk.read) {
		fk.stalls++;
		fk.now += SMI;
	}
	fk.now += APIC_READ_COST;
	counted = ticks_at(fk.now - fk.apic_t0, fake_apic_hz());
	v = counted >= APIC_START ? 0 : APIC_START - (uint32_t)counted;
	log_read(fk.apic_log, &fk.apics_logged, v);
	return v;
}

static void fake_apic_start(void)
{
	fk.apic_starts++;
	fk.apic_t0 = fk.now;
}

static const struct x86_refclock ref = {
	.name = "fake-pm-timer",
	.read = fake_ref_read,
	.mask = REF_MASK,
	.freq_hz = REF_HZ,
};

static int measure_ref(const struct x86_refclock *rc, const struct setup *s,
		       struct x86_cal_window *w, struct x86_timer_rates *r)
{
	struct x86_cal_clocks clk = {
		.ref = rc,
		.tsc_read = fake_tsc_read,
		.apic_read = s->apic ? fake_apic_read : NULL,
		.apic_start = s->apic ? fake_apic_start : NULL,
	};
	int err = x86_calibrate_window(&clk, w);

	return err < 0 ? err : x86_calibrate_rates(&clk, w, r);
}

static int measure(const struct setup *s, struct x86_cal_window *w,
		   struct x86_timer_rates *r)
{
	return measure_ref(&ref, s, w, r);
}

/* The reads an edge of a window was taken from: the reference read
 * before the TSC read that gave its TSC value, the LAPIC read that gave
 * its count. */
struct edge_reads {
	unsigned int ref, apic;
};

static struct edge_reads edge_reads_of(const struct x86_cal_edge *e)
{
	unsigned int tsc = log_find(fk.tsc_log, fk.tscs_logged, e->tsc);
	struct edge_reads r = { 0, 0 };

	if (tsc)
		r.ref = fk.tsc_log[tsc - 1].refs;
	if (fk.s->apic)
		r.apic = log_find(fk.apic_log, fk.apics_logged, e->apic);
	return r;
}

/* The reads an undisturbed run takes its edge `which` (0 start, 1 end)
 * from; the fake then starts over from the same state. */
static struct edge_reads edge_undisturbed(const struct setup *s, int which)
{
	struct x86_cal_window w = { 0 };
	struct x86_timer_rates r;
	struct edge_reads e;

	fake_reset(s);
	EXPECT(measure(s, &w, &r) == 0, "an undisturbed run to succeed");
	e = edge_reads_of(which ? &w.end : &w.start);
	EXPECT(e.ref && (e.apic || !s->apic),
	       "the edge's reads in the log, got reference read %u, "
	       "LAPIC read %u", e.ref, e.apic);
	fake_reset(s);
	return e;
}

static int64_t ppm_off(uint64_t got, uint64_t want)
{
	return (int64_t)((((int64_t)got - (int64_t)want) * 1000000) /
			 (int64_t)want);
}

static void expect_rates(const struct setup *s,
			 const struct x86_timer_rates *r, unsigned int retakes,
			 const char *what)
{
	int64_t tsc = ppm_off(r->tsc_hz, TSC_HZ);
	int64_t apic = s->apic ? ppm_off(r->apic_hz, fake_apic_hz()) : 0;

	EXPECT(tsc >= -TOLERANCE_PPM && tsc <= TOLERANCE_PPM,
	       "%s: the TSC rate within %d ppm of %llu Hz, got %llu Hz "
	       "(%lld ppm)", what, TOLERANCE_PPM,
	       (unsigned long long)TSC_HZ, (unsigned long long)r->tsc_hz,
	       (long long)tsc);
	EXPECT(apic >= -TOLERANCE_PPM && apic <= TOLERANCE_PPM,
	       "%s: the LAPIC rate within %d ppm of %llu Hz, got %llu Hz "
	       "(%lld ppm)", what, TOLERANCE_PPM,
	       (unsigned long long)fake_apic_hz(),
	       (unsigned long long)r->apic_hz,
	       (long long)apic);
	if (!s->apic)
		EXPECT(r->apic_hz == 0, "%s: no LAPIC rate, got %llu", what,
		       (unsigned long long)r->apic_hz);
	EXPECT(r->retakes == retakes, "%s: %u ends retaken, got %u", what,
	       retakes, r->retakes);
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

/* `i` names the loop variable: it cannot be parenthesised. */
/* NOLINTBEGIN(bugprone-macro-parentheses) */
#define EACH_SETUP(i)                                                       \
	for (unsigned int i = 0; i < sizeof(setups) / sizeof(setups[0]); i++)
/* NOLINTEND(bugprone-macro-parentheses) */

UNIT_TEST(an_undisturbed_window_gives_the_clock_rates)
{
	EACH_SETUP(i) {
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };

		fake_reset(setups[i].s);
		REQUIRE(measure(setups[i].s, &w, &r) == 0,
			"%s: success", setups[i].name);
		expect_rates(setups[i].s, &r, 0, setups[i].name);
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
	expect_rates(&s, &r, 0, "no LAPIC");
	EXPECT(w.start.apic == 0 && w.end.apic == 0,
	       "no LAPIC counts, got %u and %u", w.start.apic, w.end.apic);
}

/* Measures with setup `i` and one stall `stall` ps long (0: an SMI),
 * 5 ms in, inside the first window: whether it succeeded, stalled once
 * (failures are reported). */
static bool measure_stalled_once(unsigned int i, uint64_t stall,
				 struct x86_cal_window *w,
				 struct x86_timer_rates *r)
{
	int err;

	fake_reset(setups[i].s);
	fk.mode = STALL_AT_TIME;
	fk.at = 5 * MS;
	fk.stall = stall;
	err = measure(setups[i].s, w, r);
	EXPECT(err == 0, "%s: success, got %s", setups[i].name,
	       kerr_name(err));
	EXPECT(fk.stalls == 1, "%s: one stall, got %u", setups[i].name,
	       fk.stalls);
	return err == 0 && fk.stalls == 1;
}

/* Both counters run on through a stall: inside the window it only makes
 * the window longer. */
UNIT_TEST(a_stall_inside_the_window_does_not_matter)
{
	EACH_SETUP(i) {
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };

		if (measure_stalled_once(i, 0, &w, &r))
			expect_rates(setups[i].s, &r, 0, setups[i].name);
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
	expect_rates(&s, &r, 0, "15 us reads");
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
	expect_rates(&s, &r, 0, "wrapping");
}

/* Measures with fast reads and the fake as set up: the error `want`. */
static void expect_failure(int want)
{
	struct x86_cal_window w;
	struct x86_timer_rates r;
	int err = measure(&fast, &w, &r);

	EXPECT(err == want, "%s, got %d (%s)", kerr_name(want), err,
	       kerr_name(err));
}

UNIT_TEST(a_reference_that_does_not_count_times_out)
{
	fake_reset(&fast);
	fk.stuck = true;
	expect_failure(-E_TIMEOUT);
}

/* A read glitch that makes the reference alternate between two values:
 * it changes on every read but never moves on, which is as stuck. */
UNIT_TEST(a_reference_that_changes_but_does_not_move_on_times_out)
{
	fake_reset(&fast);
	fk.flip_from = 200;	/* after the start, inside the window */
	expect_failure(-E_TIMEOUT);
}

/* A reference that stops for a whole edge wait (CALIBRATE_EDGE_SPINS
 * reads) does not count on, even if it moves again later: that is a
 * timeout, not a stall to take the window again after. */
UNIT_TEST(a_reference_that_stops_for_a_whole_edge_wait_times_out)
{
	fake_reset(&fast);
	fk.freeze_from = 5;	/* at the start's first edge samples */
	fk.freeze_reads = 1200000;
	expect_failure(-E_TIMEOUT);
}

/* A reference read far more often than it ticks (2 ns reads: 140 a
 * tick, 5 million over the window) is not stuck: only reads without
 * progress since the last tick count towards that. */
UNIT_TEST(a_reference_read_many_times_a_tick_is_not_taken_for_stuck)
{
	static const struct setup quick = { 2 * NS, 20, 0x123456, true };
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };
	int err;

	fake_reset(&quick);
	err = measure(&quick, &w, &r);
	REQUIRE(err == 0, "success, got %d (%s)", err, kerr_name(err));
	EXPECT(fk.refs > 2000000, "over 2 million reads, got %u: the case "
	       "tests nothing", fk.refs);
	expect_rates(&quick, &r, 0, "2 ns reads");
}

/* A reference ticking far slower than it is read: 32 kHz, about 300
 * reads a tick. */
#define SLOW_REF_HZ 32000

static const struct x86_refclock slow_ref = {
	.name = "fake-32-khz-timer",
	.read = fake_ref_read,
	.mask = REF_MASK,
	.freq_hz = SLOW_REF_HZ,
};

/* Measures with fast reads of the slow reference, the fake as set up. */
static void expect_slow_ref_rates(const char *what)
{
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };
	int err = measure_ref(&slow_ref, &fast, &w, &r);

	REQUIRE(err == 0, "%s: success, got %d (%s)", what, err,
		kerr_name(err));
	EXPECT(w.start.ref <= REF_MASK && w.end.ref <= REF_MASK,
	       "%s: ends within the mask, got 0x%x..0x%x", what, w.start.ref,
	       w.end.ref);
	expect_rates(&fast, &r, 0, what);
}

/* Bits above the reference's mask (the PM timer's reserved top byte)
 * may read as anything: no edge, and no part of an end's reading. The
 * measuring starts halfway through a tick: a start taken there, off its
 * edge, would make the window half a 31 us tick (1600 ppm) off. */
UNIT_TEST(noise_above_the_references_mask_is_no_edge)
{
	fake_reset(&fast);
	fk.ref_hz = SLOW_REF_HZ;
	fk.now = PS_PER_S / SLOW_REF_HZ / 2;	/* halfway through a tick */
	fk.high_noise = true;
	expect_slow_ref_rates("noisy top bits");
}

/* An edge's bracket starts at its last unchanged read, not where the
 * wait for the edge began: with the slow reference every bracket is
 * about one read long, whether the wait began just before an edge (the
 * first sample here) or just after one (every later sample), and no end
 * is set aside. */
UNIT_TEST(a_brackets_length_is_the_edges_not_the_waits_for_it)
{
	fake_reset(&fast);
	fk.ref_hz = SLOW_REF_HZ;
	/* 250 ns before a tick: the first edge sample's first read sees it */
	fk.now = PS_PER_S / SLOW_REF_HZ - 250 * NS;
	expect_slow_ref_rates("a wait begun just before an edge");
}

/* One read far ahead ends the wait for the window's end early: the
 * window would be short, and is refused. */
UNIT_TEST(a_reading_that_jumps_ahead_is_refused)
{
	fake_reset(&fast);
	fk.jump_at = 300;	/* inside the window, past its 35,795 ticks */
	fk.jump = 0x10000;
	expect_failure(-E_INVAL);
}

/* A reference whose range is shorter than twice the window (16 bits at
 * the PM timer's rate: 35,795 ticks against 32,767) could not tell a
 * window from a reading behind its start: refused before any read. */
/* A window on `ref` is refused with -E_RANGE before `ref` is read. */
static void expect_refused_unread(const struct x86_refclock *ref)
{
	struct x86_cal_clocks clk = {
		.ref = ref,
		.tsc_read = fake_tsc_read,
		.apic_read = fake_apic_read,
	};
	struct x86_cal_window w;
	int err;

	fake_reset(&fast);
	err = x86_calibrate_window(&clk, &w);
	EXPECT(err == -E_RANGE, "%s: E_RANGE, got %d (%s)", ref->name, err,
	       kerr_name(err));
	EXPECT(fk.refs == 0, "%s: no reference read, got %u", ref->name,
	       fk.refs);
}

UNIT_TEST(a_reference_with_too_short_a_range_for_the_window_is_refused)
{
	static const struct x86_refclock short_ref = {
		.name = "fake-16-bit-timer",
		.read = fake_ref_read,
		.mask = 0xffff,
		.freq_hz = REF_HZ,
	};

	expect_refused_unread(&short_ref);
}

/* A LAPIC count that reached 0 by the window's end stopped there (it
 * ran out: a stall past its 21 s at 200 MHz): its rate would come out
 * low, and is refused. */
UNIT_TEST(a_lapic_count_that_ran_out_is_refused)
{
	struct x86_cal_clocks clk = {
		.ref = &ref,
		.tsc_read = fake_tsc_read,
		.apic_read = fake_apic_read,
	};
	struct x86_cal_window w = {
		.start = { .ref = 0x100, .tsc = 1000, .apic = APIC_START },
		.end = { .ref = (uint32_t)(0x100 + REF_HZ / 100),
			 .tsc = 1000 + TSC_HZ / 100,
			 .apic = 0 },
	};
	struct x86_timer_rates r;
	int err = x86_calibrate_rates(&clk, &w, &r);

	EXPECT(err == -E_RANGE, "E_RANGE, got %d (%s)", err, kerr_name(err));
}

/* A stall inside the window as long as the LAPIC count's whole range
 * (21.5 s at 200 MHz; here 25 s, past five wraps of the reference too):
 * the count ran out, so the reference may have wrapped unseen. The window
 * is taken again with the count started afresh, and its rates are
 * right. */
UNIT_TEST(a_stall_that_runs_the_lapic_count_out_takes_the_window_again)
{
	EACH_SETUP(i) {
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };

		if (!measure_stalled_once(i, 25000 * MS, &w, &r))
			continue;
		EXPECT(r.runouts == 1 && fk.apic_starts == 2,
		       "%s: one window taken again, its count restarted; "
		       "got %u taken again, %u starts", setups[i].name,
		       r.runouts, fk.apic_starts);
		expect_rates(setups[i].s, &r, 0, setups[i].name);
	}
}

/* What that is for: at QEMU's 1 GHz the count runs out after 4.29 s,
 * before the 24-bit reference wraps (4.69 s). A 5 s stall in the window
 * hides a wrap: taken as it is, the window's 10 ms would be 4.7 s and
 * the rates 470 times too high. */
UNIT_TEST(a_stall_past_the_references_wrap_is_caught_by_a_1_ghz_lapic)
{
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };

	fake_reset(&fast);
	fk.apic_hz = 1000000000;
	fk.mode = STALL_AT_TIME;
	fk.at = 5 * MS;
	fk.stall = 5000 * MS;
	REQUIRE(measure(&fast, &w, &r) == 0, "success");
	EXPECT(r.runouts == 1, "one window taken again, got %u", r.runouts);
	expect_rates(&fast, &r, 0, "a 5 s stall");
}

/* A count that runs out in every window (here a LAPIC fast enough to
 * run out within 10 ms; in practice stalls that go on) fails the
 * calibration, each window having started it again. */
UNIT_TEST(a_lapic_count_that_runs_out_in_every_window_fails_the_calibration)
{
	struct x86_cal_window w = { 0 };
	struct x86_timer_rates r;
	int err;

	fake_reset(&fast);
	fk.apic_hz = 1000 * 1000000000ull;
	err = measure(&fast, &w, &r);
	EXPECT(err == -E_AGAIN, "E_AGAIN, got %d (%s)", err, kerr_name(err));
	EXPECT(w.runouts > 1 && w.runouts == fk.apic_starts,
	       "every window's count started and run out, got %u of %u",
	       w.runouts, fk.apic_starts);
}

/* One read behind the start, which masked looks nearly a whole wrap
 * ahead: ignored, and the window is right. */
UNIT_TEST(a_reading_that_jumps_back_is_ignored)
{
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };
	int err;

	fake_reset(&fast);
	fk.jump_at = 300;
	fk.jump = REF_MASK - 0x100 + 1;	/* 0x100 ticks back */
	err = measure(&fast, &w, &r);
	REQUIRE(err == 0, "success, got %d (%s)", err, kerr_name(err));
	expect_rates(&fast, &r, 0, "fast reads");
}

/* A stall on a read an undisturbed run took the edge `which` (0 start,
 * 1 end) from: after the reference latched its value, or before the
 * LAPIC latches its count. The counters' samples for that edge would be
 * late; it must be taken again from later reads. */
static void stall_on_edge(int which, enum stall_mode mode)
{
	EACH_SETUP(i) {
		const struct setup *s = setups[i].s;
		struct edge_reads u = edge_undisturbed(s, which), got;
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };
		int err;

		fk.mode = mode;
		fk.read = mode == STALL_APIC ? u.apic : u.ref;
		err = measure(s, &w, &r);
		REQUIRE(err == 0, "%s: success, got %d (%s)", setups[i].name,
			err, kerr_name(err));
		EXPECT(fk.stalls == 1, "%s: one stall, got %u", setups[i].name,
		       fk.stalls);
		got = edge_reads_of(which ? &w.end : &w.start);
		EXPECT(got.ref > u.ref,
		       "%s: the edge from a reference read after the stalled "
		       "one (%u), got read %u", setups[i].name, u.ref, got.ref);
		expect_rates(s, &r, 1, setups[i].name);
	}
}

UNIT_TEST(a_stall_at_the_start_edge_is_not_used)
{
	stall_on_edge(0, STALL_REF);
}

UNIT_TEST(a_stall_at_the_end_edge_is_not_used)
{
	stall_on_edge(1, STALL_REF);
}

UNIT_TEST(a_stall_before_the_lapic_sample_of_an_edge_is_not_used)
{
	stall_on_edge(0, STALL_APIC);
	stall_on_edge(1, STALL_APIC);
}

/* Reads without jitter, whose costs are all whole multiples of 5 ns (12
 * TSC ticks): every TSC read falls on a whole tick, and every edge
 * sample's bracket -- the unchanged reference read, a TSC read, the
 * changed reference read, the LAPIC read and the last TSC read -- is the
 * same number of ticks, the shortest. A stall on an edge's reference
 * read adds its own ticks to that edge's bracket alone. */
static const struct setup steady_chipset = { 1 * US, 0, 0x123456, true };
static const struct setup steady_fast = { 100 * NS, 0, 0x123456, true };

static uint64_t steady_bracket_ps(const struct setup *s)
{
	return 2 * s->ref_cost + 2 * TSC_READ_COST + APIC_READ_COST;
}

/* A stall of `stall` ps on the reference read an undisturbed run took
 * the edge `which` (0 start, 1 end) from: the end of the try is taken
 * from that read, or `retakes` is 1 and it comes from a later one. */
static void stall_edge_by(const struct setup *s, const char *name,
			  int which, uint64_t stall, unsigned int retakes)
{
	const char *end = which ? "end" : "start";
	struct edge_reads u = edge_undisturbed(s, which), got;
	struct x86_cal_window w;
	struct x86_timer_rates r = { 0 };
	int err;

	fk.mode = STALL_REF;
	fk.read = u.ref;
	fk.stall = stall;
	err = measure(s, &w, &r);
	REQUIRE(err == 0, "%s, %s: success, got %d (%s)", name, end, err,
		kerr_name(err));
	EXPECT(fk.stalls == 1, "%s, %s: one stall, got %u", name, end,
	       fk.stalls);
	EXPECT(w.retakes == retakes, "%s, %s: %u ends retaken, got %u", name,
	       end, retakes, w.retakes);
	got = edge_reads_of(which ? &w.end : &w.start);
	if (retakes)
		EXPECT(got.ref > u.ref, "%s, %s: the edge from a reference "
		       "read after the stalled one (%u), got read %u", name,
		       end, u.ref, got.ref);
	else
		EXPECT(got.ref == u.ref, "%s, %s: the edge from the stalled "
		       "reference read %u, got read %u", name, end, u.ref,
		       got.ref);
}

/* The rule is "over twice the shortest": a bracket of exactly twice
 * (a stall as long as the shortest bracket) is used, one a TSC tick
 * longer is not. */
UNIT_TEST(an_end_whose_bracket_is_exactly_twice_the_shortest_is_used)
{
	static const struct {
		const char *name;
		const struct setup *s;
	} steady[] = {
		{ "steady chipset reads", &steady_chipset },
		{ "steady fast reads", &steady_fast },
	};
	/* Whole ps past one TSC tick (416.7 ps): adds exactly one tick to
	 * a time on a whole tick. */
	const uint64_t tick_ps = (PS_PER_S + TSC_HZ - 1) / TSC_HZ;

	for (unsigned int i = 0; i < sizeof(steady) / sizeof(steady[0]); i++)
		for (int which = 0; which < 2; which++) {
			uint64_t b = steady_bracket_ps(steady[i].s);

			REQUIRE(b % (5 * NS) == 0,
				"%s: a bracket of whole 5 ns, got %llu ps",
				steady[i].name, (unsigned long long)b);
			stall_edge_by(steady[i].s, steady[i].name, which, b, 0);
			stall_edge_by(steady[i].s, steady[i].name, which,
				      b + tick_ps, 1);
		}
}

/* From the read an undisturbed run took an edge from, every reference
 * read stalls, each for its own time (a storm of SMIs): every try at that
 * edge is disturbed, and the calibration says so rather than use one. */
static void stall_every_try(int which)
{
	EACH_SETUP(i) {
		const struct setup *s = setups[i].s;
		struct edge_reads u = edge_undisturbed(s, which);
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };
		int err;

		fk.mode = STALL_REF_FROM;
		fk.read = u.ref;
		err = measure(s, &w, &r);
		EXPECT(err == -E_AGAIN, "%s: -E_AGAIN, got %d (%s): TSC %llu "
		       "Hz, LAPIC %llu Hz", setups[i].name, err,
		       kerr_name(err), (unsigned long long)r.tsc_hz,
		       (unsigned long long)r.apic_hz);
		/* Every try at an end, in each of the 3 windows (8 each). */
		EXPECT(w.retakes == 3 * 8, "%s: 24 tries set aside, got %u",
		       setups[i].name, w.retakes);
	}
}

/* A burst of stalls that outlasts every try at an end of the first
 * window but not the pause after it: the next window is used. */
static void burst_outlasting_a_window(int which, unsigned int reads)
{
	EACH_SETUP(i) {
		const struct setup *s = setups[i].s;
		struct edge_reads u = edge_undisturbed(s, which);
		struct x86_cal_window w;
		struct x86_timer_rates r = { 0 };
		int err;

		fk.mode = STALL_REF_SPAN;
		fk.read = u.ref;
		fk.count = reads;
		err = measure(s, &w, &r);
		REQUIRE(err == 0, "%s: success, got %d (%s)", setups[i].name,
			err, kerr_name(err));
		EXPECT(w.retakes >= 8, "%s: the first window's 8 tries at "
		       "the end set aside, got %u", setups[i].name, w.retakes);
		expect_rates(s, &r, w.retakes, setups[i].name);
	}
}

UNIT_TEST(a_burst_of_stalls_at_the_start_edge_is_outwaited)
{
	burst_outlasting_a_window(0, BURST_READS);
}

UNIT_TEST(a_burst_of_stalls_at_the_end_edge_is_outwaited)
{
	burst_outlasting_a_window(1, BURST_READS);
}

UNIT_TEST(a_stall_on_every_try_at_the_start_edge_fails_the_calibration)
{
	stall_every_try(0);
}

UNIT_TEST(a_stall_on_every_try_at_the_end_edge_fails_the_calibration)
{
	stall_every_try(1);
}

/* A reference slower than 100 Hz has no tick in a 10 ms window: refused
 * before any read. */
UNIT_TEST(a_reference_slower_than_the_window_is_refused)
{
	static const struct x86_refclock ref_50_hz = {
		.name = "fake-50-hz-timer",
		.read = fake_ref_read,
		.mask = REF_MASK,
		.freq_hz = 50,
	};

	expect_refused_unread(&ref_50_hz);
}

/* The rates from a window as given: `start`..`end` reference ticks,
 * TSC and LAPIC counts. */
static int rates_of(uint32_t ref0, uint32_t ref1, uint64_t tsc0,
		    uint64_t tsc1, uint32_t apic0, uint32_t apic1,
		    struct x86_timer_rates *r)
{
	struct x86_cal_clocks clk = {
		.ref = &ref,
		.tsc_read = fake_tsc_read,
		.apic_read = fake_apic_read,
	};
	struct x86_cal_window w = {
		.start = { .ref = ref0, .tsc = tsc0, .apic = apic0 },
		.end = { .ref = ref1, .tsc = tsc1, .apic = apic1 },
	};

	return x86_calibrate_rates(&clk, &w, r);
}

/* A window of no reference ticks, or one over which the TSC or the
 * LAPIC count did not move, gives no rate. */
UNIT_TEST(a_window_where_a_counter_did_not_count_gives_no_rates)
{
	struct x86_timer_rates r;

	EXPECT(rates_of(100, 100, 0, 1000, 5000, 1000, &r) == -E_RANGE,
	       "no reference ticks: E_RANGE");
	EXPECT(rates_of(100, 35895, 1000, 1000, 5000, 1000, &r) == -E_RANGE,
	       "a TSC that did not move: E_RANGE");
	EXPECT(rates_of(100, 35895, 0, 24000000, 5000, 5000, &r) == -E_RANGE,
	       "a LAPIC count that did not move: E_RANGE");
	EXPECT(rates_of(100, 35895, 0, 24000000, 5000, 1000, &r) == 0,
	       "every counter counting: success");
}

int main(void)
{
	return unit_run_all();
}
