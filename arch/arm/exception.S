/* Exception entries. The IRQ path is on the latency budget: it saves only
 * what the AAPCS lets C clobber, on the interrupted thread's SVC stack, and
 * reads the GIC's acknowledge register itself. Faults save a full frame on
 * their mode's stack and never return. DDI 0406C B1.8.3 (return addresses),
 * GIC architecture IHI 0048B 4.4.4 (GICC_IAR). */
#include "cpu.h"

	.syntax unified
	.arm

	.text
/* void arm_gic_iar_set(uintptr_t iar): the address of GICC_IAR, for the
 * entry below, in TPIDRPRW (DDI 0406C B4.1: a PL1-only register that the
 * processor never uses): one instruction on the latency path, as the
 * pc-relative load of a word beside the code was, and no data in the
 * code's read-only pages. */
	.global arm_gic_iar_set
arm_gic_iar_set:
	mcr	p15, 0, r0, c13, c0, 4		@ TPIDRPRW
	bx	lr

	.global vec_irq
vec_irq:
	sub	lr, lr, #4
	srsdb	sp!, #MODE_SVC			@ lr_irq, spsr_irq -> SVC stack
	cpsie	a, #MODE_SVC			@ taking the IRQ masked aborts
	push	{r0-r3, r12, lr}
	mrc	p15, 0, r0, c13, c0, 4		@ TPIDRPRW: &GICC_IAR
	ldr	r0, [r0]			@ acknowledge: IAR
	ubfx	r0, r0, #0, #10			@ interrupt ID
	and	r1, sp, #4			@ AAPCS: 8-byte aligned stack
	sub	sp, sp, r1
	push	{r1, r2}
	bl	irq_dispatch
	/* The interrupted code's STREX must fail: a plain store of the
	 * handler need not clear the local monitor, and an LDREX of the
	 * handler's may have left it set (DDI 0406C A3.4.1, A3.4.5). A
	 * dummy STREX into the dead pad word at sp + 4, not CLREX, which
	 * Linux avoids on exception return for Cortex-A15 erratum 830321. */
	add	r0, sp, #4
	strex	r1, r0, [r0]
	pop	{r1, r2}
	add	sp, sp, r1
	pop	{r0-r3, r12, lr}
	rfeia	sp!

/* Faults: frame = {spsr, r0-r12, lr} on the mode's own stack; 60 bytes,
 * so the stack is aligned down to 8 for the call (AAPCS 5.2.1.2), which
 * never returns. */
.macro trap_entry name, kind
	.global \name
\name:
	push	{r0-r12, lr}
	mrs	r0, spsr
	push	{r0}
	mov	r0, sp
	bic	sp, sp, #7
	mov	r1, #\kind
	bl	arm_trap
	b	arch_halt
.endm

	trap_entry vec_undef, 0
	trap_entry vec_svc, 1
	trap_entry vec_pabt, 2
	trap_entry vec_dabt, 3
	trap_entry vec_unused, 4
	trap_entry vec_fiq, 5

/* void arm_read_banked_sp_lr(uint32_t mode, uint32_t out[2]) */
	.global arm_read_banked_sp_lr
arm_read_banked_sp_lr:
	mrs	r2, cpsr
	cmp	r0, #MODE_USR			@ user registers are SYS's
	moveq	r0, #MODE_SYS
	bic	r3, r2, #PSR_MODE_MASK
	orr	r3, r3, r0
	orr	r3, r3, #(PSR_I | PSR_F)
	msr	cpsr_c, r3
	str	sp, [r1]
	str	lr, [r1, #4]
	msr	cpsr_c, r2
	bx	lr
