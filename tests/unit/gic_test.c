/* The GICv2 driver (arch/arm/gic.c) against a simulated distributor and
 * CPU interface (gic_model) that counts what the GIC architecture
 * specification (IHI 0048B) forbids. The driver's source is included so
 * each case starts from a fresh probe. */
#include <string.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../arch/arm/gic.c"

#include "gic_model.h"
#include "unit.h"

#define DIST 0x08000000u
#define CPU 0x08010000u
#define THIS_CPU_MASK 0x02u	/* the CPU interface read back: CPU 1 */

/* --- What the driver needs from the rest of the kernel ----------------- */

static uintptr_t gic_cpu_iar;	/* what the entry was given to read */

void arm_gic_iar_set(uintptr_t iar)
{
	gic_cpu_iar = iar;
}
static struct irq_chip *registered;
static int fdt_reg_err;		/* what fdt_reg() returns for the CPU's reg */

int irq_chip_register(struct irq_chip *chip)
{
	registered = chip;
	return 0;
}

bool platform_get(const char *name, uint64_t *value)
{
	(void)name;
	(void)value;
	return false;
}

int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size)
{
	(void)fdt;
	(void)node;
	if (index == 1 && fdt_reg_err < 0)
		return fdt_reg_err;
	*base = index == 0 ? DIST : CPU;
	*size = index == 0 ? 0x1000 : 0x2000;
	return 0;
}

/* --- Helpers ------------------------------------------------------------ */

/* A GIC whose CPU interface reports our own SGIs with source CPU ID
 * `sgi_source`, and whose SGIs can be disabled or not; the counts start
 * after the probe. */
static void probe_gic(unsigned int sgi_source, bool sgis_maskable)
{
	memset(&gic, 0, sizeof(gic));
	registered = NULL;
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.sgi_source = sgi_source;
	gic_model.sgis_maskable = sgis_maskable;
	gic_probe(NULL, 0);
	gic_model.eois = 0;
}

static void probe_with_sgi_source(unsigned int sgi_source)
{
	probe_gic(sgi_source, false);
}

/* A physical GIC: SGIs arrive with this CPU's interface number. */
static void probe(void)
{
	probe_with_sgi_source((unsigned int)__builtin_ctz(THIS_CPU_MASK));
}

/* What exception.S does: acknowledge, keep the ID. */
static unsigned int acknowledge(void)
{
	return mmio_read32(gic_cpu_iar) & 0x3ff;
}

static bool icfgr_edge(unsigned int irq)
{
	return gic_model.icfgr[irq / 16] & (2u << ((irq % 16) * 2));
}

static bool enabled(unsigned int irq)
{
	return gic_model.enabled[irq / 32] & (1u << (irq % 32));
}

/* --- Cases --------------------------------------------------------------- */

UNIT_TEST(probe_enables_distributor_and_cpu_interface)
{
	probe();
	REQUIRE(registered == &gic.chip, "the GIC registered as a chip");
	EXPECT(gic.chip.nr_lines == GIC_MODEL_LINES, "%u lines, got %u",
	       GIC_MODEL_LINES, gic.chip.nr_lines);
	EXPECT(gic.chip.version == 2, "version 2, got %u", gic.chip.version);
	EXPECT(gic_model.dist_ctlr & 1, "distributor enabled");
	EXPECT(gic_model.cpu_ctlr == 1, "CPU interface enabled, EOImode 0, "
	       "GICC_CTLR 0x%x", gic_model.cpu_ctlr);
	EXPECT(gic_model.pmr == 0xf0, "PMR 0xf0, got 0x%x", gic_model.pmr);
	EXPECT(gic_cpu_iar == CPU + 0x0c, "the entry reads GICC_IAR");
	EXPECT(gic_model.bad_access == 0, "%u bad accesses",
	       gic_model.bad_access);
}

UNIT_TEST(an_spi_is_configured_edge_targeted_here_and_prioritised)
{
	probe();
	EXPECT(gic_configure(&gic.chip, 40, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "configured");
	EXPECT(icfgr_edge(40), "SPI 40 edge-triggered");
	EXPECT(gic_model.targets[40] == THIS_CPU_MASK, "targets 0x%x, got 0x%x",
	       THIS_CPU_MASK, gic_model.targets[40]);
	EXPECT(gic_model.priority[40] == 0xa0, "priority 0xa0, got 0x%x",
	       gic_model.priority[40]);
	EXPECT(gic_configure(&gic.chip, 40, IRQ_TRIGGER_LEVEL_HIGH) == 0,
	       "configured");
	EXPECT(!icfgr_edge(40), "SPI 40 level-sensitive again");
	EXPECT(gic_configure(&gic.chip, 41, IRQ_TRIGGER_LEVEL_LOW) ==
	       -E_NOTSUP, "active-low refused");
	EXPECT(gic_model.bad_access == 0, "%u bad accesses",
	       gic_model.bad_access);
}

/* A line a previous owner acknowledged and never ended is active in the
 * distributor, which signals it no more: taking it deactivates it. */
UNIT_TEST(an_spi_left_active_is_deactivated_when_taken)
{
	probe();
	gic_model.active[1] = 1u << (40 - 32) | 1u << (41 - 32);
	EXPECT(gic_configure(&gic.chip, 40, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "configured");
	EXPECT(gic_model.active[1] == 1u << (41 - 32),
	       "SPI 40 deactivated, SPI 41 (not taken) left, got 0x%x",
	       gic_model.active[1]);
	EXPECT(gic_model.bad_access == 0, "%u bad accesses",
	       gic_model.bad_access);
}

/* A line the tree gives no trigger (flags 0) keeps the one the
 * distributor has, edge or level, and is taken all the same: targeted
 * here, prioritised, deactivated. */
UNIT_TEST(an_spi_taken_with_its_trigger_kept_is_still_targeted_and_deactivated)
{
	probe();
	gic_model.icfgr[2] |= 2u << ((40 % 16) * 2);	/* 40: edge */
	gic_model.active[1] = 1u << (40 - 32) | 1u << (41 - 32);
	EXPECT(gic_configure(&gic.chip, 40, IRQ_TRIGGER_KEEP) == 0,
	       "SPI 40 taken");
	EXPECT(gic_configure(&gic.chip, 41, IRQ_TRIGGER_KEEP) == 0,
	       "SPI 41 taken");
	EXPECT(icfgr_edge(40) && !icfgr_edge(41),
	       "SPI 40 still edge, 41 still level");
	for (unsigned int irq = 40; irq <= 41; irq++) {
		EXPECT(gic_model.targets[irq] == THIS_CPU_MASK,
		       "SPI %u targets 0x%x, got 0x%x", irq, THIS_CPU_MASK,
		       gic_model.targets[irq]);
		EXPECT(gic_model.priority[irq] == 0xa0,
		       "SPI %u priority 0xa0, got 0x%x", irq,
		       gic_model.priority[irq]);
	}
	EXPECT(gic_model.active[1] == 0, "both deactivated, got 0x%x",
	       gic_model.active[1]);
	EXPECT(gic_model.bad_access == 0, "%u bad accesses",
	       gic_model.bad_access);
}

/* Priority and target bytes share words with three other interrupts',
 * which may belong to another cell or another driver: a byte written
 * leaves its neighbours as they were. */
UNIT_TEST(a_priority_or_target_written_leaves_the_neighbours_in_its_word)
{
	/* SPIs 40..43 before, then as SPI 41 configured and SPI 42
	 * given priority 0x80 leave them. */
	static const uint8_t prio_after[4] = { 0x10, 0xa0, 0x80, 0x40 };
	static const uint8_t targets_after[4] = { 0x04, THIS_CPU_MASK, 0x04,
						  0x04 };

	probe();
	for (unsigned int i = 0; i < 4; i++) {
		gic_model.priority[40 + i] = (uint8_t)(0x10 * (i + 1));
		gic_model.targets[40 + i] = 0x04;
	}
	REQUIRE(gic_configure(&gic.chip, 41, IRQ_TRIGGER_LEVEL_HIGH) == 0,
		"configured");
	REQUIRE(gic.chip.set_priority(&gic.chip, 42, 0x80) == 0,
		"priority set");
	for (unsigned int i = 0; i < 4; i++) {
		EXPECT(gic_model.priority[40 + i] == prio_after[i],
		       "SPI %u's priority 0x%x, got 0x%x", 40 + i,
		       prio_after[i], gic_model.priority[40 + i]);
		EXPECT(gic_model.targets[40 + i] == targets_after[i],
		       "SPI %u's targets 0x%x, got 0x%x", 40 + i,
		       targets_after[i], gic_model.targets[40 + i]);
	}
}

UNIT_TEST(an_enabled_spi_changes_its_trigger_only_while_disabled)
{
	probe();
	/* Left enabled, level-sensitive, by whoever ran before. */
	gic_model.enabled[1] |= 1u << (40 - 32);
	EXPECT(gic_configure(&gic.chip, 40, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "configured");
	EXPECT(icfgr_edge(40), "SPI 40 edge-triggered");
	EXPECT(gic_model.config_while_enabled == 0,
	       "Int_config never changed while the SPI was enabled "
	       "(IHI 0048B 4.3.13), %u times", gic_model.config_while_enabled);
	EXPECT(enabled(40), "SPI 40 enabled again afterwards");
	/* An unchanged configuration does not toggle the enable. */
	gic_model.disables = 0;
	EXPECT(gic_configure(&gic.chip, 40, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "configured");
	EXPECT(gic_model.config_while_enabled == 0, "no Int_config change");
	EXPECT(gic_model.disables == 0, "not disabled, %u GICD_ICENABLER "
	       "writes", gic_model.disables);
	EXPECT(enabled(40), "SPI 40 still enabled");
}

UNIT_TEST(ppi_configuration_is_left_alone)
{
	probe();
	gic_model.icfgr[1] = 0x55555555;
	EXPECT(gic_configure(&gic.chip, 27, IRQ_TRIGGER_LEVEL_LOW) == 0,
	       "a PPI described active-low is accepted");
	EXPECT(gic_model.icfgr[1] == 0x55555555, "ICFGR1 untouched, 0x%x",
	       gic_model.icfgr[1]);
}

UNIT_TEST(an_sgi_the_distributor_keeps_enabled_cannot_be_masked)
{
	probe();
	EXPECT(gic_mask(&gic.chip, 3) == -E_NOTSUP, "SGI 3: E_NOTSUP");
	EXPECT(enabled(3), "SGI 3 still enabled");
	gic_unmask(&gic.chip, 40);
	EXPECT(gic_mask(&gic.chip, 40) == 0 && !enabled(40),
	       "SPI 40 masked");
}

UNIT_TEST(an_sgi_the_distributor_lets_go_is_masked)
{
	probe_gic((unsigned int)__builtin_ctz(THIS_CPU_MASK), true);
	EXPECT(enabled(15), "the probe's test leaves SGI 15 enabled");
	EXPECT(gic_mask(&gic.chip, 3) == 0 && !enabled(3), "SGI 3 masked");
	EXPECT(!(gic_model.pending[0] & 0xffff),
	       "the SGI the probe held back was taken, none left pending");
	EXPECT(gic_model.active_iar == 1023 && gic_model.eoi_mismatch == 0,
	       "nothing left active (0x%x), %u EOI mismatches",
	       gic_model.active_iar, gic_model.eoi_mismatch);
}

/* The distributor lets SGI 15 go, but the hypervisor raises SGIs in its
 * virtual CPU interface whatever the enable bits say (Jailhouse's
 * GICD_SGIR emulation): masking one would not hold it back. */
UNIT_TEST(an_sgi_a_hypervisor_delivers_while_disabled_cannot_be_masked)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.sgis_maskable = true;
	gic_model.sgis_injected = true;
	gic_probe(NULL, 0);
	EXPECT(gic_mask(&gic.chip, 3) == -E_NOTSUP,
	       "SGI 3: E_NOTSUP, as the hypervisor delivers it anyway");
	EXPECT(enabled(15), "the probe's test leaves SGI 15 enabled");
	EXPECT(!(gic_model.pending[0] & 0xffff), "no SGI left pending");
	EXPECT(gic_model.active_iar == 1023 && gic_model.eoi_mismatch == 0,
	       "nothing left active (0x%x), %u EOI mismatches",
	       gic_model.active_iar, gic_model.eoi_mismatch);
}

UNIT_TEST(an_spi_acknowledged_is_ended_with_its_iar_value)
{
	probe();
	gic_configure(&gic.chip, 40, IRQ_TRIGGER_LEVEL_HIGH);
	gic_unmask(&gic.chip, 40);
	gic_model.pending[1] |= 1u << (40 - 32);
	REQUIRE(acknowledge() == 40, "SPI 40 acknowledged");
	gic_eoi(&gic.chip, 40);
	EXPECT(gic_model.eois == 1 && gic_model.eoi_mismatch == 0,
	       "one EOI, matching GICC_IAR");
}

UNIT_TEST(a_software_interrupt_is_ended_with_its_iar_value)
{
	probe();
	REQUIRE(gic_raise(&gic.chip, 3) == 0, "SGI 3 raised");
	REQUIRE(acknowledge() == 3, "SGI 3 acknowledged");
	gic_eoi(&gic.chip, 3);
	EXPECT(gic_model.eois == 1 && gic_model.eoi_mismatch == 0,
	       "one EOI whose source CPU ID matches GICC_IAR (IHI 0048B "
	       "4.4.5), %u mismatches", gic_model.eoi_mismatch);
}

/* A hypervisor's virtual CPU interface reports the source CPU ID the
 * hypervisor wrote into its list register (GICH_LR.CPUID), which need not
 * be the physical interface number ITARGETSR0 reads back. */
UNIT_TEST(a_software_interrupt_through_a_virtual_interface_is_ended_with_its_iar_value)
{
	probe_with_sgi_source(0);	/* the cell's CPU is interface 1 */
	REQUIRE(gic_raise(&gic.chip, 5) == 0, "SGI 5 raised");
	REQUIRE(acknowledge() == 5, "SGI 5 acknowledged");
	gic_eoi(&gic.chip, 5);
	EXPECT(gic_model.eoi_mismatch == 0,
	       "the EOI repeats the source CPU ID GICC_IAR gave (IHI 0048B "
	       "4.4.5), %u mismatches", gic_model.eoi_mismatch);
}

/* The source ID is learnt at probe from one SGI to this CPU; interrupts
 * that were pending then are ended and come again if still asserted. */
UNIT_TEST(probe_leaves_no_interrupt_active)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.sgi_source = 6;
	gic_model.enabled[1] |= 1u << (40 - 32);	/* a boot loader's */
	gic_model.pending[1] |= 1u << (40 - 32);
	gic_probe(NULL, 0);
	EXPECT(gic_model.active_iar == 1023, "nothing left active, 0x%x",
	       gic_model.active_iar);
	EXPECT(gic_model.eoi_mismatch == 0, "%u EOI mismatches",
	       gic_model.eoi_mismatch);
	EXPECT(!(gic_model.pending[0] & 0xffff), "no SGI left pending");
}

UNIT_TEST(a_spurious_acknowledge_needs_no_end)
{
	probe();
	EXPECT((mmio_read32(gic_cpu_iar) & 0x3ff) == 1023, "spurious");
	gic_eoi(&gic.chip, 1023);
	EXPECT(gic_model.eoi_mismatch == 0, "a write of 1023 is ignored");
}

/* TYPER.ITLinesNumber 31 would mean 1024 lines, but IDs 1020..1023 are
 * special (1023: spurious): the driver stops at 1020. */
UNIT_TEST(a_gic_with_the_most_lines_stops_at_the_special_ids)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.it_lines = 31;
	gic_probe(NULL, 0);
	EXPECT(gic.chip.nr_lines == 1020, "1020 lines, got %u",
	       gic.chip.nr_lines);
	EXPECT(gic.chip.mask(&gic.chip, 1023) == -E_RANGE,
	       "ID 1023 is no line to mask");
}

/* A PPI is 0..15 in the binding: 16 is no PPI (and no SPI 32 either). */
UNIT_TEST(a_ppi_number_past_15_is_refused)
{
	struct fdt_irq ppi15 = { 0, 3, { 1, 15, 4 } };
	struct fdt_irq ppi16 = { 0, 3, { 1, 16, 4 } };
	enum irq_trigger trigger;
	unsigned int irq;

	probe();
	EXPECT(gic.chip.xlate(&gic.chip, &ppi15, &irq, &trigger) == 0 &&
	       irq == 31, "PPI 15 is ID 31, got %u", irq);
	EXPECT(gic.chip.xlate(&gic.chip, &ppi16, &irq, &trigger) == -E_BADFDT,
	       "PPI 16: -E_BADFDT");
}

/* The CPU interface signals priorities below its mask (0xf0) only. */
UNIT_TEST(a_priority_at_or_below_the_mask_is_raised_to_one_that_is_signalled)
{
	static const unsigned int prios[] = { 0xf0, 0xf8, 0xff };

	probe();
	for (unsigned int i = 0; i < sizeof(prios) / sizeof(prios[0]); i++) {
		REQUIRE(gic.chip.set_priority(&gic.chip, 40, prios[i]) == 0,
			"priority 0x%x set", prios[i]);
		EXPECT(gic_model.priority[40] < gic_model.pmr,
		       "priority 0x%x: 0x%x, under the mask 0x%x", prios[i],
		       gic_model.priority[40], gic_model.pmr);
	}
	REQUIRE(gic.chip.set_priority(&gic.chip, 40, 0xe0) == 0, "0xe0 set");
	EXPECT(gic_model.priority[40] == 0xe0, "0xe0 kept, got 0x%x",
	       gic_model.priority[40]);
}

/* A PPI's pending bit is banked per CPU and not ours to set. */
UNIT_TEST(a_ppi_cannot_be_raised)
{
	probe();
	EXPECT(gic.chip.raise(&gic.chip, 27) == -E_NOTSUP, "-E_NOTSUP");
	EXPECT(gic_model.pending[0] == 0, "nothing pending, got 0x%x",
	       (unsigned int)gic_model.pending[0]);
}

/* A hypervisor may inject the learning SGI a few acknowledges late: the
 * driver polls on and still learns the source it reports. */
UNIT_TEST(an_sgi_source_shown_late_is_still_learnt)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.sgi_source = 5;
	gic_model.late_iars = 3;
	gic_probe(NULL, 0);
	EXPECT(gic.sgi_source == 5, "source 5 learnt, got %u",
	       (unsigned int)gic.sgi_source);
}

/* The acknowledges that showed nothing (1023, spurious) took no
 * interrupt: only the learning SGI is ended. */
UNIT_TEST(spurious_acknowledges_while_learning_the_source_are_not_ended)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.late_iars = 3;
	gic_probe(NULL, 0);
	EXPECT(gic_model.eois == 1, "one EOI, for SGI 15, got %u",
	       gic_model.eois);
}

/* No SGI shows at all: the physical interface's own number stays. */
UNIT_TEST(without_an_sgi_the_source_is_this_cpus_interface)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.sgis_lost = true;
	gic_probe(NULL, 0);
	EXPECT(gic.sgi_source == 1, "CPU interface 1 (mask 0x%x), got %u",
	       THIS_CPU_MASK, (unsigned int)gic.sgi_source);
}

/* The first ID past the distributor's lines (the model has 64) is no
 * line: each operation refuses it and reaches no register (an ID from a
 * device tree written for a larger GIC). */
UNIT_TEST(the_first_id_past_the_lines_is_refused_and_touches_nothing)
{
	const unsigned int past = GIC_MODEL_LINES;

	probe();
	REQUIRE(gic.chip.nr_lines == past, "%u lines, got %u", past,
		gic.chip.nr_lines);
	EXPECT(gic.chip.mask(&gic.chip, past) == -E_RANGE,
	       "mask %u: -E_RANGE", past);
	EXPECT(gic.chip.set_priority(&gic.chip, past, 0x80) == -E_RANGE,
	       "priority of %u: -E_RANGE", past);
	EXPECT(gic.chip.configure(&gic.chip, past, IRQ_TRIGGER_EDGE_RISING) ==
	       -E_RANGE, "configure %u: -E_RANGE", past);
	EXPECT(gic.chip.raise(&gic.chip, past) == -E_NOTSUP,
	       "raise %u: -E_NOTSUP", past);
	gic.chip.unmask(&gic.chip, past);
	EXPECT(gic_model.bad_access == 0,
	       "no register past the lines touched, %u accesses",
	       gic_model.bad_access);
}

/* An SPI of the binding (0..987) that this GIC lacks is out of range;
 * one past the binding's last (ID 1020 on: special IDs) is a bad tree,
 * also on a GIC with the most lines. */
UNIT_TEST(an_spi_past_the_lines_or_the_binding_is_refused)
{
	struct fdt_irq last = { 0, 3, { 0, GIC_MODEL_LINES - 33, 4 } };
	struct fdt_irq past = { 0, 3, { 0, GIC_MODEL_LINES - 32, 4 } };
	struct fdt_irq spi987 = { 0, 3, { 0, 987, 4 } };
	struct fdt_irq spi988 = { 0, 3, { 0, 988, 4 } };
	enum irq_trigger trigger;
	unsigned int irq = 0;

	probe();
	EXPECT(gic.chip.xlate(&gic.chip, &last, &irq, &trigger) == 0 &&
	       irq == GIC_MODEL_LINES - 1, "the last SPI is ID %u, got %u",
	       GIC_MODEL_LINES - 1, irq);
	EXPECT(gic.chip.xlate(&gic.chip, &past, &irq, &trigger) == -E_RANGE,
	       "SPI %u, ID %u past the lines: -E_RANGE",
	       GIC_MODEL_LINES - 32, GIC_MODEL_LINES);

	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.it_lines = 31;
	gic_probe(NULL, 0);
	EXPECT(gic.chip.xlate(&gic.chip, &spi987, &irq, &trigger) == 0 &&
	       irq == 1019, "SPI 987 is ID 1019, got %u", irq);
	EXPECT(gic.chip.xlate(&gic.chip, &spi988, &irq, &trigger) ==
	       -E_BADFDT, "SPI 988 is no SPI: -E_BADFDT");
}

/* ID 16, the first PPI, is a line like any other: maskable where SGIs
 * are not, ended without a source CPU ID, and not raised as an SGI. */
UNIT_TEST(ppi_16_is_a_line_not_an_sgi)
{
	probe_with_sgi_source(5);
	gic_unmask(&gic.chip, 16);
	EXPECT(gic_mask(&gic.chip, 16) == 0 && !enabled(16),
	       "PPI 16 masked though SGIs cannot be");
	gic_unmask(&gic.chip, 16);
	gic_model.pending[0] |= 1u << 16;
	REQUIRE(acknowledge() == 16, "PPI 16 acknowledged");
	gic_eoi(&gic.chip, 16);
	EXPECT(gic_model.eois == 1 && gic_model.eoi_mismatch == 0,
	       "one EOI of plain ID 16, %u mismatches",
	       gic_model.eoi_mismatch);
	EXPECT(gic.chip.raise(&gic.chip, 16) == -E_NOTSUP,
	       "PPI 16 cannot be raised");
	EXPECT(gic_model.pending[0] == 0 && gic_model.bad_access == 0,
	       "nothing pending (0x%x), %u bad accesses",
	       (unsigned int)gic_model.pending[0], gic_model.bad_access);
}

/* Int_config is written with the SPI disabled; one that was disabled
 * before stays so (irq_enable() decides when it is delivered). */
UNIT_TEST(a_disabled_spi_stays_disabled_when_its_trigger_changes)
{
	probe();
	EXPECT(gic_configure(&gic.chip, 40, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "configured");
	EXPECT(icfgr_edge(40), "SPI 40 edge-triggered");
	EXPECT(!enabled(40), "SPI 40 still disabled");
}

/* ID 32 is the first SPI: configured, not left alone as a PPI. */
UNIT_TEST(spi_32_is_configured)
{
	probe();
	EXPECT(gic_configure(&gic.chip, 32, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "configured");
	EXPECT(icfgr_edge(32), "SPI 32 edge-triggered");
	EXPECT(gic_model.targets[32] == THIS_CPU_MASK, "targets 0x%x, got 0x%x",
	       THIS_CPU_MASK, gic_model.targets[32]);
}

/* The GIC takes rising edges only (IHI 0048B 1.4.2). */
UNIT_TEST(a_falling_edge_spi_is_refused_and_left_as_it_was)
{
	probe();
	gic_model.icfgr[2] = 0;
	EXPECT(gic_configure(&gic.chip, 41, IRQ_TRIGGER_EDGE_FALLING) ==
	       -E_NOTSUP, "falling edge refused");
	EXPECT(gic_model.icfgr[2] == 0 && gic_model.targets[41] == 0,
	       "SPI 41 untouched: ICFGR2 0x%x, targets 0x%x",
	       gic_model.icfgr[2], gic_model.targets[41]);
}

UNIT_TEST(an_interrupt_specifier_of_other_than_three_cells_is_refused)
{
	struct fdt_irq four = { 0, 4, { 0, 8, 4, 0 } };
	struct fdt_irq two = { 0, 2, { 0, 8 } };
	enum irq_trigger trigger;
	unsigned int irq;

	probe();
	EXPECT(gic.chip.xlate(&gic.chip, &four, &irq, &trigger) == -E_BADFDT,
	       "four cells: -E_BADFDT");
	EXPECT(gic.chip.xlate(&gic.chip, &two, &irq, &trigger) == -E_BADFDT,
	       "two cells: -E_BADFDT");
}

/* The binding's flags: bits 3:0 the trigger (1 rising, 2 falling,
 * 4 high level, 8 low level), bits 15:8 a PPI's CPU mask, ignored. */
UNIT_TEST(each_device_tree_trigger_flag_is_its_trigger)
{
	static const struct {
		uint32_t flags;
		enum irq_trigger trigger;
	} flags[] = {
		{ 1, IRQ_TRIGGER_EDGE_RISING }, { 2, IRQ_TRIGGER_EDGE_FALLING },
		{ 4, IRQ_TRIGGER_LEVEL_HIGH }, { 8, IRQ_TRIGGER_LEVEL_LOW },
		{ 0, IRQ_TRIGGER_KEEP }, { 0xf08, IRQ_TRIGGER_LEVEL_LOW },
	};

	probe();
	for (unsigned int i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		struct fdt_irq spec = { 0, 3, { 1, 13, flags[i].flags } };
		enum irq_trigger trigger = IRQ_TRIGGER_KEEP;
		unsigned int irq;

		EXPECT(gic.chip.xlate(&gic.chip, &spec, &irq, &trigger) == 0 &&
		       trigger == flags[i].trigger,
		       "flags 0x%x: trigger %d, got %d",
		       (unsigned int)flags[i].flags, (int)flags[i].trigger,
		       (int)trigger);
	}
}

/* An SPI is raised through its pending bit; it goes to the CPU its
 * target names (set at configure). */
UNIT_TEST(an_spi_is_raised_through_its_pending_bit)
{
	probe();
	gic_configure(&gic.chip, 40, IRQ_TRIGGER_EDGE_RISING);
	gic_unmask(&gic.chip, 40);
	EXPECT(gic.chip.raise(&gic.chip, 40) == 0, "SPI 40 raised");
	EXPECT(gic_model.pending[1] == 1u << (40 - 32),
	       "SPI 40 pending alone, got 0x%x",
	       (unsigned int)gic_model.pending[1]);
	EXPECT(acknowledge() == 40, "and acknowledged");
}

/* SGIs whose enable bits the distributor keeps at 1 cannot be masked,
 * even where the SGI raised to test it never shows. */
UNIT_TEST(an_sgi_whose_enable_bit_stays_set_is_not_maskable_though_none_arrives)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.sgis_lost = true;
	gic_probe(NULL, 0);
	EXPECT(gic_mask(&gic.chip, 3) == -E_NOTSUP, "SGI 3: E_NOTSUP");
}

UNIT_TEST(a_gic_without_a_readable_cpu_interface_reg_is_refused)
{
	int err;

	memset(&gic, 0, sizeof(gic));
	registered = NULL;
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	fdt_reg_err = -E_BADFDT;
	err = gic_probe(NULL, 0);
	fdt_reg_err = 0;
	EXPECT(err == -E_BADFDT, "fdt_reg's -E_BADFDT, got %d", err);
	EXPECT(registered == NULL && gic_model.cpu_ctlr == 0,
	       "nothing registered or enabled");
}

/* A binary point a boot loader left would group priorities, and those
 * of one group do not preempt each other (IHI 0048B 3.3.3): reset. */
UNIT_TEST(probe_resets_the_binary_point)
{
	memset(&gic, 0, sizeof(gic));
	gic_model_reset(DIST, CPU, THIS_CPU_MASK);
	gic_model.bpr = 3;
	gic_probe(NULL, 0);
	EXPECT(gic_model.bpr == 0, "GICC_BPR 0, got %u", gic_model.bpr);
}

int main(void)
{
	return unit_run_all();
}
