/* The ARMv7-A side of the port interface's inline part: interrupt masking
 * and the counter, on every hot path of the kernel. DDI 0406C B1.3.3
 * (CPS, MSR), B8.1.2 (CNTVCT). */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned long irqstate_t;

static inline irqstate_t arch_irq_save(void)
{
	unsigned long cpsr;

	__asm__ volatile("mrs %0, cpsr\n\tcpsid i" : "=r"(cpsr)::"memory");
	return cpsr;
}

static inline void arch_irq_restore(irqstate_t state)
{
	__asm__ volatile("msr cpsr_c, %0" ::"r"(state) : "memory", "cc");
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("cpsie i" ::: "memory");
}

/* WFI wakes on a pending interrupt even while it is masked. */
static inline void arch_wait_for_irq(void)
{
	__asm__ volatile("dsb sy\n\twfi" ::: "memory");
}

/* The same WFI: with IRQs unmasked the interrupt is taken straight out
 * of it. */
static inline void arch_idle_wait(void)
{
	arch_wait_for_irq();
}

static inline bool arch_irq_masked(void)
{
	unsigned long cpsr;

	__asm__ volatile("mrs %0, cpsr" : "=r"(cpsr));
	return cpsr & (1u << 7);
}

/* The virtual counter (CNTVOFF is 0: hyp_leave sets it, hypervisors keep
 * it); the ISB keeps the read from running ahead of earlier code. */
static inline uint64_t arch_counter_read(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrrc p15, 1, %Q0, %R0, c14" : "=r"(v));
	return v;
}

/* The stack pointer, for the scheduler's stack check. */
static inline uintptr_t arch_stack_pointer(void)
{
	uintptr_t sp;

	__asm__ volatile("mov %0, sp" : "=r"(sp));
	return sp;
}

#endif
