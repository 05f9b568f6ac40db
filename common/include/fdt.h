/* A small, bounds-checked reader for flattened device trees (DTB).
 *
 * Trust model: the blob comes from outside the kernel (the board, a boot
 * loader, a hypervisor). fdt_open() validates the header and the layout of
 * its blocks once; every later access re-checks each offset and length it
 * follows, so no input, however corrupt, makes the reader read outside the
 * `size` bytes it was given. Every failure is a negative kerr code
 * (-E_BADFDT for malformed content, -E_TRUNC when a structure runs past the
 * end of its block, -E_NOENT when something looked up does not exist).
 *
 * Nodes and properties are named by their byte offset inside the
 * structure block, as in libfdt; offset 0 is the root node. A negative
 * offset passed in is taken for an error from an earlier call and comes
 * back unchanged, so lookups chain; a misaligned one is -E_INVAL. */
#ifndef FDT_H
#define FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu
#define FDT_MAX_DEPTH 16	/* deeper nesting is rejected as -E_BADFDT */

#define FDT_INDEX_MAX 64	/* nodes fdt_open() records */
#define FDT_INDEX_HASH 128	/* node offset -> index, open addressing */
#define FDT_HOT_PROPS 8		/* properties it records per node */

struct fdt {
	const uint8_t *blob;
	uint32_t size;		/* bytes of `blob` we may read (totalsize) */
	uint32_t struct_off, struct_size;
	uint32_t strings_off, strings_size;
	uint32_t rsvmap_off;
	/* Every node in document order with its parent and depth, and the
	 * offsets of its most looked-up properties (fdt_open). nindex is 0
	 * for trees too big (FDT_INDEX_MAX) or too broken to index: lookups
	 * then walk. */
	unsigned int nindex;
	uint32_t index_off[FDT_INDEX_MAX];
	uint8_t index_parent[FDT_INDEX_MAX];
	uint8_t index_depth[FDT_INDEX_MAX];
	uint8_t index_hash[FDT_INDEX_HASH];	/* index + 1, 0 = empty */
	/* compatible, reg, status, #address-cells, #size-cells,
	 * device_type, interrupts, interrupt-parent: their offsets, valid
	 * where bit k of index_has is set. */
	uint16_t index_has[FDT_INDEX_MAX];
	uint32_t index_prop[FDT_INDEX_MAX][FDT_HOT_PROPS];
};

/* Validates the header of the blob at `blob`, of which `avail` bytes are
 * readable; `blob` must be 4-byte aligned (-E_INVAL otherwise): magic,
 * version (16 or later with last_comp_version <= 16, else -E_NOTSUP),
 * totalsize <= avail (else -E_TRUNC), every block inside totalsize,
 * aligned, after the header and not overlapping another block,
 * the reservation map terminated before the next block (else -E_TRUNC),
 * the structure block starting with a BEGIN_NODE (after any NOPs, which
 * are skipped so that offset 0 stays the root) and ending with END.
 * Version 16 has no size_dt_struct: the block runs to the next block.
 * The rest of the structure is checked as walks reach it. On failure
 * *fdt is zeroed, so it reads nothing. */
int fdt_open(struct fdt *fdt, const void *blob, size_t avail);

/* fdt_open() also records, in one walk, every node (up to FDT_INDEX_MAX)
 * with its parent, depth and the offsets of its most looked-up properties
 * (compatible, reg, status, #address-cells, #size-cells, device_type,
 * interrupts, interrupt-parent), so that those lookups go straight to
 * their answer. A tree it cannot index is read by walks instead, with the
 * same answers and errors. */

/* Walk: the node after `node` in document order (offset >= 0), updating
 * *depth (+1 into a child, -n when leaving). *depth counts from the node
 * where the walk began; the walk ends with -E_NOENT when it leaves that
 * node, so node = 0, depth = 0 walks the whole tree and node = n,
 * depth = 0 the subtree of n. Nesting beyond FDT_MAX_DEPTH or a node left
 * open at END is -E_BADFDT. */
int fdt_next_node(const struct fdt *fdt, int node, int *depth);
int fdt_first_subnode(const struct fdt *fdt, int node);
int fdt_next_subnode(const struct fdt *fdt, int node);
int fdt_parent(const struct fdt *fdt, int node);

/* Node name including the unit address ("uart@9000000"); "" for root.
 * Returns NULL on a malformed node or an offset that is not a node. */
const char *fdt_node_name(const struct fdt *fdt, int node);

/* Absolute path ("/soc/uart@1c28000") or alias name, optionally followed
 * by a relative path ("serial0", "soc/uart@1c28000"); a path component
 * without '@' also matches a name with a unit address when unique, else
 * -E_NOENT. An alias must hold an absolute path (-E_BADFDT otherwise);
 * "" is -E_INVAL. */
int fdt_path_offset(const struct fdt *fdt, const char *path);
/* The same for the first `n` characters of `path` (e.g. the part of a
 * stdout-path before its options); 0 characters are -E_INVAL. */
int fdt_path_offset_len(const struct fdt *fdt, const char *path, size_t n);

/* Property lookup: 0, with *val and *len (the value length in bytes) set
 * when not NULL; -E_NOENT if the node has no such property. */
int fdt_getprop(const struct fdt *fdt, int node, const char *name,
		const void **val, uint32_t *len);
/* Property walk: first/next property offset of a node (-E_NOENT after
 * the last), and its contents; fdt_prop_at needs all three pointers. */
int fdt_first_prop(const struct fdt *fdt, int node);
int fdt_next_prop(const struct fdt *fdt, int prop);
int fdt_prop_at(const struct fdt *fdt, int prop, const char **name,
		const void **val, uint32_t *len);

/* Typed helpers: a u32 property must be exactly 4 bytes (-E_BADFDT
 * otherwise); a string property must be NUL-terminated within its length. */
int fdt_prop_u32(const struct fdt *fdt, int node, const char *name,
		 uint32_t *out);
int fdt_prop_string(const struct fdt *fdt, int node, const char *name,
		    const char **out);
/* Reads `cells` (1 or 2, else -E_RANGE) big-endian cells at cell index
 * `idx` of a property into a u64; -E_NOENT if they are not all there. */
int fdt_prop_cells(const struct fdt *fdt, int node, const char *name,
		   unsigned int idx, unsigned int cells, uint64_t *out);
bool fdt_prop_bool(const struct fdt *fdt, int node, const char *name);
/* fdt_prop_u32() of a property that may be absent: then 0, and *out
 * keeps its default. */
int fdt_prop_u32_opt(const struct fdt *fdt, int node, const char *name,
		     uint32_t *out);
/* `cells` (0..2) big-endian cells at p, which the caller has bounded. */
uint64_t fdt_cells_read(const void *p, unsigned int cells);

/* The index'th string of a string-list property, or -E_NOENT; -E_TRUNC
 * if a string before it is not NUL-terminated within the value. */
int fdt_stringlist_get(const struct fdt *fdt, int node, const char *name,
		       unsigned int index, const char **out);
/* 1 if `compatible` lists `compat`, 0 if not, <0 on error. */
int fdt_node_is_compatible(const struct fdt *fdt, int node,
			   const char *compat);
/* Next node after `from` (-1 = from the start, root included) listing
 * `compat`, or -E_NOENT. */
int fdt_node_by_compatible(const struct fdt *fdt, int from,
			   const char *compat);
/* The node whose "phandle" is `phandle`; -E_NOENT for 0, ~0 or none. */
int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle);
/* "status" absent, "okay" or "ok"; false on a malformed node. */
bool fdt_node_is_enabled(const struct fdt *fdt, int node);

/* The index'th (address, size) pair of `reg`, as a CPU address, decoded
 * with the parent's #address-cells / #size-cells (defaults 2 and 1;
 * address cells other than 1..2 or size cells above 2 are -E_RANGE).
 * -E_NOENT past the last pair and for the root, -E_BADFDT if `reg` ends
 * inside the pair. No translation through `ranges` is done: as
 * memmap_from_fdt() has it, CPU addresses pass only through enabled
 * simple-buses with an empty `ranges`. Any other bus above the node
 * (disabled, translating, no simple-bus, a simple-bus without `ranges`)
 * is -E_NOTSUP rather than a wrong or unmapped address. */
int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *addr, uint64_t *size);
/* fdt_reg() for a node on a bus with addresses of its own (isa: the
 * space in the first address cell), which the caller decodes: the node's
 * own bus may also be one without `ranges` that is no simple-bus. */
int fdt_reg_local(const struct fdt *fdt, int node, unsigned int index,
		  uint64_t *addr, uint64_t *size);

/* Interrupt specifier `index` of `interrupts-extended` or, without one,
 * of `interrupts`: the controller node it belongs to and its raw cells.
 * In interrupts-extended each specifier starts with its controller's
 * phandle; for interrupts the controller is the target of the node's
 * interrupt-parent or, without one, its tree parent if that is a
 * controller (has #interrupt-cells), else the same asked of the parent,
 * up to the root (-E_NOENT if none or no such phandle). The controller's #interrupt-cells must be
 * 1..FDT_MAX_IRQ_CELLS (-E_RANGE); one with #interrupt-cells but no
 * interrupt-controller (a nexus: interrupt-map is not followed) is
 * -E_NOTSUP, with out->controller naming it. -E_NOENT past the last
 * specifier, -E_BADFDT if the value ends inside one. */
#define FDT_MAX_IRQ_CELLS 4
struct fdt_irq {
	int controller;
	unsigned int ncells;
	uint32_t cells[FDT_MAX_IRQ_CELLS];
};
int fdt_irq(const struct fdt *fdt, int node, unsigned int index,
	    struct fdt_irq *out);

/* Memory reservation map entry `index`, or -E_NOENT past the last. */
int fdt_rsv_entry(const struct fdt *fdt, unsigned int index, uint64_t *addr,
		  uint64_t *size);

#endif
