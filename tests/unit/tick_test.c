/* Host tests of the periodic tick (common/tick.c): its refusals (no
 * clock, rates outside 1..100000 Hz), its deadlines, the catch-up of a
 * late interrupt, and a stop from the hook. The clock and the kernel's
 * timeouts are stand-ins that note what the tick arms. */
#include <stddef.h>
#include <stdint.h>

#include "clock.h"
#include "kerr.h"
#include "ktime.h"
#include "tick.h"
#include "unit.h"

#define FREQ_HZ 24000000u

static uint64_t counter = 1000;

uint64_t unit_counter_read(void)
{
	return counter;
}

static const struct clocksource source = { "test", FREQ_HZ };
static const struct clockevent event = { "test", NULL, NULL, 0 };
static const struct clocksource *cs = &source;
static const struct clockevent *ce = &event;

const struct clocksource *clock_source(void) { return cs; }
const struct clockevent *clock_event(void) { return ce; }
uint64_t clock_freq_hz(void) { return cs ? cs->freq_hz : 0; }

/* The timeout the tick armed last, and for when. */
static struct timeout *armed;
static uint64_t armed_at;

void ktime_arm(struct timeout *t, uint64_t deadline)
{
	armed = t;
	armed_at = deadline;
}

void ktime_cancel(struct timeout *t)
{
	if (armed == t)
		armed = NULL;
	t->levels = 0;
}

static void hook(uint64_t n)
{
	(void)n;
}

/* The ticks a hook saw, in order; it stops the tick at stop_at. */
static uint64_t seen[8];
static unsigned int nseen;
static uint64_t stop_at;

static void noting_hook(uint64_t n)
{
	if (nseen < 8)
		seen[nseen] = n;
	nseen++;
	if (n == stop_at)
		tick_stop();
}

/* The interrupt for the timeout armed last, at counter value `now`. */
static void expire_at(uint64_t now)
{
	struct timeout *t = armed;

	counter = now;
	armed = NULL;
	t->fn(t);
}

UNIT_TEST(without_a_clockevent_or_a_clocksource_the_tick_does_not_start)
{
	int err;

	ce = NULL;
	armed = NULL;
	err = tick_start(1000, hook);
	EXPECT(err == -E_NODEV && !armed, "no clockevent: -E_NODEV, nothing "
	       "armed; got %d", err);
	ce = &event;
	cs = NULL;
	err = tick_start(1000, hook);
	EXPECT(err == -E_NODEV && !armed, "no clocksource: -E_NODEV, nothing "
	       "armed; got %d", err);
	cs = &source;
}

UNIT_TEST(rates_from_1_to_100000_hz_start_and_others_are_refused)
{
	static const struct {
		uint32_t hz;
		int err;
		uint64_t first;	/* counter ticks to tick 1 */
	} rates[] = {
		{ 0, -E_INVAL, 0 },
		{ 1, 0, FREQ_HZ },
		{ 100000, 0, FREQ_HZ / 100000 },
		{ 100001, -E_INVAL, 0 },
		{ UINT32_MAX, -E_INVAL, 0 },
	};

	for (size_t i = 0; i < sizeof(rates) / sizeof(rates[0]); i++) {
		int err;

		armed = NULL;
		err = tick_start(rates[i].hz, hook);
		EXPECT(err == rates[i].err, "%u Hz: %d, got %d", rates[i].hz,
		       rates[i].err, err);
		if (rates[i].err)
			EXPECT(!armed, "%u Hz: nothing armed", rates[i].hz);
		else
			EXPECT(armed && armed_at == counter + rates[i].first,
			       "%u Hz: tick 1 at +%llu, got +%llu", rates[i].hz,
			       (unsigned long long)rates[i].first,
			       (unsigned long long)(armed_at - counter));
		tick_stop();
	}
}

UNIT_TEST(a_tick_is_due_at_its_deadline_rounded_up_never_early)
{
	uint64_t origin = counter;

	/* 24 MHz / 7 Hz: 3428571.43 counter ticks a period. */
	armed = NULL;
	EXPECT(tick_start(7, hook) == 0 && armed, "7 Hz to start");
	EXPECT(armed_at == origin + 3428572, "tick 1 at +3428572, got +%llu",
	       (unsigned long long)(armed_at - origin));
	EXPECT(tick_due(7) == origin + FREQ_HZ, "tick 7 on the second, got "
	       "+%llu", (unsigned long long)(tick_due(7) - origin));
	/* Expiring exactly at its deadline delivers it. */
	expire_at(tick_due(1));
	EXPECT(tick_count() == 1, "tick 1 delivered at its deadline, count "
	       "%llu", (unsigned long long)tick_count());
	EXPECT(armed && armed_at == tick_due(2), "tick 2 armed next, at "
	       "+%llu", armed ? (unsigned long long)(armed_at - origin) : 0);
	tick_stop();
	counter = origin;
}

UNIT_TEST(a_late_interrupt_delivers_every_tick_passed_then_arms_the_next)
{
	uint64_t origin = counter;

	nseen = 0;
	stop_at = 0;
	EXPECT(tick_start(1000, noting_hook) == 0, "1000 Hz to start");
	/* Late by 3.5 periods: ticks 1 to 4 at once, tick 5 armed. */
	expire_at(tick_due(4) + FREQ_HZ / 2000);
	EXPECT(nseen == 4 && seen[0] == 1 && seen[1] == 2 && seen[2] == 3 &&
	       seen[3] == 4, "ticks 1 2 3 4 delivered, %u were", nseen);
	EXPECT(tick_count() == 4, "count 4, got %llu",
	       (unsigned long long)tick_count());
	EXPECT(armed && armed_at == tick_due(5), "tick 5 armed");
	tick_stop();
	/* Started again, it counts from 0. */
	EXPECT(tick_start(1000, noting_hook) == 0 && tick_count() == 0,
	       "a new start counts from 0, got %llu",
	       (unsigned long long)tick_count());
	tick_stop();
	counter = origin;
}

UNIT_TEST(a_hook_that_stops_the_tick_ends_a_catch_up)
{
	uint64_t origin = counter;

	nseen = 0;
	stop_at = 2;
	EXPECT(tick_start(1000, noting_hook) == 0, "1000 Hz to start");
	expire_at(tick_due(5));
	EXPECT(nseen == 2, "ticks 1 and 2 only, %u delivered", nseen);
	EXPECT(!armed, "nothing armed after the stop");
	counter = origin;
}

int main(void)
{
	return unit_run_all();
}
