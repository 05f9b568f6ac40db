/* Thread context switch for ARMv7-A (A32). A suspended thread's stack
 * holds, from its saved sp upwards: r3-r11 and lr (r3 only keeps the
 * stack 8-byte aligned as the AAPCS requires). */
	.syntax unified
	.arm
	.text

/* void arch_context_switch(void **save_sp, void *next_sp) */
	.global arch_context_switch
	.type arch_context_switch, %function
arch_context_switch:
	/* An LDREX of the thread we leave, or of the one that ran before,
	 * must not let the next thread's STREX succeed: clear the local
	 * monitor (ARMv7-A ARM A3.4.5, context switch support). */
	clrex
	push	{r3-r11, lr}
	str	sp, [r0]
	mov	sp, r1
	pop	{r3-r11, pc}

/* First code of every thread (arch_context_init put entry in r5 and its
 * argument in r4): interrupts and asynchronous aborts on, then
 * entry(arg), which never returns. */
	.global arm_thread_start
	.type arm_thread_start, %function
arm_thread_start:
	cpsie	ai
	mov	r0, r4
	blx	r5
	b	arch_halt

/* void arm_zero(void *p, size_t n): clears n bytes, both multiples of 32,
 * eight words a store (boot clears the 16 KiB level-1 table with it). */
	.global arm_zero
	.type arm_zero, %function
arm_zero:
	push	{r4-r9}
	add	r1, r0, r1
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
1:	cmp	r0, r1
	stmialo	r0!, {r2-r9}
	blo	1b
	pop	{r4-r9}
	bx	lr
