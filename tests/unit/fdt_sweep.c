/* The FDT accessor sweep shared by the fuzz tests; see fdt_sweep.h. */
#include "fdt_sweep.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "driver.h"
#include "fdt.h"
#include "fdt_blob.h"
#include "fdt_bind.h"
#include "irq.h"
#include "kerr.h"
#include "memmap.h"

#define SWEEP_PATH_MAX 256
#define SWEEP_COMPATS 8		/* compatible strings searched per tree */
#define SWEEP_INDICES 4		/* reg / interrupts / list entries tried */

struct sweep_compat {
	const char *s;
	int first;		/* the first node found listing it */
};

struct sweep_ctx {
	const struct fdt *f;
	struct fdt_sweep *out;
	const char *mode;	/* "indexed" or "walking" */
	uint64_t hash;		/* of every answer, to compare the readers */
	int up[FDT_MAX_DEPTH + 1];		/* the walk's ancestors */
	const char *names[FDT_MAX_DEPTH + 1];	/* and their names */
	struct sweep_compat compat[SWEEP_COMPATS];
	unsigned int ncompat;
};

static void sweep_fail(struct sweep_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sweep_fail(struct sweep_ctx *c, const char *fmt, ...)
{
	char *buf = c->out->first;
	size_t room = sizeof(c->out->first);
	va_list ap;
	int n;

	if (c->out->failures++)
		return;
	n = snprintf(buf, room, "%s reader: ", c->mode);
	if (n < 0 || (size_t)n >= room)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, room - (size_t)n, fmt, ap);
	va_end(ap);
}

#define CHECK(c, cond, ...)                                                 \
	do {                                                                \
		if (!(cond))                                                \
			sweep_fail((c), __VA_ARGS__);                       \
	} while (0)

/* FNV-1a over the eight bytes of v. */
static void mix(struct sweep_ctx *c, int64_t v)
{
	uint64_t u = (uint64_t)v;

	for (int i = 0; i < 8; i++, u >>= 8) {
		c->hash ^= u & 0xff;
		c->hash *= 0x100000001b3ull;
	}
}

/* A pointer the reader handed back, as its offset in the blob. */
static void mix_ptr(struct sweep_ctx *c, const void *p)
{
	mix(c, p ? (int64_t)((uintptr_t)p - (uintptr_t)c->f->blob) : -1);
}

static bool is_kerr(int r)
{
	return r < 0 && r > -E_COUNT;
}

/* Every typed reading of property `name` of `node`. */
static void sweep_value(struct sweep_ctx *c, int node, const char *name)
{
	const struct fdt *f = c->f;
	const char *s;
	uint64_t cells;
	uint32_t u;
	int r;

	r = fdt_prop_u32(f, node, name, &u);
	mix(c, r);
	if (!r)
		mix(c, u);
	r = fdt_prop_string(f, node, name, &s);
	mix(c, r);
	if (!r) {
		CHECK(c, str_in_struct(f, s),
		      "string %s of node %d to end inside the struct block",
		      name, node);
		mix_ptr(c, s);
	}
	for (unsigned int idx = 0; idx < SWEEP_INDICES; idx++)
		for (unsigned int n = 1; n <= 2; n++) {
			r = fdt_prop_cells(f, node, name, idx, n, &cells);
			mix(c, r);
			if (!r)
				mix(c, (int64_t)cells);
		}
	r = fdt_prop_cells(f, node, name, 0, 3, &cells);
	CHECK(c, r == -E_RANGE, "3 cells to be -E_RANGE, got %d", r);
	mix(c, fdt_prop_bool(f, node, name));
	for (unsigned int idx = 0; idx < SWEEP_INDICES; idx++) {
		r = fdt_stringlist_get(f, node, name, idx, &s);
		mix(c, r);
		if (r)
			break;
		CHECK(c, str_in_struct(f, s),
		      "entry %u of %s of node %d to end inside the struct "
		      "block", idx, name, node);
		mix_ptr(c, s);
	}
}

/* The property walk, and each walked property looked up by its name. */
static void sweep_props(struct sweep_ctx *c, int node)
{
	const struct fdt *f = c->f;
	bool named = true;	/* every property so far has a good name */
	int p, prev = node;

	for (p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		const char *name;
		const void *val, *v2;
		uint32_t len, l2;
		int r;

		CHECK(c, p > prev, "property walk to move forward: %d after %d",
		      p, prev);
		if (p <= prev)
			return;
		prev = p;
		mix(c, p);
		r = fdt_prop_at(f, p, &name, &val, &len);
		mix(c, r);
		if (r) {
			CHECK(c, is_kerr(r), "prop_at to fail with a kerr, got %d",
			      r);
			named = false;
			continue;
		}
		CHECK(c, str_in_block(f, name, f->strings_off, f->strings_size),
		      "property %d's name to end inside the strings block", p);
		CHECK(c, in_struct(f, val, len),
		      "property %d's %u-byte value inside the struct block", p,
		      len);
		mix_ptr(c, name);
		mix_ptr(c, val);
		mix(c, len);
		r = fdt_getprop(f, node, name, &v2, &l2);
		mix(c, r);
		/* The first property of that name: this one or an earlier. */
		if (named)
			CHECK(c, !r && (uintptr_t)v2 <= (uintptr_t)val,
			      "getprop(%d, %s) to find the walked property at "
			      "%d or an earlier one, got %d", node, name, p, r);
		if (!r)
			CHECK(c, in_struct(f, v2, l2),
			      "getprop(%d, %s)'s value inside the struct block",
			      node, name);
		sweep_value(c, node, name);
	}
	CHECK(c, is_kerr(p), "property walk to end in a kerr, got %d", p);
	mix(c, p);
}

/* Each compatible string of `node` is found by both lookups; the first
 * few distinct ones are searched tree-wide later. */
static void sweep_compatible(struct sweep_ctx *c, int node)
{
	const struct fdt *f = c->f;
	const char *s;
	unsigned int i, k;

	for (i = 0; i < SWEEP_INDICES; i++) {
		int r = fdt_stringlist_get(f, node, "compatible", i, &s);

		mix(c, r);
		if (r)
			break;
		r = fdt_node_is_compatible(f, node, s);
		CHECK(c, r == 1, "node %d to be compatible with its entry %u "
		      "\"%s\", got %d", node, i, s, r);
		for (k = 0; k < c->ncompat; k++)
			if (!strcmp(c->compat[k].s, s))
				break;
		if (k == c->ncompat && k < SWEEP_COMPATS)
			c->compat[c->ncompat++] = (struct sweep_compat){ s, node };
	}
	mix(c, fdt_node_is_compatible(f, node, "simple-bus"));
	mix(c, fdt_node_is_compatible(f, node, ""));
}

static void sweep_links(struct sweep_ctx *c, int node, int depth)
{
	const struct fdt *f = c->f;
	int r, sub, prev = node;
	uint32_t ph;

	r = fdt_parent(f, node);
	mix(c, r);
	if (!node)
		CHECK(c, r == -E_NOENT, "the root to have no parent, got %d", r);
	else if (r >= 0)
		CHECK(c, r == c->up[depth - 1],
		      "node %d's parent to be %d, as the walk found, got %d",
		      node, c->up[depth - 1], r);
	for (sub = fdt_first_subnode(f, node); sub >= 0;
	     sub = fdt_next_subnode(f, sub)) {
		CHECK(c, sub > prev, "subnode walk to move forward: %d after "
		      "%d", sub, prev);
		if (sub <= prev)
			return;
		prev = sub;
		mix(c, sub);
		r = fdt_parent(f, sub);
		if (r >= 0)
			CHECK(c, r == node, "subnode %d's parent to be %d, got "
			      "%d", sub, node, r);
	}
	CHECK(c, is_kerr(sub), "subnode walk to end in a kerr, got %d", sub);
	mix(c, sub);

	/* The first node carrying a phandle is what the phandle finds. */
	if (fdt_prop_u32(f, node, "phandle", &ph) || !ph || ph == ~0u)
		return;
	r = fdt_node_by_phandle(f, ph);
	mix(c, r);
	CHECK(c, r >= 0 ? r <= node : r != -E_NOENT,
	      "phandle %#x of node %d to find it or an earlier node, got %d",
	      ph, node, r);
}

static void sweep_reg_irq(struct sweep_ctx *c, int node)
{
	const struct fdt *f = c->f;
	struct fdt_irq irq;
	uint64_t a, s;
	uint32_t nc;
	int r;

	for (unsigned int i = 0; i < SWEEP_INDICES; i++) {
		uint64_t la = 0, ls = 0;
		int lr;

		r = fdt_reg(f, node, i, &a, &s);
		mix(c, r);
		if (!r) {
			mix(c, (int64_t)a);
			mix(c, (int64_t)s);
		}
		CHECK(c, r >= 0 || is_kerr(r), "reg to fail with a kerr, got %d",
		      r);
		/* A local address is asked with fewer conditions: wherever
		 * fdt_reg gives a CPU address, it is the same one. */
		lr = fdt_reg_local(f, node, i, &la, &ls);
		mix(c, lr);
		CHECK(c, lr >= 0 || is_kerr(lr),
		      "reg_local to fail with a kerr, got %d", lr);
		CHECK(c, r || (lr == 0 && la == a && ls == s),
		      "reg_local to give reg's %#llx+%#llx, got %d %#llx+%#llx",
		      (unsigned long long)a, (unsigned long long)s, lr,
		      (unsigned long long)la, (unsigned long long)ls);
	}
	for (unsigned int i = 0; i < SWEEP_INDICES; i++) {
		r = fdt_irq(f, node, i, &irq);
		mix(c, r);
		CHECK(c, r >= 0 || is_kerr(r), "irq to fail with a kerr, got %d",
		      r);
		if (r)
			continue;
		CHECK(c, irq.ncells >= 1 && irq.ncells <= FDT_MAX_IRQ_CELLS &&
			 irq.controller >= 0 &&
			 fdt_node_name(f, irq.controller) &&
			 !fdt_prop_u32(f, irq.controller, "#interrupt-cells",
				       &nc) && nc == irq.ncells,
		      "interrupt %u of node %d to have 1..%d cells as its "
		      "controller says, got %u cells, controller %d", i, node,
		      FDT_MAX_IRQ_CELLS, irq.ncells, irq.controller);
		mix(c, irq.controller);
		for (unsigned int k = 0; k < irq.ncells && k < FDT_MAX_IRQ_CELLS;
		     k++)
			mix(c, irq.cells[k]);
	}
}

/* Whether a node called `got` answers a lookup of component `name`:
 * the same name, or name@unit for a name without a unit address. */
static bool name_answers(const char *got, const char *name)
{
	size_t l = strlen(name);

	return got && (!strcmp(got, name) ||
		       (!strchr(name, '@') && !strncmp(got, name, l) &&
			got[l] == '@'));
}

/* The node looked up by its own path: that node, or (with a sibling of
 * the same name on the way) an earlier one answering to its name. */
static void sweep_path(struct sweep_ctx *c, int node, int depth,
		       const char *name)
{
	const struct fdt *f = c->f;
	char path[SWEEP_PATH_MAX], *at;
	size_t n = 0;
	const char *got;
	int r;

	for (int d = 1; d <= depth; d++) {
		size_t l = strlen(c->names[d]);

		if (!l || memchr(c->names[d], '/', l) ||
		    n + l + 2 > sizeof(path))
			return;
		path[n++] = '/';
		memcpy(path + n, c->names[d], l);
		n += l;
	}
	path[n] = 0;
	r = fdt_path_offset(f, depth ? path : "/");
	mix(c, r);
	got = r >= 0 ? fdt_node_name(f, r) : NULL;
	CHECK(c, r < 0 || (r <= node && name_answers(got, name)),
	      "path %s to find node %d or an earlier one of its name, got %d",
	      depth ? path : "/", node, r);
	CHECK(c, r >= 0 || is_kerr(r), "path lookup to fail with a kerr, "
	      "got %d", r);
	/* Without the unit address, which matches when unique. */
	at = depth ? strrchr(path, '@') : NULL;
	if (at && at > strrchr(path, '/') + 1) {
		*at = 0;
		mix(c, fdt_path_offset(f, path));
	}
}

/* Every alias of /aliases resolved, alone and with a path after it. */
static void sweep_aliases(struct sweep_ctx *c, int node)
{
	const struct fdt *f = c->f;
	char buf[SWEEP_PATH_MAX];
	const char *name;
	const void *val;
	uint32_t len;
	int p, r;

	for (p = fdt_first_prop(f, node); p >= 0; p = fdt_next_prop(f, p)) {
		if (fdt_prop_at(f, p, &name, &val, &len) || !*name ||
		    strchr(name, '/') || strlen(name) + 3 > sizeof(buf))
			continue;
		r = fdt_path_offset(f, name);
		mix(c, r);
		CHECK(c, r >= 0 ? fdt_node_name(f, r) != NULL : is_kerr(r),
		      "alias %s to find a node or fail with a kerr, got %d",
		      name, r);
		snprintf(buf, sizeof(buf), "%s/x", name);
		mix(c, fdt_path_offset(f, buf));
	}
}

/* Driver matching and interrupt translation as boot does them, with the
 * stand-ins of fdt_bind.c: a driver found lists a compatible string of
 * the node, and an IRQ number handed out is one irq.c has room for. */
static void sweep_bind(struct sweep_ctx *c, int node)
{
	const struct fdt *f = c->f;
	unsigned int irq;
	int r;

	for (int class = 0; class < DRIVER_CLASS_COUNT; class++) {
		const struct driver *drv = driver_find(f, node, class);
		bool listed = false;

		mix_ptr(c, drv ? drv->name : NULL);
		for (const char *const *s = drv ? drv->compatible : NULL;
		     s && *s; s++)
			listed |= fdt_node_is_compatible(f, node, *s) == 1;
		CHECK(c, !drv || listed, "driver %s found for node %d to "
		      "handle one of its compatible strings",
		      drv ? drv->name : "", node);
		r = driver_bind_node(f, node, class);
		mix(c, r);
		CHECK(c, r >= 0 || is_kerr(r), "binding to fail with a kerr, "
		      "got %d", r);
	}
	for (unsigned int i = 0; i < SWEEP_INDICES; i++) {
		irq = ~0u;
		r = irq_of_fdt(f, node, i, &irq);
		mix(c, r);
		CHECK(c, r >= 0 || is_kerr(r), "irq_of_fdt to fail with a "
		      "kerr, got %d", r);
		if (r)
			continue;
		mix(c, irq);
		CHECK(c, irq < CONFIG_IRQ_MAX, "interrupt %u of node %d to be "
		      "an IRQ below %d, got %u", i, node, CONFIG_IRQ_MAX, irq);
	}
}

/* A tree of a bare root: header, empty reservation map, then BEGIN_NODE
 * "", END_NODE, END; no strings. */
static const uint32_t bare_root[] __attribute__((aligned(8))) = {
	0xedfe0dd0u, 0x48000000u, 0x38000000u, 0x48000000u, 0x28000000u,
	0x11000000u, 0x10000000u, 0, 0, 0x10000000u,
	0, 0, 0, 0,
	0x01000000u, 0, 0x02000000u, 0x09000000u,
};

/* Binding class by class as boot does, after driver.c's one scan of the
 * tree, which it keeps for the reader it scanned. A reader at the same
 * address as a scanned one may hold another tree here: binding a bare
 * root first makes that one the scanned reader, so the next call scans
 * the swept tree afresh. */
static void sweep_bind_classes(struct sweep_ctx *c)
{
	static struct fdt bare;

	if (!bare.blob && fdt_open(&bare, bare_root, sizeof(bare_root)))
		sweep_fail(c, "the bare root to open");
	for (int class = 0; class < DRIVER_CLASS_COUNT; class++) {
		int r = driver_bind_class(&bare, class);

		CHECK(c, r == 0, "nothing to bind on a bare root, got %d", r);
		r = driver_bind_class(c->f, class);
		mix(c, r);
		CHECK(c, r >= 0 || is_kerr(r), "binding class %d to return a "
		      "count or a kerr, got %d", class, r);
	}
}

static void sweep_node(struct sweep_ctx *c, int node, int depth)
{
	const struct fdt *f = c->f;
	const char *name = fdt_node_name(f, node);

	CHECK(c, name && str_in_struct(f, name),
	      "node %d's name to end inside the struct block", node);
	if (!name)
		return;
	c->up[depth] = node;
	c->names[depth] = name;
	mix(c, node);
	mix_ptr(c, name);
	mix(c, fdt_node_is_enabled(f, node));
	sweep_links(c, node, depth);
	sweep_props(c, node);
	sweep_compatible(c, node);
	sweep_reg_irq(c, node);
	sweep_path(c, node, depth, name);
	sweep_bind(c, node);
	if (depth == 1 && !strcmp(name, "aliases"))
		sweep_aliases(c, node);
}

/* A negative offset comes back unchanged; a misaligned one or one past
 * the block is refused. */
static void sweep_bad_offsets(struct sweep_ctx *c)
{
	static const int errs[] = { -E_INVAL, -E_BADFDT };
	const struct fdt *f = c->f;
	struct fdt_irq irq;
	const void *v;
	uint64_t a, s;
	uint32_t len;
	int depth = 0;

	for (unsigned int i = 0; i < sizeof(errs) / sizeof(*errs); i++) {
		int e = errs[i], got[9];

		got[0] = fdt_getprop(f, e, "reg", &v, &len);
		got[1] = fdt_getprop(f, e, "nosuch", &v, &len);
		got[2] = fdt_first_prop(f, e);
		got[3] = fdt_next_prop(f, e);
		got[4] = fdt_parent(f, e);
		got[5] = fdt_first_subnode(f, e);
		got[6] = fdt_next_node(f, e, &depth);
		got[7] = fdt_reg(f, e, 0, &a, &s);
		got[8] = fdt_irq(f, e, 0, &irq);
		for (unsigned int k = 0; k < 9; k++)
			CHECK(c, got[k] == e, "call %u to pass error %d on, "
			      "got %d", k, e, got[k]);
		CHECK(c, !fdt_node_name(f, e), "no name for offset %d", e);
	}
	for (int off = 1; off < 4; off++) {
		CHECK(c, fdt_getprop(f, off, "reg", &v, &len) == -E_INVAL &&
			 fdt_first_prop(f, off) == -E_INVAL &&
			 !fdt_node_name(f, off),
		      "misaligned offset %d to be refused", off);
		mix(c, fdt_parent(f, off));
		mix(c, fdt_reg(f, off, 0, &a, &s));
	}
	for (uint32_t off = f->struct_size; off <= f->struct_size + 4;
	     off += 4) {
		CHECK(c, fdt_getprop(f, (int)off, "reg", &v, &len) < 0 &&
			 fdt_first_prop(f, (int)off) < 0 &&
			 !fdt_node_name(f, (int)off),
		      "offset %u past the struct block to be refused", off);
	}
}

/* The compatible strings found, searched tree-wide: each hit lists it,
 * hits move forward, and a search that reaches the end has seen the
 * first node found listing it. */
static void sweep_by_compatible(struct sweep_ctx *c)
{
	const struct fdt *f = c->f;

	for (unsigned int k = 0; k < c->ncompat; k++) {
		const char *s = c->compat[k].s;
		bool seen = false;
		int node, prev = -1;

		for (node = fdt_node_by_compatible(f, -1, s); node >= 0;
		     node = fdt_node_by_compatible(f, node, s)) {
			CHECK(c, node > prev && fdt_node_is_compatible(f, node, s)
				 == 1, "compatible search for %s to move on to "
			      "a node that lists it: %d after %d", s, node,
			      prev);
			if (node <= prev)
				break;
			prev = node;
			seen |= node == c->compat[k].first;
			mix(c, node);
		}
		mix(c, node);
		CHECK(c, node != -E_NOENT || seen, "a search for %s that ends "
		      "to have found node %d", s, c->compat[k].first);
	}
	mix(c, fdt_node_by_compatible(f, -E_BADFDT, "x"));
	mix(c, fdt_node_by_compatible(f, 0, ""));
}

static void sweep_fixed_paths(struct sweep_ctx *c)
{
	static const char *const paths[] = {
		"/", "//", "/chosen", "/aliases", "/cpus/cpu@0", "/soc",
		"/@", "@", "serial0", "serial0/x", "/a/b/c/d/e/f", "x@",
	};
	int r;

	CHECK(c, fdt_path_offset(c->f, "") == -E_INVAL,
	      "the empty path to be -E_INVAL");
	r = fdt_path_offset(c->f, "/");
	CHECK(c, r == 0, "\"/\" to be the root, got %d", r);
	for (unsigned int i = 0; i < sizeof(paths) / sizeof(*paths); i++) {
		r = fdt_path_offset(c->f, paths[i]);
		mix(c, r);
		CHECK(c, r >= 0 || is_kerr(r), "path %s to fail with a kerr, "
		      "got %d", paths[i], r);
	}
}

/* Region `g` of the memory map is also a `reg` entry of its node as
 * fdt_reg() decodes it: the two readers of `reg` agree. */
static bool memmap_region_is_reg(const struct fdt *f,
				 const struct memmap_region *g)
{
	int node = (int)((uintptr_t)g->name -
			 (uintptr_t)(f->blob + f->struct_off)) - 4;
	uint64_t a, s;

	for (unsigned int i = 0; !fdt_reg(f, node, i, &a, &s); i++)
		if (a == g->base && s == g->size)
			return true;
	return false;
}

static void sweep_memmap(struct sweep_ctx *c)
{
	const struct fdt *f = c->f;
	struct memmap m;
	int r = memmap_from_fdt(f, &m);

	mix(c, r);
	if (r) {
		CHECK(c, is_kerr(r), "memmap to fail with a kerr, got %d", r);
		CHECK(c, !m.bad_node || str_in_struct(f, m.bad_node),
		      "memmap's bad node name inside the struct block");
		return;
	}
	CHECK(c, m.count <= MEMMAP_MAX, "at most %d regions, got %u",
	      MEMMAP_MAX, m.count);
	for (unsigned int i = 0; i < m.count && i < MEMMAP_MAX; i++) {
		const struct memmap_region *g = &m.r[i];

		mix(c, (int64_t)g->base);
		mix(c, (int64_t)g->size);
		mix(c, g->type);
		mix_ptr(c, g->name);
		CHECK(c, g->size && g->base + g->size > g->base &&
			 g->name && str_in_struct(f, g->name) &&
			 (!i || m.r[i - 1].base <= g->base) &&
			 memmap_find(&m, g->base, g->size),
		      "region %u to be non-empty, not to wrap, be named, "
		      "sorted and found", i);
		if (g->name && str_in_struct(f, g->name))
			CHECK(c, memmap_region_is_reg(f, g),
			      "region %u (%s, %#llx + %#llx) to be a reg entry "
			      "of its node as fdt_reg reads it", i, g->name,
			      (unsigned long long)g->base,
			      (unsigned long long)g->size);
		for (unsigned int j = 0; j < i; j++) {
			const struct memmap_region *h = &m.r[j];
			bool overlap = h->base < g->base + g->size &&
				       g->base < h->base + h->size;

			CHECK(c, !overlap || (g->type == MEMMAP_DEVICE &&
					      h->type == MEMMAP_DEVICE),
			      "RAM region %u or %u not to overlap another", j,
			      i);
		}
	}
}

static void sweep_tree(struct sweep_ctx *c)
{
	const struct fdt *f = c->f;
	uint64_t a, s;
	unsigned int i;
	int node = 0, depth = 0, prev = 0, prev_depth = 0;

	c->hash = 0xcbf29ce484222325ull;
	c->ncompat = 0;
	fdt_bind_attach(f);
	sweep_node(c, 0, 0);
	while ((node = fdt_next_node(f, node, &depth)) >= 0) {
		CHECK(c, node > prev && depth >= 1 && depth <= FDT_MAX_DEPTH &&
			 depth <= prev_depth + 1,
		      "walk to move forward one level at most, within 1..%d: "
		      "node %d (depth %d) after %d (depth %d)", FDT_MAX_DEPTH,
		      node, depth, prev, prev_depth);
		if (node <= prev || depth < 1 || depth > FDT_MAX_DEPTH ||
		    depth > prev_depth + 1)
			break;
		c->out->nodes++;
		sweep_node(c, node, depth);
		prev = node;
		prev_depth = depth;
	}
	CHECK(c, is_kerr(node) || node > 0, "walk to end in a kerr, got %d",
	      node);
	mix(c, node);
	sweep_by_compatible(c);
	sweep_fixed_paths(c);
	sweep_bad_offsets(c);
	for (i = 0; fdt_rsv_entry(f, i, &a, &s) == 0 && i <= f->size / 16;
	     i++) {
		mix(c, (int64_t)a);
		mix(c, (int64_t)s);
	}
	CHECK(c, i <= f->size / 16, "the reservation walk to end");
	sweep_memmap(c);
	sweep_bind_classes(c);
	CHECK(c, !fdt_bind_bad_calls, "no IRQ outside 0..%d to reach a "
	      "controller, got %u", CONFIG_IRQ_MAX - 1, fdt_bind_bad_calls);
}

/* A reader that fdt_open() refused reads nothing and says so. */
static void sweep_closed(struct sweep_ctx *c)
{
	const struct fdt *f = c->f;
	const void *v;
	const char *str;
	struct fdt_irq irq;
	struct memmap m;
	uint64_t a, s;
	uint32_t len;
	int depth = 0;

	CHECK(c, fdt_getprop(f, 0, "reg", &v, &len) < 0 &&
		 fdt_getprop(f, 0, "model", &v, &len) < 0 &&
		 fdt_prop_string(f, 0, "model", &str) < 0 &&
		 fdt_first_prop(f, 0) < 0 && !fdt_node_name(f, 0) &&
		 fdt_next_node(f, 0, &depth) < 0 && fdt_parent(f, 4) < 0 &&
		 fdt_path_offset(f, "/a") < 0 &&
		 fdt_path_offset(f, "serial0") < 0 &&
		 fdt_node_by_compatible(f, -1, "x") < 0 &&
		 fdt_node_by_phandle(f, 1) < 0 && fdt_reg(f, 0, 0, &a, &s) < 0 &&
		 fdt_irq(f, 0, 0, &irq) < 0 &&
		 fdt_rsv_entry(f, 0, &a, &s) < 0 && memmap_from_fdt(f, &m) < 0,
	      "every lookup on a refused blob to fail");
}

unsigned int fdt_sweep(const uint8_t *blob, size_t size, struct fdt_sweep *s)
{
	struct fdt f, walking;
	struct sweep_ctx c = { .f = &f, .out = s, .mode = "indexed" };
	uint64_t indexed;

	memset(s, 0, sizeof(*s));
	s->open_err = fdt_open(&f, blob, size);
	if (s->open_err) {
		CHECK(&c, is_kerr(s->open_err) && !f.blob && !f.size,
		      "a failed open to return a kerr and read nothing, got %d",
		      s->open_err);
		sweep_closed(&c);
		return s->failures;
	}
	CHECK(&c, f.blob == blob && f.size <= size &&
		  f.struct_off + f.struct_size <= f.size &&
		  f.strings_off + f.strings_size <= f.size &&
		  f.rsvmap_off < f.size && f.nindex <= FDT_INDEX_MAX,
	      "an opened reader to stay inside the %zu-byte blob", size);
	sweep_tree(&c);
	if (!f.nindex)
		return s->failures;
	/* The same sweep without the index must answer alike. */
	indexed = c.hash;
	walking = f;
	walking.nindex = 0;
	c.f = &walking;
	c.mode = "walking";
	s->nodes = 0;
	sweep_tree(&c);
	CHECK(&c, c.hash == indexed, "the indexed reader (%u nodes) to "
	      "answer exactly as the walking one", f.nindex);
	return s->failures;
}
