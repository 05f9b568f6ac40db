/* ARM: the image's pages carry the permissions of what they hold
 * (arch/arm/mmu.c, arch/arm/link.ld.in): code through the page that holds
 * __text_end read-only and executable, .rodata after it (and .data's
 * stored copy) read-only and execute-never, from __data_start on
 * read/write and execute-never; RAM Normal write-back, devices Device,
 * the table walks cached. The tables are read where the MMU reads them,
 * through TTBR0. */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "kernel.h"
#include "kerr.h"
#include "ktest.h"
#include "memmap.h"

#define PAGE 4096u
/* Small page descriptor (DDI 0406C B3.5.1): XN, AP[1:0] (PL1 and PL0
 * read/write at 0b11), AP[2] (read-only with AP[1:0] = 0b11). */
#define L2_SMALL 2u
#define L2_XN 1u
#define L2_AP_RW (3u << 4)
#define L2_APX (1u << 9)
#define L2_PERM (L2_SMALL | L2_XN | L2_AP_RW | L2_APX)

extern const uint8_t _start[], __text_end[], __data_start[];

/* The level-2 entry of `va`, 0 when its megabyte is no page table. */
static uint32_t l2_entry(uint32_t va)
{
	uint32_t ttbr0, l1;

	__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(ttbr0));
	l1 = ((const volatile uint32_t *)(uintptr_t)(ttbr0 & ~0x3fffu))
		[va >> 20];
	if ((l1 & 3) != 1)
		return 0;
	return ((const volatile uint32_t *)(uintptr_t)(l1 & ~0x3ffu))
		[(va >> 12) & 0xff];
}

static uint32_t page_of(const uint8_t *p)
{
	return (uint32_t)(uintptr_t)p & ~(PAGE - 1);
}

/* The first page after the one that holds the end of the code. */
static uint32_t rodata_first_page(void)
{
	return ((uint32_t)(uintptr_t)__text_end + PAGE - 1) & ~(PAGE - 1);
}

static const char *perm_name(uint32_t perm)
{
	if (perm == (L2_SMALL | L2_AP_RW | L2_APX))
		return "read-only, executable";
	if (perm == (L2_SMALL | L2_AP_RW | L2_APX | L2_XN))
		return "read-only, execute-never";
	if (perm == (L2_SMALL | L2_AP_RW | L2_XN))
		return "read/write, execute-never";
	return "other";
}

KTEST(image_map, each_page_of_the_image_has_the_permissions_of_what_it_holds)
{
	uint32_t ro_end = page_of(__data_start);

	KT_ASSERT(rodata_first_page() < ro_end, "a page of .rodata alone "
		  "between the code's end at 0x%08x and .data at 0x%08x",
		  (unsigned int)(uintptr_t)__text_end,
		  (unsigned int)(uintptr_t)__data_start);
	for (uint32_t va = page_of(_start); va <= ro_end; va += PAGE) {
		uint32_t want = L2_SMALL | L2_AP_RW | L2_APX;
		uint32_t got = l2_entry(va) & L2_PERM;

		if (va >= (uint32_t)(uintptr_t)__text_end)
			want |= L2_XN;
		if (va == ro_end)
			want &= ~L2_APX;
		KT_ASSERT(got == want, "page 0x%08x to be %s, not %s "
			  "(entry 0x%08x)", (unsigned int)va, perm_name(want),
			  perm_name(got), (unsigned int)l2_entry(va));
	}
}

/* A guard page would unmap the constants: .rodata is no stack. */
KTEST(image_map, a_guard_is_refused_in_rodata)
{
	uint32_t va = rodata_first_page();
	int err;

	KT_ASSERT(va < page_of(__data_start), "a page of .rodata alone");
	err = arch_stack_guard((void *)(uintptr_t)va, true);
	KT_EXPECT(err == -E_INVAL, "a guard in .rodata at 0x%08x refused "
		  "with -E_INVAL, not %d", (unsigned int)va, err);
	if (err == 0)
		arch_stack_guard((void *)(uintptr_t)va, false);
	KT_EXPECT(l2_entry(va) & L2_SMALL, "the .rodata page at 0x%08x "
		  "still mapped, not entry 0x%08x", (unsigned int)va,
		  (unsigned int)l2_entry(va));
}

/* Memory types (DDI 0406C B3.8.2, table B3-10: TEX, C, B): RAM Normal
 * outer and inner write-back write-allocate (TEX 001, C, B), devices
 * shareable Device (TEX 000, B only); the walks inner and outer
 * write-back write-allocate (TTBR0 IRGN 01, RGN 01: B4.1.154). */
#define TTBR_CACHE_BITS 0x59u	/* IRGN[1] (0), RGN (4:3), IRGN[0] (6) */
#define TTBR_WBWA 0x48u
#define L2_TEXCB (7u << 6 | 3u << 2)
#define L2_NORMAL_WB (1u << 6 | 3u << 2)
#define L1_TEXCB (7u << 12 | 3u << 2)
#define L1_DEVICE (1u << 2)
#define L2_DEVICE (1u << 2)

KTEST(image_map, ram_is_write_back_devices_are_device_and_walks_are_cached)
{
	const struct memmap *map = kernel_memmap();
	uint32_t ttbr0, data = l2_entry(page_of(__data_start));
	unsigned int devices = 0, sections = 0;

	__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(ttbr0));
	KT_EXPECT((ttbr0 & TTBR_CACHE_BITS) == TTBR_WBWA,
		  "table walks write-back write-allocate, TTBR0 0x%08x",
		  (unsigned int)ttbr0);
	KT_EXPECT((data & L2_TEXCB) == L2_NORMAL_WB,
		  ".data Normal write-back (TEX 001, C, B), entry 0x%08x",
		  (unsigned int)data);
	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];
		uint32_t va = (uint32_t)r->base, l1;

		if (r->type != MEMMAP_DEVICE || r->base >> 32)
			continue;
		__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(ttbr0));
		l1 = ((const volatile uint32_t *)(uintptr_t)(ttbr0 & ~0x3fffu))
			[va >> 20];
		devices++;
		if ((l1 & 3) == 2 && ++sections)
			KT_EXPECT((l1 & L1_TEXCB) == L1_DEVICE,
				  "%s at 0x%08x a Device section, entry 0x%08x",
				  r->name, (unsigned int)va, (unsigned int)l1);
		else
			KT_EXPECT((l2_entry(va) & L2_TEXCB) == L2_DEVICE,
				  "%s at 0x%08x a Device page, entry 0x%08x",
				  r->name, (unsigned int)va,
				  (unsigned int)l2_entry(va));
	}
	KT_EXPECT(devices > 0, "a device window mapped");
	/* What a board with a megabyte-long window checks (CMakeLists). */
	kprintf("    device windows: %u, %u of them by sections\n", devices,
		sections);
}

/* Whether a region of the map holds the page at `va`. */
static bool map_covers(const struct memmap *map, uint64_t va)
{
	for (unsigned int i = 0; i < map->count; i++)
		if (va >= map->r[i].base &&
		    va < map->r[i].base + map->r[i].size)
			return true;
	return false;
}

/* Every address outside the map faults: the page after each region's
 * end is not mapped, unless another region holds it. A window that
 * ends inside a megabyte it does not fill must end in pages there, not
 * in a section that runs on to the megabyte's end (CMakeLists: a window
 * a megabyte and a half long). */
KTEST(image_map, no_page_past_the_end_of_a_region_is_mapped)
{
	const struct memmap *map = kernel_memmap();
	unsigned int checked = 0;

	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];
		uint64_t end = (r->base + r->size + PAGE - 1) &
			       ~(uint64_t)(PAGE - 1);
		uint32_t ttbr0, l1;

		if (end >> 32 || map_covers(map, end))
			continue;
		__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(ttbr0));
		l1 = ((const volatile uint32_t *)(uintptr_t)(ttbr0 & ~0x3fffu))
			[end >> 20];
		checked++;
		KT_EXPECT((l1 & 3) != 2, "0x%08x past the end of %s not in a "
			  "section (level-1 entry 0x%08x)", (unsigned int)end,
			  r->name, (unsigned int)l1);
		KT_EXPECT((l2_entry((uint32_t)end) & 3) == 0, "0x%08x past the "
			  "end of %s not mapped (level-2 entry 0x%08x)",
			  (unsigned int)end, r->name,
			  (unsigned int)l2_entry((uint32_t)end));
	}
	KT_EXPECT(checked > 0, "a region with unmapped memory after it");
}
