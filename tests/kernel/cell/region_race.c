/* A hypervisor that rewrites the communication region while the kernel
 * checks it, for an image linked with -Wl,--wrap=fdt_reg,
 * --wrap=jh_platform_apply and --wrap=jh_console_bind: the kernel looks up
 * the device tree (fdt_reg) after reading a field and before using it,
 * and that is when the region changes here. What was checked must be
 * what is used: the GIC bases that passed (not the UART's window written
 * afterwards), the gate bit that passed (not bit 40). */
#include <stdbool.h>
#include <stdint.h>

#include "../../../hv/jailhouse/jailhouse.h"
#include "console.h"
#include "fdt.h"
#include "kernel.h"
#include "platform.h"

int __real_fdt_reg(const struct fdt *fdt, int node, unsigned int index,
		   uint64_t *addr, uint64_t *size);
int __wrap_fdt_reg(const struct fdt *fdt, int node, unsigned int index,
		   uint64_t *addr, uint64_t *size);
bool __real_jh_platform_apply(const struct jh_comm_region *comm,
			      const struct fdt *fdt);
bool __wrap_jh_platform_apply(const struct jh_comm_region *comm,
			      const struct fdt *fdt);
int __real_jh_console_bind(const struct fdt *fdt);
int __wrap_jh_console_bind(const struct fdt *fdt);

#define UART_WINDOW 0x09000000u	/* the PL011's, not the GIC's */
#define BAD_GATE 40u

/* The region being rewritten, and which of its parts. */
static struct jh_comm_region *racing;
static bool racing_console;

int __wrap_fdt_reg(const struct fdt *fdt, int node, unsigned int index,
		   uint64_t *addr, uint64_t *size)
{
	int err = __real_fdt_reg(fdt, node, index, addr, size);
	struct jh_platform_arm *p;

	if (racing && racing_console) {
		racing->console.gate_nr = BAD_GATE;
	} else if (racing) {
		p = (struct jh_platform_arm *)racing->platform;
		p->gicd_base = UART_WINDOW;
		p->gicc_base = UART_WINDOW;
	}
	return err;
}

bool __wrap_jh_platform_apply(const struct jh_comm_region *comm,
			      const struct fdt *fdt)
{
	bool ok;

	racing = (struct jh_comm_region *)comm;
	ok = __real_jh_platform_apply(comm, fdt);
	racing = NULL;
	return ok;
}

int __wrap_jh_console_bind(const struct fdt *fdt)
{
	int err;

	racing = jh_comm;
	racing_console = true;
	err = __real_jh_console_bind(fdt);
	racing = NULL;
	return err;
}

int app_main(void)
{
	uint64_t dist = 0, cpu = 0;

	platform_get("gic,dist-base", &dist);
	platform_get("gic,cpu-base", &cpu);
	kprintf("region_race: gic,dist-base 0x%llx, gic,cpu-base 0x%llx\n",
		(unsigned long long)dist, (unsigned long long)cpu);
	return EXIT_OK;
}
