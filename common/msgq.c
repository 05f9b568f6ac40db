#include "msgq.h"

#include "arch.h"
#include "irq.h"
#include "kerr.h"
#include "kstring.h"
#include "sched.h"

void msgq_init(struct msgq *q, void *buf, size_t item_size,
	       unsigned int capacity)
{
	bool waited = thread_object_in_use(q, sizeof(*q));

	ASSERT(!waited, "msgq_init(%p) on a message queue threads wait on",
	       (void *)q);
	q->buf = buf;
	q->item_size = item_size;
	q->capacity = capacity;
	q->count = q->head = 0;
	waitq_init(&q->senders);
	waitq_init(&q->receivers);
}

static uint8_t *slot(const struct msgq *q, unsigned int i)
{
	return q->buf + (size_t)((q->head + i) % q->capacity) * q->item_size;
}

/* Puts `item` in the queue or in a waiting receiver's hands. */
static bool msgq_put(struct msgq *q, const void *item)
{
	struct thread *r = waitq_first(&q->receivers);

	if (r) {
		memcpy(r->wait_data, item, q->item_size);
		sched_wake(r, 0);
		return true;
	}
	if (q->count == q->capacity)
		return false;
	memcpy(slot(q, q->count), item, q->item_size);
	q->count++;
	return true;
}

/* Takes the oldest item and lets the first blocked sender in. */
static bool msgq_get(struct msgq *q, void *item)
{
	struct thread *s;

	if (q->count == 0) {
		/* Senders wait on an empty queue only when it has no
		 * storage (capacity 0): straight from the first one's hands. */
		s = waitq_first(&q->senders);
		if (!s)
			return false;
		memcpy(item, s->wait_data, q->item_size);
		sched_wake(s, 0);
		return true;
	}
	memcpy(item, slot(q, 0), q->item_size);
	q->head = (q->head + 1) % q->capacity;
	q->count--;
	s = waitq_first(&q->senders);
	if (s) {
		memcpy(slot(q, q->count), s->wait_data, q->item_size);
		q->count++;
		sched_wake(s, 0);
	}
	return true;
}

int msgq_send(struct msgq *q, const void *item, uint64_t timeout)
{
	irqstate_t s;
	int err = 0;

	SCHED_ASSERT_MAY_BLOCK("msgq_send");
	s = arch_irq_save();
	if (!msgq_put(q, item)) {
		if (timeout == TIMEOUT_NONE) {
			err = -E_AGAIN;
		} else {
			sched.current->wait_data = (void *)(uintptr_t)item;
			/* Checked on entry (interrupts masked since): not
			 * sched_block(), which would check again. */
			err = sched_wait(&q->senders, timeout);
		}
	}
	arch_irq_restore(s);
	return err;
}

int msgq_recv(struct msgq *q, void *item, uint64_t timeout)
{
	irqstate_t s;
	int err = 0;

	SCHED_ASSERT_MAY_BLOCK("msgq_recv");
	s = arch_irq_save();
	if (!msgq_get(q, item)) {
		if (timeout == TIMEOUT_NONE) {
			err = -E_AGAIN;
		} else {
			sched.current->wait_data = item;
			/* As in msgq_send(): checked on entry. */
			err = sched_wait(&q->receivers, timeout);
		}
	}
	arch_irq_restore(s);
	return err;
}

int msgq_send_from_isr(struct msgq *q, const void *item)
{
	irqstate_t s = arch_irq_save();
	bool ok = msgq_put(q, item);

	arch_irq_restore(s);
	return ok ? 0 : -E_AGAIN;
}

int msgq_recv_from_isr(struct msgq *q, void *item)
{
	irqstate_t s = arch_irq_save();
	bool ok = msgq_get(q, item);

	arch_irq_restore(s);
	return ok ? 0 : -E_AGAIN;
}

unsigned int msgq_count(const struct msgq *q)
{
	return q->count;
}
