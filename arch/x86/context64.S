/* Thread context switch for x86_64. A suspended thread's stack holds,
 * from its saved stack pointer up: r15, r14, r13, r12, rbp, rbx and the
 * return address (the SysV AMD64 callee-saved registers). Interrupts stay
 * masked across the switch; a thread resumed in its interrupt exit path
 * gets its RFLAGS back from IRETQ. */
	.text
	.code64

/* void arch_context_switch(void **save_sp, void *next_sp) */
	.global arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret

/* First code of every thread (arch_context_init put entry in rbx and its
 * argument in r12): interrupts on, then entry(arg), which never returns. */
	.global x86_thread_start
	.type x86_thread_start, @function
x86_thread_start:
	andq	$-16, %rsp
	movq	%r12, %rdi
	sti
	call	*%rbx
	jmp	arch_halt
