/* Provokes one CPU fault, chosen by `fault=undef|dabt|pabt`, so that the
 * test can check the kernel's fault report: the faulting PC (labelled
 * below, looked up in the ELF by the test) and the fault address. */
#include <stdint.h>

#include "cmdline.h"
#include "console.h"
#include "kernel.h"
#include "kstring.h"
#include "memmap.h"

static const char *fault_kind = "undef";
CMDLINE_STR(fault_kind, "fault", 8, "undef, dabt or pabt");

void fault_undef(void);
void fault_dabt(uintptr_t addr);
void fault_pabt(uintptr_t addr);

/* An address no region of the memory map covers: the end of the last one,
 * which the MMU leaves unmapped. */
static uintptr_t fault_unmapped_address(void)
{
	const struct memmap *map = kernel_memmap();
	const struct memmap_region *last = &map->r[map->count - 1];

	return (uintptr_t)(last->base + last->size);
}

int app_main(void)
{
	uintptr_t addr = fault_unmapped_address();

	if (!strcmp(fault_kind, "undef")) {
		kprintf("fault: executing an undefined instruction\n");
		fault_undef();
	} else if (!strcmp(fault_kind, "dabt")) {
		kprintf("fault: reading 0x%08lx\n", (unsigned long)addr);
		fault_dabt(addr);
	} else if (!strcmp(fault_kind, "pabt")) {
		kprintf("fault: jumping to 0x%08lx\n", (unsigned long)addr);
		fault_pabt(addr);
	} else {
		kprintf("fault: unknown kind '%s'\n", fault_kind);
		return EXIT_FAILURE;
	}
	kprintf("fault: FAILED: the fault did not stop the kernel\n");
	return EXIT_FAILURE;
}
