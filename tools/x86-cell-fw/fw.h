/* x86-cell-fw: a QEMU q35 firmware (-bios) that launches a cellmate x86
 * cell image the way Jailhouse starts a non-root cell, for CI without a
 * hypervisor. Internal interface of its modules; the build defines the
 * cell's layout from the board's device tree (CMakeLists.txt):
 *   FW_CELL_RAM_SIZE  the cell's RAM at guest-physical 0 (its memory node)
 *   FW_COMM_REGION    the communication region page (its comm-region node)
 *   FW_PM_TIMER_PORT  the ACPI PM timer's PM1_TMR port (its PM timer node)
 *   FW_CONSOLE_PORT   the console UART's first port (its stdout-path) */
#ifndef X86_CELL_FW_H
#define X86_CELL_FW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef FW_CELL_RAM_SIZE
#error "the build defines FW_CELL_RAM_SIZE, FW_COMM_REGION, FW_PM_TIMER_PORT"
#endif

#define FW_PAGE_SIZE 4096u

/* main.c: a fatal problem, reported on COM1; the CPU then halts. */
__attribute__((noreturn)) void fw_fail(const char *what);

/* uart.c: COM1 at 115200 8N1, polled, for the firmware's own lines. */
void uart_init(void);
void uart_puts(const char *s);
void uart_put_hex(uint32_t v);
void uart_put_dec(uint32_t v);

/* string.c: what GCC may call, and what the modules use. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* pci.c: configuration mechanism #1, bus 0. */
uint8_t pci_read8(unsigned int dev, unsigned int fn, unsigned int reg);
uint16_t pci_read16(unsigned int dev, unsigned int fn, unsigned int reg);
uint32_t pci_read32(unsigned int dev, unsigned int fn, unsigned int reg);
void pci_write8(unsigned int dev, unsigned int fn, unsigned int reg,
		uint8_t v);
void pci_write32(unsigned int dev, unsigned int fn, unsigned int reg,
		 uint32_t v);

/* chipset.c: the q35 board as a Jailhouse cell finds it. */
void chipset_low_ram_open(void);
void chipset_pm_timer_enable(uint16_t port);

/* ram.c: the cell's RAM must be RAM; it starts filled with `fill`. */
#define FW_RAM_LEFTOVER 0xa5u	/* what a root cell might leave */
void ram_check_and_fill(uintptr_t base, uint32_t size, uint8_t fill);

/* fw_cfg.c: QEMU's firmware configuration files (-fw_cfg name=...). */
bool fw_cfg_present(void);
/* Size of the file `name` and its selector key; false if there is none. */
bool fw_cfg_find(const char *name, uint32_t *size, uint16_t *key);
void fw_cfg_read(uint16_t key, void *dst, uint32_t size);
/* The text of file `name` in buf (size bytes with its NUL); false if
 * there is no such file. A longer one fails with `why`. */
bool fw_cfg_string(const char *name, char *buf, uint32_t size,
		   const char *why);
/* The number in file `name` (decimal or 0x hex, at most `max`) in
 * *value; false if there is no such file. Other text fails with `why`. */
bool fw_cfg_number(const char *name, uint32_t max, const char *why,
		   uint32_t *value);

/* rates.c: the TSC and LAPIC timer rates against the PM timer. */
struct fw_rates {
	uint32_t tsc_khz, apic_khz;
	bool tsc_deadline;	/* CPUID.1:ECX[24]: apic_khz left 0 */
};
void rates_measure(uint16_t pm_port, struct fw_rates *out);

/* comm.c: the communication region page. */
void comm_fill(void *page, uint16_t pm_port, const struct fw_rates *r);

/* restart.c: a cell started again from what its last run left in memory
 * (opt/cellmate/restart). What a restart repeats of the first launch: */
struct fw_launch {
	uint32_t base, image_size;
	struct fw_rates rates;	/* the region's, as Jailhouse's stay fixed */
};
/* Records the first launch, for the restarts after a machine reset. */
void restart_record(const struct fw_launch *l);
/* The launch to repeat when opt/cellmate/restart allows *allowed (> 0)
 * restarts and a first launch was recorded, this being the *nth; NULL
 * for a fresh start. Fails once the allowed restarts are used up. */
const struct fw_launch *restart_due(uint32_t *nth, uint32_t *allowed);

/* modes.S: back to real mode, into the cell at CS = selector (the
 * image's address / 16, below 1 MiB), IP 0. */
__attribute__((noreturn)) void fw_launch(uint32_t selector);

#endif
