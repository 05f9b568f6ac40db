/* Counting and binary semaphores. Waiters are served by priority, FIFO
 * among equals; a give hands the count straight to the best waiter. */
#ifndef SEM_H
#define SEM_H

#include <stdint.h>

#include "thread.h"

struct sem {
	unsigned int count, max;
	struct waitq waiters;
};

/* `max` = 1 (or 0) makes a binary semaphore; `initial` is capped at it.
 * On a semaphore a thread waits on, an assertion (the waiter would miss
 * every give). */
void sem_init(struct sem *s, unsigned int initial, unsigned int max);
/* Takes one count, waiting at most `timeout` ns: 0, -E_AGAIN (try and
 * none available) or -E_TIMEOUT. Thread context; a try (TIMEOUT_NONE)
 * also in an interrupt handler, where another timeout is an assertion,
 * a count there or not. */
int sem_take(struct sem *s, uint64_t timeout);
/* Gives one count: 0, or -E_RANGE when already at max (the give is
 * lost; a binary semaphore stays given). Thread context. */
int sem_give(struct sem *s);
/* The same from an interrupt handler: a woken higher-priority thread runs
 * when the interrupt returns. */
int sem_give_from_isr(struct sem *s);
unsigned int sem_count(const struct sem *s);

#endif
