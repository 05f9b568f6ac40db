#include "mutex.h"

#include "arch.h"
#include "kerr.h"
#include "sched.h"


void mutex_init(struct mutex *m, unsigned int flags)
{
	ASSERT(!thread_object_in_use(m, sizeof(*m)),
	       "mutex_init(%p) on a mutex that is held", (void *)m);
	m->owner = NULL;
	m->depth = 0;
	m->flags = flags;
	waitq_init(&m->waiters);
	list_init(&m->owner_link);
}

/* The priority `t` is due: its own, or the best waiter's of any mutex it
 * holds, whichever is higher. */
static unsigned int mutex_due_prio(const struct thread *t)
{
	unsigned int prio = t->base_prio;
	struct list *pos;

	list_for_each(pos, &t->owned) {
		const struct mutex *m = list_entry(pos, struct mutex,
						   owner_link);
		const struct thread *w = waitq_first(&m->waiters);

		if (w && !(m->flags & MUTEX_NO_INHERIT) && w->prio > prio)
			prio = w->prio;
	}
	return prio;
}

/* Re-derives the priority of `t` and of the owners down the chain of
 * mutexes it waits for, stopping where nothing changes; `t` is the
 * owners'th owner of that chain (0: it is where the change began). */
static void mutex_chain_update(struct thread *t, unsigned int owners)
{
	for (; t; owners++) {
		unsigned int prio = mutex_due_prio(t);

		if (prio == t->prio)
			return;
		/* A lock refuses a longer chain ahead of it, but a chain can
		 * also grow from behind: then stop loudly, not unboosted. */
		ASSERT(owners <= MUTEX_CHAIN_MAX, "priority inheritance "
		       "through more than %u owners (thread '%s')",
		       MUTEX_CHAIN_MAX, t->name);
		sched_set_prio(t, prio);
		t = t->blocked_on ? t->blocked_on->owner : NULL;
	}
}

void mutex_update_chain(struct thread *t)
{
	mutex_chain_update(t, 0);
}

/* The timeout of `t`, waiting for a mutex, expired and took it off the
 * wait queue. This runs in the timer interrupt because `t` could not do
 * it in time itself: the owner it boosted runs at its level and keeps it
 * off the CPU, the timeout unbounded, until the boost is gone. */
void mutex_wait_timed_out(struct thread *t)
{
	struct mutex *m = t->blocked_on;

	t->blocked_on = NULL;
	mutex_chain_update(m->owner, 1);
}

static void mutex_take(struct mutex *m, struct thread *t)
{
	m->owner = t;
	m->depth = 1;
	list_add_tail(&t->owned, &m->owner_link);
}

/* Waiting for `m`: -E_DEADLK when that would close a cycle of owners back
 * to `self`; -E_RANGE when more than MUTEX_CHAIN_MAX owners lie ahead (the
 * boost could not reach the last, nor this walk a cycle beyond it). */
static int mutex_chain_check(const struct mutex *m, const struct thread *self)
{
	const struct thread *o = m->owner;

	for (unsigned int n = 0; o; n++) {
		if (o == self)
			return -E_DEADLK;
		if (n == MUTEX_CHAIN_MAX)
			return -E_RANGE;
		o = o->blocked_on ? o->blocked_on->owner : NULL;
	}
	return 0;
}

/* Boosts the chain of owners, up to the first mutex that passes nothing
 * on, then sleeps until an unlock hands `m` over or the timeout gives up
 * (mutex_wait_timed_out): either ends blocked_on. Interrupts masked. */
static int mutex_wait(struct mutex *m, struct thread *self, uint64_t timeout)
{
	struct mutex *link = m;

	self->blocked_on = m;
	for (unsigned int i = 0; link && i < MUTEX_CHAIN_MAX &&
	     !(link->flags & MUTEX_NO_INHERIT); i++) {
		struct thread *o = link->owner;

		if (o->prio < self->prio)
			sched_set_prio(o, self->prio);
		link = o->blocked_on;
	}
	return sched_block(&m->waiters, timeout, "mutex_lock");
}

int mutex_lock(struct mutex *m, uint64_t timeout)
{
	struct thread *self = sched.current;
	irqstate_t s;
	int err = 0;

	/* Even a try: the owner would be the thread the handler interrupted. */
	ASSERT(!irq_in_isr(), "mutex_lock from interrupt context: a mutex "
	       "is owned by a thread");
	s = arch_irq_save();
	if (!m->owner) {
		/* A zeroed mutex (static, never set up) is a free one with
		 * flags 0: its wait queue gets its links here, before any
		 * thread can wait on it or its holder's priority look at it. */
		if (!m->waiters.waiters.next)
			waitq_init(&m->waiters);
		mutex_take(m, self);
	} else if (m->owner == self) {
		if (m->flags & MUTEX_RECURSIVE)
			m->depth++;
		else
			err = -E_DEADLK;
	} else if (timeout == TIMEOUT_NONE) {
		err = -E_AGAIN;
	} else {
		err = mutex_chain_check(m, self);
		if (!err)
			err = mutex_wait(m, self, timeout);
	}
	arch_irq_restore(s);
	return err;
}

int mutex_unlock(struct mutex *m)
{
	struct thread *self = sched.current;
	struct thread *next;
	irqstate_t s;

	SCHED_ASSERT_MAY_BLOCK("mutex_unlock");
	s = arch_irq_save();
	if (m->owner != self) {
		arch_irq_restore(s);
		return -E_PERM;
	}
	if (m->depth > 1) {
		m->depth--;
		arch_irq_restore(s);
		return 0;
	}
	sched_preempt_disable();
	list_remove(&m->owner_link);
	next = waitq_first(&m->waiters);
	if (next) {
		/* Hand over: the waiter wakes up owning the mutex. */
		mutex_take(m, next);
		next->blocked_on = NULL;
		sched_wake(next, 0);
		mutex_update_chain(next);
	} else {
		m->owner = NULL;
	}
	mutex_update_chain(self);
	sched_preempt_enable();
	arch_irq_restore(s);
	return 0;
}
