/* What a UART driver needs from the rest of the kernel, for the driver
 * tests (ns16550_test, pl011_test): a console registry of one, a receive
 * buffer, an interrupt line UART_ENV_IRQ whose handler the test can
 * call, the hypervisor layer's answer to whether the device is
 * shared with another guest, and the boot log. */
#ifndef UART_ENV_H
#define UART_ENV_H

#include <stdbool.h>
#include <stddef.h>

#include "console.h"
#include "irq.h"

#define UART_ENV_IRQ 42

struct uart_env {
	struct console *registered;	/* the last console registered */
	char rx[64];			/* bytes the driver passed on */
	size_t rx_len;
	int irq_err;			/* irq_of_fdt()'s error, 0: none (it
					 * writes UART_ENV_IRQ either way:
					 * no driver may use it then) */
	irq_handler_t fn;		/* the handler attached, and its arg */
	void *arg;
	bool shared;			/* hv_device_shared()'s answer */
	char log[256];			/* the driver's bootlog() lines */
};

extern struct uart_env uart_env;

/* Forgets everything above. */
void uart_env_reset(void);

#endif
