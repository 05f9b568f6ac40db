/* The q35 board as a Jailhouse x86 cell finds it.
 *
 * Low RAM: a cell's first MiB is RAM throughout, but on a PC 0xa0000..
 * 0xfffff is the legacy VGA window and the BIOS/option-ROM area until the
 * host bridge is told to send those addresses to DRAM: the PAM registers
 * for 0xc0000..0xfffff and SMRAM with D_OPEN for 0xa0000..0xbffff. Intel
 * 3 Series Express Chipset Family datasheet (QEMU's q35 MCH), host bridge
 * registers D0:F0: PAM0..PAM6 at 90h..96h (each field: 11b = read and
 * write to DRAM; PAM0 has only the high field, for 0xf0000..0xfffff),
 * SMRAM at 9Dh (D_OPEN bit 6, G_SMRAME bit 3, C_BASE_SEG 010b).
 *
 * PM timer: the ICH9 LPC bridge (D31:F0) decodes the ACPI PM I/O block at
 * PMBASE once ACPI_EN is set; PM1_TMR is at PMBASE + 8. Intel I/O
 * Controller Hub 9 datasheet, 13.8.1 (LPC configuration: PMBASE at 40h,
 * ACPI_CNTL at 44h), 13.8.3 (PM I/O registers). */
#include "fw.h"

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_VENDOR_INTEL 0x8086

#define Q35_MCH_DEV 0
#define Q35_MCH_DEVICE_ID 0x29c0
#define Q35_PAM0 0x90
#define Q35_PAM_COUNT 7
#define Q35_PAM0_DRAM_RW 0x30		/* HIENABLE only */
#define Q35_PAM_DRAM_RW 0x33		/* HIENABLE and LOENABLE */
#define Q35_SMRAM 0x9d
#define Q35_SMRAM_D_OPEN 0x40
#define Q35_SMRAM_G_SMRAME 0x08
#define Q35_SMRAM_C_BASE_SEG 0x02	/* compatible SMRAM at 0xa0000 */

#define ICH9_LPC_DEV 0x1f
#define ICH9_LPC_DEVICE_ID 0x2918
#define ICH9_LPC_PMBASE 0x40
#define ICH9_PMBASE_IO 0x1		/* read-only I/O space indicator */
#define ICH9_LPC_ACPI_CNTL 0x44
#define ICH9_ACPI_CNTL_ACPI_EN 0x80
#define ICH9_PM1_TMR_OFFSET 0x08

static bool pci_is(unsigned int dev, uint16_t device_id)
{
	return pci_read16(dev, 0, PCI_VENDOR_ID) == PCI_VENDOR_INTEL &&
	       pci_read16(dev, 0, PCI_DEVICE_ID) == device_id;
}

void chipset_low_ram_open(void)
{
	if (!pci_is(Q35_MCH_DEV, Q35_MCH_DEVICE_ID))
		fw_fail("no q35 host bridge at 00:00.0 (use QEMU -M q35)");
	pci_write8(Q35_MCH_DEV, 0, Q35_PAM0, Q35_PAM0_DRAM_RW);
	for (unsigned int i = 1; i < Q35_PAM_COUNT; i++)
		pci_write8(Q35_MCH_DEV, 0, Q35_PAM0 + i, Q35_PAM_DRAM_RW);
	pci_write8(Q35_MCH_DEV, 0, Q35_SMRAM,
		   Q35_SMRAM_D_OPEN | Q35_SMRAM_G_SMRAME |
			   Q35_SMRAM_C_BASE_SEG);
}

void chipset_pm_timer_enable(uint16_t port)
{
	uint32_t pmbase = (uint32_t)port - ICH9_PM1_TMR_OFFSET;

	if (!pci_is(ICH9_LPC_DEV, ICH9_LPC_DEVICE_ID))
		fw_fail("no ICH9 LPC bridge at 00:1f.0 (use QEMU -M q35)");
	pci_write32(ICH9_LPC_DEV, 0, ICH9_LPC_PMBASE, pmbase | ICH9_PMBASE_IO);
	pci_write8(ICH9_LPC_DEV, 0, ICH9_LPC_ACPI_CNTL,
		   pci_read8(ICH9_LPC_DEV, 0, ICH9_LPC_ACPI_CNTL) |
			   ICH9_ACPI_CNTL_ACPI_EN);
}
