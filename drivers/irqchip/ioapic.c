/* The I/O APIC: routes its input pins to vectors of this CPU's local
 * APIC. Pin p of the (first) IOAPIC becomes vector X86_VEC_IOAPIC_BASE + p,
 * which is also its IRQ number; fixed delivery, physical destination =
 * this CPU's APIC ID; the LAPIC's EOI ends level-triggered interrupts.
 * Only the pins the device tree asks for are touched (in a Jailhouse cell
 * the IOAPIC is shared and only assigned pins are ours).
 *
 * Binding: Linux's "intel,ce4100-ioapic": reg = the register window,
 * #interrupt-cells = <2>: <pin type>, type 0 = rising edge, 1 = level
 * low, 2 = level high, 3 = falling edge.
 * Intel 82093AA I/O APIC data sheet, 3.0 (IOREGSEL/IOWIN, IOAPICVER,
 * IOREDTBL); ICH9 datasheet 13.5 (and the EOI register, EOIR, of the
 * version 0x20 IOxAPIC). */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "io.h"
#include "irq.h"
#include "kerr.h"
#include "x86_apic.h"
#include "x86_vectors.h"

#define IOAPIC_IOREGSEL 0x00
#define IOAPIC_IOWIN 0x10
#define IOAPIC_EOIR 0x40		/* version >= 0x20 only */
#define IOAPIC_REG_VER 0x01
#define IOAPIC_REG_REDTBL 0x10		/* pin p: 0x10 + 2p (low), +1 (high) */
#define IOAPIC_VER_MAX_REDIR_SHIFT 16
#define IOAPIC_VER_MAX_REDIR_MASK 0xff
#define IOAPIC_VER_VERSION_MASK 0xff
#define IOAPIC_VERSION_EOIR 0x20	/* first version with the EOI register */

#define RTE_VECTOR_MASK 0xffu
#define RTE_POLARITY_LOW (1u << 13)
#define RTE_REMOTE_IRR (1u << 14)	/* read-only */
#define RTE_TRIGGER_LEVEL (1u << 15)
#define RTE_MASKED (1u << 16)
#define RTE_DEST_SHIFT 24		/* in the high word */

/* The binding's trigger types. */
#define IOAPIC_DT_EDGE_RISING 0
#define IOAPIC_DT_LEVEL_LOW 1
#define IOAPIC_DT_LEVEL_HIGH 2
#define IOAPIC_DT_EDGE_FALLING 3

struct ioapic {
	struct irq_chip chip;
	uintptr_t base;
	unsigned int vector_base;
};

static struct ioapic ioapic;

/* IOREGSEL picks the register IOWIN reaches: a select and its access
 * must not be split by an interrupt that selects another one (irq_disable
 * runs in handlers too), so every access masks interrupts. */
static uint32_t ioapic_read(unsigned int reg)
{
	irqstate_t s = arch_irq_save();
	uint32_t v;

	mmio_write32(ioapic.base + IOAPIC_IOREGSEL, reg);
	v = mmio_read32(ioapic.base + IOAPIC_IOWIN);
	arch_irq_restore(s);
	return v;
}

static void ioapic_write(unsigned int reg, uint32_t v)
{
	irqstate_t s = arch_irq_save();

	mmio_write32(ioapic.base + IOAPIC_IOREGSEL, reg);
	mmio_write32(ioapic.base + IOAPIC_IOWIN, v);
	arch_irq_restore(s);
}

/* Read-modify-write of a redirection entry's low word, as one step. */
static void ioapic_update(unsigned int reg, uint32_t clear, uint32_t set)
{
	irqstate_t s = arch_irq_save();

	ioapic_write(reg, (ioapic_read(reg) & ~clear) | set);
	arch_irq_restore(s);
}

static unsigned int ioapic_rte(unsigned int irq)
{
	return IOAPIC_REG_REDTBL + 2 * (irq - ioapic.vector_base);
}

static bool ioapic_owns(unsigned int irq)
{
	return irq >= ioapic.vector_base &&
	       irq < ioapic.vector_base + ioapic.chip.nr_lines;
}

static int ioapic_mask(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	if (!ioapic_owns(irq))
		return -E_INVAL;
	ioapic_update(ioapic_rte(irq), 0, RTE_MASKED);
	return 0;
}

static void ioapic_unmask(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	if (ioapic_owns(irq))
		ioapic_update(ioapic_rte(irq), RTE_MASKED, 0);
}

/* A level entry's Remote IRR is set when a LAPIC accepts its interrupt
 * and cleared only by an EOI carrying the entry's vector (82093AA,
 * IOREDTBL bit 14); while it is set the pin delivers nothing. A previous
 * owner (firmware, the root cell's Linux) that never sent that EOI leaves
 * the pin dead for us. The entry, masked and holding our vector, is
 * cleared the way its version allows: the EOI register, which clears
 * every entry with the vector (another owner's entry only re-samples its
 * line); without one, a switch to edge and back: the bit is undefined for
 * edge entries and IOAPICs of that generation drop it there, which is
 * what operating systems rely on and QEMU and KVM model. */
static int ioapic_clear_remote_irr(unsigned int pin, uint32_t lo)
{
	unsigned int reg = IOAPIC_REG_REDTBL + 2 * pin;
	bool eoir = ioapic.chip.version >= IOAPIC_VERSION_EOIR;

	if (!(ioapic_read(reg) & RTE_REMOTE_IRR))
		return 0;
	if (eoir) {
		mmio_write32(ioapic.base + IOAPIC_EOIR, lo & RTE_VECTOR_MASK);
	} else {
		ioapic_write(reg, lo & ~RTE_TRIGGER_LEVEL);
		ioapic_write(reg, lo);
	}
	if (ioapic_read(reg) & RTE_REMOTE_IRR) {
		kprintf("ioapic: pin %u: a previous owner's Remote IRR stays "
			"set after %s: the pin cannot interrupt\n", pin,
			eoir ? "an EOI" : "a switch to edge");
		return -E_BUSY;
	}
	kprintf("ioapic: pin %u: cleared a previous owner's Remote IRR "
		"(%s)\n", pin, eoir ? "EOI register" : "switch to edge");
	return 0;
}

/* Programs the pin masked, to this CPU, with the vector that is its IRQ
 * number, and frees it of a stale Remote IRR; irq_enable() unmasks it. */
static int ioapic_configure(struct irq_chip *chip, unsigned int irq,
			    enum irq_trigger trigger)
{
	uint32_t lo = irq | RTE_MASKED;

	(void)chip;
	if (!ioapic_owns(irq))
		return -E_RANGE;
	/* A compatibility-format entry has 8 destination bits; higher
	 * (x2APIC) IDs need interrupt remapping, which we do not do. */
	if (lapic_id() > 0xff) {
		kprintf("ioapic: this CPU's APIC ID %u does not fit a "
			"redirection entry (8 bits)\n", (unsigned int)lapic_id());
		return -E_RANGE;
	}
	switch (trigger) {
	case IRQ_TRIGGER_KEEP:	/* the mode and polarity the entry has */
		lo |= ioapic_read(ioapic_rte(irq)) &
		      (RTE_TRIGGER_LEVEL | RTE_POLARITY_LOW);
		break;
	case IRQ_TRIGGER_EDGE_RISING: break;
	case IRQ_TRIGGER_EDGE_FALLING: lo |= RTE_POLARITY_LOW; break;
	case IRQ_TRIGGER_LEVEL_HIGH: lo |= RTE_TRIGGER_LEVEL; break;
	case IRQ_TRIGGER_LEVEL_LOW:
		lo |= RTE_TRIGGER_LEVEL | RTE_POLARITY_LOW;
		break;
	default: return -E_INVAL;
	}
	/* The low word first: it masks the entry before its destination
	 * changes. */
	ioapic_write(ioapic_rte(irq), lo);
	ioapic_write(ioapic_rte(irq) + 1, lapic_id() << RTE_DEST_SHIFT);
	if (lo & RTE_TRIGGER_LEVEL)
		return ioapic_clear_remote_irr(irq - ioapic.vector_base, lo);
	return 0;
}

static int ioapic_xlate(struct irq_chip *chip, const struct fdt_irq *spec,
			unsigned int *irq, enum irq_trigger *trigger)
{
	(void)chip;
	if (spec->ncells != 2 || spec->cells[0] >= ioapic.chip.nr_lines)
		return -E_BADFDT;
	switch (spec->cells[1]) {
	case IOAPIC_DT_EDGE_RISING: *trigger = IRQ_TRIGGER_EDGE_RISING; break;
	case IOAPIC_DT_LEVEL_LOW: *trigger = IRQ_TRIGGER_LEVEL_LOW; break;
	case IOAPIC_DT_LEVEL_HIGH: *trigger = IRQ_TRIGGER_LEVEL_HIGH; break;
	case IOAPIC_DT_EDGE_FALLING: *trigger = IRQ_TRIGGER_EDGE_FALLING; break;
	default: return -E_BADFDT;
	}
	*irq = ioapic.vector_base + spec->cells[0];
	return 0;
}

static int ioapic_probe(const struct fdt *fdt, int node)
{
	uint64_t addr, size;
	uint32_t ver;
	unsigned int pins;
	int err;

	if (ioapic.base)
		return -E_BUSY;		/* one IOAPIC: its pins fill the range */
	err = fdt_reg(fdt, node, 0, &addr, &size);
	if (err < 0)
		return err;
	/* Beyond this CPU's address space (above 4 GiB for i686, which runs
	 * unpaged, with nothing else to refuse it, on a CPU without PAE):
	 * cut to a pointer, it would be some other device's address. */
	if (addr != (uintptr_t)addr)
		return -E_RANGE;
	ioapic.base = (uintptr_t)addr;
	ver = ioapic_read(IOAPIC_REG_VER);
	pins = ((ver >> IOAPIC_VER_MAX_REDIR_SHIFT) &
		IOAPIC_VER_MAX_REDIR_MASK) + 1;
	ioapic.vector_base = X86_VEC_IOAPIC_BASE;
	if (ioapic.vector_base + pins > X86_VEC_IOAPIC_MAX + 1)
		return -E_RANGE;
	ioapic.chip.name = "IOAPIC";
	ioapic.chip.node = node;
	ioapic.chip.version = ver & IOAPIC_VER_VERSION_MASK;
	ioapic.chip.nr_lines = pins;
	ioapic.chip.xlate = ioapic_xlate;
	ioapic.chip.configure = ioapic_configure;
	ioapic.chip.mask = ioapic_mask;
	ioapic.chip.unmask = ioapic_unmask;
	return irq_chip_register(&ioapic.chip);
}

static const char *const ioapic_compatible[] = { "intel,ce4100-ioapic", NULL };

DRIVER(ioapic_driver) = {
	.name = "ioapic",
	.class = DRIVER_IRQCHIP,
	.compatible = ioapic_compatible,
	.probe = ioapic_probe,
};
