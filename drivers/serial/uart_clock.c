#include "uart_clock.h"

#include "kerr.h"

int uart_clock_baud(const struct fdt *fdt, int node, uint32_t *clk,
		    uint32_t *baud)
{
	int err;

	err = fdt_prop_u32(fdt, node, "current-speed", baud);
	if (err < 0)
		return err;
	if (*baud == 0)
		return -E_INVAL;
	err = fdt_prop_u32(fdt, node, "clock-frequency", clk);
	if (err == -E_NOENT) {
		/* `clocks` may list several; the first is the baud clock. */
		uint64_t ph;

		err = fdt_prop_cells(fdt, node, "clocks", 0, 1, &ph);
		if (err < 0)
			return err;
		err = fdt_node_by_phandle(fdt, (uint32_t)ph);
		if (err < 0)
			return err;
		err = fdt_prop_u32(fdt, err, "clock-frequency", clk);
	}
	if (err < 0)
		return err;
	return *clk ? 0 : -E_INVAL;
}
