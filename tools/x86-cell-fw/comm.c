/* The communication region page as Jailhouse fills it for a freshly
 * started x86 cell (ABI revision 2, layout in hv/jailhouse/comm_region.h
 * and docs/jailhouse.md): signature and revision, state RUNNING,
 * no message, the cell config's console (the image's stdout-path UART:
 * 8250, port I/O, 1-byte register spacing, divider 0 = keep the rate),
 * flags 0 (no debug-console hypercall: there is no hypervisor to answer
 * it), and the x86 platform information: PM timer port, one CPU, the TSC
 * and LAPIC timer rates. */
#include "fw.h"

#include "../../hv/jailhouse/comm_region.h"

#define FW_CELL_CPUS 1

void comm_fill(void *page, uint16_t pm_port, const struct fw_rates *r)
{
	struct jh_comm_region *c = page;
	struct jh_platform_x86 x86 = {
		.pm_timer_address = pm_port,
		.num_cpus = FW_CELL_CPUS,
		.tsc_khz = r->tsc_khz,
		.apic_khz = r->apic_khz,
	};

	memset(page, 0, JH_COMM_SIZE);
	memcpy(c->signature, JH_COMM_SIGNATURE, sizeof(c->signature));
	c->revision = JH_COMM_REVISION;
	c->cell_state = JH_CELL_RUNNING;
	c->msg_to_cell = JH_MSG_NONE;
	c->flags = 0;
	c->console = (struct jh_console){
		.address = FW_CONSOLE_PORT,
		.type = JH_CON_TYPE_8250,
		.flags = 0,	/* port I/O, registers 1 byte apart */
		.divider = 0,
	};
	memcpy(c->platform, &x86, sizeof(x86));
}
