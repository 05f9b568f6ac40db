/* GDT, TSS and IDT of the x86 port (gdt.c, idt.c). */
#ifndef X86_GDT_H
#define X86_GDT_H

#include <stdint.h>

/* x86_64 interrupt-stack-table slots (1-based, as in the IDT gate). */
#define X86_IST_DF 1
#define X86_IST_PF 2

/* The 32-bit TSS (SDM 3A 7.2.1, figure 7-2). */
struct x86_tss32 {
	uint16_t link, reserved0;
	uint32_t esp0;
	uint16_t ss0, reserved1;
	uint32_t esp1;
	uint16_t ss1, reserved2;
	uint32_t esp2;
	uint16_t ss2, reserved3;
	uint32_t cr3, eip, eflags;
	uint32_t eax, ecx, edx, ebx, esp, ebp, esi, edi;
	uint16_t es, reserved4, cs, reserved5, ss, reserved6;
	uint16_t ds, reserved7, fs, reserved8, gs, reserved9;
	uint16_t ldt, reserved10, trap, iomap_base;
} __attribute__((packed));

void x86_gdt_init(void);
void x86_idt_init(void);
void x86_idt_irqs_init(void);
/* i686: the kernel state saved by the switch to a fault task; NULL on
 * x86_64. */
const struct x86_tss32 *x86_tss_interrupted(void);

#endif
