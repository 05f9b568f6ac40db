/* Short-descriptor translation tables built from the board's memory map:
 * RAM as Normal write-back cacheable memory, execute-never but for the
 * image's code (read-only, as is its .rodata), shared memory (a
 * hypervisor's page) as Normal write-back cacheable Shareable memory,
 * execute-never, device windows as Device memory, execute-never; every
 * other address faults. 1 MiB sections where a region covers whole
 * megabytes, 4 KiB pages elsewhere, and always in the megabytes of the
 * image: the stacks that get guard pages lie there, code and data share
 * them, and a section that maps the running code cannot be split live.
 * DDI 0406C B3.5 (descriptors), B3.8 (memory attributes), B3.10 (TTBR),
 * B3.10.1 (break-before-make when an entry changes its size). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "cpu.h"
#include "kerr.h"
#include "kstring.h"
#include "memmap.h"
#include "panic.h"

#define SECTION_SIZE (1u << 20)
#define PAGE_SIZE 4096u
#define L1_ENTRIES 4096
#define L2_ENTRIES 256

/* Level-1 descriptors (B3.5.1). */
#define L1_PAGE_TABLE 0x1u
#define L1_SECTION 0x2u
#define L1_TYPE_MASK 0x3u
#define L1_SECT_B (1u << 2)
#define L1_SECT_C (1u << 3)
#define L1_SECT_XN (1u << 4)
#define L1_SECT_AP_RW (3u << 10)	/* PL1 and PL0 read/write */
#define L1_SECT_TEX(x) ((uint32_t)(x) << 12)
#define L1_SECT_S (1u << 16)		/* Shareable */

/* Level-2 small page descriptors (B3.5.2). */
#define L2_SMALL 0x2u
#define L2_XN 0x1u
#define L2_B (1u << 2)
#define L2_C (1u << 3)
#define L2_AP_RW (3u << 4)
/* AP[2] over AP[1:0] = 0b11: read-only at PL1 and PL0 (B3.7.1, table
 * B3-8; SCTLR.AFE is clear, as the entry leaves it). */
#define L2_APX (1u << 9)
#define L2_TEX(x) ((uint32_t)(x) << 6)
#define L2_S (1u << 10)			/* Shareable */

/* TEX/C/B encodings (B3.8.2, table B3-10): Normal outer and inner
 * write-back write-allocate; shareable Device. */
#define SECT_NORMAL (L1_SECT_TEX(1) | L1_SECT_C | L1_SECT_B | L1_SECT_AP_RW)
#define SECT_DEVICE (L1_SECT_B | L1_SECT_AP_RW | L1_SECT_XN)
#define PAGE_NORMAL (L2_TEX(1) | L2_C | L2_B | L2_AP_RW)
#define PAGE_DEVICE (L2_B | L2_AP_RW | L2_XN)
/* Memory another CPU accesses cached (the Jailhouse communication region:
 * Normal memory in the hypervisor's mappings): Normal write-back, and
 * Shareable so that the accesses stay coherent with that CPU's (B3.8.2:
 * Non-cacheable or Device accesses would not see its cached data). */
#define SECT_SHARED (SECT_NORMAL | L1_SECT_S | L1_SECT_XN)
#define PAGE_SHARED (PAGE_NORMAL | L2_S | L2_XN)
/* RAM is data, never executed; the image's code and read-only data get
 * their pages afterwards (mmu_protect_image). */
#define SECT_RAM (SECT_NORMAL | L1_SECT_XN)
#define PAGE_RAM (PAGE_NORMAL | L2_XN)
#define PAGE_CODE (PAGE_NORMAL | L2_APX)
#define PAGE_RODATA (PAGE_CODE | L2_XN)

/* TTBR0: inner write-back write-allocate walks (IRGN=01: bit 6), outer
 * write-back write-allocate (RGN=01). */
#define TTBR_WALK_ATTRS ((1u << 6) | (1u << 3))

/* Not in .bss, which boot clears before its first console byte: the
 * level-1 table is cleared by arm_mmu_init(), each level-2 table as it
 * is taken. */
static uint32_t mmu_l1[L1_ENTRIES]
	__attribute__((aligned(16384), section(".noinit.mmu_l1")));
/* The level-2 pool, sized by the linker script from the image. */
extern uint32_t arm_mmu_l2_pool[][L2_ENTRIES], arm_mmu_l2_pool_end[];
static unsigned int mmu_l2_used;

static unsigned int mmu_l2_tables(void)
{
	return (unsigned int)((arm_mmu_l2_pool_end -
			       arm_mmu_l2_pool[0]) / L2_ENTRIES);
}

static uint32_t *mmu_l2_new(void)
{
	if (mmu_l2_used == mmu_l2_tables())
		return NULL;
	memset(arm_mmu_l2_pool[mmu_l2_used], 0, sizeof(arm_mmu_l2_pool[0]));
	return arm_mmu_l2_pool[mmu_l2_used++];
}

extern const uint8_t _start[], __text_end[], __data_start[], __image_end[];

/* The first and last megabyte the image (code through stacks) touches. */
static uint32_t image_first_mb(void)
{
	return (uint32_t)(uintptr_t)_start & ~(SECTION_SIZE - 1);
}

static uint32_t image_last_mb(void)
{
	return ((uint32_t)(uintptr_t)__image_end - 1) & ~(SECTION_SIZE - 1);
}

/* Whole megabytes from `va` (aligned) that may be sections, at most `n`:
 * the run stops before the image. */
static uint32_t section_run(uint32_t va, uint32_t n)
{
	uint32_t first = image_first_mb(), last = image_last_mb();

	if (va >= first && va <= last)
		return 0;
	if (va < first && n > (first - va) >> 20)
		return (first - va) >> 20;
	return n;
}

static uint32_t *mmu_l2_for(uint32_t va)
{
	uint32_t *l1e = &mmu_l1[va >> 20];
	uint32_t *l2;

	if ((*l1e & L1_TYPE_MASK) == L1_PAGE_TABLE)
		return (uint32_t *)(uintptr_t)(*l1e & ~0x3ffu);
	if ((*l1e & L1_TYPE_MASK) == L1_SECTION)
		return NULL;	/* already mapped as a whole megabyte */
	l2 = mmu_l2_new();
	if (!l2)
		panic("mmu: more than %u megabytes mapped by pages; the "
		      "pool in arch/arm/link.ld.in is too small",
		      mmu_l2_tables());
	*l1e = (uint32_t)(uintptr_t)l2 | L1_PAGE_TABLE;
	return l2;
}

/* Pages `va` to `stop` (inclusive) of one megabyte; the image's
 * megabytes are hundreds of pages at every boot: four stores a round. */
static void mmu_map_pages(uint32_t va, uint32_t stop, uint32_t page)
{
	uint32_t *l2 = mmu_l2_for(va);
	uint32_t n = ((stop - va) >> 12) + 1;
	uint32_t desc = va | page | L2_SMALL;
	uint32_t *e;

	if (!l2)
		return;		/* inside a section already mapped */
	e = &l2[(va >> 12) & 0xff];
	for (; n >= 4; n -= 4, e += 4) {
		e[0] = desc;
		e[1] = desc + PAGE_SIZE;
		e[2] = desc + 2 * PAGE_SIZE;
		e[3] = desc + 3 * PAGE_SIZE;
		desc += 4 * PAGE_SIZE;
	}
	for (; n; n--, desc += PAGE_SIZE)
		*e++ = desc;
}

static void mmu_map_region(const struct memmap_region *r)
{
	uint64_t end = (r->base + r->size + PAGE_SIZE - 1) &
		       ~(uint64_t)(PAGE_SIZE - 1);
	uint32_t sect = SECT_DEVICE, page = PAGE_DEVICE;
	uint32_t va, last;

	if (r->type == MEMMAP_RAM) {
		sect = SECT_RAM;
		page = PAGE_RAM;
	} else if (r->type == MEMMAP_SHARED) {
		sect = SECT_SHARED;
		page = PAGE_SHARED;
	}

	if (end > (1ull << 32))
		panic("mmu: %s at 0x%llx is above 4 GiB, which short "
		      "descriptors cannot map", r->name,
		      (unsigned long long)r->base);
	/* 32-bit arithmetic on inclusive bounds, so that the last
	 * megabyte below 4 GiB needs no 64-bit math. */
	va = (uint32_t)r->base & ~(PAGE_SIZE - 1);
	last = (uint32_t)(end - 1);
	for (;;) {
		uint32_t mb_last = va | (SECTION_SIZE - 1);
		uint32_t n = 0;

		/* Whole megabytes only: a last one the region does not
		 * fill ends in pages below. */
		if ((va & (SECTION_SIZE - 1)) == 0 && mb_last <= last &&
		    (mmu_l1[va >> 20] & L1_TYPE_MASK) == 0)
			n = section_run(va, ((last - mb_last) >> 20) + 1);
		if (n) {
			/* A run of whole megabytes: one store each (RAM is
			 * hundreds of them). Only device windows can share a
			 * megabyte (the memory map keeps RAM and shared
			 * memory apart), so what this overwrites was device
			 * memory too. */
			uint32_t *e = &mmu_l1[va >> 20];
			uint32_t desc = va | sect | L1_SECTION;

			for (uint32_t i = 0; i < n; i++, desc += SECTION_SIZE)
				e[i] = desc;
			va += n * SECTION_SIZE;
			if (va == 0 || va - 1 >= last)
				break;
			continue;
		}
		mmu_map_pages(va, (mb_last < last ? mb_last : last) &
			      ~(PAGE_SIZE - 1), page);
		if (mb_last >= last)
			break;
		va = mb_last + 1;
	}
}

/* Code pages run from the image's start through the page that holds
 * __text_end, with the command line and the head of .rodata; read-only
 * data pages from there up to __data_start, which is page-aligned (.data
 * is moved there at entry: link.ld.in). Aligning __text_end would put
 * padding into the flat image. The image's megabytes are always pages
 * (section_run), mapped as RAM by now. */
static void mmu_protect_image(void)
{
	uint32_t va = (uint32_t)(uintptr_t)_start & ~(PAGE_SIZE - 1);
	uint32_t text_end = (uint32_t)(uintptr_t)__text_end;
	uint32_t ro_end = (uint32_t)(uintptr_t)__data_start;

	for (; va < ro_end; va += PAGE_SIZE) {
		uint32_t l1 = mmu_l1[va >> 20];
		uint32_t *l2 = (uint32_t *)(uintptr_t)(l1 & ~0x3ffu);
		uint32_t page = va < text_end ? PAGE_CODE : PAGE_RODATA;

		if ((l1 & L1_TYPE_MASK) == L1_PAGE_TABLE)
			l2[(va >> 12) & 0xff] = va | page | L2_SMALL;
	}
}

/* Invalidate the level-1 data cache by set/way: its contents are
 * unknown after reset on some cores (B2.2.6, CCSIDR B4.1.19). */
static void cache_invalidate_l1d(void)
{
	uint32_t ccsidr, sets, ways, line_shift, way_shift;

	cp15_write_csselr(0);
	isb();
	ccsidr = cp15_read_ccsidr();
	line_shift = (ccsidr & 7) + 4;
	ways = ((ccsidr >> 3) & 0x3ff) + 1;
	sets = ((ccsidr >> 13) & 0x7fff) + 1;
	way_shift = (uint32_t)__builtin_clz(ways - 1 ? ways - 1 : 1);
	if (ways == 1)
		way_shift = 0;
	/* One operation per line: the set/way word is stepped, not rebuilt
	 * (hundreds of lines, at every boot). */
	for (uint32_t w = 0; w < ways; w++) {
		uint32_t op = w << way_shift;
		uint32_t end = op + (sets << line_shift);

		for (; op != end; op += 1u << line_shift)
			cp15_write_dcisw(op);
	}
	dsb();
}

void arm_mmu_init(const struct memmap *map)
{
	arm_zero(mmu_l1, sizeof(mmu_l1));	/* everything faults */
	for (unsigned int i = 0; i < map->count; i++)
		mmu_map_region(&map->r[i]);
	mmu_protect_image();

	cache_invalidate_l1d();
	cp15_write_iciallu(0);
	cp15_write_bpiall(0);
	cp15_write_tlbiall(0);
	cp15_write_dacr(1);		/* domain 0: client, checks AP bits */
	cp15_write_ttbcr(0);
	cp15_write_ttbr0((uint32_t)(uintptr_t)mmu_l1 | TTBR_WALK_ATTRS);
	dsb();
	isb();
	cp15_write_sctlr(cp15_read_sctlr() | SCTLR_M | SCTLR_C | SCTLR_I |
			 SCTLR_Z);
	isb();
}

size_t arch_page_size(void)
{
	return PAGE_SIZE;
}

/* Replaces a RAM section outside the image by small pages with the same
 * attributes, break-before-make: the section is unmapped and flushed from
 * the TLB before the table goes in, so that no TLB holds both sizes at
 * once. Nothing may touch the megabyte in between: interrupts are masked,
 * the code runs from the image (never mapped by sections), and the
 * sequence is one asm block, so no stack access (the stack may lie in
 * that megabyte) comes between the two stores. */
static uint32_t *mmu_split_ram_section(uint32_t va)
{
	uint32_t *l1e = &mmu_l1[va >> 20];
	uint32_t base = *l1e & ~(SECTION_SIZE - 1);
	uint32_t *l2 = mmu_l2_new();
	irqstate_t s;

	if (!l2)
		return NULL;
	for (uint32_t i = 0; i < L2_ENTRIES; i++)
		l2[i] = (base + i * PAGE_SIZE) | PAGE_RAM | L2_SMALL;
	s = arch_irq_save();
	__asm__ volatile("str %[zero], [%[e]]\n\t"
			 "dsb\n\t"
			 "mcr p15, 0, %[zero], c8, c7, 0\n\t"	/* TLBIALL */
			 "dsb\n\t"
			 "isb\n\t"
			 "str %[table], [%[e]]\n\t"
			 "dsb\n\t"
			 "isb"
			 :
			 : [e] "r"(l1e), [zero] "r"(0u),
			   [table] "r"((uint32_t)(uintptr_t)l2 | L1_PAGE_TABLE)
			 : "memory");
	arch_irq_restore(s);
	return l2;
}

/* A guard page is an unmapped small page inside data RAM (by its
 * attributes: not code, .rodata, shared memory or a device); a 1 MiB
 * section around it is split into pages once (L2 pool permitting). Only
 * a guard is lifted. */
int arch_stack_guard(void *addr, bool on)
{
	uint32_t va = (uint32_t)(uintptr_t)addr;
	uint32_t l1 = mmu_l1[va >> 20];
	uint32_t *l2, *e;

	if (va & (PAGE_SIZE - 1))
		return -E_INVAL;
	if ((l1 & L1_TYPE_MASK) == L1_SECTION) {
		if ((l1 & (SECTION_SIZE - 1)) != (SECT_RAM | L1_SECTION))
			return -E_INVAL;
		if (!on)
			return 0;
		l2 = mmu_split_ram_section(va);
		if (!l2)
			return -E_NOMEM;
	} else if ((l1 & L1_TYPE_MASK) == L1_PAGE_TABLE) {
		l2 = (uint32_t *)(uintptr_t)(l1 & ~0x3ffu);
	} else {
		return -E_INVAL;
	}
	e = &l2[(va >> 12) & 0xff];
	if ((*e & (PAGE_SIZE - 1)) != (on ? PAGE_RAM | L2_SMALL : 0))
		return -E_INVAL;
	*e = on ? 0 : (va | PAGE_RAM | L2_SMALL);
	dsb();
	__asm__ volatile("mcr p15, 0, %0, c8, c7, 1" ::"r"(va) : "memory");
	dsb();
	isb();
	return 0;
}
