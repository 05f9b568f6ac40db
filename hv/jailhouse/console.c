/* The cell's console as Jailhouse describes it: the UART in the
 * communication region, the con-* command-line options Jailhouse's own
 * demos understand (which win over the region), and the debug-console
 * hypercall, used only when the hypervisor permits it. */
#include "bootlog.h"
#include "cmdline.h"
#include "console.h"
#include "fdt.h"
#include "io.h"
#include "jailhouse.h"
#include "kerr.h"
#include "kstring.h"

static const char *con_type;
static uint64_t con_base, con_divider, con_clock_reg, con_gate_nr;
static bool con_base_given, con_divider_given;
static bool con_clock_reg_given, con_gate_nr_given;
static bool con_is_mmio, con_is_mmio_given;
static bool con_regdist_1, con_regdist_1_given;
static bool con_virtual, con_virtual_given;
CMDLINE_STR(con_type, "con-type", 8, "console UART type: 8250 or PL011");
CMDLINE_U64_GIVEN(con_base, con_base_given, "con-base", 0, UINT64_MAX,
		  "console UART address (MMIO) or I/O port");
#define JH_CON_DIVIDER_MAX 0xffffu
CMDLINE_U64_GIVEN(con_divider, con_divider_given, "con-divider", 0,
		  JH_CON_DIVIDER_MAX, "console baud divider, 0 keeps the rate");
CMDLINE_U64_GIVEN(con_clock_reg, con_clock_reg_given, "con-clock-reg", 0,
		  UINT64_MAX, "console UART clock-gate register");
CMDLINE_U64_GIVEN(con_gate_nr, con_gate_nr_given, "con-gate-nr", 0, 31,
		  "console UART clock-gate bit in con-clock-reg");
CMDLINE_FLAG_GIVEN(con_is_mmio, con_is_mmio_given, "con-is-mmio",
		   "console UART is memory-mapped (not port I/O)");
CMDLINE_FLAG_GIVEN(con_regdist_1, con_regdist_1_given, "con-regdist-1",
		   "console UART registers 1 byte apart (else 4)");
CMDLINE_FLAG_GIVEN(con_virtual, con_virtual_given, "con-virtual",
		   "print through the hypervisor's debug console");

/* The hypercall takes one character at a time. */
static void virtual_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	while (n--)
		jh_debug_putc(*s++);
}

static struct console virtual_console = {
	.name = "jailhouse-debug",
	.write = virtual_write,
};

static const char *jh_uart_type(uint16_t type)
{
	switch (type) {
	case JH_CON_TYPE_8250: return "8250";
	case JH_CON_TYPE_PL011: return "pl011";
	default: return NULL;
	}
}

/* The command line's names are Jailhouse's ("8250", "PL011"). */
static const char *cmdline_uart_type(const char *name)
{
	if (!strcmp(name, "8250"))
		return "8250";
	if (!strcmp(name, "PL011") || !strcmp(name, "pl011"))
		return "pl011";
	return NULL;
}

/* Whether the debug-console hypercall is to be the console. Jailhouse
 * answers it only for a cell whose config permits it, and mirrors that
 * (and ACTIVE, separately) in the region's flags: PERMITTED decides. */
static bool jh_virtual_console(uint32_t flags)
{
	bool permitted = flags & JH_FLAG_DBG_PUTC_PERMITTED;
	bool active = con_virtual_given
			      ? con_virtual
			      : (flags & JH_FLAG_DBG_PUTC_ACTIVE) != 0;

	if (active && !permitted) {
		bootlog("jailhouse: the debug console is not permitted for "
			"this cell; ignoring %s",
			con_virtual_given ? "con-virtual" : "its active flag");
		return false;
	}
	return active;
}

/* True when [addr, addr + 4) is a register of an enabled clock provider
 * of the device tree (a node with #clock-cells): a gate "register" in
 * another device would have us set bits in that device. */
static bool jh_clock_controller_reg(const struct fdt *fdt, uint64_t addr)
{
	uint64_t base, size;
	int node = 0, depth = 0;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (!fdt_node_is_enabled(fdt, node) ||
		    fdt_getprop(fdt, node, "#clock-cells", NULL, NULL) < 0)
			continue;
		for (unsigned int i = 0; fdt_reg(fdt, node, i, &base, &size) == 0;
		     i++)
			if (addr >= base && size >= 4 && addr - base <= size - 4)
				return true;
	}
	return false;
}

/* False when the tree gives the UART at `addr` a gate (its
 * cellmate,clock-gate = <register bit>) and it is not `reg`'s `bit`. */
static bool jh_gate_matches_tree(const struct fdt *fdt, uint64_t addr,
				 uint64_t reg, uint32_t bit)
{
	int node = 0, depth = 0;
	uint64_t base, size, tree_reg, tree_bit;
	uint32_t len;

	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		if (fdt_getprop(fdt, node, "cellmate,clock-gate", NULL,
				&len) < 0 ||
		    fdt_reg(fdt, node, 0, &base, &size) < 0 || base != addr)
			continue;
		return len == 8 &&
		       fdt_prop_cells(fdt, node, "cellmate,clock-gate", 0, 1,
				      &tree_reg) == 0 &&
		       fdt_prop_cells(fdt, node, "cellmate,clock-gate", 1, 1,
				      &tree_bit) == 0 &&
		       tree_reg == reg && tree_bit == bit;
	}
	return true;
}

/* A gate opened for a UART that then did not bind: what to put back. Only
 * the gate's bit: the register is the clock controller's, whose other
 * gates the root cell may change meanwhile. */
struct jh_gate {
	uintptr_t reg;		/* 0: nothing changed */
	uint32_t bit;		/* the gate's bit */
	uint32_t old;		/* its value before, the others 0 */
};

/* Some SoCs gate the UART's clock (Allwinner's CCU): the region names the
 * gate register and bit, which must be the clock controller's, and the
 * UART's own where the tree says which that is. Setting the bit opens the
 * gate, or clearing it with JH_CON_FLAG_INVERTED_GATE (Jailhouse's
 * include/jailhouse/console.h). `c` is the snapshot. */
static void jh_console_clock(const struct fdt *fdt, const struct jh_console *c,
			     struct jh_gate *undo)
{
	bool inverted = c->flags & JH_CON_FLAG_INVERTED_GATE;
	uintptr_t reg = (uintptr_t)c->clock_reg;
	uint32_t bit, v;

	if (!c->clock_reg)
		return;
	if (c->gate_nr > 31 || c->clock_reg % 4) {
		bootlog("jailhouse: console clock gate %u at 0x%llx rejected: "
			"not a bit of an aligned 32-bit register; ignored",
			(unsigned int)c->gate_nr,
			(unsigned long long)c->clock_reg);
		return;
	}
	if (!jh_clock_controller_reg(fdt, c->clock_reg)) {
		bootlog("jailhouse: console clock gate %u at 0x%llx rejected: "
			"not a register of a clock controller of the device tree "
			"(a node with #clock-cells); ignored",
			(unsigned int)c->gate_nr, (unsigned long long)c->clock_reg);
		return;
	}
	if (!jh_gate_matches_tree(fdt, c->address, c->clock_reg, c->gate_nr)) {
		bootlog("jailhouse: console clock gate %u at 0x%llx rejected: "
			"the device tree gives the UART at 0x%llx another "
			"(cellmate,clock-gate); ignored",
			(unsigned int)c->gate_nr, (unsigned long long)c->clock_reg,
			(unsigned long long)c->address);
		return;
	}
	bit = 1u << c->gate_nr;
	v = mmio_read32(reg);
	mmio_write32(reg, inverted ? v & ~bit : v | bit);
	undo->reg = reg;
	undo->bit = bit;
	undo->old = v & bit;
	bootlog("jailhouse: console clock gate: bit %u of 0x%llx %s",
		(unsigned int)c->gate_nr, (unsigned long long)c->clock_reg,
		inverted ? "cleared (inverted gate)" : "set");
}

/* The UARTs' divisor latches hold 16 bits (16550 DLL/DLM, PL011 IBRD):
 * a larger divider would be cut or overflow, so it is refused like the
 * command line's con-divider above 0xffff. */
static uint32_t jh_console_divider(uint32_t divider)
{
	if (divider <= JH_CON_DIVIDER_MAX)
		return divider;
	bootlog("jailhouse: console divider 0x%x rejected: not 0..0x%x; "
		"keeping the rate the root cell set", (unsigned int)divider,
		JH_CON_DIVIDER_MAX);
	return 0;
}

/* A TI UART stays off until its MDR1 register selects UART mode, which
 * Jailhouse's inmates write when the region says so. Our 8250 driver
 * binds plain 16550s only and does not: such a console is refused, loudly,
 * rather than programmed and left silent. */
static bool jh_console_usable(const struct jh_console *c)
{
	if (!(c->flags & JH_CON_FLAG_MDR_QUIRK))
		return true;
	bootlog("jailhouse: console at 0x%llx rejected: it needs the MDR "
		"quirk (a TI UART enabled through MDR1), which this kernel does "
		"not implement; ignored",
		(unsigned long long)c->address);
	return false;
}

/* Jailhouse's 8250 driver accesses registers 1 byte apart 8 bits wide and
 * those 4 bytes apart 32 bits wide, and the cell config lets through
 * those widths only: the spacing decides the width too. */
static void jh_console_spacing(struct uart_config *cfg, bool regdist_4)
{
	cfg->reg_shift = regdist_4 ? 2 : 0;
	cfg->reg_width = regdist_4 ? 4 : 1;
}

/* Where the UART settings came from, for the boot log; `type_taken`:
 * the command line's con-type was valid and taken. */
static const char *jh_console_source(bool from_region, bool type_taken)
{
	bool from_cmdline = type_taken || con_base_given ||
			    con_divider_given || con_is_mmio_given ||
			    con_regdist_1_given || con_clock_reg_given ||
			    con_gate_nr_given;

	if (!from_cmdline)
		return "the communication region";
	return from_region ? "the communication region and the command line"
			   : "the command line";
}

int jh_console_bind(const struct fdt *fdt)
{
	struct jh_console c;
	struct uart_config cfg = { .reg_shift = -1 };
	struct jh_gate gate = { 0 };
	struct console *early;
	const char *why = NULL, *cmd_type;
	uint32_t flags;
	bool virt, from_region;
	int err;

	if (!jh_comm)
		return -E_NOENT;	/* hv_report() stops the kernel */
	/* One snapshot of the flags and the console: the checks and the
	 * use see the same values. */
	jh_snapshot(&flags, &jh_comm->flags, sizeof(flags));
	jh_snapshot(&c, &jh_comm->console, sizeof(c));
	virt = jh_virtual_console(flags);

	from_region = c.type != JH_CON_TYPE_NONE && jh_console_usable(&c);
	/* Without con-is-mmio the access is the region's flag, whether its
	 * UART is taken or not, as Jailhouse's inmates have it: a region
	 * without a console (flags 0) says port I/O, where there is any. */
#ifdef ARCH_HAS_PORT_IO
	cfg.pio = !(c.flags & JH_CON_FLAG_MMIO);
#endif
	if (from_region) {
		cfg.type = jh_uart_type(c.type);
		cfg.base = c.address;
		cfg.pio = !(c.flags & JH_CON_FLAG_MMIO);
		jh_console_spacing(&cfg, c.flags & JH_CON_FLAG_REGDIST_4);
		cfg.divider = jh_console_divider(c.divider);
		if (!cfg.type)
			bootlog("jailhouse: console type %u rejected: not one "
				"this kernel drives (8250, PL011); its clock "
				"gate left alone", c.type);
	}
	/* A malformed con-type leaves the default: the region's type. */
	cmd_type = con_type ? cmdline_uart_type(con_type) : NULL;
	if (cmd_type)
		cfg.type = cmd_type;
	else if (con_type)
		bootlog("warning: cmdline: con-type '%s' is not 8250 or "
			"PL011; ignored", con_type);
	if (con_base_given)
		cfg.base = con_base;
	if (con_divider_given)
		cfg.divider = (uint32_t)con_divider;
	if (con_is_mmio_given)
		cfg.pio = !con_is_mmio;
	if (con_regdist_1_given)
		jh_console_spacing(&cfg, !con_regdist_1);
	if (!cfg.type && !virt)
		return -E_NOENT;
	/* The region's gate is its UART's: opened only when that UART, not
	 * one the command line put in its place, is about to be bound. The
	 * command line's con-clock-reg / con-gate-nr are for the UART it
	 * binds, whichever that is (with the region's register or bit for
	 * the one not given). */
	if (cfg.type && (con_clock_reg_given || con_gate_nr_given)) {
		struct jh_console g = c;

		g.address = cfg.base;
		if (con_clock_reg_given)
			g.clock_reg = con_clock_reg;
		if (con_gate_nr_given)
			g.gate_nr = (uint32_t)con_gate_nr;
		jh_console_clock(fdt, &g, &gate);
	} else if (from_region && cfg.type && jh_uart_type(c.type) &&
		   !strcmp(cfg.type, jh_uart_type(c.type)) &&
		   cfg.base == c.address &&
		   cfg.pio == !(c.flags & JH_CON_FLAG_MMIO)) {
		jh_console_clock(fdt, &c, &gate);
	} else if (from_region && c.clock_reg && cfg.type) {
		bootlog("jailhouse: console clock gate %u at 0x%llx left alone: "
			"the command line replaced the region's UART",
			(unsigned int)c.gate_nr,
			(unsigned long long)c.clock_reg);
	}

	/* Replace the early console (the device tree's stdout-path). */
	early = console_get();
	console_clear();
	if (virt)
		console_register(&virtual_console);
	if (!cfg.type)
		return 0;
	/* The device tree's console may be that UART already, set up as cfg
	 * asks: kept, rather than set up again (which would wait for it to
	 * drain and reset its FIFOs, dropping what was being typed). */
	if (early && early->is_uart && early->is_uart(early, &cfg)) {
		console_register(early);
		err = 0;
	} else {
		err = console_bind_uart(fdt, &cfg, &why);
	}
	if (err < 0 && gate.reg) {
		mmio_write32(gate.reg,
			     (mmio_read32(gate.reg) & ~gate.bit) | gate.old);
		bootlog("jailhouse: console clock gate at 0x%llx put back as "
			"it was", (unsigned long long)gate.reg);
	}
	if (err < 0) {
		bootlog("jailhouse: console %s at %s 0x%llx rejected: %s; %s",
			cfg.type, cfg.pio ? "port" : "address",
			(unsigned long long)cfg.base, why,
			virt ? "printing through the hypervisor's debug "
			       "console only"
			     : "using the device tree's");
		if (!virt && early)
			console_register(early);
		return virt || early ? 0 : -E_NOENT;
	}
	bootlog("jailhouse: console %s at %s 0x%llx, from %s", cfg.type,
		cfg.pio ? "port" : "address", (unsigned long long)cfg.base,
		jh_console_source(from_region, cmd_type != NULL));
	return 0;
}
