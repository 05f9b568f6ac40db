/* 16550-compatible UARTs (8250 family, Synopsys DesignWare APB UART):
 * polled transmit, interrupt-driven receive. Memory-mapped with the
 * register stride and access width the device tree gives (reg-shift 0 or
 * 2, reg-io-width 1 or 4), or, on an ISA bus node whose `reg` is in I/O
 * space (`<1 0x3f8 8>`, see drivers/bus/isa.h), in port I/O with one port
 * per register (PC COM ports), where the port interface has port I/O.
 * A console chosen by address (struct uart_config) may override the
 * stride and the access width.
 * Register map: TI PC16550D data sheet, section 8. The DesignWare UART
 * ignores an LCR write while it is busy (a character in flight) and then
 * raises a busy-detect interrupt that only a read of its USR clears, so
 * for it the LCR is written when idle and checked, and the handler reads
 * USR on that interrupt. */
#include <stdint.h>

#include "../bus/isa.h"

#include "arch.h"
#include "bootlog.h"
#include "console.h"
#include "driver.h"
#include "fdt.h"
#include "hv.h"
#include "io.h"
#include "irq.h"
#include "kerr.h"
#include "kstring.h"
#include "uart_clock.h"

#define NS16550_TYPE "8250"	/* struct uart_config's name for it */

#define UART_RBR 0	/* receive buffer (read) */
#define UART_THR 0	/* transmit holding (write) */
#define UART_DLL 0	/* divisor latch, with LCR.DLAB */
#define UART_IER 1
#define UART_DLM 1
#define UART_IIR 2	/* interrupt identification (read) */
#define UART_FCR 2	/* FIFO control (write) */
#define UART_LCR 3
#define UART_MCR 4
#define UART_LSR 5
#define UART_USR 31	/* DesignWare: UART status */

#define IER_ERBFI 0x01	/* received data available interrupt */
#define FCR_ENABLE 0x01
#define FCR_CLEAR 0x06
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08	/* gates the interrupt line on PC-style boards */
#define LSR_DR 0x01
#define LSR_THRE 0x20
#define LSR_TEMT 0x40	/* transmitter empty: nothing in flight */
#define IIR_ID_MASK 0x0f
#define IIR_FIFOS 0xc0	/* both set: FIFOs on and working (16550A) */
#define IIR_BUSY_DETECT 0x07	/* DesignWare: LCR written while busy */
#define USR_BUSY 0x01
#define UART_DIVISOR_MAX 0xffffu	/* DLL and DLM: 16 bits */
#define UART_IDLE_SPINS 100000	/* bounded waits for the line to go idle */
#define TX_FIFO_SIZE 16	/* the 16550A's transmit FIFO */
#define RX_FIFO_SIZE 16	/* and its receive FIFO */

#define NS16550_MAX 2

enum ns16550_access {
	NS16550_MMIO8,
	NS16550_MMIO32,
	NS16550_PORT8,
};

struct ns16550 {
	struct console con;
	uintptr_t base;
	unsigned int shift;
	enum ns16550_access access;
	bool dw;		/* DesignWare APB UART */
	bool shared;		/* hv_device_shared(): rate and format kept */
	uint32_t divisor;	/* programmed at set-up; 0: the rate kept */
	unsigned int tx_burst;	/* bytes THR takes once LSR says THRE */
	const struct fdt *fdt;
	int node;
	/* Bytes received before the set-up, which the FIFO reset would
	 * drop: handed on when receiving starts. */
	char held[RX_FIFO_SIZE + 1];
	unsigned int nheld;
};

static struct ns16550 ns16550_devs[NS16550_MAX];
static unsigned int ns16550_count;

static uint8_t uart_in(const struct ns16550 *u, unsigned int reg)
{
	uintptr_t a = u->base + (reg << u->shift);

	switch (u->access) {
	case NS16550_MMIO32:
		return (uint8_t)mmio_read32(a);
#ifdef ARCH_HAS_PORT_IO
	case NS16550_PORT8:
		return inb((uint16_t)a);
#endif
	default:
		return mmio_read8(a);
	}
}

static void uart_out(const struct ns16550 *u, unsigned int reg, uint8_t v)
{
	uintptr_t a = u->base + (reg << u->shift);

	switch (u->access) {
	case NS16550_MMIO32:
		mmio_write32(a, v);
		break;
#ifdef ARCH_HAS_PORT_IO
	case NS16550_PORT8:
		outb((uint16_t)a, v);
		break;
#endif
	default:
		mmio_write8(a, v);
		break;
	}
}

/* Writes n bytes to THR; the access type is chosen once, not per byte. */
static void uart_out_thr(const struct ns16550 *u, const char *s, size_t n)
{
	uintptr_t a = u->base + (UART_THR << u->shift);

	switch (u->access) {
	case NS16550_MMIO32:
		while (n--)
			mmio_write32(a, (uint8_t)*s++);
		break;
#ifdef ARCH_HAS_PORT_IO
	case NS16550_PORT8:
		outsb((uint16_t)a, s, n);
		break;
#endif
	default:
		while (n--)
			mmio_write8(a, (uint8_t)*s++);
		break;
	}
}

/* In FIFO mode THRE means the whole transmit FIFO is empty (PC16550D,
 * LSR bit 5): one poll for up to a FIFO's worth of bytes. The check and
 * the burst are one step with interrupts masked, or a handler printing in
 * between would leave bytes in the FIFO for the burst to overrun; the
 * wait runs with interrupts on. */
static void ns16550_write(struct console *con, const char *s, size_t n)
{
	const struct ns16550 *u = con->priv;

	while (n) {
		size_t k = n < u->tx_burst ? n : u->tx_burst;
		irqstate_t st;

		while (!(uart_in(u, UART_LSR) & LSR_THRE))
			;
		st = arch_irq_save();
		if (uart_in(u, UART_LSR) & LSR_THRE) {
			uart_out_thr(u, s, k);
			s += k;
			n -= k;
		}
		arch_irq_restore(st);
	}
}

static void ns16550_isr(void *arg)
{
	const struct ns16550 *u = arg;

	if (u->dw && (uart_in(u, UART_IIR) & IIR_ID_MASK) == IIR_BUSY_DETECT)
		(void)uart_in(u, UART_USR);
	while (uart_in(u, UART_LSR) & LSR_DR)
		console_rx_push((char)uart_in(u, UART_RBR));
}

static int ns16550_rx_start(struct console *con)
{
	struct ns16550 *u = con->priv;
	unsigned int irq;
	int err;

	err = irq_of_fdt(u->fdt, u->node, 0, &irq);
	if (err == 0)
		err = irq_attach(irq, ns16550_isr, u);
	if (err < 0)
		return err;
	for (unsigned int i = 0; i < u->nheld; i++)
		console_rx_push(u->held[i]);
	u->nheld = 0;
	uart_out(u, UART_MCR, MCR_DTR | MCR_RTS | MCR_OUT2);
	uart_out(u, UART_IER, IER_ERBFI);
	return irq_enable(irq);
}

/* Port I/O when the device tree puts the registers in I/O space and the
 * port interface has it; memory-mapped with the given width otherwise. */
static int ns16550_access_of(const struct isa_reg *reg, uint32_t width,
			     enum ns16550_access *access)
{
	if (reg->space == ISA_SPACE_IO) {
#ifdef ARCH_HAS_PORT_IO
		if (width != 1 || reg->addr + reg->size - 1 > UINT16_MAX)
			return -E_NOTSUP;
		*access = NS16550_PORT8;
		return 0;
#else
		return -E_NOTSUP;
#endif
	}
	*access = width == 4 ? NS16550_MMIO32 : NS16550_MMIO8;
	return 0;
}

/* Writes LCR. A DesignWare UART takes it only when idle: wait for the
 * transmitter to drain and the busy flag to clear, then check it stuck. */
static int ns16550_set_lcr(const struct ns16550 *u, uint8_t lcr)
{
	if (!u->dw) {
		uart_out(u, UART_LCR, lcr);
		return 0;
	}
	for (unsigned int i = 0; i < UART_IDLE_SPINS; i++) {
		if ((uart_in(u, UART_LSR) & LSR_TEMT) &&
		    !(uart_in(u, UART_USR) & USR_BUSY)) {
			uart_out(u, UART_LCR, lcr);
			if (uart_in(u, UART_LCR) == lcr)
				return 0;
		}
	}
	(void)uart_in(u, UART_USR);	/* clears a busy-detect interrupt */
	return -E_TIMEOUT;
}

static int ns16550_set_divisor(const struct ns16550 *u, uint32_t div)
{
	int err = ns16550_set_lcr(u, LCR_DLAB);

	if (err < 0)
		return err;
	uart_out(u, UART_DLL, (uint8_t)div);
	uart_out(u, UART_DLM, (uint8_t)(div >> 8));
	return ns16550_set_lcr(u, LCR_8N1);
}

/* The divisor for `baud` from `clk` at 16 clocks a bit, to the nearest
 * (PC16550D, 8.10), from clk / baud: 16 x baud could wrap. 0, with a
 * boot-log line, when the latches cannot hold it (it rounds to 0 or
 * needs more than 16 bits): the rate is then kept. */
static uint32_t ns16550_divisor(const struct ns16550 *u, uint32_t clk,
				uint32_t baud)
{
	uint32_t q = clk / baud;
	uint32_t div = q / 16 + (q % 16 >= 8);

	if (div >= 1 && div <= UART_DIVISOR_MAX)
		return div;
	bootlog("ns16550 at 0x%lx: no divisor of 1..65535 makes "
		"current-speed %u from a %u Hz clock; the rate stays as it was",
		(unsigned long)u->base, (unsigned int)baud, (unsigned int)clk);
	return 0;
}

/* Sets 8N1, the divisor (cfg's, or the tree's clock and speed), no
 * interrupts and fresh FIFOs; -E_TIMEOUT when the UART never went idle. */
static int ns16550_configure(struct ns16550 *u, const struct fdt *fdt,
			     int node, const struct uart_config *cfg)
{
	uint32_t clk, baud;
	int err;

	/* The UART may be bound again (the hypervisor's console after the
	 * device tree's) with bytes still queued: let them out before the
	 * FIFO reset below drops them. Bounded, as a stuck line would
	 * never drain. */
	for (unsigned int i = 0; i < UART_IDLE_SPINS; i++)
		if (uart_in(u, UART_LSR) & LSR_TEMT)
			break;
	/* A previous owner may have left the divisor latch open: registers
	 * 0 and 1 must be THR and IER before IER is written. */
	err = ns16550_set_lcr(u, LCR_8N1);
	if (err == 0) {
		uint32_t div = 0;

		uart_out(u, UART_IER, 0);
		if (cfg && cfg->divider)
			div = cfg->divider;
		else if (uart_clock_baud(fdt, node, &clk, &baud) == 0)
			div = ns16550_divisor(u, clk, baud);
		if (div)
			err = ns16550_set_divisor(u, div);
		u->divisor = div;
	}
	if (err < 0)
		return err;
	/* What was typed before now (a FIFO's worth and the holding
	 * register) is kept from the FIFO reset, read as close to it as
	 * can be: a byte that completes in between is still lost. */
	while (u->nheld < sizeof(u->held) && (uart_in(u, UART_LSR) & LSR_DR))
		u->held[u->nheld++] = (char)uart_in(u, UART_RBR);
	uart_out(u, UART_FCR, FCR_ENABLE | FCR_CLEAR);
	/* An 8250 or 16450 has no FIFO and a 16550's does not work: IIR
	 * bits 7:6 both set say the FIFOs came on (PC16550D, IIR). */
	u->tx_burst = (uart_in(u, UART_IIR) & IIR_FIFOS) == IIR_FIFOS
			      ? TX_FIFO_SIZE : 1;
	return 0;
}

/* ns16550_setup(node, cfg) would change nothing: the same UART, the same
 * access, and a divider that is no change (none asked, the one set, or a
 * shared UART's, which is never set). Port I/O takes no spacing. */
static bool ns16550_is_uart(const struct console *con,
			    const struct uart_config *cfg)
{
	const struct ns16550 *u = con->priv;
	bool pio = u->access == NS16550_PORT8;
	unsigned int width = u->access == NS16550_MMIO32 ? 4 : 1;

	if (strcmp(cfg->type, NS16550_TYPE) != 0 || cfg->base != u->base ||
	    cfg->pio != pio)
		return false;
	if (!pio && ((cfg->reg_shift >= 0 &&
		      (unsigned int)cfg->reg_shift != u->shift) ||
		     (cfg->reg_width && cfg->reg_width != width)))
		return false;
	return u->shared || !cfg->divider || cfg->divider == u->divisor;
}

/* Binds `node`; with `cfg` (the hypervisor's or the command line's
 * console) only when the node is that UART, with cfg's register spacing
 * and divider. */
static int ns16550_setup(const struct fdt *fdt, int node,
			 const struct uart_config *cfg)
{
	struct ns16550 *u;
	struct isa_reg reg;
	uint32_t shift = 0, width = 1;
	int err;

	if (ns16550_count == NS16550_MAX)
		return -E_NOMEM;
	u = &ns16550_devs[ns16550_count];
	err = isa_reg(fdt, node, 0, &reg);
	/* Asked for a given UART, one without a usable address is not it:
	 * "not me", so that console_bind_uart() goes on to the next. */
	if (err < 0)
		return cfg ? -E_NOENT : err;
	if (cfg && (cfg->base != reg.addr ||
		    cfg->pio != (reg.space == ISA_SPACE_IO)))
		return -E_NOENT;
	/* Beyond this CPU's address space (above 4 GiB on a 32-bit board):
	 * cut to a pointer, it would be some other device's address. */
	if (reg.addr != (uintptr_t)reg.addr)
		return -E_RANGE;
	err = fdt_prop_u32(fdt, node, "reg-shift", &shift);
	if (err < 0 && err != -E_NOENT)
		return err;
	err = fdt_prop_u32(fdt, node, "reg-io-width", &width);
	if (err < 0 && err != -E_NOENT)
		return err;
	/* Port-I/O UARTs have one port per register and byte access,
	 * whatever is asked. */
	if (cfg && cfg->reg_shift >= 0 && !cfg->pio)
		shift = (uint32_t)cfg->reg_shift;
	if (cfg && cfg->reg_width && !cfg->pio)
		width = cfg->reg_width;
	if (shift > 2 || (width != 1 && width != 4))
		return -E_NOTSUP;
	err = ns16550_access_of(&reg, width, &u->access);
	if (err < 0)
		return err;
	u->base = (uintptr_t)reg.addr;
	u->shift = shift;
	u->dw = fdt_node_is_compatible(fdt, node, "snps,dw-apb-uart") > 0;
	u->fdt = fdt;
	u->node = node;

	/* A UART another guest drives too keeps its rate, format, FIFOs
	 * and interrupts: only its transmitter is used, a byte at a time
	 * (reading IIR for the FIFO state could take that guest's
	 * interrupt). */
	u->shared = hv_device_shared(fdt, node);
	if (u->shared) {
		u->tx_burst = 1;
	} else {
		err = ns16550_configure(u, fdt, node, cfg);
		if (err < 0)
			return err;
	}
	ns16550_count++;
	u->con = (struct console){ .name = "ns16550", .write = ns16550_write,
				   .rx_start = ns16550_rx_start,
				   .is_uart = ns16550_is_uart, .priv = u };
	console_register(&u->con);
	return 0;
}

static int ns16550_probe(const struct fdt *fdt, int node)
{
	return ns16550_setup(fdt, node, NULL);
}

static int ns16550_probe_uart(const struct fdt *fdt, int node,
			      const struct uart_config *cfg)
{
	return ns16550_setup(fdt, node, cfg);
}

static const char *const ns16550_compatible[] = {
	"ns16550a", "ns16550", "ns8250", "snps,dw-apb-uart", NULL,
};

DRIVER(ns16550_driver) = {
	.name = "ns16550",
	.class = DRIVER_CONSOLE,
	.compatible = ns16550_compatible,
	.probe = ns16550_probe,
	.uart_type = NS16550_TYPE,
	.probe_uart = ns16550_probe_uart,
};
