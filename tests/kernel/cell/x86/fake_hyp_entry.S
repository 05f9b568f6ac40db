/* The #UD path of fake_hyp.c: every exception the kernel reports passes
 * here first (-Wl,--wrap=x86_trap). If fake_hyp_emulate() answered it, the
 * saved registers (struct x86_frame, as vectors32.S / vectors64.S left
 * them) are restored and the guest resumes with IRET; otherwise the
 * kernel's report runs, as without this file. */
	.text
	.global __wrap_x86_trap
#ifdef __x86_64__
	.code64
__wrap_x86_trap:
	pushq	%rdi			/* the frame; aligns RSP */
	call	fake_hyp_emulate
	popq	%rdi
	testb	%al, %al
	jz	1f
	movq	%rdi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp		/* vector, error */
	iretq
1:	jmp	__real_x86_trap
#else
	.code32
__wrap_x86_trap:
	/* Entered from exc_common's call on a 16-byte aligned stack, so
	 * ESP is 12 mod 16: 8 more bytes and the saved frame pointer align
	 * it for the call (i386 psABI 2.2.2). The argument is in EAX
	 * (-mregparm=3). */
	subl	$8, %esp
	pushl	%eax
	call	fake_hyp_emulate
	movl	%eax, %edx
	popl	%eax
	addl	$8, %esp
	testb	%dl, %dl
	jz	1f
	movl	%eax, %esp
	popal
	addl	$8, %esp		/* vector, error */
	iret
1:	jmp	__real_x86_trap
#endif
