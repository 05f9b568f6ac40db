/* A stand-in for Jailhouse's debug-console hypercall, for tests on QEMU
 * -M virt,virtualization=on: start.S installs these HYP vectors (when an
 * image links them) before it drops to SVC. `hvc #0x4a48` with r0 = 8
 * writes r1 to the board's PL011, as Jailhouse would print it on its
 * console, and sets fake_hyp_seen (the tests read it: the PL011 is the
 * tree's console too, so output alone cannot tell); any other hypercall
 * returns -1 (r0). HSR layout: DDI 0406C
 * B3.13.6 (EC 0x12 = HVC, ISS[15:0] = the immediate). */
	.syntax unified
	.arm
	.arch_extension virt

	.text
	.balign 32
	.global arm_hyp_stub_vectors
arm_hyp_stub_vectors:
	b	.			@ reset
	b	.			@ undefined
	b	.			@ HVC from HYP mode
	b	.			@ prefetch abort
	b	.			@ data abort
	b	hyp_trap		@ hypervisor trap (HVC from SVC)
	b	.			@ IRQ
	b	.			@ FIQ

/* No HYP stack: only r0 (the result), r3 (clobbered by the ABI) and a
 * read of r1 are used. */
hyp_trap:
	cmp	r0, #8			@ debug console putc?
	bne	1f
	mrc	p15, 4, r3, c5, c2, 0	@ HSR
	lsr	r0, r3, #26
	cmp	r0, #0x12		@ HVC?
	bne	1f
	uxth	r3, r3
	movw	r0, #0x4a48
	cmp	r3, r0			@ Jailhouse's immediate?
	bne	1f
	ldr	r3, =0x09000018		@ PL011 FR
2:	ldr	r0, [r3]
	tst	r0, #(1 << 5)		@ TXFF
	bne	2b
	ldr	r3, =0x09000000		@ PL011 DR
	str	r1, [r3]
	ldr	r3, =fake_hyp_seen
	mov	r0, #1
	str	r0, [r3]
	mov	r0, #0
	eret
1:	mvn	r0, #0
	eret

	.data
	.balign 4
	.global fake_hyp_seen
fake_hyp_seen:
	.word	0
