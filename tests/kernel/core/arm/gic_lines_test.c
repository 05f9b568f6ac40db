/* ARM: GIC lines as a previous owner may leave them. One beyond the
 * kernel's IRQ table (QEMU's virt GIC has 288, the table 256), enabled
 * and pended as a boot loader may leave one, is masked and reported as
 * unexpected, not acknowledged for ever as "spurious". One left active
 * (acknowledged, never ended) and targeted at no CPU is signalled again
 * once a driver takes it, with or without a trigger in the tree.
 * GICD registers: IHI 0048B 4.1.2. */
#include <stdint.h>

#include "clock.h"
#include "fdt.h"
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
#define GICD_ICPENDR 0x280
#define GICD_ISACTIVER 0x300
#define GICD_ICACTIVER 0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR 0x800
#define LINE 260u
#define STALE_SPI 200u		/* SPI number in the binding: ID 232 */
#define STALE_ID (32u + STALE_SPI)
#define DT_EDGE_RISING 1u
#define DTB_COPY_MAX 8192
#define WAIT_NS 1000000000

static uint8_t stale_dtb[DTB_COPY_MAX] __attribute__((aligned(8)));
static struct fdt stale_fdt;
static volatile unsigned int stale_hits;

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

static void stale_isr(void *arg)
{
	(void)arg;
	stale_hits++;
}

/* A copy of the kernel's tree in which the console UART's interrupt is
 * SPI STALE_SPI with trigger flags `flags` (same length: every node
 * offset, the GIC's among them, stays the kernel's). The UART's node, or
 * -1. */
static int stale_line_tree(uint8_t flags)
{
	const struct fdt *fdt = kernel_fdt();
	int uart = fdt_node_by_compatible(fdt, -1, "arm,pl011");
	const void *cells;
	uint32_t len;
	size_t at;

	if (uart < 0 || fdt->size > sizeof(stale_dtb))
		return -1;
	memcpy(stale_dtb, fdt->blob, fdt->size);
	if (fdt_open(&stale_fdt, stale_dtb, fdt->size) ||
	    fdt_getprop(&stale_fdt, uart, "interrupts", &cells, &len) ||
	    len != 12)
		return -1;
	at = (size_t)((const uint8_t *)cells - stale_dtb);
	stale_dtb[at + 7] = STALE_SPI;		/* cell 1, big-endian */
	stale_dtb[at + 11] = flags;		/* cell 2 */
	return uart;
}

/* Line STALE_ID as a previous owner leaves it: acknowledged and never
 * ended (active), and targeted at no CPU, as a GIC with several CPU
 * interfaces resets an SPI (QEMU -smp 2; with one interface the targets
 * read as this CPU and ignore writes). Taken through a tree whose flags
 * cell is `flags`, it must be signalled once when pended, targeted here
 * and no longer active. */
static void take_stale_line(uint8_t flags)
{
	uintptr_t d = gicd();
	uint32_t bit = 1u << (STALE_ID % 32), off = STALE_ID / 32 * 4;
	uint8_t here, target;
	uint64_t give_up;
	unsigned int irq;
	uint32_t active;
	int uart = stale_line_tree(flags);

	KT_ASSERT(d, "the GIC's distributor in the memory map");
	KT_ASSERT(uart >= 0, "a copy of the tree with the PL011 on SPI %u",
		  STALE_SPI);
	mmio_write8(d + GICD_ITARGETSR + STALE_ID, 0);
	mmio_write32(d + GICD_ISACTIVER + off, bit);
	KT_ASSERT(mmio_read32(d + GICD_ISACTIVER + off) & bit,
		  "line %u active", STALE_ID);
	KT_ASSERT(irq_of_fdt(&stale_fdt, uart, 0, &irq) == 0 &&
			  irq == STALE_ID,
		  "the line taken as irq %u", STALE_ID);
	KT_ASSERT(irq_attach(irq, stale_isr, NULL) == 0, "attach irq %u",
		  irq);
	stale_hits = 0;
	irq_enable(irq);
	mmio_write32(d + GICD_ISPENDR + off, bit);
	give_up = clock_ticks() + clock_ns_to_ticks(WAIT_NS);
	while (!stale_hits && clock_ticks() < give_up)
		;
	irq_disable(irq);
	mmio_write32(d + GICD_ICPENDR + off, bit);
	irq_detach(irq);
	here = mmio_read8(d + GICD_ITARGETSR);	/* banked: this CPU's bit */
	target = mmio_read8(d + GICD_ITARGETSR + STALE_ID);
	active = mmio_read32(d + GICD_ISACTIVER + off) & bit;
	mmio_write32(d + GICD_ICACTIVER + off, bit);	/* for the next case */
	KT_EXPECT(stale_hits == 1, "the interrupt taken once, got %u",
		  stale_hits);
	KT_EXPECT(!active, "line %u no longer active", STALE_ID);
	KT_EXPECT(target == here, "line %u targeted at this CPU (0x%02x), "
		  "got 0x%02x", STALE_ID, (unsigned int)here,
		  (unsigned int)target);
}

KTEST(gic, a_line_left_active_is_signalled_again_once_taken)
{
	take_stale_line(DT_EDGE_RISING);
}

/* Flags 0 (IRQ_TYPE_NONE, as many vendor trees have it) keep the trigger
 * the GIC has; the line must still be taken: targeted, deactivated. */
KTEST(gic, a_line_described_without_a_trigger_is_taken_all_the_same)
{
	take_stale_line(0);
}
