#include "console.h"

#include "arch.h"
#include "clock.h"
#include "crlf.h"
#include "driver.h"
#include "fdt.h"
#include "fmt.h"
#include "kerr.h"
#include "irq.h"
#include "kernel.h"
#include "kstring.h"
#include "ktime.h"
#include "mutex.h"
#include "sem.h"
#include "thread.h"

#define CONSOLE_RX_SIZE 64	/* power of two */

static struct console *consoles[CONSOLE_MAX];
static unsigned int nconsoles;

/* Receive ring: written by the device's interrupt handler only, read by
 * thread code with interrupts masked around the index update. */
static char rx_ring[CONSOLE_RX_SIZE];
static volatile unsigned int rx_head, rx_tail;
static unsigned int rx_overruns;
static bool rx_started;
/* Given by each byte the handler pushes once a thread has waited for
 * one, taken by such a thread: binary, so it says "something came", and
 * the ring says what. Through a pointer the first wait sets, so that an
 * image that never waits links no semaphore code for its console. */
static struct sem rx_ready;
static void (*rx_wake)(void);

void console_register(struct console *con)
{
	for (unsigned int i = 0; i < nconsoles; i++)
		if (consoles[i] == con)
			return;
	if (nconsoles < CONSOLE_MAX)
		consoles[nconsoles++] = con;
}

void console_clear(void)
{
	nconsoles = 0;
}

struct console *console_get(void)
{
	return nconsoles ? consoles[0] : NULL;
}

/* Whether a line is open (crlf_line_open, crlf.h), and how many
 * kvprintf()s are under way: one that starts inside another (an interrupt
 * handler, or code with interrupts masked, while a thread holds the lock)
 * starts on a line of its own, not in the middle of the one it
 * interrupted. */
static unsigned int printing;

/* Every console gets the whole run, '\n' as "\r\n". Not inlined into
 * its three callers: it is not small. The boot figure counts up to the
 * first byte a console has taken: that byte alone, then the stamp (not
 * before the driver has written it, nor while there is no console). */
static __attribute__((noinline)) void console_write(const char *s, size_t n)
{
	if (__builtin_expect(!boot_stamps.first_byte, 0) && nconsoles && n) {
		for (unsigned int i = 0; i < nconsoles; i++)
			crlf_write(consoles[i], s, 1);
		boot_stamps.first_byte = arch_counter_read();
		s++;
		n--;
	}
	for (unsigned int i = 0; i < nconsoles; i++)
		crlf_write(consoles[i], s, n);
}

void kputc(char c)
{
	console_write(&c, 1);
}

void kputs(const char *s)
{
	console_write(s, strlen(s));
}

static void console_out(void *ctx, const char *s, size_t n)
{
	(void)ctx;
	console_write(s, n);
}

/* Threads print whole lines: a mutex (with priority inheritance) keeps
 * their output from interleaving without masking interrupts for the time
 * a line takes on the wire. Interrupt handlers, panics and boot code print
 * directly, on a line of their own (see crlf_line_open). */
static struct mutex console_lock = {
	.waiters = { LIST_INIT(console_lock.waiters.waiters) },
	.owner_link = LIST_INIT(console_lock.owner_link),
};

static bool console_may_lock(void)
{
	return thread_self() && !irq_in_isr() && !arch_irq_masked();
}

/* Out of line: a branch here made GCC give kvprintf() three copies of
 * its call to the formatter. */
static __attribute__((noinline)) void console_line_start(void)
{
	if (printing++ && crlf_line_open)
		console_write("\n", 1);
}

int kvprintf(const char *fmt, va_list ap)
{
	bool lock = console_may_lock();
	int n;

	if (lock)
		mutex_lock(&console_lock, TIMEOUT_FOREVER);
	console_line_start();
	n = fmt_vformat(console_out, NULL, fmt, ap);
	printing--;
	if (lock)
		mutex_unlock(&console_lock);
	return n;
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}

int console_rx_start(void)
{
	struct console *con = console_get();
	int err;

	if (!con)
		return -E_NODEV;
	if (!con->rx_start)
		return -E_NOTSUP;
	err = con->rx_start(con);
	if (err == 0)
		rx_started = true;
	return err;
}

void console_rx_push(char c)
{
	unsigned int head = rx_head;

	if (head - rx_tail >= CONSOLE_RX_SIZE) {
		rx_overruns++;
		return;
	}
	rx_ring[head % CONSOLE_RX_SIZE] = c;
	rx_head = head + 1;
	if (rx_wake)
		rx_wake();
}

static void rx_wake_waiter(void)
{
	(void)sem_give_from_isr(&rx_ready);
}

int console_getc(void)
{
	irqstate_t s = arch_irq_save();
	int c = -E_AGAIN;

	if (rx_tail != rx_head) {
		c = (unsigned char)rx_ring[rx_tail % CONSOLE_RX_SIZE];
		rx_tail++;
	}
	arch_irq_restore(s);
	return c;
}

int console_getc_wait(uint64_t timeout)
{
	uint64_t deadline = ktime_deadline_after(timeout);
	irqstate_t s;
	int c;

	if (!rx_started)
		return -E_NOTSUP;
	s = arch_irq_save();

	if (!rx_wake) {
		sem_init(&rx_ready, 0, 1);
		rx_wake = rx_wake_waiter;
	}
	arch_irq_restore(s);
	/* A give can be stale (its byte taken by console_getc() since): the
	 * ring is empty again, and the wait goes on to the deadline. */
	while ((c = console_getc()) < 0 && timeout != TIMEOUT_NONE) {
		uint64_t now = clock_ticks(), left = TIMEOUT_FOREVER;
		int err;

		if (timeout != TIMEOUT_FOREVER) {
			if (now >= deadline)
				return -E_TIMEOUT;
			left = clock_ticks_to_ns(deadline - now);
			if (!left)
				left = 1;	/* not a try: under a ns left */
		}
		err = sem_take(&rx_ready, left);
		if (err < 0 && err != -E_TIMEOUT)
			return err;
	}
	return c;
}

unsigned int console_rx_overruns(void)
{
	return rx_overruns;
}

/* Runs once, at boot: cold, so that GCC optimises it for size rather
 * than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
int console_bind_fdt(const struct fdt *fdt)
{
	static const char chosen[] = "/chosen";
	const char *path;
	size_t n;
	int node;

	/* By length, as below: fdt_path_offset() would add only a strlen
	 * call, and its code to the image. */
	node = fdt_path_offset_len(fdt, chosen, sizeof(chosen) - 1);
	if (node < 0 || fdt_prop_string(fdt, node, "stdout-path", &path) < 0)
		return -E_NOENT;
	/* "serial0:115200n8": the options after ':' are the boot loader's
	 * business; the driver takes the baud rate from its own node. Looked
	 * up in place, so that no buffer limits the path's length. */
	for (n = 0; path[n] && path[n] != ':'; n++)
		;
	node = fdt_path_offset_len(fdt, path, n);
	if (node < 0)
		return node;
	return driver_bind_node(fdt, node, DRIVER_CONSOLE);
}

/* Why no UART of cfg's type is at cfg's address: for a memory-mapped one
 * of another type there, which type it is. */
static const char *console_uart_missing(const struct fdt *fdt,
					const struct uart_config *cfg)
{
	static char why[64];
	int node = 0, depth = 0;
	uint64_t base, size;

	while (!cfg->pio && (node = fdt_next_node(fdt, node, &depth)) >= 0) {
		const struct driver *drv = driver_find(fdt, node, DRIVER_CONSOLE);

		if (drv && drv->uart_type && fdt_node_is_enabled(fdt, node) &&
		    fdt_reg(fdt, node, 0, &base, &size) == 0 &&
		    base == cfg->base) {
			fmt_snprintf(why, sizeof(why), "the UART there is %s, "
				     "not %s", drv->uart_type, cfg->type);
			return why;
		}
	}
	return "the cell's device tree has no such UART at that address";
}

int console_bind_uart(const struct fdt *fdt, const struct uart_config *cfg,
		      const char **why)
{
	int node = 0, depth = 0, err;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		const struct driver *drv;

		if (!fdt_node_is_enabled(fdt, node))
			continue;
		drv = driver_find(fdt, node, DRIVER_CONSOLE);
		if (!drv || !drv->probe_uart || strcmp(drv->uart_type, cfg->type) != 0)
			continue;
		err = drv->probe_uart(fdt, node, cfg);
		if (err == -E_NOENT)
			continue;
		if (err < 0)
			*why = err == -E_NOTSUP
				       ? "its driver cannot use that register "
					 "spacing, access width or address space"
				       : "its driver could not set it up";
		return err;
	}
	*why = console_uart_missing(fdt, cfg);
	return -E_NOENT;
}
