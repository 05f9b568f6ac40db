/* GICv2 interrupt controller: distributor and CPU interface.
 * ARM Generic Interrupt Controller Architecture Specification v2.0
 * (IHI 0048B): 4.3 (distributor registers), 4.4 (CPU interface).
 *
 * In a Jailhouse cell the distributor is shared with other cells, so we
 * touch only the per-interrupt bits of the interrupts we configure, never
 * reset the whole distributor. */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "io.h"
#include "irq.h"
#include "kerr.h"
#include "platform.h"

#define GICD_CTLR 0x000
#define GICD_TYPER 0x004
#define GICD_IIDR 0x008
#define GICD_ISENABLER 0x100
#define GICD_ICENABLER 0x180
#define GICD_ISPENDR 0x200
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define GICD_ICFGR 0xc00
#define GICD_SGIR 0xf00
#define GICD_PIDR2 0xfe8

#define GICC_CTLR 0x00
#define GICC_PMR 0x04
#define GICC_BPR 0x08
#define GICC_IAR 0x0c
#define GICC_EOIR 0x10

#define GICD_CTLR_ENABLE 0x1u
#define GICC_CTLR_ENABLE 0x1u
#define GICC_PMR_ALL 0xf0u	/* lowest priority level all GICs implement */
#define GIC_PRIO_STEP 0x10u	/* the coarsest: 16 levels (4 bits) */
#define GICD_SGIR_TO_SELF (2u << 24)
#define GICC_IAR_ID_MASK 0x3ffu
#define GICC_IAR_CPUID_SHIFT 10
#define GICC_IAR_CPUID_MASK 0x7u
#define GIC_SPURIOUS 1023u
#define GIC_LEARN_SGI 15	/* any: nobody has attached SGIs yet */
#define GIC_LEARN_POLLS 1000

#define GIC_SGI_COUNT 16
#define GIC_PPI_BASE 16
#define GIC_SPI_BASE 32
#define GIC_MAX_ID 1020

/* Device tree binding: <type number flags>, type 0 = SPI, 1 = PPI. */
#define GIC_DT_SPI 0
#define GIC_DT_PPI 1

struct gic {
	struct irq_chip chip;
	uintptr_t dist, cpu;
	uint8_t cpu_mask;	/* this CPU's bit in ITARGETSR */
	uint8_t sgi_source;	/* source CPU ID of SGIs we raise */
	bool sgis_maskable;	/* SGI enable bits are not fixed at 1 */
};

static struct gic gic;

/* Gives the interrupt entry the address of GICC_IAR (exception.S). */
void arm_gic_iar_set(uintptr_t iar);

static void gic_bit_write(uintptr_t reg_base, unsigned int irq)
{
	mmio_write32(reg_base + (irq / 32) * 4, 1u << (irq % 32));
}

/* One byte of a byte-per-interrupt register (priority, targets), written
 * as a 32-bit read-modify-write: Jailhouse's distributor emulation checks
 * ownership per word, and older releases cleared the rest of the word on
 * byte writes to the targets. */
static void gic_byte_write(uintptr_t reg_base, unsigned int irq, uint8_t v)
{
	uintptr_t reg = reg_base + (irq & ~3u);
	unsigned int shift = (irq % 4) * 8;
	irqstate_t s = arch_irq_save();

	mmio_write32(reg, (mmio_read32(reg) & ~(0xffu << shift)) |
			  (uint32_t)v << shift);
	arch_irq_restore(s);
}

static int gic_mask(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	if (irq >= gic.chip.nr_lines)
		return -E_RANGE;	/* 1020..1023: special IDs, no line */
	if (irq < GIC_SGI_COUNT && !gic.sgis_maskable)
		return -E_NOTSUP;
	gic_bit_write(gic.dist + GICD_ICENABLER, irq);
	return 0;
}

static void gic_unmask(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	if (irq >= gic.chip.nr_lines)
		return;
	gic_bit_write(gic.dist + GICD_ISENABLER, irq);
}

static void gic_eoi(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	/* GICC_EOIR takes the value GICC_IAR gave (IHI 0048B 4.4.5), which
	 * for an SGI includes its source CPU ID; the entry keeps only the
	 * ID, and we raise SGIs only to ourselves, so the source is the one
	 * gic_learn_sgi_source() saw. */
	if (irq < GIC_SGI_COUNT)
		irq |= (unsigned int)gic.sgi_source << GICC_IAR_CPUID_SHIFT;
	mmio_write32_relaxed(gic.cpu + GICC_EOIR, irq);
}

static int gic_set_priority(struct irq_chip *chip, unsigned int irq,
			    unsigned int prio)
{
	(void)chip;
	if (irq >= gic.chip.nr_lines)
		return -E_RANGE;
	/* The CPU interface signals only priorities below its mask
	 * (IHI 0048B 3.3): the lowest ones round up to the lowest level
	 * that every GIC implements and still delivers. */
	if (prio >= GICC_PMR_ALL)
		prio = GICC_PMR_ALL - GIC_PRIO_STEP;
	gic_byte_write(gic.dist + GICD_IPRIORITYR, irq, (uint8_t)prio);
	return 0;
}

/* An Int_config field may change only while its interrupt is disabled
 * (IHI 0048B 4.3.13; a boot loader or the previous owner of a cell's
 * interrupt may have left it enabled): disabled around the write, and
 * enabled again if it was. */
static void gic_config_write(uintptr_t reg, unsigned int irq, uint32_t v)
{
	uint32_t bit = 1u << (irq % 32);
	bool was_enabled =
		mmio_read32(gic.dist + GICD_ISENABLER + (irq / 32) * 4) & bit;

	if (was_enabled)
		gic_bit_write(gic.dist + GICD_ICENABLER, irq);
	mmio_write32(reg, v);
	if (was_enabled)
		gic_bit_write(gic.dist + GICD_ISENABLER, irq);
}

static int gic_configure(struct irq_chip *chip, unsigned int irq,
			 enum irq_trigger trigger)
{
	uintptr_t reg = gic.dist + GICD_ICFGR + (irq / 16) * 4;
	unsigned int shift = (irq % 16) * 2 + 1;
	uint32_t old, v;

	(void)chip;
	if (irq >= gic.chip.nr_lines)
		return -E_RANGE;
	/* SGI and PPI configuration is fixed or banked per CPU: leave it
	 * (a PPI described active-low is inverted before the GIC). */
	if (irq < GIC_SPI_BASE)
		return 0;
	/* The GIC takes active-high levels and rising edges only. */
	if (trigger == IRQ_TRIGGER_LEVEL_LOW ||
	    trigger == IRQ_TRIGGER_EDGE_FALLING)
		return -E_NOTSUP;
	old = mmio_read32(reg);
	v = old;	/* IRQ_TRIGGER_KEEP */
	if (trigger == IRQ_TRIGGER_EDGE_RISING)
		v = old | 1u << shift;
	else if (trigger == IRQ_TRIGGER_LEVEL_HIGH)
		v = old & ~(1u << shift);
	if (v != old)
		gic_config_write(reg, irq, v);
	gic_byte_write(gic.dist + GICD_ITARGETSR, irq, gic.cpu_mask);
	gic_byte_write(gic.dist + GICD_IPRIORITYR, irq, 0xa0);
	/* A previous owner (a boot loader; Jailhouse deactivates a cell's
	 * lines when it resets the cell) may have acknowledged it and never
	 * ended it: active, it is not signalled again (IHI 0048B 3.2.4). */
	gic_bit_write(gic.dist + GICD_ICACTIVER, irq);
	return 0;
}

static int gic_xlate(struct irq_chip *chip, const struct fdt_irq *spec,
		     unsigned int *irq, enum irq_trigger *trigger)
{
	uint32_t type, nr, flags;

	(void)chip;
	if (spec->ncells != 3)
		return -E_BADFDT;
	type = spec->cells[0];
	nr = spec->cells[1];
	flags = spec->cells[2] & 0xf;
	if (type == GIC_DT_SPI && nr < GIC_MAX_ID - GIC_SPI_BASE)
		*irq = GIC_SPI_BASE + nr;
	else if (type == GIC_DT_PPI && nr < 16)
		*irq = GIC_PPI_BASE + nr;
	else
		return -E_BADFDT;
	if (*irq >= gic.chip.nr_lines)
		return -E_RANGE;
	switch (flags) {
	case 1: *trigger = IRQ_TRIGGER_EDGE_RISING; break;
	case 2: *trigger = IRQ_TRIGGER_EDGE_FALLING; break;
	case 4: *trigger = IRQ_TRIGGER_LEVEL_HIGH; break;
	case 8: *trigger = IRQ_TRIGGER_LEVEL_LOW; break;
	default: *trigger = IRQ_TRIGGER_KEEP; break;
	}
	return 0;
}

/* An SGI to ourselves, or an SPI's pending bit (its target, set at
 * configure, decides who takes it). */
static int gic_raise(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	if (irq < GIC_SGI_COUNT) {
		mmio_write32(gic.dist + GICD_SGIR, GICD_SGIR_TO_SELF | irq);
		return 0;
	}
	if (irq < GIC_SPI_BASE || irq >= gic.chip.nr_lines)
		return -E_NOTSUP;
	gic_bit_write(gic.dist + GICD_ISPENDR, irq);
	return 0;
}

/* Raises `sgi` to ourselves (with `raise`) and acknowledges what is
 * pending, up to GIC_LEARN_POLLS reads, until it shows; what else is
 * acknowledged meanwhile is ended at once (a level that is still asserted
 * comes again; nothing is attached yet to handle an edge). Returns its
 * GICC_IAR value, or -E_TIMEOUT. At probe, with interrupts masked. */
static int gic_take_sgi(unsigned int sgi, bool raise)
{
	if (raise) {
		mmio_write32(gic.dist + GICD_SGIR, GICD_SGIR_TO_SELF | sgi);
		io_barrier();
	}
	for (unsigned int i = 0; i < GIC_LEARN_POLLS; i++) {
		uint32_t iar = mmio_read32(gic.cpu + GICC_IAR);
		uint32_t id = iar & GICC_IAR_ID_MASK;

		if (id == GIC_SPURIOUS)
			continue;
		mmio_write32(gic.cpu + GICC_EOIR, iar);
		if (id == sgi)
			return (int)iar;
	}
	return -E_TIMEOUT;
}

/* The source CPU ID with which our own SGIs are acknowledged: a physical
 * CPU interface reports its own number (ITARGETSR0's bit, the default
 * kept when no SGI shows), a hypervisor's virtual one whatever the
 * hypervisor put in its list register (GICH_LR.CPUID). Learnt once, at
 * probe, from one SGI raised to ourselves. */
static void gic_learn_sgi_source(void)
{
	int iar = gic_take_sgi(GIC_LEARN_SGI, true);

	if (iar >= 0)
		gic.sgi_source = (uint8_t)(((uint32_t)iar >> GICC_IAR_CPUID_SHIFT) &
					   GICC_IAR_CPUID_MASK);
}

/* GICv2 leaves it to the implementation whether SGIs can be disabled
 * (IHI 0048B 4.3.5): clear one SGI's enable bit and read it back. A
 * hypervisor may still deliver SGIs whatever that bit says (Jailhouse
 * raises them in its virtual CPU interface from its GICD_SGIR
 * emulation), so one is raised while disabled too: masking holds only if
 * it does not arrive. Where it was held back, it comes once enabled
 * again and is taken then. */
static bool gic_sgis_maskable(void)
{
	uint32_t bit = 1u << GIC_LEARN_SGI;
	bool maskable;

	mmio_write32(gic.dist + GICD_ICENABLER, bit);
	maskable = !(mmio_read32(gic.dist + GICD_ISENABLER) & bit) &&
		   gic_take_sgi(GIC_LEARN_SGI, true) < 0;
	mmio_write32(gic.dist + GICD_ISENABLER, bit);
	if (maskable)
		gic_take_sgi(GIC_LEARN_SGI, false);
	return maskable;
}

/* Runs once, at boot: cold, so that GCC optimises it for size rather
 * than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
static int gic_probe(const struct fdt *fdt, int node)
{
	uint64_t dist, cpu, size;
	uint32_t typer;
	int err;

	err = fdt_reg(fdt, node, 0, &dist, &size);
	if (err == 0)
		err = fdt_reg(fdt, node, 1, &cpu, &size);
	if (err < 0)
		return err;
	/* The hypervisor's word wins over the device tree's. */
	platform_get("gic,dist-base", &dist);
	platform_get("gic,cpu-base", &cpu);
	gic.dist = (uintptr_t)dist;
	gic.cpu = (uintptr_t)cpu;

	typer = mmio_read32(gic.dist + GICD_TYPER);
	gic.chip.nr_lines = 32 * ((typer & 0x1f) + 1);
	if (gic.chip.nr_lines > GIC_MAX_ID)
		gic.chip.nr_lines = GIC_MAX_ID;
	gic.chip.version = (mmio_read32(gic.dist + GICD_PIDR2) >> 4) & 0xf;
	/* ITARGETSR0..7 are read-only and return this CPU's own bit. */
	gic.cpu_mask = mmio_read8(gic.dist + GICD_ITARGETSR);
	gic.sgi_source =
		gic.cpu_mask ? (uint8_t)__builtin_ctz(gic.cpu_mask) : 0;

	/* Bare metal: the distributor may be off after reset. In a cell the
	 * hypervisor owns this bit and ignores the write. */
	if (!(mmio_read32(gic.dist + GICD_CTLR) & GICD_CTLR_ENABLE))
		mmio_write32(gic.dist + GICD_CTLR, GICD_CTLR_ENABLE);
	mmio_write32(gic.cpu + GICC_PMR, GICC_PMR_ALL);
	mmio_write32(gic.cpu + GICC_BPR, 0);
	mmio_write32(gic.cpu + GICC_CTLR, GICC_CTLR_ENABLE);
	gic_learn_sgi_source();
	gic.sgis_maskable = gic_sgis_maskable();

	arm_gic_iar_set(gic.cpu + GICC_IAR);
	gic.chip.name = "GICv2";
	gic.chip.node = node;
	gic.chip.eoi = gic_eoi;
	gic.chip.xlate = gic_xlate;
	gic.chip.configure = gic_configure;
	gic.chip.mask = gic_mask;
	gic.chip.unmask = gic_unmask;
	gic.chip.set_priority = gic_set_priority;
	gic.chip.raise = gic_raise;
	gic.chip.soft_first = 0;
	gic.chip.soft_count = GIC_SGI_COUNT;
	return irq_chip_register(&gic.chip);
}

static const char *const gic_compatible[] = {
	"arm,cortex-a15-gic", "arm,cortex-a7-gic", "arm,cortex-a9-gic",
	"arm,gic-400", NULL,
};

DRIVER(gic_driver) = {
	.name = "gicv2",
	.class = DRIVER_IRQCHIP,
	.compatible = gic_compatible,
	.probe = gic_probe,
};
