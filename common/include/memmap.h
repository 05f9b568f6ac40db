/* The board's physical memory map as the device tree describes it: RAM
 * (from memory nodes), memory shared with another agent (the `reg` of a
 * node marked cellmate,shared-memory, e.g. a hypervisor's page) and device
 * windows (the `reg` of every other enabled node on the root or a
 * simple-bus). The MMU/paging code maps exactly these regions and nothing
 * else; the boot banner prints them.
 * Pure logic over the FDT reader: host unit-tested. */
#ifndef MEMMAP_H
#define MEMMAP_H

#include <stdint.h>

#include "fdt.h"

#define MEMMAP_MAX 24

/* MEMMAP_SHARED: normal memory that another agent (a hypervisor on
 * another CPU) reads and writes through its caches; mapped so that the
 * accesses stay coherent with those (ARM: Normal cacheable, shareable),
 * never executable, never allocated from. */
enum memmap_type { MEMMAP_RAM, MEMMAP_DEVICE, MEMMAP_SHARED };

struct memmap_region {
	uint64_t base, size;
	enum memmap_type type;
	const char *name;	/* node name inside the FDT blob */
};

struct memmap {
	unsigned int count;
	const char *bad_node;	/* on an error, the node it concerns */
	struct memmap_region r[MEMMAP_MAX];
};

/* Fills `map` sorted by base. Regions of size 0 are skipped. Device
 * windows may overlap each other; RAM or shared memory overlapping
 * anything, more than MEMMAP_MAX regions, or a region that
 * wraps the address space are errors (-E_INVAL, -E_NOMEM, -E_RANGE); so
 * are a malformed #address-cells or #size-cells (-E_BADFDT), cell counts
 * that fdt_reg() does not decode (-E_RANGE: #address-cells other than 1
 * or 2, #size-cells above 2, on a bus with a `reg` to map) and a
 * simple-bus whose `ranges` translates (-E_NOTSUP, as fdt_reg()). Only
 * enabled simple-buses with an empty `ranges` pass CPU addresses on (the
 * rule fdt_reg() follows): the children of any other bus are not mapped.
 * On an error, map->bad_node names the node. */
int memmap_from_fdt(const struct fdt *fdt, struct memmap *map);

/* The region containing [base, base+size), or NULL. */
const struct memmap_region *memmap_find(const struct memmap *map,
					uint64_t base, uint64_t size);

#endif
