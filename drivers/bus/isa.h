/* Device addresses of nodes on an ISA bus node (compatible "isa",
 * #address-cells = <2>, #size-cells = <1>), as in the IEEE 1275 ISA
 * binding: the first address cell names the space, 0 = memory, 1 = I/O
 * ports; the second is the address within it. `reg = <1 0x3f8 8>` is the
 * COM1 UART's eight ports. Nodes anywhere else have memory addresses.
 * Pure logic over the FDT reader. */
#ifndef ISA_H
#define ISA_H

#include <stdint.h>

#include "fdt.h"

enum isa_space { ISA_SPACE_MEMORY = 0, ISA_SPACE_IO = 1 };

struct isa_reg {
	enum isa_space space;
	uint64_t addr, size;
};

/* The index'th `reg` entry of `node`, with its space. -E_BADFDT for an
 * ISA parent whose #address-cells is not 2 or an unknown space,
 * -E_NOTSUP for the ISA bus's memory space (no CPU address: the bus has
 * no `ranges`), the FDT reader's error for a parent whose `compatible`
 * is malformed; the errors of fdt_reg() otherwise. */
int isa_reg(const struct fdt *fdt, int node, unsigned int index,
	    struct isa_reg *out);

#endif
