/* A cell that waits for the test to drive it: console input locks and
 * unlocks it against shutdown (l, u), provokes a fault (f) or a panic (p),
 * or ends it (q); meanwhile the test plays the hypervisor through the
 * communication region. */
#include <stdint.h>

#include "console.h"
#include "hv.h"
#include "kernel.h"
#include "memmap.h"
#include "panic.h"
#include "thread.h"

int app_main(void)
{
	const struct memmap *map = kernel_memmap();
	const struct memmap_region *last = &map->r[map->count - 1];

	console_rx_start();
	kprintf("cell: ready (%s)\n", hv_name());
	for (;;) {
		int c = console_getc();

		if (c < 0) {
			thread_sleep(MS(2));
			continue;
		}
		switch (c) {
		case 'l':
			hv_cell_lock();
			kprintf("cell: locked\n");
			break;
		case 'u':
			hv_cell_unlock();
			kprintf("cell: unlocked\n");
			break;
		case 'f':
			kprintf("cell: faulting\n");
			(void)*(volatile uint32_t *)(uintptr_t)(last->base +
								last->size);
			break;
		case 'p':
			panic("cell: asked to panic");
		case 'q':
			kprintf("cell: quitting\n");
			return EXIT_OK;
		default:
			break;
		}
	}
}
