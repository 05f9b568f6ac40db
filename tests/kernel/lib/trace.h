/* An ordered log of small integers that threads and handlers append to,
 * for tests that check who ran when. */
#ifndef TRACE_H
#define TRACE_H

#include "arch.h"

#define TRACE_MAX 64

struct trace {
	unsigned int n;
	int ev[TRACE_MAX];
};

static inline void trace_reset(struct trace *t)
{
	t->n = 0;
}

static inline void trace_add(struct trace *t, int ev)
{
	irqstate_t s = arch_irq_save();

	if (t->n < TRACE_MAX)
		t->ev[t->n++] = ev;
	arch_irq_restore(s);
}

/* True when the trace is exactly `want[0..n)`. */
static inline bool trace_is(const struct trace *t, const int *want,
			    unsigned int n)
{
	if (t->n != n)
		return false;
	for (unsigned int i = 0; i < n; i++)
		if (t->ev[i] != want[i])
			return false;
	return true;
}

/* Prints the trace, for failure messages. */
void trace_print(const struct trace *t);

#define TRACE_IS(t, ...)                                                     \
	trace_is((t), (const int[]){ __VA_ARGS__ },                          \
		 sizeof((const int[]){ __VA_ARGS__ }) / sizeof(int))

#endif
