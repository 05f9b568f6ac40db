/* hello: the first application. Prints what the kernel found on the board,
 * runs the periodic tick for a while, reporting the virtual time it
 * measures and checking every tick against its deadline, echoes what
 * arrives on the console's UART, then stops.
 *
 * A late tick fails the run only with tick-strict=1: only under QEMU's
 * -icount is virtual time independent of how the host schedules QEMU.
 *
 * Command line: ticks=N tick-hz=N report-every=K echo-ms=N tick-strict=0|1 */
#include <stdint.h>

#include "arch.h"
#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "fdt.h"
#include "irq.h"
#include "kernel.h"
#include "kerr.h"
#include "memmap.h"
#include "tick.h"

static unsigned int hello_ticks = 50;
static unsigned int hello_hz = 100;
static unsigned int hello_every = 10;
static unsigned int hello_echo_ms = 1000;
static unsigned int hello_strict;
CMDLINE_UINT(hello_ticks, "ticks", 1, 1000000, "ticks to run");
CMDLINE_UINT(hello_hz, "tick-hz", 1, 100000, "tick rate");
CMDLINE_UINT(hello_every, "report-every", 1, 1000000, "ticks per report line");
CMDLINE_UINT(hello_echo_ms, "echo-ms", 0, 600000,
	    "how long to echo console input (virtual ms), 0 = skip");
CMDLINE_UINT(hello_strict, "tick-strict", 0, 1,
	    "1: a tick off its deadline fails the run");

/* Written by the tick hook (interrupt context), read with IRQs masked. */
static volatile uint64_t last_tick, last_tick_at;
static volatile unsigned int ticks_off_time;

static void hello_tick(uint64_t n)
{
	uint64_t now = clock_ticks();

	/* A late wake-up may find more ticks than asked for: the run is
	 * the first hello_ticks of them. */
	if (n > hello_ticks)
		return;
	/* Tick n must run after its deadline and before the next one. */
	if (now < tick_due(n) || now >= tick_due(n + 1))
		ticks_off_time++;
	last_tick = n;
	last_tick_at = now;
}

static void hello_banner(void)
{
	const struct fdt *fdt = kernel_fdt();
	const struct memmap *map = kernel_memmap();
	const struct irq_chip *chip = irq_root_chip();
	const char *model = "(no model)";

	fdt_prop_string(fdt, 0, "model", &model);
	kprintf("\ncellmate hello on %s\n", model);
	kprintf("cmdline: \"%s\"\n", cmdline_raw());
	arch_print_info();
	kprintf("irq: %s, architecture version %u, %u interrupt lines\n",
		chip->name, chip->version, chip->nr_lines);
	kprintf("timer: %s, counter at %llu Hz\n", clock_event()->name,
		(unsigned long long)clock_freq_hz());
	kprintf("boot: first console byte at counter %llu, first thread at "
		"%llu; entered at %llu\n",
		(unsigned long long)boot_stamps.first_byte,
		(unsigned long long)boot_stamps.first_thread,
		(unsigned long long)boot_stamps.entry);
	kprintf("memory map:\n");
	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];

		kprintf("  0x%08llx-0x%08llx %-6s %s\n",
			(unsigned long long)r->base,
			(unsigned long long)(r->base + r->size - 1),
			r->type == MEMMAP_RAM	   ? "RAM"
			: r->type == MEMMAP_SHARED ? "shared"
						   : "device",
			r->name);
	}
}

/* Waits until the tick count moves past `after`, sleeping between
 * interrupts; the tick and UART interrupts wake us. */
static uint64_t hello_wait_tick(uint64_t after, uint64_t *at)
{
	for (;;) {
		irqstate_t s = arch_irq_save();
		uint64_t n = last_tick;

		*at = last_tick_at;
		if (n == after)
			arch_wait_for_irq();
		arch_irq_restore(s);
		if (n != after)
			return n;
	}
}

static int hello_run_ticks(void)
{
	uint64_t n = 0, at = 0, origin;
	int err;

	kprintf("tick: %u Hz for %u ticks\n", hello_hz, hello_ticks);
	err = tick_start(hello_hz, hello_tick);
	if (err < 0) {
		kprintf("tick: cannot start (%d)\n", err);
		return EXIT_FAILURE;
	}
	origin = tick_due(0);
	while (n < hello_ticks) {
		uint64_t prev = n;

		n = hello_wait_tick(n, &at);
		/* Report each multiple of K we passed. */
		for (uint64_t k = prev + 1; k <= n; k++)
			if (k % hello_every == 0)
				kprintf("tick %llu: %llu ns of virtual time\n",
					(unsigned long long)k,
					(unsigned long long)clock_ticks_to_ns(
						at - origin));
	}
	tick_stop();

	kprintf("tick: %llu ticks in %llu ns of virtual time (%u Hz: "
		"%llu ns due); %u ticks off their deadline\n",
		(unsigned long long)n,
		(unsigned long long)clock_ticks_to_ns(at - origin), hello_hz,
		(unsigned long long)clock_ticks_to_ns(tick_due(n) - origin),
		ticks_off_time);
	if (ticks_off_time && hello_strict) {
		kprintf("tick: FAILED\n");
		return EXIT_FAILURE;
	}
	if (ticks_off_time)
		kprintf("tick: late ticks not checked (tick-strict=0)\n");
	else
		kprintf("tick: ok\n");
	return EXIT_OK;
}

static int hello_echo(void)
{
	uint64_t end = clock_ticks() +
		       clock_ns_to_ticks((uint64_t)hello_echo_ms * 1000000);
	unsigned int count = 0;
	int err;

	if (!hello_echo_ms)
		return EXIT_OK;
	err = console_rx_start();
	if (err < 0) {
		kprintf("echo: console cannot receive (%s)\n", kerr_name(err));
		return EXIT_FAILURE;
	}
	/* The tick keeps a bounded wait loop: the UART interrupt or the
	 * tick wakes us. */
	tick_start(hello_hz, NULL);
	kprintf("echo: type a line (%u ms)\n", hello_echo_ms);
	while (clock_ticks() < end) {
		irqstate_t s = arch_irq_save();
		int c = console_getc();

		if (c < 0)
			arch_wait_for_irq();
		arch_irq_restore(s);
		if (c < 0)
			continue;
		count++;
		if (c == '\r' || c == '\n')
			break;
		kputc((char)c);
	}
	tick_stop();
	kprintf("\necho: %u bytes received\n", count);
	return EXIT_OK;
}

int app_main(void)
{
	int status;

	hello_banner();
	status = hello_run_ticks();
	if (status == EXIT_OK)
		status = hello_echo();
	kprintf("hello: done, status %d\n", status);
	return status;
}
