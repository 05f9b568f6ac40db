/* The interrupt descriptor table: exception stubs for vectors 0..31 and
 * interrupt stubs for 32..255 (vectors*.S), all interrupt gates (IF
 * cleared on entry, so handlers never nest), at ring 0 on the current
 * stack, except the faults that may come from a blown stack: on x86_64
 * they switch to an IST stack, on i686 they are task gates.
 * Intel SDM vol. 3A 6.11 (IDT descriptors), 6.14.1 (64-bit IDT gates). */
#include <stdint.h>

#include "x86.h"
#include "x86_gdt.h"
#include "x86_vectors.h"

#define IDT_ENTRIES 256
#define GATE_INTERRUPT 0x8e	/* P | DPL 0 | 32/64-bit interrupt gate */
#define GATE_TASK 0x85		/* P | DPL 0 | task gate */

extern const uintptr_t x86_exc_stubs[X86_VEC_EXCEPTIONS];
extern const uint8_t x86_irq_stubs[];

#ifdef __x86_64__
struct idt_gate {
	uint16_t offset_lo, selector;
	uint8_t ist, type;
	uint16_t offset_mid;
	uint32_t offset_hi, reserved;
} __attribute__((packed));
#define GATE_CODE_SEL X86_SEL_CODE64
#else
struct idt_gate {
	uint16_t offset_lo, selector;
	uint8_t zero, type;
	uint16_t offset_mid;
} __attribute__((packed));
#define GATE_CODE_SEL X86_SEL_CODE32
#endif

static struct idt_gate idt[IDT_ENTRIES] __attribute__((aligned(16)));

static void idt_set_gate(unsigned int vec, uintptr_t handler,
			 unsigned int ist)
{
	struct idt_gate *g = &idt[vec];

	g->offset_lo = (uint16_t)handler;
	g->offset_mid = (uint16_t)(handler >> 16);
	g->selector = GATE_CODE_SEL;
	g->type = GATE_INTERRUPT;
#ifdef __x86_64__
	g->offset_hi = (uint32_t)((uint64_t)handler >> 32);
	g->ist = (uint8_t)ist;
#else
	(void)ist;
#endif
}

#ifndef __x86_64__
static void idt_set_task_gate(unsigned int vec, uint16_t tss_sel)
{
	idt[vec] = (struct idt_gate){ .selector = tss_sel,
				      .type = GATE_TASK };
}
#endif

void x86_idt_init(void)
{
	/* Read by the lidt instruction, not by C. */
	struct __attribute__((packed)) {
		/* cppcheck-suppress unusedStructMember */
		uint16_t limit;
		/* cppcheck-suppress unusedStructMember */
		uintptr_t base;
	} idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned int v = 0; v < X86_VEC_EXCEPTIONS; v++)
		idt_set_gate(v, x86_exc_stubs[v], 0);
	for (unsigned int v = X86_VEC_EXCEPTIONS; v < IDT_ENTRIES; v++)
		idt_set_gate(v, (uintptr_t)x86_irq_stubs +
				(v - X86_VEC_EXCEPTIONS) * X86_IRQ_STUB_SIZE, 0);
#ifdef __x86_64__
	idt_set_gate(X86_VEC_DF, x86_exc_stubs[X86_VEC_DF], X86_IST_DF);
	idt_set_gate(X86_VEC_PF, x86_exc_stubs[X86_VEC_PF], X86_IST_PF);
#else
	idt_set_task_gate(X86_VEC_DF, X86_SEL_TSS_DF);
	idt_set_task_gate(X86_VEC_PF, X86_SEL_TSS_PF);
#endif
	__asm__ volatile("lidt %0" ::"m"(idtr) : "memory");
}
