#include "memmap.h"

#include "kerr.h"
#include "kstring.h"

/* A node's `reg` describes CPU-visible memory when its parent is the root
 * or a simple-bus; children of other buses (cpus, i2c, isa...) use their
 * bus's own address space. */
static bool memmap_parent_is_mmio(const struct fdt *fdt, int node)
{
	int parent = fdt_parent(fdt, node);

	if (parent < 0)
		return false;
	return parent == 0 ||
	       fdt_node_is_compatible(fdt, parent, "simple-bus") == 1;
}

static bool memmap_is_memory(const struct fdt *fdt, int node)
{
	const char *type;

	return fdt_prop_string(fdt, node, "device_type", &type) == 0 &&
	       !strcmp(type, "memory");
}

static int memmap_insert(struct memmap *map, uint64_t base, uint64_t size,
			 enum memmap_type type, const char *name)
{
	unsigned int i;

	if (size == 0)
		return 0;
	if (base + size < base)
		return -E_RANGE;
	for (i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];

		if (base < r->base + r->size && r->base < base + size) {
			/* Two devices may share a window (e.g. a
			 * register block described twice); RAM may not
			 * overlap anything. */
			if (type == MEMMAP_RAM || r->type == MEMMAP_RAM)
				return -E_INVAL;
		}
	}
	if (map->count == MEMMAP_MAX)
		return -E_NOMEM;
	for (i = map->count; i > 0 && map->r[i - 1].base > base; i--)
		map->r[i] = map->r[i - 1];
	map->r[i] = (struct memmap_region){ base, size, type, name };
	map->count++;
	return 0;
}

int memmap_from_fdt(const struct fdt *fdt, struct memmap *map)
{
	int node = 0, depth = 0, err;

	map->count = 0;
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		enum memmap_type type;
		uint64_t base, size;

		if (!fdt_node_is_enabled(fdt, node) ||
		    !memmap_parent_is_mmio(fdt, node))
			continue;
		type = memmap_is_memory(fdt, node) ? MEMMAP_RAM
						   : MEMMAP_DEVICE;
		for (unsigned int i = 0;; i++) {
			err = fdt_reg(fdt, node, i, &base, &size);
			if (err == -E_NOENT)
				break;
			if (err < 0)
				return err;
			err = memmap_insert(map, base, size, type,
					    fdt_node_name(fdt, node));
			if (err < 0)
				return err;
		}
	}
	return node == -E_NOENT ? 0 : node;
}

const struct memmap_region *memmap_find(const struct memmap *map,
					uint64_t base, uint64_t size)
{
	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];

		if (base >= r->base && size <= r->size &&
		    base - r->base <= r->size - size)
			return r;
	}
	return NULL;
}
