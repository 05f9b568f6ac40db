/* The ACPI power-management timer: a free-running 24-bit counter at
 * 3.579545 MHz in I/O space (ACPI 6.4, 4.8.3.3 "Power Management Timer").
 * cellmate uses it only as the reference that calibrates the TSC and the
 * LAPIC timer (x86_timer.h); a Jailhouse cell may read it, nothing else.
 *
 * Node: compatible "cellmate,acpi-pm-timer" on an ISA bus, reg = the
 * PM1_TMR port (`<1 0x608 4>`); a port the hypervisor layer reports
 * ("pm-timer,port", platform.h) takes precedence, and its port 0 leaves
 * the node unused. With
 * `cellmate,ich9-lpc-enable` the driver first makes sure the ICH9 LPC
 * bridge (PCI 00:1f.0) decodes the PM I/O block that holds the timer: on
 * a bare QEMU q35 without firmware nobody else does. Intel I/O Controller
 * Hub 9 datasheet, 13.8.1 (LPC PCI configuration: PMBASE at 0x40,
 * ACPI_CNTL at 0x44), 13.8.3 (PM I/O registers: PM1_TMR at PMBASE +
 * 0x08). */
#include <stdint.h>

#include "../bus/isa.h"
#include "../pci/pci_cfg.h"
#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "io.h"
#include "kerr.h"
#include "platform.h"
#include "x86_timer.h"

#define ACPI_PM_FREQ_HZ 3579545
#define ACPI_PM_MASK 0xffffff		/* 24-bit counter (TMR_VAL_EXT = 0) */
#define ACPI_PM_ABSENT 0xffffffffu	/* what an undecoded port reads */
#define ACPI_PM_PROBE_SPINS 100000
#define ACPI_PM_PORTS 4			/* PM1_TMR: one 32-bit register */
#define ACPI_PM_PORT_SPACE 0x10000u

#define PCI_VENDOR_INTEL 0x8086
#define ICH9_LPC_DEVICE_ID 0x2918
#define ICH9_LPC_PMBASE 0x40
#define ICH9_LPC_PMBASE_MASK 0xff80	/* 128-byte block, bits 15:7 */
#define ICH9_LPC_PMBASE_IO 0x1		/* read-only: I/O space indicator */
#define ICH9_LPC_ACPI_CNTL 0x44
#define ICH9_ACPI_CNTL_ACPI_EN 0x80
#define ICH9_PM1_TMR_OFFSET 0x08

static const struct pci_bdf ich9_lpc = { 0, 0x1f, 0 };
static uint16_t acpi_pm_port;

static uint32_t acpi_pm_read(void)
{
	return inl(acpi_pm_port) & ACPI_PM_MASK;
}

static const struct x86_refclock acpi_pm_ref = {
	.name = "acpi-pm-timer",
	.read = acpi_pm_read,
	.mask = ACPI_PM_MASK,
	.freq_hz = ACPI_PM_FREQ_HZ,
};

static int acpi_pm_ich9_enable(uint16_t port)
{
	uint16_t base = (uint16_t)(port - ICH9_PM1_TMR_OFFSET);
	uint32_t pmbase;
	uint8_t cntl;

	if (pci_cfg_read16(ich9_lpc, PCI_CFG_VENDOR_ID) != PCI_VENDOR_INTEL ||
	    pci_cfg_read16(ich9_lpc, PCI_CFG_DEVICE_ID) != ICH9_LPC_DEVICE_ID)
		return -E_NODEV;
	if (base & ~ICH9_LPC_PMBASE_MASK)
		return -E_INVAL;	/* not where an ICH9 can put PM1_TMR */
	pmbase = pci_cfg_read32(ich9_lpc, ICH9_LPC_PMBASE) &
		 ICH9_LPC_PMBASE_MASK;
	cntl = pci_cfg_read8(ich9_lpc, ICH9_LPC_ACPI_CNTL);
	if (pmbase == base && (cntl & ICH9_ACPI_CNTL_ACPI_EN))
		return 0;	/* firmware did it */
	pci_cfg_write32(ich9_lpc, ICH9_LPC_PMBASE, base | ICH9_LPC_PMBASE_IO);
	pci_cfg_write8(ich9_lpc, ICH9_LPC_ACPI_CNTL,
		       cntl | ICH9_ACPI_CNTL_ACPI_EN);
	return 0;
}

/* The counter must be decoded and moving. */
static int acpi_pm_check(void)
{
	uint32_t first = inl(acpi_pm_port);

	if (first == ACPI_PM_ABSENT)
		return -E_NODEV;
	for (unsigned int i = 0; i < ACPI_PM_PROBE_SPINS; i++)
		if (acpi_pm_read() != (first & ACPI_PM_MASK))
			return 0;
	return -E_TIMEOUT;
}

/* The PM1_TMR port: the hypervisor layer's (validated there against this
 * node's I/O range) wins over the node's `reg`. Its port 0 says the cell
 * may read none (the node's would be refused by the hypervisor): port 0
 * here too. */
static int acpi_pm_port_of(const struct fdt *fdt, int node, uint64_t *port,
			   const char **from)
{
	struct isa_reg reg;
	int err;

	if (platform_get("pm-timer,port", port)) {
		*from = "from the hypervisor";
		return 0;
	}
	err = isa_reg(fdt, node, 0, &reg);
	if (err < 0)
		return err;
	if (reg.space != ISA_SPACE_IO)
		return -E_NOTSUP;
	/* PM1_TMR is one 32-bit register: a shorter range is a tree that
	 * describes some other device, or this one wrongly. */
	if (reg.size < ACPI_PM_PORTS)
		return -E_BADFDT;
	*port = reg.addr;
	*from = "from the device tree";
	return 0;
}

static int acpi_pm_probe(const struct fdt *fdt, int node)
{
	const char *from;
	uint64_t port;
	int err;

	if (x86_refclock_get() == &acpi_pm_ref)
		return 0;	/* bound already, on the LAPIC timer's demand */
	err = acpi_pm_port_of(fdt, node, &port, &from);
	if (err < 0)
		return err;
	/* Not an error: the timer only calibrates, and rates the
	 * hypervisor gives need no calibration (else lapic_timer.c says
	 * that there is no calibration clock). */
	if (port == 0) {
		kprintf("timer: acpi-pm-timer not used: the hypervisor lets "
			"the cell read no PM timer port of this node\n");
		return 0;
	}
	/* Its 4 ports within the 16-bit port space: cut to 16 bits a
	 * larger port would be another device's, and a 32-bit read at
	 * 0xfffd..0xffff runs past the space (the hypervisor layer's port
	 * passed the same check in platform_x86.c). */
	if (port > ACPI_PM_PORT_SPACE - ACPI_PM_PORTS)
		return -E_NOTSUP;
	acpi_pm_port = (uint16_t)port;
	if (fdt_prop_bool(fdt, node, "cellmate,ich9-lpc-enable")) {
		err = acpi_pm_ich9_enable(acpi_pm_port);
		if (err < 0)
			return err;
	}
	err = acpi_pm_check();
	if (err < 0)
		return err;
	kprintf("timer: acpi-pm-timer at port 0x%x, %s\n",
		(unsigned int)acpi_pm_port, from);
	x86_refclock_register(&acpi_pm_ref);
	return 0;
}

static const char *const acpi_pm_compatible[] = { "cellmate,acpi-pm-timer",
						  NULL };

DRIVER(acpi_pm_driver) = {
	.name = "acpi-pm-timer",
	.class = DRIVER_TIMER,
	.compatible = acpi_pm_compatible,
	.probe = acpi_pm_probe,
};
