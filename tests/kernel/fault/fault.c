/* Provokes one CPU fault, chosen by `fault=undef|dabt|pabt`, so that the
 * test can check the kernel's fault report: the faulting PC (labelled
 * below, looked up in the ELF by the test) and the fault address. */
#include <stdint.h>

#include "cmdline.h"
#include "console.h"
#include "irq.h"
#include "kernel.h"
#include "kstring.h"
#include "memmap.h"

static const char *fault_kind = "undef";
CMDLINE_STR(fault_kind, "fault", 8, "undef, dabt, pabt, xn or irq");

void fault_undef(void);
void fault_dabt(uintptr_t addr);
void fault_pabt(uintptr_t addr);

/* The first device window of the memory map: mapped, but never
 * executable. */
static uintptr_t fault_device_address(void)
{
	const struct memmap *map = kernel_memmap();

	for (unsigned int i = 0; i < map->count; i++)
		if (map->r[i].type == MEMMAP_DEVICE)
			return (uintptr_t)map->r[i].base;
	return 0;
}

/* An interrupt nobody attached to is reported and masked, and the kernel
 * goes on. */
static int fault_unexpected_irq(void)
{
	unsigned int irq, before = irq_unhandled_count();

	if (irq_soft(3, &irq) < 0 || irq_enable(irq) < 0 || irq_raise(irq) < 0) {
		kprintf("fault: no software interrupt to raise\n");
		return EXIT_FAILURE;
	}
	for (unsigned int spin = 0; spin < 1000000; spin++)
		if (irq_unhandled_count() != before)
			break;
	kprintf("fault: %u unhandled interrupt(s) counted\n",
		irq_unhandled_count() - before);
	return irq_unhandled_count() == before + 1 ? EXIT_OK : EXIT_FAILURE;
}

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
	} else if (!strcmp(fault_kind, "xn")) {
		addr = fault_device_address();
		kprintf("fault: jumping into device memory at 0x%08lx\n",
			(unsigned long)addr);
		fault_pabt(addr);
	} else if (!strcmp(fault_kind, "irq")) {
		return fault_unexpected_irq();
	} else {
		kprintf("fault: unknown kind '%s'\n", fault_kind);
		return EXIT_FAILURE;
	}
	kprintf("fault: FAILED: the fault did not stop the kernel\n");
	return EXIT_FAILURE;
}
