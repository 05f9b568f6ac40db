/* The Jailhouse entry: the first byte of the image.
 *
 * A Jailhouse x86 cell starts its boot CPU in 16-bit real mode at the
 * image's reset address with CS.base = address & ~0xffff and IP = its low
 * 16 bits (0 for the default image at 0); there is no BIOS and no stack.
 * The image base is 64 KiB aligned (link.ld.in checks), so IP = 0 here.
 * CS.selector is (address >> 4) & 0xf000, which matches the base only
 * below 1 MiB, and the other segments are 0: data is addressed through
 * CS, whose base Jailhouse sets. The code uses no stack: it loads the
 * boot GDT, sets CR0.PE and far-jumps into 32-bit code, from where
 * entry32.S continues as for the PVH entry.
 * Intel SDM vol. 3A 9.9.1 (switching to protected mode): the far jump
 * right after the MOV to CR0 flushes the real-mode prefetch and loads a
 * protected-mode CS. */
#include "x86.h"

	.section .text.entry16, "ax"
	.code16
	.global x86_realmode_entry
x86_realmode_entry:
	cli
	cld
	lgdtl	%cs:(x86_boot_gdtr - x86_realmode_entry)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	/* 32-bit offset: the code segment is flat, base 0. */
	ljmpl	$X86_SEL_CODE32, $x86_entry32_realmode

/* The boot GDT: flat 32-bit code and data and a 64-bit code segment, at
 * the selectors x86.h names. It stays in use until gdt.c loads the
 * runtime GDT (which adds the TSS). It sits here, in the first 64 KiB, so
 * the real-mode code above can reach its descriptor. */
	.balign 8
	.global x86_boot_gdt, x86_boot_gdtr
x86_boot_gdt:
	.long	0, 0
	.long	X86_SEG_FLAT_LO		/* X86_SEL_CODE32 */
	.long	X86_SEG_FLAT_HI(X86_SEG_ACCESS_CODE, X86_SEG_FLAGS_32)
	.long	X86_SEG_FLAT_LO		/* X86_SEL_DATA */
	.long	X86_SEG_FLAT_HI(X86_SEG_ACCESS_DATA, X86_SEG_FLAGS_32)
	.long	X86_SEG_FLAT_LO		/* X86_SEL_CODE64 */
	.long	X86_SEG_FLAT_HI(X86_SEG_ACCESS_CODE, X86_SEG_FLAGS_64)
x86_boot_gdt_end:
	.balign 4
	.word	0
x86_boot_gdtr:
	.word	x86_boot_gdt_end - x86_boot_gdt - 1
	.long	x86_boot_gdt
