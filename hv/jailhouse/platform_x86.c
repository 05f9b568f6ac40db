/* The x86 platform information of the Jailhouse communication region
 * (offset 64: PM timer port, CPU count, TSC and APIC timer rates). Every
 * field is range checked here, once; a field that fails is named in the
 * boot log and ignored, so the driver falls back to the device tree or
 * calibration. Pure logic over the FDT reader: host-tested and fuzzed. */
#include <stdint.h>

#include "../../drivers/bus/isa.h"

#include "bootlog.h"
#include "fdt.h"
#include "jailhouse.h"
#include "platform.h"

#define HZ_PER_KHZ 1000ull
#define JH_PM_TIMER_PORTS 4	/* PM1_TMR: one 32-bit register */
#define JH_PORT_SPACE 0x10000u
#define JH_CPUS_MAX 255u
#define JH_KHZ_MIN 1000u	/* 1 MHz */
#define JH_KHZ_MAX 10000000u	/* 10 GHz */

/* True when [port, port + n) lies in the I/O-space `reg` (an ISA bus
 * node's, drivers/bus/isa.h) of an enabled PM timer node of the cell's
 * device tree. Any I/O range of the cell would not do: a "PM timer" in
 * the UART's ports would be read as one. */
static bool jh_pm_timer_described(const struct fdt *fdt, uint32_t port,
				  uint32_t n)
{
	struct isa_reg r;
	int node = -1;

	while ((node = fdt_node_by_compatible(fdt, node,
					      "cellmate,acpi-pm-timer")) >= 0) {
		if (!fdt_node_is_enabled(fdt, node))
			continue;
		for (unsigned int i = 0; isa_reg(fdt, node, i, &r) == 0; i++)
			/* Offset against size: r.addr + r.size can wrap
			 * with #size-cells = <2>. */
			if (r.space == ISA_SPACE_IO && port >= r.addr &&
			    n <= r.size && port - r.addr <= r.size - n)
				return true;
	}
	return false;
}

static void jh_apply_pm_timer(const struct fdt *fdt, uint16_t port)
{
	const char *why = NULL;

	if (port == 0)
		why = "it is zero";
	else if ((uint32_t)port + JH_PM_TIMER_PORTS > JH_PORT_SPACE)
		why = "its 4 ports run past 0xffff";
	else if (!jh_pm_timer_described(fdt, port, JH_PM_TIMER_PORTS))
		why = "it is not the I/O range of the cell's device-tree PM "
		      "timer";
	/* Jailhouse lets a cell read the PM timer at the port it reports
	 * and at no other (vcpu.c, vcpu_cell_init): the tree's port would
	 * stop the cell ("Invalid PIO read"). A rejected port leaves the
	 * cell without one: port 0. */
	if (why) {
		bootlog("jailhouse: PM timer port 0x%x rejected: %s; the cell "
			"may read no other: no PM timer", (unsigned int)port,
			why);
		port = 0;
	}
	platform_set("pm-timer,port", port);
}

static void jh_apply_cpus(uint16_t cpus)
{
	if (cpus == 0 || cpus > JH_CPUS_MAX) {
		bootlog("jailhouse: CPU count %u rejected: not 1..%u; ignored",
			(unsigned int)cpus, JH_CPUS_MAX);
		return;
	}
	platform_set("cpu,count", cpus);
}

/* `optional`: 0 is a valid value meaning "not given" (apic_khz when the
 * TSC-deadline timer makes the APIC timer's rate irrelevant). */
static void jh_apply_khz(const char *fact, const char *what, uint32_t khz,
			 bool optional)
{
	if (khz == 0 && optional)
		return;
	if (khz < JH_KHZ_MIN || khz > JH_KHZ_MAX) {
		bootlog("jailhouse: %s %u kHz rejected: not 1 MHz..10 GHz; "
			"ignored", what, (unsigned int)khz);
		return;
	}
	platform_set(fact, khz * HZ_PER_KHZ);
}

bool jh_platform_apply(const struct jh_comm_region *comm,
		       const struct fdt *fdt)
{
	struct jh_platform_x86 p;

	/* One snapshot: the checks and the use see the same values. */
	jh_snapshot(&p, comm->platform, sizeof(p));
	jh_apply_pm_timer(fdt, p.pm_timer_address);
	jh_apply_cpus(p.num_cpus);
	jh_apply_khz("tsc,hz", "TSC frequency", p.tsc_khz, false);
	jh_apply_khz("apic,hz", "APIC timer frequency", p.apic_khz, true);
	return true;
}
