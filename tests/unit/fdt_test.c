/* Host tests of the FDT reader (common/fdt.c).
 *
 * Lookups run on trees that dtc compiles from the tests/unit/fdt sources at
 * build time (FDT_TEST_DIR names the output directory). Malformed blobs
 * are derived from those by patching, cutting or re-laying them out.
 * Every blob lives in a heap buffer of exactly its size, so ASan reports
 * any read past its end; fdt_exercise() also checks that whatever the
 * reader hands back lies inside the block it belongs to. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "fdt.h"
#include "fdt_blob.h"
#include "kerr.h"
#include "unit.h"

#ifndef FDT_TEST_DIR
#error "FDT_TEST_DIR must name the directory of the compiled test trees"
#endif

struct blob {
	uint8_t *b;
	size_t size;
};

/* Blobs run through fdt_exercise(), and how many of them opened:
 * reported by the last test. */
static unsigned long variants, variants_opened;

static uint32_t hdr(const struct blob *bl, unsigned int field)
{
	return rd32(bl->b + field);
}

static void hdr_set(struct blob *bl, unsigned int field, uint32_t v)
{
	wr32(bl->b + field, v);
}

static void die(const char *what, const char *name)
{
	fprintf(stderr, "fdt_test: %s %s\n", what, name);
	exit(2);
}

/* A heap buffer of exactly `size` bytes holding the first `size` bytes
 * of `src` (zero-filled past its end). */
static struct blob blob_copy(const struct blob *src, size_t size)
{
	struct blob bl = { malloc(size ? size : 1), size };

	if (!bl.b)
		die("cannot allocate", "a blob");
	memset(bl.b, 0, size);
	memcpy(bl.b, src->b, size < src->size ? size : src->size);
	return bl;
}

static void blob_free(struct blob *bl)
{
	free(bl->b);
	bl->b = NULL;
}

static struct blob blob_load(const char *name)
{
	struct blob bl;

	bl.b = unit_file_read(FDT_TEST_DIR, name, &bl.size);
	if (!bl.b)
		die("cannot read", name);
	/* The tests patch header words and pick offsets modulo the size. */
	if (bl.size < H_SIZE)
		die("shorter than an FDT header:", name);
	return bl;
}

/* `src` with the words `w[0..n)` inserted at byte `pos` of the struct
 * block; header sizes and the offsets of later blocks follow. */
static struct blob blob_insert(const struct blob *src, uint32_t pos,
			       const uint32_t *w, size_t n)
{
	uint32_t grow = (uint32_t)(4 * n);
	struct blob bl = blob_copy(src, src->size + grow);
	unsigned int f;

	memmove(bl.b + pos + grow, src->b + pos, src->size - pos);
	for (size_t i = 0; i < n; i++)
		wr32(bl.b + pos + 4 * i, w[i]);
	hdr_set(&bl, H_TOTALSIZE, hdr(src, H_TOTALSIZE) + grow);
	hdr_set(&bl, H_SIZE_STRUCT, hdr(src, H_SIZE_STRUCT) + grow);
	for (f = H_OFF_STRUCT; f <= H_OFF_RSVMAP; f += 4)
		if (hdr(src, f) > pos)
			hdr_set(&bl, f, hdr(src, f) + grow);
	return bl;
}

/* `src` (dtc layout: header, map, struct, strings) re-laid out as header,
 * map, strings, struct, so that the struct block ends the buffer. */
static struct blob blob_struct_last(const struct blob *src)
{
	uint32_t roff = hdr(src, H_OFF_RSVMAP), toff = hdr(src, H_OFF_STRUCT);
	uint32_t soff = hdr(src, H_OFF_STRINGS);
	uint32_t tsize = hdr(src, H_SIZE_STRUCT);
	uint32_t ssize = hdr(src, H_SIZE_STRINGS);
	uint32_t nsoff = toff, ntoff = (toff + ssize + 3) & ~3u;
	struct blob bl = blob_copy(src, ntoff + tsize);

	memcpy(bl.b + nsoff, src->b + soff, ssize);
	memset(bl.b + nsoff + ssize, 0, ntoff - nsoff - ssize);
	memcpy(bl.b + ntoff, src->b + toff, tsize);
	hdr_set(&bl, H_OFF_STRINGS, nsoff);
	hdr_set(&bl, H_OFF_STRUCT, ntoff);
	hdr_set(&bl, H_TOTALSIZE, ntoff + tsize);
	(void)roff;
	return bl;
}

static const char *const prop_names[] = {
	"compatible", "reg", "status", "interrupts", "phandle",
	"#address-cells", "list", "u64", "stdout-path", "nosuch",
};

static void exercise_props(const struct fdt *f, int node)
{
	const char *name, *s;
	const void *val;
	uint32_t len, u;
	uint64_t cells;
	int p, prev = -1;

	for (p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		EXPECT(p > prev, "property walk to move forward: %d after %d",
		       p, prev);
		if (p <= prev)
			break;
		prev = p;
		if (fdt_prop_at(f, p, &name, &val, &len))
			continue;
		EXPECT(str_in_block(f, name, f->strings_off, f->strings_size),
		       "property %d's name to end inside the strings block",
		       p);
		EXPECT(in_struct(f, val, len),
		       "property %d's %u-byte value inside the struct block",
		       p, len);
	}
	for (size_t i = 0; i < sizeof(prop_names) / sizeof(*prop_names); i++) {
		const char *pn = prop_names[i];

		if (!fdt_getprop(f, node, pn, &val, &len))
			EXPECT(in_struct(f, val, len),
			       "%s's %u-byte value inside the struct block",
			       pn, len);
		(void)fdt_prop_u32(f, node, pn, &u);
		if (!fdt_prop_string(f, node, pn, &s))
			EXPECT(str_in_struct(f, s),
			       "string %s to end inside the struct block", pn);
		(void)fdt_prop_cells(f, node, pn, 0, 2, &cells);
		(void)fdt_prop_cells(f, node, pn, 2, 1, &cells);
		(void)fdt_prop_bool(f, node, pn);
		for (unsigned int idx = 0; idx < 3; idx++)
			if (!fdt_stringlist_get(f, node, pn, idx, &s))
				EXPECT(str_in_struct(f, s),
				       "list entry %u of %s inside the struct "
				       "block", idx, pn);
	}
}

static void exercise_node(const struct fdt *f, int node)
{
	const char *name = fdt_node_name(f, node);
	struct fdt_irq irq;
	uint64_t a, sz;
	int r, sub, prev;

	EXPECT(!name || str_in_struct(f, name),
	       "node %d's name to end inside the struct block", node);
	r = fdt_parent(f, node);
	EXPECT(r < node, "parent %d of node %d to come before it", r, node);
	prev = node;
	for (sub = fdt_first_subnode(f, node); sub >= 0;
	     sub = fdt_next_subnode(f, sub)) {
		EXPECT(sub > prev, "subnode walk to move forward: %d after %d",
		       sub, prev);
		if (sub <= prev)
			break;
		prev = sub;
	}
	exercise_props(f, node);
	(void)fdt_node_is_compatible(f, node, "x,u");
	(void)fdt_node_is_compatible(f, node, "arm,pl011");
	(void)fdt_node_is_enabled(f, node);
	for (unsigned int i = 0; i < 2; i++) {
		(void)fdt_reg(f, node, i, &a, &sz);
		if (!fdt_irq(f, node, i, &irq))
			EXPECT(irq.ncells >= 1 &&
				       irq.ncells <= FDT_MAX_IRQ_CELLS &&
				       irq.controller >= 0,
			       "a decoded interrupt to have 1..%d cells and a "
			       "controller, got %u cells, controller %d",
			       FDT_MAX_IRQ_CELLS, irq.ncells, irq.controller);
	}
}

static const char *const paths[] = {
	"/", "/soc", "/soc/uart@9000000", "/soc/uart", "/bus/u", "/bus/u@200",
	"//bus//u/", "/ic", "/x/y/z", "serial0", "serial1", "s", "s/q",
	"soc/uart@9001000", "broken", "nosuch", "/aliases", "/d1/d2/d3",
};

static const char *const compats[] = {
	"x,u", "x,v", "arm,pl011", "simple-bus", "cellmate,deepest", "nope",
};

/* Opens `bl` and runs every reader function over all it can reach.
 * Whatever the bytes, nothing may crash, read outside the buffer (ASan),
 * hand back a pointer outside its block, or fail to make progress.
 * Returns fdt_open()'s result. */
/* What a reader answers to a battery of lookups, as numbers: the
 * indexed reader must answer exactly as the plain one. */
#define PRINT_MAX 4096

struct print {
	unsigned int n;
	int64_t v[PRINT_MAX];
};

static void print_add(struct print *p, int64_t v)
{
	if (p->n < PRINT_MAX)
		p->v[p->n++] = v;
}

static void fingerprint(const struct fdt *f, struct print *p)
{
	static const char *const names[] = {
		"compatible", "reg", "status", "#address-cells", "#size-cells",
		"device_type", "interrupts", "interrupt-parent", "model",
		"phandle",
	};
	const void *val;
	uint32_t len;
	uint64_t a, sz;
	int node = 0, depth = 0, steps = 0;

	p->n = 0;
	do {
		print_add(p, node);
		print_add(p, depth);
		print_add(p, fdt_parent(f, node));
		print_add(p, fdt_first_subnode(f, node));
		print_add(p, fdt_next_subnode(f, node));
		for (unsigned int i = 0; i < sizeof(names) / sizeof(*names); i++) {
			int err = fdt_getprop(f, node, names[i], &val, &len);

			print_add(p, err);
			if (!err) {
				print_add(p, (const uint8_t *)val - f->blob);
				print_add(p, len);
			}
		}
		print_add(p, fdt_reg(f, node, 0, &a, &sz));
		print_add(p, fdt_node_is_enabled(f, node));
		for (unsigned int i = 0; i < sizeof(compats) / sizeof(*compats);
		     i++)
			print_add(p, fdt_node_by_compatible(f, node, compats[i]));
		node = fdt_next_node(f, node, &depth);
	} while (node >= 0 && ++steps < 200);
	print_add(p, node);
	for (unsigned int i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		print_add(p, fdt_path_offset(f, paths[i]));
	for (unsigned int i = 0; i < sizeof(compats) / sizeof(*compats); i++)
		print_add(p, fdt_node_by_compatible(f, -1, compats[i]));
}

/* The reader as fdt_open() leaves it (indexed, when it could index the
 * tree) and one without its index (the walks) must agree. */
static void expect_index_agrees(const struct blob *bl, const struct fdt *f)
{
	static struct print walked, indexed;
	struct fdt fw = *f;

	fw.nindex = 0;
	fingerprint(&fw, &walked);
	fingerprint(f, &indexed);
	EXPECT(walked.n == indexed.n &&
	       !memcmp(walked.v, indexed.v, walked.n * sizeof(walked.v[0])),
	       "the indexed reader (%u nodes) to answer as the walking one "
	       "for a %zu-byte blob", f->nindex, bl->size);
}

static int fdt_exercise(const struct blob *bl)
{
	struct fdt f;
	uint64_t a, s;
	int err, node, prev, depth = 0;
	unsigned int i;

	variants++;
	err = fdt_open(&f, bl->b, bl->size);
	if (err) {
		EXPECT(err < 0 && err > -E_COUNT,
		       "fdt_open to fail with a kerr code, got %d", err);
		return err;
	}
	variants_opened++;
	EXPECT(f.size <= bl->size && f.struct_off + f.struct_size <= f.size &&
		       f.strings_off + f.strings_size <= f.size,
	       "an opened reader to stay inside the %zu-byte blob", bl->size);
	expect_index_agrees(bl, &f);

	exercise_node(&f, 0);
	for (node = 0, prev = 0; (node = fdt_next_node(&f, node, &depth)) >= 0;
	     prev = node) {
		EXPECT(node > prev && depth >= 1 && depth <= FDT_MAX_DEPTH,
		       "walk to move forward within depth 1..%d: node %d "
		       "(depth %d) after %d", FDT_MAX_DEPTH, node, depth, prev);
		if (node <= prev)
			break;
		exercise_node(&f, node);
	}
	EXPECT(node < 0 && node > -E_COUNT,
	       "walk to end in a kerr code, got %d", node);

	for (i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		node = fdt_path_offset(&f, paths[i]);
		if (node >= 0)
			EXPECT(fdt_node_name(&f, node),
			       "path %s to find a node, got %d", paths[i],
			       node);
	}
	for (i = 0; i < sizeof(compats) / sizeof(*compats); i++)
		for (node = -1, prev = -1;
		     (node = fdt_node_by_compatible(&f, node, compats[i])) >= 0;
		     prev = node) {
			EXPECT(node > prev, "compatible search to move on: %d "
			       "after %d", node, prev);
			if (node <= prev)
				break;
		}
	for (uint32_t ph = 0; ph < 8; ph++)
		(void)fdt_node_by_phandle(&f, ph);
	for (i = 0; fdt_rsv_entry(&f, i, &a, &s) == 0; i++)
		if (i > f.size / 16)
			break;
	EXPECT(i <= f.size / 16, "reservation walk to end, %u entries", i);
	return 0;
}

/* Handy lookups on a good blob. */
static struct fdt open_good(const struct blob *bl)
{
	struct fdt f;
	int err = fdt_open(&f, bl->b, bl->size);

	EXPECT(err == 0, "a dtc blob to open, got %s", kerr_name(err));
	return f;
}

static int path(const struct fdt *f, const char *p)
{
	return fdt_path_offset(f, p);
}

/* Absolute byte position of property `prop` of node `p` in the blob. */
static uint32_t prop_pos(const struct fdt *f, const char *p,
			 const char *prop)
{
	const char *name;
	const void *val;
	uint32_t len;

	for (int q = fdt_first_prop(f, path(f, p)); q >= 0;
	     q = fdt_next_prop(f, q))
		if (!fdt_prop_at(f, q, &name, &val, &len) &&
		    !strcmp(name, prop))
			return f->struct_off + (uint32_t)q;
	die("no property", prop);
	return 0;
}

/* Position of the END_NODE of leaf node `p`: right after its last
 * property, as dtc writes it (no NOPs). */
static uint32_t leaf_end_pos(const struct fdt *f, const char *p)
{
	int q, last = -1;
	uint32_t len;

	for (q = fdt_first_prop(f, path(f, p)); q >= 0;
	     q = fdt_next_prop(f, q))
		last = q;
	if (last < 0 || fdt_first_subnode(f, path(f, p)) != -E_NOENT)
		die("not a leaf with properties:", p);
	len = rd32(f->blob + f->struct_off + last + 4);
	return f->struct_off + (uint32_t)last + 12 + ((len + 3) & ~3u);
}

/* ---- Lookups on good trees ---------------------------------------- */

UNIT_TEST(open_accepts_a_dtc_blob_and_records_its_blocks)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f;
	int err = fdt_open(&f, bl.b, bl.size);

	EXPECT(err == 0, "fdt_open to succeed, got %s", kerr_name(err));
	EXPECT(f.size == bl.size, "size %u == file size %zu", f.size, bl.size);
	EXPECT(f.struct_off == hdr(&bl, H_OFF_STRUCT) &&
		       f.struct_size == hdr(&bl, H_SIZE_STRUCT),
	       "struct block at %u+%u as in the header", f.struct_off,
	       f.struct_size);
	EXPECT(f.strings_off == hdr(&bl, H_OFF_STRINGS) &&
		       f.strings_size == hdr(&bl, H_SIZE_STRINGS),
	       "strings block at %u+%u as in the header", f.strings_off,
	       f.strings_size);
	EXPECT(fdt_open(&f, bl.b, bl.size + 100) == 0,
	       "a buffer larger than totalsize to be fine");
	EXPECT(f.size == bl.size, "size to be totalsize, not avail: %u",
	       f.size);
	EXPECT(fdt_open(&f, NULL, 100) == -E_INVAL, "NULL blob: -E_INVAL");
	blob_free(&bl);
}

UNIT_TEST(open_needs_no_cleared_reader)
{
	static struct print clean, dirty;
	struct blob bl = blob_load("board.dtb");
	struct fdt a, b;

	/* The kernel's reader lives outside .bss: whatever it held before
	 * must not change an answer. */
	memset(&a, 0, sizeof(a));
	memset(&b, 0xa5, sizeof(b));
	EXPECT(fdt_open(&a, bl.b, bl.size) == 0 &&
		       fdt_open(&b, bl.b, bl.size) == 0,
	       "both readers to open the board blob");
	fingerprint(&a, &clean);
	fingerprint(&b, &dirty);
	EXPECT(clean.n == dirty.n &&
		       !memcmp(clean.v, dirty.v, clean.n * sizeof(clean.v[0])),
	       "a reader full of 0xa5 to answer as a cleared one");
	memset(&b, 0xa5, sizeof(b));
	EXPECT(fdt_open(&b, bl.b, 8) == -E_TRUNC && fdt_next_node(&b, 0, &(int){ 0 }) < 0,
	       "a failed open over 0xa5 to leave a reader that reads nothing");
	blob_free(&bl);
}

UNIT_TEST(open_indexes_every_node_of_a_dtc_blob)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);

	/* The lookups would answer the same by walking: only the count
	 * shows that the tree was indexed, as every tree of ours must be. */
	EXPECT(f.nindex == 54, "54 nodes indexed (the root and 53 below), "
	       "got %u", f.nindex);
	blob_free(&bl);
}

UNIT_TEST(path_lookup_resolves_full_paths_aliases_and_unit_addresses)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	int uart0 = path(&f, "/soc/uart@9000000");
	int uart1 = path(&f, "/soc/uart@9001000");
	int soc = path(&f, "/soc");

	EXPECT(path(&f, "/") == 0, "/ to be the root at offset 0");
	EXPECT(soc > 0 && uart0 > soc && uart1 > uart0,
	       "/soc and its uarts in document order: %d %d %d", soc, uart0,
	       uart1);
	EXPECT(!strcmp(fdt_node_name(&f, uart0), "uart@9000000"),
	       "the name with its unit address, got %s",
	       fdt_node_name(&f, uart0));
	EXPECT(!strcmp(fdt_node_name(&f, 0), ""), "the root's name to be \"\"");
	EXPECT(path(&f, "//soc///uart@9000000/") == uart0,
	       "repeated and trailing slashes to be ignored");
	EXPECT(path(&f, "serial0") == uart0, "alias serial0 -> uart0");
	EXPECT(path(&f, "serial1") == uart1,
	       "alias serial1 (written as &uart1) -> uart1");
	EXPECT(path(&f, "soc/uart@9001000") == uart1,
	       "alias followed by a relative path");
	EXPECT(path(&f, "/soc/uart") == -E_NOENT,
	       "an ambiguous unit-less name to be -E_NOENT, got %d",
	       path(&f, "/soc/uart"));
	EXPECT(path(&f, "/twin") == -E_NOENT, "twin@1/twin@2: -E_NOENT");
	EXPECT(path(&f, "/single") == path(&f, "/single@7") &&
		       path(&f, "/single") > 0,
	       "a unique unit-less name to match single@7");
	EXPECT(path(&f, "/memory") == path(&f, "/memory@40000000"),
	       "/memory to find memory@40000000");
	EXPECT(fdt_prop_bool(&f, path(&f, "/pair"), "marker"),
	       "the exact name \"pair\" to win over \"pair@3\"");
	EXPECT(path(&f, "/pair@3") != path(&f, "/pair"),
	       "pair@3 to be its own node");
	EXPECT(path(&f, "/soc@1") == -E_NOENT,
	       "a unit address to be matched exactly");
	EXPECT(path(&f, "/nonexistent") == -E_NOENT, "missing: -E_NOENT");
	EXPECT(path(&f, "/soc/uart@9000000/x") == -E_NOENT,
	       "missing child of a leaf: -E_NOENT");
	EXPECT(path(&f, "nosuch") == -E_NOENT, "unknown alias: -E_NOENT");
	EXPECT(path(&f, "broken") == -E_BADFDT,
	       "an alias that is not an absolute path: -E_BADFDT, got %d",
	       path(&f, "broken"));
	EXPECT(path(&f, "") == -E_INVAL, "empty path: -E_INVAL");
	EXPECT(path(&f, "/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/d15/"
			"d16") > 0,
	       "a node FDT_MAX_DEPTH deep to be reachable");
	blob_free(&bl);
}

/* A path with options after it ("serial0:115200n8"), read as far as the
 * length given and no further: no copy, so no limit on its length. */
UNIT_TEST(path_lookup_by_length_reads_no_further)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	int uart0 = path(&f, "/soc/uart@9000000");

	EXPECT(fdt_path_offset_len(&f, "/soc/uart@9000000:115200n8", 17) ==
		       uart0,
	       "a full path before its options -> uart0");
	EXPECT(fdt_path_offset_len(&f, "serial0:115200n8", 7) == uart0,
	       "an alias before its options -> uart0");
	EXPECT(fdt_path_offset_len(&f, "/soc/uart@9000000", 4) ==
		       path(&f, "/soc"),
	       "the first 4 characters name /soc");
	EXPECT(fdt_path_offset_len(&f, "/soc", 0) == -E_INVAL &&
		       fdt_path_offset_len(&f, ":115200n8", 0) == -E_INVAL,
	       "no characters: -E_INVAL");
	blob_free(&bl);
}

UNIT_TEST(walk_visits_every_node_in_document_order_with_its_depth)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	int node = 0, depth = 0, count = 0, maxdepth = 0, prev = 0;
	int uart0 = path(&f, "/soc/uart@9000000"), uart0_depth = -1;
	int soc = path(&f, "/soc");

	while ((node = fdt_next_node(&f, node, &depth)) >= 0) {
		EXPECT(node > prev, "offsets to grow: %d after %d", node, prev);
		if (node == uart0)
			uart0_depth = depth;
		if (depth > maxdepth)
			maxdepth = depth;
		prev = node;
		count++;
	}
	EXPECT(node == -E_NOENT, "the walk to end in -E_NOENT, got %s",
	       kerr_name(node));
	EXPECT(count == 53, "53 nodes below the root, got %d", count);
	EXPECT(maxdepth == FDT_MAX_DEPTH, "deepest node at %d, got %d",
	       FDT_MAX_DEPTH, maxdepth);
	EXPECT(uart0_depth == 2, "uart0 at depth 2, got %d", uart0_depth);

	/* A walk that starts at /soc covers only its subtree. */
	for (node = soc, depth = 0, count = 0;
	     (node = fdt_next_node(&f, node, &depth)) >= 0;)
		count++;
	EXPECT(count == 7 && node == -E_NOENT,
	       "7 nodes below /soc, then -E_NOENT; got %d, %s", count,
	       kerr_name(node));
	depth = FDT_MAX_DEPTH + 1;
	EXPECT(fdt_next_node(&f, 0, &depth) == -E_INVAL,
	       "a depth beyond FDT_MAX_DEPTH to be -E_INVAL");
	depth = 0;
	EXPECT(fdt_next_node(&f, prop_pos(&f, "/", "model") - f.struct_off,
			     &depth) == -E_INVAL,
	       "a property offset as node to be -E_INVAL");
	blob_free(&bl);
}

UNIT_TEST(subnode_and_parent_links_agree_with_the_tree)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	int cpus = path(&f, "/cpus"), cpu0 = path(&f, "/cpus/cpu@0");
	int cpu1 = path(&f, "/cpus/cpu@1");
	int d16 = path(&f, "/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/"
			   "d15/d16");

	EXPECT(fdt_first_subnode(&f, cpus) == cpu0, "cpus' first child");
	EXPECT(fdt_next_subnode(&f, cpu0) == cpu1, "cpu@0's sibling");
	EXPECT(fdt_next_subnode(&f, cpu1) == -E_NOENT,
	       "no sibling after cpu@1, got %d", fdt_next_subnode(&f, cpu1));
	EXPECT(fdt_first_subnode(&f, cpu0) == -E_NOENT, "cpu@0 has no child");
	EXPECT(fdt_first_subnode(&f, 0) == path(&f, "/aliases"),
	       "the root's first child is /aliases");
	EXPECT(fdt_next_subnode(&f, path(&f, "/cpus")) == path(&f, "/memory"),
	       "the sibling after /cpus (which has children) is /memory");
	EXPECT(fdt_next_subnode(&f, path(&f, "/d1")) == -E_NOENT,
	       "no sibling after the root's last child");
	EXPECT(fdt_next_subnode(&f, 0) == -E_NOENT,
	       "the root, FDT_MAX_DEPTH deep, has no sibling: got %s",
	       kerr_name(fdt_next_subnode(&f, 0)));
	EXPECT(fdt_parent(&f, cpu1) == cpus, "cpu@1's parent is /cpus");
	EXPECT(fdt_parent(&f, cpus) == 0, "/cpus' parent is the root");
	EXPECT(fdt_parent(&f, 0) == -E_NOENT, "the root has no parent");
	EXPECT(d16 > 0 && fdt_parent(&f, d16) ==
				  path(&f, "/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/"
					   "d11/d12/d13/d14/d15"),
	       "d16's parent is d15");
	EXPECT(fdt_parent(&f, cpu1 + 4) == -E_INVAL,
	       "the parent of a non-node offset to be -E_INVAL");
	EXPECT(fdt_parent(&f, -E_NOENT) == -E_NOENT,
	       "an error passed as node to come back unchanged");
	blob_free(&bl);
}

UNIT_TEST(properties_are_found_walked_and_decoded)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	static const char *const bad_props[] = {
		"#address-cells", "#size-cells", "ranges", "odd-reg", "short",
		"unterminated", "list", "u64", "empty",
	};
	int bad = path(&f, "/bad"), soc = path(&f, "/soc"), p;
	const char *s, *name;
	const void *val;
	uint32_t len, u;
	uint64_t c;
	unsigned int i = 0;

	EXPECT(fdt_getprop(&f, 0, "model", &val, &len) == 0 && len == 20 &&
		       !strcmp(val, "cellmate test board"),
	       "the root's model");
	EXPECT(fdt_getprop(&f, 0, "nosuch", &val, &len) == -E_NOENT,
	       "a missing property: -E_NOENT");
	EXPECT(fdt_getprop(&f, -E_NOENT, "model", &val, &len) == -E_NOENT,
	       "an error passed as node to come back unchanged");
	EXPECT(fdt_getprop(&f, bad + 4, "model", &val, &len) < 0,
	       "a misaligned offset to fail");

	for (p = fdt_first_prop(&f, bad); p >= 0; p = fdt_next_prop(&f, p)) {
		EXPECT(fdt_prop_at(&f, p, &name, &val, &len) == 0 &&
			       i < 9 && !strcmp(name, bad_props[i]),
		       "property %u of /bad to be %s", i,
		       i < 9 ? bad_props[i] : "absent");
		i++;
	}
	EXPECT(i == 9 && p == -E_NOENT, "9 properties, then -E_NOENT: %u %d",
	       i, p);
	EXPECT(fdt_first_prop(&f, path(&f, "/twin@1/..")) < 0,
	       "no properties for a missing node");
	EXPECT(fdt_next_prop(&f, bad) == -E_INVAL,
	       "a node offset as property to be -E_INVAL");

	EXPECT(fdt_prop_u32(&f, soc, "#address-cells", &u) == 0 && u == 1,
	       "/soc #address-cells = 1");
	EXPECT(fdt_prop_u32(&f, bad, "short", &u) == -E_BADFDT,
	       "a 2-byte u32: -E_BADFDT");
	EXPECT(fdt_prop_u32(&f, bad, "odd-reg", &u) == -E_BADFDT,
	       "a 12-byte u32: -E_BADFDT");
	EXPECT(fdt_prop_u32(&f, bad, "empty", &u) == -E_BADFDT,
	       "an empty u32: -E_BADFDT");
	EXPECT(fdt_prop_string(&f, 0, "model", &s) == 0 &&
		       !strcmp(s, "cellmate test board"),
	       "model as a string");
	EXPECT(fdt_prop_string(&f, bad, "unterminated", &s) == -E_BADFDT,
	       "a string without NUL: -E_BADFDT");
	EXPECT(fdt_prop_string(&f, bad, "empty", &s) == -E_BADFDT,
	       "an empty value as string: -E_BADFDT");
	EXPECT(fdt_prop_cells(&f, bad, "u64", 0, 2, &c) == 0 &&
		       c == 0x1122334455667788ull,
	       "two cells as a u64, got %#llx", (unsigned long long)c);
	EXPECT(fdt_prop_cells(&f, bad, "u64", 1, 1, &c) == 0 &&
		       c == 0x55667788u,
	       "cell 1, got %#llx", (unsigned long long)c);
	EXPECT(fdt_prop_cells(&f, bad, "u64", 1, 2, &c) == -E_NOENT,
	       "two cells from index 1 of 2: -E_NOENT");
	EXPECT(fdt_prop_cells(&f, bad, "u64", 0x40000000u, 1, &c) == -E_NOENT,
	       "a huge index: -E_NOENT");
	EXPECT(fdt_prop_cells(&f, bad, "u64", 0, 3, &c) == -E_RANGE &&
		       fdt_prop_cells(&f, bad, "u64", 0, 0, &c) == -E_RANGE,
	       "0 or 3 cells: -E_RANGE");
	EXPECT(fdt_prop_bool(&f, bad, "empty"), "an empty property is true");
	EXPECT(!fdt_prop_bool(&f, bad, "nosuch"), "a missing one is false");

	for (i = 0; i < 4; i++) {
		static const char *const want[] = { "a", "bb", "", "ccc" };

		EXPECT(fdt_stringlist_get(&f, bad, "list", i, &s) == 0 &&
			       !strcmp(s, want[i]),
		       "list entry %u to be \"%s\"", i, want[i]);
	}
	EXPECT(fdt_stringlist_get(&f, bad, "list", 4, &s) == -E_NOENT,
	       "list entry 4: -E_NOENT");
	EXPECT(fdt_stringlist_get(&f, bad, "unterminated", 0, &s) == -E_TRUNC,
	       "an unterminated list: -E_TRUNC");
	blob_free(&bl);
}

/* fdt.h: a negative offset is an earlier call's error and comes back
 * unchanged, so that lookups chain; -1 is "from the start" only for
 * fdt_node_by_compatible's `from`. Both trees: indexed and walked. */
UNIT_TEST(an_error_passed_as_the_starting_node_comes_back_unchanged)
{
	static const int errs[] = { -E_BADFDT, -E_NOENT, -E_TRUNC };
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	const char *name;
	const void *val;
	uint32_t len;

	for (int pass = 0; pass < 2; pass++) {
		for (unsigned int i = 0; i < sizeof(errs) / sizeof(errs[0]);
		     i++) {
			int e = errs[i], depth = 0;

			EXPECT(fdt_node_by_compatible(&f, e, "arm,pl011") == e,
			       "node_by_compatible from %s", kerr_name(e));
			EXPECT(fdt_next_node(&f, e, &depth) == e,
			       "next_node from %s", kerr_name(e));
			EXPECT(fdt_first_subnode(&f, e) == e,
			       "first_subnode of %s", kerr_name(e));
			EXPECT(fdt_next_subnode(&f, e) == e,
			       "next_subnode of %s", kerr_name(e));
			EXPECT(fdt_first_prop(&f, e) == e,
			       "first_prop of %s", kerr_name(e));
			EXPECT(fdt_next_prop(&f, e) == e,
			       "next_prop of %s", kerr_name(e));
			EXPECT(fdt_prop_at(&f, e, &name, &val, &len) == e,
			       "prop_at %s", kerr_name(e));
			EXPECT(fdt_node_name(&f, e) == NULL,
			       "no name for %s", kerr_name(e));
		}
		f.nindex = 0;	/* the same through the walks */
	}
	blob_free(&bl);
}

/* A tree from outside may give a node the phandle 0 or ~0, which the
 * spec reserves: no reference can mean that node. */
UNIT_TEST(a_node_with_phandle_0_or_all_ones_is_not_found_by_it)
{
	static const uint32_t reserved[] = { 0, ~0u };
	struct blob bl = blob_load("tiny.dtb");
	struct fdt f = open_good(&bl);
	uint32_t pos = prop_pos(&f, "/ic@100", "phandle") + 12, ph = 0;

	EXPECT(fdt_prop_u32(&f, path(&f, "/ic@100"), "phandle", &ph) == 0 &&
		       fdt_node_by_phandle(&f, ph) == path(&f, "/ic@100"),
	       "the controller found by its phandle %u", ph);
	for (unsigned int i = 0; i < 2; i++) {
		wr32(bl.b + pos, reserved[i]);
		f = open_good(&bl);
		EXPECT(fdt_prop_u32(&f, path(&f, "/ic@100"), "phandle", &ph) ==
				       0 && ph == reserved[i],
		       "the phandle patched to %#x", reserved[i]);
		EXPECT(fdt_node_by_phandle(&f, reserved[i]) == -E_NOENT,
		       "phandle %#x: -E_NOENT, got %d", reserved[i],
		       fdt_node_by_phandle(&f, reserved[i]));
	}
	blob_free(&bl);
}

UNIT_TEST(compatible_phandle_and_status_lookups_find_the_right_nodes)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	int uart0 = path(&f, "/soc/uart@9000000");
	int uart1 = path(&f, "/soc/uart@9001000");
	int gic = path(&f, "/interrupt-controller");
	uint32_t ph = 0;

	EXPECT(fdt_node_is_compatible(&f, uart0, "arm,pl011") == 1 &&
		       fdt_node_is_compatible(&f, uart0, "arm,primecell") == 1,
	       "uart0 lists both compatibles");
	EXPECT(fdt_node_is_compatible(&f, uart0, "arm,pl01") == 0 &&
		       fdt_node_is_compatible(&f, uart0, "arm,pl0111") == 0,
	       "no prefix or extension matches");
	EXPECT(fdt_node_is_compatible(&f, path(&f, "/chosen"), "x") == 0,
	       "a node without compatible: 0");
	EXPECT(fdt_node_by_compatible(&f, -1, "arm,pl011") == uart0,
	       "the first pl011 is uart0");
	EXPECT(fdt_node_by_compatible(&f, uart0, "arm,pl011") == uart1,
	       "the next one is uart1");
	EXPECT(fdt_node_by_compatible(&f, uart1, "arm,pl011") == -E_NOENT,
	       "then -E_NOENT");
	EXPECT(fdt_node_by_compatible(&f, -1, "cellmate,generic") == 0,
	       "the root's compatible to count from -1");
	EXPECT(fdt_node_by_compatible(&f, 0, "cellmate,generic") == -E_NOENT,
	       "nothing after the root lists the board compatible");
	EXPECT(fdt_node_by_compatible(&f, -1, "cellmate,deepest") ==
		       path(&f, "/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/"
				"d14/d15/d16"),
	       "the deepest node by compatible");
	EXPECT(fdt_node_by_compatible(&f, -1, "nope") == -E_NOENT,
	       "an unknown compatible: -E_NOENT");

	EXPECT(gic > 0 && fdt_prop_u32(&f, gic, "phandle", &ph) == 0,
	       "the gic to have a phandle");
	EXPECT(fdt_node_by_phandle(&f, ph) == gic, "phandle %u -> gic", ph);
	EXPECT(fdt_node_by_phandle(&f, 0x100) ==
		       path(&f, "/irq-cases/wide-controller"),
	       "an explicit phandle property");
	EXPECT(fdt_node_by_phandle(&f, 0) == -E_NOENT &&
		       fdt_node_by_phandle(&f, ~0u) == -E_NOENT &&
		       fdt_node_by_phandle(&f, 0x4242) == -E_NOENT,
	       "phandles 0, ~0 and unknown ones: -E_NOENT");

	EXPECT(fdt_node_is_enabled(&f, uart0), "status \"okay\" is enabled");
	EXPECT(!fdt_node_is_enabled(&f, uart1), "\"disabled\" is not");
	EXPECT(fdt_node_is_enabled(&f, path(&f, "/soc/timers/timer")),
	       "\"ok\" is enabled");
	EXPECT(fdt_node_is_enabled(&f, path(&f, "/cpus/cpu@0")),
	       "no status is enabled");
	EXPECT(!fdt_node_is_enabled(&f, path(&f, "/cpus/cpu@1")),
	       "cpu@1 is disabled");
	blob_free(&bl);
}

typedef int reg_reader(const struct fdt *, int, unsigned int, uint64_t *,
		       uint64_t *);

static void expect_reg_by(reg_reader *reg, const struct fdt *f,
			  const char *p, unsigned int i, uint64_t addr,
			  uint64_t size)
{
	uint64_t a = 0, s = 0;
	int err = reg(f, path(f, p), i, &a, &s);

	EXPECT(err == 0 && a == addr && s == size,
	       "%s reg[%u] = %#llx+%#llx, got %s %#llx+%#llx", p, i,
	       (unsigned long long)addr, (unsigned long long)size,
	       kerr_name(err), (unsigned long long)a, (unsigned long long)s);
}

/* A CPU address, which fdt_reg_local() gives too. */
static void expect_reg(const struct fdt *f, const char *p, unsigned int i,
		       uint64_t addr, uint64_t size)
{
	expect_reg_by(fdt_reg, f, p, i, addr, size);
	expect_reg_by(fdt_reg_local, f, p, i, addr, size);
}

static void expect_reg_err(const struct fdt *f, const char *p,
			   unsigned int i, int want)
{
	uint64_t a, s;
	int err = fdt_reg(f, path(f, p), i, &a, &s);

	EXPECT(err == want, "%s reg[%u]: %s, got %s", p, i, kerr_name(want),
	       kerr_name(err));
}

UNIT_TEST(reg_decodes_every_supported_cell_combination)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);

	expect_reg(&f, "/memory", 0, 0x40000000, 0x8000000);	/* 2/2 */
	expect_reg(&f, "/memory", 1, 0x100000000ull, 0x1000);
	expect_reg_err(&f, "/memory", 2, -E_NOENT);
	expect_reg_err(&f, "/memory", 0x40000000u, -E_NOENT);
	expect_reg(&f, "/interrupt-controller", 1, 0x08010000, 0x10000);
	expect_reg(&f, "/soc/uart@9000000", 0, 0x9000000, 0x1000); /* 1/1 */
	/* Buses without ranges give their own addresses: only to a caller
	 * that decodes them (fdt_reg_local), never as a CPU address. */
	expect_reg_by(fdt_reg_local, &f, "/cpus/cpu@1", 0, 1, 0); /* 1/0 */
	expect_reg_err(&f, "/cpus/cpu@1", 0, -E_NOTSUP);
	expect_reg(&f, "/bus-a2s1/dev", 0, 0x120000000ull, 0x400);
	expect_reg(&f, "/bus-a1s2/dev", 0, 0x30000000, 0x100000000ull);
	expect_reg_by(fdt_reg_local, &f, "/bus-a2s0/dev", 0, 0x500000006ull,
		      0);
	expect_reg_err(&f, "/bus-a2s0/dev", 0, -E_NOTSUP);
	expect_reg(&f, "/odd-reg-bus/dev", 0, 0, 0x10);
	expect_reg_err(&f, "/odd-reg-bus/dev", 1, -E_BADFDT);
	expect_reg_err(&f, "/bus@50000000/dev@100", 0, -E_NOTSUP);
	expect_reg_err(&f, "/bad/dev", 0, -E_RANGE);
	expect_reg_err(&f, "/chosen", 0, -E_NOENT);
	expect_reg_err(&f, "/", 0, -E_NOENT);
	blob_free(&bl);
}

static void expect_irq(const struct fdt *f, const char *p, unsigned int i,
		       const char *ctl, unsigned int n, uint32_t c0,
		       uint32_t c1, uint32_t c2)
{
	struct fdt_irq irq = { 0 };
	int err = fdt_irq(f, path(f, p), i, &irq);
	const uint32_t want[3] = { c0, c1, c2 };
	bool same = err == 0 && irq.ncells == n &&
		    irq.controller == path(f, ctl);

	for (unsigned int k = 0; same && k < n; k++)
		same = irq.cells[k] == want[k];
	EXPECT(same, "%s irq[%u]: %u cells %u %u %u from %s; got %s, %u "
	       "cells %u %u %u from %d", p, i, n, c0, c1, c2, ctl,
	       kerr_name(err), irq.ncells, irq.cells[0], irq.cells[1],
	       irq.cells[2], irq.controller);
}

static void expect_irq_err(const struct fdt *f, const char *p,
			   unsigned int i, int want)
{
	struct fdt_irq irq;
	int err = fdt_irq(f, path(f, p), i, &irq);

	EXPECT(err == want, "%s irq[%u]: %s, got %s", p, i, kerr_name(want),
	       kerr_name(err));
}

UNIT_TEST(irq_finds_the_inherited_interrupt_parent_and_its_cell_count)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);

	/* interrupt-parent from the root, 3 cells. */
	expect_irq(&f, "/soc/uart@9000000", 0, "/interrupt-controller", 3, 0,
		   1, 4);
	expect_irq_err(&f, "/soc/uart@9000000", 1, -E_NOENT);
	expect_irq(&f, "/soc/interrupt-controller@a000000", 0,
		   "/interrupt-controller", 3, 0, 5, 4);
	/* From the grandparent /soc/timers, 1 cell. */
	expect_irq(&f, "/soc/timers/timer", 0,
		   "/soc/interrupt-controller@a000000", 1, 7, 0, 0);
	expect_irq(&f, "/soc/timers/timer", 1,
		   "/soc/interrupt-controller@a000000", 1, 8, 0, 0);
	expect_irq_err(&f, "/soc/timers/timer", 2, -E_NOENT);
	/* On the node itself, 2 cells. */
	expect_irq(&f, "/soc/button", 0, "/soc/interrupt-controller@a001000",
		   2, 5, 1, 0);
	expect_irq(&f, "/irq-cases/ragged", 0,
		   "/soc/interrupt-controller@a001000", 2, 1, 2, 0);
	expect_irq_err(&f, "/irq-cases/ragged", 1, -E_BADFDT);
	expect_irq_err(&f, "/irq-cases/too-wide", 0, -E_RANGE);
	expect_irq_err(&f, "/irq-cases/dangling", 0, -E_NOENT);
	expect_irq_err(&f, "/chosen", 0, -E_NOENT);
	blob_free(&bl);
}

UNIT_TEST(irq_reads_interrupts_extended_before_interrupts)
{
	struct blob bl = blob_load("irq-ext.dtb");
	struct fdt f = open_good(&bl);

	expect_irq(&f, "/timer", 0, "/interrupt-controller@1000", 3, 1, 13,
		   0xf08);
	expect_irq(&f, "/timer", 1, "/interrupt-controller@1000", 3, 1, 14,
		   0xf08);
	expect_irq_err(&f, "/timer", 2, -E_NOENT);
	/* Each specifier is as wide as its own controller says. */
	expect_irq(&f, "/mixed", 0, "/gpio@2000", 2, 7, 2, 0);
	expect_irq(&f, "/mixed", 1, "/interrupt-controller@1000", 3, 0, 30, 4);
	expect_irq_err(&f, "/mixed", 2, -E_NOENT);
	expect_irq(&f, "/ragged", 0, "/gpio@2000", 2, 1, 1, 0);
	expect_irq_err(&f, "/ragged", 1, -E_BADFDT);
	expect_irq(&f, "/dangling", 0, "/gpio@2000", 2, 1, 1, 0);
	expect_irq_err(&f, "/dangling", 1, -E_NOENT);
	/* The plain form still reads as before. */
	expect_irq(&f, "/gpio@2000", 0, "/interrupt-controller@1000", 3, 0, 5,
		   4);
	blob_free(&bl);
}

UNIT_TEST(irq_without_interrupt_parent_belongs_to_the_controller_up_the_tree)
{
	struct blob bl = blob_load("irq-ext.dtb");
	struct fdt f = open_good(&bl);

	/* The PMIC's children: one cell each, on the PMIC, not on the GIC
	 * that the PMIC's own interrupt-parent names. */
	expect_irq(&f, "/pmic@3000/charger", 0, "/pmic@3000", 1, 0, 0, 0);
	expect_irq(&f, "/pmic@3000/charger", 1, "/pmic@3000", 1, 1, 0, 0);
	expect_irq_err(&f, "/pmic@3000/charger", 2, -E_NOENT);
	expect_irq(&f, "/pmic@3000/regulators/ldo", 0, "/pmic@3000", 1, 5, 0,
		   0);
	expect_irq(&f, "/pmic@3000/button", 0, "/gpio@2000", 2, 2, 1, 0);
	/* The PMIC's own line: its interrupt-parent, not itself. */
	expect_irq(&f, "/pmic@3000", 0, "/interrupt-controller@1000", 3, 0, 7,
		   4);
	blob_free(&bl);
}

/* A parent that is no interrupt controller (a nexus, whose interrupt-map
 * the reader does not follow, or a node without interrupt-controller)
 * is refused, not taken for the controller of the specifier. */
UNIT_TEST(irq_refuses_an_interrupt_parent_that_is_no_controller)
{
	struct blob bl = blob_load("irq-ext.dtb");
	struct fdt f = open_good(&bl);
	struct fdt_irq irq = { .controller = -1 };

	expect_irq_err(&f, "/via-nexus", 0, -E_NOTSUP);
	expect_irq_err(&f, "/via-nexus-ext", 0, -E_NOTSUP);
	expect_irq_err(&f, "/nexus@4000/below", 0, -E_NOTSUP);
	expect_irq_err(&f, "/via-cells-only", 0, -E_NOTSUP);
	/* The refused node, for the caller's message. */
	EXPECT(fdt_irq(&f, path(&f, "/via-nexus"), 0, &irq) == -E_NOTSUP &&
		       irq.controller == path(&f, "/nexus@4000"),
	       "the refused parent in controller, got %d", irq.controller);
	blob_free(&bl);
}

UNIT_TEST(reservation_map_entries_read_back_then_end)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	uint64_t a = 0, s = 0;

	EXPECT(fdt_rsv_entry(&f, 0, &a, &s) == 0 && a == 0x80000000 &&
		       s == 0x10000,
	       "entry 0 = 0x80000000+0x10000");
	EXPECT(fdt_rsv_entry(&f, 1, &a, &s) == 0 && a == 0x100000000ull &&
		       s == 0x2000,
	       "entry 1 = 0x100000000+0x2000");
	EXPECT(fdt_rsv_entry(&f, 2, &a, &s) == -E_NOENT, "entry 2: -E_NOENT");
	blob_free(&bl);
}

UNIT_TEST(version_16_blobs_without_struct_size_are_read_alike)
{
	struct blob v16 = blob_load("board-v16.dtb");
	struct blob v17 = blob_load("board.dtb");
	struct fdt f16 = open_good(&v16), f17 = open_good(&v17);
	uint64_t a, s;

	EXPECT(hdr(&v16, H_VERSION) == 16, "dtc -V 16 writes version 16");
	EXPECT(f16.struct_size == f17.struct_size,
	       "the struct block to fill its room: %u vs %u",
	       f16.struct_size, f17.struct_size);
	EXPECT(fdt_reg(&f16, fdt_path_offset(&f16, "serial0"), 0, &a, &s) ==
			       0 && a == 0x9000000,
	       "lookups to work on version 16");
	blob_free(&v16);
	blob_free(&v17);
}

UNIT_TEST(leading_nops_keep_the_root_at_offset_zero_and_nops_are_skipped)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	static const uint32_t nops[] = { TOK_NOP, TOK_NOP, TOK_NOP };
	uint32_t at_prop = prop_pos(&f, "/soc/uart@9000000", "reg");
	uint32_t at_end = leaf_end_pos(&f, "/soc/uart@9000000");
	struct blob a = blob_insert(&bl, f.struct_off, nops, 3);
	struct blob b = blob_insert(&bl, at_prop, nops, 2);
	struct blob c = blob_insert(&bl, at_end, nops, 1);
	struct fdt fa = open_good(&a), fb = open_good(&b), fc = open_good(&c);
	uint64_t addr, size;
	struct fdt_irq irq;

	EXPECT(fa.struct_off == f.struct_off + 12 &&
		       !strcmp(fdt_node_name(&fa, 0), ""),
	       "leading NOPs skipped at open, the root at offset 0");
	EXPECT(fdt_reg(&fa, fdt_path_offset(&fa, "serial0"), 0, &addr,
		       &size) == 0 && addr == 0x9000000,
	       "lookups after leading NOPs");
	EXPECT(fdt_reg(&fb, fdt_path_offset(&fb, "serial0"), 0, &addr,
		       &size) == 0 && addr == 0x9000000,
	       "NOPs between properties skipped");
	EXPECT(fdt_irq(&fc, fdt_path_offset(&fc, "serial0"), 0, &irq) == 0 &&
		       irq.cells[1] == 1,
	       "a NOP before END_NODE skipped");
	EXPECT(fdt_exercise(&a) == 0 && fdt_exercise(&b) == 0 &&
		       fdt_exercise(&c) == 0,
	       "NOP-padded blobs to be walked cleanly");
	blob_free(&a);
	blob_free(&b);
	blob_free(&c);
	blob_free(&bl);
}

UNIT_TEST(the_name_ends_at_its_nul_whatever_the_padding_holds)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl), g;
	int cpu0 = path(&f, "/cpus/cpu@0"), cpu1 = path(&f, "/cpus/cpu@1");
	/* "cpu@0" + NUL leaves two padding bytes in its second word. */
	uint32_t pad = f.struct_off + (uint32_t)cpu0 + 4 + 6;
	struct blob m = blob_copy(&bl, bl.size);

	m.b[pad] = 'X';
	m.b[pad + 1] = 'Y';
	EXPECT(fdt_open(&g, m.b, m.size) == 0, "fdt_open to pass");
	EXPECT(!strcmp(fdt_node_name(&g, cpu0), "cpu@0"),
	       "the name to stop at its NUL, got %s", fdt_node_name(&g, cpu0));
	EXPECT(fdt_path_offset(&g, "/cpus/cpu@1") == cpu1 &&
		       fdt_first_prop(&g, cpu0) == fdt_first_prop(&f, cpu0),
	       "the tokens after the name to be where they were");
	blob_free(&m);
	blob_free(&bl);
}

/* ---- Malformed blobs ---------------------------------------------- */

UNIT_TEST(every_truncation_fails_to_open)
{
	static const char *const names[] = { "board.dtb", "tiny.dtb" };

	for (size_t n = 0; n < 2; n++) {
		struct blob bl = blob_load(names[n]);

		for (size_t avail = 0; avail < bl.size; avail++) {
			struct blob cut = blob_copy(&bl, avail);
			int err = fdt_exercise(&cut);

			EXPECT(err == -E_TRUNC,
			       "%s cut to %zu bytes: -E_TRUNC, got %s",
			       names[n], avail, kerr_name(err));
			blob_free(&cut);
		}
		blob_free(&bl);
	}
}

UNIT_TEST(a_smaller_totalsize_confines_every_access)
{
	struct blob bl = blob_load("tiny.dtb");
	/* 64 bytes of padding after the strings, as dtc -p adds. */
	struct blob pad = blob_copy(&bl, bl.size + 64);
	int opened = 0;

	for (size_t total = 0; total <= pad.size; total++) {
		struct blob cut = blob_copy(&pad, total);

		if (total >= H_SIZE)
			hdr_set(&cut, H_TOTALSIZE, (uint32_t)total);
		if (fdt_exercise(&cut) == 0)
			opened++;
		EXPECT((fdt_exercise(&cut) == 0) == (total >= bl.size),
		       "totalsize %zu to open iff it covers the %zu bytes of "
		       "blocks", total, bl.size);
		blob_free(&cut);
	}
	EXPECT(opened == 65, "65 totalsizes to open, got %d", opened);
	blob_free(&pad);
	blob_free(&bl);
}

/* Runs fdt_exercise() on `bl` with header `field` set to `v` and checks
 * fdt_open()'s result. */
static void expect_hdr(const struct blob *bl, unsigned int field, uint32_t v,
		       int want)
{
	struct blob m = blob_copy(bl, bl->size);
	int err;

	hdr_set(&m, field, v);
	err = fdt_exercise(&m);
	EXPECT(err == want, "header word at %u = %#x: %s, got %s", field, v,
	       kerr_name(want), kerr_name(err));
	blob_free(&m);
}

UNIT_TEST(open_rejects_bad_magic_and_unsupported_versions)
{
	struct blob bl = blob_load("board.dtb");

	for (unsigned int i = 0; i < 4; i++) {
		struct blob m = blob_copy(&bl, bl.size);

		m.b[i] ^= 0xff;
		EXPECT(fdt_exercise(&m) == -E_BADFDT,
		       "magic byte %u flipped: -E_BADFDT", i);
		blob_free(&m);
	}
	expect_hdr(&bl, H_VERSION, 15, -E_NOTSUP);
	expect_hdr(&bl, H_VERSION, 1, -E_NOTSUP);
	expect_hdr(&bl, H_VERSION, 16, 0);
	expect_hdr(&bl, H_VERSION, 18, 0);
	expect_hdr(&bl, H_LAST_COMP, 17, -E_NOTSUP);
	expect_hdr(&bl, H_LAST_COMP, ~0u, -E_NOTSUP);
	expect_hdr(&bl, H_LAST_COMP, 2, 0);
	blob_free(&bl);
}

/* The reader loads whole words, which ARMv7 compilers emit as plain
 * word loads; with the MMU off (when the kernel reads its tree) an
 * unaligned one faults before there is a console to say why. */
UNIT_TEST(open_refuses_a_blob_that_is_not_word_aligned)
{
	struct blob bl = blob_load("tiny.dtb");
	uint8_t *buf = malloc(bl.size + 4);
	struct fdt f;

	REQUIRE(buf, "memory");
	for (unsigned int mis = 0; mis < 4; mis++) {
		int err;

		memcpy(buf + mis, bl.b, bl.size);
		err = fdt_open(&f, buf + mis, bl.size);
		EXPECT(mis ? err == -E_INVAL : err == 0,
		       "a blob %u bytes past a word boundary: %s, got %s", mis,
		       mis ? "E_INVAL" : "opened", kerr_name(err));
	}
	free(buf);
	blob_free(&bl);
}

UNIT_TEST(open_rejects_block_offsets_and_sizes_outside_or_overlapping)
{
	struct blob bl = blob_load("board.dtb");
	uint32_t size = (uint32_t)bl.size, toff = hdr(&bl, H_OFF_STRUCT);
	uint32_t tsize = hdr(&bl, H_SIZE_STRUCT);
	uint32_t soff = hdr(&bl, H_OFF_STRINGS);
	uint32_t ssize = hdr(&bl, H_SIZE_STRINGS);
	uint32_t roff = hdr(&bl, H_OFF_RSVMAP);

	expect_hdr(&bl, H_TOTALSIZE, size + 1, -E_TRUNC);
	expect_hdr(&bl, H_TOTALSIZE, ~0u, -E_BADFDT);
	expect_hdr(&bl, H_TOTALSIZE, 0x80000000u, -E_BADFDT);
	expect_hdr(&bl, H_TOTALSIZE, H_SIZE - 1, -E_BADFDT);
	expect_hdr(&bl, H_TOTALSIZE, 0, -E_BADFDT);
	expect_hdr(&bl, H_TOTALSIZE, size - 1, -E_BADFDT);

	/* Struct block: misaligned, in the header, out of range. */
	expect_hdr(&bl, H_OFF_STRUCT, toff + 1, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRUCT, toff + 2, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRUCT, 0, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRUCT, H_SIZE - 4, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRUCT, size, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRUCT, size + 4, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRUCT, 0xfffffffcu, -E_BADFDT);
	expect_hdr(&bl, H_SIZE_STRUCT, tsize + 1, -E_BADFDT);
	expect_hdr(&bl, H_SIZE_STRUCT, tsize + 4, -E_BADFDT); /* overlap */
	expect_hdr(&bl, H_SIZE_STRUCT, tsize - 4, -E_BADFDT); /* no END */
	expect_hdr(&bl, H_SIZE_STRUCT, 0, -E_BADFDT);
	expect_hdr(&bl, H_SIZE_STRUCT, 0xfffffffcu, -E_BADFDT);
	expect_hdr(&bl, H_SIZE_STRUCT, 0x80000000u, -E_BADFDT);

	/* Strings block: overlapping the struct or the header, outside. */
	expect_hdr(&bl, H_OFF_STRINGS, toff + 4, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRINGS, toff + tsize - 4, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRINGS, 8, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRINGS, soff + 1, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRINGS, size + 1, -E_BADFDT);
	expect_hdr(&bl, H_OFF_STRINGS, ~0u, -E_BADFDT);
	expect_hdr(&bl, H_SIZE_STRINGS, ssize + 1, -E_BADFDT);
	expect_hdr(&bl, H_SIZE_STRINGS, ~0u, -E_BADFDT);
	expect_hdr(&bl, H_SIZE_STRINGS, 0x80000000u, -E_BADFDT);

	/* Reservation map: misaligned, in the header, over the struct. */
	expect_hdr(&bl, H_OFF_RSVMAP, roff + 4, -E_BADFDT);
	expect_hdr(&bl, H_OFF_RSVMAP, 8, -E_BADFDT);
	expect_hdr(&bl, H_OFF_RSVMAP, 0, -E_BADFDT);
	expect_hdr(&bl, H_OFF_RSVMAP, toff, -E_BADFDT);
	expect_hdr(&bl, H_OFF_RSVMAP, toff - 8, -E_TRUNC); /* 8 bytes of room */
	expect_hdr(&bl, H_OFF_RSVMAP, size + 8, -E_BADFDT);
	expect_hdr(&bl, H_OFF_RSVMAP, 0xfffffff8u, -E_BADFDT);
	blob_free(&bl);
}

UNIT_TEST(open_rejects_an_unterminated_reservation_map)
{
	struct blob bl = blob_load("board.dtb");
	struct blob m = blob_copy(&bl, bl.size);
	uint32_t roff = hdr(&bl, H_OFF_RSVMAP);
	int err;

	/* Entries 0 and 1 are real; entry 2 is the (0, 0) terminator. */
	m.b[roff + 2 * 16 + 15] = 1;
	err = fdt_exercise(&m);
	EXPECT(err == -E_TRUNC, "no terminator before the struct block: "
	       "-E_TRUNC, got %s", kerr_name(err));
	blob_free(&m);
	blob_free(&bl);
}

/* fdt_exercise() on a copy of `bl` with the word at `pos` set to `v`;
 * returns fdt_open()'s result. */
static int exercise_word(const struct blob *bl, uint32_t pos, uint32_t v)
{
	struct blob m = blob_copy(bl, bl->size);
	int err;

	wr32(m.b + pos, v);
	err = fdt_exercise(&m);
	blob_free(&m);
	return err;
}

UNIT_TEST(open_rejects_a_struct_block_without_root_or_end)
{
	struct blob bl = blob_load("board.dtb");
	uint32_t toff = hdr(&bl, H_OFF_STRUCT);
	uint32_t last = toff + hdr(&bl, H_SIZE_STRUCT) - 4;

	EXPECT(exercise_word(&bl, last, TOK_NOP) == -E_BADFDT,
	       "END replaced by NOP: -E_BADFDT");
	EXPECT(exercise_word(&bl, last, TOK_END_NODE) == -E_BADFDT,
	       "END replaced by END_NODE: -E_BADFDT");
	EXPECT(exercise_word(&bl, toff, TOK_PROP) == -E_BADFDT,
	       "a struct block that starts with PROP: -E_BADFDT");
	EXPECT(exercise_word(&bl, toff, TOK_END) == -E_BADFDT,
	       "a struct block that starts with END: -E_BADFDT");
	blob_free(&bl);
}

/* Opens a patched blob (which must open: fdt_open checks only the ends
 * of the struct block) and checks how a walk from the root and a phandle
 * search, which scans up to END, end. */
static void expect_walks_fail(const struct blob *m, const char *what,
			      int walk, int scan)
{
	struct fdt f;
	int node = 0, depth = 0, err = fdt_open(&f, m->b, m->size);

	EXPECT(err == 0, "%s: fdt_open to pass, got %s", what,
	       kerr_name(err));
	while ((node = fdt_next_node(&f, node, &depth)) >= 0)
		;
	EXPECT(node == walk, "%s: the walk to end in %s, got %s", what,
	       kerr_name(walk), kerr_name(node));
	err = fdt_node_by_phandle(&f, 0x7777);
	EXPECT(err == scan, "%s: a full phandle scan to end in %s, got %s",
	       what, kerr_name(scan), kerr_name(err));
	fdt_exercise(m);
}

UNIT_TEST(walks_report_unbalanced_nesting_and_stray_tokens)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	uint32_t end = leaf_end_pos(&f, "/soc/uart@9000000");
	uint32_t empty = prop_pos(&f, "/bad", "empty");
	static const uint32_t close[] = { TOK_END_NODE, TOK_NOP, TOK_NOP };
	struct blob m;

	m = blob_copy(&bl, bl.size);
	wr32(m.b + end, TOK_NOP);
	expect_walks_fail(&m, "a missing END_NODE", -E_BADFDT, -E_BADFDT);
	blob_free(&m);

	m = blob_copy(&bl, bl.size);
	wr32(m.b + end, TOK_END);
	expect_walks_fail(&m, "END inside the tree", -E_BADFDT, -E_BADFDT);
	blob_free(&m);

	m = blob_copy(&bl, bl.size);
	wr32(m.b + end, 5);
	expect_walks_fail(&m, "unknown token 5", -E_BADFDT, -E_BADFDT);
	blob_free(&m);

	m = blob_copy(&bl, bl.size);
	wr32(m.b + end, 0);
	expect_walks_fail(&m, "token 0", -E_BADFDT, -E_BADFDT);
	blob_free(&m);

	/* An extra END_NODE in place of the 12-byte "empty;" closes the
	 * root early. A walk ends there as at any close of its start node;
	 * a scan from the root goes on to END and meets the stray tokens. */
	m = blob_copy(&bl, bl.size);
	for (size_t i = 0; i < 3; i++)
		wr32(m.b + empty + 4 * i, close[i]);
	expect_walks_fail(&m, "a surplus END_NODE", -E_NOENT, -E_BADFDT);
	blob_free(&m);

	/* A property after a subnode: "empty;" moved behind /bad/dev. */
	{
		uint32_t after = leaf_end_pos(&f, "/bad/dev") + 4;
		uint32_t prop[3] = { TOK_PROP, 0, rd32(bl.b + empty + 8) };

		m = blob_insert(&bl, after, prop, 3);
		for (size_t i = 0; i < 3; i++)
			wr32(m.b + empty + 4 * i, TOK_NOP);
		expect_walks_fail(&m, "a property after a subnode", -E_BADFDT,
				  -E_BADFDT);
		blob_free(&m);
	}
	blob_free(&bl);
}

UNIT_TEST(walks_reject_nesting_deeper_than_fdt_max_depth)
{
	struct blob bl = blob_load("deep.dtb");
	struct fdt f;
	int node = 0, depth = 0, err = fdt_open(&f, bl.b, bl.size);

	EXPECT(err == 0, "deep.dtb to open, got %s", kerr_name(err));
	while ((node = fdt_next_node(&f, node, &depth)) >= 0)
		;
	EXPECT(node == -E_BADFDT, "the walk to stop with -E_BADFDT, got %s",
	       kerr_name(node));
	EXPECT(fdt_node_by_compatible(&f, -1, "cellmate,after") == -E_BADFDT,
	       "a search past the deep branch: -E_BADFDT");
	EXPECT(fdt_node_by_phandle(&f, 1) == -E_BADFDT,
	       "a phandle scan through it: -E_BADFDT");
	EXPECT(fdt_path_offset(&f, "/after") == -E_BADFDT,
	       "a path lookup that must skip it: -E_BADFDT, got %s",
	       kerr_name(fdt_path_offset(&f, "/after")));
	EXPECT(fdt_path_offset(&f, "/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/"
				   "d13/d14/d15/d16") > 0,
	       "nodes down to FDT_MAX_DEPTH still to be reachable");
	fdt_exercise(&bl);
	blob_free(&bl);
}

UNIT_TEST(a_node_name_running_into_the_end_token_stops_the_walk)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	int d16 = path(&f, "/d1/d2/d3/d4/d5/d6/d7/d8/d9/d10/d11/d12/d13/d14/"
			   "d15/d16");
	uint32_t name = f.struct_off + (uint32_t)d16 + 4;
	uint32_t last = f.struct_off + f.struct_size - 4;
	struct blob m = blob_copy(&bl, bl.size);
	struct fdt g;
	int node = 0, depth = 0;

	/* Name bytes all the way to the END token, whose zeros end it. */
	memset(m.b + name, 'A', last - name);
	EXPECT(fdt_open(&g, m.b, m.size) == 0, "fdt_open to pass");
	while ((node = fdt_next_node(&g, node, &depth)) >= 0)
		EXPECT(str_in_struct(&g, fdt_node_name(&g, node)),
		       "every name to end inside the struct block");
	EXPECT(node == -E_TRUNC, "the walk to end in -E_TRUNC, got %s",
	       kerr_name(node));
	fdt_exercise(&m);
	blob_free(&m);
	blob_free(&bl);
}

UNIT_TEST(property_lengths_past_the_struct_block_are_truncation)
{
	struct blob bl = blob_load("board.dtb");
	/* Struct block last: nothing after it, so ASan sees any overrun. */
	struct blob sl = blob_struct_last(&bl);
	struct fdt f = open_good(&sl);
	uint32_t pos = prop_pos(&f, "/soc/uart@9000000", "reg");
	uint32_t room = f.struct_off + f.struct_size - (pos + 12);
	static const uint32_t lens[] = { 0, 0, 0, 0x7ffffffcu, 0x80000000u,
					 0xfffffff4u, 0xffffffffu };

	EXPECT(fdt_exercise(&sl) == 0, "the re-laid-out blob to be good");
	for (unsigned int i = 0; i < sizeof(lens) / sizeof(*lens); i++) {
		uint32_t len = i < 3 ? room + 1 + i * 3 : lens[i];
		struct blob m = blob_copy(&sl, sl.size);
		struct fdt g;
		const void *val;
		uint32_t l;
		int err;

		wr32(m.b + pos + 4, len);
		EXPECT(fdt_open(&g, m.b, m.size) == 0, "fdt_open to pass");
		err = fdt_getprop(&g, fdt_path_offset(&g, "serial0"),
				  "status", &val, &l);
		EXPECT(err == -E_TRUNC, "a lookup past len %#x: -E_TRUNC, got "
		       "%s", len, kerr_name(err));
		fdt_exercise(&m);
		blob_free(&m);
	}
	blob_free(&sl);
	blob_free(&bl);
}

UNIT_TEST(a_struct_block_shrunk_after_open_still_bounds_every_read)
{
	struct blob bl = blob_load("tiny.dtb");
	struct blob sl = blob_struct_last(&bl);
	struct fdt f = open_good(&sl);

	/* White box: every access re-checks against struct_size, so any
	 * cut, even one fdt_open would refuse, must stay inside it. */
	for (uint32_t cut = 0; cut <= f.struct_size; cut += 4) {
		struct blob m = blob_copy(&sl, f.struct_off + cut);
		struct fdt g = f;
		int node = 0, depth = 0;

		g.blob = m.b;
		g.size = (uint32_t)m.size;
		g.struct_size = cut;
		exercise_node(&g, 0);
		while ((node = fdt_next_node(&g, node, &depth)) >= 0)
			exercise_node(&g, node);
		(void)fdt_path_offset(&g, "s");
		(void)fdt_node_by_compatible(&g, -1, "x,v");
		variants++;
		blob_free(&m);
	}
	blob_free(&sl);
	blob_free(&bl);
}

UNIT_TEST(string_references_outside_or_unterminated_in_the_strings_block)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl);
	uint32_t model = prop_pos(&f, "/", "model");
	uint32_t ssize = f.strings_size;
	static const uint32_t bad[] = { 0, 1, 0x7fffffffu, 0xffffffffu };
	const char *name;
	const void *val;
	uint32_t len;

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		uint32_t off = i < 2 ? ssize + bad[i] : bad[i];
		struct blob m = blob_copy(&bl, bl.size);
		struct fdt g;
		int err;

		wr32(m.b + model + 8, off);
		EXPECT(fdt_open(&g, m.b, m.size) == 0, "fdt_open to pass");
		err = fdt_prop_at(&g, model - g.struct_off, &name, &val, &len);
		EXPECT(err == -E_BADFDT, "nameoff %#x: -E_BADFDT, got %s", off,
		       kerr_name(err));
		err = fdt_getprop(&g, 0, "model", &val, &len);
		EXPECT(err == -E_BADFDT, "a lookup meeting nameoff %#x: "
		       "-E_BADFDT, got %s", off, kerr_name(err));
		fdt_exercise(&m);
		blob_free(&m);
	}

	/* Drop the strings block's last byte, the NUL of the last name. */
	{
		struct blob m = blob_copy(&bl, bl.size - 1);
		const char *last =
			(const char *)bl.b + f.strings_off + ssize - 2;
		struct fdt g;
		int p, unterminated = 0;

		while (last[-1])
			last--;
		hdr_set(&m, H_TOTALSIZE, (uint32_t)m.size);
		hdr_set(&m, H_SIZE_STRINGS, ssize - 1);
		EXPECT(fdt_open(&g, m.b, m.size) == 0, "fdt_open to pass");
		for (int node = 0, depth = 0; node >= 0;
		     node = fdt_next_node(&g, node, &depth))
			for (p = fdt_first_prop(&g, node); p >= 0;
			     p = fdt_next_prop(&g, p))
				if (fdt_prop_at(&g, p, &name, &val, &len) ==
				    -E_TRUNC)
					unterminated++;
		EXPECT(unterminated > 0, "properties named \"%s\" to report "
		       "-E_TRUNC", last);
		EXPECT(fdt_getprop(&g, 0, last, &val, &len) == -E_NOENT,
		       "looking the cut name up to find nothing");
		fdt_exercise(&m);
		blob_free(&m);
	}
	blob_free(&bl);
}

/* Every function that takes a node or property offset, given `off`. */
static void expect_offset_rejected(const struct fdt *f, int off)
{
	const char *s;
	const void *v;
	uint32_t len, u;
	uint64_t a, sz;
	struct fdt_irq irq;
	int depth = 0;
	int r[] = {
		fdt_next_node(f, off, &depth),
		fdt_first_subnode(f, off),
		fdt_next_subnode(f, off),
		fdt_parent(f, off),
		fdt_getprop(f, off, "reg", &v, &len),
		fdt_first_prop(f, off),
		fdt_next_prop(f, off),
		fdt_prop_at(f, off, &s, &v, &len),
		fdt_prop_u32(f, off, "reg", &u),
		fdt_prop_string(f, off, "reg", &s),
		fdt_prop_cells(f, off, "reg", 0, 1, &a),
		fdt_stringlist_get(f, off, "reg", 0, &s),
		fdt_node_is_compatible(f, off, "x,u"),
		fdt_node_by_compatible(f, off, "x,u"),
		fdt_reg(f, off, 0, &a, &sz),
		fdt_irq(f, off, 0, &irq),
	};

	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++)
		EXPECT(r[i] < 0, "call %zu with offset %d to fail, got %d", i,
		       off, r[i]);
	EXPECT(!fdt_node_name(f, off) && !fdt_prop_bool(f, off, "reg") &&
		       !fdt_node_is_enabled(f, off),
	       "name, bool and status to fail for offset %d", off);
}

UNIT_TEST(offsets_misaligned_or_outside_the_struct_block_are_refused)
{
	struct blob bl = blob_load("tiny.dtb");
	/* Struct block last: a token read across its end hits ASan. */
	struct blob sl = blob_struct_last(&bl);
	struct fdt f = open_good(&sl);
	int size = (int)f.struct_size;
	const int offs[] = { size - 3, size - 2, size - 1, size, size + 4,
			     1, 2, 3, 5, 0x7ffffffc, 0x7fffffff };

	for (size_t i = 0; i < sizeof(offs) / sizeof(*offs); i++)
		expect_offset_rejected(&f, offs[i]);
	EXPECT(fdt_getprop(&f, 1, "reg", NULL, NULL) == -E_INVAL,
	       "a misaligned offset to be -E_INVAL");
	EXPECT(fdt_getprop(&f, size, "reg", NULL, NULL) == -E_TRUNC,
	       "an offset at the block end to be -E_TRUNC");
	blob_free(&sl);
	blob_free(&bl);
}

UNIT_TEST(an_alias_value_without_nul_is_malformed)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl), g;
	uint32_t pos = prop_pos(&f, "/aliases", "soc");
	struct blob m = blob_copy(&bl, bl.size);

	/* "/soc\0" -> "/socX": the value no longer ends in its length. */
	m.b[pos + 12 + 4] = 'X';
	EXPECT(fdt_open(&g, m.b, m.size) == 0, "fdt_open to pass");
	EXPECT(fdt_path_offset(&g, "soc") == -E_BADFDT,
	       "an unterminated alias: -E_BADFDT, got %s",
	       kerr_name(fdt_path_offset(&g, "soc")));
	EXPECT(fdt_path_offset(&g, "serial0") > 0, "other aliases to work");
	blob_free(&m);
	blob_free(&bl);
}

/* A second property of a name already in the node (malformed; found by
 * fuzzing): lookups read the first, and so must the searches, or they
 * find a node that its own lookups then deny. */
UNIT_TEST(searches_read_only_the_first_of_duplicate_properties_as_lookups_do)
{
	struct blob bl = blob_load("tiny.dtb");
	struct fdt f = open_good(&bl), g;
	uint32_t compat = prop_pos(&f, "/bus/u@200", "compatible");
	uint32_t ph = prop_pos(&f, "/ic@100", "phandle");
	/* compatible = "x,w" before "reg", after the first; phandle =
	 * <0x77> at the end of the node, after the first (dtc's, last). */
	const uint32_t dup_compat[] = { TOK_PROP, 4, rd32(bl.b + compat + 8),
					0x782c7700u };
	const uint32_t dup_ph[] = { TOK_PROP, 4, rd32(bl.b + ph + 8), 0x77 };
	struct blob a = blob_insert(&bl, prop_pos(&f, "/bus/u@200", "reg"),
				    dup_compat, 4);
	struct blob b = blob_insert(&bl, leaf_end_pos(&f, "/ic@100"), dup_ph,
				    4);
	uint32_t v = 0;
	int u, ic;

	g = open_good(&a);
	u = path(&g, "/bus/u@200");
	EXPECT(u > 0 && fdt_node_is_compatible(&g, u, "x,w") == 0 &&
		       fdt_node_is_compatible(&g, u, "x,v") == 1,
	       "the node to list what its first compatible lists");
	EXPECT(fdt_node_by_compatible(&g, -1, "x,w") == -E_NOENT,
	       "no node found by the second compatible, got %d",
	       fdt_node_by_compatible(&g, -1, "x,w"));
	EXPECT(fdt_node_by_compatible(&g, -1, "x,v") == u,
	       "the node found by its first compatible");
	g = open_good(&b);
	ic = path(&g, "/ic@100");
	EXPECT(ic > 0 && fdt_prop_u32(&g, ic, "phandle", &v) == 0 &&
		       v != 0x77 && fdt_node_by_phandle(&g, v) == ic,
	       "the node found by its first phandle");
	EXPECT(fdt_node_by_phandle(&g, 0x77) == -E_NOENT,
	       "no node found by the second phandle, got %d",
	       fdt_node_by_phandle(&g, 0x77));
	EXPECT(fdt_exercise(&a) == 0 && fdt_exercise(&b) == 0,
	       "the blobs to be walked cleanly");
	blob_free(&a);
	blob_free(&b);
	blob_free(&bl);
}

UNIT_TEST(reservation_reads_stay_inside_the_blob_without_a_terminator)
{
	struct blob bl = blob_load("board.dtb");
	struct fdt f = open_good(&bl), g = f;
	/* White box: a reader whose blob ends after the two real entries,
	 * before the terminator fdt_open saw. */
	struct blob m = blob_copy(&bl, f.rsvmap_off + 2 * 16);
	uint64_t a, s;

	g.blob = m.b;
	g.size = (uint32_t)m.size;
	EXPECT(fdt_rsv_entry(&g, 1, &a, &s) == 0 && s == 0x2000,
	       "entry 1 still inside");
	EXPECT(fdt_rsv_entry(&g, 2, &a, &s) == -E_TRUNC,
	       "entry 2 past the end: -E_TRUNC");
	g.rsvmap_off = g.size + 16;
	EXPECT(fdt_rsv_entry(&g, 0, &a, &s) == -E_TRUNC,
	       "a map offset past the end: -E_TRUNC");
	blob_free(&m);
	blob_free(&bl);
}

/* ---- Corruption sweeps -------------------------------------------- */

static uint32_t rng_state = 0x2545f491u;

static uint32_t rng(void)
{
	/* xorshift32: a fixed seed keeps failures reproducible. */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static void sweep_bytes(const char *name)
{
	struct blob bl = blob_load(name);
	struct blob m = blob_copy(&bl, bl.size);
	static const uint8_t vals[] = { 0x00, 0xff, 0x01, 0x80, 0x7f };

	for (size_t i = 0; i < bl.size; i++) {
		for (size_t v = 0; v <= sizeof(vals); v++) {
			m.b[i] = v < sizeof(vals) ? vals[v] : (uint8_t)rng();
			if (m.b[i] != bl.b[i])
				fdt_exercise(&m);
		}
		m.b[i] = bl.b[i];
	}
	blob_free(&m);
	blob_free(&bl);
}

UNIT_TEST(every_byte_of_a_small_tree_set_to_edge_values_is_survived)
{
	sweep_bytes("tiny.dtb");
}

UNIT_TEST(every_byte_of_the_board_tree_set_to_edge_values_is_survived)
{
	sweep_bytes("board.dtb");
}

UNIT_TEST(random_multi_byte_corruption_is_survived)
{
	static const char *const names[] = { "tiny.dtb", "board.dtb" };

	for (size_t n = 0; n < 2; n++) {
		struct blob bl = blob_load(names[n]);
		struct blob sl = blob_struct_last(&bl);

		for (int round = 0; round < 2000; round++) {
			const struct blob *src = round & 1 ? &sl : &bl;
			struct blob m = blob_copy(src, src->size);
			uint32_t toff = hdr(src, H_OFF_STRUCT);
			uint32_t tsize = hdr(src, H_SIZE_STRUCT);

			/* Mostly inside the struct block, where the
			 * interesting parsing happens. */
			for (uint32_t k = 1 + rng() % 8; k; k--) {
				/* Neither is 0: blob_load() checked the
				 * header, and the struct block is there. */
				/* NOLINTBEGIN(clang-analyzer-core.DivideZero) */
				uint32_t at = rng() % 4 ? toff + rng() % tsize :
							  rng() % m.size;
				/* NOLINTEND(clang-analyzer-core.DivideZero) */

				m.b[at] = (uint8_t)rng();
			}
			fdt_exercise(&m);
			blob_free(&m);
		}
		blob_free(&sl);
		blob_free(&bl);
	}
}

UNIT_TEST(summary_of_blobs_exercised)
{
	printf("  %lu blob variants exercised, %lu of them opened\n",
	       variants, variants_opened);
	EXPECT(variants > 10000, "over 10000 variants, got %lu", variants);
}

int main(void)
{
	return unit_run_all();
}
