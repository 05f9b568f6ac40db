#include "driver.h"

#include "console.h"
#include "fdt.h"
#include "kerr.h"
#include "kstring.h"

extern const struct driver *const __drivers_start[];
extern const struct driver *const __drivers_end[];

static bool driver_handles(const struct driver *drv, const char *compat)
{
	for (const char *const *c = drv->compatible; *c; c++)
		if (!strcmp(*c, compat))
			return true;
	return false;
}

const struct driver *driver_find(const struct fdt *fdt, int node,
				 enum driver_class class)
{
	const char *compat;

	/* The node lists compatibles from most to least specific. */
	for (unsigned int i = 0;
	     fdt_stringlist_get(fdt, node, "compatible", i, &compat) == 0;
	     i++) {
		for (const struct driver *const *d = __drivers_start;
		     d < __drivers_end; d++)
			if ((*d)->class == class && driver_handles(*d, compat))
				return *d;
	}
	return NULL;
}

int driver_bind_node(const struct fdt *fdt, int node, enum driver_class class)
{
	const struct driver *drv = driver_find(fdt, node, class);
	int err;

	if (!drv)
		return -E_NODEV;
	err = drv->probe(fdt, node);
	if (err < 0) {
		/* Say which device failed; the caller decides if it is fatal. */
		kprintf("driver %s: %s: probe failed (%s)\n", drv->name,
			fdt_node_name(fdt, node), kerr_name(err));
		if (err == -E_NODEV)
			err = -E_INVAL;
	}
	return err;
}

int driver_bind_class(const struct fdt *fdt, enum driver_class class)
{
	int node = 0, depth = 0, bound = 0, err;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (!fdt_node_is_enabled(fdt, node))
			continue;
		err = driver_bind_node(fdt, node, class);
		if (err == -E_NODEV)
			continue;
		if (err < 0)
			return err;
		bound++;
	}
	return node == -E_NOENT ? bound : node;
}
