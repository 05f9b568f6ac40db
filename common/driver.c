#include "driver.h"

#include "console.h"
#include "fdt.h"
#include "kerr.h"
#include "kstring.h"

extern const struct driver *const __drivers_start[];
extern const struct driver *const __drivers_end[];

/* The enabled nodes some driver handles, found by one walk of the tree
 * (driver_scan) and then bound class by class without walking again. */
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
	for (const char *const *c = drv->compatible; *c; c++)
		if (!strcmp(*c, compat))
			return true;
	return false;
}

/* The driver of `class` (any class if `any`) for the first of the node's
 * compatible strings that one handles: they run from most to least
 * specific. */
static const struct driver *driver_match_node(const struct fdt *fdt, int node,
					      enum driver_class class, bool any)
{
	const void *val;
	uint32_t len;

	if (fdt_getprop(fdt, node, "compatible", &val, &len) < 0)
		return NULL;
	/* A string list: each entry NUL-terminated within len. */
	for (const char *s = val, *end = s + len; s < end;) {
		size_t n = strnlen(s, (size_t)(end - s));

		if (n == (size_t)(end - s))
			return NULL;	/* unterminated: not a valid list */
		for (const struct driver *const *d = __drivers_start;
		     d < __drivers_end; d++)
			if ((any || (*d)->class == class) &&
			    driver_handles(*d, s))
				return *d;
		s += n + 1;
	}
	return NULL;
}

const struct driver *driver_find(const struct fdt *fdt, int node,
				 enum driver_class class)
{
	return driver_match_node(fdt, node, class, false);
}

static int driver_scan(const struct fdt *fdt)
{
	int node = 0, depth = 0;

	nmatches = 0;
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		const struct driver *drv;

		if (!fdt_node_is_enabled(fdt, node))
			continue;
		drv = driver_match_node(fdt, node, 0, true);
		if (!drv)
			continue;
		if (nmatches == DRIVER_MATCHES_MAX)
			return -E_NOMEM;
		matches[nmatches++] = (struct driver_match){ node, drv };
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
