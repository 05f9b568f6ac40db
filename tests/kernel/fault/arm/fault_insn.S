/* The faulting instructions, labelled so the test finds their address. */
	.syntax unified
	.arm
	.text

	.global fault_undef, fault_undef_insn
fault_undef:
fault_undef_insn:
	udf	#0
	bx	lr

	.global fault_dabt, fault_dabt_insn
fault_dabt:
fault_dabt_insn:
	ldr	r0, [r0]
	bx	lr

	.global fault_pabt
fault_pabt:
	bx	r0

/* void fault_write(uintptr_t addr): stores back the word it reads. */
	.global fault_write, fault_write_insn
fault_write:
	ldr	r1, [r0]
fault_write_insn:
	str	r1, [r0]
	bx	lr

/* void fault_sync_icache(uintptr_t addr): makes an instruction just
 * written at addr visible to fetches (DDI 0406C B2.2.9): clean the data
 * line to the point of unification, invalidate the instruction line and
 * the branch predictor. */
	.global fault_sync_icache
fault_sync_icache:
	mcr	p15, 0, r0, c7, c11, 1		@ DCCMVAU
	dsb
	mcr	p15, 0, r0, c7, c5, 1		@ ICIMVAU
	mcr	p15, 0, r0, c7, c5, 6		@ BPIALL
	dsb
	isb
	bx	lr

/* A return instruction in .data: executable RAM would run it. */
	.data
	.balign 4
	.global fault_code_in_data
fault_code_in_data:
	bx	lr

/* Two pages of return instructions in .rodata: a whole page of them lies
 * inside, with nothing else in it, however the linker places them. */
	.section .rodata.fault_code_in_rodata, "a"
	.balign 4
	.global fault_code_in_rodata, fault_code_in_rodata_end
fault_code_in_rodata:
	.rept	2 * 4096 / 4
	bx	lr
	.endr
fault_code_in_rodata_end:
