/* Host tests of the time core (common/ktime.c) over a stand-in clock
 * (1 MHz counter, a clockevent that notes what it is set to), built
 * tickless and with CELLMATE_TICK_HZ=1000 (ktime_tick_test): the
 * interrupt's own counter reading counts as reached, for a timeout and
 * for the periodic tick. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "clock.h"
#include "ktime.h"
#include "panic.h"
#include "thread.h"
#include "unit.h"

static uint64_t counter = 1000000;

uint64_t unit_counter_read(void)
{
	return counter;
}

void panic_assert(const char *file, int line, const char *cond,
		  const char *fmt, ...)
{
	fprintf(stderr, "%s:%d: assertion %s failed (%s)\n", file, line, cond,
		fmt);
	abort();
}

/* A thread of its own: ktime_arm() compares with the lender's timeout. */
static struct thread self;

struct thread *thread_self(void)
{
	return &self;
}

static uint64_t programmed = UINT64_MAX;
static unsigned int stops;

static void note_deadline(uint64_t ticks)
{
	programmed = ticks;
}

static void note_stop(void)
{
	programmed = UINT64_MAX;
	stops++;
}

static const struct clocksource source = { "test", 1000000 };
static const struct clockevent event = { "test", note_deadline, note_stop,
					 0 };

static void time_core_start(void)
{
	static bool started;

	if (!started) {
		clock_register_source(&source);
		clock_register_event(&event);
		ktime_init();
		started = true;
	}
}

static unsigned int fired;

static void note_fired(struct timeout *t)
{
	(void)t;
	fired++;
}

/* The interrupt reads the counter at exactly the deadline (the
 * clockevent fires when the counter reaches it): the timeout is due. */
UNIT_TEST(a_timeout_expires_in_an_interrupt_at_its_very_deadline)
{
	static struct timeout t = { .fn = note_fired };
	unsigned int idle;

	time_core_start();
	fired = 0;
	ktime_arm(&t, counter + 100);
	counter += 100;
	idle = ktime_idle_interrupts();
	clock_event_fire();
	EXPECT(fired == 1 && ktime_pending() == 0, "the timeout expired in "
	       "the interrupt at its deadline, fired %u, %u pending", fired,
	       ktime_pending());
	EXPECT(ktime_idle_interrupts() == idle, "the interrupt not idle");
	ktime_cancel(&t);
}

/* Every timeout due at the interrupt's counter reading expires in that
 * one interrupt, in order, and those due later stay queued. */
UNIT_TEST(an_interrupt_expires_every_due_timeout_and_keeps_the_rest)
{
	static struct timeout t[4] = { { .fn = note_fired }, { .fn = note_fired },
				       { .fn = note_fired }, { .fn = note_fired } };
	uint64_t base;

	time_core_start();
	base = counter;
	fired = 0;
	ktime_arm(&t[0], base + 100);
	ktime_arm(&t[1], base + 100);
	ktime_arm(&t[2], base + 200);
	ktime_arm(&t[3], base + 500);
	counter = base + 200;
	clock_event_fire();
	EXPECT(fired == 3 && ktime_pending() == 1, "the three due timeouts "
	       "expired, one left: fired %u, %u pending", fired,
	       ktime_pending());
	EXPECT(timeout_queued(&t[3]) && !timeout_queued(&t[2]),
	       "the one due at +500 still queued, the one at +200 not");
#if !CELLMATE_TICK_HZ
	EXPECT(programmed == base + 500, "the hardware armed for the one "
	       "left, at +500, got +%lld", (long long)(programmed - base));
#endif
	ktime_cancel(&t[3]);
	EXPECT(ktime_pending() == 0, "none pending after the cancel");
}

/* An interrupt that expires nothing is counted as idle, and every
 * interrupt is counted. */
UNIT_TEST(an_interrupt_that_expires_nothing_counts_as_idle)
{
	static struct timeout t = { .fn = note_fired };
	unsigned int irqs, idle;

	time_core_start();
	ktime_arm(&t, counter + 1000);
	irqs = ktime_interrupts();
	idle = ktime_idle_interrupts();
	fired = 0;
	clock_event_fire();
	EXPECT(fired == 0, "nothing due, nothing fired (%u)", fired);
	EXPECT(ktime_interrupts() == irqs + 1, "the interrupt counted");
	EXPECT(ktime_idle_interrupts() == idle + 1, "the interrupt counted "
	       "as idle: %u, was %u", ktime_idle_interrupts(), idle);
	ktime_cancel(&t);
}

#if !CELLMATE_TICK_HZ
/* Tickless: the clockevent holds the earliest deadline queued, whatever
 * order timeouts are armed, moved and cancelled in, and is stopped when
 * none is left. */
UNIT_TEST(the_tickless_clockevent_holds_the_earliest_deadline)
{
	static struct timeout a = { .fn = note_fired }, b = { .fn = note_fired },
			      c = { .fn = note_fired };
	uint64_t base;
	unsigned int stopped;

	time_core_start();
	base = counter;
	ktime_arm(&a, base + 300);
	EXPECT(programmed == base + 300, "the only one armed: +%lld",
	       (long long)(programmed - base));
	ktime_arm(&b, base + 100);
	EXPECT(programmed == base + 100, "an earlier one armed: +%lld",
	       (long long)(programmed - base));
	ktime_arm(&c, base + 200);
	EXPECT(programmed == base + 100, "a later one leaves the earliest: "
	       "+%lld", (long long)(programmed - base));
	/* Moving the earliest later: the next one becomes the earliest. */
	ktime_arm(&b, base + 400);
	EXPECT(programmed == base + 200, "the first moved later, the next "
	       "armed: +%lld", (long long)(programmed - base));
	/* Moving a later one to the front. */
	ktime_arm(&a, base + 50);
	EXPECT(programmed == base + 50, "a later one moved to the front: "
	       "+%lld", (long long)(programmed - base));
	ktime_cancel(&c);
	EXPECT(programmed == base + 50, "cancelling one not first changes "
	       "nothing: +%lld", (long long)(programmed - base));
	ktime_cancel(&a);
	EXPECT(programmed == base + 400, "cancelling the first arms the "
	       "next: +%lld", (long long)(programmed - base));
	stopped = stops;
	ktime_cancel(&b);
	EXPECT(programmed == UINT64_MAX && stops == stopped + 1,
	       "the last one cancelled: the clockevent stopped");
}
#endif

/* While the clockevent is lent the kernel does not program it; what fell
 * due during the loan expires at the reclaim, and nothing is lost. */
UNIT_TEST(a_lent_clockevent_is_left_alone_and_the_reclaim_catches_up)
{
	static struct timeout a = { .fn = note_fired }, b = { .fn = note_fired },
			      c = { .fn = note_fired };
	uint64_t base, due;
	unsigned int stopped;

	time_core_start();
	base = counter;
	ktime_arm(&a, base + 100);
	ktime_arm(&b, base + 1000);
	stopped = stops;
	EXPECT(ktime_lend(&due) == 2, "two timeouts pending at the loan");
	EXPECT(due == base + 100, "the loan is due back at the earliest "
	       "deadline, +%lld", (long long)(due - base));
	EXPECT(stops == stopped + 1 && programmed == UINT64_MAX,
	       "the clockevent stopped for the borrower");
	ktime_arm(&c, base + 50);
	EXPECT(programmed == UINT64_MAX, "an earlier timeout armed during "
	       "the loan leaves the clockevent to the borrower");
	/* Given back at the very deadline of the earliest: it is due. */
	counter = base + 50;
	fired = 0;
	ktime_reclaim();
	EXPECT(programmed == counter, "at the reclaim, the clockevent set to "
	       "fire at once for what fell due: +%lld",
	       (long long)(programmed - base));
	clock_event_fire();
	EXPECT(fired == 1 && ktime_pending() == 2, "the one that fell due "
	       "expired: fired %u, %u pending", fired, ktime_pending());
#if !CELLMATE_TICK_HZ
	EXPECT(programmed == base + 100, "then the next one armed: +%lld",
	       (long long)(programmed - base));
#endif
	ktime_cancel(&a);
	ktime_cancel(&b);
}

/* A reclaim with nothing due: the kernel's own programming resumes, and
 * nothing the borrower left in the clockevent stays there. */
UNIT_TEST(a_reclaim_with_nothing_due_drops_what_the_borrower_armed)
{
	uint64_t due;

	time_core_start();
	EXPECT(ktime_lend(&due) == 0 && due == UINT64_MAX,
	       "nothing pending at the loan");
	/* The borrower programs the clockevent for its own use. */
	event.set_deadline(counter + 77);
	counter += 1234;
	ktime_reclaim();
#if CELLMATE_TICK_HZ
	uint64_t period = source.freq_hz / CELLMATE_TICK_HZ;

	EXPECT(programmed == (counter / period + 1) * period,
	       "the tick resumes at the next tick after the reclaim, "
	       "+%lld from now", (long long)(programmed - counter));
#else
	EXPECT(programmed == UINT64_MAX, "the clockevent stopped: nothing "
	       "queued, the borrower's deadline at +%lld dropped",
	       (long long)(programmed - counter));
#endif
}

#if CELLMATE_TICK_HZ
/* The tick's interrupt taken at the tick itself arms the next one, not
 * the same tick again (an interrupt more, at once, for nothing). */
UNIT_TEST(a_tick_interrupt_at_the_tick_arms_the_next_tick)
{
	uint64_t period = source.freq_hz / CELLMATE_TICK_HZ;

	time_core_start();
	REQUIRE(programmed != UINT64_MAX, "the tick armed");
	counter = programmed;
	clock_event_fire();
	EXPECT(programmed == counter + period, "the next tick armed at +%llu, "
	       "got +%lld", (unsigned long long)period,
	       (long long)(programmed - counter));
}
#endif

int main(void)
{
	return unit_run_all();
}
