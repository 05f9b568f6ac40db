/* Fill and check all 32 VFP/NEON double registers with a per-thread
 * pattern, and FPSCR's rounding mode, flush-to-zero and default-NaN bits
 * (seed 0x1000: round towards plus infinity, flush-to-zero; 0x2000:
 * towards minus infinity, default NaN), for the FP context isolation
 * test. Nothing between a fill and its check changes those bits but a
 * write of FPSCR, and the sums the test makes after are exact in every
 * rounding mode. */
#define FPSCR_MODE_BITS 0x03c00000	/* DN, FZ, RMode (DDI 0406C A2.7.3) */
	.syntax unified
	.arm
	.fpu neon-vfpv4
	.text

/* void fp_regs_fill(uint32_t seed): d[i] = {seed + i, ~(seed + i)} */
	.global fp_regs_fill
fp_regs_fill:
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	add	r1, r0, #\i
	mvn	r2, r1
	vmov	d\i, r1, r2
	.endr
	ubfx	r1, r0, #12, #2
	lsl	r2, r1, #22
	orr	r2, r2, r1, lsl #24
	vmsr	fpscr, r2
	bx	lr

/* unsigned int fp_regs_check(uint32_t seed): registers that differ */
	.global fp_regs_check
fp_regs_check:
	push	{r4, r5}
	mov	r3, #0
	.irp i, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	vmov	r1, r2, d\i
	add	r4, r0, #\i
	mvn	r5, r4
	cmp	r1, r4
	cmpeq	r2, r5
	addne	r3, r3, #1
	.endr
	ubfx	r1, r0, #12, #2
	lsl	r2, r1, #22
	orr	r2, r2, r1, lsl #24
	vmrs	r1, fpscr
	and	r1, r1, #FPSCR_MODE_BITS
	cmp	r1, r2
	addne	r3, r3, #1
	mov	r0, r3
	pop	{r4, r5}
	bx	lr
