/* Message queues of fixed-size items in caller-provided storage. Items are
 * copied; a sender and a waiting receiver hand the item over directly, so
 * a woken thread never finds its item taken by another. FIFO order. */
#ifndef MSGQ_H
#define MSGQ_H

#include <stddef.h>
#include <stdint.h>

#include "thread.h"

struct msgq {
	uint8_t *buf;
	size_t item_size;
	unsigned int capacity, count, head;
	struct waitq senders, receivers;
};

/* `buf` holds `capacity` items of `item_size` bytes. Capacity 0 (no
 * `buf`) is a rendezvous: a send and a receive wait for each other.
 * Items are copied with interrupts masked: a large item lengthens the
 * worst-case interrupt latency. On a queue a thread waits on (to send
 * or to receive), an assertion (the waiter would be stranded). */
void msgq_init(struct msgq *q, void *buf, size_t item_size,
	       unsigned int capacity);
/* Sends a copy of `item`, waiting at most `timeout` for room: 0, -E_AGAIN
 * (try, full) or -E_TIMEOUT. Thread context. */
int msgq_send(struct msgq *q, const void *item, uint64_t timeout);
/* Receives the oldest item into `item`: 0, -E_AGAIN or -E_TIMEOUT. */
int msgq_recv(struct msgq *q, void *item, uint64_t timeout);
/* Non-blocking variants for interrupt handlers (0 or -E_AGAIN). */
int msgq_send_from_isr(struct msgq *q, const void *item);
int msgq_recv_from_isr(struct msgq *q, void *item);
unsigned int msgq_count(const struct msgq *q);

#endif
