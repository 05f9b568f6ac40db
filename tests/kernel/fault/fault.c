/* Provokes one CPU fault, chosen by `fault=...`, so that the test can
 * check the kernel's fault report: the faulting PC (labelled below,
 * looked up in the ELF by the test) and the fault address. The xn-*
 * kinds run a return instruction from memory that is not code, ro-text
 * and ro-rodata store into the code and into read-only data. */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "cmdline.h"
#include "console.h"
#include "fault_irq.h"
#include "irq.h"
#include "kernel.h"
#include "kerr.h"
#include "kheap.h"
#include "kstring.h"
#include "memmap.h"

static const char *fault_kind = "undef";
CMDLINE_STR(fault_kind, "fault", 16,
	    "undef, dabt, dabt-empty-gib, pabt, xn, xn-data, xn-stack, "
	    "xn-heap, xn-ram, ro-text, ro-rodata, ro-rodata-end, xn-rodata, irq or "
	    "irq-masked");

void fault_undef(void);
void fault_dabt(uintptr_t addr);
void fault_pabt(uintptr_t addr);
void fault_write(uintptr_t addr);
void fault_sync_icache(uintptr_t addr);
extern uint32_t fault_code_in_data[];
extern const uint8_t fault_code_in_rodata[], fault_code_in_rodata_end[];

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

/* Spins until the count of unhandled interrupts passes `before`. */
static void wait_unhandled(unsigned int before)
{
	for (unsigned int spin = 0; spin < 1000000; spin++)
		if (irq_unhandled_count() != before)
			break;
}

/* An interrupt nobody attached to is reported, and the kernel goes on:
 * here a software-raised one, which our QEMU chips cannot mask (they say
 * so). */
static int fault_unexpected_irq(void)
{
	unsigned int irq, before = irq_unhandled_count();

	if (irq_soft(3, &irq) < 0 || irq_enable(irq) < 0 || irq_raise(irq) < 0) {
		kprintf("fault: no software interrupt to raise\n");
		return EXIT_FAILURE;
	}
	wait_unhandled(before);
	kprintf("fault: %u unhandled interrupt(s) counted\n",
		irq_unhandled_count() - before);
	return irq_unhandled_count() == before + 1 ? EXIT_OK : EXIT_FAILURE;
}

/* One the root controller can mask and something can raise again
 * (fault/<arch>/raise_irq.c): after the first comes, unexpected, it is
 * masked, and raising it again delivers nothing. */
static int fault_unexpected_masked_irq(void)
{
	unsigned int irq = 0, before = irq_unhandled_count();
	int err = fault_maskable_irq(&irq);

	if (err == 0)
		err = irq_enable(irq);
	if (err == 0)
		err = fault_maskable_irq_raise(irq);
	if (err < 0) {
		kprintf("fault: interrupt %u cannot be raised (%s)\n", irq,
			kerr_name(err));
		return EXIT_FAILURE;
	}
	wait_unhandled(before);
	kprintf("fault: raising interrupt %u again\n", irq);
	fault_maskable_irq_raise(irq);
	wait_unhandled(before + 1);
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

/* An address in the first GiB below 4 GiB that no region of the memory
 * map touches, whose whole translation table the MMU may leave out (an
 * i686 PAE map leaves its directory pointer not present); 0 if none. */
static uintptr_t fault_empty_gib_address(void)
{
	const uint64_t gib = 1ull << 30;

	for (uint64_t base = gib; base < 4 * gib; base += gib) {
		const struct memmap *map = kernel_memmap();
		bool used = false;

		for (unsigned int i = 0; i < map->count; i++)
			if (map->r[i].base < base + gib &&
			    base < map->r[i].base + map->r[i].size)
				used = true;
		if (!used)
			return (uintptr_t)base;
	}
	return 0;
}

/* The first megabyte of RAM after the image: mapped as a section. */
static uintptr_t fault_ram_after_image(void)
{
	extern const uint8_t __image_end[];
	const uintptr_t size = 1u << 20;
	uintptr_t mb = ((uintptr_t)__image_end + size - 1) & ~(size - 1);
	const struct memmap_region *r = memmap_find(kernel_memmap(), mb, 4);

	return r && r->type == MEMMAP_RAM ? mb : 0;
}

/* A page that holds nothing but .rodata: the first whole page in the
 * array of return instructions that fault_insn.S puts there (two pages
 * long, so one lies inside wherever the linker places it); 0 if none. */
static uintptr_t fault_rodata_page(void)
{
	uintptr_t page = arch_page_size();
	uintptr_t va = ((uintptr_t)fault_code_in_rodata + page - 1) &
		       ~(page - 1);

	if (!page || va + page > (uintptr_t)fault_code_in_rodata_end) {
		kprintf("fault: no whole page of .rodata to fault in\n");
		return 0;
	}
	return va;
}

/* Copies the return instruction to `to` and jumps there. */
static void fault_run_copy(void *to, const char *where)
{
	if (!to) {
		kprintf("fault: no %s to jump into\n", where);
		return;
	}
	memcpy(to, fault_code_in_data, sizeof(uint32_t));
	fault_sync_icache((uintptr_t)to);
	kprintf("fault: jumping to 0x%08lx in %s\n", (unsigned long)to, where);
	fault_pabt((uintptr_t)to);
}

/* False for a kind that is not about memory protection. */
static bool fault_protection(const char *kind)
{
	uint32_t on_stack[4];

	if (!strcmp(kind, "xn-data")) {
		kprintf("fault: jumping to 0x%08lx in .data\n",
			(unsigned long)(uintptr_t)fault_code_in_data);
		fault_pabt((uintptr_t)fault_code_in_data);
	} else if (!strcmp(kind, "xn-stack")) {
		fault_run_copy(on_stack, "the stack");
	} else if (!strcmp(kind, "xn-heap")) {
		fault_run_copy(kheap_alloc(16, 16), "the heap");
	} else if (!strcmp(kind, "xn-ram")) {
		fault_run_copy((void *)fault_ram_after_image(),
			       "RAM after the image");
	} else if (!strcmp(kind, "ro-text")) {
		kprintf("fault: writing 0x%08lx in the code\n",
			(unsigned long)(uintptr_t)fault_undef);
		fault_write((uintptr_t)fault_undef);
	} else if (!strcmp(kind, "ro-rodata")) {
		uintptr_t va = fault_rodata_page();

		if (va) {
			kprintf("fault: writing 0x%08lx in .rodata\n",
				(unsigned long)va);
			fault_write(va);
		}
	} else if (!strcmp(kind, "ro-rodata-end")) {
		/* The last word of read-only data, on the page before .data
		 * (ARM: link.ld.in). */
		extern const uint8_t __rodata_end[];
		uintptr_t va = ((uintptr_t)__rodata_end - 4) & ~(uintptr_t)3;

		kprintf("fault: writing 0x%08lx at the end of .rodata\n",
			(unsigned long)va);
		fault_write(va);
	} else if (!strcmp(kind, "xn-rodata")) {
		uintptr_t va = fault_rodata_page();

		if (va) {
			kprintf("fault: jumping to 0x%08lx in .rodata\n",
				(unsigned long)va);
			fault_pabt(va);
		}
	} else {
		return false;
	}
	return true;
}

int app_main(void)
{
	uintptr_t addr = fault_unmapped_address();

	if (!strcmp(fault_kind, "undef")) {
		/* The report names the stack pointer of the code that
		 * faulted, which fault_undef() leaves as it is here. */
		kprintf("fault: executing an undefined instruction, stack "
			"pointer 0x%08lx\n",
			(unsigned long)arch_stack_pointer());
		fault_undef();
	} else if (!strcmp(fault_kind, "dabt")) {
		kprintf("fault: reading 0x%08lx\n", (unsigned long)addr);
		fault_dabt(addr);
	} else if (!strcmp(fault_kind, "dabt-empty-gib")) {
		addr = fault_empty_gib_address();
		if (!addr) {
			kprintf("fault: every GiB below 4 GiB holds a region\n");
			return EXIT_FAILURE;
		}
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
	} else if (!strcmp(fault_kind, "irq-masked")) {
		return fault_unexpected_masked_irq();
	} else if (!fault_protection(fault_kind)) {
		kprintf("fault: unknown kind '%s'\n", fault_kind);
		return EXIT_FAILURE;
	}
	kprintf("fault: FAILED: the fault did not stop the kernel\n");
	return EXIT_FAILURE;
}
