/* The scheduler's internal interface, for the core's synchronisation
 * objects. Every function here is called with interrupts masked. */
#ifndef SCHED_H
#define SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "irq.h"
#include "panic.h"
#include "prio_bitmap.h"
#include "thread.h"

/* The scheduler's state, one block so that every path reaches all of it
 * from one base address. Only sched.c writes it. */
struct sched_state {
	struct thread *current;		/* the running thread */
	struct prio_bitmap ready_map;	/* level p: ready[p] is not empty */
	bool switch_pending;		/* a switch waits for preemption */
	bool slicing;			/* round-robin slices are on */
	uint16_t preempt_off;		/* sched_preempt_disable() depth */
	uint64_t switched_at;		/* counter at the last switch */
	struct list ready[THREAD_PRIO_LEVELS];
};

extern struct sched_state sched;

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

/* Asserts that a blocking call is made from a thread. The report is out
 * of line: the check is on the path of every blocking call. */
__attribute__((noreturn, cold)) void sched_block_in_isr(const char *what);
#define SCHED_ASSERT_MAY_BLOCK(what)                                         \
	do {                                                                 \
		if (__builtin_expect(irq_in_isr(), 0))                      \
			sched_block_in_isr(what);                           \
	} while (0)

/* Blocks the current thread on `wq` for at most `timeout` ns (never
 * TIMEOUT_NONE: the caller handles a try). Returns the result the waker
 * gave (0 or a kerr code), or -E_TIMEOUT. sched_block() names the call
 * (`what`) for the assertion against blocking in interrupt context, at
 * the call site; sched_wait() is the rest. */
int sched_wait(struct waitq *wq, uint64_t timeout);

static inline int sched_block(struct waitq *wq, uint64_t timeout,
			      const char *what)
{
	SCHED_ASSERT_MAY_BLOCK(what);
	return sched_wait(wq, timeout);
}

/* Makes a blocked or sleeping thread ready with `result`: unlinks it from
 * its wait queue, cancels its timeout, and asks for a reschedule. */
void sched_wake(struct thread *t, int result);

/* Switches to the highest-priority ready thread if it is not the current
 * one: at once in thread context, on interrupt exit in interrupt context. */
void sched_reschedule(void);

/* Defer preemption, nesting, while a thread makes several scheduling
 * changes that must look atomic (a mutex hand-over, waking many
 * waiters); the enable that ends the outermost switches if a wake-up
 * asked for it meanwhile. Each is called with interrupts masked: an
 * interrupt's wake-up reads the count and sets the pending switch. */
void sched_preempt_disable(void);
void sched_preempt_enable(void);

/* Changes the effective priority, keeping ready and wait queues ordered. */
void sched_set_prio(struct thread *t, unsigned int prio);

/* Priority inheritance (mutex.c). The timeout of `t`, blocked on a
 * mutex, expired and took it off the wait queue: the owners stop
 * inheriting from it. From the timer interrupt. */
void mutex_wait_timed_out(struct thread *t);
/* Gives `t` the priority it is due, the higher of its own (base_prio)
 * and its best waiter's on the mutexes it holds, and passes the change
 * down the chain of owners of the mutexes it waits for. */
void mutex_update_chain(struct thread *t);

/* Whether a thread that has not exited waits on a wait queue inside the
 * `size` bytes at `obj` or holds a mutex whose owner link is there: what
 * an object's _init must not wipe, or its waiters would wait for ever and
 * the holder's list of mutexes would no longer come round. Compares
 * addresses only (a never initialised object holds garbage). Any context;
 * masks interrupts for one walk of every thread, so for set-up paths
 * only. */
bool thread_object_in_use(const void *obj, size_t size);

/* Called by irq_dispatch() once the handler has finished: switches to the
 * best ready thread (handlers only make threads ready, they never switch
 * themselves), unless the interrupted thread disabled preemption. */
void sched_irq_exit(void);

/* Boot: adopts the running boot context as the main thread, creates the
 * idle thread and starts the time core. */
void sched_init(struct thread *main, const char *name, unsigned int prio,
		void *stack, size_t stack_size);

#endif
