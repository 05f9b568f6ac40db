/* The ARM side of the Jailhouse backend: the hypercall instruction and the
 * ARM platform information of the communication region. */
#include "bootlog.h"
#include "jailhouse.h"
#include "memmap.h"
#include "platform.h"

/* Jailhouse's ARM hypercall: hvc #0x4a48, number in r0, argument in r1,
 * result in r0; r3 may be clobbered. */
void jh_debug_putc(char c)
{
	register unsigned long r0 __asm__("r0") = JH_HC_DEBUG_CONSOLE_PUTC;
	register unsigned long r1 __asm__("r1") = (unsigned char)c;

	__asm__ volatile(".arch_extension virt\n\thvc #0x4a48"
			 : "+r"(r0) : "r"(r1) : "r3", "memory");
}

static bool jh_device_window(const struct memmap *map, const char *what,
			     uint64_t base, uint64_t size)
{
	const struct memmap_region *r = memmap_find(map, base, size);

	if (r && r->type == MEMMAP_DEVICE)
		return true;
	bootlog("jailhouse: %s at 0x%llx is outside the cell's device map: "
		"ignored, using the device tree's", what,
		(unsigned long long)base);
	return false;
}

bool jh_platform_apply(const struct jh_comm_region *comm,
		       const struct memmap *map)
{
	const struct jh_platform_arm *p = (const void *)comm->platform;

	if (p->gic_version != 2) {
		bootlog("jailhouse: the hypervisor reports a GICv%u; this "
			"kernel drives GICv2 only", p->gic_version);
		return false;
	}
	if (jh_device_window(map, "the GIC distributor", p->gicd_base, 0x1000))
		platform_set("gic,dist-base", p->gicd_base);
	if (jh_device_window(map, "the GIC CPU interface", p->gicc_base, 0x1000))
		platform_set("gic,cpu-base", p->gicc_base);
	if (comm->pci_mmconfig_base)
		platform_set("pci,mmconfig-base", comm->pci_mmconfig_base);
	return true;
}
