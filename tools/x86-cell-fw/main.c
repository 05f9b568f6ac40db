/* x86-cell-fw: what Jailhouse does before a non-root x86 cell runs, done
 * by a -bios firmware on QEMU q35 so that CI can start the unmodified
 * x86_64-cell or i686-cell image without a hypervisor:
 *   1. the cell's RAM (guest-physical 0 .. FW_CELL_RAM_SIZE) is RAM all
 *      through, filled with 0xa5 bytes (Jailhouse does not clear it);
 *   2. the ACPI PM timer is decoded at the port the cell's device tree
 *      names (Jailhouse lets every cell read it);
 *   3. the image, QEMU's `-fw_cfg name=opt/cellmate/image,file=X.bin`, is
 *      placed at 0 ("jailhouse cell load"), or at the 64 KiB-aligned
 *      address below 1 MiB that `-fw_cfg name=opt/cellmate/base,
 *      string=0x10000` gives (a cell whose reset address is there);
 *   4. the communication region page is filled as Jailhouse fills it, or
 *      copied whole from `opt/cellmate/comm` (tests of corrupt regions);
 *   5. the CPU goes back to real mode and runs the image at CS base =
 *      its address, IP 0, without a stack ("jailhouse cell start": for a
 *      reset address A, Jailhouse's vCPU reset sets CS base A & ~0xffff,
 *      selector (A >> 4) & 0xf000, IP A & 0xffff; below 1 MiB that is
 *      what a real-mode far jump to (A >> 4):0 gives).
 * With `-fw_cfg name=opt/cellmate/apic,string=MODE` the LAPIC starts the
 * cell in that mode: `xapic` (as it leaves reset, the default),
 * `x2apic` (as Jailhouse starts a cell on a host whose APICs are in
 * x2APIC mode) or `off`, globally disabled (IA32_APIC_BASE bit 11), which
 * Jailhouse never does: the kernel must refuse to run rather than enable
 * it behind the hypervisor.
 * With `-fw_cfg name=opt/cellmate/mtrr,string=on` the cell starts with
 * IA32_MTRR_DEF_TYPE.E set, which is what a cell on an AMD host reads:
 * Jailhouse's SVM passes that read through to the host's MSR, while its
 * caches stay off until the cell writes E itself.
 * With `-fw_cfg name=opt/cellmate/restart,string=N`, a machine reset
 * after that launch skips 1 and 3 (restart.c): the cell starts again from
 * the memory its last run left ("jailhouse cell start" after a shutdown,
 * without a new "cell load"), with a region filled again as at first.
 * One line on COM1 says what was done; a problem stops here with an
 * "x86-cell-fw: error:" line. */
#include "fw.h"

#include "../../hv/jailhouse/comm_region.h"
#include "x86.h"

#define FW_IMAGE_FILE "opt/cellmate/image"
#define FW_COMM_FILE "opt/cellmate/comm"
#define FW_BASE_FILE "opt/cellmate/base"
#define FW_APIC_FILE "opt/cellmate/apic"
#define FW_APIC_WHY FW_APIC_FILE " must be xapic, x2apic or off"
#define FW_MTRR_FILE "opt/cellmate/mtrr"
#define FW_MTRR_WHY FW_MTRR_FILE " must be on or off"
#define FW_APIC_BASE_EXTD (1ull << 10)	/* IA32_APIC_BASE: x2APIC mode */
#define FW_APIC_BASE_EN (1ull << 11)	/* IA32_APIC_BASE: APIC enabled */
#define FW_CPUID_1_ECX_X2APIC (1u << 21)
#define FW_BASE_ALIGN 0x10000u
#define FW_BASE_LIMIT 0x100000u	/* a real-mode far jump reaches below */

void fw_main(void);

void fw_fail(const char *what)
{
	uart_puts("x86-cell-fw: error: ");
	uart_puts(what);
	uart_puts("\n");
	for (;;)
		__asm__ volatile("cli\n\thlt");
}

/* The image's address: 0, or the number in FW_BASE_FILE. */
static uint32_t fw_image_base(void)
{
	uint32_t base = 0;

	fw_cfg_number(FW_BASE_FILE, UINT32_MAX,
		      FW_BASE_FILE " must be an address like 0x10000", &base);
	if (base % FW_BASE_ALIGN || base >= FW_BASE_LIMIT)
		fw_fail(FW_BASE_FILE " must be 64 KiB-aligned and below 1 MiB");
	return base;
}

static uint32_t fw_image_load(uint32_t base)
{
	uint32_t size;
	uint16_t key;

	if (!fw_cfg_find(FW_IMAGE_FILE, &size, &key))
		fw_fail("no cell image: give QEMU -fw_cfg "
			"name=" FW_IMAGE_FILE ",file=IMAGE.bin");
	if (size == 0 || size > FW_CELL_RAM_SIZE - base)
		fw_fail("the cell image is empty or larger than its RAM");
	fw_cfg_read(key, (void *)(uintptr_t)base, size);
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

/* What the region holds, on the report line. */
static void fw_report_comm(bool copied, const struct fw_rates *r)
{
	uart_puts("communication region at ");
	uart_put_hex(FW_COMM_REGION);
	if (copied) {
		uart_puts(" copied from " FW_COMM_FILE);
		return;
	}
	uart_puts(": PM timer port ");
	uart_put_hex(FW_PM_TIMER_PORT);
	uart_puts(", 1 CPU, TSC ");
	uart_put_dec(r->tsc_khz);
	uart_puts(" kHz, APIC timer ");
	uart_put_dec(r->apic_khz);
	uart_puts(r->tsc_deadline ? " kHz (TSC-deadline timer)" : " kHz");
}

static bool fw_streq(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return *a == *b;
}

enum fw_apic_mode { FW_APIC_XAPIC, FW_APIC_X2APIC, FW_APIC_OFF };
static enum fw_apic_mode apic_mode;	/* fw_main reads it first */

/* The mode FW_APIC_FILE names, checked before anything is reported. */
static enum fw_apic_mode fw_apic_mode(void)
{
	char mode[8];

	if (!fw_cfg_string(FW_APIC_FILE, mode, sizeof(mode), FW_APIC_WHY) ||
	    fw_streq(mode, "xapic"))
		return FW_APIC_XAPIC;
	if (fw_streq(mode, "off"))
		return FW_APIC_OFF;
	if (!fw_streq(mode, "x2apic"))
		fw_fail(FW_APIC_WHY);
	if (!(x86_cpuid(1, 0).ecx & FW_CPUID_1_ECX_X2APIC))
		fw_fail(FW_APIC_FILE " x2apic: this CPU has no x2APIC");
	return FW_APIC_X2APIC;
}

/* The LAPIC put in `mode`, after the rate measurement (which uses its
 * xAPIC registers); reported unless xAPIC. */
static void fw_apic_set(enum fw_apic_mode mode)
{
	uint64_t base = x86_rdmsr(MSR_IA32_APIC_BASE);

	if (mode == FW_APIC_OFF) {
		x86_wrmsr(MSR_IA32_APIC_BASE, base & ~FW_APIC_BASE_EN);
		uart_puts("; the APIC disabled");
	} else if (mode == FW_APIC_X2APIC) {
		x86_wrmsr(MSR_IA32_APIC_BASE, base | FW_APIC_BASE_EXTD);
		uart_puts("; the APIC in x2APIC mode");
	}
}

static bool mtrr_on;	/* fw_main reads it first */

/* Whether FW_MTRR_FILE asks for the MTRRs on, checked before anything is
 * reported. */
static bool fw_mtrr_on(void)
{
	char mode[4];

	if (!fw_cfg_string(FW_MTRR_FILE, mode, sizeof(mode), FW_MTRR_WHY) ||
	    fw_streq(mode, "off"))
		return false;
	if (!fw_streq(mode, "on"))
		fw_fail(FW_MTRR_WHY);
	if (!(x86_cpuid(1, 0).edx & CPUID_1_EDX_MTRR))
		fw_fail(FW_MTRR_FILE " on: this CPU has no MTRRs");
	return true;
}

static void fw_mtrr_set(bool on)
{
	if (!on)
		return;
	x86_wrmsr(MSR_IA32_MTRR_DEF_TYPE,
		  x86_rdmsr(MSR_IA32_MTRR_DEF_TYPE) | MTRR_DEF_TYPE_E);
	uart_puts("; the MTRRs on");
}

/* Ends the report line and starts the cell at `base`. */
__attribute__((noreturn)) static void fw_start_cell(uint32_t base)
{
	fw_apic_set(apic_mode);
	fw_mtrr_set(mtrr_on);
	uart_puts("; starting the cell in real mode at ");
	for (int shift = 16; shift >= 4; shift -= 4)
		uart_puts((const char[]){ "0123456789abcdef"[base >> shift & 0xf],
					  '\0' });
	uart_puts(":0000\n");
	fw_launch(base >> 4);
}

/* The region as given, or filled with the rates in *r, measured first
 * when `measure` (the first start); reported. */
static void fw_comm_prepare(struct fw_rates *r, bool measure)
{
	void *comm = (void *)FW_COMM_REGION;
	bool copied = fw_comm_copy(comm);

	if (!copied) {
		if (measure)
			rates_measure(FW_PM_TIMER_PORT, r);
		comm_fill(comm, FW_PM_TIMER_PORT, r);
	}
	fw_report_comm(copied, r);
}

/* "jailhouse cell load", then "cell start". */
__attribute__((noreturn)) static void fw_start_fresh(void)
{
	struct fw_launch l = { 0 };

	ram_check_and_fill(0, FW_CELL_RAM_SIZE, FW_RAM_LEFTOVER);
	ram_check_and_fill(FW_COMM_REGION, JH_COMM_SIZE, 0);
	chipset_pm_timer_enable(FW_PM_TIMER_PORT);
	l.base = fw_image_base();
	l.image_size = fw_image_load(l.base);
	uart_puts("x86-cell-fw: image of ");
	uart_put_dec(l.image_size);
	uart_puts(" bytes at ");
	if (l.base)
		uart_put_hex(l.base);
	else
		uart_puts("0");
	uart_puts(", ");
	fw_comm_prepare(&l.rates, true);
	restart_record(&l);
	fw_start_cell(l.base);
}

/* "jailhouse cell start" once more: the cell's memory as its last run
 * left it, only the region filled again (Jailhouse clears and refills it
 * at every start, with the same values). The reset closed the chipset's
 * windows and the PM timer's decoding: opened again. */
__attribute__((noreturn)) static void fw_start_again(const struct fw_launch *l,
						     uint32_t nth,
						     uint32_t allowed)
{
	struct fw_rates rates = l->rates;

	ram_check_and_fill(FW_COMM_REGION, JH_COMM_SIZE, 0);
	chipset_pm_timer_enable(FW_PM_TIMER_PORT);
	uart_puts("x86-cell-fw: restart ");
	uart_put_dec(nth);
	uart_puts(" of ");
	uart_put_dec(allowed);
	uart_puts(", the image not loaded again, ");
	fw_comm_prepare(&rates, false);
	fw_start_cell(l->base);
}

void fw_main(void)
{
	const struct fw_launch *again;
	uint32_t nth, allowed;

	uart_init();
	if (!fw_cfg_present())
		fw_fail("QEMU's fw_cfg device does not answer");
	apic_mode = fw_apic_mode();	/* refused before the report line */
	mtrr_on = fw_mtrr_on();
	chipset_low_ram_open();
	again = restart_due(&nth, &allowed);
	if (again)
		fw_start_again(again, nth, allowed);
	fw_start_fresh();
}
