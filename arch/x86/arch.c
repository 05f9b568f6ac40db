/* The x86 side of the port interface (common/include/arch.h): interrupt
 * masking, idle, halt, CPU set-up and the boot banner. */
#include "arch.h"

#include "console.h"
#include "kstring.h"
#include "x86.h"
#include "x86_gdt.h"

/* CPUID feature bits (SDM vol. 2A, CPUID: tables 3-10, 3-11; leaves
 * 0x80000001 and 0x80000007). */
#define CPUID_1_EDX_TSC (1u << 4)
#define CPUID_1_EDX_PAE (1u << 6)
#define CPUID_1_EDX_MCE (1u << 7)
#define CPUID_1_EDX_APIC (1u << 9)
#define CPUID_1_EDX_FXSR (1u << 24)
#define CPUID_1_EDX_SSE (1u << 25)
#define CPUID_1_ECX_X2APIC (1u << 21)
#define CPUID_1_ECX_TSC_DEADLINE (1u << 24)
#define CPUID_THERMAL_POWER 6u
#define CPUID_6_EAX_ARAT (1u << 2)	/* APIC timer always running */
#define CPUID_EXT_RANGE_MASK 0xffff0000u
#define CPUID_EXT_EDX_NX (1u << 20)
#define CPUID_POWER_MGMT 0x80000007u
#define CPUID_POWER_EDX_INVARIANT_TSC (1u << 8)

struct x86_features x86_cpu;

static void x86_cpu_features_read(void)
{
	struct x86_cpuid id = x86_cpuid(0, 0);
	struct x86_cpuid f = x86_cpuid(1, 0);
	uint32_t fam = (f.eax >> 8) & 0xf, ext_max;

	memcpy(&x86_cpu.vendor[0], &id.ebx, 4);
	memcpy(&x86_cpu.vendor[4], &id.edx, 4);
	memcpy(&x86_cpu.vendor[8], &id.ecx, 4);
	x86_cpu.vendor[12] = '\0';
	/* Display family and model (SDM 2A, CPUID leaf 1 EAX). */
	x86_cpu.family = fam == 0xf ? fam + ((f.eax >> 20) & 0xff) : fam;
	x86_cpu.model = (f.eax >> 4) & 0xf;
	if (fam == 0x6 || fam == 0xf)
		x86_cpu.model |= ((f.eax >> 16) & 0xf) << 4;
	x86_cpu.stepping = f.eax & 0xf;
	x86_cpu.tsc = f.edx & CPUID_1_EDX_TSC;
	x86_cpu.pae = f.edx & CPUID_1_EDX_PAE;
	x86_cpu.apic = f.edx & CPUID_1_EDX_APIC;
	x86_cpu.mtrr = f.edx & CPUID_1_EDX_MTRR;
	x86_cpu.mce = f.edx & CPUID_1_EDX_MCE;
	/* SDM 3A 10.5.4: without ARAT the LAPIC timer may stop in deep
	 * C-states, which a halted CPU may enter. */
	if (id.eax >= CPUID_THERMAL_POWER)
		x86_cpu.arat = x86_cpuid(CPUID_THERMAL_POWER, 0).eax &
			       CPUID_6_EAX_ARAT;
	x86_cpu.fxsr = f.edx & CPUID_1_EDX_FXSR;
	x86_cpu.sse = f.edx & CPUID_1_EDX_SSE;
	x86_cpu.x2apic = f.ecx & CPUID_1_ECX_X2APIC;
	x86_cpu.tsc_deadline = f.ecx & CPUID_1_ECX_TSC_DEADLINE;
	/* A CPU without extended leaves answers 0x80000000 with another
	 * leaf's data: only 0x8000xxxx is a maximum. */
	ext_max = x86_cpuid(CPUID_EXT_BASE, 0).eax;
	if ((ext_max & CPUID_EXT_RANGE_MASK) != CPUID_EXT_BASE)
		ext_max = 0;
	if (ext_max >= CPUID_EXT_FEATURES)
		x86_cpu.nx = x86_cpuid(CPUID_EXT_FEATURES, 0).edx &
			     CPUID_EXT_EDX_NX;
	/* SDM 3B 17.17.1: an invariant TSC runs at a constant rate in
	 * every P-, C- and T-state. Without it, time may drift or stop
	 * while the CPU halts: said in the banner, as the cause to look
	 * at first. */
	if (ext_max >= CPUID_POWER_MGMT)
		x86_cpu.tsc_invariant = x86_cpuid(CPUID_POWER_MGMT, 0).edx &
					CPUID_POWER_EDX_INVARIANT_TSC;
}

/* Once per start: the IDT may need the vendor before arch_init(). */
static void x86_cpu_features_known(void)
{
	if (!x86_cpu.vendor[0])
		x86_cpu_features_read();
}

bool x86_cpu_is_amd(void)
{
	x86_cpu_features_known();
	/* Hygon's CPUs are AMD's design, SVM included. */
	return strcmp(x86_cpu.vendor, "AuthenticAMD") == 0 ||
	       strcmp(x86_cpu.vendor, "HygonGenuine") == 0;
}

/* Before kernel_main(), from the entry code (which has turned caching
 * on): exceptions reportable from the first C instruction on. */
void x86_early_init(void)
{
	x86_gdt_init();
	x86_idt_init();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli\n\thlt" ::: "memory");
}

void arch_init(const struct fdt *fdt)
{
	(void)fdt;
	x86_idt_irqs_init();
	x86_cpu_features_known();
	/* SDM 3A 6.15 (interrupt 18): with CR4.MCE clear a machine check
	 * shuts the CPU down; set, it is #MC, which traps.c reports. */
	if (x86_cpu.mce)
		x86_write_cr4(x86_read_cr4() | CR4_MCE);
	x86_paging_init();
	x86_fpu_init();
}

static const char *x86_entry_name(void)
{
	switch (x86_entry_kind) {
	case X86_ENTRY_REALMODE: return "16-bit real mode (Jailhouse)";
	case X86_ENTRY_PVH: return "32-bit protected mode (PVH)";
	default: return "an unknown way";
	}
}

void arch_print_info(void)
{
	kprintf("cpu: %s family 0x%x model 0x%x stepping %u (%s)\n",
		x86_cpu.vendor, (unsigned int)x86_cpu.family,
		(unsigned int)x86_cpu.model, (unsigned int)x86_cpu.stepping,
#ifdef __x86_64__
		"x86_64"
#else
		"i686"
#endif
	);
	kprintf("cpu: x2APIC %s, TSC-deadline %s, NX %s, PAE %s, invariant "
		"TSC %s\n", x86_cpu.x2apic ? "yes" : "no",
		x86_cpu.tsc_deadline ? "yes" : "no",
		x86_cpu.nx ? "yes" : "no", x86_cpu.pae ? "yes" : "no",
		x86_cpu.tsc_invariant ? "yes" : "no");
	/* Read back: what the CPU does, not what we asked for. */
	if (x86_cpu.mtrr)
		kprintf("cpu: MTRRs %s\n",
			x86_rdmsr(MSR_IA32_MTRR_DEF_TYPE) & MTRR_DEF_TYPE_E
				? "on"
				: "off (all memory uncached)");
	else
		kprintf("cpu: no MTRRs\n");
	kprintf("cpu: caches %s\n", x86_read_cr0() & (CR0_CD | CR0_NW)
					  ? "off (CR0.CD or CR0.NW set)"
					  : "on");
	kprintf("cpu: entered in %s, running in %s with %s\n",
		x86_entry_name(),
#ifdef __x86_64__
		"64-bit long mode", "4-level paging"
#else
		"32-bit protected mode",
		arch_page_size() ? "PAE paging" : "paging off"
#endif
	);
}

