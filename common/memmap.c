#include "memmap.h"

#include "kerr.h"
#include "kstring.h"

/* What a node passes on to its children: how their `reg` reads, and
 * whether it is CPU-visible (the root, and simple-buses with an empty
 * `ranges`; cpus, i2c, isa and buses without `ranges` use their own
 * address space). */
struct memmap_bus {
	uint32_t acells, scells;
	bool mmio;
};

/* The properties of one node this module needs, found in one pass. */
struct memmap_node {
	bool enabled, memory, simple_bus;
	bool has_ranges, identity_ranges;
	uint32_t acells, scells;
	const uint8_t *reg;
	uint32_t reg_len;
};

/* Whether a property value is exactly the string `want`. */
static bool str_is(const void *v, uint32_t len, const char *want)
{
	size_t n = strlen(want);

	return len == n + 1 && !memcmp(v, want, n + 1);
}

/* Each property looked up by name: the hot ones are direct hits in the
 * reader's index. Enabled means what it means to driver binding. */
static int memmap_read_node(const struct fdt *fdt, int node,
			    struct memmap_node *out)
{
	const void *val;
	uint32_t len;
	int err;

	*out = (struct memmap_node){ .acells = 2, .scells = 1 };
	out->enabled = fdt_node_is_enabled(fdt, node);
	out->memory = fdt_getprop(fdt, node, "device_type", &val, &len) == 0 &&
		      str_is(val, len, "memory");
	out->simple_bus = fdt_node_is_compatible(fdt, node, "simple-bus") == 1;
	/* A cell count of the wrong length is a broken tree, as fdt_reg()
	 * says too: guessing the default would misread every child. */
	err = fdt_prop_u32_opt(fdt, node, "#address-cells", &out->acells);
	if (!err)
		err = fdt_prop_u32_opt(fdt, node, "#size-cells", &out->scells);
	if (err)
		return err;
	/* Only a bus's ranges matter here: the lookup is not free. */
	if (out->simple_bus &&
	    fdt_getprop(fdt, node, "ranges", &val, &len) == 0) {
		out->has_ranges = true;
		out->identity_ranges = len == 0;
	}
	err = fdt_getprop(fdt, node, "reg", &val, &len);
	if (err == 0) {
		out->reg = val;
		out->reg_len = len;
	}
	return err == -E_NOENT ? 0 : err;
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
			 * register block described twice); memory may not
			 * overlap anything: one page, two memory types. */
			if (type != MEMMAP_DEVICE || r->type != MEMMAP_DEVICE)
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

/* Adds the regions of a node whose parent is CPU-visible. */
static int memmap_add_node(const struct fdt *fdt, int node,
			   const struct memmap_node *n,
			   const struct memmap_bus *bus, struct memmap *map)
{
	uint32_t entry = 4 * (bus->acells + bus->scells);
	enum memmap_type type = MEMMAP_DEVICE;

	if (!n->reg)
		return 0;
	/* Looked up only for nodes with a window: at every boot. */
	if (n->memory)
		type = MEMMAP_RAM;
	else if (fdt_prop_bool(fdt, node, "cellmate,shared-memory"))
		type = MEMMAP_SHARED;
	/* The cell counts fdt_reg() decodes, so that the map and the
	 * drivers read `reg` alike: an address needs at least one cell. */
	if (bus->acells == 0 || bus->acells > 2 || bus->scells > 2)
		return -E_RANGE;
	if (n->reg_len % entry)
		return -E_BADFDT;
	for (uint32_t off = 0; off < n->reg_len; off += entry) {
		const uint8_t *e = n->reg + off;
		int err = memmap_insert(map, fdt_cells_read(e, bus->acells),
					fdt_cells_read(e + 4 * bus->acells,
						       bus->scells),
					type, fdt_node_name(fdt, node));
		if (err < 0)
			return err;
	}
	return 0;
}

/* One walk in document order: a node's bus facts are known before its
 * children are visited, so nothing is looked up twice. */
int memmap_from_fdt(const struct fdt *fdt, struct memmap *map)
{
	struct memmap_bus bus[FDT_MAX_DEPTH + 1];
	struct memmap_node n;
	int node = 0, depth = 0, err;
	bool mapped;

	map->count = 0;
	map->bad_node = NULL;
	err = memmap_read_node(fdt, 0, &n);
	if (err < 0)
		return err;
	bus[0] = (struct memmap_bus){ n.acells, n.scells, true };
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		err = depth < 1 || depth > FDT_MAX_DEPTH
			      ? -E_BADFDT
			      : memmap_read_node(fdt, node, &n);
		if (err < 0)
			goto bad;
		/* An enabled node on a CPU-visible bus: its `reg` is mapped.
		 * A disabled node hides its subtree too. */
		mapped = n.enabled && bus[depth - 1].mmio;
		/* A translating bus would need its children's addresses
		 * translated; fdt_reg() refuses them, and so do we rather
		 * than map the bus-local addresses. */
		if (mapped && n.simple_bus && n.has_ranges &&
		    !n.identity_ranges) {
			err = -E_NOTSUP;
			goto bad;
		}
		/* A bus without `ranges` has no CPU addresses (devicetree
		 * spec 2.3.8). */
		bus[depth] = (struct memmap_bus){
			n.acells, n.scells,
			mapped && n.simple_bus && n.identity_ranges };
		if (mapped) {
			err = memmap_add_node(fdt, node, &n, &bus[depth - 1],
					      map);
			if (err < 0)
				goto bad;
		}
	}
	return node == -E_NOENT ? 0 : node;
bad:
	/* Named only now: looking the name up for every node costs boot
	 * time. */
	map->bad_node = fdt_node_name(fdt, node);
	return err;
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
