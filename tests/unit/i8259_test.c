/* The legacy PIC pair's driver (drivers/irqchip/i8259.c) against ports
 * that log each write: the data sheet's ICW1..ICW4 and OCW1 to each chip,
 * in order, vectors clear of the exceptions', and every line masked; a
 * reg that is no I/O port pair touches no port. */
#include <stdio.h>
#include <stdlib.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../drivers/irqchip/i8259.c"

#include "unit.h"
#include "unit_fdt.h"

/* --- What the driver needs from the rest of the kernel ----------------- */

#define MAX_WRITES 16

static struct { uint16_t port; uint8_t value; } writes[MAX_WRITES];
static unsigned int n_writes;

uint32_t port_inl(uint16_t port)
{
	(void)port;
	return 0xffffffffu;
}

void port_outb(uint16_t port, uint8_t value)
{
	if (n_writes < MAX_WRITES)
		writes[n_writes] = (__typeof__(writes[0])){ port, value };
	n_writes++;
}

/* --- Helpers ------------------------------------------------------------ */

static struct fdt tree;

/* No writes yet; the node at `path` of i8259.dts. */
static int fresh(const char *path)
{
	unit_fdt_open(&tree, "i8259.dtb");
	n_writes = 0;
	return fdt_path_offset(&tree, path);
}

/* --- Cases --------------------------------------------------------------- */

UNIT_TEST(both_chips_are_initialised_to_vectors_0x20_and_0x28_and_masked)
{
	static const struct { uint16_t port; uint8_t value; } want[] = {
		{ 0x20, 0x11 }, { 0x21, 0x20 }, { 0x21, 0x04 }, { 0x21, 0x01 },
		{ 0x21, 0xff },
		{ 0xa0, 0x11 }, { 0xa1, 0x28 }, { 0xa1, 0x02 }, { 0xa1, 0x01 },
		{ 0xa1, 0xff },
	};
	const unsigned int n = sizeof(want) / sizeof(want[0]);
	int node = fresh("/isa/pic@1,20");

	REQUIRE(i8259_probe(&tree, node) == 0, "bound");
	EXPECT(n_writes == n, "%u writes, got %u", n, n_writes);
	for (unsigned int i = 0; i < n && i < n_writes; i++)
		EXPECT(writes[i].port == want[i].port &&
		       writes[i].value == want[i].value,
		       "write %u: 0x%02x to port 0x%x, got 0x%02x to 0x%x", i,
		       (unsigned int)want[i].value, (unsigned int)want[i].port,
		       (unsigned int)writes[i].value,
		       (unsigned int)writes[i].port);
}

UNIT_TEST(a_slave_at_port_0xfffe_is_taken)
{
	int node = fresh("/isa/pic@1,23");

	REQUIRE(i8259_probe(&tree, node) == 0, "bound");
	EXPECT(n_writes == 10 && writes[5].port == 0xfffe,
	       "10 writes, the 6th to 0xfffe, got %u, to 0x%x", n_writes,
	       (unsigned int)writes[5].port);
}

UNIT_TEST(a_reg_that_is_no_io_port_pair_touches_no_port)
{
	static const struct { const char *path; int err; } cases[] = {
		{ "/isa/pic@1,21", -E_NOENT },
		{ "/isa/pic@1,22", -E_NOTSUP },
		{ "/isa/pic@1,10020", -E_NOTSUP },
		{ "/isa/pic@1,ffff", -E_NOTSUP },
		{ "/pic@20", -E_NOTSUP },
	};

	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int node = fresh(cases[i].path);
		int err;

		REQUIRE(node >= 0, "%s in the tree", cases[i].path);
		err = i8259_probe(&tree, node);
		EXPECT(err == cases[i].err && n_writes == 0,
		       "%s: %d and no write, got %d and %u writes",
		       cases[i].path, cases[i].err, err, n_writes);
	}
}

int main(void)
{
	return unit_run_all();
}
