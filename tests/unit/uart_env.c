#include "uart_env.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bootlog.h"
#include "hv.h"
#include "kerr.h"

struct uart_env uart_env;

void uart_env_reset(void)
{
	memset(&uart_env, 0, sizeof(uart_env));
}

bool hv_device_shared(const struct fdt *fdt, int node)
{
	(void)fdt;
	(void)node;
	return uart_env.shared;
}

void console_register(struct console *con)
{
	uart_env.registered = con;
}

void console_rx_push(char c)
{
	if (uart_env.rx_len < sizeof(uart_env.rx))
		uart_env.rx[uart_env.rx_len++] = c;
}

int irq_of_fdt(const struct fdt *fdt, int node, unsigned int index,
	       unsigned int *irq)
{
	(void)fdt;
	(void)node;
	(void)index;
	*irq = UART_ENV_IRQ;
	return uart_env.irq_err;
}

int irq_attach(unsigned int irq, irq_handler_t fn, void *arg)
{
	if (irq != UART_ENV_IRQ)
		return -E_INVAL;
	uart_env.fn = fn;
	uart_env.arg = arg;
	return 0;
}

int irq_enable(unsigned int irq)
{
	return irq == UART_ENV_IRQ ? 0 : -E_INVAL;
}

void bootlog(const char *fmt, ...)
{
	size_t used = strlen(uart_env.log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(uart_env.log + used, sizeof(uart_env.log) - used, fmt, ap);
	va_end(ap);
}
