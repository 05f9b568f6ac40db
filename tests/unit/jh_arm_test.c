/* The Jailhouse ARM platform checks (hv/jailhouse/platform_arm.c) against
 * a device tree: a GIC base from the region is used only when the frame
 * it names lies whole inside the tree's GIC window, computed without
 * wrapping for a window smaller than the frame. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"
#include "jailhouse.h"
#include "unit.h"

static int dist_set, cpu_set;

void bootlog(const char *fmt, ...) { (void)fmt; }

int platform_set(const char *name, uint64_t value)
{
	(void)value;
	dist_set += !strcmp(name, "gic,dist-base");
	cpu_set += !strcmp(name, "gic,cpu-base");
	return 0;
}

static struct fdt fdt;

static void apply(uint64_t gicd, uint64_t gicc)
{
	static void *blob;
	static size_t n;
	static struct jh_comm_region comm;
	struct jh_platform_arm p = { .gic_version = 2, .gicd_base = gicd,
				     .gicc_base = gicc };

	if (!blob)
		blob = unit_file_read(FDT_TEST_DIR, "jh-arm.dtb", &n);
	if (!blob || fdt_open(&fdt, blob, n) != 0) {
		fprintf(stderr, "cannot open jh-arm.dtb\n");
		exit(1);
	}
	memcpy(comm.platform, &p, sizeof(p));
	dist_set = cpu_set = 0;
	jh_platform_apply(&comm, &fdt);
}

/* The 0x100-byte distributor window cannot hold the 4 KiB frame at any
 * base: 0x100 - 0x1000 wraps, and must not let the frame in. */
UNIT_TEST(a_gic_window_smaller_than_its_frame_takes_no_base)
{
	apply(0x08000000, 0x08010000);
	EXPECT(dist_set == 0, "the distributor base refused");
	EXPECT(cpu_set == 1, "the CPU interface base taken");
	apply(0x08000080, 0x08010000);
	EXPECT(dist_set == 0, "nor one inside the small window");
}

UNIT_TEST(a_cpu_interface_base_must_leave_room_for_its_8_kib)
{
	apply(0x08000000, 0x08011000);
	EXPECT(cpu_set == 0, "0x08011000 + 8 KiB runs out of the window");
}

int main(void)
{
	return unit_run_all();
}
