/* The faulting instructions, labelled so the test finds their address
 * (x86_64 and i686; i686 passes the first argument in EAX, -mregparm=3). */
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
	jmp	*%eax
#endif

/* void fault_write(uintptr_t addr): stores back the byte it reads. */
	.global fault_write, fault_write_insn
fault_write:
#ifdef __x86_64__
	movb	(%rdi), %al
fault_write_insn:
	movb	%al, (%rdi)
#else
	movb	(%eax), %dl
fault_write_insn:
	movb	%dl, (%eax)
#endif
	ret

/* void fault_sync_icache(uintptr_t addr): x86 fetches see stores. */
	.global fault_sync_icache
fault_sync_icache:
	ret

/* A return instruction in .data: executable RAM would run it. */
	.data
	.balign 4
	.global fault_code_in_data
fault_code_in_data:
	ret
	.byte	0xcc, 0xcc, 0xcc

/* Two pages of return instructions in .rodata: a whole page of them lies
 * inside, with nothing else in it, however the linker places them. */
	.section .rodata.fault_code_in_rodata, "a"
	.global fault_code_in_rodata, fault_code_in_rodata_end
fault_code_in_rodata:
	.fill	2 * 4096, 1, 0xc3
fault_code_in_rodata_end:
