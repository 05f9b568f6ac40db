/* What a UART driver needs from the rest of the kernel, for the driver
 * tests (ns16550_test, pl011_test): a console registry of one, a receive
 * buffer, and an interrupt line UART_ENV_IRQ whose handler the test can
 * call. */
#ifndef UART_ENV_H
#define UART_ENV_H

#include <stddef.h>

#include "console.h"
#include "irq.h"

#define UART_ENV_IRQ 42

struct uart_env {
	struct console *registered;	/* the last console registered */
	char rx[64];			/* bytes the driver passed on */
	size_t rx_len;
	irq_handler_t fn;		/* the handler attached, and its arg */
	void *arg;
};

extern struct uart_env uart_env;

/* Forgets everything above. */
void uart_env_reset(void);

#endif
