/* x86 CPU definitions shared by the port's C and assembly code: control
 * registers, MSRs, segment selectors, page-table bits.
 * Intel SDM vol. 3A: 2.5 (control registers), 3.4.5 (segment
 * descriptors), 4.5 (4-level and PAE paging entries); vol. 4 (MSRs). */
#ifndef X86_H
#define X86_H

/* CR0 (SDM 3A 2.5). */
#define CR0_PE (1 << 0)		/* protected mode */
#define CR0_MP (1 << 1)		/* WAIT/FWAIT honour TS */
#define CR0_EM (1 << 2)		/* x87 emulation: must be clear */
#define CR0_TS (1 << 3)		/* task switched: FP access traps (#NM) */
#define CR0_NE (1 << 5)		/* native x87 error reporting (#MF) */
#define CR0_WP (1 << 16)	/* supervisor writes honour read-only pages */
#define CR0_NW (1 << 29)	/* not write-through (set at reset) */
#define CR0_CD (1 << 30)	/* cache disable (set at reset) */
#define CR0_PG 0x80000000

/* CR4. */
#define CR4_PAE (1 << 5)
#define CR4_MCE (1 << 6)	/* machine checks raise #MC, not shutdown */
#define CR4_OSFXSR (1 << 9)	/* FXSAVE/FXRSTOR and SSE enabled */
#define CR4_OSXMMEXCPT (1 << 10)	/* SSE exceptions as #XM */

/* EFLAGS. */
#define EFLAGS_IF (1 << 9)
#define EFLAGS_RESERVED1 (1 << 1)	/* always reads as one */

/* MSRs (SDM vol. 4, table 2-2). */
#define MSR_IA32_APIC_BASE 0x1b
#define MSR_IA32_MTRR_DEF_TYPE 0x2ff
#define MTRR_DEF_TYPE_E (1 << 11)	/* MTRRs enabled (3A 11.11.2.1) */
#define CPUID_1_EDX_MTRR (1 << 12)
#define CPUID_1_EDX_CMOV (1 << 15)	/* CMOVcc, FCMOVcc (P6 and later) */
#define CPUID_EXT_BASE 0x80000000	/* EAX: the highest extended leaf */
#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_EXT_EDX_LM (1 << 29)	/* long mode (Intel 64, AMD64) */
#define MSR_IA32_TSC_DEADLINE 0x6e0
#define MSR_X2APIC_BASE 0x800	/* x2APIC register r at 0x800 + r / 16 */
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)	/* long mode enable */
#define EFER_NXE (1 << 11)	/* execute-disable bit in page entries */

/* Segment selectors of our GDT (boot and runtime share the layout). */
#define X86_SEL_CODE32 0x08
#define X86_SEL_DATA 0x10
#define X86_SEL_CODE64 0x18
#define X86_SEL_TSS 0x20	/* 16 bytes in long mode */
#define X86_SEL_TSS_PF 0x30	/* i686: page-fault task */
#define X86_SEL_TSS_DF 0x38	/* i686: double-fault task */
#define X86_GDT_ENTRIES 8

/* Flat code/data descriptors: base 0, limit 0xfffff pages (4 GiB).
 * Access byte: P | DPL 0 | S | type; the accessed bit is preset so that
 * loading a selector never writes the descriptor. Flags: G, D/B or L. */
#define X86_SEG_ACCESS_CODE 0x9b	/* execute/read, accessed */
#define X86_SEG_ACCESS_DATA 0x93	/* read/write, accessed */
#define X86_SEG_FLAGS_32 0xc		/* 4 KiB granularity, 32-bit */
#define X86_SEG_FLAGS_64 0xa		/* 4 KiB granularity, long mode */
#define X86_SEG_FLAT_LO 0x0000ffff	/* limit 15:0, base 15:0 */
#define X86_SEG_FLAT_HI(access, flags) \
	(((flags) << 20) | (0xf << 16) | ((access) << 8))

/* Page-table entries (SDM 3A 4.5, tables 4-14..4-20). */
#define PTE_P (1 << 0)
#define PTE_RW (1 << 1)
#define PTE_PWT (1 << 3)
#define PTE_PCD (1 << 4)
#define PTE_PS (1 << 7)		/* 2 MiB page in a directory entry */
#define X86_PAGE_SIZE 4096
#define X86_LARGE_PAGE_SIZE 0x200000

/* How the image was entered (x86_entry_kind). */
#define X86_ENTRY_REALMODE 1	/* Jailhouse: 16-bit real mode at offset 0 */
#define X86_ENTRY_PVH 2		/* PVH: 32-bit protected mode, paging off */

/* PVH ELF note (Xen public/elfnote.h): XEN_ELFNOTE_PHYS32_ENTRY. */
#define XEN_ELFNOTE_PHYS32_ENTRY 18

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

struct x86_cpuid {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct x86_cpuid x86_cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct x86_cpuid r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t x86_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

static inline void x86_wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" ::"c"(msr), "a"((uint32_t)v),
			 "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t x86_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

/* A write's value is in one of eax..edx ("Q"): with r8-r15 it would take
 * a REX prefix, and an AMD CPU without decode assists leaves the decoding
 * of a trapped CR0 write to the hypervisor, which in Jailhouse takes the
 * bare 0f 22 /r form only (svm.c) and stops the cell otherwise. */
#define X86_CR_ACCESSORS(n)                                                  \
	static inline unsigned long x86_read_cr##n(void)                    \
	{                                                                   \
		unsigned long v;                                            \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));           \
		return v;                                                   \
	}                                                                   \
	static inline void x86_write_cr##n(unsigned long v)                 \
	{                                                                   \
		__asm__ volatile("mov %0, %%cr" #n ::"Q"(v) : "memory");    \
	}
X86_CR_ACCESSORS(0)
X86_CR_ACCESSORS(2)
X86_CR_ACCESSORS(3)
X86_CR_ACCESSORS(4)

static inline unsigned long x86_read_flags(void)
{
	unsigned long f;

	__asm__ volatile("pushf\n\tpop %0" : "=r"(f)::"memory");
	return f;
}

static inline void x86_invlpg(uintptr_t addr)
{
	__asm__ volatile("invlpg (%0)" ::"r"(addr) : "memory");
}

/* CPU features the port uses, read once per start (arch_init(), or
 * x86_cpu_is_amd() when asked first). */
struct x86_features {
	bool tsc, tsc_invariant, apic, x2apic, tsc_deadline, pae, nx, fxsr, sse,
	     mtrr, mce, arat;
	char vendor[13];
	uint32_t family, model, stepping;
};
extern struct x86_features x86_cpu;
/* Whether the CPU is AMD's design (AMD's or Hygon's), whose hardware
 * virtualisation is SVM, rather than Intel's VMX. Any time after the
 * .bss clear. */
bool x86_cpu_is_amd(void);

/* Set by the entry code. */
extern uint32_t x86_entry_kind;
extern uint32_t x86_pvh_start_info;

void x86_early_init(void);
void x86_fpu_init(void);
void x86_paging_init(void);
void x86_tss_set_cr3(unsigned long cr3);
#endif

#endif
