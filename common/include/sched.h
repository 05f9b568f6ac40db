/* The scheduler's internal interface, for the core's synchronisation
 * objects. Every function here is called with interrupts masked. */
#ifndef SCHED_H
#define SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "irq.h"
#include "panic.h"
#include "thread.h"

extern struct thread *sched_current;

static inline void waitq_init(struct waitq *wq)
{
	list_init(&wq->waiters);
}

static inline bool waitq_empty(const struct waitq *wq)
{
	return list_empty(&wq->waiters);
}

/* The highest-priority (then longest-waiting) waiter, or NULL. */
static inline struct thread *waitq_first(const struct waitq *wq)
{
	return waitq_empty(wq) ? NULL
			       : list_entry(wq->waiters.next, struct thread,
					    node);
}

/* Blocks the current thread on `wq` for at most `timeout` ns (never
 * TIMEOUT_NONE: the caller handles a try). Returns the result the waker
 * gave (0 or a kerr code), or -E_TIMEOUT. `what` names the call for the
 * assertion against blocking in interrupt context. */
int sched_block(struct waitq *wq, uint64_t timeout, const char *what);

/* Makes a blocked or sleeping thread ready with `result`: unlinks it from
 * its wait queue, cancels its timeout, and asks for a reschedule. */
void sched_wake(struct thread *t, int result);

/* Switches to the highest-priority ready thread if it is not the current
 * one: at once in thread context, on interrupt exit in interrupt context. */
void sched_reschedule(void);

/* Changes the effective priority, keeping ready and wait queues ordered. */
void sched_set_prio(struct thread *t, unsigned int prio);

/* Called by irq_dispatch() once the outermost handler has finished. */
void sched_irq_exit(void);
extern bool sched_switch_pending;

/* Asserts that a blocking call is made from a thread. */
#define SCHED_ASSERT_MAY_BLOCK(what)                                         \
	ASSERT(!irq_in_isr(), "%s: blocking call from interrupt context; use " \
	       "the _from_isr variant or a zero timeout", what)

/* Boot: adopts the running boot context as the main thread, creates the
 * idle thread and starts the time core. */
void sched_init(struct thread *main, const char *name, unsigned int prio,
		void *stack, size_t stack_size);

#endif
