/* Kernel time: timeouts against the clockevent.
 *
 * Tickless by default: the one-shot timer is always armed for the earliest
 * pending deadline, and not at all when nothing is pending, so an idle
 * system takes no timer interrupts. Built with CELLMATE_TICK_HZ > 0 the
 * timer fires periodically instead and deadlines expire on the first tick
 * at or after them (the classic RTOS tick, kept so both can be measured).
 *
 * Timeouts are `struct timeout` entries (timeq.h) with absolute deadlines in
 * counter ticks; their functions run in interrupt context with interrupts
 * masked. */
#ifndef KTIME_H
#define KTIME_H

#include <stdint.h>

#include "timeq.h"

/* Relative timeouts of blocking calls, in nanoseconds. */
#define TIMEOUT_NONE 0ull		/* try once, never block */
#define TIMEOUT_FOREVER UINT64_MAX	/* no time limit */

#define NS(x) ((uint64_t)(x))
#define US(x) ((uint64_t)(x) * 1000ull)
#define MS(x) ((uint64_t)(x) * 1000000ull)
#define SEC(x) ((uint64_t)(x) * 1000000000ull)

#ifndef CELLMATE_TICK_HZ
#define CELLMATE_TICK_HZ 0
#endif

/* Takes over the clockevent. Boot context. */
void ktime_init(void);

/* Arms `t` (its fn set) for the absolute counter value `deadline`,
 * replacing an earlier arming. Any context, interrupts masked or not. */
void ktime_arm(struct timeout *t, uint64_t deadline);
/* Disarms `t`; harmless if it is not armed. */
void ktime_cancel(struct timeout *t);

/* Absolute deadline in counter ticks for a relative timeout in ns from
 * now (saturating: a huge timeout never wraps into the past). */
uint64_t ktime_deadline_after(uint64_t ns);

/* Lends the clockevent (and its interrupt) to a measurement: the kernel
 * stops programming it until ktime_reclaim(). Timeouts pending or armed
 * meanwhile are held, none lost: those that fall due expire at the
 * reclaim, late. The borrower should give the timer back by `*due`, the
 * earliest deadline held (UINT64_MAX: none), and must not wait on a
 * timeout itself meanwhile (it could not expire: asserted). Returns how
 * many timeouts were pending. Thread context. */
unsigned int ktime_lend(uint64_t *due);
void ktime_reclaim(void);

/* Pending timeouts (for the benchmark and tests). */
unsigned int ktime_pending(void);
/* Timer interrupts taken since boot, and those that found no deadline
 * due (periodic ticks with nothing to do; zero in a tickless build).
 * Counters that wrap: take differences. */
unsigned int ktime_interrupts(void);
unsigned int ktime_idle_interrupts(void);

#endif
