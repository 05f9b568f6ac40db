/* ARM PrimeCell UART (PL011): polled transmit, interrupt-driven receive.
 * ARM PrimeCell UART (PL011) Technical Reference Manual (DDI 0183G), 3.3. */
#include <stdint.h>

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

#define UART_DR 0x00
#define UART_FR 0x18
#define UART_IBRD 0x24
#define UART_FBRD 0x28
#define UART_LCRH 0x2c
#define UART_CR 0x30
#define UART_IMSC 0x38
#define UART_ICR 0x44

#define FR_RXFE (1u << 4)
#define FR_TXFF (1u << 5)
#define FR_BUSY (1u << 3)
#define LCRH_FEN (1u << 4)
#define LCRH_WLEN8 (3u << 5)
#define CR_UARTEN (1u << 0)
#define CR_TXE (1u << 8)
#define CR_RXE (1u << 9)
#define IMSC_RXIM (1u << 4)
#define IMSC_RTIM (1u << 6)
/* The divisor in 1/64ths: IBRD 1..0xffff, and FBRD 0 at 0xffff (3.3.6) */
#define DIV64_MIN (1u << 6)
#define DIV64_MAX (0xffffu << 6)
#define TX_FIFO_SIZE 16	/* the PL011's transmit FIFO (3.4.2) */
/* Bounded waits for the line to go idle: one held by flow control (CTS
 * with no peer) never does. 100000 reads outlast a 32-byte FIFO at
 * 115200 baud. */
#define UART_IDLE_SPINS 100000

#define PL011_TYPE "pl011"	/* struct uart_config's name for it */

struct pl011 {
	struct console con;
	uintptr_t base;
	bool shared;		/* hv_device_shared(): rate kept */
	uint32_t div64;		/* programmed at set-up; 0: the rate kept */
	const struct fdt *fdt;	/* for the interrupt, resolved at rx_start */
	int node;
};

static struct pl011 pl011_dev;

/* The check for room and the write are one step with interrupts masked:
 * a handler printing in between could fill the FIFO, and the byte would
 * be written to a full FIFO and lost. The wait for room runs with
 * interrupts on; masked, at most a FIFO's worth goes out, as in the
 * 16550 driver. */
static void pl011_write(struct console *con, const char *s, size_t n)
{
	const struct pl011 *u = con->priv;

	/* The UART reads no memory: keeping its own accesses in order, as
	 * Device memory does, is all it needs. */
	while (n) {
		unsigned int room = TX_FIFO_SIZE;
		irqstate_t st;

		while (mmio_read32_relaxed(u->base + UART_FR) & FR_TXFF)
			;
		st = arch_irq_save();
		while (n && room &&
		       !(mmio_read32_relaxed(u->base + UART_FR) & FR_TXFF)) {
			mmio_write32_relaxed(u->base + UART_DR, (uint8_t)*s++);
			n--;
			room--;
		}
		arch_irq_restore(st);
	}
}

static void pl011_isr(void *arg)
{
	const struct pl011 *u = arg;

	/* Acknowledge first, then drain: a byte arriving after the drain
	 * raises the interrupt again instead of being stranded. */
	mmio_write32(u->base + UART_ICR, IMSC_RXIM | IMSC_RTIM);
	while (!(mmio_read32(u->base + UART_FR) & FR_RXFE))
		console_rx_push((char)mmio_read32(u->base + UART_DR));
}

static int pl011_rx_start(struct console *con)
{
	struct pl011 *u = con->priv;
	unsigned int irq;
	int err;

	err = irq_of_fdt(u->fdt, u->node, 0, &irq);
	if (err == 0)
		err = irq_attach(irq, pl011_isr, u);
	if (err < 0)
		return err;
	mmio_write32(u->base + UART_IMSC, IMSC_RXIM | IMSC_RTIM);
	return irq_enable(irq);
}

/* Programs 8N1 with a baud divisor in 1/64ths (PL011 TRM 3.3.6: divisor
 * = clk / (16 baud), as a 16-bit integer and a 6-bit fraction, taken in
 * by the UARTLCR_H write that follows). The sequence of TRM 3.3.8: what
 * the boot loader queued goes out first, but only if the transmitter can
 * move (BUSY stays set while the FIFO holds data, enabled or not: 3.3.3),
 * then the UART is disabled and the FIFOs flushed (FEN cleared). */
static void pl011_set_divider(const struct pl011 *u, uint32_t div64)
{
	uint32_t cr = mmio_read32(u->base + UART_CR);

	if ((cr & (CR_UARTEN | CR_TXE)) == (CR_UARTEN | CR_TXE)) {
		unsigned int spins = 0;

		while ((mmio_read32(u->base + UART_FR) & FR_BUSY) &&
		       ++spins < UART_IDLE_SPINS)
			;
		if (spins == UART_IDLE_SPINS)
			bootlog("pl011 at 0x%lx: the transmitter never went "
				"idle (flow control held?); what it still "
				"held is dropped", (unsigned long)u->base);
	}
	mmio_write32(u->base + UART_CR, 0);
	mmio_write32(u->base + UART_LCRH, LCRH_WLEN8);
	mmio_write32(u->base + UART_IBRD, div64 >> 6);
	mmio_write32(u->base + UART_FBRD, div64 & 0x3f);
	mmio_write32(u->base + UART_LCRH, LCRH_WLEN8 | LCRH_FEN);
}

/* The divisor in 1/64ths for `baud` from `clk`, to the nearest. 0, with a
 * boot-log line, when IBRD cannot hold it (above clock / 16 it would be 0,
 * which the TRM calls invalid; too slow, above 16 bits): the rate is then
 * kept. */
static uint32_t pl011_divisor(const struct pl011 *u, uint32_t clk,
			      uint32_t baud)
{
	uint64_t div64 = ((uint64_t)clk * 4 + baud / 2) / baud;

	if (div64 >= DIV64_MIN && div64 <= DIV64_MAX)
		return (uint32_t)div64;
	bootlog("pl011 at 0x%lx: no divisor of 1..65535 makes current-speed "
		"%u from a %u Hz clock; the rate stays as it was",
		(unsigned long)u->base, (unsigned int)baud, (unsigned int)clk);
	return 0;
}

/* Whether `cfg` asks for the only access a PL011 takes: memory-mapped
 * 32-bit registers. */
static bool pl011_cfg_access_ok(const struct uart_config *cfg)
{
	return !cfg->pio && (cfg->reg_shift < 0 || cfg->reg_shift == 2) &&
	       (!cfg->reg_width || cfg->reg_width == 4);
}

/* pl011_setup(node, cfg) would change nothing: the same UART, an access
 * it takes, and a divider that is no change (none asked, the one set, or
 * a shared UART's, which is never set). */
static bool pl011_is_uart(const struct console *con,
			  const struct uart_config *cfg)
{
	const struct pl011 *u = con->priv;

	return !strcmp(cfg->type, PL011_TYPE) && cfg->base == u->base &&
	       pl011_cfg_access_ok(cfg) &&
	       (u->shared || !cfg->divider ||
		(uint64_t)cfg->divider << 6 == u->div64);
}

/* Binds `node`; with `cfg` (the hypervisor's or the command line's
 * console), only when the node is that UART, and with its divider. Runs
 * once, at boot: cold, so that GCC optimises it for size rather than
 * speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
static int pl011_setup(const struct fdt *fdt, int node,
		       const struct uart_config *cfg)
{
	struct pl011 *u = &pl011_dev;
	uint64_t base, size;
	uint32_t clk, baud;
	int err;

	err = fdt_reg(fdt, node, 0, &base, &size);
	/* Asked for a given UART, one without a usable address is not it:
	 * "not me", so that console_bind_uart() goes on to the next. */
	if (err < 0)
		return cfg ? -E_NOENT : err;
	if (cfg) {
		/* Which UART first: one beyond reach below is not it. */
		if (cfg->base != base)
			return -E_NOENT;
		if (!pl011_cfg_access_ok(cfg))
			return -E_NOTSUP;
	}
	/* Beyond this CPU's address space (above 4 GiB on a 32-bit board):
	 * cut to a pointer, it would be some other device's address. */
	if (base != (uintptr_t)base)
		return -E_RANGE;
	u->base = (uintptr_t)base;
	u->fdt = fdt;
	u->node = node;
	/* A UART another guest drives too keeps its rate and interrupts. */
	u->shared = hv_device_shared(fdt, node);
	u->div64 = 0;
	if (!u->shared) {
		uint32_t div64 = 0;

		if (cfg && cfg->divider)
			div64 = cfg->divider << 6;
		else if (uart_clock_baud(fdt, node, &clk, &baud) == 0)
			div64 = pl011_divisor(u, clk, baud);
		if (div64)
			pl011_set_divider(u, div64);
		u->div64 = div64;
		/* Keep whatever the boot loader set otherwise; just make sure
		 * the transmitter and receiver are on. */
		mmio_write32(u->base + UART_IMSC, 0);
		mmio_write32(u->base + UART_CR, CR_UARTEN | CR_TXE | CR_RXE);
	}
	u->con = (struct console){ .name = "pl011", .write = pl011_write,
				   .rx_start = pl011_rx_start,
				   .is_uart = pl011_is_uart, .priv = u };
	console_register(&u->con);
	return 0;
}

static int pl011_probe(const struct fdt *fdt, int node)
{
	return pl011_setup(fdt, node, NULL);
}

static int pl011_probe_uart(const struct fdt *fdt, int node,
			    const struct uart_config *cfg)
{
	return pl011_setup(fdt, node, cfg);
}

static const char *const pl011_compatible[] = { "arm,pl011", NULL };

DRIVER(pl011_driver) = {
	.name = "pl011",
	.class = DRIVER_CONSOLE,
	.compatible = pl011_compatible,
	.probe = pl011_probe,
	.uart_type = PL011_TYPE,
	.probe_uart = pl011_probe_uart,
};
