/* fault=irq-masked on x86: a line of the IOAPIC, which software cannot
 * pend, so a device raises it: the console's UART (an 8250 at I/O ports,
 * which the console polls; nobody attaches to its line). Its
 * transmitter-empty interrupt (IER bit 1) is asserted as soon as it is
 * enabled with the holding register empty; turning it off and on again
 * makes a new rising edge. */
#include <stdint.h>

#include "arch_io.h"
#include "fault_irq.h"
#include "fdt.h"
#include "irq.h"
#include "isa.h"
#include "kernel.h"
#include "kerr.h"

#define UART_IER 1
#define UART_IER_THRI 0x02
#define UART_MCR 4
#define UART_MCR_OUT2 0x08	/* gates the line to the interrupt controller */

static uint16_t uart_port;

int fault_maskable_irq(unsigned int *irq)
{
	const struct fdt *fdt = kernel_fdt();
	int chosen = fdt_path_offset(fdt, "/chosen"), node, err;
	const char *path;
	struct isa_reg reg;

	if (chosen < 0)
		return chosen;
	err = fdt_prop_string(fdt, chosen, "stdout-path", &path);
	if (err < 0)
		return err;
	node = fdt_path_offset(fdt, path);
	err = isa_reg(fdt, node, 0, &reg);
	if (err < 0)
		return err;
	if (reg.space != ISA_SPACE_IO || reg.addr > UINT16_MAX - UART_MCR)
		return -E_NOTSUP;
	uart_port = (uint16_t)reg.addr;
	outb(uart_port + UART_MCR, inb(uart_port + UART_MCR) | UART_MCR_OUT2);
	return irq_of_fdt(fdt, node, 0, irq);
}

int fault_maskable_irq_raise(unsigned int irq)
{
	(void)irq;
	outb(uart_port + UART_IER, 0);
	outb(uart_port + UART_IER, UART_IER_THRI);
	return 0;
}
