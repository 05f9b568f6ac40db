/* x86_64 exception and interrupt entries. Interrupts run on the
 * interrupted thread's stack (ring 0 to ring 0): the stub saves what the
 * SysV ABI lets C clobber and calls irq_dispatch(vector), which may switch
 * threads before it returns here. Exceptions save every register into a
 * struct x86_frame and report (traps.c); they never return.
 * Intel SDM vol. 3A 6.14.2 (64-bit interrupt stack frame: RSP is aligned
 * to 16 bytes, then SS, RSP, RFLAGS, CS, RIP and an error code pushed),
 * 6.15 (which exceptions push an error code). */
#include "x86_vectors.h"

/* Exceptions that push an error code. */
#define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
		      (v) == 21 || (v) == 29 || (v) == 30)

	.text
	.code64

.macro exc_stub vec
	.balign 16
exc_\vec:
	.if !HAS_ERROR(\vec)
	pushq	$0
	.endif
	pushq	$\vec
	jmp	exc_common
.endm

	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	exc_stub \v
	.endr

/* Frame, from the stack pointer up: r15..rax, vector, error, then the
 * CPU's rip, cs, rflags, rsp, ss (struct x86_frame). */
exc_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movq	%rsp, %rdi
	andq	$-16, %rsp
	call	x86_trap
	jmp	arch_halt

/* Interrupt stubs for vectors 32..255, X86_IRQ_STUB_SIZE bytes apart. */
	.balign X86_IRQ_STUB_SIZE
	.global x86_irq_stubs
x86_irq_stubs:
	.set	vec, X86_VEC_EXCEPTIONS
	.rept	256 - X86_VEC_EXCEPTIONS
1:	.if vec == X86_VEC_SPURIOUS
	pushq	$(vec | X86_IRQ_SPURIOUS_FLAG)
	.else
	pushq	$vec
	.endif
	jmp	irq_common
	/* The next stub's place, which idt.c computes: a stub that grew
	 * past it is an assembler error (moving .org backwards), where
	 * .balign would silently shift every stub after it. */
	.org	1b + X86_IRQ_STUB_SIZE, 0xcc
	.set	vec, vec + 1
	.endr

/* The CPU aligned RSP to 16 before its 5-word frame; with the vector and
 * 9 saved registers one more word makes it 16-aligned for the call. */
irq_common:
	pushq	%rax
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	movl	72(%rsp), %edi
	cld
	subq	$8, %rsp
	call	irq_dispatch
	addq	$8, %rsp
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rax
	addq	$8, %rsp
	iretq

	.section .rodata
	.balign 8
	.global x86_exc_stubs
x86_exc_stubs:
	.irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31
	.quad	exc_\v
	.endr
