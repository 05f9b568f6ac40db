/* The firmware's CPU mode changes, its only code that is not C:
 *  - from the reset vector into flat 32-bit protected mode for fw_main().
 *    The CPU leaves reset in real mode with CS.selector 0xf000 but
 *    CS.base 0xffff0000 and IP 0xfff0, i.e. at the last 16 bytes of this
 *    ROM, which QEMU maps to end at 4 GiB (Intel SDM vol. 3A 9.1.4 "First
 *    Instruction Executed"); a GDT in ROM and CR0.PE then lead into 32-bit
 *    code (SDM 3A 9.9.1 "Switching to Protected Mode");
 *  - back to 16-bit real mode and into the cell image at CS base = its
 *    address (0 unless opt/cellmate/base moves it), IP 0, without a
 *    stack, general registers zero, other segments 0 with 64 KiB
 *    limits, IDTR and GDTR base 0 limit 0xffff, EFLAGS 0x2 -- the state
 *    in which Jailhouse starts a non-root cell's boot CPU (its x86 vCPU
 *    reset) -- following SDM 3A 9.9.2 "Switching Back to Real-Address
 *    Mode".
 * The whole 64 KiB ROM is one real-mode segment (CS.base 0xffff0000):
 * the 16-bit code addresses what is here by OFF(label), its offset in
 * that segment; fw.ld puts this section at 0xfffff000, offset 0xf000. */
#include "x86.h"

#define FW_TEXT16_OFFSET 0xf000
#define OFF(sym) ((sym) - fw_text16 + FW_TEXT16_OFFSET)

/* Selectors of fw_gdt. */
#define FW_SEL_CODE32 0x08
#define FW_SEL_DATA32 0x10
#define FW_SEL_CODE16 0x18
#define FW_SEL_DATA16 0x20

/* EFLAGS at reset and in a fresh cell: only reserved bit 1 (SDM 3A 9.1.1,
 * table 9-1). */
#define EFLAGS_RESET 0x2

	.section .text16, "ax"
	.code16
	.global fw_text16
fw_text16:
fw_entry16:
	cli
	cld
	lgdtl	%cs:OFF(fw_gdtr)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	/* The far jump right after setting PE loads a protected-mode CS. */
	ljmpl	$FW_SEL_CODE32, $fw_entry32

	.code32
fw_entry32:
	movl	$FW_SEL_DATA32, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %fs
	movl	%eax, %gs
	movl	%eax, %ss
	movl	$__stack_top, %esp
	/* .data from its image in ROM, .bss cleared: C may run. */
	movl	$__data_load, %esi
	movl	$__data_start, %edi
	movl	$__data_end, %ecx
	subl	%edi, %ecx
	rep movsb
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	call	fw_main		/* ends in fw_launch */
1:	hlt
	jmp	1b

/* fw_launch(selector): never returns. Steps of SDM 3A 9.9.2: interrupts off (1),
 * paging is off (2), a 16-bit code segment of limit 0xffff (3), data
 * segments of limit 0xffff (4), a real-mode IDT (5), PE cleared (6), a
 * far jump into real-mode code (7), which is the cell's entry; the real-
 * mode segment loads (8) and register clearing happen just before that
 * jump, still in this segment. From the POPF on no instruction may change
 * a flag: EFLAGS must reach the cell as 0x2. */
	.global fw_launch
fw_launch:
	cli
	movl	4(%esp), %ecx		/* the cell's CS selector */
	movl	%cr0, %ebx
	andl	$~CR0_PE, %ebx		/* CR0 as at reset */
	pushl	$EFLAGS_RESET
	popfl
	ljmpl	$FW_SEL_CODE16, $OFF(fw_launch16)

	.code16
fw_launch16:
	movw	$FW_SEL_DATA16, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	lidtl	%cs:OFF(fw_cell_idtr)
	lgdtl	%cs:OFF(fw_cell_gdtr)	/* no selector loads follow */
	movl	%ebx, %cr0
	/* Real mode: a segment load sets base = selector << 4. */
	movw	$0, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	$0, %eax
	movl	$0, %ebx
	movl	$0, %edx
	movl	$0, %esi
	movl	$0, %edi
	movl	$0, %ebp
	movl	$0, %esp
	/* JCXZ, PUSH and RET leave the flags alone. An image above 0 is
	 * entered through the stack at 0000:fffc, below it (its address is
	 * 64 KiB-aligned); SP is back at 0 after the RET. */
	jcxz	1f
	pushw	%cx
	pushw	$0
	movl	$0, %ecx
	lretw
1:	ljmpw	$0, $0

/* Flat 32-bit code and data; 16-bit code over this ROM and 16-bit data
 * at 0, both byte-granular with limit 0xffff (SDM 3A 3.4.5, figure 3-8:
 * limit 15:0, base 15:0 | base 23:16, access, flags + limit 19:16, base
 * 31:24). */
	.balign 8
fw_gdt:
	.long	0, 0
	.long	X86_SEG_FLAT_LO		/* FW_SEL_CODE32 */
	.long	X86_SEG_FLAT_HI(X86_SEG_ACCESS_CODE, X86_SEG_FLAGS_32)
	.long	X86_SEG_FLAT_LO		/* FW_SEL_DATA32 */
	.long	X86_SEG_FLAT_HI(X86_SEG_ACCESS_DATA, X86_SEG_FLAGS_32)
	.word	0xffff, 0x0000		/* FW_SEL_CODE16, at the ROM */
	.byte	0xff, X86_SEG_ACCESS_CODE, 0x00, 0xff
	.word	0xffff, 0x0000		/* FW_SEL_DATA16: base 0 */
	.byte	0x00, X86_SEG_ACCESS_DATA, 0x00, 0x00
fw_gdt_end:

	.balign 4
	.word	0
fw_gdtr:
	.word	fw_gdt_end - fw_gdt - 1
	.long	fw_gdt

/* What the cell finds in IDTR and GDTR, as Jailhouse resets them. */
	.word	0
fw_cell_idtr:
	.word	0xffff
	.long	0
	.word	0
fw_cell_gdtr:
	.word	0xffff
	.long	0

/* The reset vector: the last 16 bytes of the ROM (fw.ld). */
	.section .resetvector, "ax"
	.code16
	.global fw_reset
fw_reset:
	jmp	fw_entry16
	.fill	16 - (. - fw_reset), 1, 0xf4	/* hlt */
