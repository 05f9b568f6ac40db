/* The cell's memory must be RAM everywhere (a chipset window left open
 * would swallow the kernel's writes there): every page is written and
 * read back with an address-dependent pattern, then filled with `fill`.
 * Jailhouse does not clear a cell's RAM (it holds what the root cell
 * left), so the cell's RAM gets a non-zero fill: the kernel must assume
 * nothing about it beyond its image. The communication region starts
 * zeroed, as Jailhouse clears it. */
#include "fw.h"

#define RAM_PATTERN 0x5aa5c33cu

static bool ram_page_holds(uintptr_t page)
{
	volatile uint32_t *first = (volatile uint32_t *)page;
	volatile uint32_t *last =
		(volatile uint32_t *)(page + FW_PAGE_SIZE - sizeof(uint32_t));

	*first = RAM_PATTERN ^ (uint32_t)page;
	*last = ~(RAM_PATTERN ^ (uint32_t)page);
	return *first == (RAM_PATTERN ^ (uint32_t)page) &&
	       *last == ~(RAM_PATTERN ^ (uint32_t)page);
}

void ram_check_and_fill(uintptr_t base, uint32_t size, uint8_t fill)
{
	for (uintptr_t page = base; page < base + size; page += FW_PAGE_SIZE)
		if (!ram_page_holds(page)) {
			uart_puts("x86-cell-fw: no RAM at ");
			uart_put_hex((uint32_t)page);
			uart_puts("\n");
			fw_fail("the cell's memory is not all RAM (QEMU -m too "
				"small, or a chipset window open)");
		}
	memset((void *)base, fill, size);
}
