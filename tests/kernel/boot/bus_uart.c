/* A UART of the console's type on a bus that gives it no CPU address,
 * the bus's one child, disabled so that the memory map and the boot
 * leave it alone: binding it must fail with the error the command line
 * names (bus=PATH want=E_...). The board's tree carries the bus:
 * - a 2-cell simple-bus with the UART at the console's address plus
 *   4 GiB on a 32-bit ARM board: E_RANGE (the drivers used to cut the
 *   address to 32 bits and take the console's own UART for it);
 * - a bus with no `ranges` that is no simple-bus, the UART at the
 *   console's address in that bus's own space: E_NOTSUP (fdt_reg used to
 *   hand the bus-local address on, and the driver took the console's
 *   UART for it again);
 * - on x86, an ISA bus's memory space (space 0), the bus's own addresses
 *   too: E_NOTSUP (the driver used it as MMIO at that address, which the
 *   page tables do not map). */
#include "cmdline.h"
#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "kerr.h"
#include "kernel.h"
#include "kstring.h"

static const char *bus = "";
static const char *want = "";
CMDLINE_STR(bus, "bus", 32, "the bus node holding the UART");
CMDLINE_STR(want, "want", 16, "the error binding it must give");

int app_main(void)
{
	const struct fdt *fdt = kernel_fdt();
	int node = fdt_first_subnode(fdt, fdt_path_offset(fdt, bus));
	int err = node < 0 ? node
			   : driver_bind_node(fdt, node, DRIVER_CONSOLE);

	kprintf("bus uart: %s: %s\n", bus, kerr_name(err));
	return err < 0 && strcmp(kerr_name(err), want) == 0 ? 0 : 1;
}
