/* ARM cells: the communication region is mapped the way Jailhouse maps
 * it for itself, Normal write-back cacheable and Shareable (and never
 * executable), not as a device. Jailhouse reads and writes the page
 * through the caches of the root cell's CPUs and never cleans it for the
 * cell: Non-cacheable accesses from the cell would miss its writes, and
 * it would miss the cell's (ARMv7-A ARM B3.8.2; QEMU has no caches, so
 * only the attributes can be checked here). The tables are read where the
 * MMU reads them, through TTBR0. */
#include <stdint.h>

#include "fdt.h"
#include "kernel.h"
#include "ktest.h"

#define L1_TYPE_TABLE 1u
#define L2_SMALL 2u
#define L2_XN 1u
#define L2_B (1u << 2)
#define L2_C (1u << 3)
#define L2_TEX_SHIFT 6
#define L2_S (1u << 10)

static uint32_t l1_entry(uint32_t va)
{
	uint32_t ttbr0;

	__asm__ volatile("mrc p15, 0, %0, c2, c0, 0" : "=r"(ttbr0));
	return ((const volatile uint32_t *)(uintptr_t)(ttbr0 & ~0x3fffu))[va >> 20];
}

KTEST(jailhouse, the_region_is_mapped_as_shareable_write_back_memory)
{
	const struct fdt *fdt = kernel_fdt();
	int node = fdt_node_by_compatible(fdt, -1,
					  "cellmate,jailhouse-comm-region");
	uint64_t base = 0, size = 0;
	uint32_t l1, l2;

	KT_ASSERT(node >= 0 && fdt_reg(fdt, node, 0, &base, &size) == 0,
		  "no communication region in the device tree");
	l1 = l1_entry((uint32_t)base);
	KT_ASSERT((l1 & 3) == L1_TYPE_TABLE,
		  "0x%08x is not mapped by small pages: level-1 entry 0x%08x",
		  (unsigned int)base, (unsigned int)l1);
	l2 = ((const volatile uint32_t *)(uintptr_t)(l1 & ~0x3ffu))
		[(base >> 12) & 0xff];
	KT_EXPECT(l2 & L2_SMALL, "0x%08x: no small page (0x%08x)",
		  (unsigned int)base, (unsigned int)l2);
	KT_EXPECT(((l2 >> L2_TEX_SHIFT) & 7) == 1 && (l2 & L2_C) && (l2 & L2_B),
		  "0x%08x: not Normal write-back (TEX=001 C B): entry 0x%08x",
		  (unsigned int)base, (unsigned int)l2);
	KT_EXPECT(l2 & L2_S, "0x%08x: not Shareable: entry 0x%08x",
		  (unsigned int)base, (unsigned int)l2);
	KT_EXPECT(l2 & L2_XN, "0x%08x: executable: entry 0x%08x",
		  (unsigned int)base, (unsigned int)l2);
}
