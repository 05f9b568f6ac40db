/* The calibration window (x86_calibrate.h): count the TSC and the LAPIC
 * timer across the same window of reference ticks, each end taken on a
 * reference tick edge. No hardware here: every clock is read through
 * x86_cal_clocks, which is what lets the host tests drive it.
 *
 * An end: spin on reference reads, each bracketed by TSC reads, until
 * one differs from the read before the spin; that read, with the LAPIC
 * count read inside its bracket, is the end. Where reads are shorter
 * than a tick it lies within one turn of the spin after the tick edge
 * (a few instructions), where they are longer (a chipset's) within a
 * tick of it.
 *
 * Stalls. An SMI (or a hypervisor that holds the vCPU) stops the code,
 * not the counters: the TSC, the LAPIC timer and the PM timer all run on
 * through it, so a stall inside the window costs nothing if it is
 * shorter than the reference's wrap (4.69 s for a 24-bit PM timer): a
 * longer one would hide whole wraps in the window and give rates
 * hundreds of times too high. What tells it is the LAPIC count, started
 * at its maximum before each window: one that ran out (at QEMU's 1 GHz
 * after 4.29 s; a host that starves an emulated CPU does that) sets the
 * window aside like a stalled end. Where the LAPIC counts slower than
 * that (hardware's crystal or bus clock, 24..100 MHz), it runs out only
 * after 43..179 s; stalls of seconds are an emulator's, not a board's.
 * Inside an end's bracket, around the two
 * reference reads that find the edge and the counter reads taken for
 * it, it costs its whole length (at the start the rates come out low, at
 * the end high; a 100 us SMI is 1 % of 10 ms). So each try at an end
 * first takes CALIBRATE_HISTORY samples the same way, for the shortest
 * bracket seen, and an end whose bracket is over twice the shortest is
 * not used: the next try follows, up to CALIBRATE_EDGE_TRIES per end,
 * and up to CALIBRATE_WINDOW_TRIES whole windows, 1 ms apart.
 *
 * Why relative, and why twice: a bracket costs two reference reads, and
 * that cost is all that is known about it. A chipset's port read takes
 * about 1 us, QEMU's TCG about 0.2 us, a PM timer emulated under a
 * nested KVM 13 us (measured: over 99 % of 4000 brackets there are
 * within 1.5 times the shortest, TCG's likewise); an SMI takes tens to
 * hundreds of microseconds. A bound in TSC cycles would need the rate
 * being measured and would have to be both below an SMI on hardware and
 * above a read under a hypervisor; twice the shortest needs neither and
 * holds each end to within a few reads. The shortest is kept over every
 * try of both ends and every window, so a storm of stalls that sets in
 * later cannot raise it; a reference whose every read is stalled from
 * the start is beyond any such rule.
 *
 * The sample time of an end is the TSC read after the reference read,
 * not the bracket's midpoint: the LAPIC count is read right before it,
 * so the two counters' samples are adjacent and their ratio, which
 * converts TSC deadlines into LAPIC counts, covers the same interval;
 * and the reference-to-TSC delay, the same at both ends within the
 * accepted brackets, cancels out of the difference. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kerr.h"
#include "timeconv.h"
#include "x86_calibrate.h"

#define CALIBRATE_WINDOW_HZ 100		/* 1 / 10 ms */
#define CALIBRATE_EDGE_SPINS 1000000	/* reads without a change: stuck */
#define CALIBRATE_HISTORY 8		/* edge samples before each try */
#define CALIBRATE_STALL_FACTOR 2
#define CALIBRATE_EDGE_TRIES 8
#define CALIBRATE_WINDOW_TRIES 3	/* whole windows */
#define CALIBRATE_PAUSE_HZ 1000		/* 1 ms between them */

static uint32_t ref_now(const struct x86_refclock *ref)
{
	return ref->read() & ref->mask;
}

/* Spins until the reference reads at least `min` ticks after `from`
 * (masked: the counter may wrap; more than half its range ahead is a
 * reading behind `from`, a glitch, and ignored). Stuck after
 * CALIBRATE_EDGE_SPINS reads without progress: a reference that changes
 * but does not move on is as stuck as one that stops. */
static int ref_wait(const struct x86_refclock *ref, uint32_t from,
		    uint32_t min)
{
	uint32_t best = 0;
	unsigned int still = 0;

	while (still < CALIBRATE_EDGE_SPINS) {
		uint32_t ahead = (ref_now(ref) - from) & ref->mask;

		if (ahead > ref->mask / 2)
			ahead = 0;
		if (ahead >= min)
			return 0;
		if (ahead > best) {
			best = ahead;
			still = 0;
		} else {
			still++;
		}
	}
	return -E_TIMEOUT;
}

/* Spins on reference reads, each after a TSC read, until one differs
 * from the read before it: the edge lies between those two reads. With
 * the LAPIC count and a last TSC read, that is a sample on the edge (to
 * within one turn of the loop, which is therefore kept short: the calls
 * and the mask in locals, no other test). `bracket`, in TSC ticks, runs
 * from before the unchanged read to after the LAPIC read, so a stall
 * anywhere between the edge's two sides and the samples shows in it. */
static int sample_wait_edge(const struct x86_cal_clocks *clk,
			    struct x86_cal_edge *at, uint64_t *bracket)
{
	uint64_t (*tsc_read)(void) = clk->tsc_read;
	uint32_t (*ref_read)(void) = clk->ref->read;
	uint32_t mask = clk->ref->mask;
	uint64_t before_prev = tsc_read();
	uint32_t prev = ref_read() & mask;

	for (unsigned int i = 0; i < CALIBRATE_EDGE_SPINS; i++) {
		uint64_t before = tsc_read();
		uint32_t now = ref_read() & mask;

		if (now != prev) {
			at->ref = now;
			at->apic = clk->apic_read ? clk->apic_read() : 0;
			at->tsc = tsc_read();
			*bracket = at->tsc - before_prev;
			return 0;
		}
		before_prev = before;
	}
	return -E_TIMEOUT;
}

/* The search for the ends: the shortest bracket so far, over both. */
struct cal_search {
	const struct x86_cal_clocks *clk;
	uint64_t shortest;
	unsigned int retakes;
};

/* Over CALIBRATE_STALL_FACTOR times the shortest bracket (a shortest of
 * 0, a TSC that did not move across a read, lets only brackets of 0
 * through). */
static bool bracket_stalled(const struct cal_search *cs, uint64_t bracket)
{
	return cs->shortest <= UINT64_MAX / CALIBRATE_STALL_FACTOR &&
	       bracket > CALIBRATE_STALL_FACTOR * cs->shortest;
}

/* CALIBRATE_HISTORY edge samples, for the shortest bracket. They come
 * from the same code as an end, so an end's bracket has nothing in it
 * that theirs did not (a cold cache, an emulator translating the code
 * on its first run). */
static int search_learn(struct cal_search *cs, struct x86_cal_edge *scratch)
{
	for (unsigned int i = 0; i < CALIBRATE_HISTORY; i++) {
		uint64_t bracket;
		int err = sample_wait_edge(cs->clk, scratch, &bracket);

		if (err < 0)
			return err;
		if (bracket < cs->shortest)
			cs->shortest = bracket;
	}
	return 0;
}

/* An end at least `min` ticks after `from`, on an edge, not stalled:
 * once the reference is there, each try learns from a few edge samples,
 * then takes one more, the end if its bracket passes. */
static int edge_take(struct cal_search *cs, uint32_t from, uint32_t min,
		     struct x86_cal_edge *edge)
{
	int err = ref_wait(cs->clk->ref, from, min);

	for (unsigned int t = 0; err == 0 && t < CALIBRATE_EDGE_TRIES; t++) {
		uint64_t bracket;

		err = search_learn(cs, edge);
		if (err == 0)
			err = sample_wait_edge(cs->clk, edge, &bracket);
		if (err == 0 && !bracket_stalled(cs, bracket))
			return 0;
		if (err == 0)
			cs->retakes++;
	}
	return err < 0 ? err : -E_AGAIN;
}

/* The LAPIC count reached 0 by the window's end (it stops there): a
 * stall in the window as long as its whole range. */
static bool apic_ran_out(const struct x86_cal_clocks *clk,
			 const struct x86_cal_window *w)
{
	return clk->apic_read && w->end.apic == 0;
}

/* A window with an end whose every try was stalled, or whose LAPIC count
 * ran out, is taken again after a pause, which a burst of stalls may not
 * outlast. The shortest bracket is kept: reads that stay slow (a storm,
 * or a reference that turned slower for good) fail the calibration
 * rather than lower the bar. */
int x86_calibrate_window(const struct x86_cal_clocks *clk,
			 struct x86_cal_window *w)
{
	const struct x86_refclock *ref = clk->ref;
	uint32_t window = (uint32_t)(ref->freq_hz / CALIBRATE_WINDOW_HZ);
	uint32_t pause = (uint32_t)(ref->freq_hz / CALIBRATE_PAUSE_HZ);
	struct cal_search cs = { .clk = clk, .shortest = UINT64_MAX };
	unsigned int runouts = 0;
	int err = 0;

	if (window == 0 || window > ref->mask / 2)
		return -E_RANGE;
	for (unsigned int t = 0; t < CALIBRATE_WINDOW_TRIES; t++) {
		if (t)
			err = ref_wait(ref, ref_now(ref), pause);
		if (clk->apic_start)
			clk->apic_start();
		/* The start anywhere, the end `window` ticks after it. */
		if (err == 0)
			err = edge_take(&cs, 0, 0, &w->start);
		if (err == 0)
			err = edge_take(&cs, w->start.ref, window, &w->end);
		if (err == 0 && apic_ran_out(clk, w)) {
			runouts++;
			err = -E_AGAIN;
		}
		if (err != -E_AGAIN)
			break;
	}
	w->retakes = cs.retakes;
	w->runouts = runouts;
	/* Only a reading that jumped ends the wait early, or an end behind
	 * the start. */
	if (err == 0) {
		uint32_t elapsed = (w->end.ref - w->start.ref) & ref->mask;

		if (elapsed < window || elapsed > ref->mask / 2)
			return -E_INVAL;
	}
	return err;
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
	out->retakes = w->retakes;
	out->runouts = w->runouts;
	if (out->tsc_hz == 0 ||
	    (apic && (out->apic_hz == 0 || w->end.apic == 0)))
		return -E_RANGE;	/* a counter did not count, or ran out */
	return 0;
}
