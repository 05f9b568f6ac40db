/* ARM: a GIC line beyond the kernel's IRQ table (QEMU's virt GIC has 288,
 * the table 256), enabled and pended as a boot loader may leave one, is
 * masked and reported as unexpected, not acknowledged for ever as
 * "spurious". GICD registers: IHI 0048B 4.1.2. */
#include <stdint.h>

#include "io.h"
#include "irq.h"
#include "kernel.h"
#include "kstring.h"
#include "ktest.h"
#include "ktime.h"
#include "memmap.h"
#include "thread.h"

#define GICD_TYPER 0x004
#define GICD_ISENABLER 0x100
#define GICD_ISPENDR 0x200
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define LINE 260u

static uintptr_t gicd(void)
{
	const struct memmap *map = kernel_memmap();

	for (unsigned int i = 0; i < map->count; i++)
		if (!strncmp(map->r[i].name, "interrupt-controller", 20))
			return (uintptr_t)map->r[i].base;
	return 0;
}

KTEST(gic, a_line_beyond_the_irq_table_is_masked_not_taken_for_ever)
{
	uintptr_t d = gicd();
	uint32_t bit = 1u << (LINE % 32), lines;
	unsigned int unhandled = irq_unhandled_count();
	unsigned int spurious = irq_spurious_count();

	KT_ASSERT(d, "the GIC's distributor in the memory map");
	lines = 32 * ((mmio_read32(d + GICD_TYPER) & 0x1f) + 1);
	if (lines <= LINE)
		KT_SKIP("this GIC has %u lines", (unsigned int)lines);
	mmio_write8(d + GICD_IPRIORITYR + LINE, 0x80);
	mmio_write8(d + GICD_ITARGETSR + LINE, mmio_read8(d + GICD_ITARGETSR));
	mmio_write32(d + GICD_ISENABLER + LINE / 32 * 4, bit);
	mmio_write32(d + GICD_ISPENDR + LINE / 32 * 4, bit);
	thread_sleep(MS(1));
	KT_EXPECT(!(mmio_read32(d + GICD_ISENABLER + LINE / 32 * 4) & bit),
		  "line %u still enabled", LINE);
	KT_EXPECT(irq_unhandled_count() == unhandled + 1 &&
		  irq_spurious_count() == spurious,
		  "one unexpected interrupt (got %u), no spurious one (got %u)",
		  irq_unhandled_count() - unhandled,
		  irq_spurious_count() - spurious);
}
