/* The kernel console: one output device (chosen by /chosen/stdout-path or by
 * the hypervisor layer), polled output, interrupt-driven input into a ring. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>

struct console {
	const char *name;
	/* Writes one byte, waiting (polling) until the device accepts it. */
	void (*putc)(struct console *con, char c);
	/* Enables interrupt-driven receive; the driver's interrupt handler
	 * passes each received byte to console_rx_push(). NULL when the
	 * device cannot receive. */
	int (*rx_start)(struct console *con);
	void *priv;
};

struct fdt;

/* Binds the device named by /chosen/stdout-path with its console driver,
 * which registers itself. */
int console_bind_fdt(const struct fdt *fdt);

/* Makes `con` the console; output from then on goes to it. */
void console_register(struct console *con);
/* The current console, or NULL before one is registered. */
struct console *console_get(void);

void kputc(char c);
void kputs(const char *s);
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);

/* Starts interrupt-driven receive on the console device. */
int console_rx_start(void);
/* Called by console drivers from their receive interrupt. */
void console_rx_push(char c);
/* Next received byte (0..255), or -E_AGAIN when none is waiting. */
int console_getc(void);
/* Bytes dropped because the receive ring was full. */
unsigned int console_rx_overruns(void);

#endif
