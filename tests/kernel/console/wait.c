/* console_getc_wait(): a thread that waits for input blocks (a lower
 * thread runs meanwhile) and the receive interrupt wakes it; a wait with
 * nothing typed ends at its timeout, a try at once. The harness types a
 * line once "type a line" is out. */
#include <stdint.h>

#include "clock.h"
#include "console.h"
#include "kernel.h"
#include "kerr.h"
#include "ktime.h"
#include "thread.h"

static volatile unsigned long spins;

static void spinner(void *arg)
{
	(void)arg;
	for (;;)
		spins++;
}

static int failed(const char *what, int err)
{
	kprintf("console_wait: FAILED: %s (%s)\n", what, kerr_name(err));
	return EXIT_FAILURE;
}

int app_main(void)
{
	char line[16];
	unsigned int n = 0;
	unsigned long before;
	uint64_t t0, waited;
	int c = console_getc_wait(MS(1));

	if (c != -E_NOTSUP)
		return failed("a wait before console_rx_start(): -E_NOTSUP", c);
	c = console_rx_start();
	if (c < 0)
		return failed("console_rx_start", c);
	if (!thread_spawn("spinner", 1, spinner, NULL, 4096, 0))
		return failed("spawn", -E_NOMEM);

	before = spins;
	t0 = clock_ticks();
	c = console_getc_wait(MS(20));
	waited = clock_ticks() - t0;
	if (c != -E_TIMEOUT || waited < clock_ns_to_ticks(MS(20)))
		return failed("nothing typed: -E_TIMEOUT after 20 ms", c);
	c = console_getc_wait(TIMEOUT_NONE);
	if (c != -E_AGAIN)
		return failed("a try: -E_AGAIN", c);
	if (spins == before)
		return failed("the lower thread ran while main waited", 0);

	kprintf("console_wait: type a line\n");
	/* For ever: only the interrupt's wake can end these waits (a
	 * missing one hangs the run, which the harness fails). */
	while ((c = console_getc_wait(TIMEOUT_FOREVER)) != '\n') {
		if (c < 0)
			return failed("a typed line", c);
		if (n < sizeof(line) - 1)
			line[n++] = (char)c;
	}
	line[n] = '\0';
	kprintf("console_wait: read '%s'; the lower thread ran meanwhile\n",
		line);
	return EXIT_OK;
}
