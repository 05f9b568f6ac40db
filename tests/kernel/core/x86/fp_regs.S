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
