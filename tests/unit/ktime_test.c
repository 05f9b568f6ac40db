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

struct thread *thread_self(void)
{
	return NULL;
}

static uint64_t programmed = UINT64_MAX;

static void note_deadline(uint64_t ticks)
{
	programmed = ticks;
}

static void note_stop(void)
{
	programmed = UINT64_MAX;
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
