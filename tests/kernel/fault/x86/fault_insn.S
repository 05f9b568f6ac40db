/* The faulting instructions, labelled so the test finds their address
 * (x86_64 and i686). */
	.text

	.global fault_undef, fault_undef_insn
fault_undef:
fault_undef_insn:
	ud2
	ret

/* void fault_dabt(uintptr_t addr): reads *addr. */
	.global fault_dabt, fault_dabt_insn
fault_dabt:
#ifdef __x86_64__
fault_dabt_insn:
	movl	(%rdi), %eax
#else
	movl	4(%esp), %eax
fault_dabt_insn:
	movl	(%eax), %eax
#endif
	ret

/* void fault_pabt(uintptr_t addr): jumps to addr. */
	.global fault_pabt
fault_pabt:
#ifdef __x86_64__
	jmp	*%rdi
#else
	movl	4(%esp), %eax
	jmp	*%eax
#endif
