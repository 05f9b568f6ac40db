/* Host tests of the periodic tick's refusals (common/tick.c): no clock,
 * and rates outside 1..100000 Hz. The clock and the kernel's timeouts are
 * stand-ins that note what the tick arms. */
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

int main(void)
{
	return unit_run_all();
}
