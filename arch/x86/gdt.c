/* The runtime GDT and task-state segments.
 *
 * Segments are flat (x86.h); what the GDT adds at run time is the TSS:
 *  - x86_64: its interrupt-stack table gives the double-fault and the
 *    page-fault handlers their own stacks, so a thread that runs into its
 *    guard page still gets a report instead of a triple fault;
 *  - i686: there is no IST, so page and double faults are task gates
 *    (idt.c) to tasks with their own stacks; the CPU saves the faulting
 *    state in the boot TSS, where the report reads it.
 * Intel SDM vol. 3A 7.2 (32-bit TSS), 7.7 (64-bit TSS), 6.14.5 (IST),
 * 7.3 (task switching). */
#include <stddef.h>
#include <stdint.h>

#include "x86.h"
#include "x86_gdt.h"
#include "x86_vectors.h"

#define TSS_TYPE_AVAILABLE 0x89	/* P | DPL 0 | available TSS (32/64) */
#define FAULT_STACK_SIZE 4096
#define GDT_BYTE_SHIFT 8

static uint32_t gdt[X86_GDT_ENTRIES][2] __attribute__((aligned(16)));
static uint8_t fault_stacks[2][FAULT_STACK_SIZE]
	__attribute__((section(".noinit.fault_stacks"), aligned(16)));

static void gdt_set_flat(unsigned int sel, uint32_t access, uint32_t flags)
{
	gdt[sel / 8][0] = X86_SEG_FLAT_LO;
	gdt[sel / 8][1] = X86_SEG_FLAT_HI(access, flags);
}

/* A system descriptor for a TSS at `base` (SDM 3A 7.2.2, 7.2.3). In long
 * mode it takes two slots: the second holds base bits 63:32. */
static void gdt_set_tss(unsigned int sel, uintptr_t base, uint32_t limit)
{
	uint32_t b = (uint32_t)base;

	gdt[sel / 8][0] = (b << 16) | (limit & 0xffff);
	gdt[sel / 8][1] = (b & 0xff000000) | (limit & 0xf0000) |
			  (TSS_TYPE_AVAILABLE << GDT_BYTE_SHIFT) |
			  ((b >> 16) & 0xff);
#ifdef __x86_64__
	gdt[sel / 8 + 1][0] = (uint32_t)((uint64_t)base >> 32);
	gdt[sel / 8 + 1][1] = 0;
#endif
}

static void gdt_load(void)
{
	/* Read by the lgdt instruction, not by C. */
	struct __attribute__((packed)) {
		/* cppcheck-suppress unusedStructMember */
		uint16_t limit;
		/* cppcheck-suppress unusedStructMember */
		uintptr_t base;
	} gdtr = { sizeof(gdt) - 1, (uintptr_t)gdt };

	__asm__ volatile("lgdt %0" ::"m"(gdtr) : "memory");
	__asm__ volatile("ltr %w0" ::"r"(X86_SEL_TSS) : "memory");
}

static uintptr_t fault_stack_top(unsigned int i)
{
	return (uintptr_t)fault_stacks[i] + FAULT_STACK_SIZE;
}

#ifdef __x86_64__
struct tss64 {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

static struct tss64 tss __attribute__((aligned(16)));

void x86_gdt_init(void)
{
	gdt_set_flat(X86_SEL_CODE32, X86_SEG_ACCESS_CODE, X86_SEG_FLAGS_32);
	gdt_set_flat(X86_SEL_DATA, X86_SEG_ACCESS_DATA, X86_SEG_FLAGS_32);
	gdt_set_flat(X86_SEL_CODE64, X86_SEG_ACCESS_CODE, X86_SEG_FLAGS_64);
	tss.ist[X86_IST_DF - 1] = fault_stack_top(0);
	tss.ist[X86_IST_PF - 1] = fault_stack_top(1);
	tss.iomap_base = sizeof(tss);	/* no I/O permission bitmap */
	gdt_set_tss(X86_SEL_TSS, (uintptr_t)&tss, sizeof(tss) - 1);
	gdt_load();
}

void x86_tss_set_cr3(unsigned long cr3)
{
	(void)cr3;	/* no task switches in long mode */
}

const struct x86_tss32 *x86_tss_interrupted(void)
{
	return NULL;
}
#else
static struct x86_tss32 tss_boot, tss_fault[2] __attribute__((aligned(16)));

void x86_pf_task_entry(void);
void x86_df_task_entry(void);

static void tss_fault_init(struct x86_tss32 *t, void (*entry)(void),
			   uintptr_t stack)
{
	t->eip = (uint32_t)(uintptr_t)entry;
	t->esp = (uint32_t)stack;
	t->eflags = EFLAGS_RESERVED1;	/* interrupts stay masked */
	t->cs = X86_SEL_CODE32;
	t->ds = t->es = t->ss = t->fs = t->gs = X86_SEL_DATA;
	t->cr3 = (uint32_t)x86_read_cr3();
	t->iomap_base = sizeof(*t);
}

void x86_gdt_init(void)
{
	gdt_set_flat(X86_SEL_CODE32, X86_SEG_ACCESS_CODE, X86_SEG_FLAGS_32);
	gdt_set_flat(X86_SEL_DATA, X86_SEG_ACCESS_DATA, X86_SEG_FLAGS_32);
	gdt_set_flat(X86_SEL_CODE64, X86_SEG_ACCESS_CODE, X86_SEG_FLAGS_64);
	tss_boot.iomap_base = sizeof(tss_boot);
	tss_fault_init(&tss_fault[0], x86_pf_task_entry, fault_stack_top(1));
	tss_fault_init(&tss_fault[1], x86_df_task_entry, fault_stack_top(0));
	gdt_set_tss(X86_SEL_TSS, (uintptr_t)&tss_boot, sizeof(tss_boot) - 1);
	gdt_set_tss(X86_SEL_TSS_PF, (uintptr_t)&tss_fault[0],
		    sizeof(tss_fault[0]) - 1);
	gdt_set_tss(X86_SEL_TSS_DF, (uintptr_t)&tss_fault[1],
		    sizeof(tss_fault[1]) - 1);
	gdt_load();
}

/* A task switch loads CR3 from the new TSS: keep the fault tasks on the
 * page tables in use. */
void x86_tss_set_cr3(unsigned long cr3)
{
	tss_fault[0].cr3 = tss_fault[1].cr3 = (uint32_t)cr3;
}

/* Where the CPU saved the state of the kernel when it switched to a
 * fault task. */
const struct x86_tss32 *x86_tss_interrupted(void)
{
	return &tss_boot;
}
#endif
