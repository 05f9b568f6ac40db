#include "driver.h"

#include "console.h"
#include "fdt.h"
#include "kerr.h"
#include "kstring.h"
#include "linker.h"

extern const struct driver *const __drivers_start[];
extern const struct driver *const __drivers_end[];

/* The (node, driver) pairs of the tree, found by one walk (driver_scan)
 * and then bound class by class without walking again. A node may have a
 * driver in several classes (the x86 LAPIC is both the interrupt
 * controller and the timer): one pair per class. */
#define DRIVER_MATCHES_MAX 32

struct driver_match {
	int node;
	const struct driver *drv;
};

static struct driver_match matches[DRIVER_MATCHES_MAX];
static unsigned int nmatches;
static const struct fdt *scanned;

static bool driver_handles(const struct driver *drv, const char *compat)
{
	/* The first character is compared inline: most strings differ
	 * there, and boot matches every node against every driver. */
	for (const char *const *c = drv->compatible; *c; c++)
		if ((*c)[0] == compat[0] && !strcmp(*c, compat))
			return true;
	return false;
}

/* Calls `found` for each driver that handles one of the node's
 * compatible strings, from the most specific string to the least, until
 * it returns true; -E_BADFDT for a string list that is not one. */
static int driver_match_node(const struct fdt *fdt, int node,
			     bool (*found)(const struct driver *drv, void *ctx),
			     void *ctx)
{
	const void *val;
	uint32_t len;

	size_t ndrivers = LINKER_POINTERS(__drivers_start, __drivers_end);

	if (fdt_getprop(fdt, node, "compatible", &val, &len) < 0)
		return 0;
	/* A string list: each entry NUL-terminated within len. */
	for (const char *s = val, *end = s + len; s < end;) {
		size_t n = strnlen(s, (size_t)(end - s));

		if (n == (size_t)(end - s))
			return -E_BADFDT;
		for (size_t i = 0; i < ndrivers; i++)
			if (driver_handles(__drivers_start[i], s) &&
			    found(__drivers_start[i], ctx))
				return 0;
		s += n + 1;
	}
	return 0;
}

struct find_ctx {
	enum driver_class class;
	const struct driver *drv;
};

static bool find_class(const struct driver *drv, void *ctx)
{
	struct find_ctx *f = ctx;

	if (drv->class != f->class)
		return false;
	f->drv = drv;
	return true;
}

const struct driver *driver_find(const struct fdt *fdt, int node,
				 enum driver_class class)
{
	struct find_ctx f = { class, NULL };

	driver_match_node(fdt, node, find_class, &f);
	return f.drv;
}

struct scan_ctx {
	int node;
	unsigned int first;	/* this node's first pair */
	int err;
};

/* Records the node's driver for a class it has none for yet. */
static bool scan_found(const struct driver *drv, void *ctx)
{
	struct scan_ctx *sc = ctx;

	for (unsigned int i = sc->first; i < nmatches; i++)
		if (matches[i].drv->class == drv->class)
			return false;
	if (nmatches == DRIVER_MATCHES_MAX) {
		sc->err = -E_NOMEM;
		return true;
	}
	matches[nmatches++] = (struct driver_match){ sc->node, drv };
	return false;
}

static int driver_scan(const struct fdt *fdt)
{
	/* hidden: the depth of a disabled node whose subtree is skipped, as
	 * the memory map leaves it unmapped (Linux binds none of it either). */
	int node = 0, depth = 0, hidden = 0, err;

	/* The table is rewritten from here on: it belongs to no reader
	 * until the scan completes, even if it fails half-way. */
	nmatches = 0;
	scanned = NULL;
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		struct scan_ctx sc = { node, nmatches, 0 };

		if (hidden && depth > hidden)
			continue;
		hidden = 0;
		if (!fdt_node_is_enabled(fdt, node)) {
			hidden = depth;
			continue;
		}
		err = driver_match_node(fdt, node, scan_found, &sc);
		if (err < 0 || sc.err < 0)
			return err < 0 ? err : sc.err;
	}
	if (node != -E_NOENT)
		return node;
	scanned = fdt;
	return 0;
}

static int driver_probe(const struct fdt *fdt, int node,
			const struct driver *drv)
{
	int err = drv->probe(fdt, node);

	if (err < 0) {
		/* Say which device failed; the caller decides if it is fatal. */
		kprintf("driver %s: %s: probe failed (%s)\n", drv->name,
			fdt_node_name(fdt, node), kerr_name(err));
		if (err == -E_NODEV)
			err = -E_INVAL;
	}
	return err;
}

int driver_bind_node(const struct fdt *fdt, int node, enum driver_class class)
{
	const struct driver *drv = driver_find(fdt, node, class);

	return drv ? driver_probe(fdt, node, drv) : -E_NODEV;
}

/* Runs once, at boot: cold, so that GCC optimises it for size rather
 * than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
int driver_bind_class(const struct fdt *fdt, enum driver_class class)
{
	int bound = 0, err;

	if (scanned != fdt) {
		err = driver_scan(fdt);
		if (err < 0)
			return err;
	}
	for (unsigned int i = 0; i < nmatches; i++) {
		if (matches[i].drv->class != class)
			continue;
		err = driver_probe(fdt, matches[i].node, matches[i].drv);
		if (err < 0)
			return err;
		bound++;
	}
	return bound;
}
