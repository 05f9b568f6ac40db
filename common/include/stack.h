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
void stack_fill(uint8_t *lo, const uint8_t *hi);

/* Panics naming the thread and what was found overwritten or out of
 * bounds: the slow half of stack_check(). */
__attribute__((noreturn, cold)) void stack_overflow(const struct thread *t,
						     uintptr_t sp);

/* Checked by the scheduler at each switch away from `t`, with `sp` its
 * stack pointer: the canary word nearest the used stack (a stack growing
 * down reaches it first) and sp within the stack. Two compares: this is on
 * the path of every context switch. */
static inline void stack_check(const struct thread *t, const uint8_t *stack,
			       size_t size, uintptr_t sp)
{
	const uint32_t *canary = (const uint32_t *)(const void *)stack;

	if (__builtin_expect(canary[STACK_CANARY_WORDS - 1] != STACK_FILL ||
			     sp - (uintptr_t)stack >= size, 0))
		stack_overflow(t, sp);
}

#endif
