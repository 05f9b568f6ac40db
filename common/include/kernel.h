/* Kernel entry points shared by the core, the ports and the applications. */
#ifndef KERNEL_H
#define KERNEL_H

#include "fdt.h"

struct memmap;

/* Exit statuses reported to the platform (QEMU's exit code in tests). */
#define EXIT_OK 0
#define EXIT_FAILURE 1	/* the application or a test reported failure */
#define EXIT_FATAL 2	/* panic, assertion or CPU fault */

/* The application's entry, called once the kernel is up; its return value
 * is the exit status. */
int app_main(void);

/* Called by the port's entry code on the boot CPU, with a stack, .bss
 * cleared and interrupts masked. */
__attribute__((noreturn)) void kernel_main(void);

/* The board's device tree (the embedded DTB, validated at boot). */
const struct fdt *kernel_fdt(void);

/* The board's memory map (RAM and device windows) from the device tree. */
const struct memmap *kernel_memmap(void);

/* Counter values (arch_counter_read()) when the port's entry code first
 * read it (`entry`, written before .bss is cleared: the struct lives in
 * .data), at the first console byte, and when the application's first
 * thread (main) started, for the benchmark. `entry` comes first: the
 * entry code stores it at offset 0. */
struct boot_stamps {
	uint64_t entry;
	uint64_t first_byte;
	uint64_t first_thread;
};
extern struct boot_stamps boot_stamps;

/* Orderly stop: reports `status` to the platform and halts. */
__attribute__((noreturn)) void kernel_exit(int status);
/* Fatal stop after a panic or fault (status EXIT_FATAL). */
__attribute__((noreturn)) void kernel_fail(void);

#endif
