/* QEMU's isa-debug-exit device as the exit device: a write of `status`
 * to its port ends QEMU with exit code (status << 1) | 1 (QEMU
 * hw/misc/debugexit.c), which tools/qemu-run.py maps back.
 * Node: compatible "cellmate,isa-debug-exit" on an ISA bus, reg = its
 * port (`<1 0xf4 4>` for -device isa-debug-exit,iobase=0xf4,iosize=4). */
#include <stdint.h>

#include "../bus/isa.h"
#include "arch.h"
#include "driver.h"
#include "io.h"
#include "kerr.h"
#include "power.h"

static uint16_t debug_exit_port;

__attribute__((noreturn)) static void debug_exit(int status)
{
	outb(debug_exit_port, (uint8_t)status);
	/* Only reached when the device is not there. */
	arch_halt();
}

static const struct power_ops debug_exit_ops = {
	.name = "isa-debug-exit",
	.exit = debug_exit,
};

static int debug_exit_probe(const struct fdt *fdt, int node)
{
	struct isa_reg reg;
	int err = isa_reg(fdt, node, 0, &reg);

	if (err < 0)
		return err;
	if (reg.space != ISA_SPACE_IO || reg.addr > UINT16_MAX)
		return -E_NOTSUP;
	debug_exit_port = (uint16_t)reg.addr;
	power_register(&debug_exit_ops);
	return 0;
}

static const char *const debug_exit_compatible[] = {
	"cellmate,isa-debug-exit", NULL,
};

DRIVER(debug_exit_driver) = {
	.name = "isa-debug-exit",
	.class = DRIVER_POWER,
	.compatible = debug_exit_compatible,
	.probe = debug_exit_probe,
};
