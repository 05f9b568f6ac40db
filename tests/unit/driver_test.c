/* Host tests of driver binding (common/driver.c) over a small tree
 * (fdt/drivers.dts) and a table of two stand-in drivers: which nodes are
 * probed (not those on a disabled bus, which the memory map leaves
 * unmapped), what a failed probe returns, a tree that breaks half-way
 * through the scan, one node that two drivers of a class handle, and a
 * tree with more devices than the binding table holds. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "fdt_blob.h"
#include "kerr.h"
#include "unit.h"

#ifndef FDT_TEST_DIR
#error "FDT_TEST_DIR must name the directory of the compiled test trees"
#endif

/* The names of the nodes probed, in order. */
static char probed[128];

static int dev_probe(const struct fdt *fdt, int node)
{
	size_t used = strlen(probed);

	snprintf(probed + used, sizeof(probed) - used, "%s ",
		 fdt_node_name(fdt, node));
	return 0;
}

/* A probe that finds no device where the tree says one is. */
static int absent_probe(const struct fdt *fdt, int node)
{
	dev_probe(fdt, node);
	return -E_NODEV;
}

/* A second driver of dev's class for "t,other", which c@300 lists
 * before "t,dev": it counts its probes, and writes the names as dev's. */
static unsigned int other_probes;

static int other_probe(const struct fdt *fdt, int node)
{
	other_probes++;
	return dev_probe(fdt, node);
}

static const char *const dev_compat[] = { "t,dev", NULL };
static const char *const other_compat[] = { "t,other", NULL };
static const char *const absent_compat[] = { "t,absent", NULL };
static const struct driver dev_driver = { "dev", DRIVER_TIMER, dev_compat,
					  dev_probe, NULL, NULL };
static const struct driver absent_driver = { "absent", DRIVER_POWER,
					     absent_compat, absent_probe,
					     NULL, NULL };
static const struct driver other_driver = { "other", DRIVER_TIMER,
					    other_compat, other_probe, NULL,
					    NULL };

/* The table the linker collects in the kernel: an array and a symbol at
 * its end. */
const struct driver *const __drivers_start[] = { &dev_driver,
						 &absent_driver,
						 &other_driver };
#define DRV_STR(x) #x
#define DRV_XSTR(x) DRV_STR(x)
__asm__(".globl __drivers_end\n\t"
	".set __drivers_end, __drivers_start + 3 * "
	DRV_XSTR(__SIZEOF_POINTER__));

/* The console: driver.c names a failed probe. */
static unsigned int printed;

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	printed++;
	return n;
}

/* The tree in a heap buffer of its size; each test opens its own
 * struct fdt (driver.c keeps the last one it scanned). */
static uint8_t *tree_load_named(struct fdt *f, const char *name)
{
	size_t size;
	uint8_t *b = unit_file_read(FDT_TEST_DIR, name, &size);

	if (!b || fdt_open(f, b, size) != 0) {
		fprintf(stderr, "driver_test: cannot open %s\n", name);
		exit(2);
	}
	return b;
}

static uint8_t *tree_load(struct fdt *f)
{
	return tree_load_named(f, "drivers.dtb");
}

UNIT_TEST(a_class_binds_its_enabled_nodes_and_not_a_disabled_one)
{
	static struct fdt f;
	uint8_t *b = tree_load(&f);
	int n;

	probed[0] = '\0';
	n = driver_bind_class(&f, DRIVER_TIMER);
	EXPECT(n == 5 && !strcmp(probed, "a@100 c@300 e@500 g@700 h@800 "),
	       "5 bound, a, c, e, g and h on an enabled bus (b is disabled, f "
	       "on a disabled bus): got %d, '%s'", n, probed);
	free(b);
}

UNIT_TEST(a_probe_that_finds_no_device_is_not_taken_for_no_driver)
{
	static struct fdt f;
	uint8_t *b = tree_load(&f);
	int a = fdt_path_offset(&f, "/a@100"), d = fdt_path_offset(&f, "/d@400");
	int err;

	/* -E_NODEV is reserved for "no driver handles the node". */
	err = driver_bind_node(&f, a, DRIVER_POWER);
	EXPECT(err == -E_NODEV, "no power driver for a: -E_NODEV, got %s",
	       kerr_name(err));
	printed = 0;
	err = driver_bind_node(&f, d, DRIVER_POWER);
	EXPECT(err == -E_INVAL && printed == 1, "d's probe failing with "
	       "-E_NODEV: -E_INVAL and said, got %s (%u lines)",
	       kerr_name(err), printed);
	err = driver_bind_class(&f, DRIVER_POWER);
	EXPECT(err == -E_INVAL, "the class: -E_INVAL, got %s", kerr_name(err));
	free(b);
}

UNIT_TEST(a_tree_that_breaks_mid_scan_binds_nothing_and_says_why)
{
	static struct fdt f;
	uint8_t *b = tree_load(&f);
	int e = fdt_path_offset(&f, "/e@500");
	int err;

	REQUIRE(e > 0, "e@500 in the tree");
	/* e's BEGIN_NODE becomes a token the specification does not have:
	 * the scan reaches it after a and c, which it has matched. */
	wr32(b + f.struct_off + (uint32_t)e, 5);
	REQUIRE(fdt_open(&f, b, rd32(b + H_TOTALSIZE)) == 0,
		"the header and blocks still valid");
	probed[0] = '\0';
	err = driver_bind_class(&f, DRIVER_TIMER);
	EXPECT(err == -E_BADFDT && !probed[0],
	       "-E_BADFDT before any probe, got %s, probed '%s'",
	       kerr_name(err), probed);
	err = driver_bind_class(&f, DRIVER_TIMER);
	EXPECT(err == -E_BADFDT && !probed[0], "and again: -E_BADFDT, got %s",
	       kerr_name(err));
	free(b);
}

/* The most specific compatible string wins: c@300's "t,other" driver
 * binds it, and dev, of the same class, does not probe it again. */
UNIT_TEST(a_node_two_drivers_of_a_class_handle_is_bound_once_by_the_first)
{
	static struct fdt f;
	uint8_t *b = tree_load(&f);
	int n;

	probed[0] = '\0';
	other_probes = 0;
	n = driver_bind_class(&f, DRIVER_TIMER);
	EXPECT(n == 5 && other_probes == 1 &&
	       !strcmp(probed, "a@100 c@300 e@500 g@700 h@800 "),
	       "5 bound, c once and by 'other': got %d, %u by other, '%s'",
	       n, other_probes, probed);
	free(b);
}

/* One device more than the table holds: the scan refuses the tree and
 * probes none, rather than write past the table or drop a device. */
UNIT_TEST(a_tree_with_more_devices_than_the_table_holds_binds_none)
{
	static struct fdt f;
	uint8_t *b = tree_load_named(&f, "drivers-many.dtb");
	int err;

	probed[0] = '\0';
	err = driver_bind_class(&f, DRIVER_TIMER);
	EXPECT(err == -E_NOMEM && !probed[0],
	       "33 devices: -E_NOMEM before any probe, got %s, probed '%s'",
	       kerr_name(err), probed);
	free(b);
}

int main(void)
{
	return unit_run_all();
}
