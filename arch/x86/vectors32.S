/* i686 exception and interrupt entries. Interrupts run on the interrupted
 * thread's stack (ring 0 to ring 0: the CPU pushes EFLAGS, CS, EIP only):
 * the stub saves what the SysV i386 ABI lets C clobber and calls
 * irq_dispatch(vector), which may switch threads before it returns here.
 * C takes its arguments in EAX, EDX, ECX (-mregparm=3,
 * toolchains/i686.cmake).
 * Exceptions save every register into a struct x86_frame and report
 * (traps.c); they never return. Page and double faults are task gates
 * (gdt.c, idt.c) entering x86_pf_task_entry / x86_df_task_entry, but in
 * a Jailhouse cell on a VMX CPU, which may not switch tasks (idt.c).
 * Intel SDM vol. 3A 6.12.1 (stack usage with no privilege change), 6.15. */
#include "x86_vectors.h"

#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		      (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.code32

.macro exc_stub vec
	.balign 16
exc_\vec:
	.if !HAS_ERROR(\vec)
	pushl	$0
	.endif
	pushl	$\vec
	jmp	exc_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	exc_stub \v
	.endr

/* Frame, from the stack pointer up: PUSHA's edi..eax, vector, error, then
 * the CPU's eip, cs, eflags (struct x86_frame). */
exc_common:
	pushal
	cld
	movl	%esp, %eax
	andl	$-16, %esp
	call	x86_trap
	jmp	arch_halt

/* Fault tasks: the CPU pushed the error code on the task's own stack
 * (SDM 3A 6.12.2). It is passed on with the stack realigned, as the SysV
 * i386 ABI wants: %esp 16-byte aligned at the call. */
	.global x86_pf_task_entry, x86_df_task_entry
x86_pf_task_entry:
	movl	$X86_VEC_PF, %eax
	jmp	1f
x86_df_task_entry:
	movl	$X86_VEC_DF, %eax
1:	popl	%edx
	andl	$-16, %esp
	call	x86_task_trap
	jmp	arch_halt

	.balign X86_IRQ_STUB_SIZE
	.global x86_irq_stubs
x86_irq_stubs:
	.set	vec, X86_VEC_EXCEPTIONS
	.rept	256 - X86_VEC_EXCEPTIONS
1:	.if vec == X86_VEC_SPURIOUS
	pushl	$(vec | X86_IRQ_SPURIOUS_FLAG)
	.else
	pushl	$vec
	.endif
	jmp	irq_common
	/* The next stub's place, which idt.c computes: a stub that grew
	 * past it is an assembler error (moving .org backwards), where
	 * .balign would silently shift every stub after it. */
	.org	1b + X86_IRQ_STUB_SIZE, 0xcc
	.set	vec, vec + 1
	.endr

irq_common:
	pushl	%eax
	pushl	%ecx
	pushl	%edx
	movl	12(%esp), %eax
	cld
	pushl	%ebp
	movl	%esp, %ebp
	andl	$-16, %esp
	call	irq_dispatch
	movl	%ebp, %esp
	popl	%ebp
	popl	%edx
	popl	%ecx
	popl	%eax
	addl	$4, %esp
	iret

	.section .rodata
	.balign 4
	.global x86_exc_stubs
x86_exc_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.long	exc_\v
	.endr
