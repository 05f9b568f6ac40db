/* x86-cell-fw: what Jailhouse does before a non-root x86 cell runs, done
 * by a -bios firmware on QEMU q35 so that CI can start the unmodified
 * x86_64-cell or i686-cell image without a hypervisor:
 *   1. the cell's RAM (guest-physical 0 .. FW_CELL_RAM_SIZE) is RAM all
 *      through, zeroed;
 *   2. the ACPI PM timer is decoded at the port the cell's device tree
 *      names (Jailhouse lets every cell read it);
 *   3. the image, QEMU's `-fw_cfg name=opt/cellmate/image,file=X.bin`, is
 *      placed at 0 ("jailhouse cell load");
 *   4. the communication region page is filled as Jailhouse fills it, or
 *      copied whole from `opt/cellmate/comm` (tests of corrupt regions);
 *   5. the CPU goes back to real mode and runs the image at CS base 0,
 *      IP 0 without a stack ("jailhouse cell start").
 * One line on COM1 says what was done; a problem stops here with an
 * "x86-cell-fw: error:" line. */
#include "fw.h"

#include "../../hv/jailhouse/comm_region.h"

#define FW_IMAGE_FILE "opt/cellmate/image"
#define FW_COMM_FILE "opt/cellmate/comm"

void fw_main(void);

void fw_fail(const char *what)
{
	uart_puts("x86-cell-fw: error: ");
	uart_puts(what);
	uart_puts("\n");
	for (;;)
		__asm__ volatile("cli\n\thlt");
}

static uint32_t fw_image_load(void)
{
	uint32_t size;
	uint16_t key;

	if (!fw_cfg_find(FW_IMAGE_FILE, &size, &key))
		fw_fail("no cell image: give QEMU -fw_cfg "
			"name=" FW_IMAGE_FILE ",file=IMAGE.bin");
	if (size == 0 || size > FW_CELL_RAM_SIZE)
		fw_fail("the cell image is empty or larger than its RAM");
	fw_cfg_read(key, (void *)0, size);
	return size;
}

/* The region as given by the test, or as Jailhouse fills it. */
static bool fw_comm_copy(void *page)
{
	uint32_t size;
	uint16_t key;

	if (!fw_cfg_find(FW_COMM_FILE, &size, &key))
		return false;
	if (size != JH_COMM_SIZE)
		fw_fail(FW_COMM_FILE " must be one 4096-byte page");
	fw_cfg_read(key, page, size);
	return true;
}

static void fw_report(uint32_t image_size, bool copied,
		      const struct fw_rates *r)
{
	uart_puts("x86-cell-fw: image of ");
	uart_put_dec(image_size);
	uart_puts(" bytes at 0, communication region at ");
	uart_put_hex(FW_COMM_REGION);
	if (copied) {
		uart_puts(" copied from " FW_COMM_FILE);
	} else {
		uart_puts(": PM timer port ");
		uart_put_hex(FW_PM_TIMER_PORT);
		uart_puts(", 1 CPU, TSC ");
		uart_put_dec(r->tsc_khz);
		uart_puts(" kHz, APIC timer ");
		uart_put_dec(r->apic_khz);
		uart_puts(r->tsc_deadline ? " kHz (TSC-deadline timer)"
					  : " kHz");
	}
	uart_puts("; starting the cell in real mode at 0000:0000\n");
}

void fw_main(void)
{
	void *comm = (void *)FW_COMM_REGION;
	struct fw_rates rates = { 0 };
	uint32_t image_size;
	bool copied;

	uart_init();
	if (!fw_cfg_present())
		fw_fail("QEMU's fw_cfg device does not answer");
	chipset_low_ram_open();
	ram_check_and_clear(0, FW_CELL_RAM_SIZE);
	ram_check_and_clear(FW_COMM_REGION, JH_COMM_SIZE);
	chipset_pm_timer_enable(FW_PM_TIMER_PORT);
	image_size = fw_image_load();
	copied = fw_comm_copy(comm);
	if (!copied) {
		rates_measure(FW_PM_TIMER_PORT, &rates);
		comm_fill(comm, FW_PM_TIMER_PORT, &rates);
	}
	fw_report(image_size, copied, &rates);
	fw_launch();
}
