/* x86: a pin that a previous owner left with Remote IRR set -- its level
 * interrupt taken by the LAPIC, the EOI that came back not matching the
 * entry -- is alive again once the IOAPIC driver takes it.
 *
 * The line is COM1's: with IER.ETBEI on and the transmitter empty the
 * UART holds its interrupt asserted (PC16550D, IIR priority 3) until the
 * handler turns ETBEI off. The board's tree gives that line as a rising
 * edge; the driver takes it from a copy of the tree whose only change is
 * the trigger cell ("level high"), so node offsets, and with them the
 * IOAPIC's node, stay those of the kernel's tree.
 * The stale state is made as a previous owner makes it: the entry level
 * on its vector, delivered while this CPU has interrupts off, then moved
 * to another vector, masked, before the CPU takes the interrupt and its
 * LAPIC broadcasts the EOI for the first one, which no entry matches. */
#include <stdint.h>

#include "../../../../drivers/bus/isa.h"
#include "arch.h"
#include "clock.h"
#include "fdt.h"
#include "io.h"
#include "irq.h"
#include "kernel.h"
#include "kstring.h"
#include "ktest.h"

/* 82093AA: IOREGSEL/IOWIN, redirection entry low words. */
#define IOREGSEL 0x00
#define IOWIN 0x10
#define REG_REDTBL 0x10
#define RTE_VECTOR_MASK 0xffu
#define RTE_REMOTE_IRR (1u << 14)
#define RTE_LEVEL (1u << 15)
#define RTE_MASKED (1u << 16)

/* PC16550D registers. */
#define UART_IER 1
#define UART_LSR 5
#define IER_ETBEI 0x02		/* transmitter holding register empty */
#define LSR_THRE 0x20

#define DT_TRIGGER_LEVEL_HIGH 2	/* the IOAPIC binding's type cell */
/* How long an interrupt may take to arrive before the test gives up: it
 * comes within microseconds, but under KVM (no -icount) a loaded host
 * may hold the vCPU for milliseconds (a self-IPI once arrived after a
 * 1 ms wait had given up). */
#define WAIT_NS 1000000000
#define DTB_COPY_MAX 8192

static uintptr_t ioapic_base;
static uint16_t uart_port;
static volatile unsigned int thre_hits, old_owner_hits;
static uint8_t level_dtb[DTB_COPY_MAX] __attribute__((aligned(8)));
static struct fdt level_fdt;

static uint32_t rte_read(unsigned int pin)
{
	irqstate_t s = arch_irq_save();
	uint32_t v;

	mmio_write32(ioapic_base + IOREGSEL, REG_REDTBL + 2 * pin);
	v = mmio_read32(ioapic_base + IOWIN);
	arch_irq_restore(s);
	return v;
}

static void rte_write(unsigned int pin, uint32_t lo)
{
	irqstate_t s = arch_irq_save();

	mmio_write32(ioapic_base + IOREGSEL, REG_REDTBL + 2 * pin);
	mmio_write32(ioapic_base + IOWIN, lo);
	arch_irq_restore(s);
}

/* Asserts the UART's line: ETBEI on with the transmitter empty. */
static void uart_line_raise(void)
{
	while (!(inb(uart_port + UART_LSR) & LSR_THRE))
		;
	outb(uart_port + UART_IER, IER_ETBEI);
}

static void uart_line_lower(void)
{
	outb(uart_port + UART_IER, 0);
}

/* A level handler: silences the device before the EOI. */
static void thre_isr(void *arg)
{
	(void)arg;
	thre_hits++;
	uart_line_lower();
}

static void old_owner_isr(void *arg)
{
	(void)arg;
	old_owner_hits++;
}

static bool wait_for(const volatile unsigned int *hits, unsigned int n)
{
	uint64_t give_up = clock_ticks() + clock_ns_to_ticks(WAIT_NS);

	while (*hits < n && clock_ticks() < give_up)
		;
	return *hits >= n;
}

/* The UART node, its port, the IOAPIC's base, its pin, and the copy of
 * the tree that describes the line as level-triggered. */
static int find_devices(int *uart, unsigned int *pin)
{
	const struct fdt *fdt = kernel_fdt();
	struct isa_reg reg;
	struct fdt_irq spec;
	uint64_t base, size;
	const void *cells;
	uint32_t len;
	int ioapic;

	*uart = fdt_node_by_compatible(fdt, -1, "ns16550a");
	ioapic = fdt_node_by_compatible(fdt, -1, "intel,ce4100-ioapic");
	if (*uart < 0 || ioapic < 0 || isa_reg(fdt, *uart, 0, &reg) < 0 ||
	    reg.space != ISA_SPACE_IO || fdt_reg(fdt, ioapic, 0, &base, &size) ||
	    fdt_irq(fdt, *uart, 0, &spec) || spec.ncells != 2 ||
	    fdt->size > sizeof(level_dtb))
		return -1;
	uart_port = (uint16_t)reg.addr;
	ioapic_base = (uintptr_t)base;
	*pin = spec.cells[0];
	memcpy(level_dtb, fdt->blob, fdt->size);
	if (fdt_open(&level_fdt, level_dtb, fdt->size) ||
	    fdt_getprop(&level_fdt, *uart, "interrupts", &cells, &len) ||
	    len != 8)
		return -1;
	/* The second cell, big-endian. */
	level_dtb[(const uint8_t *)cells - level_dtb + 7] =
		DT_TRIGGER_LEVEL_HIGH;
	return 0;
}

/* Leaves `pin` as a previous owner that never ended its interrupt would:
 * the entry's Remote IRR set. Returns the entry as left. */
static uint32_t leave_stale_remote_irr(unsigned int pin, unsigned int vec)
{
	unsigned int other_vec = vec + 1;	/* never delivered: masked */
	irqstate_t s = arch_irq_save();

	rte_write(pin, vec | RTE_LEVEL | RTE_MASKED);
	uart_line_raise();
	rte_write(pin, vec | RTE_LEVEL);	/* delivered: Remote IRR */
	rte_write(pin, other_vec | RTE_LEVEL | RTE_MASKED);
	uart_line_lower();
	arch_irq_restore(s);		/* the CPU takes `vec`, EOIs it */
	wait_for(&old_owner_hits, 1);
	return rte_read(pin);
}

KTEST(ioapic, a_pin_left_with_a_stale_remote_irr_interrupts_again_once_taken)
{
	unsigned int pin, irq, taken, old_vec;
	uint32_t lo;
	int uart;

	KT_ASSERT(find_devices(&uart, &pin) == 0,
		  "a ns16550a on the ISA bus and an IOAPIC in the tree");
	KT_ASSERT(irq_of_fdt(&level_fdt, uart, 0, &irq) == 0,
		  "the UART's pin taken level-triggered");
	KT_ASSERT(irq_attach(irq, thre_isr, NULL) == 0, "attach irq %u", irq);
	KT_ASSERT(irq_soft(0, &old_vec) == 0, "a vector for the old owner");
	KT_ASSERT(irq_attach(old_vec, old_owner_isr, NULL) == 0,
		  "attach irq %u", old_vec);

	lo = leave_stale_remote_irr(pin, old_vec);
	KT_EXPECT(old_owner_hits == 1, "the old owner's interrupt taken once, "
		  "got %u", old_owner_hits);
	KT_ASSERT(lo & RTE_REMOTE_IRR, "the previous owner left Remote IRR "
		  "set, entry 0x%08x", (unsigned int)lo);

	KT_EXPECT(irq_of_fdt(&level_fdt, uart, 0, &taken) == 0 && taken == irq,
		  "the pin taken again as irq %u", irq);
	lo = rte_read(pin);
	KT_EXPECT(!(lo & RTE_REMOTE_IRR), "Remote IRR clear once taken, "
		  "entry 0x%08x", (unsigned int)lo);
	KT_EXPECT((lo & (RTE_VECTOR_MASK | RTE_LEVEL | RTE_MASKED)) ==
		  (irq | RTE_LEVEL | RTE_MASKED),
		  "the entry level, masked, vector 0x%x: 0x%08x", irq,
		  (unsigned int)lo);

	/* Twice: the second delivery needs our own EOI to have ended the
	 * first. */
	irq_enable(irq);
	for (unsigned int n = 1; n <= 2; n++) {
		uart_line_raise();
		KT_EXPECT(wait_for(&thre_hits, n), "delivery %u of the UART's "
			  "interrupt, got %u", n, thre_hits);
	}
	uart_line_lower();
	irq_detach(irq);
	irq_detach(old_vec);
}
