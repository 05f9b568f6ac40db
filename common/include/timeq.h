/* The timeout queue: pending deadlines ordered by expiry time.
 *
 * A skip list with doubly linked levels:
 *   - insertion: O(log n) expected (a search from the top level down);
 *   - the earliest deadline: O(1) (the first node);
 *   - expiring the head or cancelling any entry: O(1) (unlinking a node
 *     touches only its own levels, at most TIMEQ_LEVELS).
 * Levels are drawn from a xorshift generator with p = 1/4, capped at one
 * above the highest level in use (so a short queue stays low and its
 * expiries cheap), so eight levels keep searches logarithmic up to about
 * 4^8 = 65536 pending entries (and still correct, merely slower, beyond). Entries with equal deadlines
 * expire in insertion order. No allocation: the caller owns the entries.
 * Pure data structure: host unit-tested; the caller provides locking. */
#ifndef TIMEQ_H
#define TIMEQ_H

#include <stdbool.h>
#include <stdint.h>

#define TIMEQ_LEVELS 8

struct timeout;
typedef void (*timeout_fn)(struct timeout *t);

struct timeout {
	uint64_t deadline;	/* counter ticks */
	timeout_fn fn;		/* called on expiry (by the queue's owner) */
	uint8_t levels;		/* 0 when not queued */
	struct timeout *next[TIMEQ_LEVELS];
	struct timeout *prev[TIMEQ_LEVELS];
};

struct timeq {
	struct timeout head;	/* sentinel: next[l] of level l, or NULL */
	uint32_t rng;
};

void timeq_init(struct timeq *q, uint32_t seed);
/* Queues `t` (which must not be queued) to expire at `deadline`. */
void timeq_insert(struct timeq *q, struct timeout *t, uint64_t deadline);
/* Unqueues `t` from its queue; harmless if it is not queued. */
void timeq_remove(struct timeout *t);
/* Queued timeouts, counted (O(n): for reports and tests, off the hot
 * paths, which keep no count). */
unsigned int timeq_count(const struct timeq *q);

/* Unqueues the first timeout (the queue must not be empty): the head's
 * successor on each of its levels. Inline: the timer interrupt's path. */
static inline void timeq_pop(struct timeq *q)
{
	struct timeout *t = q->head.next[0];

	for (unsigned int l = 0; l < t->levels; l++) {
		struct timeout *next = t->next[l];

		q->head.next[l] = next;
		if (next)
			next->prev[l] = &q->head;
	}
	t->levels = 0;
}

static inline struct timeout *timeq_first(const struct timeq *q)
{
	return q->head.next[0];
}

static inline bool timeout_queued(const struct timeout *t)
{
	return t->levels != 0;
}

#endif
