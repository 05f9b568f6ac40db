/* ARM: a guard page in a megabyte still mapped as a 1 MiB section splits
 * that section into pages break-before-make (ARMv7-A ARM B3.10.1), also
 * when the current stack lies in it; the image's own megabytes are never
 * sections (boot maps them by pages: checked at boot by the STEPS of a
 * test in tests/kernel/CMakeLists.txt). The level-1 table is read where
 * the MMU reads it, through TTBR0. */
#include "arch.h"
#include "kernel.h"
#include "kerr.h"
#include "ktest.h"
#include "memmap.h"
#include "thread.h"

#define MB (1u << 20)
#define PAGE 4096u
#define XN 1u		/* small page descriptor (DDI 0406C B3.5.1) */

extern const uint8_t __image_end[];
extern uint32_t arm_mmu_l2_pool[], arm_mmu_l2_pool_end[];

static uint32_t l1_entry(uint32_t va)
{
	uint32_t ttbr0;

	__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(ttbr0));
	return ((const volatile uint32_t *)(uintptr_t)(ttbr0 & ~0x3fffu))[va >> 20];
}

/* The level-2 entry of `va`, 0 when its megabyte is no page table. */
static uint32_t l2_entry(uint32_t va)
{
	uint32_t l1 = l1_entry(va);

	if ((l1 & 3) != 1)
		return 0;
	return ((const volatile uint32_t *)(uintptr_t)(l1 & ~0x3ffu))
		[(va >> 12) & 0xff];
}

/* The start of a RAM megabyte after the image's last, `skip` further on,
 * still mapped as a section; 0 if the board's RAM has none. */
static uint32_t free_section(unsigned int skip)
{
	uint32_t va = (((uint32_t)(uintptr_t)__image_end + MB - 1) &
		       ~(MB - 1)) + skip * MB;
	const struct memmap_region *r = memmap_find(kernel_memmap(), va, MB);

	if (!r || r->type != MEMMAP_RAM || (l1_entry(va) & 3) != 2)
		return 0;
	return va;
}

KTEST(mmu, a_guard_splits_a_ram_section_into_pages_and_goes_again)
{
	uint32_t va = free_section(1);
	volatile uint32_t *next;

	KT_ASSERT(va, "no section-mapped RAM after the image");
	next = (volatile uint32_t *)(uintptr_t)(va + PAGE);
	*next = 0x5eed;
	KT_ASSERT(arch_stack_guard((void *)(uintptr_t)va, true) == 0,
		  "guard at 0x%08x refused", (unsigned int)va);
	KT_EXPECT((l1_entry(va) & 3) == 1, "megabyte 0x%08x not split: 0x%08x",
		  (unsigned int)va, (unsigned int)l1_entry(va));
	KT_EXPECT(*next == 0x5eed, "the page after the guard reads 0x%x",
		  (unsigned int)*next);
	KT_EXPECT(l2_entry(va + PAGE) & XN, "the page after the guard is "
		  "executable: 0x%08x", (unsigned int)l2_entry(va + PAGE));
	KT_EXPECT(arch_stack_guard((void *)(uintptr_t)va, false) == 0,
		  "guard at 0x%08x not lifted", (unsigned int)va);
	*(volatile uint32_t *)(uintptr_t)va = 1;	/* mapped again */
	KT_EXPECT(l2_entry(va) & XN, "the page the guard left is executable: "
		  "0x%08x", (unsigned int)l2_entry(va));
}

/* Code and read-only data are no stack: a guard there is refused (it
 * would unmap them) and so is a second guard on a page. */
KTEST(mmu, a_guard_is_refused_outside_data_ram)
{
	uint32_t code = (uint32_t)(uintptr_t)arch_stack_guard & ~(PAGE - 1);
	uint32_t va = free_section(3);

	KT_EXPECT(arch_stack_guard((void *)(uintptr_t)code, true) == -E_INVAL,
		  "a guard in the code at 0x%08x was not refused",
		  (unsigned int)code);
	KT_EXPECT((l2_entry(code) & 3) == 2, "the code page at 0x%08x lost "
		  "its mapping: 0x%08x", (unsigned int)code,
		  (unsigned int)l2_entry(code));
	KT_ASSERT(va, "no section-mapped RAM after the image");
	KT_ASSERT(arch_stack_guard((void *)(uintptr_t)va, true) == 0,
		  "guard at 0x%08x refused", (unsigned int)va);
	KT_EXPECT(arch_stack_guard((void *)(uintptr_t)va, true) == -E_INVAL,
		  "a second guard at 0x%08x was not refused",
		  (unsigned int)va);
	KT_EXPECT(arch_stack_guard((void *)(uintptr_t)va, false) == 0,
		  "guard at 0x%08x not lifted", (unsigned int)va);
}

static struct thread inside, nested;
static volatile int inside_err = 1, create_err = 1;
static volatile uint32_t after_split;

static void never_runs(void *arg)
{
	(void)arg;
}

/* A guard in the megabyte of the caller's own stack: the split must not
 * touch the stack between unmapping the section and mapping the pages. */
static void guard_own_megabyte(void *arg)
{
	uint32_t va = (uint32_t)(uintptr_t)arg;
	volatile uint32_t on_stack = 0x600d;

	inside_err = arch_stack_guard((void *)(uintptr_t)va, true);
	after_split = on_stack;
	create_err = thread_create(&nested, "nested", KTEST_MAIN_PRIO,
				   never_runs, NULL,
				   (void *)(uintptr_t)(va + 2 * PAGE), 2 * PAGE,
				   0);
	if (create_err == 0)
		thread_join(&nested, TIMEOUT_FOREVER, NULL);
}

KTEST(mmu, a_thread_splits_the_section_that_holds_its_own_stack)
{
	uint32_t va = free_section(2);

	KT_ASSERT(va, "no section-mapped RAM after the image");
	/* The thread's stack is the top 8 KiB of that megabyte. */
	thread_create(&inside, "inside", KTEST_MAIN_PRIO + 1, guard_own_megabyte,
		      (void *)(uintptr_t)va, (void *)(uintptr_t)(va + MB - 8192),
		      8192, THREAD_NO_GUARD);
	thread_join(&inside, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(inside_err == 0, "guard in the own megabyte gave %d",
		  inside_err);
	KT_EXPECT(after_split == 0x600d, "the stack read 0x%x after the split",
		  (unsigned int)after_split);
	KT_EXPECT((l1_entry(va) & 3) == 1, "megabyte 0x%08x not split: 0x%08x",
		  (unsigned int)va, (unsigned int)l1_entry(va));
	KT_EXPECT(create_err == 0, "a guarded thread there gave %d",
		  create_err);
}

/* Guards on one fresh megabyte after another split sections until the
 * level-2 pool runs out: then -E_NOMEM, and every table taken lies inside
 * the pool (one past it would overwrite what the linker put after it).
 * A suite of its own, run alone: the pool stays used up. */
KTEST(l2_pool, guards_split_sections_until_the_pool_runs_out_and_no_further)
{
	uintptr_t pool = (uintptr_t)arm_mmu_l2_pool;
	uintptr_t end = (uintptr_t)arm_mmu_l2_pool_end;
	unsigned int split = 0;
	int err = 0;

	for (unsigned int skip = 1; err == 0; skip++) {
		uint32_t va = free_section(skip);
		uintptr_t table;

		KT_ASSERT(va, "RAM ran out after %u splits, before the pool",
			  split);
		err = arch_stack_guard((void *)(uintptr_t)va, true);
		if (err != 0)
			break;
		split++;
		table = l1_entry(va) & ~0x3ffu;
		KT_EXPECT(table >= pool && table < end,
			  "split %u took a table at 0x%08x, outside the pool "
			  "0x%08x..0x%08x", split, (unsigned int)table,
			  (unsigned int)pool, (unsigned int)end);
	}
	KT_EXPECT(err == -E_NOMEM, "the guard after %u splits gave %d, not "
		  "-E_NOMEM", split, err);
	KT_EXPECT(split > 0, "no section was split");
}

/* A device window mapped by a section is no stack: a guard there is
 * refused and the section stays (split, its pages would be RAM). A suite
 * of its own, for a board variant with such a window. */
KTEST(mmu_device, a_guard_in_a_device_section_is_refused)
{
	const struct memmap *map = kernel_memmap();
	uint32_t va = 0, l1;

	for (unsigned int i = 0; i < map->count && !va; i++) {
		const struct memmap_region *r = &map->r[i];
		uint64_t mb = (r->base + MB - 1) & ~(uint64_t)(MB - 1);

		if (r->type == MEMMAP_DEVICE && mb + MB <= r->base + r->size &&
		    (l1_entry((uint32_t)mb) & 3) == 2)
			va = (uint32_t)mb;
	}
	KT_ASSERT(va, "no device window mapped by a section");
	l1 = l1_entry(va);
	KT_EXPECT(arch_stack_guard((void *)(uintptr_t)va, true) == -E_INVAL,
		  "a guard in the device section at 0x%08x was not refused",
		  (unsigned int)va);
	KT_EXPECT(l1_entry(va) == l1, "the device section at 0x%08x became "
		  "0x%08x", (unsigned int)va, (unsigned int)l1_entry(va));
}

/* Lifting a guard that was never set on a section is no error and
 * leaves the section whole: no level-2 table is taken for it. */
KTEST(mmu, lifting_a_guard_never_set_leaves_the_section)
{
	uint32_t va = free_section(4), l1;
	int err;

	KT_ASSERT(va, "no section-mapped RAM after the image");
	l1 = l1_entry(va);
	err = arch_stack_guard((void *)(uintptr_t)va, false);
	KT_EXPECT(err == 0, "lifting no guard at 0x%08x gave %d",
		  (unsigned int)va, err);
	KT_EXPECT(l1_entry(va) == l1, "the section at 0x%08x became level-1 "
		  "entry 0x%08x, not 0x%08x", (unsigned int)va,
		  (unsigned int)l1_entry(va), (unsigned int)l1);
}
