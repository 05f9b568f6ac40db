/* A UART whose `reg` lies above 4 GiB on this 32-bit board (the board's
 * tree with a 2-cell simple-bus holding a disabled UART of the console's
 * type at the console's address plus 4 GiB, so that the memory map leaves
 * it out; the bus's one child): binding it must fail with E_RANGE.
 * The drivers used to cut the address to 32 bits and take the console's
 * own UART for it. */
#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "kerr.h"
#include "kernel.h"

int app_main(void)
{
	const struct fdt *fdt = kernel_fdt();
	int node = fdt_first_subnode(fdt, fdt_path_offset(fdt, "/high-bus"));
	int err = node < 0 ? node
			   : driver_bind_node(fdt, node, DRIVER_CONSOLE);

	kprintf("high uart: %s\n", kerr_name(err));
	return err == -E_RANGE ? 0 : 1;
}
