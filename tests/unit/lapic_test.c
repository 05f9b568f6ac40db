/* The local APIC driver (arch/x86/lapic.c) in xAPIC mode against a
 * register file: what it writes to its local vector table. The driver's
 * source is included for its statics. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../arch/x86/lapic.c"

#include "unit.h"

#define BASE 0xfee00000u

/* --- What the driver needs from the rest of the kernel ----------------- */

struct x86_features x86_cpu;

int irq_chip_register(struct irq_chip *chip)
{
	(void)chip;
	return 0;
}

int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size)
{
	(void)fdt, (void)node, (void)index;
	*base = BASE;
	*size = 0x1000;
	return 0;
}

bool fdt_prop_bool(const struct fdt *fdt, int node, const char *name)
{
	(void)fdt, (void)node, (void)name;
	return true;
}

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* --- The register file ------------------------------------------------- */

static uint32_t regs[0x400 / 4];
static unsigned int writes;

static uint32_t *reg(uintptr_t addr)
{
	if (addr < BASE || addr >= BASE + sizeof(regs) || (addr & 3)) {
		fprintf(stderr, "an access outside the LAPIC: 0x%lx\n",
			(unsigned long)addr);
		abort();
	}
	return &regs[(addr - BASE) / 4];
}

uint32_t host_mmio_read32(uintptr_t addr)
{
	return *reg(addr);
}

void host_mmio_write32(uintptr_t addr, uint32_t v)
{
	*reg(addr) = v;
	writes++;
}

static void xapic(void)
{
	memset(regs, 0, sizeof(regs));
	writes = 0;
	lapic.x2apic = false;
	lapic.mmio = BASE;
}

/* --- Cases --------------------------------------------------------------- */

/* Delivery status (bit 12) is read-only and set while an interrupt is on
 * its way; written back, it is a reserved bit to Jailhouse's xAPIC
 * emulation, which stops the cell. Masking and unmasking keep it out. */
UNIT_TEST(masking_a_vector_table_entry_never_writes_its_delivery_status)
{
	static const unsigned int vec[] = { X86_VEC_TIMER, X86_VEC_APIC_ERROR };
	static const unsigned int lvt[] = { LAPIC_LVT_TIMER, LAPIC_LVT_ERROR };

	for (unsigned int i = 0; i < 2; i++) {
		xapic();
		regs[lvt[i] / 4] = vec[i] | LAPIC_LVT_DELIVERY_PENDING |
				   LAPIC_LVT_MASKED;
		lapic_unmask(&lapic.chip, vec[i]);
		EXPECT(writes == 1 && regs[lvt[i] / 4] == vec[i],
		       "unmasked LVT 0x%x: 0x%x written, expected 0x%x",
		       lvt[i], regs[lvt[i] / 4], vec[i]);
		regs[lvt[i] / 4] |= LAPIC_LVT_DELIVERY_PENDING;
		EXPECT(lapic_mask(&lapic.chip, vec[i]) == 0, "masked");
		EXPECT(regs[lvt[i] / 4] == (vec[i] | LAPIC_LVT_MASKED),
		       "masked LVT 0x%x: 0x%x written, expected 0x%x", lvt[i],
		       regs[lvt[i] / 4], vec[i] | LAPIC_LVT_MASKED);
	}
}

/* The rest of an entry (its timer mode, say) stays as it was. */
UNIT_TEST(masking_keeps_the_rest_of_the_entry)
{
	uint32_t v = X86_VEC_TIMER | LAPIC_LVT_TIMER_TSC_DEADLINE;

	xapic();
	regs[LAPIC_LVT_TIMER / 4] = v;
	EXPECT(lapic_mask(&lapic.chip, X86_VEC_TIMER) == 0, "masked");
	EXPECT(regs[LAPIC_LVT_TIMER / 4] == (v | LAPIC_LVT_MASKED),
	       "0x%x written", regs[LAPIC_LVT_TIMER / 4]);
	lapic_unmask(&lapic.chip, X86_VEC_TIMER);
	EXPECT(regs[LAPIC_LVT_TIMER / 4] == v, "0x%x written",
	       regs[LAPIC_LVT_TIMER / 4]);
}

/* Vectors without an entry are not the LAPIC's to mask. */
UNIT_TEST(a_vector_without_an_entry_is_not_masked)
{
	xapic();
	EXPECT(lapic_mask(&lapic.chip, X86_VEC_SOFT_FIRST) == -E_NOTSUP,
	       "E_NOTSUP");
	lapic_unmask(&lapic.chip, X86_VEC_SOFT_FIRST);
	EXPECT(writes == 0, "%u writes", writes);
}

int main(void)
{
	return unit_run_all();
}
