#include "tick.h"

#include "arch.h"
#include "clock.h"
#include "kerr.h"
#include "ktime.h"
#include "timeconv.h"

static uint64_t tick_origin_ticks, tick_hz;
static volatile uint64_t tick_done;	/* ticks delivered so far */
static tick_hook_fn tick_hook;
static struct timeout tick_timeout;
/* Bumped by tick_start() and tick_stop(): a hook that calls either has
 * ended the run tick_expired() was delivering. */
static unsigned int tick_generation;

/* Deadline of tick n, computed from the origin each time so that a
 * non-integral period (24 MHz / 7 Hz) never accumulates rounding. Out of
 * line: three callers here, and its 64-bit arithmetic is not small. */
__attribute__((noinline)) uint64_t tick_due(uint64_t n)
{
	return tick_origin_ticks + muldiv64_ceil(n, clock_freq_hz(), tick_hz);
}

static void tick_expired(struct timeout *t)
{
	uint64_t now = clock_ticks(), next = tick_done + 1;
	unsigned int generation = tick_generation;

	/* Deliver every tick whose deadline has passed, even if the
	 * interrupt came late, then arm the first one still ahead; unless
	 * the hook stopped the tick, or started it afresh (which armed it). */
	while (tick_due(next) <= now) {
		tick_done = next;
		if (tick_hook) {
			tick_hook(next);
			if (tick_generation != generation)
				return;
		}
		next++;
	}
	ktime_arm(t, tick_due(next));
}

int tick_start(uint32_t hz, tick_hook_fn hook)
{
	irqstate_t s;

	if (!clock_event() || !clock_source())
		return -E_NODEV;
	if (hz == 0 || hz > 100000)
		return -E_INVAL;
	s = arch_irq_save();
	tick_generation++;
	tick_hz = hz;
	tick_hook = hook;
	tick_done = 0;
	tick_origin_ticks = clock_ticks();
	tick_timeout.fn = tick_expired;
	ktime_arm(&tick_timeout, tick_due(1));
	arch_irq_restore(s);
	return 0;
}

void tick_stop(void)
{
	irqstate_t s = arch_irq_save();

	tick_generation++;
	ktime_cancel(&tick_timeout);
	arch_irq_restore(s);
}

uint64_t tick_count(void)
{
	irqstate_t s = arch_irq_save();
	uint64_t n = tick_done;

	arch_irq_restore(s);
	return n;
}
