/* The memory map the MMU code maps: RAM and device windows from the device
 * tree, sorted, without disabled nodes or addresses of other buses. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"
#include "kerr.h"
#include "memmap.h"
#include "unit.h"

UNIT_TEST(the_map_lists_ram_and_enabled_cpu_visible_devices_in_order)
{
	struct fdt fdt;
	struct memmap map;
	size_t size;
	void *blob = unit_file_read(FDT_TEST_DIR, "memmap.dtb", &size);

	REQUIRE(blob, "memmap.dtb in %s", FDT_TEST_DIR);
	REQUIRE(fdt_open(&fdt, blob, size) == 0, "a valid blob");
	REQUIRE(memmap_from_fdt(&fdt, &map) == 0, "a map");
	EXPECT(map.count == 5, "5 regions (gic x2, uart, i2c controller, RAM; "
	       "not the i2c sensor), got %u", map.count);
	if (map.count == 5) {
		EXPECT(map.r[0].base == 0x08000000 && map.r[0].type == MEMMAP_DEVICE,
		       "gic distributor first");
		EXPECT(map.r[1].base == 0x08010000, "gic cpu interface second");
		EXPECT(map.r[2].base == 0x09000000 &&
		       !strcmp(map.r[2].name, "uart@9000000"), "the uart third");
		EXPECT(map.r[3].base == 0x0b000000 && map.r[3].size == 0x1000,
		       "the i2c controller fourth");
		EXPECT(map.r[4].base == 0x40000000 && map.r[4].size == 0x10000000 &&
		       map.r[4].type == MEMMAP_RAM, "RAM last");
	}
	EXPECT(memmap_find(&map, 0x09000800, 0x100) == &map.r[2],
	       "a window inside the uart");
	EXPECT(memmap_find(&map, 0x09000f00, 0x200) == NULL,
	       "a window running past the uart's end");
	EXPECT(memmap_find(&map, 0x0a000000, 4) == NULL,
	       "the disabled device is not mapped");
	EXPECT(memmap_find(&map, 0x48, 1) == NULL,
	       "an i2c address is not a CPU address");
	free(blob);
}

/* memmap_from_fdt() on one of the test trees; the blob stays loaded for
 * the node names in the map. */
static struct fdt map_tree;

static int map_of(const char *name, struct memmap *map, void **blob)
{
	size_t size;

	*map = (struct memmap){ 0 };
	*blob = unit_file_read(FDT_TEST_DIR, name, &size);
	if (!*blob || fdt_open(&map_tree, *blob, size) != 0) {
		unit_fail(__FILE__, __LINE__, "%s in %s: not a valid blob",
			  name, FDT_TEST_DIR);
		return -E_BADFDT;
	}
	return memmap_from_fdt(&map_tree, map);
}

/* fdt_reg(), which drivers use, agrees with the map. */
static void expect_reg_notsup(const char *path)
{
	uint64_t a = 0, s = 0;
	int err = fdt_reg(&map_tree, fdt_path_offset(&map_tree, path), 0, &a, &s);

	EXPECT(err == -E_NOTSUP, "fdt_reg(%s): E_NOTSUP, got %s", path,
	       kerr_name(err));
}

/* ranges = <0x0 0x1c000000 0x100000>: the uart at child address 0x28000
 * is at 0x1c028000 for the CPU. Mapping 0x28000 would map the wrong
 * page; fdt_reg() refuses such a node with E_NOTSUP, and so does the map,
 * naming the bus. */
UNIT_TEST(a_translating_simple_bus_is_refused_not_mapped_untranslated)
{
	struct memmap map;
	void *blob;
	int err = map_of("memmap-ranges.dtb", &map, &blob);

	EXPECT(err == -E_NOTSUP, "E_NOTSUP, got %s", kerr_name(err));
	EXPECT(map.bad_node && !strcmp(map.bad_node, "soc"),
	       "the error names the bus, got '%s'",
	       map.bad_node ? map.bad_node : "(none)");
	EXPECT(memmap_find(&map, 0x28000, 0x400) == NULL,
	       "the bus-local address is not mapped");
	expect_reg_notsup("/soc/uart@28000");
	free(blob);
}

/* A simple-bus without `ranges` has no CPU addresses for its children
 * (devicetree spec 2.3.8): they are not mapped; the rest of the map is. */
UNIT_TEST(the_children_of_a_simple_bus_without_ranges_are_not_mapped)
{
	struct memmap map;
	void *blob;
	int err = map_of("memmap-noranges.dtb", &map, &blob);

	EXPECT(err == 0, "a map, got %s", kerr_name(err));
	EXPECT(map.count == 1 && map.r[0].type == MEMMAP_RAM,
	       "only the RAM, got %u regions", map.count);
	EXPECT(memmap_find(&map, 0x28000, 0x400) == NULL,
	       "the uart's bus address is not mapped");
	expect_reg_notsup("/soc/uart@28000");
	free(blob);
}

/* The map and fdt_reg() follow one rule: CPU addresses pass only through
 * enabled simple-buses with an empty `ranges`. A device on another bus
 * with an empty `ranges` or none, or on a disabled simple-bus, is neither
 * mapped nor given an address its driver would fault on; an isa bus's own
 * addresses still come back from fdt_reg_local() for its drivers to
 * decode. */
UNIT_TEST(a_bus_that_is_no_enabled_simple_bus_passes_no_cpu_address)
{
	struct memmap map;
	uint64_t a = 0, s = 0;
	void *blob;
	int err = map_of("memmap-notsimple.dtb", &map, &blob);

	EXPECT(err == 0, "a map, got %s", kerr_name(err));
	EXPECT(map.count == 1 && map.r[0].type == MEMMAP_RAM,
	       "only the RAM, got %u regions", map.count);
	EXPECT(memmap_find(&map, 0x09000000, 0x3000) == NULL,
	       "no uart is mapped");
	expect_reg_notsup("/bus/uart@9000000");
	expect_reg_notsup("/soc/uart@9001000");
	expect_reg_notsup("/local-bus/uart@9002000");
	expect_reg_notsup("/isa/serial@1,3f8");
	err = fdt_reg_local(&map_tree,
			    fdt_path_offset(&map_tree, "/isa/serial@1,3f8"), 0,
			    &a, &s);
	EXPECT(err == 0 && a == 0x1000003f8ull && s == 8,
	       "the isa serial's own address 0x1000003f8+8, got %s %#llx+%#llx",
	       kerr_name(err), (unsigned long long)a, (unsigned long long)s);
	free(blob);
}

/* A 5-byte #address-cells is a broken tree, as fdt_reg() says: not a
 * reason to read the children with the default 2 cells. */
UNIT_TEST(a_malformed_address_cells_is_a_bad_tree)
{
	struct memmap map;
	void *blob;
	int err = map_of("memmap-badcells.dtb", &map, &blob);

	EXPECT(err == -E_BADFDT, "E_BADFDT, got %s", kerr_name(err));
	EXPECT(map.bad_node && !strcmp(map.bad_node, "bad"),
	       "the error names the node, got '%s'",
	       map.bad_node ? map.bad_node : "(none)");
	free(blob);
}

/* With #address-cells = <0> a `reg` holds sizes only: there is no CPU
 * address to map, and fdt_reg() says -E_RANGE. The map used to read the
 * window's address as a size at address 0 and map [0, 0x9000000). */
UNIT_TEST(zero_address_cells_on_a_mapped_bus_is_refused_as_fdt_reg_does)
{
	struct memmap map;
	uint64_t a = 0, s = 0;
	void *blob;
	int err = map_of("memmap-zerocells.dtb", &map, &blob), rerr;

	EXPECT(err == -E_RANGE, "E_RANGE, got %s", kerr_name(err));
	EXPECT(map.bad_node && !strcmp(map.bad_node, "uart@9000000"),
	       "the error names the device, got '%s'",
	       map.bad_node ? map.bad_node : "(none)");
	EXPECT(memmap_find(&map, 0, 0x1000) == NULL,
	       "nothing mapped at address 0");
	rerr = fdt_reg(&map_tree, fdt_path_offset(&map_tree, "/uart@9000000"),
		       0, &a, &s);
	EXPECT(rerr == -E_RANGE, "fdt_reg: E_RANGE too, got %s",
	       kerr_name(rerr));
	free(blob);
}

/* A window whose end passes 2^64 is refused, not wrapped around onto
 * RAM. */
UNIT_TEST(a_window_that_wraps_past_the_top_of_memory_is_refused)
{
	struct memmap map;
	void *blob;
	int err = map_of("memmap-wrap.dtb", &map, &blob);

	EXPECT(err == -E_RANGE, "-E_RANGE, got %d", err);
	EXPECT(map.bad_node && !strcmp(map.bad_node,
				       "wraps@fffffffffffff000"),
	       "the node named, got %s", map.bad_node ? map.bad_node : "none");
	free(blob);
}

int main(void)
{
	return unit_run_all();
}

/* RAM is a node whose device_type is exactly "memory": the whole value,
 * its terminating NUL included, not a prefix of it. */
UNIT_TEST(only_a_device_type_of_exactly_memory_is_ram)
{
	const struct memmap_region *r;
	struct memmap map;
	void *blob;
	int err = map_of("memmap-devtype.dtb", &map, &blob);

	EXPECT(err == 0, "a map, got %s", kerr_name(err));
	r = memmap_find(&map, 0x40000000, 0x1000);
	EXPECT(r && r->type == MEMMAP_RAM, "the memory node is RAM");
	r = memmap_find(&map, 0x09000000, 0x1000);
	EXPECT(r && r->type == MEMMAP_DEVICE,
	       "device_type \"memorz\" is a device window, not RAM");
	r = memmap_find(&map, 0x09001000, 0x1000);
	EXPECT(r && r->type == MEMMAP_DEVICE, "\"memory!\" without a NUL is a "
	       "device window, not RAM");
	free(blob);
}

/* The Jailhouse hypervisor reads and writes a cell's communication region
 * through its caches (the page is Normal memory in the cell's stage 2 and
 * Jailhouse never cleans it for the cell), so the cell must map it as
 * shared normal memory, never as a device: each cell board marks it
 * cellmate,shared-memory. */
UNIT_TEST(cell_boards_map_the_communication_region_as_shared_memory)
{
	static const struct {
		const char *dtb;
		uint64_t comm;
	} boards[] = {
		{ "dts-qemu-arm-cell.dtb", 0x80000000 },
		{ "dts-qemu-arm-cell-ci.dtb", 0x80000000 },
		{ "dts-bananapi-cell.dtb", 0x80000000 },
		{ "dts-x86_64-cell.dtb", 0x100000 },
		{ "dts-i686-cell.dtb", 0x100000 },
	};

	for (size_t i = 0; i < sizeof(boards) / sizeof(boards[0]); i++) {
		const struct memmap_region *r;
		struct memmap map;
		void *blob;
		int err = map_of(boards[i].dtb, &map, &blob);

		EXPECT(err == 0, "%s: a map, got %s", boards[i].dtb,
		       kerr_name(err));
		r = memmap_find(&map, boards[i].comm, 0x1000);
		EXPECT(r && r->type == MEMMAP_SHARED,
		       "%s: the page at 0x%llx is %s, expected shared memory",
		       boards[i].dtb, (unsigned long long)boards[i].comm,
		       !r ? "not mapped"
			  : r->type == MEMMAP_DEVICE ? "a device window" : "RAM");
		free(blob);
	}
}

/* Shared memory has its own memory type: like RAM, it may share no page
 * with anything else (two types for one page are mismatched attributes). */
UNIT_TEST(shared_memory_is_its_own_type_and_overlaps_nothing)
{
	struct memmap map;
	void *blob;
	int err = map_of("memmap-shared.dtb", &map, &blob);

	EXPECT(err == 0, "a map, got %s", kerr_name(err));
	EXPECT(map.count == 3, "RAM, uart and shared page, got %u regions",
	       map.count);
	EXPECT(memmap_find(&map, 0x80000000, 0x1000) &&
		       memmap_find(&map, 0x80000000, 0x1000)->type ==
			       MEMMAP_SHARED,
	       "the marked page is shared memory");
	EXPECT(memmap_find(&map, 0x09000000, 0x1000) &&
		       memmap_find(&map, 0x09000000, 0x1000)->type ==
			       MEMMAP_DEVICE,
	       "the uart stays a device window");
	free(blob);
	err = map_of("memmap-shared-overlap.dtb", &map, &blob);
	EXPECT(err == -E_INVAL, "a device over shared memory: E_INVAL, got %s",
	       kerr_name(err));
	free(blob);
}
