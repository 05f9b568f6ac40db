/* The 16550-family UART driver against a simulated device (uart_model):
 * FIFO detection and transmit bursts, the DesignWare busy rules, register
 * spacing and access width, port I/O, and what it refuses. The driver's
 * source is included so each case starts from no bound devices. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../drivers/serial/ns16550.c"

#include "irq_race.h"
#include "uart_env.h"
#include "uart_model.h"
#include "unit.h"
#include "unit_fdt.h"

/* --- Helpers ------------------------------------------------------------ */

static struct fdt tree;

/* A fresh driver and a fresh `kind` UART at `base`; the node at `path`. */
static int fresh(const char *path, enum model_kind kind, uintptr_t base,
		 unsigned int shift, enum model_access how)
{
	if (!tree.blob)
		unit_fdt_open(&tree, "uarts.dtb");
	ns16550_count = 0;
	uart_env_reset();
	model_reset(kind, base, shift, how);
	return fdt_path_offset(&tree, path);
}

static void say(const char *s)
{
	uart_env.registered->write(uart_env.registered, s, strlen(s));
}

static const char text[] =
	"A line long enough to take several FIFO loads: 0123456789abcdef"
	"ghijklmnopqrstuvwxyz.";

/* Writes `text`, lets it out, and checks that it arrived whole. */
static void expect_text_arrives(void)
{
	say(text);
	model_drain();
	EXPECT(model.out_len == strlen(text) &&
		       memcmp(model.out, text, model.out_len) == 0,
	       "sent %zu bytes, the line saw %zu: \"%.*s\"", strlen(text),
	       model.out_len, (int)model.out_len, model.out);
	EXPECT(model.overruns == 0, "%u bytes written to a full FIFO",
	       model.overruns);
	EXPECT(model.bad_access == 0, "%u accesses the device does not decode",
	       model.bad_access);
}

/* --- Cases -------------------------------------------------------------- */

UNIT_TEST(a_16550a_takes_sixteen_bytes_per_empty_fifo)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	REQUIRE(uart_env.registered, "no console registered");
	EXPECT(model.fifo_on, "FIFOs not enabled");
	expect_text_arrives();
	EXPECT(model.max_fill == 16, "FIFO filled to %u, not 16 (bursts unused)",
	       model.max_fill);
	EXPECT(model.lcr == 0x03 && model.dll == 1 && model.dlm == 0,
	       "LCR %#x divisor %u: not 8N1 at 1843200/16/115200 = 1",
	       model.lcr, model.dll | model.dlm << 8);
}

/* A handler printing while a thread prints (kprintf lets it, console.c)
 * can fill the FIFO between the thread's LSR read and its burst: unless
 * THRE is read again with interrupts masked, the burst overruns the FIFO
 * and its bytes are lost. The handler's line is three FIFO loads, so it
 * leaves the FIFO full. */
static const char handler_line[] =
	"a line from a handler: three FIFO loads, 48 B.\r\n";

static void handler_prints(void)
{
	say(handler_line);
}

UNIT_TEST(a_handler_printing_between_the_check_and_the_burst_costs_no_byte)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	REQUIRE(sizeof(handler_line) - 1 == 48, "the handler's line is %zu B",
		sizeof(handler_line) - 1);
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	REQUIRE(uart_env.registered, "no console registered");
	irq_race_after_status_read(1, handler_prints);
	say("thread");
	model_drain();
	EXPECT(model.overruns == 0, "%u bytes written to a full FIFO",
	       model.overruns);
	EXPECT(model.out_len == 48 + 6 &&
		       memcmp(model.out, handler_line, 48) == 0 &&
		       memcmp(model.out + 48, "thread", 6) == 0,
	       "the line saw %zu bytes: \"%.*s\"", model.out_len,
	       (int)model.out_len, model.out);
}

/* A UART the root cell's Linux drives too: its rate, format, interrupt
 * enables and received bytes stay as they are; ours go out one by one. */
UNIT_TEST(a_uart_shared_with_another_guest_keeps_its_setup)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	uart_env.shared = true;
	model.ier = 0x01;
	model.lcr = 0x1b;	/* 8E1 */
	model.dll = 12;
	model.fifo_on = true;
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	REQUIRE(uart_env.registered, "no console registered");
	EXPECT(model.ier == 0x01 && model.lcr == 0x1b && model.dll == 12 &&
		       model.dlm == 0,
	       "IER %#x LCR %#x divisor %u: the other guest's setup changed",
	       model.ier, model.lcr, model.dll | model.dlm << 8);
	EXPECT(model.dropped == 0, "a FIFO reset dropped %u bytes",
	       model.dropped);
	expect_text_arrives();
	EXPECT(model.max_fill == 1, "FIFO filled to %u: its state was assumed",
	       model.max_fill);
}

UNIT_TEST(a_16550_with_its_broken_fifo_gets_one_byte_at_a_time)
{
	int node = fresh("/uart@2000", UART_16550, 0x2000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	expect_text_arrives();
	EXPECT(model.max_fill == 1, "holding register filled to %u",
	       model.max_fill);
}

UNIT_TEST(an_8250_without_fifo_gets_one_byte_at_a_time)
{
	int node = fresh("/uart@3000", UART_8250, 0x3000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	expect_text_arrives();
	EXPECT(model.max_fill == 1, "holding register filled to %u",
	       model.max_fill);
}

UNIT_TEST(keeping_the_rate_closes_a_divisor_latch_left_open)
{
	int node = fresh("/uart@2000", UART_16550A, 0x2000, 0, MODEL_MMIO8);

	model.lcr = 0x83;	/* DLAB, as a previous owner may leave it */
	model.dll = 12;
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.lcr == 0x03, "LCR %#x", model.lcr);
	EXPECT(model.dll == 12 && model.dlm == 0 && model.ier == 0,
	       "divisor %u IER %#x: the rate changed or IER went to DLM",
	       model.dll | model.dlm << 8, model.ier);
	expect_text_arrives();
}

UNIT_TEST(a_designware_uart_built_without_fifos_gets_one_byte_at_a_time)
{
	int node = fresh("/serial@4000", UART_DW, 0x4000, 2, MODEL_MMIO32);

	model.fifo_absent = true;
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	expect_text_arrives();
	EXPECT(model.max_fill == 1, "holding register filled to %u",
	       model.max_fill);
}

UNIT_TEST(a_busy_designware_uart_is_set_up_once_idle_losing_nothing)
{
	int node = fresh("/serial@4000", UART_DW, 0x4000, 2, MODEL_MMIO32);

	model.fifo_on = true;
	model_queue("earlier");
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.lcr_ignored == 0, "%u LCR writes while busy",
	       model.lcr_ignored);
	/* 25000000 / (16 * 115200) = 13.56: the nearest divisor is 14. */
	EXPECT(model.lcr == 0x03 && (model.dll | model.dlm << 8) == 14,
	       "LCR %#x divisor %u", model.lcr, model.dll | model.dlm << 8);
	EXPECT(model.dropped == 0, "the FIFO reset dropped %u bytes",
	       model.dropped);
	EXPECT(model.out_len == 7 && memcmp(model.out, "earlier", 7) == 0,
	       "earlier output: \"%.*s\"", (int)model.out_len, model.out);
	model.out_len = 0;
	expect_text_arrives();
	EXPECT(model.max_fill == 16, "FIFO filled to %u", model.max_fill);
}

/* A byte may start between the idle check and the LCR write (another
 * CPU printing): the write is lost, and the driver must see that, not
 * latch the divisor into THR and IER or leave DLAB set. */
UNIT_TEST(a_designware_lcr_write_lost_to_a_late_byte_is_made_again)
{
	for (unsigned int n = 1; n <= 3; n++) {
		int node = fresh("/serial@4000", UART_DW, 0x4000, 2,
				 MODEL_MMIO32);

		model.fifo_on = true;
		model.lcr_lost_write = n;
		REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
		EXPECT(model.lcr_ignored == 1, "LCR write %u lost: %u lost",
		       n, model.lcr_ignored);
		EXPECT(model.lcr == 0x03 && (model.dll | model.dlm << 8) == 14,
		       "LCR write %u lost: LCR %#x divisor %u", n, model.lcr,
		       model.dll | model.dlm << 8);
		EXPECT(model.out_len == 0, "LCR write %u lost: %zu bytes sent",
		       n, model.out_len);
		expect_text_arrives();
	}
}

UNIT_TEST(a_designware_uart_that_never_goes_idle_fails_setup)
{
	int node = fresh("/serial@4000", UART_DW, 0x4000, 2, MODEL_MMIO32);

	model_queue("x");
	model.stuck = true;
	model.busy_detect = true;	/* LCR writes refused so far */
	EXPECT(ns16550_probe(&tree, node) == -E_TIMEOUT, "not a timeout");
	EXPECT(!uart_env.registered, "a console was registered");
	EXPECT(ns16550_count == 0, "the device counts as bound");
	EXPECT(!model.busy_detect, "the busy-detect interrupt left pending");
}

/* The UART goes busy for good after the first LCR write: opening the
 * divisor latch times out, and the divisor must not then be written with
 * DLAB clear, into THR (a stray byte on the line) and IER. */
UNIT_TEST(a_divisor_latch_that_never_opens_fails_setup_writing_no_divisor)
{
	int node = fresh("/serial@4000", UART_DW, 0x4000, 2, MODEL_MMIO32);
	int err;

	model.fifo_on = true;
	model.ier = 0x01;
	model.lcr_lost_from = 2;	/* 8N1 taken, DLAB never */
	err = ns16550_probe(&tree, node);
	EXPECT(err == -E_TIMEOUT, "-E_TIMEOUT, got %d (%s)", err,
	       kerr_name(err));
	EXPECT(!uart_env.registered, "a console was registered");
	model_drain();
	EXPECT(model.out_len == 0, "%zu stray byte(s) on the line: the divisor "
	       "went to THR", model.out_len);
	EXPECT(model.ier == 0, "IER %#x: 0 from the set-up, not the divisor's "
	       "high byte", model.ier);
}

/* The DesignWare UART is busy while it receives a character too, with
 * its transmitter empty (TEMT set): LCR is written only once USR says
 * idle, or the write is lost and raises a busy-detect interrupt. */
UNIT_TEST(a_designware_uart_receiving_is_set_up_once_idle)
{
	int node = fresh("/serial@4000", UART_DW, 0x4000, 2, MODEL_MMIO32);

	model.fifo_on = true;
	model.rx_busy_polls = 4;
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.lcr_ignored == 0, "%u LCR writes while receiving",
	       model.lcr_ignored);
	EXPECT(!model.busy_detect, "a busy-detect interrupt left pending");
	EXPECT(model.lcr == 0x03 && (model.dll | model.dlm << 8) == 14,
	       "LCR %#x divisor %u", model.lcr, model.dll | model.dlm << 8);
}

/* current-speed or clock-frequency 0: no divisor can come of it (and a
 * division by zero must not); the UART keeps its rate. */
UNIT_TEST(a_zero_rate_in_the_tree_keeps_the_uarts_divisor)
{
	static const char *const nodes[] = { "/uart@7000", "/uart@8000" };

	for (unsigned int i = 0; i < 2; i++) {
		uintptr_t base = i ? 0x8000 : 0x7000;
		int node = fresh(nodes[i], UART_16550A, base, 0, MODEL_MMIO8);

		model.dll = 12;
		REQUIRE(ns16550_probe(&tree, node) == 0, "%s probed", nodes[i]);
		EXPECT(model.dll == 12 && model.dlm == 0,
		       "%s: divisor 12 kept, got %u", nodes[i],
		       model.dll | model.dlm << 8);
		/* A 0 is no rate given, not one no divisor makes. */
		EXPECT(uart_env.log[0] == '\0', "%s: nothing refused: \"%s\"",
		       nodes[i], uart_env.log);
	}
}

/* A current-speed no 16-bit divisor makes from the clock (rounding to
 * 0, needing more than the latches' 16 bits, or 16 x current-speed
 * wrapping in 32 bits) keeps the UART's rate and says why, rather than
 * latching a divisor of 0 or one cut to 16 bits. */
UNIT_TEST(a_rate_no_16_bit_divisor_makes_keeps_the_uarts_divisor)
{
	static const struct {
		const char *path;
		uintptr_t base;
	} cases[] = { { "/uart@a000", 0xa000 }, { "/uart@b000", 0xb000 },
		      { "/uart@c000", 0xc000 } };

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int node = fresh(cases[i].path, UART_16550A, cases[i].base, 0,
				 MODEL_MMIO8);

		model.dll = 12;
		REQUIRE(ns16550_probe(&tree, node) == 0, "%s probed",
			cases[i].path);
		EXPECT(model.dll == 12 && model.dlm == 0,
		       "%s: divisor 12 kept, got %u", cases[i].path,
		       model.dll | model.dlm << 8);
		EXPECT(strstr(uart_env.log, "no divisor of 1..65535"),
		       "%s: a boot-log line says why: \"%s\"", cases[i].path,
		       uart_env.log);
	}
}

/* Halfway between two divisors is rounded up (PC16550D 8.10's nearest). */
UNIT_TEST(a_divisor_halfway_between_two_rounds_up)
{
	int node = fresh("/uart@e000", UART_16550A, 0xe000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.dll == 2 && model.dlm == 0, "divisor 2, got %u",
	       model.dll | model.dlm << 8);
}

/* 0xffff is still a divisor: its high byte goes to DLM. */
UNIT_TEST(the_largest_divisor_is_latched_whole)
{
	int node = fresh("/uart@d000", UART_16550A, 0xd000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.dll == 0xff && model.dlm == 0xff,
	       "divisor 0xffff, got %#x", model.dll | model.dlm << 8);
	EXPECT(uart_env.log[0] == '\0', "nothing refused: \"%s\"",
	       uart_env.log);
}

/* 3686400 / 16 / 115200 = 2, from the first of the `clocks`. */
UNIT_TEST(the_baud_clock_is_the_first_of_the_clocks)
{
	int node = fresh("/uart@9000", UART_16550A, 0x9000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.dll == 2 && model.dlm == 0, "divisor 2, got %u",
	       model.dll | model.dlm << 8);
}

/* A FIFO's worth and the holding register are kept; the rest is lost to
 * the FIFO reset, not written past the buffer. */
UNIT_TEST(at_most_a_fifo_and_a_byte_are_kept_from_before_the_setup)
{
	static const char typed[] = "abcdefghijklmnopqrst";	/* 20 */
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	model.rx = typed;
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	REQUIRE(uart_env.registered->rx_start(uart_env.registered) == 0,
		"rx_start failed");
	EXPECT(uart_env.rx_len == 17 && memcmp(uart_env.rx, typed, 17) == 0,
	       "17 bytes kept, got %zu", uart_env.rx_len);
	EXPECT(model.rx_dropped == 3, "3 lost to the FIFO reset, got %u",
	       model.rx_dropped);
}

/* A COM port has one port per register whatever spacing a console
 * configuration asks for (it is meant for memory-mapped UARTs). */
UNIT_TEST(a_port_io_uart_ignores_a_configured_spacing)
{
	int node = fresh("/isa/serial@1,3f8", UART_16550A, 0x3f8, 0,
			 MODEL_PORT8);
	struct uart_config cfg = { .type = "8250", .base = 0x3f8, .pio = true,
				   .reg_shift = 2, .reg_width = 4 };

	REQUIRE(ns16550_probe_uart(&tree, node, &cfg) == 0, "probe failed");
	expect_text_arrives();
	EXPECT(model.max_fill == 16, "FIFO filled to %u", model.max_fill);
}

/* Typed before the kernel set the UART up: the FIFO reset would lose it;
 * it comes first once receiving starts. */
UNIT_TEST(bytes_received_before_the_setup_are_kept)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	model.rx = "xyz";
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.rx_dropped == 0, "%u received bytes lost to the FIFO reset",
	       model.rx_dropped);
	REQUIRE(uart_env.registered->rx_start(uart_env.registered) == 0,
		"rx_start failed");
	model.rx = "!";
	uart_env.fn(uart_env.arg);
	EXPECT(uart_env.rx_len == 4 && memcmp(uart_env.rx, "xyz!", 4) == 0,
	       "received \"%.*s\"", (int)uart_env.rx_len, uart_env.rx);
}

/* IIR's busy-detect code is DesignWare's: a plain 16550's handler reads
 * LSR and RBR only, not IIR as well (one access more per interrupt, a
 * trap to the hypervisor for a port under one). */
UNIT_TEST(a_plain_16550s_handler_does_not_read_iir)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	REQUIRE(uart_env.registered->rx_start(uart_env.registered) == 0,
		"rx_start failed");
	REQUIRE(uart_env.fn, "no handler attached");
	model.rx = "ab";
	model.iir_reads = 0;
	uart_env.fn(uart_env.arg);
	EXPECT(uart_env.rx_len == 2 && memcmp(uart_env.rx, "ab", 2) == 0,
	       "received \"%.*s\"", (int)uart_env.rx_len, uart_env.rx);
	EXPECT(model.iir_reads == 0, "IIR read %u time(s) by the handler",
	       model.iir_reads);
}

/* With no usable interrupt (the hypervisor keeps it: -E_PERM), rx_start
 * says so, attaches nothing and leaves the interrupt disabled and ungated. */
UNIT_TEST(receiving_without_an_interrupt_fails_and_enables_nothing)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);
	int err;

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	uart_env.irq_err = -E_PERM;
	err = uart_env.registered->rx_start(uart_env.registered);
	EXPECT(err == -E_PERM, "rx_start passes on -E_PERM, got %d", err);
	EXPECT(!uart_env.fn, "a handler attached");
	EXPECT(model.ier == 0 && !(model.mcr & 0x08),
	       "IER %#x MCR %#x: the receive interrupt enabled or gated on",
	       model.ier, model.mcr);
}

UNIT_TEST(the_interrupt_handler_reads_every_byte_and_clears_busy_detect)
{
	int node = fresh("/serial@4000", UART_DW, 0x4000, 2, MODEL_MMIO32);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	REQUIRE(uart_env.registered->rx_start(uart_env.registered) == 0,
		"rx_start failed");
	EXPECT(model.ier == 0x01 && (model.mcr & 0x08),
	       "IER %#x MCR %#x: receive interrupt not enabled or gated",
	       model.ier, model.mcr);
	REQUIRE(uart_env.fn, "no handler attached");
	model.rx = "typed";
	model.busy_detect = true;
	uart_env.fn(uart_env.arg);
	EXPECT(uart_env.rx_len == 5 && memcmp(uart_env.rx, "typed", 5) == 0,
	       "received \"%.*s\"", (int)uart_env.rx_len, uart_env.rx);
	EXPECT(!model.busy_detect, "busy-detect interrupt still pending");
}

UNIT_TEST(a_com_port_on_the_isa_bus_is_driven_with_port_io)
{
	int node = fresh("/isa/serial@1,3f8", UART_16550A, 0x3f8, 0,
			 MODEL_PORT8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	expect_text_arrives();
	EXPECT(model.max_fill == 16, "FIFO filled to %u", model.max_fill);
}

/* What a line that never drained (held by flow control, say) still
 * holds is flushed by the FIFO reset, not sent later at the new rate. */
UNIT_TEST(bytes_a_stuck_line_held_are_flushed_not_sent_at_the_new_rate)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	model.fifo_on = true;
	model_queue("old");
	model.stuck = true;
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	EXPECT(model.txq_len == 0, "%u byte(s) left in the transmit FIFO",
	       model.txq_len);
	model.stuck = false;
	say("new");
	model_drain();
	EXPECT(model.out_len == 3 && memcmp(model.out, "new", 3) == 0,
	       "the line saw \"%.*s\", not \"new\"", (int)model.out_len,
	       model.out);
}

UNIT_TEST(rebinding_lets_queued_bytes_out_before_the_fifo_reset)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);
	struct uart_config cfg = { .type = "8250", .base = 0x1000,
				   .reg_shift = -1, .divider = 1 };

	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	say("queued");
	REQUIRE(model.txq_len > 0, "nothing left queued: the case tests nothing");
	REQUIRE(ns16550_probe_uart(&tree, node, &cfg) == 0, "rebind failed");
	EXPECT(model.dropped == 0, "the FIFO reset dropped %u bytes",
	       model.dropped);
	EXPECT(model.rate_changed_busy == 0,
	       "the divisor changed while a byte was on the line");
	model_drain();
	EXPECT(model.out_len == 6 && memcmp(model.out, "queued", 6) == 0,
	       "the line saw \"%.*s\"", (int)model.out_len, model.out);
}

/* The hypervisor's (or the command line's) divider wins over the tree's
 * rate (1843200 / 16 / 115200 = 1 here). */
UNIT_TEST(a_console_config_divider_is_programmed)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);
	struct uart_config cfg = { .type = "8250", .base = 0x1000,
				   .reg_shift = -1, .divider = 7 };

	REQUIRE(ns16550_probe_uart(&tree, node, &cfg) == 0, "probe failed");
	EXPECT(model.dll == 7 && model.dlm == 0 && model.lcr == 0x03,
	       "divisor 7 and 8N1, got %u, LCR %#x",
	       model.dll | model.dlm << 8, model.lcr);
}

/* A config without a divider takes the tree's rate (divisor 1 here),
 * and the set-up masks the interrupts a previous owner left on. */
UNIT_TEST(a_console_config_without_a_divider_takes_the_trees_rate)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);
	struct uart_config cfg = { .type = "8250", .base = 0x1000,
				   .reg_shift = -1 };

	model.dll = 7;
	model.ier = 0x0f;
	REQUIRE(ns16550_probe_uart(&tree, node, &cfg) == 0, "probe failed");
	EXPECT(model.dll == 1 && model.dlm == 0, "divisor 1, got %u",
	       model.dll | model.dlm << 8);
	EXPECT(model.ier == 0, "IER 0, got %#x", model.ier);
}

UNIT_TEST(a_console_config_overrides_the_tree_spacing_and_width)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 2, MODEL_MMIO32);
	struct uart_config cfg = { .type = "8250", .base = 0x1000,
				   .reg_shift = 2, .reg_width = 4 };

	REQUIRE(ns16550_probe_uart(&tree, node, &cfg) == 0, "probe failed");
	expect_text_arrives();
}

/* is_uart() says whether binding the UART again with a configuration
 * would change nothing: the same UART, access and divider (the tree's
 * 1843200 / 16 / 115200 = 1 here); port I/O takes no spacing, and a
 * shared UART keeps its rate whatever is asked. */
UNIT_TEST(a_console_is_the_uart_of_a_config_that_changes_nothing)
{
	static const struct {
		struct uart_config cfg;
		bool is;
	} mmio[] = {
		{ { "8250", 0x1000, false, -1, 0, 0 }, true },
		{ { "8250", 0x1000, false, 0, 1, 1 }, true },
		{ { "8250", 0x1000, false, -1, 0, 7 }, false },
		{ { "8250", 0x2000, false, -1, 0, 0 }, false },
		{ { "8250", 0x1000, true, -1, 0, 0 }, false },
		{ { "pl011", 0x1000, false, -1, 0, 0 }, false },
		{ { "8250", 0x1000, false, 2, 0, 0 }, false },
		{ { "8250", 0x1000, false, -1, 4, 0 }, false },
	};
	struct uart_config port = { "8250", 0x3f8, true, 2, 4, 0 };
	struct console *con;
	int node;

	for (size_t i = 0; i < sizeof(mmio) / sizeof(mmio[0]); i++) {
		node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);
		REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
		con = uart_env.registered;
		EXPECT(con->is_uart(con, &mmio[i].cfg) == mmio[i].is,
		       "case %zu: expected %d", i, mmio[i].is);
	}
	node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);
	uart_env.shared = true;
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	con = uart_env.registered;
	EXPECT(con->is_uart(con, &mmio[2].cfg), "a shared UART's divider is "
	       "never set, so asking for one changes nothing");
	node = fresh("/isa/serial@1,3f8", UART_16550A, 0x3f8, 0, MODEL_PORT8);
	REQUIRE(ns16550_probe(&tree, node) == 0, "probe failed");
	con = uart_env.registered;
	EXPECT(con->is_uart(con, &port), "port I/O ignores the spacing asked");
}

UNIT_TEST(a_console_config_for_another_uart_does_not_bind)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);
	struct uart_config other = { .type = "8250", .base = 0x2000,
				     .reg_shift = -1 };
	struct uart_config pio = { .type = "8250", .base = 0x1000, .pio = true,
				   .reg_shift = -1 };

	EXPECT(ns16550_probe_uart(&tree, node, &other) == -E_NOENT,
	       "bound another address");
	EXPECT(ns16550_probe_uart(&tree, node, &pio) == -E_NOENT,
	       "bound an MMIO UART as port I/O");
	EXPECT(model.bad_access == 0 && !uart_env.registered, "touched the device");
}

/* console_bind_uart() walks the tree and stops at the first UART whose
 * probe says anything but "not me" (-E_NOENT): a UART it cannot use that
 * comes before the hypervisor's console in the tree must say "not me", or
 * the console the communication region names is never reached. */
UNIT_TEST(a_uart_without_a_cpu_address_is_not_the_configured_console)
{
	int node = fresh("/hidden-bus/uart@f000", UART_16550A, 0x1000, 0,
			 MODEL_MMIO8);
	struct uart_config cfg = { .type = "8250", .base = 0x1000,
				   .reg_shift = -1 };
	int err;

	REQUIRE(node >= 0, "no /hidden-bus/uart@f000 in uarts.dtb");
	err = ns16550_probe_uart(&tree, node, &cfg);
	EXPECT(err == -E_NOENT, "the UART at 0x1000 was asked of the one on a "
	       "disabled bus: %d (%s), expected -E_NOENT so that the search "
	       "goes on", err, kerr_name(err));
	EXPECT(model.bad_access == 0 && !uart_env.registered, "touched a device");
}

UNIT_TEST(spacing_widths_and_ports_it_cannot_drive_are_refused)
{
	static const char *const nodes[] = {
		"/uart@5000",		/* reg-shift 3 */
		"/uart@6000",		/* reg-io-width 2 */
		"/isa/serial@1,2f8",	/* port I/O 4 bytes wide */
		"/isa/serial@1,fffc",	/* ports past 0xffff */
	};

	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		int node = fresh(nodes[i], UART_16550A, 0, 0, MODEL_MMIO8);
		int err;

		REQUIRE(node >= 0, "%s not in the tree", nodes[i]);
		err = ns16550_probe(&tree, node);
		EXPECT(err == -E_NOTSUP, "%s: probe gave %d", nodes[i], err);
		EXPECT(model.bad_access == 0 && !uart_env.registered,
		       "%s: touched the device", nodes[i]);
	}
}

/* A reg-shift or reg-io-width that is not one cell is a malformed tree,
 * not an absent property: refused, not taken as the default. */
UNIT_TEST(a_malformed_spacing_or_width_is_refused)
{
	static const char *const nodes[] = {
		"/uart@10000",	/* reg-shift = <2 0> */
		"/uart@11000",	/* reg-io-width = [04] */
	};

	for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
		int node = fresh(nodes[i], UART_16550A, 0, 0, MODEL_MMIO8);
		int err;

		REQUIRE(node >= 0, "%s not in the tree", nodes[i]);
		err = ns16550_probe(&tree, node);
		EXPECT(err == -E_BADFDT, "%s: -E_BADFDT, got %d (%s)", nodes[i],
		       err, kerr_name(err));
		EXPECT(model.bad_access == 0 && !uart_env.registered,
		       "%s: touched the device", nodes[i]);
	}
}

UNIT_TEST(a_third_uart_is_refused_not_overwritten)
{
	int node = fresh("/uart@1000", UART_16550A, 0x1000, 0, MODEL_MMIO8);

	REQUIRE(ns16550_probe(&tree, node) == 0, "first probe failed");
	REQUIRE(ns16550_probe(&tree, node) == 0, "second probe failed");
	EXPECT(ns16550_probe(&tree, node) == -E_NOMEM, "third accepted");
}

int main(void)
{
	return unit_run_all();
}
