/* Failures before the hypervisor layer has read the device tree, for
 * images linked with one of the wraps below: a device tree that does not
 * open (-Wl,--wrap=fdt_open) and a panic while the kernel reads the tree
 * (-Wl,--wrap=cmdline_init, which runs just before hv_init). Either way
 * the kernel must stop and say FAILED in the cell's state word, or the
 * root cell waits for this cell at its next cell command. */
#include <stddef.h>

#include "cmdline.h"
#include "fdt.h"
#include "kerr.h"
#include "kernel.h"
#include "panic.h"

int __wrap_fdt_open(struct fdt *fdt, const void *blob, size_t avail);
void __wrap_cmdline_init(void);

int __wrap_fdt_open(struct fdt *fdt, const void *blob, size_t avail)
{
	(void)fdt;
	(void)blob;
	(void)avail;
	return -E_BADFDT;
}

void __wrap_cmdline_init(void)
{
	panic("early_failure: a panic before the hypervisor layer starts");
}

int app_main(void)
{
	return EXIT_OK;	/* never reached */
}
