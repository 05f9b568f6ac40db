/* Fill and check all XMM registers (16 on x86_64, 8 on i686) with a
 * per-thread pattern, for the FP context isolation test. Register i holds
 * the dwords {seed + i, ~(seed + i), seed + i, ~(seed + i)}. Uses only
 * SSE (MOVUPS) and a 32-byte scratch area on the stack: 16 bytes for a
 * register image, then the count of differing registers. */
#ifdef __x86_64__
#define XMM_REGS 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
#define SP %rsp
#define LOAD_SEED movl %edi, %eax
#else
#define XMM_REGS 0,1,2,3,4,5,6,7
#define SP %esp
#define LOAD_SEED	/* in EAX already (-mregparm=3) */
#endif
#define SCRATCH 32
#define COUNT 16

	.text

/* Writes the pattern of register \i (from the seed in eax) at (SP). */
.macro pattern i
	leal	\i(%eax), %ecx
	movl	%ecx, %edx
	notl	%edx
	movl	%ecx, 0(SP)
	movl	%edx, 4(SP)
	movl	%ecx, 8(SP)
	movl	%edx, 12(SP)
.endm

/* void fp_regs_fill(uint32_t seed) */
	.global fp_regs_fill
fp_regs_fill:
	LOAD_SEED
	sub	$SCRATCH, SP
	.irp i, XMM_REGS
	pattern \i
	movups	(SP), %xmm\i
	.endr
	add	$SCRATCH, SP
	ret

/* unsigned int fp_regs_check(uint32_t seed): registers that differ */
	.global fp_regs_check
fp_regs_check:
	LOAD_SEED
	sub	$SCRATCH, SP
	movl	$0, COUNT(SP)
	.irp i, XMM_REGS
	movups	%xmm\i, (SP)
	leal	\i(%eax), %ecx
	movl	%ecx, %edx
	notl	%edx
	cmpl	%ecx, 0(SP)
	jne	1f
	cmpl	%edx, 4(SP)
	jne	1f
	cmpl	%ecx, 8(SP)
	jne	1f
	cmpl	%edx, 12(SP)
	je	2f
1:	incl	COUNT(SP)
2:
	.endr
	movl	COUNT(SP), %eax
	add	$SCRATCH, SP
	ret

/* For core/x86/fp_state_test.c: what a thread finds in the unit. */
#ifdef __x86_64__
#define ARG0 %edi
#define ARG1 %esi
#else
#define ARG0 %eax
#define ARG1 %edx
#endif

/* unsigned int fp_regs_nonzero(void): XMM registers not all zero */
	.global fp_regs_nonzero
fp_regs_nonzero:
	sub	$SCRATCH, SP
	xorl	%eax, %eax
	.irp i, XMM_REGS
	movups	%xmm\i, (SP)
	movl	0(SP), %ecx
	orl	4(SP), %ecx
	orl	8(SP), %ecx
	orl	12(SP), %ecx
	jz	1f
	incl	%eax
1:
	.endr
	add	$SCRATCH, SP
	ret

/* void fp_controls_set(uint32_t mxcsr, uint32_t fcw) */
	.global fp_controls_set
fp_controls_set:
	sub	$SCRATCH, SP
	movl	ARG0, 0(SP)
	ldmxcsr	0(SP)
	movl	ARG1, 4(SP)
	fldcw	4(SP)
	add	$SCRATCH, SP
	ret

/* uint32_t fp_mxcsr_read(void) */
	.global fp_mxcsr_read
fp_mxcsr_read:
	sub	$SCRATCH, SP
	stmxcsr	0(SP)
	movl	0(SP), %eax
	add	$SCRATCH, SP
	ret

/* uint32_t fp_fcw_read(void): the x87 control word */
	.global fp_fcw_read
fp_fcw_read:
	sub	$SCRATCH, SP
	fnstcw	0(SP)
	movzwl	0(SP), %eax
	add	$SCRATCH, SP
	ret
