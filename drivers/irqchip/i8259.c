/* The legacy 8259A PIC pair, which a PC's firmware leaves set up and which
 * cellmate does not use (the IOAPIC routes device interrupts): it is
 * re-initialised to vectors out of the exceptions' way and fully masked,
 * so that it can never deliver (ExtINT through LINT0, or spurious IRQ 7).
 * Only boards whose device tree has the node are touched: never a
 * Jailhouse cell. Node: compatible "intel,i8259" on an ISA bus, reg =
 * <1 0x20 2>, <1 0xa0 2> (master, slave).
 * Intel 8259A data sheet: ICW1..ICW4, OCW1. */
#include <stdint.h>

#include "../bus/isa.h"
#include "driver.h"
#include "io.h"
#include "kerr.h"
#include "x86_vectors.h"

#define PIC_CMD 0
#define PIC_DATA 1
#define ICW1_INIT 0x10
#define ICW1_NEED_ICW4 0x01
#define ICW3_MASTER_SLAVE_ON_IR2 0x04
#define ICW3_SLAVE_ID 0x02
#define ICW4_8086 0x01
#define OCW1_MASK_ALL 0xff
#define PIC_LINES 8

static int i8259_port(const struct fdt *fdt, int node, unsigned int i,
		      uint16_t *port)
{
	struct isa_reg reg;
	int err = isa_reg(fdt, node, i, &reg);

	if (err < 0)
		return err;
	/* Both of the chip's ports must be ports: a base of 0xffff would
	 * put its data port at 0x10000, which outb() cuts to port 0. */
	if (reg.space != ISA_SPACE_IO || reg.addr > UINT16_MAX - PIC_DATA)
		return -E_NOTSUP;
	*port = (uint16_t)reg.addr;
	return 0;
}

static void i8259_init_masked(uint16_t base, uint8_t vector, uint8_t icw3)
{
	outb(base + PIC_CMD, ICW1_INIT | ICW1_NEED_ICW4);
	outb(base + PIC_DATA, vector);
	outb(base + PIC_DATA, icw3);
	outb(base + PIC_DATA, ICW4_8086);
	outb(base + PIC_DATA, OCW1_MASK_ALL);
}

static int i8259_probe(const struct fdt *fdt, int node)
{
	uint16_t master, slave;
	int err;

	err = i8259_port(fdt, node, 0, &master);
	if (err == 0)
		err = i8259_port(fdt, node, 1, &slave);
	if (err < 0)
		return err;
	i8259_init_masked(master, X86_VEC_I8259_BASE,
			  ICW3_MASTER_SLAVE_ON_IR2);
	i8259_init_masked(slave, X86_VEC_I8259_BASE + PIC_LINES,
			  ICW3_SLAVE_ID);
	return 0;
}

static const char *const i8259_compatible[] = { "intel,i8259", NULL };

DRIVER(i8259_driver) = {
	.name = "i8259",
	.class = DRIVER_IRQCHIP,
	.compatible = i8259_compatible,
	.probe = i8259_probe,
};
