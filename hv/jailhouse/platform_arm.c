/* The ARM platform information of the Jailhouse communication region
 * (offset 64: GIC version and bases), checked against the cell's device
 * tree. Pure logic over the FDT reader: host-tested and fuzzed. */
#include "bootlog.h"
#include "fdt.h"
#include "jailhouse.h"
#include "platform.h"

/* Register frames of a GICv2 (ARM IHI 0048B, 4.1.1): the distributor's
 * 4 KiB, the CPU interface's 8 KiB (GICC_DIR sits at 0x1000). */
#define JH_GICD_SIZE 0x1000u
#define JH_GICC_SIZE 0x2000u

/* The GIC node: the root's interrupt parent, as on our boards. */
static int jh_gic_node(const struct fdt *fdt)
{
	uint32_t phandle;
	int err = fdt_prop_u32(fdt, 0, "interrupt-parent", &phandle);

	return err < 0 ? err : fdt_node_by_phandle(fdt, phandle);
}

/* A GIC base from the region must lie, with all its registers, in the
 * GIC node's reg window `index` (0 distributor, 1 CPU interface): in
 * another device's window the GIC driver would program that device. */
static bool jh_gic_window(const struct fdt *fdt, int gic, unsigned int index,
			  const char *what, uint64_t base, uint64_t size)
{
	uint64_t wbase = 0, wsize = 0;

	if (gic >= 0 && fdt_reg(fdt, gic, index, &wbase, &wsize) == 0 &&
	    base >= wbase && wsize >= size && base - wbase <= wsize - size)
		return true;
	bootlog("jailhouse: %s at 0x%llx (0x%llx bytes) rejected: not inside "
		"the device tree's GIC window 0x%llx (0x%llx bytes); using the "
		"device tree's", what, (unsigned long long)base,
		(unsigned long long)size, (unsigned long long)wbase,
		(unsigned long long)wsize);
	return false;
}

bool jh_platform_apply(const struct jh_comm_region *comm,
		       const struct fdt *fdt)
{
	struct jh_platform_arm p;
	int gic = jh_gic_node(fdt);

	/* One snapshot: the checks and the use see the same values. */
	jh_snapshot(&p, comm->platform, sizeof(p));
	if (p.gic_version != 2) {
		bootlog("jailhouse: the hypervisor reports a GICv%u; this "
			"kernel drives GICv2 only", p.gic_version);
		return false;
	}
	if (jh_gic_window(fdt, gic, 0, "the GIC distributor", p.gicd_base,
			  JH_GICD_SIZE))
		platform_set("gic,dist-base", p.gicd_base);
	if (jh_gic_window(fdt, gic, 1, "the GIC CPU interface", p.gicc_base,
			  JH_GICC_SIZE))
		platform_set("gic,cpu-base", p.gicc_base);
	return true;
}
