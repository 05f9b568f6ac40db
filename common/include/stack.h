/* Thread stacks: a fill pattern for the high-water mark, a canary at the
 * bottom checked at every context switch, and an optional guard page. */
#ifndef STACK_H
#define STACK_H

#include <stddef.h>
#include <stdint.h>

#define STACK_FILL 0xcdcdcdcdu	/* one byte repeated (stack_fill) */
#define STACK_CANARY_WORDS 4

struct thread;

/* Fills [lo, hi) with the pattern (word-aligned bounds). */
void stack_fill(uint8_t *lo, uint8_t *hi);
/* Panics naming the thread when its canary is overwritten or its stack
 * pointer is below its stack. Called by the scheduler at each switch. */
void stack_check(const struct thread *t);

#endif
