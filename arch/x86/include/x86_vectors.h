/* The x86 vector space, which is also the IRQ number space (irq.h):
 * 0..31 CPU exceptions, then device and local interrupts. A higher vector
 * has a higher LAPIC priority class (vector / 16), which matters only for
 * what the LAPIC delivers first: handlers never nest.
 * Intel SDM vol. 3A 6.3.1 (exception vectors), 10.8.3.1 (priority). */
#ifndef X86_VECTORS_H
#define X86_VECTORS_H

#define X86_VEC_DE 0	/* divide error */
#define X86_VEC_NMI 2
#define X86_VEC_UD 6	/* invalid opcode */
#define X86_VEC_NM 7	/* device not available (FPU access with TS) */
#define X86_VEC_DF 8	/* double fault */
#define X86_VEC_GP 13	/* general protection */
#define X86_VEC_PF 14	/* page fault */
#define X86_VEC_EXCEPTIONS 32

#define X86_VEC_I8259_BASE 0x20		/* legacy PIC, masked: 16 vectors */
#define X86_VEC_IOAPIC_BASE 0x30	/* IOAPIC pin p -> 0x30 + p */
#define X86_VEC_IOAPIC_MAX 0x7f
#define X86_VEC_SOFT_FIRST 0x80		/* self-IPIs for irq_soft() */
#define X86_VEC_SOFT_COUNT 16
#define X86_VEC_TIMER 0xec		/* LAPIC timer */
#define X86_VEC_APIC_ERROR 0xfe
#define X86_VEC_SPURIOUS 0xff

/* The spurious vector reaches irq_dispatch() with this bit set, i.e. as a
 * number outside the IRQ table: counted, and no EOI (SDM 10.9). */
#define X86_IRQ_SPURIOUS_FLAG 0x100

/* Interrupt entry stubs for vectors 32..255 are this many bytes apart. */
#define X86_IRQ_STUB_SIZE 16

#endif
