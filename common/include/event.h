/* Event flags: 32 bits that threads wait on, for any or all of a mask. */
#ifndef EVENT_H
#define EVENT_H

#include <stdint.h>

#include "thread.h"

#define EVENT_ANY 0x0		/* wake when any bit of the mask is set */
#define EVENT_ALL 0x1		/* wake when all bits of the mask are set */
#define EVENT_CLEAR 0x2		/* clear the mask's bits on wake-up */

struct event {
	uint32_t bits;
	struct waitq waiters;
};

/* On event flags a thread waits on, an assertion (the waiter would miss
 * every set). */
void event_init(struct event *e, uint32_t bits);
/* Waits until the condition holds; *seen (may be NULL) gets the bits as
 * they were when it held, before any clearing. 0, -E_AGAIN (try),
 * -E_TIMEOUT, or -E_INVAL for an empty mask (a condition on no bits).
 * Thread context. */
int event_wait(struct event *e, uint32_t mask, unsigned int opts,
	       uint64_t timeout, uint32_t *seen);
/* Sets bits and wakes every waiter whose condition now holds; all of
 * them see the same bits, then the EVENT_CLEAR waiters' masks are
 * cleared. */
void event_set(struct event *e, uint32_t bits);
void event_set_from_isr(struct event *e, uint32_t bits);
void event_clear(struct event *e, uint32_t bits);
uint32_t event_get(const struct event *e);

#endif
