#include "event.h"

#include "arch.h"
#include "irq.h"
#include "kerr.h"
#include "sched.h"


struct event_waiter {
	uint32_t mask;
	unsigned int opts;
	uint32_t seen;
};

void event_init(struct event *e, uint32_t bits)
{
	ASSERT(!thread_object_in_use(e, sizeof(*e)),
	       "event_init(%p) on event flags threads wait on", (void *)e);
	e->bits = bits;
	waitq_init(&e->waiters);
}

static bool event_holds(uint32_t bits, uint32_t mask, unsigned int opts)
{
	return opts & EVENT_ALL ? (bits & mask) == mask : (bits & mask) != 0;
}

int event_wait(struct event *e, uint32_t mask, unsigned int opts,
	       uint64_t timeout, uint32_t *seen)
{
	struct event_waiter w = { mask, opts, 0 };
	irqstate_t s;
	int err = 0;

	if (!mask)
		return -E_INVAL;
	s = arch_irq_save();
	if (event_holds(e->bits, mask, opts)) {
		w.seen = e->bits;
		if (opts & EVENT_CLEAR)
			e->bits &= ~mask;
	} else if (timeout == TIMEOUT_NONE) {
		err = -E_AGAIN;
	} else {
		sched.current->wait_data = &w;
		err = sched_block(&e->waiters, timeout, "event_wait");
	}
	arch_irq_restore(s);
	if (err == 0 && seen)
		*seen = w.seen;
	return err;
}

static void event_set_locked(struct event *e, uint32_t bits)
{
	struct list *pos, *next;
	uint32_t clear = 0;

	e->bits |= bits;
	sched_preempt_disable();
	for (pos = e->waiters.waiters.next; pos != &e->waiters.waiters;
	     pos = next) {
		struct thread *t = list_entry(pos, struct thread, node);
		struct event_waiter *w = t->wait_data;

		next = pos->next;
		if (!event_holds(e->bits, w->mask, w->opts))
			continue;
		w->seen = e->bits;
		if (w->opts & EVENT_CLEAR)
			clear |= w->mask;
		sched_wake(t, 0);
	}
	e->bits &= ~clear;
	sched_preempt_enable();
}

void event_set(struct event *e, uint32_t bits)
{
	irqstate_t s;

	ASSERT(!irq_in_isr(), "event_set from interrupt context: use "
	       "event_set_from_isr");
	s = arch_irq_save();
	event_set_locked(e, bits);
	arch_irq_restore(s);
}

void event_set_from_isr(struct event *e, uint32_t bits)
{
	irqstate_t s = arch_irq_save();

	event_set_locked(e, bits);
	arch_irq_restore(s);
}

void event_clear(struct event *e, uint32_t bits)
{
	irqstate_t s = arch_irq_save();

	e->bits &= ~bits;
	arch_irq_restore(s);
}

uint32_t event_get(const struct event *e)
{
	return e->bits;
}
