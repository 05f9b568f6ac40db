/* Identity-mapped page tables built from the board's memory map: the
 * image's code read-only and executable, its .rodata read-only, the rest
 * of RAM read/write, device windows uncacheable; all but the code
 * non-executable where the CPU has NX; every other address faults.
 * CR0.WP makes the kernel's own stores honour read-only pages. 2 MiB pages where a region covers them, 4 KiB pages
 * elsewhere. x86_64 uses 4-level paging (it replaces entry32.S's
 * temporary map); i686 uses PAE paging, which has the NX bit, and runs
 * unpaged (no protection, no guard pages) on a CPU without PAE.
 * Intel SDM vol. 3A 4.4 (PAE paging), 4.5 (4-level paging), 4.6 (access
 * rights), 4.10.4 (TLB invalidation), 11.12 (PCD/PWT memory types). */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "console.h"
#include "kerr.h"
#include "kernel.h"
#include "kstring.h"
#include "memmap.h"
#include "panic.h"
#include "x86.h"

#define PT_ENTRIES 512
#define PTE_ADDR_MASK 0x000ffffffffff000ull
#define PTE_NX (1ull << 63)
#define LEVEL_BITS 9
#define LEVEL_PT 0		/* table of 4 KiB pages */
#define LEVEL_PD 1		/* page directory: 2 MiB pages */
#ifdef __x86_64__
#define LEVEL_ROOT 3		/* PML4 */
#else
#define LEVEL_ROOT 2		/* PAE page-directory-pointer table */
#define PAE_ROOT_ENTRIES 4
#endif

typedef uint64_t pte_t;

/* Sized by the linker script from the image, and not in .bss, which
 * boot clears before its first console byte: each table is cleared as it
 * is taken, and most of the pool never is. */
extern pte_t x86_pt_pool[][PT_ENTRIES], x86_pt_pool_end[];
static unsigned int pt_used;
static pte_t *pt_root;
static pte_t pte_nx;		/* PTE_NX when EFER.NXE is on, else 0 */
static bool paging_on;

extern const uint8_t __text_start[], __text_end[], __data_start[];

/* Leaf attributes per kind of mapping. */
#define ATTR_CODE (PTE_P)
#define ATTR_RODATA (PTE_P | pte_nx)
#define ATTR_DATA (PTE_P | PTE_RW | pte_nx)
#define ATTR_DEVICE (PTE_P | PTE_RW | PTE_PCD | PTE_PWT | pte_nx)

static unsigned int pt_shift(unsigned int level)
{
	return 12 + LEVEL_BITS * level;
}

static unsigned int pt_pool_size(void)
{
	return (unsigned int)((x86_pt_pool_end - x86_pt_pool[0]) / PT_ENTRIES);
}

/* A table from the pool with its first `entries` entries cleared: the
 * CPU reads no others of it. */
static pte_t *pt_alloc_entries(unsigned int entries)
{
	if (pt_used == pt_pool_size())
		panic("paging: more than %u page tables needed; the pool in "
		      "arch/x86/link.ld.in is too small", pt_pool_size());
	memset(x86_pt_pool[pt_used], 0, entries * sizeof(pte_t));
	return x86_pt_pool[pt_used++];
}

static pte_t *pt_alloc(void)
{
	return pt_alloc_entries(PT_ENTRIES);
}

static pte_t *pt_entry(pte_t *table, unsigned int level, uint64_t va)
{
	return &table[(va >> pt_shift(level)) & (PT_ENTRIES - 1)];
}

/* Attributes of a table pointer: permissive, the leaves restrict. PAE's
 * top-level entries may only have P (and cache bits): SDM 3A 4.4.1. */
static pte_t pt_table_attr(unsigned int level)
{
#ifndef __x86_64__
	if (level == LEVEL_ROOT)
		return PTE_P;
#endif
	(void)level;
	return PTE_P | PTE_RW;
}

/* The table below `e` (at `level`), created when absent; NULL when `e`
 * maps a large page. */
static pte_t *pt_descend(pte_t *e, unsigned int level)
{
	pte_t *t;

	if (*e & PTE_P) {
		if (*e & PTE_PS)
			return NULL;
		return (pte_t *)(uintptr_t)(*e & PTE_ADDR_MASK);
	}
	t = pt_alloc();
	*e = (pte_t)(uintptr_t)t | pt_table_attr(level);
	return t;
}

/* The entry for `va` at `level` (LEVEL_PT or LEVEL_PD), tables created
 * on the way; NULL if a large page above covers it. */
static pte_t *pt_lookup(uint64_t va, unsigned int level)
{
	pte_t *t = pt_root;

	for (unsigned int l = LEVEL_ROOT; l > level; l--) {
		t = pt_descend(pt_entry(t, l, va), l);
		if (!t)
			return NULL;
	}
	return pt_entry(t, level, va);
}

static uint64_t max64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

static uint64_t min64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* n consecutive 4 KiB pages from entry e on: one store and one add each
 * (a page table's run, never more than PT_ENTRIES). */
static void pt_fill(pte_t *pte, pte_t e, unsigned int n)
{
	while (n--) {
		*pte++ = e;
		e += X86_PAGE_SIZE;
	}
}

/* 2 MiB pages where the range covers one that is still free, 4 KiB pages
 * elsewhere: those of one table are filled in a run, walking the tables
 * once per 2 MiB. */
static void paging_map_range(uint64_t base, uint64_t end, pte_t attr)
{
	uint64_t va = base & ~(uint64_t)(X86_PAGE_SIZE - 1);

	end = (end + X86_PAGE_SIZE - 1) & ~(uint64_t)(X86_PAGE_SIZE - 1);
	while (va < end) {
		uint64_t next = (va | (X86_LARGE_PAGE_SIZE - 1)) + 1;
		pte_t *pde = pt_lookup(va, LEVEL_PD);

		if (pde && !(*pde & PTE_P) &&
		    next - va == X86_LARGE_PAGE_SIZE && end >= next) {
			*pde = va | attr | PTE_PS;
			va = next;
			continue;
		}
		/* NULL under a large page: that part stays as it is. */
		pte_t *pte = pt_lookup(va, LEVEL_PT);

		next = min64(next, end);
		if (pte)
			pt_fill(pte, va | attr,
				(unsigned int)((next - va) / X86_PAGE_SIZE));
		va = next;
	}
}

/* The end of the image's read-only pages: .data starts a page of its
 * own (arch/x86/link.ld.in). */
static uint64_t paging_ro_end(void)
{
	return (uintptr_t)__data_start;
}

/* The part of [from, to) inside region `r`, mapped with `attr`. */
static void paging_map_part(const struct memmap_region *r, uint64_t from,
			    uint64_t to, pte_t attr)
{
	from = max64(from, r->base);
	to = min64(to, r->base + r->size);
	if (from < to)
		paging_map_range(from, to, attr);
}

/* RAM: the image's code read-only and executable, its .rodata read-only,
 * the rest data. */
static void paging_map_ram(const struct memmap_region *r)
{
	uint64_t ts = (uintptr_t)__text_start, te = (uintptr_t)__text_end;
	uint64_t ro_end = paging_ro_end();

	paging_map_part(r, 0, ts, ATTR_DATA);
	paging_map_part(r, ts, te, ATTR_CODE);
	paging_map_part(r, te, ro_end, ATTR_RODATA);
	paging_map_part(r, ro_end, UINT64_MAX, ATTR_DATA);
}

/* PAE's root is 4 entries (SDM 3A 4.4.1), the CPU caches them when CR3
 * is loaded: every directory this map needs is created by paging_build(),
 * before paging_enable(), and no later change adds one (a guard page
 * lies in RAM, whose directory exists). A GiB the map leaves empty keeps
 * a not-present pointer, which faults as an empty directory would. */
static void paging_build(const struct memmap *map)
{
#ifdef __x86_64__
	pt_root = pt_alloc();
#else
	pt_root = pt_alloc_entries(PAE_ROOT_ENTRIES);
#endif
	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];

#ifndef __x86_64__
		if (r->base + r->size > (1ull << 32))
			panic("paging: %s at 0x%llx lies above 4 GiB, out of "
			      "reach of a 32-bit kernel", r->name,
			      (unsigned long long)r->base);
#endif
		/* Shared memory with the type its other agent uses:
		 * write-back, as Jailhouse writes its communication region
		 * (one page mapped with two types is not supported, SDM 3A
		 * 11.12.4); data, never code. */
		if (r->type == MEMMAP_RAM)
			paging_map_ram(r);
		else
			paging_map_range(r->base, r->base + r->size,
					 r->type == MEMMAP_SHARED ? ATTR_DATA
								  : ATTR_DEVICE);
	}
}

static void paging_enable(void)
{
	unsigned long root = (unsigned long)(uintptr_t)pt_root;

	if (pte_nx)
		x86_wrmsr(MSR_EFER, x86_rdmsr(MSR_EFER) | EFER_NXE);
#ifdef __x86_64__
	x86_write_cr3(root);
	x86_write_cr0(x86_read_cr0() | CR0_WP);
#else
	x86_write_cr4(x86_read_cr4() | CR4_PAE);
	x86_write_cr3(root);
	x86_tss_set_cr3(root);
	/* SDM 3A 9.9.1: a jump right after setting CR0.PG. The value in
	 * eax..edx, as x86_write_cr0() has it (x86.h). */
	__asm__ volatile("mov %0, %%cr0\n\tjmp 1f\n1:"
			 ::"Q"(x86_read_cr0() | CR0_PG | CR0_WP)
			 : "memory");
#endif
	paging_on = true;
}

void x86_paging_init(void)
{
#ifndef __x86_64__
	if (!x86_cpu.pae) {
		kprintf("paging: the CPU has no PAE; running unpaged, without "
			"read-only code and .rodata, stack guard pages or "
			"NX\n");
		return;
	}
#endif
	pte_nx = x86_cpu.nx ? PTE_NX : 0;
	paging_build(kernel_memmap());
	paging_enable();
}

size_t arch_page_size(void)
{
	return paging_on ? X86_PAGE_SIZE : 0;
}

/* Replaces the 2 MiB page of `pde` by a table of 4 KiB pages with the
 * same attributes. */
static int paging_split(pte_t *pde)
{
	pte_t big = *pde;
	pte_t attr = (big & ~PTE_ADDR_MASK & ~PTE_PS) | (big & PTE_NX);
	uint64_t base = big & PTE_ADDR_MASK;
	pte_t *pt;

	if (pt_used == pt_pool_size())
		return -E_NOMEM;
	pt = pt_alloc();
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		pt[i] = (base + (uint64_t)i * X86_PAGE_SIZE) | attr;
	*pde = (pte_t)(uintptr_t)pt | pt_table_attr(LEVEL_PD);
	/* The large page may be cached whole: flush all (SDM 3A 4.10.4.1). */
	x86_write_cr3(x86_read_cr3());
	return 0;
}

/* A guard page is a not-present 4 KiB page inside RAM outside the code
 * and .rodata; its 2 MiB page is split once (pool permitting). */
int arch_stack_guard(void *addr, bool on)
{
	uintptr_t va = (uintptr_t)addr;
	const struct memmap_region *r;
	pte_t *pde, *pte;

	if (!paging_on)
		return -E_NOTSUP;
	r = memmap_find(kernel_memmap(), va, X86_PAGE_SIZE);
	if ((va & (X86_PAGE_SIZE - 1)) || !r || r->type != MEMMAP_RAM ||
	    (va >= (uintptr_t)__text_start && va < paging_ro_end()))
		return -E_INVAL;
	pde = pt_lookup(va, LEVEL_PD);
	if (!pde || !(*pde & PTE_P))
		return -E_INVAL;
	if (*pde & PTE_PS) {
		int err;

		if (!on)
			return 0;
		err = paging_split(pde);
		if (err < 0)
			return err;
	}
	pte = pt_lookup(va, LEVEL_PT);
	if (on)
		*pte &= ~(pte_t)PTE_P;
	else
		*pte |= PTE_P;
	x86_invlpg(va);
	return 0;
}
