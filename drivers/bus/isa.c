#include "isa.h"

#include "kerr.h"

#define ISA_ADDRESS_CELLS 2
#define ISA_SPACE_SHIFT 32
#define ISA_ADDR_MASK 0xffffffffull

/* 1 if `node` sits on an ISA bus, 0 if not, <0 when its parent's
 * compatible is malformed: such a parent may have been meant as the ISA
 * bus, so its children's regs are read neither way. */
static int isa_is_parent_of(const struct fdt *fdt, int node)
{
	int parent = fdt_parent(fdt, node);

	return parent < 0 ? 0 : fdt_node_is_compatible(fdt, parent, "isa");
}

int isa_reg(const struct fdt *fdt, int node, unsigned int index,
	    struct isa_reg *out)
{
	int isa = isa_is_parent_of(fdt, node);
	uint32_t cells;
	uint64_t addr, size, space;
	int err;

	if (isa < 0)
		return isa;
	err = isa ? fdt_reg_local(fdt, node, index, &addr, &size)
		  : fdt_reg(fdt, node, index, &addr, &size);
	if (err < 0)
		return err;
	if (!isa) {
		*out = (struct isa_reg){ ISA_SPACE_MEMORY, addr, size };
		return 0;
	}
	err = fdt_prop_u32(fdt, fdt_parent(fdt, node), "#address-cells",
			   &cells);
	if (err < 0 || cells != ISA_ADDRESS_CELLS)
		return -E_BADFDT;
	space = addr >> ISA_SPACE_SHIFT;
	if (space != ISA_SPACE_MEMORY && space != ISA_SPACE_IO)
		return -E_BADFDT;
	/* ISA memory space is the bus's own: without `ranges` to translate
	 * it, no CPU address, and the memory map (fdt_reg's rule) does not
	 * map it. Used as one, it would fault once the page tables are in
	 * place, or reach whatever the CPU has there. */
	if (space == ISA_SPACE_MEMORY)
		return -E_NOTSUP;
	*out = (struct isa_reg){ (enum isa_space)space, addr & ISA_ADDR_MASK,
				 size };
	return 0;
}
