/* x86: the image's pages carry the permissions of what they hold
 * (arch/x86/paging.c, arch/x86/link.ld.in): code read-only and
 * executable, .rodata after it read-only and non-executable (NX where the
 * CPU has it) up to .data's own page (with .data's stored copy), from
 * __data_start on read/write and non-executable; and the kernel's own
 * stores honour read-only pages (CR0.WP). The tables are read where the
 * CPU reads them, from CR3. Intel SDM vol. 3A 4.4 (PAE paging), 4.5
 * (4-level paging), 4.6 (access rights). */
#include <stdint.h>

#include "arch.h"
#include "kernel.h"
#include "kerr.h"
#include "ktest.h"
#include "memmap.h"
#include "x86.h"

#define PAGE 4096u
#define LARGE_PAGE 0x200000u
#define ENTRIES 512u
#define ADDR_MASK 0x000ffffffffff000ull
#define NX (1ull << 63)
#ifdef __x86_64__
#define ROOT_LEVEL 3		/* PML4 */
#else
#define ROOT_LEVEL 2		/* PAE page-directory-pointer table */
#define PAE_ROOT_MASK 0xffffffe0ul
#endif

extern const uint8_t __text_start[], __text_end[], __data_start[];

/* What a walk found: present, and the access rights all levels allow. */
struct perm {
	bool present, writable, nx;
	uint64_t leaf;		/* the entry that maps the page */
};

static unsigned int level_index(uint64_t va, unsigned int level)
{
	return (unsigned int)(va >> (12 + 9 * level)) & (ENTRIES - 1);
}

/* Writable only if every level says so, non-executable if any level
 * does (SDM 3A 4.6.1). PAE's top-level entries have neither bit. */
static struct perm perm_walk(uint64_t va)
{
	struct perm p = { false, true, false, 0 };
	const volatile uint64_t *t;
	unsigned int level = ROOT_LEVEL;

#ifdef __x86_64__
	t = (const volatile uint64_t *)(uintptr_t)(x86_read_cr3() & ADDR_MASK);
#else
	uint64_t pdpte = ((const volatile uint64_t *)(uintptr_t)
			  (x86_read_cr3() & PAE_ROOT_MASK))[va >> 30];

	if (!(pdpte & PTE_P))
		return p;
	t = (const volatile uint64_t *)(uintptr_t)(pdpte & ADDR_MASK);
	level--;
#endif
	for (;; level--) {
		uint64_t e = t[level_index(va, level)];

		if (!(e & PTE_P))
			return p;
		p.writable = p.writable && (e & PTE_RW);
		p.nx = p.nx || (e & NX);
		if (level == 0 || (e & PTE_PS)) {
			p.present = true;
			p.leaf = e;
			return p;
		}
		t = (const volatile uint64_t *)(uintptr_t)(e & ADDR_MASK);
	}
}

static const char *perm_name(struct perm p)
{
	if (!p.present)
		return "not present";
	if (p.writable)
		return p.nx ? "read/write, non-executable"
			    : "read/write, executable";
	return p.nx ? "read-only, non-executable" : "read-only, executable";
}

static uint64_t page_of(const uint8_t *p)
{
	return (uintptr_t)p & ~(uintptr_t)(PAGE - 1);
}

/* The first page after the code's last one. */
static uint64_t rodata_first_page(void)
{
	return ((uintptr_t)__text_end + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
}

static bool perm_equal(struct perm a, struct perm b)
{
	return a.present == b.present && a.writable == b.writable &&
	       a.nx == b.nx;
}

KTEST(image_map, each_page_of_the_image_has_the_permissions_of_what_it_holds)
{
	uint64_t ro_end = page_of(__data_start);

	KT_ASSERT(arch_page_size() == PAGE, "paging on (the CPU has PAE)");
	KT_ASSERT(rodata_first_page() < ro_end, "a page of .rodata alone "
		  "between the code's end at 0x%08lx and .data at 0x%08lx",
		  (unsigned long)(uintptr_t)__text_end,
		  (unsigned long)(uintptr_t)__data_start);
	for (uint64_t va = page_of(__text_start); va <= ro_end; va += PAGE) {
		struct perm want = { true, false, false, 0 };
		struct perm got = perm_walk(va);

		if (va >= (uintptr_t)__text_end)
			want.nx = x86_cpu.nx;
		if (va == ro_end)
			want.writable = true;
		KT_ASSERT(perm_equal(got, want), "page 0x%08lx to be %s, not "
			  "%s", (unsigned long)va, perm_name(want),
			  perm_name(got));
	}
}

/* Device windows uncached (PCD and PWT: UC whatever the PAT holds at
 * reset, SDM 3A 11.12.3), RAM write-back: the MTRRs need not cover the
 * devices for their registers to be read each time. */
KTEST(image_map, device_windows_are_uncached_and_ram_is_not)
{
	const struct memmap *map = kernel_memmap();
	unsigned int devices = 0;

	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];
		struct perm p = perm_walk(r->base);

		if (r->type != MEMMAP_DEVICE || !p.present)
			continue;
		devices++;
		KT_EXPECT((p.leaf & (PTE_PCD | PTE_PWT)) ==
			  (PTE_PCD | PTE_PWT), "%s at 0x%llx mapped uncached, "
			  "entry 0x%llx", r->name, (unsigned long long)r->base,
			  (unsigned long long)p.leaf);
	}
	KT_EXPECT(devices > 0, "a device window mapped");
	KT_EXPECT(!(perm_walk(page_of(__data_start)).leaf &
		    (PTE_PCD | PTE_PWT)), ".data mapped write-back");
}

/* Memory shared with a hypervisor (the Jailhouse communication region)
 * has the memory type the hypervisor writes it with, write-back, as
 * Jailhouse's own cells map it: Intel does not support one page mapped
 * with two types (SDM 3A 11.12.4). Writable, never executable. */
KTEST(image_map, shared_memory_is_write_back_and_not_executable)
{
	const struct memmap *map = kernel_memmap();
	unsigned int shared = 0;

	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];
		struct perm p = perm_walk(r->base);

		if (r->type != MEMMAP_SHARED)
			continue;
		shared++;
		KT_EXPECT(p.present && p.writable && p.nx == x86_cpu.nx &&
			  !(p.leaf & (PTE_PCD | PTE_PWT)),
			  "%s at 0x%llx mapped write-back, writable and "
			  "non-executable, entry 0x%llx", r->name,
			  (unsigned long long)r->base,
			  (unsigned long long)p.leaf);
	}
	if (!shared)
		KT_SKIP("the board shares no memory with another agent");
}

/* Without CR0.WP the kernel's stores would ignore every read-only page
 * (SDM 3A 4.6.1). */
KTEST(image_map, supervisor_stores_honour_read_only_pages)
{
	KT_EXPECT(x86_read_cr0() & CR0_WP, "CR0.WP set, CR0 = 0x%08lx",
		  x86_read_cr0());
}

/* A guard page would unmap the constants: .rodata is no stack. */
KTEST(image_map, a_guard_is_refused_in_rodata)
{
	uint64_t va = rodata_first_page();
	int err;

	KT_ASSERT(va < page_of(__data_start), "a page of .rodata alone");
	err = arch_stack_guard((void *)(uintptr_t)va, true);
	KT_EXPECT(err == -E_INVAL, "a guard in .rodata at 0x%08lx refused "
		  "with -E_INVAL, not %d", (unsigned long)va, err);
	if (err == 0)
		arch_stack_guard((void *)(uintptr_t)va, false);
	KT_EXPECT(perm_walk(va).present, "the .rodata page at 0x%08lx still "
		  "mapped", (unsigned long)va);
}

/* A guard page in RAM mapped by a 2 MiB page splits it into 4 KiB pages
 * (paging.c, paging_split): every other page of it stays as it was,
 * read/write and non-executable (NX where the CPU has it); the guard
 * taken off, the page is back the same. In the first 2 MiB page of RAM
 * after the image: memory nothing uses, which no guard has split yet. */
KTEST(image_map, a_large_page_split_for_a_guard_keeps_its_permissions)
{
	extern const uint8_t __image_end[];
	uintptr_t base = ((uintptr_t)__image_end + LARGE_PAGE - 1) &
			 ~(uintptr_t)(LARGE_PAGE - 1);
	const struct memmap_region *r =
		memmap_find(kernel_memmap(), base, LARGE_PAGE);
	const struct perm rw = { true, true, x86_cpu.nx, 0 };
	const uint64_t others[] = { base + PAGE, base + LARGE_PAGE - PAGE };
	int err;

	if (!r || r->type != MEMMAP_RAM)
		KT_SKIP("no 2 MiB of RAM after the image");
	KT_ASSERT(perm_walk(base).leaf & PTE_PS, "RAM at 0x%08lx mapped by a "
		  "2 MiB page, entry 0x%llx", (unsigned long)base,
		  (unsigned long long)perm_walk(base).leaf);
	err = arch_stack_guard((void *)base, true);
	KT_EXPECT(err == 0, "a guard at 0x%08lx, got %d", (unsigned long)base,
		  err);
	KT_EXPECT(!perm_walk(base).present, "the guard page at 0x%08lx not "
		  "present", (unsigned long)base);
	for (unsigned int i = 0; i < sizeof(others) / sizeof(others[0]); i++) {
		struct perm got = perm_walk(others[i]);

		KT_EXPECT(perm_equal(got, rw) && !(got.leaf & PTE_PS),
			  "page 0x%08lx of the split page to be a 4 KiB page, "
			  "%s, not %s (entry 0x%llx)",
			  (unsigned long)others[i], perm_name(rw),
			  perm_name(got), (unsigned long long)got.leaf);
	}
	if (err == 0)
		arch_stack_guard((void *)base, false);
	KT_EXPECT(perm_equal(perm_walk(base), rw), "the page at 0x%08lx %s "
		  "again once the guard is off", (unsigned long)base,
		  perm_name(rw));
}

/* Lifting a guard that was never set on a 2 MiB page is no error and
 * leaves the page whole: no table of the pool is taken for it. Two large
 * pages past the image, clear of the split case above. */
KTEST(image_map, lifting_a_guard_never_set_leaves_the_large_page)
{
	extern const uint8_t __image_end[];
	uintptr_t va = (((uintptr_t)__image_end + LARGE_PAGE - 1) &
			~(uintptr_t)(LARGE_PAGE - 1)) + 2 * LARGE_PAGE;
	const struct memmap_region *r =
		memmap_find(kernel_memmap(), va, LARGE_PAGE);
	int err;

	if (!r || r->type != MEMMAP_RAM)
		KT_SKIP("no 2 MiB of RAM there after the image");
	KT_ASSERT(perm_walk(va).leaf & PTE_PS, "RAM at 0x%08lx mapped by a "
		  "2 MiB page, entry 0x%llx", (unsigned long)va,
		  (unsigned long long)perm_walk(va).leaf);
	err = arch_stack_guard((void *)va, false);
	KT_EXPECT(err == 0, "lifting no guard at 0x%08lx gave %d",
		  (unsigned long)va, err);
	KT_EXPECT(perm_walk(va).leaf & PTE_PS, "the 2 MiB page at 0x%08lx "
		  "still whole, entry 0x%llx", (unsigned long)va,
		  (unsigned long long)perm_walk(va).leaf);
}

/* RAM that ends on a 2 MiB boundary is mapped by 2 MiB pages up to its
 * end: its last one too (4 KiB pages there would cost a table of the
 * pool and TLB entries for nothing). */
KTEST(image_map, ram_ending_on_a_large_page_boundary_ends_in_a_large_page)
{
	const struct memmap *map = kernel_memmap();
	extern const uint8_t __image_end[];
	uint64_t last = 0;

	for (unsigned int i = 0; i < map->count; i++) {
		const struct memmap_region *r = &map->r[i];
		uint64_t end = r->base + r->size;

		if (r->type == MEMMAP_RAM && !(end & (LARGE_PAGE - 1)) &&
		    end - LARGE_PAGE >= r->base &&
		    end - LARGE_PAGE >= (uintptr_t)__image_end)
			last = end - LARGE_PAGE;
	}
	if (!last)
		KT_SKIP("no RAM that ends on a 2 MiB boundary past the image");
	KT_EXPECT(perm_walk(last).leaf & PTE_PS, "the last 2 MiB of RAM at "
		  "0x%08llx mapped by a 2 MiB page, entry 0x%llx",
		  (unsigned long long)last,
		  (unsigned long long)perm_walk(last).leaf);
}

/* Guards on one 2 MiB page of RAM after another split them until the
 * page-table pool runs out: then -E_NOMEM for the guard, not a panic. A
 * suite of its own, run alone: the pool stays used up. */
KTEST(pt_pool, guards_split_large_pages_until_the_pool_runs_out)
{
	extern const uint8_t __image_end[];
	uintptr_t va = ((uintptr_t)__image_end + LARGE_PAGE - 1) &
		       ~(uintptr_t)(LARGE_PAGE - 1);
	unsigned int split = 0;
	int err = 0;

	for (; err == 0; va += LARGE_PAGE) {
		const struct memmap_region *r =
			memmap_find(kernel_memmap(), va, LARGE_PAGE);

		KT_ASSERT(r && r->type == MEMMAP_RAM,
			  "RAM ran out after %u splits, before the pool", split);
		if (!(perm_walk(va).leaf & PTE_PS))
			continue;
		err = arch_stack_guard((void *)va, true);
		if (err == 0)
			split++;
	}
	KT_EXPECT(err == -E_NOMEM, "the guard after %u splits gave %d, not "
		  "-E_NOMEM", split, err);
	KT_EXPECT(split > 0, "no large page was split");
}
