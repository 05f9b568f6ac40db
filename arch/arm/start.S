/* Image entry for ARMv7-A: the first word of the image is both the entry
 * point and the reset slot of the exception vector table.
 *
 * Entered in SVC mode (Jailhouse cells, QEMU -M virt) or HYP mode (U-Boot,
 * QEMU with virtualization=on), from the image's link address, normally
 * with the MMU and caches off. U-Boot's `go` leaves its own MMU and
 * caches on: then they are cleaned and turned off first (boot_caches_off).
 * DDI 0406C B1.8 (vectors), B1.7 (modes), B9 (HYP), B2.2.7 (set/way). */
#include "cpu.h"

	.syntax unified
	.arm
	.arch_extension virt
	.arch_extension sec

	.section .text.entry, "ax"
	.global _start, arm_vectors
	.weak arm_hyp_stub_vectors
	.balign 32
_start:
arm_vectors:
	b	reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_unused
	b	vec_irq
	b	vec_fiq

reset:
	/* .data from where the image holds it (right after .rodata) up to
	 * its own page (link.ld.in), before anything here writes it. The
	 * two never overlap: the stored copy is there for the next start. */
	ldr	r0, =__data_load_end
	ldr	r1, =__data_end
	ldr	r2, =__data_start
1:	cmp	r1, r2
	ldmdbhi	r0!, {r3-r6}
	stmdbhi	r1!, {r3-r6}
	bhi	1b

	mrs	r0, cpsr
	and	r0, r0, #PSR_MODE_MASK
	ldr	r1, =arm_entry_mode
	str	r0, [r1]
	cmp	r0, #MODE_HYP
	bleq	hyp_leave
	cpsid	aif, #MODE_SVC
	bl	smp_coherency_on		@ before any cache maintenance
	/* boot_stamps.entry, with the counter arch_counter_read() reads:
	 * only in SVC is its offset (CNTVOFF) settled. */
	mrrc	p15, 1, r0, r1, c14		@ CNTVCT
	ldr	r2, =boot_stamps
	strd	r0, r1, [r2]
	mrc	p15, 0, r12, c1, c0, 0		@ SCTLR
	tst	r12, #(SCTLR_M | SCTLR_C)
	blne	boot_caches_off			@ keeps r12
	ldr	r1, =arm_entry_sctlr
	str	r12, [r1]

	ldr	r0, =arm_vectors
	mcr	p15, 0, r0, c12, c0, 0		@ VBAR
	/* SCTLR: low vectors, exceptions in A32 and little-endian, no
	 * alignment checking; and what mmu.c's descriptors mean: TEX/C/B
	 * as they are (no TEX remap), AP[0] a permission bit (no access
	 * flag), writable memory executable. A boot loader may leave any
	 * of these set (B4.1.130). */
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #(SCTLR_TE | SCTLR_AFE | SCTLR_TRE)
	bic	r0, r0, #(SCTLR_UWXN | SCTLR_WXN)
	bic	r0, r0, #SCTLR_EE
	bic	r0, r0, #SCTLR_V
	bic	r0, r0, #SCTLR_A
	mcr	p15, 0, r0, c1, c0, 0
	isb

	/* One stack per exception mode we can be in. IRQs switch to SVC at
	 * once (exception.S), so IRQ mode needs none. */
	cps	#MODE_ABT
	ldr	sp, =arm_abt_stack_top
	cps	#MODE_UND
	ldr	sp, =arm_und_stack_top
	cps	#MODE_FIQ
	ldr	sp, =arm_fiq_stack_top
	cps	#MODE_SVC
	ldr	sp, =arm_boot_stack_top
	/* With vectors and an abort stack, asynchronous aborts (a write to
	 * a missing device) can be taken and reported: unmask them. */
	cpsie	a

	/* Clear .bss, 32 bytes a store where we can. */
	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
	mov	r4, #0
	mov	r5, #0
	mov	r6, #0
	mov	r7, #0
	mov	r8, #0
	mov	r9, #0
1:	sub	r10, r1, r0
	cmp	r10, #32
	stmiahs	r0!, {r2-r9}
	bhs	1b
2:	cmp	r0, r1
	strlo	r2, [r0], #4
	blo	2b

	bl	kernel_main
	b	arch_halt

/* The entry's helpers: called once, so outside the 4 KiB below the
 * command line. */
	.section .text.boot, "ax"

/* Entered with the MMU or the data cache on (U-Boot's `go` does no cache
 * maintenance): data caching is turned off first, so that no line is
 * allocated behind the maintenance (speculatively, by the prefetcher, by
 * the table walks of a live MMU: Cortex-A15 MPCore TRM 6.4.3, "cache
 * disabled behavior"); then every data cache level up to the point of
 * coherency is cleaned and invalidated by set/way, and the MMU and the
 * I-cache turned off, the I-cache, branch predictor and TLB invalidated.
 * Nothing here touches memory, so no line can become dirty again; the
 * code runs identity-mapped, as a boot loader maps it.
 * Registers only (no stack yet): r0-r11 are clobbered, r12 and lr kept. */
boot_caches_off:
	/* The stores so far (.data moved, the entry's words) complete
	 * before the set/way clean, which is not ordered against them
	 * (DDI 0406C B2.2.9): one left in a store buffer could land in a
	 * line already cleaned and be lost by the invalidate later. */
	dsb
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_C
	mcr	p15, 0, r0, c1, c0, 0
	isb
	mrc	p15, 1, r0, c0, c0, 1		@ CLIDR
	ands	r3, r0, #0x07000000		@ LoC, in bits 26:24
	lsr	r3, r3, #23			@ LoC * 2: CSSELR's level field
	beq	5f
	mov	r10, #0				@ level * 2
1:	add	r2, r10, r10, lsr #1		@ level * 3: its CLIDR Ctype
	lsr	r1, r0, r2
	and	r1, r1, #7
	cmp	r1, #2				@ 2, 3, 4: has a data cache
	blt	4f
	mcr	p15, 2, r10, c0, c0, 0		@ CSSELR: this level's data cache
	isb
	mrc	p15, 1, r1, c0, c0, 0		@ CCSIDR
	and	r2, r1, #7
	add	r2, r2, #4			@ log2(line bytes): the set shift
	movw	r4, #0x3ff
	ands	r4, r4, r1, lsr #3		@ ways - 1
	clz	r5, r4				@ the way shift
	movw	r7, #0x7fff
	and	r7, r7, r1, lsr #13		@ sets - 1
2:	mov	r9, r4				@ each set ...
3:	orr	r11, r10, r9, lsl r5		@ ... and each way
	orr	r11, r11, r7, lsl r2
	mcr	p15, 0, r11, c7, c14, 2		@ DCCISW: clean and invalidate
	subs	r9, r9, #1
	bge	3b
	subs	r7, r7, #1
	bge	2b
4:	add	r10, r10, #2
	cmp	r3, r10
	bgt	1b
5:	mov	r10, #0
	mcr	p15, 2, r10, c0, c0, 0		@ CSSELR back to level 1
	dsb
	isb
	mrc	p15, 0, r0, c1, c0, 0
	bic	r0, r0, #SCTLR_M
	bic	r0, r0, #SCTLR_I
	mcr	p15, 0, r0, c1, c0, 0
	isb
	mov	r0, #0
	mcr	p15, 0, r0, c7, c5, 0		@ ICIALLU
	mcr	p15, 0, r0, c7, c5, 6		@ BPIALL
	mcr	p15, 0, r0, c8, c7, 0		@ TLBIALL
	dsb
	isb
	bx	lr

/* Cortex-A7, A12, A15, A17: ACTLR.SMP must be 1 before the caches and
 * the MMU are enabled or any cache or TLB maintenance is done (ACTLR in
 * the Cortex-A7 MPCore TRM, DDI 0464, and the Cortex-A15 MPCore TRM,
 * DDI 0438); it resets to 0, and a boot loader that runs on one core
 * may leave it so. Written only when clear: from Non-secure state the
 * register is read-only unless the firmware set NSACR.NS_SMP, and
 * Jailhouse traps the access (the bit is set under Linux's root cell).
 * Registers only: r0-r1 clobbered. */
smp_coherency_on:
	mrc	p15, 0, r0, c0, c0, 0		@ MIDR
	lsr	r1, r0, #24
	cmp	r1, #0x41			@ implementer: ARM
	bxne	lr
	ubfx	r1, r0, #4, #12			@ primary part number
	sub	r1, r1, #0xc00
	cmp	r1, #0x07			@ Cortex-A7
	cmpne	r1, #0x0d			@ Cortex-A12
	cmpne	r1, #0x0e			@ Cortex-A17
	cmpne	r1, #0x0f			@ Cortex-A15
	bxne	lr
	mrc	p15, 0, r0, c1, c0, 1		@ ACTLR
	tst	r0, #ACTLR_SMP
	orreq	r0, r0, #ACTLR_SMP
	mcreq	p15, 0, r0, c1, c0, 1
	isb
	bx	lr

/* From HYP to SVC: give PL1 the physical counter and timer, no traps on
 * coprocessor or register access, then an exception return into SVC with
 * interrupts masked. VPIDR/VMPIDR reset to the real IDs, so MIDR reads in
 * SVC stay truthful. DDI 0406C B1.12, B4.1.22. */
hyp_leave:
	/* Test images may link a stand-in hypervisor (a weak symbol, 0
	 * otherwise) that answers hypercalls once we run in SVC. */
	ldr	r1, =arm_hyp_stub_vectors
	cmp	r1, #0
	mcrne	p15, 4, r1, c12, c0, 0		@ HVBAR
	mrc	p15, 4, r1, c14, c1, 0		@ CNTHCTL: PL1PCTEN, PL1PCEN
	orr	r1, r1, #3
	mcr	p15, 4, r1, c14, c1, 0
	mov	r1, #0
	mcrr	p15, 4, r1, r1, c14		@ CNTVOFF = 0
	mcr	p15, 4, r1, c1, c1, 0		@ HCR: no traps, no stage 2
	mcr	p15, 4, r1, c1, c1, 3		@ HSTR: no CP15 traps
	mcr	p15, 4, r1, c1, c1, 2		@ HCPTR: no CP10/11 traps
	mov	r1, #(MODE_SVC | PSR_A | PSR_I | PSR_F)
	msr	spsr_cxsf, r1			@ SPSR_hyp: our own SPSR here
	msr	elr_hyp, lr
	eret

	.data
	.global arm_entry_mode, arm_entry_sctlr
	.balign 4
arm_entry_mode:
	.word	0
arm_entry_sctlr:
	.word	0
