/* x86: a cell started the Jailhouse way (real-mode entry) on a CPU that
 * is not AMD's or Hygon's, i.e. in VMX non-root mode, has no task gate in
 * its IDT: there a task switch is a VM exit (SDM vol. 3C, "Treatment of
 * Task Switches") that Jailhouse stops the cell for. QEMU, KVM and the
 * stand-in firmware switch tasks without complaint, so the gates are
 * read here instead (run with -cpu max,vendor=GenuineIntel under TCG).
 * The IDT is read where the CPU reads it, from IDTR. Intel SDM vol. 3A
 * 6.10 (IDTR), 6.11 (gate descriptors: type in bits 43..40). */
#include <stdint.h>

#include "kstring.h"

#include "ktest.h"
#include "x86.h"

#define GATE_TYPE_SHIFT 40
#define GATE_TYPE_MASK 0xfu
#define GATE_TYPE_TASK 0x5u
#define GATE_PRESENT (1ull << 47)
#ifdef __x86_64__
#define GATE_SIZE 16u
#else
#define GATE_SIZE 8u
#endif

struct __attribute__((packed)) idtr {
	uint16_t limit;
	uintptr_t base;
};

static struct idtr idtr_read(void)
{
	struct idtr r;

	__asm__ volatile("sidt %0" : "=m"(r));
	return r;
}

/* The low eight bytes of gate `v` (type and present bit in both modes). */
static uint64_t gate_low(const struct idtr *r, unsigned int v)
{
	return *(const volatile uint64_t *)(r->base + v * GATE_SIZE);
}

static bool cpu_has_svm_vendor(void)
{
	struct x86_cpuid id = x86_cpuid(0, 0);
	uint32_t vendor[3] = { id.ebx, id.edx, id.ecx };

	return memcmp(vendor, "AuthenticAMD", sizeof(vendor)) == 0 ||
	       memcmp(vendor, "HygonGenuine", sizeof(vendor)) == 0;
}

KTEST(x86, a_cell_on_a_vmx_cpu_has_no_task_gate)
{
	struct idtr r = idtr_read();
	unsigned int n = (r.limit + 1u) / GATE_SIZE;

	if (x86_entry_kind != X86_ENTRY_REALMODE)
		KT_SKIP("not entered in real mode, not a Jailhouse cell");
	if (cpu_has_svm_vendor())
		KT_SKIP("an AMD or Hygon CPU: SVM switches tasks itself");
	KT_ASSERT(n >= 32, "the IDT holds the 32 exception gates, got %u", n);
	for (unsigned int v = 0; v < n; v++) {
		uint64_t g = gate_low(&r, v);

		KT_EXPECT(!(g & GATE_PRESENT) ||
			  ((g >> GATE_TYPE_SHIFT) & GATE_TYPE_MASK) !=
				  GATE_TYPE_TASK,
			  "vector %u is no task gate (a VM exit that stops the "
			  "cell under Jailhouse)", v);
	}
}
