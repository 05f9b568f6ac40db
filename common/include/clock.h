/* Time: the CPU's free-running counter (arch_counter_read(), whose rate a
 * timer driver registers as the clocksource) and one one-shot deadline
 * timer (the clockevent) the timer driver supplies.
 *
 * The counter is the single time base. Public times are 64-bit nanoseconds
 * since the counter's zero (not this kernel's boot: in a cell the counter
 * ran before it); deadlines are converted once, rounding up, into counter
 * ticks, which is what the interrupt path compares. The conversions are
 * exact (no accumulated rounding) and do not overflow for 100 years at
 * counter rates up to 5 GHz. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

#include "arch.h"

struct clocksource {
	const char *name;
	uint64_t freq_hz;	/* of arch_counter_read() */
};

struct clockevent {
	const char *name;
	/* Arms the one-shot timer to fire when the counter reaches `ticks`
	 * (immediately if it already has). Replaces any earlier deadline. */
	void (*set_deadline)(uint64_t ticks);
	/* Disarms the timer. */
	void (*stop)(void);
	/* The interrupt it raises (for measurements that borrow it). */
	unsigned int irq;
};

void clock_register_source(const struct clocksource *cs);
void clock_register_event(const struct clockevent *ce);
const struct clocksource *clock_source(void);
const struct clockevent *clock_event(void);

/* Reads the counter: inline, a couple of instructions. */
static inline uint64_t clock_ticks(void)
{
	return arch_counter_read();
}

uint64_t clock_freq_hz(void);
uint64_t clock_now_ns(void);

/* Exact conversions (see timeconv.h); ticks -> ns rounds down, ns -> ticks
 * rounds up, so a deadline converted to ticks is never early, and
 * saturates at UINT64_MAX (never) where the ticks pass 64 bits. */
uint64_t clock_ticks_to_ns(uint64_t ticks);
uint64_t clock_ns_to_ticks(uint64_t ns);
/* The counter value `ns` after the counter value `base`, the same way,
 * saturating rather than wrapping into the past. */
uint64_t clock_deadline(uint64_t base, uint64_t ns);

/* The function the clockevent's interrupt calls (set by the time core). */
typedef void (*clock_event_fn)(uint64_t now_ticks);
void clock_set_event_handler(clock_event_fn fn);
/* Called by the clockevent driver from its interrupt handler. */
void clock_event_fire(void);

#endif
