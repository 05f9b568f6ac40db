/* Host tests of the clock registry (common/clock.c): the clockevent's
 * handler, which the time core sets and may take away again, the rate
 * before any clocksource, and the refusal of a clocksource without a
 * rate. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "clock.h"
#include "panic.h"
#include "unit.h"

static uint64_t counter = 4242;

uint64_t unit_counter_read(void)
{
	return counter;
}

/* An assertion returns to the test that expects one. */
static jmp_buf *on_assert;

void panic_assert(const char *file, int line, const char *cond,
		  const char *fmt, ...)
{
	(void)file;
	(void)line;
	(void)cond;
	(void)fmt;
	if (on_assert)
		longjmp(*on_assert, 1);
	abort();
}

static unsigned int handled;
static uint64_t handled_at;

static void note_event(uint64_t now)
{
	handled++;
	handled_at = now;
}

/* First in the file (cases run in their order, unit.c): before a timer
 * driver registers a counter there is none, and no rate either. */
UNIT_TEST(before_a_clocksource_registers_there_is_none_and_no_rate)
{
	EXPECT(clock_source() == NULL, "no clocksource yet");
	EXPECT(clock_freq_hz() == 0, "rate 0 without a clocksource, got %llu",
	       (unsigned long long)clock_freq_hz());
}

UNIT_TEST(the_event_goes_to_the_handler_until_a_null_one_ignores_it)
{
	handled = 0;
	clock_set_event_handler(note_event);
	clock_event_fire();
	EXPECT(handled == 1 && handled_at == counter, "the handler called "
	       "once with the counter %llu, got %u calls at %llu",
	       (unsigned long long)counter, handled,
	       (unsigned long long)handled_at);
	/* No handler: the event is ignored, not a call through NULL. */
	clock_set_event_handler(NULL);
	clock_event_fire();
	EXPECT(handled == 1, "no call once the handler is gone, got %u",
	       handled);
}

UNIT_TEST(a_clocksource_without_a_rate_is_refused)
{
	static const struct clocksource good = { "good", 24000000 };
	static const struct clocksource zero = { "zero", 0 };
	jmp_buf env;
	volatile bool asserted = false;

	clock_register_source(&good);
	on_assert = &env;
	if (setjmp(env) == 0)
		clock_register_source(&zero);
	else
		asserted = true;
	on_assert = NULL;
	EXPECT(asserted, "registering a 0 Hz clocksource to assert");
	EXPECT(clock_source() == &good && clock_freq_hz() == 24000000,
	       "the registered clocksource kept, got '%s'",
	       clock_source()->name);
}

int main(void)
{
	return unit_run_all();
}
