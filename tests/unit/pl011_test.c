/* The PL011 driver (drivers/serial/pl011.c) against a simulated PL011
 * (pl011_model) that follows the TRM's rules for BUSY, the baud-rate
 * latches and the FIFO flush. The driver's source is included so each
 * case starts from no bound device. */
#include <string.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../drivers/serial/pl011.c"

#include "irq_race.h"
#include "pl011_model.h"
#include "uart_env.h"
#include "unit.h"

#define BASE 0x09000000u

/* --- What the driver needs from the rest of the kernel ----------------- */

static uint32_t dt_clk, dt_baud;
static int dt_reg_err;	/* what fdt_reg() says instead of the address */

int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *base, uint64_t *size)
{
	(void)fdt;
	(void)node;
	(void)index;
	*base = BASE;
	*size = 0x1000;
	return dt_reg_err;
}

/* The node's clock-frequency and current-speed; 0: none given. */
int uart_clock_baud(const struct fdt *fdt, int node, uint32_t *clk,
		    uint32_t *baud)
{
	(void)fdt;
	(void)node;
	if (!dt_clk)
		return -E_NOENT;
	*clk = dt_clk;
	*baud = dt_baud;
	return 0;
}

/* No UART bound, and a tree that gives `clk` and `baud`. */
static void unbound(uint32_t clk, uint32_t baud)
{
	uart_env_reset();
	dt_clk = clk;
	dt_baud = baud;
	memset(&pl011_dev, 0, sizeof(pl011_dev));
}

static void bind(uint32_t clk, uint32_t baud)
{
	unbound(clk, baud);
	pl011_probe(NULL, 0);
}

/* --- Cases --------------------------------------------------------------- */

UNIT_TEST(the_baud_divisor_is_latched_and_the_uart_enabled)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;		/* a boot loader's console */
	pl011_model.lcrh = 0x70;
	bind(24000000, 115200);
	REQUIRE(uart_env.registered, "the console registered");
	/* 24 MHz / (16 * 115200) = 13.02: IBRD 13, FBRD round(0.02 * 64) */
	EXPECT(pl011_model.baud_int == 13 && pl011_model.baud_frac == 1,
	       "divisor 13 + 1/64 latched, got %u + %u/64",
	       pl011_model.baud_int, pl011_model.baud_frac);
	EXPECT((pl011_model.cr & 0x301) == 0x301, "UART, TX, RX on: CR 0x%x",
	       pl011_model.cr);
	EXPECT(pl011_model.lcrh == 0x70, "8 bits, FIFOs on: LCR_H 0x%x",
	       pl011_model.lcrh);
	EXPECT(pl011_model.bad_access == 0, "%u bad accesses",
	       pl011_model.bad_access);
}

/* The divisor's integer part (IBRD) is 1..65535 (TRM 3.3.6): a
 * current-speed above clock / 16 (IBRD 0, which the TRM calls invalid) or
 * too slow for 16 bits keeps the rate the boot loader set, and says so. */
UNIT_TEST(a_rate_no_16_bit_divisor_makes_keeps_the_boot_loaders)
{
	static const uint32_t bauds[] = { 3000000, 20 };

	for (unsigned int i = 0; i < sizeof(bauds) / sizeof(bauds[0]); i++) {
		pl011_model_reset(BASE);
		pl011_model.cr = 0x301;
		pl011_model.lcrh = 0x70;
		pl011_model.baud_int = pl011_model.ibrd = 13;
		pl011_model.baud_frac = pl011_model.fbrd = 1;
		bind(24000000, bauds[i]);
		REQUIRE(uart_env.registered, "the console registered");
		EXPECT(pl011_model.baud_int == 13 && pl011_model.baud_frac == 1,
		       "%u baud: divisor 13 + 1/64 kept, got %u + %u/64",
		       (unsigned int)bauds[i], pl011_model.baud_int,
		       pl011_model.baud_frac);
		EXPECT(strstr(uart_env.log, "no divisor of 1..65535"),
		       "%u baud: a boot-log line says why: \"%s\"",
		       (unsigned int)bauds[i], uart_env.log);
	}
}

/* The ends of the range are still divisors: clock / 16 (IBRD 1) and
 * IBRD 0xffff. */
UNIT_TEST(the_divisors_at_the_ends_of_the_range_are_latched)
{
	static const struct {
		uint32_t clk, baud, ibrd;
	} cases[] = { { 24000000, 1500000, 1 }, { 4194240, 4, 0xffff } };

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pl011_model_reset(BASE);
		bind(cases[i].clk, cases[i].baud);
		EXPECT(pl011_model.baud_int == cases[i].ibrd &&
			       pl011_model.baud_frac == 0,
		       "%u Hz / 16 / %u: IBRD %u FBRD 0, got %u + %u/64",
		       (unsigned int)cases[i].clk, (unsigned int)cases[i].baud,
		       (unsigned int)cases[i].ibrd, pl011_model.baud_int,
		       pl011_model.baud_frac);
		EXPECT(uart_env.log[0] == '\0', "nothing refused: \"%s\"",
		       uart_env.log);
	}
}

/* Past IBRD 0xffff with FBRD 0 no divisor is valid (TRM 3.3.6): 0xffff
 * + 1/64 and 0x10000 keep the boot loader's rate. */
UNIT_TEST(a_divisor_just_past_0xffff_keeps_the_boot_loaders)
{
	static const uint32_t clks[] = { 4194241, 4194304 };

	for (unsigned int i = 0; i < sizeof(clks) / sizeof(clks[0]); i++) {
		pl011_model_reset(BASE);
		pl011_model.baud_int = pl011_model.ibrd = 13;
		pl011_model.baud_frac = pl011_model.fbrd = 1;
		bind(clks[i], 4);
		EXPECT(pl011_model.baud_int == 13 && pl011_model.baud_frac == 1,
		       "%u Hz / 16 / 4: divisor 13 + 1/64 kept, got %u + %u/64",
		       (unsigned int)clks[i], pl011_model.baud_int,
		       pl011_model.baud_frac);
		EXPECT(strstr(uart_env.log, "no divisor of 1..65535"),
		       "%u Hz: a boot-log line says why: \"%s\"",
		       (unsigned int)clks[i], uart_env.log);
	}
}

/* Binds at clk and baud; whether IBRD + FBRD/64 latched are ibrd, fbrd. */
static void expect_divisor(uint32_t clk, uint32_t baud, unsigned int ibrd,
			   unsigned int fbrd)
{
	pl011_model_reset(BASE);
	bind(clk, baud);
	EXPECT(pl011_model.baud_int == ibrd && pl011_model.baud_frac == fbrd,
	       "%u Hz at %u baud: divisor %u + %u/64 latched, got %u + %u/64",
	       (unsigned int)clk, (unsigned int)baud, ibrd, fbrd,
	       pl011_model.baud_int, pl011_model.baud_frac);
}

/* FBRD holds 6 bits: a fraction above one half keeps its top bit.
 * 25 MHz / (16 * 115200) = 13.56: IBRD 13, FBRD round(0.56 * 64). */
UNIT_TEST(a_divisor_fraction_above_one_half_is_latched_whole)
{
	expect_divisor(25000000, 115200, 13, 36);
}

/* The divisor in 64ths is rounded to the nearest, not cut: 48 MHz at
 * 115200 is 1666.67/64ths, 26 + 3/64 (cut, 26 + 2/64: 0.04 % slower). */
UNIT_TEST(the_divisor_is_rounded_to_the_nearest_64th)
{
	expect_divisor(48000000, 115200, 26, 3);
}

/* A handler printing while a thread prints (kprintf lets it, console.c)
 * can fill the FIFO between the thread's UARTFR read and its UARTDR
 * write: unless the check and the write are one step, the thread's byte
 * goes to a full FIFO and is lost. */
static const char handler_line[] =
	"a line from a handler, longer than the FIFO is deep";

static void handler_prints(void)
{
	uart_env.registered->write(uart_env.registered, handler_line,
				   sizeof(handler_line) - 1);
}

UNIT_TEST(a_handler_printing_between_the_check_and_the_write_costs_no_byte)
{
	pl011_model_reset(BASE);
	bind(24000000, 115200);
	REQUIRE(uart_env.registered, "the console registered");
	pl011_model.reads_per_byte = 4;
	irq_race_after_status_read(1, handler_prints);
	uart_env.registered->write(uart_env.registered, "thread", 6);
	EXPECT(pl011_model.bad_access == 0,
	       "%u bytes written to a full FIFO", pl011_model.bad_access);
	EXPECT(pl011_model.out_len == 6 + sizeof(handler_line) - 1,
	       "%zu bytes sent, the line saw %zu: \"%.*s\"",
	       6 + sizeof(handler_line) - 1, pl011_model.out_len,
	       (int)pl011_model.out_len, pl011_model.out);
}

UNIT_TEST(a_boot_loaders_last_bytes_go_out_before_the_rate_changes)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;
	pl011_model.lcrh = 0x70;
	pl011_model_queue(5);
	bind(24000000, 115200);
	EXPECT(pl011_model.garbled == 0, "no byte cut by the reprogramming, "
	       "%u", pl011_model.garbled);
	EXPECT(pl011_model.stuck == 0, "no endless wait, %u",
	       pl011_model.stuck);
	EXPECT(!strstr(uart_env.log, "never went idle"), "the bytes went "
	       "out within the bound: '%s'", uart_env.log);
}

/* PL011 TRM 3.3.3: BUSY stays set while the transmit FIFO holds data,
 * whether the UART is enabled or not; a UART left disabled with bytes
 * queued never drains. */
UNIT_TEST(a_disabled_uart_with_queued_bytes_does_not_hang_the_setup)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x300;		/* disabled */
	pl011_model.lcrh = 0x70;
	pl011_model_queue(3);
	bind(24000000, 115200);
	EXPECT(pl011_model.stuck == 0, "the setup never waits on a "
	       "transmitter that cannot move (%u endless waits)",
	       pl011_model.stuck);
	EXPECT(!strstr(uart_env.log, "never went idle"), "nor spins on it "
	       "until its bound: '%s'", uart_env.log);
	REQUIRE(uart_env.registered, "the console registered");
	EXPECT(pl011_model.baud_int == 13, "divisor latched, got %u",
	       pl011_model.baud_int);
	uart_env.registered->write(uart_env.registered, "ok", 2);
	EXPECT(pl011_model.out_len == 2 && !memcmp(pl011_model.out, "ok", 2),
	       "our bytes go out after the setup");
	EXPECT(pl011_model.stuck == 0, "no endless wait, %u",
	       pl011_model.stuck);
}

/* Enabled, with bytes queued behind CTS flow control that no peer
 * releases: the wait for them is bounded, the loss said, the rate set. */
UNIT_TEST(a_uart_held_by_flow_control_does_not_hang_the_setup)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;
	pl011_model.lcrh = 0x70;
	pl011_model.cts_held = true;
	pl011_model_queue(3);
	bind(24000000, 115200);
	EXPECT(pl011_model.stuck == 0, "the setup never waits on a "
	       "transmitter that cannot move (%u endless waits)",
	       pl011_model.stuck);
	EXPECT(strstr(uart_env.log, "transmitter never went idle"),
	       "the dropped bytes said: '%s'", uart_env.log);
	EXPECT(pl011_model.baud_int == 13, "divisor latched, got %u",
	       pl011_model.baud_int);
}

/* Enabled, but with its transmitter off: nothing moves either. */
UNIT_TEST(a_uart_with_its_transmitter_off_does_not_hang_the_setup)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x201;		/* UARTEN, RXE; TXE off */
	pl011_model.lcrh = 0x70;
	pl011_model_queue(3);
	bind(24000000, 115200);
	EXPECT(pl011_model.stuck == 0, "the setup never waits on a "
	       "transmitter that cannot move (%u endless waits)",
	       pl011_model.stuck);
	EXPECT(!strstr(uart_env.log, "never went idle"), "nor spins on it "
	       "until its bound: '%s'", uart_env.log);
	EXPECT(pl011_model.baud_int == 13, "divisor latched, got %u",
	       pl011_model.baud_int);
}

/* PL011 TRM 3.3.7: UARTLCR_H, UARTIBRD and UARTFBRD must not be changed
 * while the UART is enabled; a boot loader's console is, so the set-up
 * disables it first (3.3.8). */
UNIT_TEST(the_rate_and_format_are_changed_only_with_the_uart_disabled)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;		/* a boot loader's console */
	pl011_model.lcrh = 0x70;
	bind(24000000, 115200);
	EXPECT(pl011_model.changed_enabled == 0, "LCR_H, IBRD and FBRD written "
	       "only with UARTEN clear, %u writes with it set",
	       pl011_model.changed_enabled);
	EXPECT((pl011_model.cr & 0x301) == 0x301, "UART, TX, RX on again: CR "
	       "0x%x", pl011_model.cr);
}

/* Bytes a boot loader left that the transmitter cannot send (the UART
 * disabled, its transmitter off, or held by flow control) are flushed by
 * clearing FEN (TRM 3.3.8) before the rate changes: sent after it, at a
 * rate not theirs, they would be noise. */
UNIT_TEST(bytes_that_cannot_go_out_are_flushed_before_the_rate_changes)
{
	static const struct {
		uint32_t cr;
		bool cts_held;
		const char *what;
	} cases[] = {
		{ 0x300, false, "UART disabled" },
		{ 0x201, false, "transmitter off" },
		{ 0x301, true, "held by flow control" },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pl011_model_reset(BASE);
		pl011_model.cr = cases[i].cr;
		pl011_model.lcrh = 0x70;
		pl011_model.cts_held = cases[i].cts_held;
		pl011_model_queue(3);
		bind(24000000, 115200);
		EXPECT(pl011_model.txq == 0, "%s: the transmit FIFO flushed, "
		       "%u bytes left to go out at the new rate",
		       cases[i].what, pl011_model.txq);
	}
}

UNIT_TEST(without_a_rate_the_boot_loaders_settings_stay)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;
	pl011_model.lcrh = 0x60;
	pl011_model.ibrd = 26;
	bind(0, 0);
	EXPECT(pl011_model.ibrd == 26 && pl011_model.lcrh == 0x60,
	       "IBRD and LCR_H untouched: %u, 0x%x", pl011_model.ibrd,
	       pl011_model.lcrh);
	EXPECT((pl011_model.cr & 0x301) == 0x301, "UART, TX, RX on");
}

/* A console configuration (the hypervisor's or the command line's): only
 * for this UART, only with its 32-bit registers 4 bytes apart, and with
 * its divider in place of the tree's rate. */
UNIT_TEST(a_console_config_binds_only_this_uart_as_it_is)
{
	struct uart_config cfg = { .type = "pl011", .base = BASE + 0x1000,
				   .reg_shift = -1 };

	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;
	unbound(24000000, 115200);
	EXPECT(pl011_probe_uart(NULL, 0, &cfg) == -E_NOENT,
	       "another UART's address: not this one");
	cfg.base = BASE;
	cfg.reg_shift = 0;
	EXPECT(pl011_probe_uart(NULL, 0, &cfg) == -E_NOTSUP,
	       "registers 1 byte apart: refused");
	cfg.reg_shift = -1;
	cfg.divider = 13;
	REQUIRE(pl011_probe_uart(NULL, 0, &cfg) == 0, "bound");
	EXPECT(pl011_model.baud_int == 13 && pl011_model.baud_frac == 0,
	       "the config's divider 13 latched, not the tree's 13 + 1/64: "
	       "got %u + %u/64", pl011_model.baud_int, pl011_model.baud_frac);
}

/* A PL011 has memory-mapped registers only: a config in port I/O is
 * refused; one without a divider takes the tree's rate. */
UNIT_TEST(a_console_config_in_port_io_is_refused_and_none_keeps_the_trees_rate)
{
	struct uart_config cfg = { .type = "pl011", .base = BASE,
				   .reg_shift = -1, .pio = true };

	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;
	unbound(24000000, 115200);
	EXPECT(pl011_probe_uart(NULL, 0, &cfg) == -E_NOTSUP,
	       "port I/O: refused");
	cfg.pio = false;
	REQUIRE(pl011_probe_uart(NULL, 0, &cfg) == 0, "bound");
	EXPECT(pl011_model.baud_int == 13 && pl011_model.baud_frac == 1,
	       "no divider asked: the tree's 13 + 1/64 latched, got %u + "
	       "%u/64", pl011_model.baud_int, pl011_model.baud_frac);
}

/* The boot loader's interrupt mask is not kept: receiving starts with
 * rx_start, not at the set-up. */
UNIT_TEST(the_setup_masks_the_uarts_interrupts)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;
	pl011_model.imsc = 0x50;
	bind(24000000, 115200);
	REQUIRE(uart_env.registered, "the console registered");
	EXPECT(pl011_model.imsc == 0, "IMSC 0, got 0x%x", pl011_model.imsc);
}

/* is_uart() says whether binding the UART again with a configuration
 * would change nothing: this PL011, its 32-bit registers, and a divider
 * that is the one set (a configured 13 here; the tree's rate gives 13 +
 * 1/64, which no integer divider is) or none; a shared PL011 keeps its
 * rate whatever is asked. */
UNIT_TEST(a_console_is_the_uart_of_a_config_that_changes_nothing)
{
	struct uart_config cfg = { .type = "pl011", .base = BASE,
				   .reg_shift = -1, .divider = 13 };
	struct console *con;

	pl011_model_reset(BASE);
	unbound(24000000, 115200);
	REQUIRE(pl011_probe(NULL, 0) == 0, "bound");
	con = uart_env.registered;
	EXPECT(!con->is_uart(con, &cfg), "divider 13 is not the tree's rate");
	cfg.divider = 0;
	EXPECT(con->is_uart(con, &cfg), "no divider asked, nothing else");
	cfg.reg_shift = 2;
	cfg.reg_width = 4;
	EXPECT(con->is_uart(con, &cfg), "its own spacing and width");
	cfg.reg_width = 1;
	EXPECT(!con->is_uart(con, &cfg), "byte access is not this UART's");
	cfg.reg_width = 0;
	cfg.base = BASE + 0x1000;
	EXPECT(!con->is_uart(con, &cfg), "another address");
	cfg.base = BASE;
	cfg.type = "8250";
	EXPECT(!con->is_uart(con, &cfg), "another type");
	cfg.type = "pl011";
	cfg.divider = 13;
	REQUIRE(pl011_probe_uart(NULL, 0, &cfg) == 0, "bound with divider 13");
	EXPECT(con->is_uart(con, &cfg), "divider 13 is now the one set");
	cfg.divider = 14;
	EXPECT(!con->is_uart(con, &cfg), "divider 14 is not");
	uart_env_reset();
	uart_env.shared = true;
	REQUIRE(pl011_probe(NULL, 0) == 0, "bound shared");
	EXPECT(con->is_uart(con, &cfg), "a shared PL011's divider is never "
	       "set, so asking for one changes nothing");
}

/* console_bind_uart() looks for the configured UART until a probe says
 * anything but "not me" (-E_NOENT): a PL011 without a CPU address (on a
 * disabled bus, say) earlier in the tree is not it, or the search would
 * stop there and never reach the console the configuration names. */
UNIT_TEST(a_uart_without_a_cpu_address_is_not_the_configured_console)
{
	struct uart_config cfg = { .type = "pl011", .base = BASE,
				   .reg_shift = -1 };
	int err;

	pl011_model_reset(BASE);
	uart_env_reset();
	memset(&pl011_dev, 0, sizeof(pl011_dev));
	dt_reg_err = -E_NOTSUP;
	err = pl011_probe_uart(NULL, 0, &cfg);
	dt_reg_err = 0;
	EXPECT(err == -E_NOENT, "-E_NOENT, so that the search goes on; got %d",
	       err);
	EXPECT(!uart_env.registered, "no console registered");
}

/* The root cell's Linux prints to this PL011 too: its rate, format and
 * interrupt mask stay, even with a rate in the tree. */
UNIT_TEST(a_uart_shared_with_another_guest_keeps_its_setup)
{
	pl011_model_reset(BASE);
	pl011_model.cr = 0x301;
	pl011_model.lcrh = 0x60;
	pl011_model.ibrd = 26;
	pl011_model.imsc = 0x50;	/* its receive interrupts */
	uart_env_reset();
	uart_env.shared = true;
	dt_clk = 24000000;
	dt_baud = 115200;
	memset(&pl011_dev, 0, sizeof(pl011_dev));
	pl011_probe(NULL, 0);
	REQUIRE(uart_env.registered, "the console registered");
	EXPECT(pl011_model.imsc == 0x50 && pl011_model.ibrd == 26 &&
		       pl011_model.lcrh == 0x60 && pl011_model.cr == 0x301,
	       "IMSC 0x%x IBRD %u LCR_H 0x%x CR 0x%x: the other guest's "
	       "setup changed", pl011_model.imsc, pl011_model.ibrd,
	       pl011_model.lcrh, pl011_model.cr);
	uart_env.registered->write(uart_env.registered, "ok", 2);
	EXPECT(pl011_model.out_len == 2 && !memcmp(pl011_model.out, "ok", 2),
	       "our bytes go out");
}

/* --- receiving ------------------------------------------------------- */

/* A bound console with receiving started. */
static void receiving(void)
{
	pl011_model_reset(BASE);
	bind(24000000, 115200);
	REQUIRE(uart_env.registered, "the console registered");
	REQUIRE(uart_env.registered->rx_start(uart_env.registered) == 0,
		"rx_start");
	REQUIRE(uart_env.fn, "a handler attached");
}

/* With no usable interrupt (the hypervisor keeps it: -E_PERM), rx_start
 * says so and leaves the UART's interrupts masked, no handler attached. */
UNIT_TEST(receiving_without_an_interrupt_fails_and_unmasks_nothing)
{
	int err;

	pl011_model_reset(BASE);
	bind(24000000, 115200);
	REQUIRE(uart_env.registered, "the console registered");
	uart_env.irq_err = -E_PERM;
	err = uart_env.registered->rx_start(uart_env.registered);
	EXPECT(err == -E_PERM, "rx_start passes on -E_PERM, got %d", err);
	EXPECT(!uart_env.fn, "no handler attached");
	EXPECT(pl011_model.imsc == 0, "IMSC 0, got 0x%x",
	       (unsigned int)pl011_model.imsc);
}

/* One key typed stays under the trigger level: only the receive
 * timeout says so, and it must be unmasked. */
UNIT_TEST(a_single_key_typed_interrupts_through_the_receive_timeout)
{
	receiving();
	pl011_model_type("k");
	EXPECT(pl011_model_irq(), "the line asserted for one byte (IMSC 0x%x)",
	       (unsigned int)pl011_model.imsc);
	uart_env.fn(uart_env.arg);
	EXPECT(uart_env.rx_len == 1 && uart_env.rx[0] == 'k', "'k' received");
	EXPECT(!pl011_model_irq() && pl011_model.ris == 0,
	       "both receive interrupts acknowledged, RIS 0x%x",
	       (unsigned int)pl011_model.ris);
}

UNIT_TEST(a_fifo_above_the_trigger_level_is_drained_whole)
{
	receiving();
	pl011_model_type("0123456789abcdef");
	uart_env.fn(uart_env.arg);
	EXPECT(uart_env.rx_len == 16 &&
	       !memcmp(uart_env.rx, "0123456789abcdef", 16),
	       "16 bytes received, got %zu", uart_env.rx_len);
	EXPECT(pl011_model.ris == 0, "RIS 0x%x left",
	       (unsigned int)pl011_model.ris);
}

/* A byte that lands as the handler finds the FIFO empty interrupts
 * again: the acknowledge came before the drain, not after. */
UNIT_TEST(a_byte_landing_at_the_end_of_the_drain_is_not_stranded)
{
	receiving();
	pl011_model_type("a");
	pl011_model.rx_late = "b";
	uart_env.fn(uart_env.arg);
	EXPECT(pl011_model.rx_len == 0 || pl011_model_irq(),
	       "%u byte(s) waiting with no interrupt", pl011_model.rx_len);
	uart_env.fn(uart_env.arg);
	EXPECT(uart_env.rx_len == 2 && !memcmp(uart_env.rx, "ab", 2),
	       "\"ab\" received, got %zu bytes", uart_env.rx_len);
}

int main(void)
{
	return unit_run_all();
}
