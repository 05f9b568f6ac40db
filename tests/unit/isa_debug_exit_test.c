/* QEMU's isa-debug-exit driver (drivers/power/isa_debug_exit.c) against a
 * port the test writes for it: the status goes to the node's port, and a
 * reg that is no 16-bit I/O port binds nothing (cut to one it would be
 * some other device's port). */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../drivers/power/isa_debug_exit.c"

#include "unit.h"
#include "unit_fdt.h"

/* --- What the driver needs from the rest of the kernel ----------------- */

static const struct power_ops *registered;
static jmp_buf exited;
static int out_writes;
static uint16_t out_port;
static uint8_t out_value;

void power_register(const struct power_ops *ops)
{
	registered = ops;
}

uint32_t port_inl(uint16_t port)
{
	(void)port;
	return 0xffffffffu;
}

/* The write ends QEMU: the test goes on after the exit call. */
void port_outb(uint16_t port, uint8_t value)
{
	out_writes++;
	out_port = port;
	out_value = value;
	longjmp(exited, 1);
}

void arch_halt(void)
{
	abort();	/* the device wrote to is always there */
}

/* --- Helpers ------------------------------------------------------------ */

static struct fdt tree;

/* A fresh driver; the node at `path` of debug-exit.dts. */
static int fresh(const char *path)
{
	unit_fdt_open(&tree, "debug-exit.dtb");
	registered = NULL;
	debug_exit_port = 0;
	out_writes = 0;
	return fdt_path_offset(&tree, path);
}

/* --- Cases --------------------------------------------------------------- */

UNIT_TEST(the_exit_status_is_written_to_the_nodes_port)
{
	int node = fresh("/isa/exit@1,f4");

	REQUIRE(debug_exit_probe(&tree, node) == 0, "bound");
	REQUIRE(registered == &debug_exit_ops, "registered");
	if (!setjmp(exited))
		registered->exit(3);
	EXPECT(out_writes == 1 && out_port == 0xf4 && out_value == 3,
	       "3 written to port 0xf4, got %d writes, %u to 0x%x",
	       out_writes, (unsigned int)out_value, (unsigned int)out_port);
}

UNIT_TEST(a_reg_that_is_no_16_bit_port_binds_nothing)
{
	static const char *const paths[] = { "/isa/exit@0,f4",
					     "/isa/exit@1,100f4" };

	for (unsigned int i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		int node = fresh(paths[i]);
		int err;

		REQUIRE(node >= 0, "%s in the tree", paths[i]);
		err = debug_exit_probe(&tree, node);
		EXPECT(err == -E_NOTSUP && registered == NULL,
		       "%s: -E_NOTSUP and not registered, got %d", paths[i],
		       err);
	}
}

/* isa_reg itself, not only its callers, refuses ISA memory space: it has
 * no CPU address without a `ranges` the binding does not have. */
UNIT_TEST(isa_reg_refuses_a_reg_in_isa_memory_space)
{
	struct isa_reg reg = { ISA_SPACE_IO, 0, 0 };
	int node = fresh("/isa/exit@0,f4");
	int err;

	REQUIRE(node >= 0, "/isa/exit@0,f4 in the tree");
	err = isa_reg(&tree, node, 0, &reg);
	EXPECT(err == -E_NOTSUP, "-E_NOTSUP, got %d (space %d, addr 0x%llx)",
	       err, (int)reg.space, (unsigned long long)reg.addr);
}

/* A parent whose compatible is malformed is reported as such: it may
 * have been meant as the ISA bus, so its children's regs are neither
 * read as ISA addresses nor as CPU addresses. */
UNIT_TEST(a_parent_with_a_malformed_compatible_makes_isa_reg_fail)
{
	struct isa_reg reg = { ISA_SPACE_MEMORY, 0, 0 };
	int node = fresh("/badisa/exit@1,f4");
	int err, want;

	REQUIRE(node >= 0, "/badisa/exit@1,f4 in the tree");
	want = fdt_node_is_compatible(&tree, fdt_parent(&tree, node), "isa");
	REQUIRE(want < 0, "the reader refuses /badisa's compatible, got %d",
		want);
	err = isa_reg(&tree, node, 0, &reg);
	EXPECT(err == want, "the reader's %d (%s), got %d (space %d, addr "
	       "0x%llx)", want, kerr_name(want), err, (int)reg.space,
	       (unsigned long long)reg.addr);
}

int main(void)
{
	return unit_run_all();
}
