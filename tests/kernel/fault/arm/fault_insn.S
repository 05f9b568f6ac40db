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
