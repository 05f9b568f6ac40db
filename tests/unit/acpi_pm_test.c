/* The ACPI PM timer driver (drivers/timer/acpi_pm.c) against a port that
 * reads as the test says: a port nothing decodes, a counter that does not
 * move, one that does, and the ICH9 LPC bridge's decoding set up only
 * where firmware has not. The driver's source is included so each case
 * starts unbound. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../drivers/timer/acpi_pm.c"

#include "unit.h"
#include "unit_fdt.h"

/* --- What the driver needs from the rest of the kernel ----------------- */

static enum {
	PORT_ABSENT, PORT_STUCK, PORT_STUCK_TOP_BYTE, PORT_COUNTING, PORT_SLOW
} port_kind;
static uint16_t port_read;
static unsigned int port_reads;
static uint32_t counter;

#define PORT_SLOW_READS 1000	/* PORT_SLOW: reads per tick */

uint32_t port_inl(uint16_t port)
{
	port_read = port;
	port_reads++;
	switch (port_kind) {
	case PORT_ABSENT: return 0xffffffffu;
	case PORT_STUCK: return 0x00123456u;
	case PORT_STUCK_TOP_BYTE: return 0xff123456u;
	case PORT_SLOW: return (port_reads / PORT_SLOW_READS) & 0xffffff;
	default: return 0xff000000u | (counter++ & 0xffffff);
	}
}

static const struct x86_refclock *registered;

void x86_refclock_register(const struct x86_refclock *ref)
{
	registered = ref;
}

const struct x86_refclock *x86_refclock_get(void)
{
	return registered;
}

/* The hypervisor layer's "pm-timer,port", when hv_port_given. */
static bool hv_port_given;
static uint64_t hv_port;

bool platform_get(const char *name, uint64_t *value)
{
	if (!hv_port_given || strcmp(name, "pm-timer,port") != 0)
		return false;
	*value = hv_port;
	return true;
}

int kprintf(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

/* The ICH9 LPC bridge's configuration space: PMBASE and ACPI_CNTL. */
static uint16_t lpc_vendor, lpc_device;
static uint32_t lpc_pmbase;
static uint8_t lpc_cntl;
static unsigned int lpc_writes;

uint16_t pci_cfg_read16(struct pci_bdf d, unsigned int reg)
{
	(void)d;
	return reg == PCI_CFG_VENDOR_ID ? lpc_vendor : lpc_device;
}

uint32_t pci_cfg_read32(struct pci_bdf d, unsigned int reg)
{
	(void)d;
	(void)reg;
	return lpc_pmbase;
}

uint8_t pci_cfg_read8(struct pci_bdf d, unsigned int reg)
{
	(void)d;
	(void)reg;
	return lpc_cntl;
}

void pci_cfg_write32(struct pci_bdf d, unsigned int reg, uint32_t v)
{
	(void)d;
	(void)reg;
	lpc_pmbase = v;
	lpc_writes++;
}

void pci_cfg_write8(struct pci_bdf d, unsigned int reg, uint8_t v)
{
	(void)d;
	(void)reg;
	lpc_cntl = v;
	lpc_writes++;
}

/* --- Helpers ------------------------------------------------------------ */

static struct fdt tree;

/* A fresh driver; the timer node at `path` of acpi-pm.dts. */
static int fresh(const char *path)
{
	unit_fdt_open(&tree, "acpi-pm.dtb");
	registered = NULL;
	hv_port_given = false;
	port_read = 0;
	port_reads = 0;
	acpi_pm_port = 0;
	counter = 0;
	lpc_vendor = PCI_VENDOR_INTEL;
	lpc_device = ICH9_LPC_DEVICE_ID;
	lpc_pmbase = lpc_cntl = 0;
	lpc_writes = 0;
	return fdt_path_offset(&tree, path);
}

/* --- Cases --------------------------------------------------------------- */

/* Port 0 from the hypervisor layer: the cell may read no PM timer port,
 * the node's included (Jailhouse stops a cell that reads another than
 * the one it reports). Not a single read, and no failure: the boot goes
 * on with the hypervisor's rates. */
UNIT_TEST(a_pm_timer_the_hypervisor_rules_out_is_not_read)
{
	int node = fresh("/isa/timer@1,608");

	port_kind = PORT_COUNTING;
	hv_port_given = true;
	hv_port = 0;
	EXPECT(acpi_pm_probe(&tree, node) == 0, "no error");
	EXPECT(port_read == 0, "no port read, got one at 0x%x",
	       (unsigned int)port_read);
	EXPECT(registered == NULL, "not registered");
}

/* The hypervisor's port wins over the node's. */
UNIT_TEST(the_hypervisors_pm_timer_port_is_the_one_read)
{
	int node = fresh("/isa/timer@1,608");

	port_kind = PORT_COUNTING;
	hv_port_given = true;
	hv_port = 0x1808;
	EXPECT(acpi_pm_probe(&tree, node) == 0, "bound");
	EXPECT(port_read == 0x1808, "read at 0x1808, got 0x%x",
	       (unsigned int)port_read);
}

/* All ones: no chipset decodes the port. A clock that never ticks would
 * hang or mislead the calibration. */
UNIT_TEST(a_port_nothing_decodes_is_no_timer)
{
	int node = fresh("/isa/timer@1,608");

	port_kind = PORT_ABSENT;
	EXPECT(acpi_pm_probe(&tree, node) == -E_NODEV, "-E_NODEV");
	EXPECT(registered == NULL, "not registered");
}

UNIT_TEST(a_counter_that_does_not_move_is_no_timer)
{
	int node = fresh("/isa/timer@1,608");

	port_kind = PORT_STUCK;
	EXPECT(acpi_pm_probe(&tree, node) == -E_TIMEOUT, "-E_TIMEOUT");
	EXPECT(registered == NULL, "not registered");
}

/* 24 bits counted: the port's top byte is not the counter's. */
UNIT_TEST(a_moving_counter_is_the_reference_clock_read_in_24_bits)
{
	int node = fresh("/isa/timer@1,608");

	port_kind = PORT_COUNTING;
	REQUIRE(acpi_pm_probe(&tree, node) == 0, "bound");
	REQUIRE(registered == &acpi_pm_ref, "registered");
	EXPECT(registered->read() <= ACPI_PM_MASK && port_read == 0x608,
	       "24 bits from port 0x608, port 0x%x", port_read);
	EXPECT(registered->freq_hz == 3579545, "3.579545 MHz");
	EXPECT(lpc_writes == 0, "the LPC bridge left alone without "
	       "cellmate,ich9-lpc-enable");
}

/* Bare q35 without firmware: PMBASE 0x600 and ACPI_EN set here; already
 * set, they are left alone. */
UNIT_TEST(the_ich9_decodes_the_timer_once_asked)
{
	int node = fresh("/isa/timer@1,608-ich9");

	port_kind = PORT_COUNTING;
	REQUIRE(acpi_pm_probe(&tree, node) == 0, "bound");
	EXPECT((lpc_pmbase & ICH9_LPC_PMBASE_MASK) == 0x600 &&
	       (lpc_cntl & ICH9_ACPI_CNTL_ACPI_EN),
	       "PMBASE 0x%x, ACPI_CNTL 0x%x", (unsigned int)lpc_pmbase,
	       (unsigned int)lpc_cntl);
	fresh("/isa/timer@1,608-ich9");
	lpc_pmbase = 0x601;
	lpc_cntl = ICH9_ACPI_CNTL_ACPI_EN;
	REQUIRE(acpi_pm_probe(&tree, node) == 0, "bound");
	EXPECT(lpc_writes == 0, "firmware's setting kept, %u writes",
	       lpc_writes);
}

/* PMBASE comes in 128-byte steps: PM1_TMR at 0x60c would need PMBASE
 * 0x604, which the bridge cannot take; it is left alone. */
UNIT_TEST(a_port_no_ich9_pmbase_can_reach_is_refused)
{
	int node = fresh("/isa/timer@1,60c-ich9");

	port_kind = PORT_COUNTING;
	EXPECT(acpi_pm_probe(&tree, node) == -E_INVAL, "-E_INVAL");
	EXPECT(registered == NULL && lpc_writes == 0,
	       "not registered, the bridge left alone: %u writes", lpc_writes);
}

/* Firmware set PMBASE but left ACPI decoding off: it is turned on. */
UNIT_TEST(the_ich9_decoding_is_turned_on_where_only_pmbase_is_set)
{
	int node = fresh("/isa/timer@1,608-ich9");

	port_kind = PORT_COUNTING;
	lpc_pmbase = 0x601;
	REQUIRE(acpi_pm_probe(&tree, node) == 0, "bound");
	EXPECT(lpc_cntl & ICH9_ACPI_CNTL_ACPI_EN, "ACPI_CNTL 0x%x",
	       (unsigned int)lpc_cntl);
}

/* A reg the driver cannot read as a port: past 0xffff (cut to 16 bits
 * it would be port 0), or with PM1_TMR's 4 ports running past it, fewer
 * than its 4 ports, in memory space, in no space, or on a bus without
 * the space cell. */
UNIT_TEST(a_reg_that_is_no_16_bit_port_is_refused)
{
	static const struct {
		const char *path;
		int err;
	} cases[] = {
		{ "/isa/timer@1,10000", -E_NOTSUP },
		{ "/isa/timer@1,fffd", -E_NOTSUP },
		{ "/isa/timer@1,618", -E_BADFDT },
		{ "/isa/timer@0,608", -E_NOTSUP },
		{ "/isa/timer@2,608", -E_BADFDT },
		{ "/isa-1cell/timer@608", -E_BADFDT },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int node = fresh(cases[i].path);
		int err;

		port_kind = PORT_COUNTING;
		REQUIRE(node >= 0, "%s in the tree", cases[i].path);
		err = acpi_pm_probe(&tree, node);
		EXPECT(err == cases[i].err && registered == NULL,
		       "%s: %d and not registered, got %d", cases[i].path,
		       cases[i].err, err);
	}
}

/* 00:1f.0 is no ICH9 LPC bridge (another vendor's, or another Intel
 * device): its configuration space is not the ICH9's to write. */
UNIT_TEST(ich9_decoding_is_not_set_up_on_another_bridge)
{
	static const struct {
		uint16_t vendor, device;
	} bridges[] = {
		{ 0x1022, ICH9_LPC_DEVICE_ID }, { PCI_VENDOR_INTEL, 0x7000 },
	};

	for (unsigned int i = 0; i < sizeof(bridges) / sizeof(bridges[0]);
	     i++) {
		int node = fresh("/isa/timer@1,608-ich9");
		int err;

		port_kind = PORT_COUNTING;
		lpc_vendor = bridges[i].vendor;
		lpc_device = bridges[i].device;
		err = acpi_pm_probe(&tree, node);
		EXPECT(err == -E_NODEV && registered == NULL && lpc_writes == 0,
		       "%04x:%04x: -E_NODEV, not registered, no writes; got "
		       "%d, %u writes", bridges[i].vendor, bridges[i].device,
		       err, lpc_writes);
	}
}

/* ACPI_CNTL's other fields (SCI_IRQ_SEL, bits 2:0) are firmware's: only
 * ACPI_EN is added. */
UNIT_TEST(turning_ich9_decoding_on_keeps_the_rest_of_acpi_cntl)
{
	int node = fresh("/isa/timer@1,608-ich9");

	port_kind = PORT_COUNTING;
	lpc_cntl = 0x05;
	REQUIRE(acpi_pm_probe(&tree, node) == 0, "bound");
	EXPECT(lpc_cntl == (0x05 | ICH9_ACPI_CNTL_ACPI_EN),
	       "ACPI_CNTL 0x%x, got 0x%x",
	       (unsigned int)(0x05 | ICH9_ACPI_CNTL_ACPI_EN),
	       (unsigned int)lpc_cntl);
}

/* A counter that ticks only every PORT_SLOW_READS reads (a port read
 * can be much faster than 1/3.58 MHz) is still a timer. */
UNIT_TEST(a_counter_that_moves_slowly_is_a_timer)
{
	int node = fresh("/isa/timer@1,608");

	port_kind = PORT_SLOW;
	EXPECT(acpi_pm_probe(&tree, node) == 0, "bound");
	EXPECT(registered == &acpi_pm_ref, "registered");
}

/* The port's top byte is not the counter's: one whose 24 bits do not
 * move is no timer, whatever the top byte reads. */
UNIT_TEST(a_stuck_counter_with_a_top_byte_set_is_no_timer)
{
	int node = fresh("/isa/timer@1,608");

	port_kind = PORT_STUCK_TOP_BYTE;
	EXPECT(acpi_pm_probe(&tree, node) == -E_TIMEOUT, "-E_TIMEOUT");
	EXPECT(registered == NULL, "not registered");
}

/* A node outside an ISA bus has a memory address, not a port. */
UNIT_TEST(a_timer_outside_an_isa_bus_is_refused)
{
	int node = fresh("/timer@608");
	int err;

	port_kind = PORT_COUNTING;
	REQUIRE(node >= 0, "/timer@608 in the tree");
	err = acpi_pm_probe(&tree, node);
	EXPECT(err == -E_NOTSUP && registered == NULL && port_reads == 0,
	       "-E_NOTSUP, not registered, no port read; got %d, %u reads",
	       err, port_reads);
}

/* The LAPIC timer may bind the reference clock before the driver table
 * reaches its node: the probe then has nothing left to do. */
UNIT_TEST(a_timer_bound_already_is_not_probed_again)
{
	int node = fresh("/isa/timer@1,608");

	registered = &acpi_pm_ref;
	port_kind = PORT_ABSENT;
	EXPECT(acpi_pm_probe(&tree, node) == 0, "0");
	EXPECT(port_reads == 0 && registered == &acpi_pm_ref,
	       "no port read (%u), still registered", port_reads);
}

/* 0xfffc..0xffff: the last 4 ports hold it. */
UNIT_TEST(a_timer_at_the_last_4_ports_is_read_there)
{
	int node = fresh("/isa/timer@1,fffc");

	port_kind = PORT_COUNTING;
	EXPECT(acpi_pm_probe(&tree, node) == 0 && port_read == 0xfffc,
	       "bound at port 0xfffc, read 0x%x", port_read);
}

int main(void)
{
	return unit_run_all();
}
