#include "sem.h"

#include "arch.h"
#include "irq.h"
#include "kerr.h"
#include "sched.h"

void sem_init(struct sem *s, unsigned int initial, unsigned int max)
{
	ASSERT(!thread_object_in_use(s, sizeof(*s)),
	       "sem_init(%p) on a semaphore threads wait on", (void *)s);
	s->max = max ? max : 1;
	s->count = initial < s->max ? initial : s->max;
	waitq_init(&s->waiters);
}

int sem_take(struct sem *s, uint64_t timeout)
{
	irqstate_t st;
	int err = 0;

	/* A try is a handler's take as well; a wait is a thread's, even
	 * when a count is there to take (or a handler would pass its tests
	 * and assert in the field). */
	if (timeout != TIMEOUT_NONE)
		SCHED_ASSERT_MAY_BLOCK("sem_take");
	st = arch_irq_save();
	if (s->count) {
		s->count--;
	} else if (timeout == TIMEOUT_NONE) {
		err = -E_AGAIN;
	} else {
		err = sched_wait(&s->waiters, timeout);
	}
	arch_irq_restore(st);
	return err;
}

static int sem_give_locked(struct sem *s)
{
	struct thread *t = waitq_first(&s->waiters);

	if (t) {
		sched_wake(t, 0);
		return 0;
	}
	if (s->count == s->max)
		return -E_RANGE;
	s->count++;
	return 0;
}

int sem_give(struct sem *s)
{
	irqstate_t st;
	int err;

	ASSERT(!irq_in_isr(), "sem_give from interrupt context: use "
	       "sem_give_from_isr");
	st = arch_irq_save();
	err = sem_give_locked(s);
	arch_irq_restore(st);
	return err;
}

int sem_give_from_isr(struct sem *s)
{
	irqstate_t st = arch_irq_save();
	int err = sem_give_locked(s);

	arch_irq_restore(st);
	return err;
}

unsigned int sem_count(const struct sem *s)
{
	return s->count;
}
