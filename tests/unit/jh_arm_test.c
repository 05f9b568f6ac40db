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
#include "unit_fdt.h"

static int dist_set, cpu_set;
static uint64_t dist_base;

void bootlog(const char *fmt, ...) { (void)fmt; }

int platform_set(const char *name, uint64_t value)
{
	if (!strcmp(name, "gic,dist-base"))
		dist_base = value;
	dist_set += !strcmp(name, "gic,dist-base");
	cpu_set += !strcmp(name, "gic,cpu-base");
	return 0;
}

static struct fdt fdt;

/* The region's GIC facts applied against the tree `dtb`; its answer. */
static bool apply_to(const char *dtb, uint32_t version, uint64_t gicd,
		     uint64_t gicc)
{
	static struct jh_comm_region comm;
	struct jh_platform_arm p = { .gic_version = version,
				     .gicd_base = gicd, .gicc_base = gicc };
	bool ok;

	unit_fdt_open(&fdt, dtb);
	memcpy(comm.platform, &p, sizeof(p));
	dist_set = cpu_set = 0;
	ok = jh_platform_apply(&comm, &fdt);
	return ok;
}

static void apply(uint64_t gicd, uint64_t gicc)
{
	(void)apply_to("jh-arm.dtb", 2, gicd, gicc);
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

/* Windows that hold their frames: the region's bases are taken, each
 * checked against its own window (0 distributor, 1 CPU interface). */
UNIT_TEST(gic_bases_inside_their_windows_are_taken)
{
	EXPECT(apply_to("jh-arm-gic.dtb", 2, 0x08000000, 0x08010000),
	       "applied");
	EXPECT(dist_set == 1 && dist_base == 0x08000000 && cpu_set == 1,
	       "both bases taken, distributor 0x%llx",
	       (unsigned long long)dist_base);
	EXPECT(apply_to("jh-arm-gic.dtb", 2, 0x08010000, 0x08010000),
	       "applied");
	EXPECT(dist_set == 0, "a distributor in the CPU interface's window "
	       "refused");
}

/* This kernel drives a GICv2 only: another version ends the platform
 * step with nothing taken. */
UNIT_TEST(a_gic_other_than_v2_is_refused)
{
	static const uint32_t versions[] = { 1, 3, 4 };

	for (unsigned int i = 0; i < sizeof(versions) / sizeof(versions[0]);
	     i++) {
		EXPECT(!apply_to("jh-arm-gic.dtb", versions[i], 0x08000000,
				 0x08010000) && dist_set == 0 && cpu_set == 0,
		       "GICv%u: refused, no base taken",
		       (unsigned int)versions[i]);
	}
}

int main(void)
{
	return unit_run_all();
}
