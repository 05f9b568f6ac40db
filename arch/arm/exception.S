/* Exception entries. The IRQ path is on the latency budget: it saves only
 * what the AAPCS lets C clobber, on the interrupted thread's SVC stack, and
 * reads the GIC's acknowledge register itself. Faults save a full frame on
 * their mode's stack and never return. DDI 0406C B1.8.3 (return addresses),
 * GIC architecture IHI 0048B 4.4.4 (GICC_IAR). */
#include "cpu.h"

	.syntax unified
	.arm

	.text
/* Address of GICC_IAR, set by the GIC driver: kept next to the code that
 * reads it, so that one pc-relative load fetches it. */
	.global gic_cpu_iar
	.balign 4
gic_cpu_iar:
	.word	0

	.global vec_irq
vec_irq:
	sub	lr, lr, #4
	srsdb	sp!, #MODE_SVC			@ lr_irq, spsr_irq -> SVC stack
	cpsie	a, #MODE_SVC			@ taking the IRQ masked aborts
	push	{r0-r3, r12, lr}
	ldr	r0, gic_cpu_iar
	ldr	r0, [r0]			@ acknowledge: IAR
	ubfx	r0, r0, #0, #10			@ interrupt ID
	and	r1, sp, #4			@ AAPCS: 8-byte aligned stack
	sub	sp, sp, r1
	push	{r1, r2}
	bl	irq_dispatch
	pop	{r1, r2}
	add	sp, sp, r1
	pop	{r0-r3, r12, lr}
	rfeia	sp!

/* Faults: frame = {spsr, r0-r12, lr} on the mode's own stack. */
.macro trap_entry name, kind
	.global \name
\name:
	push	{r0-r12, lr}
	mrs	r0, spsr
	push	{r0}
	mov	r0, sp
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
