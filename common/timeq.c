#include "timeq.h"

#include <stddef.h>

void timeq_init(struct timeq *q, uint32_t seed)
{
	for (unsigned int l = 0; l < TIMEQ_LEVELS; l++)
		q->head.next[l] = NULL;
	q->head.levels = TIMEQ_LEVELS;
	q->rng = seed ? seed : 0x2545f491u;
}

/* 1 + the number of trailing pairs of zero bits: level l with probability
 * 4^-(l-1). */
static unsigned int timeq_random_levels(struct timeq *q)
{
	uint32_t x = q->rng;
	unsigned int levels = 1;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	q->rng = x;
	while (levels < TIMEQ_LEVELS && (x & 3) == 0) {
		levels++;
		x >>= 2;
	}
	return levels;
}

void timeq_insert(struct timeq *q, struct timeout *t, uint64_t deadline)
{
	struct timeout *pos = &q->head;
	unsigned int levels = timeq_random_levels(q);

	/* At most one level above the highest in use: with few entries
	 * pending, high levels only cost time when the entry expires (its
	 * unlinking touches each level), and searches cannot use them. */
	while (levels > 1 && !q->head.next[levels - 2])
		levels--;
	t->deadline = deadline;
	t->levels = (uint8_t)levels;
	/* From the top level down, move right past every entry due at or
	 * before `deadline` (so equal deadlines stay FIFO); link in on the
	 * levels this node has. */
	for (int l = TIMEQ_LEVELS - 1; l >= 0; l--) {
		while (pos->next[l] && pos->next[l]->deadline <= deadline)
			pos = pos->next[l];
		if ((unsigned int)l < levels) {
			struct timeout *next = pos->next[l];

			t->next[l] = next;
			t->prev[l] = pos;
			if (next)
				next->prev[l] = t;
			pos->next[l] = t;
		}
	}
}

void timeq_remove(struct timeout *t)
{
	for (unsigned int l = 0; l < t->levels; l++) {
		t->prev[l]->next[l] = t->next[l];
		if (t->next[l])
			t->next[l]->prev[l] = t->prev[l];
	}
	t->levels = 0;
}

unsigned int timeq_count(const struct timeq *q)
{
	unsigned int n = 0;

	for (const struct timeout *t = q->head.next[0]; t; t = t->next[0])
		n++;
	return n;
}
