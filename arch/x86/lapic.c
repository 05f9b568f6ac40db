/* The local APIC as the root interrupt controller: acknowledge is the
 * vector itself (the IDT stub passes it), end of interrupt is a write to
 * EOI, software interrupts are self-IPIs. x2APIC mode (MSR access) when
 * the CPU offers it, else xAPIC (MMIO at the node's `reg`); with
 * `cellmate,keep-apic-mode` (a Jailhouse cell, whose hypervisor refuses
 * writes to IA32_APIC_BASE) whichever mode the APIC is in. Flat model
 * only: the logical destination registers (LDR/DFR) are never written, as
 * a Jailhouse cell requires; interrupts are routed by physical APIC ID.
 * Intel SDM vol. 3A 10.4.3 (enabling, IA32_APIC_BASE), 10.9 (spurious
 * interrupt), 10.8.5 (EOI), 10.6.1 (ICR), 10.12 (x2APIC: 10.12.1 mode
 * switch, 10.12.9 ICR in x2APIC mode). */
#include <stdint.h>

#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "io.h"
#include "irq.h"
#include "kerr.h"
#include "x86.h"
#include "x86_apic.h"
#include "x86_vectors.h"

#define APIC_BASE_EXTD (1ull << 10)	/* x2APIC mode */
#define APIC_BASE_EN (1ull << 11)	/* APIC globally enabled */
#define APIC_BASE_ADDR_MASK 0xfffff000ull

#define SVR_ENABLE (1u << 8)
#define XAPIC_ID_SHIFT 24
#define VERSION_MASK 0xff
#define ICR_DELIVERY_PENDING (1u << 12)
#define ICR_LEVEL_ASSERT (1u << 14)	/* 1 but for INIT de-assert */
#define ICR_SHORTHAND_SELF (1u << 18)
/* Fixed, edge, to self. The Level bit must be 1 for every delivery mode
 * but INIT level de-assert (SDM 10.6.1); only P6-family APICs look. */
#define ICR_SELF_FIXED (ICR_SHORTHAND_SELF | ICR_LEVEL_ASSERT)
#define LAPIC_VECTORS 256

struct lapic {
	struct irq_chip chip;
	bool x2apic;
	uintptr_t mmio;
	uint32_t id;
};

static struct lapic lapic;

uint32_t lapic_read(unsigned int reg)
{
	if (lapic.x2apic)
		return (uint32_t)x86_rdmsr(MSR_X2APIC_BASE + reg / 16);
	return mmio_read32(lapic.mmio + reg);
}

void lapic_write(unsigned int reg, uint32_t v)
{
	if (lapic.x2apic)
		x86_wrmsr(MSR_X2APIC_BASE + reg / 16, v);
	else
		mmio_write32(lapic.mmio + reg, v);
}

uintptr_t lapic_mmio_reg(unsigned int reg)
{
	return lapic.x2apic || !lapic.mmio ? 0 : lapic.mmio + reg;
}

uint32_t lapic_id(void)
{
	return lapic.id;
}

static void lapic_eoi(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	/* The spurious vector sets no in-service bit: no EOI (SDM 10.9). */
	if (irq < LAPIC_VECTORS)
		lapic_write(LAPIC_EOI, 0);
}

/* The LAPIC can mask only its local vector table entries; other vectors
 * belong to the chip that sends them (IOAPIC) or are software-raised. */
static unsigned int lapic_lvt_of(unsigned int irq)
{
	switch (irq) {
	case X86_VEC_TIMER: return LAPIC_LVT_TIMER;
	case X86_VEC_APIC_ERROR: return LAPIC_LVT_ERROR;
	default: return 0;
	}
}

/* An entry written back as read, but for its mask and its read-only
 * delivery-status bit: set while an interrupt is on its way, it is a
 * reserved bit to Jailhouse's xAPIC emulation, which stops the cell on a
 * write that sets one (apic.c). */
static void lapic_lvt_mask(unsigned int lvt, bool masked)
{
	uint32_t v = lapic_read(lvt) &
		     ~(LAPIC_LVT_DELIVERY_PENDING | LAPIC_LVT_MASKED);

	lapic_write(lvt, masked ? v | LAPIC_LVT_MASKED : v);
}

static int lapic_mask(struct irq_chip *chip, unsigned int irq)
{
	unsigned int lvt = lapic_lvt_of(irq);

	(void)chip;
	if (!lvt)
		return -E_NOTSUP;
	lapic_lvt_mask(lvt, true);
	return 0;
}

static void lapic_unmask(struct irq_chip *chip, unsigned int irq)
{
	unsigned int lvt = lapic_lvt_of(irq);

	(void)chip;
	if (lvt)
		lapic_lvt_mask(lvt, false);
}

static int lapic_raise(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	if (irq < X86_VEC_SOFT_FIRST ||
	    irq >= X86_VEC_SOFT_FIRST + X86_VEC_SOFT_COUNT)
		return -E_NOTSUP;
	/* Through the ICR in both modes: Jailhouse drops writes to the
	 * x2APIC SELF IPI register when it emulates x2APIC. In x2APIC mode
	 * the ICR is one 64-bit MSR without a delivery-status bit. */
	if (lapic.x2apic) {
		x86_wrmsr(MSR_X2APIC_BASE + LAPIC_ICR_LO / 16,
			  ICR_SELF_FIXED | irq);
		return 0;
	}
	while (lapic_read(LAPIC_ICR_LO) & ICR_DELIVERY_PENDING)
		;
	lapic_write(LAPIC_ICR_HI, 0);
	lapic_write(LAPIC_ICR_LO, ICR_SELF_FIXED | irq);
	return 0;
}

/* x2APIC when offered, enabled through IA32_APIC_BASE only if it is not
 * on already; a disabled APIC must pass through xAPIC mode first
 * (SDM 10.12.5, figure 10-27). With `keep`, IA32_APIC_BASE is only read:
 * the APIC must be on, in either mode. (A CPU that follows SDM 10.4.3
 * hides a disabled APIC from CPUID, which lapic_probe refuses first; a
 * virtual CPU may not.) */
static int lapic_mode_select(bool keep)
{
	uint64_t base = x86_rdmsr(MSR_IA32_APIC_BASE);

	if (keep && !(base & APIC_BASE_EN)) {
		kprintf("lapic: the APIC is disabled, and the device tree "
			"(cellmate,keep-apic-mode) forbids enabling it\n");
		return -E_NODEV;
	}
	if (!keep && !(base & APIC_BASE_EN)) {
		base |= APIC_BASE_EN;
		x86_wrmsr(MSR_IA32_APIC_BASE, base);
	}
	if (!keep && x86_cpu.x2apic && !(base & APIC_BASE_EXTD))
		x86_wrmsr(MSR_IA32_APIC_BASE, base | APIC_BASE_EXTD);
	lapic.x2apic = x86_rdmsr(MSR_IA32_APIC_BASE) & APIC_BASE_EXTD;
	return 0;
}

static int lapic_probe(const struct fdt *fdt, int node)
{
	uint64_t addr, size;
	int err;

	/* SDM 10.4.3: a CPU whose APIC is globally disabled (by firmware,
	 * or a hypervisor, through IA32_APIC_BASE[11]) reports none, and
	 * that MSR may not exist where there is none: both are refused. */
	if (!x86_cpu.apic) {
		kprintf("lapic: the CPU reports no local APIC (CPUID.01H:EDX"
			"[9]), as it does when firmware or a hypervisor has "
			"disabled it (IA32_APIC_BASE[11])\n");
		return -E_NODEV;
	}
	err = fdt_reg(fdt, node, 0, &addr, &size);
	if (err < 0)
		return err;
	err = lapic_mode_select(fdt_prop_bool(fdt, node,
					      "cellmate,keep-apic-mode"));
	if (err < 0)
		return err;
	if (!lapic.x2apic) {
		uint64_t msr = x86_rdmsr(MSR_IA32_APIC_BASE);

		/* The window paging mapped must be the one the CPU decodes. */
		if ((msr & APIC_BASE_ADDR_MASK) != addr) {
			kprintf("lapic: the CPU has its registers at 0x%llx, "
				"the device tree says 0x%llx\n",
				(unsigned long long)(msr & APIC_BASE_ADDR_MASK),
				(unsigned long long)addr);
			return -E_INVAL;
		}
		lapic.mmio = (uintptr_t)addr;
	}
	lapic.id = lapic_read(LAPIC_ID);
	if (!lapic.x2apic)
		lapic.id >>= XAPIC_ID_SHIFT;

	lapic_write(LAPIC_TPR, 0);		/* accept every class */
	lapic_write(LAPIC_LVT_ERROR, X86_VEC_APIC_ERROR | LAPIC_LVT_MASKED);
	lapic_write(LAPIC_LVT_TIMER, X86_VEC_TIMER | LAPIC_LVT_MASKED);
	/* Firmware leaves LINT0 in ExtINT mode (the 8259's virtual wire);
	 * interrupts come through the IOAPIC, so a PIC edge in the window
	 * its setup opens must not arrive as a stray vector. Jailhouse
	 * accepts a masked LVT write. */
	lapic_write(LAPIC_LVT_LINT0, LAPIC_LVT_MASKED);
	lapic_write(LAPIC_SVR, SVR_ENABLE | X86_VEC_SPURIOUS);

	lapic.chip.name = lapic.x2apic ? "LAPIC (x2APIC mode)"
				       : "LAPIC (xAPIC mode)";
	lapic.chip.node = node;
	lapic.chip.version = lapic_read(LAPIC_VERSION) & VERSION_MASK;
	lapic.chip.nr_lines = LAPIC_VECTORS;
	lapic.chip.eoi = lapic_eoi;
	lapic.chip.mask = lapic_mask;
	lapic.chip.unmask = lapic_unmask;
	lapic.chip.raise = lapic_raise;
	lapic.chip.soft_first = X86_VEC_SOFT_FIRST;
	lapic.chip.soft_count = X86_VEC_SOFT_COUNT;
	return irq_chip_register(&lapic.chip);
}

static const char *const lapic_compatible[] = { "intel,ce4100-lapic", NULL };

DRIVER(lapic_driver) = {
	.name = "lapic",
	.class = DRIVER_IRQCHIP,
	.compatible = lapic_compatible,
	.probe = lapic_probe,
};
