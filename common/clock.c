#include "clock.h"

#include "panic.h"
#include "timeconv.h"

static const struct clocksource *clock_cs;
static const struct clockevent *clock_ce;
static void clock_event_ignored(uint64_t now)
{
	(void)now;
}

static clock_event_fn clock_handler = clock_event_ignored;

void clock_register_source(const struct clocksource *cs)
{
	ASSERT(cs->freq_hz > 0, "clocksource %s with a zero frequency",
	       cs->name);
	clock_cs = cs;
}

void clock_register_event(const struct clockevent *ce)
{
	clock_ce = ce;
}

const struct clocksource *clock_source(void)
{
	return clock_cs;
}

const struct clockevent *clock_event(void)
{
	return clock_ce;
}

uint64_t clock_freq_hz(void)
{
	return clock_cs ? clock_cs->freq_hz : 0;
}

uint64_t clock_ticks_to_ns(uint64_t ticks)
{
	return timeconv_ticks_to_ns(ticks, clock_cs->freq_hz);
}

uint64_t clock_ns_to_ticks(uint64_t ns)
{
	return timeconv_ns_to_ticks(ns, clock_cs->freq_hz);
}

uint64_t clock_deadline(uint64_t base, uint64_t ns)
{
	return timeconv_deadline(base, ns, clock_cs->freq_hz);
}

uint64_t clock_now_ns(void)
{
	return clock_ticks_to_ns(clock_ticks());
}

void clock_set_event_handler(clock_event_fn fn)
{
	clock_handler = fn ? fn : clock_event_ignored;
}

void clock_event_fire(void)
{
	clock_handler(clock_ticks());
}
