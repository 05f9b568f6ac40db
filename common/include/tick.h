/* A periodic tick driven by one-shot programming of the clockevent: each
 * tick arms the next at an absolute counter value (start + n * period), so
 * the rate has no drift and a late interrupt does not shift later ticks. */
#ifndef TICK_H
#define TICK_H

#include <stdint.h>

typedef void (*tick_hook_fn)(uint64_t tick);

/* Starts ticking at `hz` (1..100000); `hook` runs in interrupt context on
 * every tick. -E_NODEV without a clockevent, -E_INVAL for a bad rate.
 * Both may be called from the hook: tick_stop() stops the tick there,
 * tick_start() starts it afresh (tick 1 one new period later). */
int tick_start(uint32_t hz, tick_hook_fn hook);
void tick_stop(void);
/* Ticks since tick_start(). */
uint64_t tick_count(void);
/* Counter value at which tick `n` is due (n = 0 is tick_start()). */
uint64_t tick_due(uint64_t n);

#endif
