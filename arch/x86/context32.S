/* Thread context switch for i686. A suspended thread's stack holds, from
 * its saved stack pointer up: ebp, edi, esi, ebx and the return address
 * (the SysV i386 callee-saved registers). Interrupts stay masked across
 * the switch; a thread resumed in its interrupt exit path gets its EFLAGS
 * back from IRET. C passes arguments in EAX, EDX, ECX (-mregparm=3,
 * toolchains/i686.cmake). */
	.text
	.code32

/* void arch_context_switch(void **save_sp, void *next_sp) */
	.global arch_context_switch
	.type arch_context_switch, @function
arch_context_switch:
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	pushl	%ebp
	movl	%esp, (%eax)
	movl	%edx, %esp
	popl	%ebp
	popl	%edi
	popl	%esi
	popl	%ebx
	ret

/* First code of every thread (arch_context_init put entry in ebx and its
 * argument in esi): interrupts on, then entry(arg), which never returns. */
	.global x86_thread_start
	.type x86_thread_start, @function
x86_thread_start:
	andl	$-16, %esp
	movl	%esi, %eax
	sti
	call	*%ebx
	jmp	arch_halt
