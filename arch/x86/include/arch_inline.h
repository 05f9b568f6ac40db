/* The x86 side of the port interface's inline part: interrupt masking and
 * the counter (the TSC), on every hot path of the kernel. */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

#define ARCH_EFLAGS_IF (1u << 9)
#ifdef __x86_64__
#define ARCH_SP_NAME "rsp"
#else
#define ARCH_SP_NAME "esp"
#endif

typedef unsigned long irqstate_t;

static inline irqstate_t arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("pushf\n\tpop %0\n\tcli" : "=r"(flags)::"memory");
	return flags;
}

static inline void arch_irq_restore(irqstate_t state)
{
	if (state & ARCH_EFLAGS_IF)
		__asm__ volatile("sti" ::: "memory");
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("sti" ::: "memory");
}

/* STI's one-instruction interrupt shadow makes STI;HLT atomic: an
 * interrupt pending now wakes the HLT instead of slipping in before it
 * (SDM vol. 2B, STI). Its handler runs here, then we mask again. */
static inline void arch_wait_for_irq(void)
{
	__asm__ volatile("sti\n\thlt\n\tcli" ::: "memory");
}

/* Interrupts are on: the handler runs as soon as HLT wakes. */
static inline void arch_idle_wait(void)
{
	__asm__ volatile("hlt" ::: "memory");
}

static inline bool arch_irq_masked(void)
{
	unsigned long flags;

	__asm__ volatile("pushf\n\tpop %0" : "=r"(flags));
	return !(flags & ARCH_EFLAGS_IF);
}

static inline uint64_t arch_counter_read(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* The stack pointer, for the scheduler's stack check. */
static inline uintptr_t arch_stack_pointer(void)
{
	uintptr_t sp;

	__asm__ volatile("mov %%" ARCH_SP_NAME ", %0" : "=r"(sp));
	return sp;
}

#endif
