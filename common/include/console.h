/* The kernel console: one output device (chosen by /chosen/stdout-path or by
 * the hypervisor layer), polled output, interrupt-driven input into a ring. */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct uart_config;

struct console {
	const char *name;
	/* Writes the n bytes (n > 0) as they are, waiting (polling) until
	 * the device has taken the last; '\n' arrives already as "\r\n".
	 * A run rather than a byte: the device's status is polled and the
	 * call paid once per run, not once per byte. */
	void (*write)(struct console *con, const char *s, size_t n);
	/* Enables interrupt-driven receive; the driver's interrupt handler
	 * passes each received byte to console_rx_push(). NULL when the
	 * device cannot receive. */
	int (*rx_start)(struct console *con);
	/* Whether the console already is the UART `cfg` describes, set up as
	 * binding that UART with `cfg` would set it up: the hypervisor
	 * layer then keeps it rather than set it up again (which waits for
	 * the transmitter to drain and resets the FIFOs). NULL: never. */
	bool (*is_uart)(const struct console *con,
			const struct uart_config *cfg);
	void *priv;
};

struct fdt;

/* A UART chosen by address rather than by stdout-path (the hypervisor's
 * or the command line's console). */
struct uart_config {
	const char *type;	/* "8250" or "pl011" */
	uint64_t base;		/* MMIO address or I/O port */
	bool pio;		/* port I/O */
	int reg_shift;		/* register spacing 1 << shift; -1: the DT's */
	unsigned int reg_width;	/* MMIO access width, bytes; 0: the DT's */
	uint32_t divider;	/* baud divisor to program, up to 0xffff (the
				 * latches' 16 bits; callers check); 0: keep
				 * the rate */
};

/* Binds the device named by /chosen/stdout-path with its console driver,
 * which registers itself. */
int console_bind_fdt(const struct fdt *fdt);

/* Binds the device-tree UART that `cfg` describes as a console. The UART
 * must be in the device tree (which is the cell's device map): -E_NOENT
 * with *why saying what did not match otherwise. */
int console_bind_uart(const struct fdt *fdt, const struct uart_config *cfg,
		      const char **why);

/* Adds `con` as an output (up to CONSOLE_MAX; the first receives). */
#define CONSOLE_MAX 2
void console_register(struct console *con);
/* Forgets every registered output (the devices stay as they are): for
 * the hypervisor layer replacing the early console. */
void console_clear(void);
/* The first console, or NULL before one is registered. */
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
/* The same, waiting at most `timeout` ns for one (TIMEOUT_NONE: a try,
 * TIMEOUT_FOREVER: no limit): the byte, -E_AGAIN, -E_TIMEOUT, or
 * -E_NOTSUP before console_rx_start() succeeded. Thread context. */
int console_getc_wait(uint64_t timeout);
/* Bytes dropped because the receive ring was full. */
unsigned int console_rx_overruns(void);

#endif
