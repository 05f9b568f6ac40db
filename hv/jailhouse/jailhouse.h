/* Internal interface of the Jailhouse backend. */
#ifndef HV_JAILHOUSE_H
#define HV_JAILHOUSE_H

#include <stdbool.h>
#include <stdint.h>

#include "comm_region.h"

struct fdt;

/* The validated region, or NULL when there is none we may use. */
extern struct jh_comm_region *jh_comm;

/* Architecture part (arch_<arch>.c): the debug-console hypercall, and the
 * platform information at offset 64, checked against the cell's device
 * tree and recorded with platform_set(). Problems are logged (bootlog);
 * returns false when the cell cannot run with what the region says. */
void jh_debug_putc(char c);
bool jh_platform_apply(const struct jh_comm_region *comm,
		       const struct fdt *fdt);

/* console.c: the comm region's console, the command line's con-* options
 * and the debug-console hypercall. */
int jh_console_bind(const struct fdt *fdt);

#endif
