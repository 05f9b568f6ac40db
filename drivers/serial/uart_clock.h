/* Baud-rate facts of a UART node, shared by the UART drivers. */
#ifndef UART_CLOCK_H
#define UART_CLOCK_H

#include <stdint.h>

#include "fdt.h"

/* The input clock (own `clock-frequency`, or that of the fixed-clock node
 * named by `clocks`) and the wanted baud rate (`current-speed`).
 * -E_NOENT when either is not given: the driver then keeps the rate the
 * boot loader or hypervisor set. */
int uart_clock_baud(const struct fdt *fdt, int node, uint32_t *clk,
		    uint32_t *baud);

#endif
