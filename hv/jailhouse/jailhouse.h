/* Internal interface of the Jailhouse backend. */
#ifndef HV_JAILHOUSE_H
#define HV_JAILHOUSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "comm_region.h"

struct fdt;

/* The validated region, or NULL when there is none we may use. */
extern struct jh_comm_region *jh_comm;

/* Copies `n` bytes of the region, each read exactly once: the
 * hypervisor (or a corrupt root cell) may rewrite the region at any time,
 * so a field is checked and used from one copy, never re-read from the
 * region after its check. */
static inline void jh_snapshot(void *dst, const void *src, size_t n)
{
	const volatile uint8_t *from = src;
	uint8_t *to = dst;

	/* volatile: the compiler may neither skip the copy nor read the
	 * region again in its place. */
	for (size_t i = 0; i < n; i++)
		to[i] = from[i];
}

/* Architecture parts: the debug-console hypercall (arch_<arch>.c), and
 * the platform information at offset 64 (platform_<arch>.c), checked
 * against the cell's device tree and recorded with platform_set().
 * Problems are logged (bootlog); returns false when the cell cannot run
 * with what the region says. */
void jh_debug_putc(char c);
bool jh_platform_apply(const struct jh_comm_region *comm,
		       const struct fdt *fdt);

/* console.c: the comm region's console, the command line's con-* options
 * and the debug-console hypercall. */
int jh_console_bind(const struct fdt *fdt);

#endif
