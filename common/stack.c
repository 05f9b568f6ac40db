#include "stack.h"

#include "kstring.h"
#include "panic.h"
#include "thread.h"

void stack_fill(uint8_t *lo, const uint8_t *hi)
{
	/* The pattern is one byte repeated: memset's fast fill does it. */
	memset(lo, STACK_FILL & 0xff, (size_t)(hi - lo));
}

void stack_overflow(const struct thread *t, uintptr_t sp)
{
	const uint32_t *canary = (const uint32_t *)(const void *)t->stack;

	for (unsigned int i = 0; i < STACK_CANARY_WORDS; i++)
		if (canary[i] != STACK_FILL)
			panic("stack overflow in thread '%s': the canary at %p "
			      "(stack %p..%p) was overwritten", t->name,
			      (const void *)&canary[i], (const void *)t->stack,
			      (const void *)(t->stack + t->stack_size));
	panic("stack overflow in thread '%s': sp %p is outside its stack "
	      "%p..%p", t->name, (const void *)sp, (const void *)t->stack,
	      (const void *)(t->stack + t->stack_size));
}

size_t thread_stack_used(const struct thread *t)
{
	const uint32_t *p = (const uint32_t *)(const void *)t->stack;
	const uint32_t *end = (const uint32_t *)(const void *)(t->stack +
							       t->stack_size);

	while (p < end && *p == STACK_FILL)
		p++;
	return (size_t)((const uint8_t *)end - (const uint8_t *)p);
}
