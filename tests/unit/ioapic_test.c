/* The IOAPIC driver (drivers/irqchip/ioapic.c) against a simulated IOAPIC
 * (ioapic_model) whose Remote IRR follows the data sheets: a pin that a
 * previous owner left with an un-ended level interrupt must come to us
 * alive, or the driver must say that it cannot. The driver's source is
 * included so each case starts from a fresh probe. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../drivers/irqchip/ioapic.c"

#include "ioapic_model.h"
#include "unit.h"

#define BASE 0xfec00000u
#define PIN 4u
#define IRQ (X86_VEC_IOAPIC_BASE + PIN)
#define OLD_VECTOR 0x61u	/* the previous owner's */

/* --- What the driver needs from the rest of the kernel ----------------- */

static struct irq_chip *registered;
static int register_err;	/* what irq_chip_register() returns */
static uint64_t fdt_base = BASE;	/* what the node's reg says */
static int fdt_reg_err;		/* what fdt_reg() returns */
static char log_text[1024];

int irq_chip_register(struct irq_chip *chip)
{
	registered = chip;
	return register_err;
}

int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size)
{
	(void)fdt;
	(void)node;
	(void)index;
	if (fdt_reg_err < 0)
		return fdt_reg_err;
	*base = fdt_base;
	*size = 0x1000;
	return 0;
}

static uint32_t this_apic_id;	/* what lapic_id() says */

uint32_t lapic_id(void)
{
	return this_apic_id;
}

int kprintf(const char *fmt, ...)
{
	size_t used = strlen(log_text);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(log_text + used, sizeof(log_text) - used, fmt, ap);
	va_end(ap);
	return 0;
}

/* --- Helpers ------------------------------------------------------------ */

static void probe(uint8_t version, bool edge_drops_remote_irr)
{
	memset(&ioapic, 0, sizeof(ioapic));
	registered = NULL;
	this_apic_id = 0;
	log_text[0] = '\0';
	ioapic_model_reset(BASE, version, edge_drops_remote_irr);
	ioapic_probe(NULL, 0);
}

/* What a previous owner leaves: the pin level-triggered, unmasked, on its
 * own vector, its interrupt taken by a LAPIC and never ended, the device
 * still asserting the line. Only this pin is ours. */
static void leave_stale_pin(void)
{
	ioapic_model.rte[PIN] = OLD_VECTOR | IOAPIC_MODEL_RTE_LEVEL;
	ioapic_model_set_line(PIN, true);
	ioapic_model.owned = 1u << PIN;
	ioapic_model.delivered[OLD_VECTOR] = 0;
}

static bool remote_irr(void)
{
	return ioapic_model.rte[PIN] & IOAPIC_MODEL_RTE_REMOTE_IRR;
}

/* --- Cases --------------------------------------------------------------- */

UNIT_TEST(a_stale_remote_irr_is_cleared_through_the_eoi_register)
{
	/* An ICH-style IOxAPIC: only an EOI clears Remote IRR. */
	probe(0x20, false);
	REQUIRE(registered == &ioapic.chip, "the IOAPIC registered");
	leave_stale_pin();
	REQUIRE(remote_irr(), "the model holds the stale Remote IRR");

	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_LEVEL_HIGH) == 0,
	       "the pin is taken");
	EXPECT(!remote_irr(), "Remote IRR clear after taking the pin, entry "
	       "0x%08llx", (unsigned long long)ioapic_model.rte[PIN]);
	EXPECT(ioapic_model.eoir_writes == 1 && ioapic_model.eoir_last == IRQ,
	       "one EOI register write of vector 0x%x, got %u (last 0x%x)",
	       IRQ, ioapic_model.eoir_writes, ioapic_model.eoir_last);
	EXPECT(ioapic_model.cleared_unmasked == 0,
	       "the entry masked while Remote IRR was cleared");
	EXPECT(strstr(log_text, "pin 4: cleared") != NULL,
	       "the boot log names the pin, got '%s'", log_text);

	ioapic_unmask(&ioapic.chip, IRQ);
	EXPECT(ioapic_model.delivered[IRQ] == 1,
	       "the asserted line interrupts once unmasked, %u deliveries",
	       ioapic_model.delivered[IRQ]);
	ioapic_model_lapic_eoi(IRQ);
	EXPECT(ioapic_model.delivered[IRQ] == 2,
	       "and again after our EOI, %u deliveries",
	       ioapic_model.delivered[IRQ]);
	EXPECT(ioapic_model.delivered[OLD_VECTOR] == 0,
	       "nothing on the old vector");
	EXPECT(ioapic_model.foreign_access == 0 && ioapic_model.bad_access == 0,
	       "only pin 4 touched (%u others), %u bad accesses",
	       ioapic_model.foreign_access, ioapic_model.bad_access);
}

UNIT_TEST(a_stale_remote_irr_is_cleared_by_a_switch_to_edge_without_eoi_register)
{
	probe(0x11, true);
	leave_stale_pin();

	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_LEVEL_LOW) == 0,
	       "the pin is taken");
	EXPECT(!remote_irr(), "Remote IRR clear, entry 0x%08llx",
	       (unsigned long long)ioapic_model.rte[PIN]);
	EXPECT((ioapic_model.rte[PIN] & 0xffffffffu) ==
	       (IRQ | RTE_MASKED | RTE_TRIGGER_LEVEL | RTE_POLARITY_LOW),
	       "the entry ends level, active low, masked, vector 0x%x: 0x%08llx",
	       IRQ, (unsigned long long)ioapic_model.rte[PIN]);
	EXPECT(ioapic_model.cleared_unmasked == 0,
	       "the entry masked while Remote IRR was cleared");
	EXPECT(ioapic_model.bad_access == 0,
	       "no EOI register written on version 0x11 (%u bad accesses)",
	       ioapic_model.bad_access);
	ioapic_unmask(&ioapic.chip, IRQ);
	EXPECT(ioapic_model.delivered[IRQ] == 1,
	       "the pin interrupts once unmasked, %u deliveries",
	       ioapic_model.delivered[IRQ]);
}

UNIT_TEST(a_remote_irr_that_stays_set_is_an_error_that_names_the_pin)
{
	/* No EOI register, and an edge switch that does not help. */
	probe(0x11, false);
	leave_stale_pin();

	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_LEVEL_HIGH) ==
	       -E_BUSY, "taking the pin fails with E_BUSY");
	EXPECT(strstr(log_text, "ioapic: pin 4: ") &&
	       strstr(log_text, "Remote IRR stays set"),
	       "the boot log names pin 4 and why, got '%s'", log_text);
	EXPECT(ioapic_model.rte[PIN] & IOAPIC_MODEL_RTE_MASKED,
	       "the pin is left masked");
}

UNIT_TEST(a_pin_without_a_stale_remote_irr_is_programmed_without_an_eoi)
{
	probe(0x20, false);
	ioapic_model.owned = 1u << PIN;
	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_LEVEL_HIGH) == 0,
	       "a clean level pin is taken");
	/* Remote IRR means nothing for an edge entry: left alone. */
	ioapic_model.rte[PIN] |= IOAPIC_MODEL_RTE_REMOTE_IRR;
	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "an edge pin is taken");
	EXPECT(ioapic_model.eoir_writes == 0,
	       "no EOI, which could end another owner's interrupt, got %u",
	       ioapic_model.eoir_writes);
	EXPECT(log_text[0] == '\0', "nothing logged, got '%s'", log_text);
	EXPECT(ioapic_model.foreign_access == 0, "only pin 4 touched");
}

/* VER's Maximum Redirection Entry is the last entry's index: 24 pins. */
UNIT_TEST(every_pin_the_version_register_counts_is_the_ioapics)
{
	probe(0x20, false);
	REQUIRE(registered == &ioapic.chip, "the IOAPIC registered");
	EXPECT(ioapic.chip.nr_lines == IOAPIC_MODEL_PINS, "24 lines, got %u",
	       ioapic.chip.nr_lines);
}

/* An IOAPIC with more pins than vectors set aside for them is refused,
 * not given vectors that belong to others. */
UNIT_TEST(an_ioapic_with_more_pins_than_its_vectors_is_refused)
{
	memset(&ioapic, 0, sizeof(ioapic));
	registered = NULL;
	ioapic_model_reset(BASE, 0x20, false);
	ioapic_model.max_redir = X86_VEC_IOAPIC_MAX - X86_VEC_IOAPIC_BASE + 1;
	EXPECT(ioapic_probe(NULL, 0) == -E_RANGE, "-E_RANGE");
	EXPECT(registered == NULL, "nothing registered");
}

/* The four device-tree types (0 rising edge, 1 low level, 2 high level,
 * 3 falling edge) as the entry's trigger mode and polarity bits. */
/* Built for i386 too (ioapic_test_m32): there a pointer has 32 bits,
 * and a reg above 4 GiB, cut to one, would be 0xfec00000 again, some
 * other device's address on another board. A 64-bit kernel keeps it
 * whole. */
UNIT_TEST(an_ioapic_beyond_the_pointers_reach_is_refused)
{
	uint64_t high = BASE + (1ull << 32);
	int err;

	memset(&ioapic, 0, sizeof(ioapic));
#if UINTPTR_MAX >= UINT64_MAX
	ioapic_model_reset((uintptr_t)high, 0x20, false);
#else
	ioapic_model_reset(BASE, 0x20, false);
#endif
	fdt_base = high;
	err = ioapic_probe(NULL, 0);
	fdt_base = BASE;
#if UINTPTR_MAX >= UINT64_MAX
	EXPECT(err == 0 && ioapic.base == high,
	       "0x%llx taken whole, got %d, base 0x%llx",
	       (unsigned long long)high, err, (unsigned long long)ioapic.base);
#else
	EXPECT(err == -E_RANGE && ioapic.base == 0,
	       "-E_RANGE and no base for 0x%llx, got %d, base 0x%llx",
	       (unsigned long long)high, err, (unsigned long long)ioapic.base);
#endif
}

UNIT_TEST(each_device_tree_trigger_type_programs_its_mode_and_polarity)
{
	static const struct {
		uint32_t type;
		bool level, low;
	} types[] = {
		{ 0, false, false }, { 1, true, true },
		{ 2, true, false }, { 3, false, true },
	};

	for (unsigned int i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		struct fdt_irq spec = { 0, 2, { PIN, types[i].type } };
		enum irq_trigger trigger;
		unsigned int irq;
		uint64_t rte;

		probe(0x20, false);
		REQUIRE(ioapic.chip.xlate(&ioapic.chip, &spec, &irq,
					  &trigger) == 0, "type %u taken",
			(unsigned int)types[i].type);
		EXPECT(irq == IRQ, "pin %u is IRQ %u, got %u", PIN, IRQ, irq);
		REQUIRE(ioapic.chip.configure(&ioapic.chip, irq, trigger) == 0,
			"type %u programmed", (unsigned int)types[i].type);
		rte = ioapic_model.rte[PIN];
		EXPECT(!!(rte & IOAPIC_MODEL_RTE_LEVEL) == types[i].level &&
		       !!(rte & RTE_POLARITY_LOW) == types[i].low,
		       "type %u: %s, active %s; entry 0x%llx",
		       (unsigned int)types[i].type,
		       types[i].level ? "level" : "edge",
		       types[i].low ? "low" : "high", (unsigned long long)rte);
	}
}

UNIT_TEST(a_pin_or_type_beyond_the_ioapics_is_refused)
{
	struct fdt_irq past = { 0, 2, { IOAPIC_MODEL_PINS, 0 } };
	struct fdt_irq bad_type = { 0, 2, { PIN, 4 } };
	enum irq_trigger trigger;
	unsigned int irq;

	probe(0x20, false);
	EXPECT(ioapic.chip.xlate(&ioapic.chip, &past, &irq, &trigger) ==
	       -E_BADFDT, "pin 24 of 24: -E_BADFDT");
	EXPECT(ioapic.chip.xlate(&ioapic.chip, &bad_type, &irq, &trigger) ==
	       -E_BADFDT, "type 4: -E_BADFDT");
	EXPECT(ioapic.chip.mask(&ioapic.chip, X86_VEC_IOAPIC_BASE +
				IOAPIC_MODEL_PINS) == -E_INVAL,
	       "the IRQ past the last pin is not the IOAPIC's to mask");
	EXPECT(ioapic.chip.configure(&ioapic.chip, X86_VEC_IOAPIC_BASE +
				     IOAPIC_MODEL_PINS,
				     IRQ_TRIGGER_EDGE_RISING) == -E_RANGE,
	       "nor to configure");
	EXPECT(ioapic_model.bad_access == 0,
	       "no access beyond the redirection table");
}

int main(void)
{
	return unit_run_all();
}

/* The entry sends the interrupt to this CPU: its APIC ID in bits 63:56
 * (82093AA, I/O redirection table, destination field). */
UNIT_TEST(the_entry_names_this_cpu_as_its_destination)
{
	probe(0x20, false);
	ioapic_model.owned = 1u << PIN;
	this_apic_id = 0x5a;
	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "the pin is taken");
	EXPECT((ioapic_model.rte[PIN] >> 56) == 0x5a,
	       "destination 0x5a, got 0x%02llx",
	       (unsigned long long)(ioapic_model.rte[PIN] >> 56));
}

UNIT_TEST(a_cpu_whose_apic_id_needs_more_than_8_bits_is_refused)
{
	uint64_t before;

	probe(0x20, false);
	ioapic_model.owned = 1u << PIN;
	before = ioapic_model.rte[PIN];
	this_apic_id = 0x100;
	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_EDGE_RISING) ==
	       -E_RANGE, "-E_RANGE for APIC ID 0x100");
	EXPECT(ioapic_model.rte[PIN] == before,
	       "the entry left as it was: 0x%016llx, got 0x%016llx",
	       (unsigned long long)before,
	       (unsigned long long)ioapic_model.rte[PIN]);
	EXPECT(strstr(log_text, "APIC ID 256 does not fit") != NULL,
	       "the boot log says why, got '%s'", log_text);
}

/* Pin 0 is IRQ X86_VEC_IOAPIC_BASE itself; the vector below it is not
 * the IOAPIC's. */
UNIT_TEST(the_first_pin_is_the_ioapics_and_the_vector_below_it_is_not)
{
	probe(0x20, false);
	ioapic_model.owned = 1u << 0;
	EXPECT(ioapic_configure(&ioapic.chip, X86_VEC_IOAPIC_BASE,
				IRQ_TRIGGER_EDGE_RISING) == 0,
	       "pin 0 is taken as IRQ 0x%x", X86_VEC_IOAPIC_BASE);
	ioapic_unmask(&ioapic.chip, X86_VEC_IOAPIC_BASE);
	EXPECT(ioapic.chip.mask(&ioapic.chip, X86_VEC_IOAPIC_BASE) == 0 &&
	       (ioapic_model.rte[0] & IOAPIC_MODEL_RTE_MASKED),
	       "pin 0 masked, entry 0x%016llx",
	       (unsigned long long)ioapic_model.rte[0]);
	EXPECT(ioapic.chip.mask(&ioapic.chip, X86_VEC_IOAPIC_BASE - 1) ==
	       -E_INVAL, "the vector below pin 0 is not the IOAPIC's to mask");
	EXPECT(ioapic_model.bad_access == 0 && ioapic_model.foreign_access == 0,
	       "only pin 0 touched, %u bad, %u foreign accesses",
	       ioapic_model.bad_access, ioapic_model.foreign_access);
}

/* irq_disable() and irq_enable(): the entry's mask bit, nothing else. */
UNIT_TEST(a_masked_pin_holds_its_interrupt_until_unmasked)
{
	probe(0x20, false);
	ioapic_model.owned = 1u << PIN;
	REQUIRE(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_LEVEL_HIGH) == 0,
		"the pin is taken");
	ioapic_unmask(&ioapic.chip, IRQ);
	EXPECT(ioapic.chip.mask(&ioapic.chip, IRQ) == 0, "the pin masks");
	EXPECT((ioapic_model.rte[PIN] & 0xffffffffu) ==
	       (IRQ | RTE_MASKED | RTE_TRIGGER_LEVEL),
	       "the entry masked, level, vector 0x%x: 0x%08llx", IRQ,
	       (unsigned long long)ioapic_model.rte[PIN]);
	ioapic_model_set_line(PIN, true);
	EXPECT(ioapic_model.delivered[IRQ] == 0,
	       "the asserted line held back while masked, %u deliveries",
	       ioapic_model.delivered[IRQ]);
	ioapic_unmask(&ioapic.chip, IRQ);
	EXPECT(ioapic_model.delivered[IRQ] == 1,
	       "and delivered once unmasked, %u deliveries",
	       ioapic_model.delivered[IRQ]);
}

/* unmask has no error to return: an IRQ that is not the IOAPIC's is
 * ignored, not written past the redirection table. */
UNIT_TEST(unmasking_an_irq_that_is_not_the_ioapics_touches_nothing)
{
	probe(0x20, false);
	ioapic_unmask(&ioapic.chip, X86_VEC_IOAPIC_BASE + IOAPIC_MODEL_PINS);
	ioapic_unmask(&ioapic.chip, X86_VEC_IOAPIC_BASE - 1);
	EXPECT(ioapic_model.bad_access == 0,
	       "no access beyond the redirection table, got %u",
	       ioapic_model.bad_access);
}

/* APIC ID 0xff is the last that the 8-bit destination holds. */
UNIT_TEST(a_cpu_with_apic_id_0xff_is_the_entrys_destination)
{
	probe(0x20, false);
	ioapic_model.owned = 1u << PIN;
	this_apic_id = 0xff;
	EXPECT(ioapic_configure(&ioapic.chip, IRQ, IRQ_TRIGGER_EDGE_RISING) == 0,
	       "the pin is taken for APIC ID 0xff");
	EXPECT((ioapic_model.rte[PIN] >> 56) == 0xff,
	       "destination 0xff, got 0x%02llx",
	       (unsigned long long)(ioapic_model.rte[PIN] >> 56));
}

/* IRQ_TRIGGER_KEEP (irq.h): the entry keeps its mode and polarity, and
 * is set up, masked, for this CPU as for any other trigger. */
UNIT_TEST(keeping_the_trigger_leaves_the_entrys_mode_and_polarity)
{
	static const enum irq_trigger set[] = {
		IRQ_TRIGGER_LEVEL_LOW, IRQ_TRIGGER_EDGE_FALLING,
		IRQ_TRIGGER_LEVEL_HIGH, IRQ_TRIGGER_EDGE_RISING,
	};

	for (unsigned int i = 0; i < sizeof(set) / sizeof(set[0]); i++) {
		uint64_t mode, rte;

		probe(0x20, false);
		ioapic_model.owned = 1u << PIN;
		REQUIRE(ioapic_configure(&ioapic.chip, IRQ, set[i]) == 0,
			"trigger %d programmed", (int)set[i]);
		mode = ioapic_model.rte[PIN] &
		       (IOAPIC_MODEL_RTE_LEVEL | RTE_POLARITY_LOW);
		ioapic_model.rte[PIN] = mode;	/* vector, mask, CPU cleared */
		EXPECT(ioapic_configure(&ioapic.chip, IRQ,
					IRQ_TRIGGER_KEEP) == 0,
		       "KEEP taken after trigger %d", (int)set[i]);
		rte = ioapic_model.rte[PIN];
		EXPECT((rte & (IOAPIC_MODEL_RTE_LEVEL | RTE_POLARITY_LOW)) ==
			       mode &&
		       (rte & RTE_VECTOR_MASK) == IRQ && (rte & RTE_MASKED),
		       "after trigger %d: mode 0x%llx kept, vector %u, masked; "
		       "entry 0x%016llx", (int)set[i], (unsigned long long)mode,
		       IRQ, (unsigned long long)rte);
	}
}

UNIT_TEST(a_trigger_the_ioapic_does_not_know_is_refused)
{
	uint64_t before;

	probe(0x20, false);
	ioapic_model.owned = 1u << PIN;
	before = ioapic_model.rte[PIN];
	EXPECT(ioapic_configure(&ioapic.chip, IRQ,
				(enum irq_trigger)(IRQ_TRIGGER_EDGE_FALLING + 1)) ==
	       -E_INVAL, "-E_INVAL for an unknown trigger");
	EXPECT(ioapic_model.rte[PIN] == before,
	       "the entry left as it was: 0x%016llx, got 0x%016llx",
	       (unsigned long long)before,
	       (unsigned long long)ioapic_model.rte[PIN]);
}

UNIT_TEST(an_interrupt_specifier_of_other_than_two_cells_is_refused)
{
	struct fdt_irq three = { 0, 3, { PIN, 0, 0 } };
	struct fdt_irq one = { 0, 1, { PIN } };
	enum irq_trigger trigger;
	unsigned int irq;

	probe(0x20, false);
	EXPECT(ioapic.chip.xlate(&ioapic.chip, &three, &irq, &trigger) ==
	       -E_BADFDT, "three cells: -E_BADFDT");
	EXPECT(ioapic.chip.xlate(&ioapic.chip, &one, &irq, &trigger) ==
	       -E_BADFDT, "one cell: -E_BADFDT");
}

/* One IOAPIC: its pins fill the vector range, a second would overlap. */
UNIT_TEST(a_second_ioapic_is_refused)
{
	probe(0x20, false);
	REQUIRE(registered == &ioapic.chip, "the first IOAPIC registered");
	registered = NULL;
	fdt_base = BASE + 0x1000;
	EXPECT(ioapic_probe(NULL, 1) == -E_BUSY, "-E_BUSY for a second");
	fdt_base = BASE;
	EXPECT(registered == NULL && ioapic.base == BASE && ioapic.chip.node == 0,
	       "the first one kept: base 0x%llx, node %d",
	       (unsigned long long)ioapic.base, ioapic.chip.node);
}

UNIT_TEST(an_ioapic_without_a_readable_reg_is_refused_with_the_readers_error)
{
	int err;

	memset(&ioapic, 0, sizeof(ioapic));
	registered = NULL;
	ioapic_model_reset(BASE, 0x20, false);
	fdt_reg_err = -E_BADFDT;
	err = ioapic_probe(NULL, 0);
	fdt_reg_err = 0;
	EXPECT(err == -E_BADFDT, "fdt_reg's -E_BADFDT, got %d", err);
	EXPECT(registered == NULL && ioapic.base == 0,
	       "nothing registered, no base");
}

/* The vectors 0x30..0x7f, 80 of them: an IOAPIC with 80 pins fits. */
UNIT_TEST(an_ioapic_whose_pins_fill_its_vectors_exactly_is_taken)
{
	memset(&ioapic, 0, sizeof(ioapic));
	registered = NULL;
	ioapic_model_reset(BASE, 0x20, false);
	ioapic_model.max_redir = X86_VEC_IOAPIC_MAX - X86_VEC_IOAPIC_BASE;
	EXPECT(ioapic_probe(NULL, 0) == 0, "taken");
	EXPECT(registered == &ioapic.chip &&
	       ioapic.chip.nr_lines ==
	       X86_VEC_IOAPIC_MAX - X86_VEC_IOAPIC_BASE + 1,
	       "registered with %u lines, got %u",
	       X86_VEC_IOAPIC_MAX - X86_VEC_IOAPIC_BASE + 1,
	       ioapic.chip.nr_lines);
}

UNIT_TEST(a_failed_registration_fails_the_probe)
{
	int err;

	memset(&ioapic, 0, sizeof(ioapic));
	ioapic_model_reset(BASE, 0x20, false);
	register_err = -E_NOMEM;
	err = ioapic_probe(NULL, 0);
	register_err = 0;
	EXPECT(err == -E_NOMEM, "irq_chip_register's -E_NOMEM, got %d", err);
}
