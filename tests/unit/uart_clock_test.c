/* Host tests of uart_clock_baud(): the input clock from the node or from
 * the fixed clock its `clocks` names, the wanted rate, and every way the
 * tree can leave either out or get it wrong. A UART driver keeps the
 * boot loader's rate on any error, so an error must never come with
 * values that look usable, and a success never with a zero. */
#include <stdio.h>
#include <stdlib.h>

#include "kerr.h"
#include "uart_clock.h"
#include "unit.h"

static struct fdt tree;

/* uart_clock_baud() on /`name`; *clk and *baud start as a poison value
 * so that a success that leaves one unset shows. */
static int baud_of(const char *name, uint32_t *clk, uint32_t *baud)
{
	char path[64];
	int node;

	if (!tree.blob) {
		size_t n = 0;
		void *blob = unit_file_read(FDT_TEST_DIR, "uart-clocks.dtb", &n);

		if (!blob || fdt_open(&tree, blob, n) < 0) {
			fprintf(stderr, "uart-clocks.dtb does not open\n");
			exit(1);
		}
	}
	snprintf(path, sizeof(path), "/%s", name);
	node = fdt_path_offset(&tree, path);
	if (node < 0) {
		fprintf(stderr, "uart-clocks.dtb has no %s\n", path);
		exit(1);
	}
	*clk = *baud = 0xdeadbeef;
	return uart_clock_baud(&tree, node, clk, baud);
}

UNIT_TEST(the_nodes_own_clock_and_speed)
{
	uint32_t clk, baud;

	EXPECT(baud_of("own-clock", &clk, &baud) == 0, "own clock");
	EXPECT(clk == 1843200 && baud == 115200, "clk %u baud %u", clk, baud);
}

UNIT_TEST(the_first_clock_of_clocks_is_the_baud_clock)
{
	uint32_t clk, baud;

	EXPECT(baud_of("first-of-two", &clk, &baud) == 0, "clocks");
	EXPECT(clk == 24000000 && baud == 9600, "clk %u baud %u", clk, baud);
}

UNIT_TEST(an_own_clock_frequency_wins_over_clocks)
{
	uint32_t clk, baud;

	EXPECT(baud_of("own-before-clocks", &clk, &baud) == 0, "both");
	EXPECT(clk == 1843200, "clk %u: the node's own", clk);
}

/* Not given: -E_NOENT, the documented "keep the current rate". */
UNIT_TEST(a_missing_speed_or_clock_is_enoent)
{
	uint32_t clk, baud;
	int err;

	err = baud_of("no-speed", &clk, &baud);
	EXPECT(err == -E_NOENT, "no current-speed: %s", kerr_name(err));
	err = baud_of("no-clock", &clk, &baud);
	EXPECT(err == -E_NOENT, "neither clock-frequency nor clocks: %s",
	       kerr_name(err));
	err = baud_of("clocks-to-unrated", &clk, &baud);
	EXPECT(err == -E_NOENT, "a clock without a frequency: %s",
	       kerr_name(err));
}

/* A rate nothing can divide by is refused, not passed on. */
UNIT_TEST(a_zero_speed_or_clock_is_einval)
{
	uint32_t clk, baud;
	int err;

	err = baud_of("zero-speed", &clk, &baud);
	EXPECT(err == -E_INVAL, "current-speed 0: %s", kerr_name(err));
	err = baud_of("zero-clock", &clk, &baud);
	EXPECT(err == -E_INVAL, "clock-frequency 0: %s", kerr_name(err));
	err = baud_of("clocks-to-stopped", &clk, &baud);
	EXPECT(err == -E_INVAL, "a 0 Hz fixed clock: %s", kerr_name(err));
}

UNIT_TEST(malformed_rates_and_clock_references_are_errors)
{
	uint32_t clk, baud;
	int err;

	err = baud_of("short-speed", &clk, &baud);
	EXPECT(err == -E_BADFDT, "a 2-byte current-speed: %s", kerr_name(err));
	err = baud_of("dangling-clocks", &clk, &baud);
	EXPECT(err == -E_NOENT, "clocks names no node: %s", kerr_name(err));
	err = baud_of("empty-clocks", &clk, &baud);
	EXPECT(err == -E_NOENT, "an empty clocks: %s", kerr_name(err));
}

int main(void)
{
	return unit_run_all();
}
