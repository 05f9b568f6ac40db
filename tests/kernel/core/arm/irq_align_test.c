/* ARM: an interrupt handler is called on an 8-byte aligned stack, as the
 * AAPCS (5.2.1.2) requires at every public call, whatever the interrupted
 * code's stack pointer was: the IRQ entry (exception.S) pads it. A 64-bit
 * argument of a handler's call could be read from the wrong word
 * otherwise. Here the interrupt is taken with sp at 4 modulo 8. */
#include <stdint.h>

#include "arch.h"
#include "irq.h"
#include "ktest.h"

static volatile uintptr_t handler_cfa;
static volatile unsigned int hits;

static void cfa_isr(void *arg)
{
	(void)arg;
	handler_cfa = (uintptr_t)__builtin_dwarf_cfa();
	hits++;
}

/* Interrupts on for a moment with the stack pointer 4 bytes below an
 * 8-byte boundary, restored after. */
static void take_interrupts_off_alignment(void)
{
	__asm__ volatile("mov	r2, sp\n\t"
			 "bic	r3, r2, #7\n\t"
			 "sub	sp, r3, #4\n\t"
			 "cpsie	i\n\t"
			 "isb\n\t"
			 "nop\n\t"
			 "nop\n\t"
			 "cpsid	i\n\t"
			 "mov	sp, r2"
			 ::: "r2", "r3", "memory");
}

KTEST(sched, an_interrupt_handler_runs_on_an_aligned_stack_whatever_sp_was)
{
	unsigned int irq;
	irqstate_t s;

	KT_ASSERT(irq_soft(1, &irq) == 0, "a software interrupt");
	KT_ASSERT(irq_attach(irq, cfa_isr, NULL) == 0, "attach irq %u", irq);
	irq_enable(irq);
	hits = 0;
	s = arch_irq_save();
	irq_raise(irq);
	take_interrupts_off_alignment();
	arch_irq_restore(s);
	irq_detach(irq);
	KT_ASSERT(hits == 1, "the interrupt taken once, %u times", hits);
	KT_EXPECT(handler_cfa % 8 == 0, "the handler called with sp 0x%08lx, "
		  "8-byte aligned", (unsigned long)handler_cfa);
}
