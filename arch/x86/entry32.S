/* From 32-bit protected mode to kernel_main(), shared by both entries:
 *  - PVH (QEMU -kernel): 32-bit flat protected mode, paging off,
 *    interrupts off, EBX = the hvm_start_info, no usable stack or GDT
 *    (Xen docs/misc/pvh.pandoc);
 *  - Jailhouse, coming from entry16.S with the boot GDT loaded.
 * Both reload the boot GDT, set up the boot stack and, for x86_64, switch
 * to long mode through a temporary identity map of the first 4 GiB (the
 * image lies in the first, the linker script checks; the others are
 * uncached, for a console's MMIO registers, which are used before
 * arch_init() maps the device tree's windows), then clear .bss, install the
 * exception gates of the IDT (x86_early_init) and call kernel_main().
 * Caching is turned on first of all (caches_on).
 * arch_init() later installs the interrupt gates and replaces the
 * temporary map with one built from the device tree.
 * Intel SDM vol. 3A 9.8.5 (initializing IA-32e mode). */
#include "x86.h"

#define EARLY_PT_ENTRIES 512
#define EARLY_GIBS 4

/* The first PC serial port, 8250-compatible (its line status register's
 * "transmit holding register empty" bit), for cpu_check's one message. */
#define COM1_PORT 0x3f8
#define UART_LSR 5
#define UART_LSR_THRE 0x20

	.text
	.code32
	.global x86_pvh_entry, x86_entry32_realmode
x86_pvh_entry:
	cli
	movl	$X86_ENTRY_PVH, %edi
	movl	%ebx, %esi
	jmp	1f
x86_entry32_realmode:
	movl	$X86_ENTRY_REALMODE, %edi
	xorl	%esi, %esi
1:	rdtsc			/* boot_stamps.entry, stored once DS is flat */
	movl	%eax, %ebp
	movl	%edx, %ebx
	/* Through CS, flat on both ways in: DS is still the real-mode
	 * one after entry16.S (its base the image's, for an image above 0). */
	lgdt	%cs:x86_boot_gdtr
	ljmp	$X86_SEL_CODE32, $2f
2:	movl	$X86_SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$__boot_stack_end, %esp
	call	cpu_check
	/* .data from where the image holds it (right after .rodata) up to
	 * its own page (link.ld.in), before anything writes it. The two
	 * never overlap: the stored copy is there for the next start. EDI
	 * and ESI carry the entry. */
	movl	%edi, %edx
	movl	%esi, %eax
	movl	$__data_load_end - 4, %esi
	movl	$__data_end - 4, %edi
	movl	$__data_end, %ecx
	subl	$__data_start, %ecx
	shrl	$2, %ecx
	std
	rep movsl
	movl	%edx, %edi
	movl	%eax, %esi
	cld
	/* .data is part of the image, so these survive the .bss clear. */
	movl	%edi, x86_entry_kind
	movl	%esi, x86_pvh_start_info
	movl	%ebp, boot_stamps
	movl	%ebx, boot_stamps + 4
	call	caches_on

#ifdef __x86_64__
	call	early_map_build
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$x86_early_pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$X86_SEL_CODE64, $entry64

/* PML4[0] -> PDPT; PDPT[0] -> PD, the first GiB in 2 MiB pages;
 * PDPT[1..3] the other three GiB uncached (PCD | PWT), as 1 GiB pages
 * where the CPU has them (CPUID 8000_0001h EDX bit 26), else through
 * three more PDs. All writable and executable. PML4, PDPT and the first
 * PD are image data, built by the assembler: carrying the PML4's and
 * PDPT's 8 KiB of zeros in the image spares the 2048 stores that cleared
 * them at every boot. None is in .bss (cleared later, while they are in
 * use). */
early_map_build:
	movl	$0x80000000, %eax
	cpuid
	cmpl	$0x80000001, %eax
	jb	6f
	movl	$0x80000001, %eax
	cpuid
	btl	$26, %edx
	jnc	6f
	movl	$(0x40000000 | PTE_P | PTE_RW | PTE_PS | PTE_PCD | PTE_PWT), %eax
	movl	%eax, x86_early_pdpt + 8
	addl	$0x40000000, %eax
	movl	%eax, x86_early_pdpt + 16
	addl	$0x40000000, %eax
	movl	%eax, x86_early_pdpt + 24
	ret
6:	movl	$x86_early_pd_high, %edi
	movl	$(0x40000000 | PTE_P | PTE_RW | PTE_PS | PTE_PCD | PTE_PWT), %eax
	movl	$((EARLY_GIBS - 1) * EARLY_PT_ENTRIES), %ecx
	call	early_pd_fill
	movl	$(x86_early_pd_high + PTE_P + PTE_RW), %eax
	movl	$x86_early_pdpt + 8, %edi
	movl	$(EARLY_GIBS - 1), %ecx
7:	movl	%eax, (%edi)
	addl	$8, %edi
	addl	$X86_PAGE_SIZE, %eax
	loop	7b
	ret

/* ECX entries at EDI, the first EAX, each 2 MiB further on. */
early_pd_fill:
	xorl	%edx, %edx
8:	movl	%eax, (%edi)
	movl	%edx, 4(%edi)
	addl	$8, %edi
	addl	$X86_LARGE_PAGE_SIZE, %eax
	loop	8b
	ret

	.code64
entry64:
	movl	$X86_SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	$__boot_stack_end, %esp
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	shrl	$3, %ecx		/* 8-byte aligned and sized: link.ld */
	xorl	%eax, %eax
	rep stosq
	call	x86_early_init
	call	kernel_main
	jmp	arch_halt

	/* 512 entries of 2 MiB, P | RW | PS: the first GiB, write-back.
	 * Written only by the CPU (accessed bits) and by early_map_build,
	 * which sets PDPT[1..3] the same way at every start, until
	 * arch_init() replaces the map. */
	.section .boot_pt, "a"
	.balign X86_PAGE_SIZE
x86_early_pd:
	.set	page, 0
	.rept	EARLY_PT_ENTRIES
	.quad	page + PTE_P + PTE_RW + PTE_PS
	.set	page, page + X86_LARGE_PAGE_SIZE
	.endr
	/* Only entry 0 of each: early_map_build adds PDPT[1..3]. */
	.global x86_early_pml4
x86_early_pml4:
	.quad	x86_early_pdpt + PTE_P + PTE_RW
	.fill	EARLY_PT_ENTRIES - 1, 8, 0
x86_early_pdpt:
	.quad	x86_early_pd + PTE_P + PTE_RW
	.fill	EARLY_PT_ENTRIES - 1, 8, 0

	.section .noinit.boot_pt, "aw", @nobits
	.balign X86_PAGE_SIZE
x86_early_pd_high:		/* only for CPUs without 1 GiB pages */
	.skip	(EARLY_GIBS - 1) * X86_PAGE_SIZE
#else
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx		/* 4-byte aligned and sized: link.ld */
	xorl	%eax, %eax
	rep stosl
	call	x86_early_init
	call	kernel_main
	jmp	arch_halt
#endif

	.text
	.code32
/* What the compiled image takes for granted of the CPU, checked before
 * any of it runs: without it the first instruction that needs it faults
 * with no console up to say why (x86_64: the switch to long mode turns
 * into a triple fault, a reset; i686: GCC's code for -march=i686 uses
 * CMOV, #UD). Entered the PVH way (QEMU's -kernel) the reason goes to
 * COM1, the port QEMU's PC boards have; in a Jailhouse cell the ports are
 * the cell's configuration's, and no CPU that Jailhouse runs on lacks
 * either. Then the CPU halts for good. Takes the entry kind in EDI;
 * clobbers EAX, ECX, EDX. SDM 2A CPUID (leaf 1 EDX[15], leaf 80000001h
 * EDX[29]). */
cpu_check:
	pushl	%ebx
#ifdef __x86_64__
	movl	$CPUID_EXT_BASE, %eax
	cpuid
	cmpl	$CPUID_EXT_FEATURES, %eax
	jb	cpu_unfit
	movl	$CPUID_EXT_FEATURES, %eax
	cpuid
	testl	$CPUID_EXT_EDX_LM, %edx
#else
	movl	$1, %eax
	cpuid
	testl	$CPUID_1_EDX_CMOV, %edx
#endif
	jz	cpu_unfit
	popl	%ebx
	ret

cpu_unfit:
	cmpl	$X86_ENTRY_PVH, %edi
	jne	3f
	movl	$cpu_unfit_msg, %ebx
1:	movzbl	(%ebx), %ecx
	incl	%ebx
	jecxz	3f
	movw	$(COM1_PORT + UART_LSR), %dx
2:	inb	%dx, %al
	testb	$UART_LSR_THRE, %al
	jz	2b
	movw	$COM1_PORT, %dx
	movb	%cl, %al
	outb	%al, %dx
	jmp	1b
3:	cli
	.global x86_cpu_unfit_halt	/* a test looks for it (x86 tests) */
x86_cpu_unfit_halt:
	hlt
	jmp	x86_cpu_unfit_halt

	.section .rodata
cpu_unfit_msg:
#ifdef __x86_64__
	.asciz	"cellmate: this x86_64 image needs a CPU with long mode (CPUID 80000001h EDX[29]): stopped\r\n"
#else
	.asciz	"cellmate: this i686 image needs a CPU with CMOV (CPUID 1 EDX[15]), a P6 or later: stopped\r\n"
#endif

	.text
	.code32
/* A CPU leaves reset with its MTRRs off, which makes all memory
 * uncached (SDM 3A 11.11.2.1), and with CR0.CD and CR0.NW set, its caches
 * in no-fill mode (9.1.1 table 9-1, 11.5.1 table 11-5); Jailhouse starts
 * a cell's CPU that way too. Both are turned on here, in the order of SDM
 * 11.11.7.2, before the page tables and .bss are written: uncached, the
 * .bss clear alone would cost milliseconds on hardware. Without that
 * sequence's WBINVD (as Jailhouse's own cells do): it would write back
 * and empty caches other cells share.
 * Entered in real mode (a Jailhouse cell) the MTRRs are enabled whatever
 * IA32_MTRR_DEF_TYPE reads: Jailhouse emulates only the write of its E
 * bit (the cell's memory stays uncached, guest PAT 0, until it comes),
 * and on AMD it passes the read through to the host's MSR, which has E
 * set. After PVH firmware, E set means the firmware did it: no second
 * write. Takes the entry kind in EDI; clobbers EAX, EBX, ECX, EDX. */
caches_on:
	movl	$1, %eax
	cpuid
	testl	$CPUID_1_EDX_MTRR, %edx
	jz	1f
	movl	$MSR_IA32_MTRR_DEF_TYPE, %ecx
	rdmsr
	cmpl	$X86_ENTRY_REALMODE, %edi
	je	3f
	testl	$MTRR_DEF_TYPE_E, %eax
	jnz	1f
3:	orl	$MTRR_DEF_TYPE_E, %eax
	.global x86_mtrr_enable	/* a test stops here (cell_x86.cmake) */
x86_mtrr_enable:
	wrmsr
1:	movl	%cr0, %eax
	testl	$(CR0_CD | CR0_NW), %eax
	jz	2f
	andl	$~(CR0_CD | CR0_NW), %eax
	movl	%eax, %cr0
2:	ret

	.data
	.balign 4
	.global x86_entry_kind, x86_pvh_start_info
x86_entry_kind:
	.long	0
x86_pvh_start_info:
	.long	0
