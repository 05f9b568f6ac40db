/* The run-time ABI's 64-bit unsigned division (ARM RTABI, 4.3.1), which
 * the compiler calls for every uint64_t '/' and '%': n in r0:r1, d in
 * r2:r3; quotient back in r0:r1, remainder in r2:r3. Ours hands the
 * work to the portable udivmod64() (common/lib), a third of the size of
 * the toolchain's routine, and panics on a zero divisor, naming the call. */
	.syntax unified
	.arm
	.section .text.__aeabi_uldivmod, "ax"

	.global __aeabi_uldivmod
	.type __aeabi_uldivmod, %function
__aeabi_uldivmod:
	orrs	r12, r2, r3
	beq	1f
	push	{r11, lr}
	sub	sp, sp, #16		@ [sp]: &rem (udivmod64's 3rd argument
	add	r12, sp, #8		@ goes on the stack); [sp + 8]: rem
	str	r12, [sp]
	bl	udivmod64
	ldrd	r2, r3, [sp, #8]
	add	sp, sp, #16
	pop	{r11, pc}
1:	sub	r1, lr, #4		@ the call
	ldr	r0, =uldivmod_by_zero
	b	panic
	.size __aeabi_uldivmod, . - __aeabi_uldivmod

	.section .rodata.uldivmod_by_zero, "a"
uldivmod_by_zero:
	.asciz	"64-bit division by zero at 0x%08lx"
