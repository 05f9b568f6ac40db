/* Fuzz harness of what the Jailhouse backend takes from outside: the
 * communication region (cell.c: signature and revision, cell state,
 * messages; platform_x86.c / platform_arm.c: the platform information;
 * console.c: flags and console) and the command line's hv-* and con-*
 * options, against the cell device trees of three boards.
 *
 * Input: byte 0 picks the board (bits 0-1: x86_64-cell, bananapi-cell,
 * qemu-arm-cell) and modes (bit 2: log every access to the region,
 * bit 3: lock the cell, bit 4: no early console); bytes 1-2 the length of
 * the command line that follows; then the region's first 128 bytes (the
 * rest of its page stays zero); then up to 4 messages (32-bit words).
 *
 * Checked, for every input:
 * - a region is used iff it says JHCOMM revision 2; a refused one gets
 *   FAILED_COMM_REV in its state word and nothing else, sets no
 *   platform fact and binds no console;
 * - each platform fact set is the region's value and in its documented
 *   range (inside the device tree's window where one applies); each field
 *   not taken is named in a boot-log line;
 * - the console bound is a UART of the device tree with a 16-bit divider
 *   and a spacing/width pair Jailhouse defines; a clock gate is written
 *   only inside a clock controller of the tree, one bit of an aligned
 *   register; the debug console only when permitted; the early console is
 *   never lost;
 * - each message gets its documented reply, msg_to_cell cleared first;
 * - with access logging, no byte of the region is read twice while one
 *   decision is made (a value checked and then read again);
 * - every boot-log and console line is printable.
 *
 * cell.c and console.c are included, not linked, so that their once-only
 * state can be reset for each input.
 *
 * libFuzzer:  tests/fuzz/run jh_comm [seconds]
 * unit test:  fuzz_jh_comm_smoke (tests/unit/tests.cmake) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "../../drivers/bus/isa.h"
#include "input_fuzz.h"
#include "watched_page.h"

#define CELLMATE_JH_COMM_BASE ((uintptr_t)watched_page())
/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../hv/jailhouse/cell.c"
/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../hv/jailhouse/console.c"

/* Both platform parts define jh_platform_apply: renamed here, and the
 * harness's own picks one per board. */
#define jh_platform_apply jh_platform_apply_x86
/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../hv/jailhouse/platform_x86.c"
#undef jh_platform_apply
#define jh_platform_apply jh_platform_apply_arm
/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../hv/jailhouse/platform_arm.c"
#undef jh_platform_apply

#ifndef FUZZ_DTB_DIR
#error "FUZZ_DTB_DIR: where the board trees (dts-x86_64-cell.dtb, ...) are"
#endif

#define REGION_BYTES 128
#define MAX_MESSAGES 4

enum board { BOARD_X86, BOARD_BANANAPI, BOARD_QEMU_ARM, NBOARDS };
#define MODE_WATCH 0x04
#define MODE_LOCKED 0x08
#define MODE_NO_EARLY 0x10

static const char *const board_dtbs[NBOARDS] = {
	"dts-x86_64-cell.dtb", "dts-bananapi-cell.dtb", "dts-qemu-arm-cell.dtb",
};
static struct fdt trees[NBOARDS];
static enum board board;
static const struct fdt *tree;

/* --- the boot log and the console's lines ----------------------------- */

#define MAX_LINES 64
static char lines[MAX_LINES][256];
static int nlines;

static void log_line(const char *fmt, va_list ap)
{
	char *l;

	FUZZ_CHECK(nlines < MAX_LINES, "fewer than %d lines", MAX_LINES);
	l = lines[nlines++];
	vsnprintf(l, sizeof(lines[0]), fmt, ap);
	for (const char *c = l; *c; c++)
		FUZZ_CHECK((*c >= ' ' && *c <= '~') || (*c == '\n' && !c[1]),
			   "printable lines, got 0x%02x in \"%s\"",
			   (unsigned char)*c, l);
}

static bool logged(const char *what)
{
	for (int i = 0; i < nlines; i++)
		if (strstr(lines[i], what))
			return true;
	return false;
}

void bootlog(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_line(fmt, ap);
	va_end(ap);
	return 0;
}

/* --- platform facts --------------------------------------------------- */

#define MAX_FACTS 8
static struct { const char *name; uint64_t value; } facts[MAX_FACTS];
static int nfacts;

int platform_set(const char *name, uint64_t value)
{
	for (int i = 0; i < nfacts; i++)
		FUZZ_CHECK(strcmp(facts[i].name, name), "'%s' set once", name);
	FUZZ_CHECK(nfacts < MAX_FACTS, "at most %d facts", MAX_FACTS);
	facts[nfacts].name = name;
	facts[nfacts++].value = value;
	return 0;
}

static bool fact(const char *name, uint64_t *value)
{
	for (int i = 0; i < nfacts; i++)
		if (!strcmp(facts[i].name, name)) {
			*value = facts[i].value;
			return true;
		}
	return false;
}

/* --- the kernel around the backend ------------------------------------ */

static jmp_buf cell_thread_out;
static unsigned int sem_pending;
static bool exited;

void sem_init(struct sem *s, unsigned int initial, unsigned int max)
{
	(void)s;
	(void)initial;
	(void)max;
}

int sem_give_from_isr(struct sem *s)
{
	(void)s;
	sem_pending = 1;
	return 0;
}

/* The cell thread waits here: one pass per message, then back to the
 * harness. */
int sem_take(struct sem *s, uint64_t timeout)
{
	(void)s;
	(void)timeout;
	if (!sem_pending)
		longjmp(cell_thread_out, 1);
	sem_pending = 0;
	return 0;
}

int thread_create(struct thread *t, const char *name, unsigned int prio,
		  void (*entry)(void *arg), void *arg, void *stack,
		  size_t stack_size, unsigned int flags)
{
	(void)t, (void)name, (void)entry, (void)arg, (void)stack;
	(void)stack_size, (void)flags;
	FUZZ_CHECK(prio >= 1 && prio <= THREAD_PRIO_MAX,
		   "the cell thread's priority in 1..%d, got %u",
		   THREAD_PRIO_MAX, prio);
	return 0;
}

void swtimer_init(struct swtimer *t, swtimer_fn fn, void *arg)
{
	(void)t, (void)fn, (void)arg;
}

int swtimer_start(struct swtimer *t, uint64_t delay, uint64_t period)
{
	(void)t;
	FUZZ_CHECK(period && delay == period && period <= MS(10000),
		   "a message poll every 1..10000 ms, got %llu ns",
		   (unsigned long long)period);
	return 0;
}

void kernel_exit(int status)
{
	FUZZ_CHECK(status == EXIT_OK, "an approved shutdown exits with 0");
	exited = true;
	longjmp(cell_thread_out, 1);
}

void kernel_fail(void)
{
	FUZZ_CHECK(0, "hv_report() is not called here");
	abort();
}

bool jh_platform_apply(const struct jh_comm_region *comm,
		       const struct fdt *fdt)
{
	return board == BOARD_X86 ? jh_platform_apply_x86(comm, fdt)
				  : jh_platform_apply_arm(comm, fdt);
}

/* --- consoles and UARTs ----------------------------------------------- */

void jh_debug_putc(char c)
{
	(void)c;
}


static struct console *consoles[CONSOLE_MAX];
static int nconsoles;
static struct console early_console = { .name = "early" };
static int bind_calls;
static bool bind_ok;		/* the last bind found its UART */
static struct uart_config bound;

void console_register(struct console *con)
{
	FUZZ_CHECK(nconsoles < CONSOLE_MAX, "at most %d consoles", CONSOLE_MAX);
	consoles[nconsoles++] = con;
}

void console_clear(void)
{
	nconsoles = 0;
}

struct console *console_get(void)
{
	return nconsoles ? consoles[0] : NULL;
}

static const char *uart_type_of(const struct fdt *fdt, int node)
{
	static const char *const n8250[] = { "ns16550a", "ns16550", "ns8250",
					     "snps,dw-apb-uart" };

	for (size_t i = 0; i < sizeof(n8250) / sizeof(n8250[0]); i++)
		if (fdt_node_is_compatible(fdt, node, n8250[i]) > 0)
			return "8250";
	return fdt_node_is_compatible(fdt, node, "arm,pl011") > 0 ? "pl011"
								 : NULL;
}

/* The drivers' rule: a UART of the tree, by type, address and space. */
int console_bind_uart(const struct fdt *fdt, const struct uart_config *cfg,
		      const char **why)
{
	int node = 0, depth = 0;

	bind_calls++;
	bound = *cfg;
	bind_ok = false;
	FUZZ_CHECK(cfg->type && (!strcmp(cfg->type, "8250") ||
				 !strcmp(cfg->type, "pl011")),
		   "a UART type the drivers know");
	FUZZ_CHECK(cfg->divider <= 0xffff, "a 16-bit divider, got 0x%x",
		   (unsigned int)cfg->divider);
	FUZZ_CHECK((cfg->reg_shift == -1 && cfg->reg_width == 0) ||
		   (cfg->reg_shift == 0 && cfg->reg_width == 1) ||
		   (cfg->reg_shift == 2 && cfg->reg_width == 4),
		   "the device tree's spacing, or 1 byte 8-bit, or 4 bytes "
		   "32-bit; got shift %d width %u", cfg->reg_shift,
		   cfg->reg_width);
	*why = "no such UART";
	while ((node = fdt_next_node(fdt, node, &depth)) >= 0) {
		const char *type = uart_type_of(fdt, node);
		struct isa_reg r;

		if (type && fdt_node_is_enabled(fdt, node) &&
		    !strcmp(type, cfg->type) && isa_reg(fdt, node, 0, &r) == 0 &&
		    r.addr == cfg->base && (r.space == ISA_SPACE_IO) == cfg->pio) {
			static struct console uart_console = { .name = "uart" };

			console_register(&uart_console);
			bind_ok = true;
			return 0;
		}
	}
	return -E_NOENT;
}

/* --- device registers: the clock gate --------------------------------- */

static struct { uintptr_t addr; uint32_t value; bool write; } io_log[4];
static int nio;

static uint32_t reg_value(uintptr_t addr)
{
	return 0x5a5a5a5au ^ (uint32_t)addr;
}

uint32_t host_mmio_read32(uintptr_t addr)
{
	FUZZ_CHECK(nio < 4, "a few register accesses");
	io_log[nio].addr = addr;
	io_log[nio].value = reg_value(addr);
	io_log[nio++].write = false;
	return reg_value(addr);
}

void host_mmio_write32(uintptr_t addr, uint32_t value)
{
	FUZZ_CHECK(nio < 4, "a few register accesses");
	io_log[nio].addr = addr;
	io_log[nio].value = value;
	io_log[nio++].write = true;
}

/* --- the tree's windows ----------------------------------------------- */

/* [base, base + size) inside [wbase, wbase + wsize), without a sum that
 * could wrap. */
static bool inside(uint64_t base, uint64_t size, uint64_t wbase, uint64_t wsize)
{
	return base >= wbase && size <= wsize && base - wbase <= wsize - size;
}

static bool pm_timer_window(uint16_t port)
{
	int node = -1;
	struct isa_reg r;

	while ((node = fdt_node_by_compatible(tree, node,
					      "cellmate,acpi-pm-timer")) >= 0)
		for (unsigned int i = 0; fdt_node_is_enabled(tree, node) &&
					 isa_reg(tree, node, i, &r) == 0; i++)
			if (r.space == ISA_SPACE_IO && inside(port, 4, r.addr, r.size))
				return true;
	return false;
}

static bool gic_window(unsigned int index, uint64_t base, uint64_t size)
{
	uint32_t phandle;
	uint64_t wbase, wsize;
	int gic;

	if (fdt_prop_u32(tree, 0, "interrupt-parent", &phandle) < 0)
		return false;
	gic = fdt_node_by_phandle(tree, phandle);
	return gic >= 0 && fdt_reg(tree, gic, index, &wbase, &wsize) == 0 &&
	       inside(base, size, wbase, wsize);
}

static bool clock_controller_reg(uint64_t addr)
{
	int node = 0, depth = 0;
	uint64_t base, size;

	while ((node = fdt_next_node(tree, node, &depth)) >= 0)
		if (fdt_node_is_enabled(tree, node) &&
		    fdt_getprop(tree, node, "#clock-cells", NULL, NULL) >= 0)
			for (unsigned int i = 0;
			     fdt_reg(tree, node, i, &base, &size) == 0; i++)
				if (inside(addr, 4, base, size))
					return true;
	return false;
}

/* Whether the tree lets gate `bit` of `reg` be the UART at `addr`'s: it
 * names no gate for that UART, or that one (cellmate,clock-gate). */
static bool tree_allows_gate(uint64_t addr, uint64_t reg, uint32_t bit)
{
	int node = 0, depth = 0;
	uint64_t base, size, r, b;
	const void *val;
	uint32_t len;

	while ((node = fdt_next_node(tree, node, &depth)) >= 0) {
		if (fdt_getprop(tree, node, "cellmate,clock-gate", &val,
				&len) < 0 ||
		    fdt_reg(tree, node, 0, &base, &size) != 0 || base != addr)
			continue;
		if (len != 8)
			return false;
		r = fdt_cells_read(val, 1);
		b = fdt_cells_read((const uint8_t *)val + 4, 1);
		return r == reg && b == bit;
	}
	return true;
}

/* --- the checks ------------------------------------------------------- */

static struct jh_comm_region before;	/* the page as the hypervisor wrote it */

static void check_read_once(const char *decision)
{
	const struct watched_access *log;
	size_t n = watched_page_log(&log);

	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(log[i].write || watched_page_reads(log[i].off) == 1,
			   "%s reads the region's byte %u once, read %u times",
			   decision, log[i].off, watched_page_reads(log[i].off));
}

static bool khz_ok(uint32_t khz)
{
	return khz >= 1000 && khz <= 10000000;
}

static void check_khz(const char *name, const char *what, uint32_t khz,
		      bool optional)
{
	uint64_t v;
	bool taken = fact(name, &v);

	if (optional && khz == 0) {
		FUZZ_CHECK(!taken, "no %s for 0 kHz", name);
		return;
	}
	FUZZ_CHECK(taken == khz_ok(khz), "%s %u kHz taken %d", what,
		   (unsigned int)khz, taken);
	FUZZ_CHECK(!taken || v == khz * 1000ull, "%s %u kHz is %llu Hz", name,
		   (unsigned int)khz, (unsigned long long)v);
	FUZZ_CHECK(taken || logged(what), "a line naming the %s", what);
}

static int check_x86(void)
{
	struct jh_platform_x86 p;
	uint64_t v;
	bool pm_ok;

	memcpy(&p, before.platform, sizeof(p));
	pm_ok = p.pm_timer_address && p.pm_timer_address + 4u <= 0x10000u &&
		pm_timer_window(p.pm_timer_address);
	/* A rejected port is recorded as 0: the cell may read no other. */
	FUZZ_CHECK(fact("pm-timer,port", &v), "PM timer port 0x%x recorded",
		   p.pm_timer_address);
	FUZZ_CHECK(v == (pm_ok ? p.pm_timer_address : 0u), "PM timer port "
		   "0x%x taken iff inside the tree's window, else 0",
		   p.pm_timer_address);
	FUZZ_CHECK(pm_ok || logged("PM timer port"), "a line naming the port");
	FUZZ_CHECK(fact("cpu,count", &v) ==
		   (p.num_cpus >= 1 && p.num_cpus <= 255),
		   "CPU count %u taken iff 1..255", p.num_cpus);
	FUZZ_CHECK(!(p.num_cpus >= 1 && p.num_cpus <= 255) || v == p.num_cpus,
		   "the CPU count as given");
	FUZZ_CHECK((p.num_cpus >= 1 && p.num_cpus <= 255) ||
		   logged("CPU count"), "a line naming the CPU count");
	check_khz("tsc,hz", "TSC frequency", p.tsc_khz, false);
	check_khz("apic,hz", "APIC timer frequency", p.apic_khz, true);
	return 1 + (p.num_cpus >= 1 && p.num_cpus <= 255) +
	       khz_ok(p.tsc_khz) + khz_ok(p.apic_khz);
}

static int check_arm(void)
{
	struct jh_platform_arm p;
	uint64_t v;
	bool dist_ok, cpu_ok;

	memcpy(&p, before.platform, sizeof(p));
	if (p.gic_version != 2) {
		FUZZ_CHECK(jh_fatal && logged("GICv"), "a GICv%u stops the "
			   "cell, saying why", p.gic_version);
		return 0;
	}
	dist_ok = gic_window(0, p.gicd_base, 0x1000);
	cpu_ok = gic_window(1, p.gicc_base, 0x2000);
	FUZZ_CHECK(fact("gic,dist-base", &v) == dist_ok && (!dist_ok ||
		   v == p.gicd_base), "GICD 0x%llx taken iff in the tree's "
		   "window", (unsigned long long)p.gicd_base);
	FUZZ_CHECK(fact("gic,cpu-base", &v) == cpu_ok && (!cpu_ok ||
		   v == p.gicc_base), "GICC 0x%llx taken iff in the tree's "
		   "window", (unsigned long long)p.gicc_base);
	FUZZ_CHECK(dist_ok || logged("GIC distributor"), "a line naming GICD");
	FUZZ_CHECK(cpu_ok || logged("GIC CPU interface"), "a line naming GICC");
	return dist_ok + cpu_ok;
}

static void check_platform(void)
{
	uint64_t mmconfig = before.pci_mmconfig_base, v;
	int taken = board == BOARD_X86 ? check_x86() : check_arm();

	if (jh_fatal)
		FUZZ_CHECK(nfacts == 0, "a cell that cannot run sets no fact");
	else
		FUZZ_CHECK(fact("pci,mmconfig-base", &v) == (mmconfig != 0) &&
			   nfacts == taken + (mmconfig != 0),
			   "only the facts checked above, got %d", nfacts);
}

static void check_gate(const struct jh_console *region, bool from_region)
{
	bool cmd_gate = con_clock_reg_given || con_gate_nr_given;
	struct jh_console g = *region;
	const struct jh_console *c = &g;
	bool inverted = c->flags & JH_CON_FLAG_INVERTED_GATE;
	uint32_t bit;

	if (nio == 0)
		return;
	/* The gate that may be written: the command line's, for the UART
	 * it binds, or the region's, for the region's own UART only. */
	FUZZ_CHECK(bind_calls == 1, "a gate written only for a UART bound");
	if (cmd_gate) {
		g.address = bound.base;
		if (con_clock_reg_given)
			g.clock_reg = con_clock_reg;
		if (con_gate_nr_given)
			g.gate_nr = (uint32_t)con_gate_nr;
	} else {
		FUZZ_CHECK(from_region && jh_uart_type(c->type) &&
			   !strcmp(bound.type, jh_uart_type(c->type)) &&
			   bound.base == c->address &&
			   bound.pio == !(c->flags & JH_CON_FLAG_MMIO),
			   "the region's gate opened only for the region's own "
			   "UART");
	}
	FUZZ_CHECK(c->clock_reg && c->gate_nr <= 31 &&
		   c->clock_reg % 4 == 0 && clock_controller_reg(c->clock_reg),
		   "a clock gate written only inside a clock controller: gate "
		   "%u at 0x%llx", (unsigned int)c->gate_nr,
		   (unsigned long long)c->clock_reg);
	FUZZ_CHECK(tree_allows_gate(c->address, c->clock_reg, c->gate_nr),
		   "a clock gate the tree gives another UART never written");
	bit = 1u << c->gate_nr;
	FUZZ_CHECK(nio == (bind_ok ? 2 : 4) && !io_log[0].write &&
		   io_log[1].write && io_log[0].addr == c->clock_reg &&
		   io_log[1].addr == c->clock_reg,
		   "one read-modify-write of the gate register, and one to put "
		   "its bit back (%d accesses, "
		   "the UART %s)", nio, bind_ok ? "bound" : "not bound");
	FUZZ_CHECK(io_log[1].value == (inverted ? io_log[0].value & ~bit
						: io_log[0].value | bit),
		   "only the gate's bit changed");
	/* Only the gate's bit goes back: the root cell may have changed
	 * the register's others meanwhile. */
	FUZZ_CHECK(bind_ok || (!io_log[2].write && io_log[3].write &&
			       io_log[2].addr == c->clock_reg &&
			       io_log[3].addr == c->clock_reg &&
			       io_log[3].value == ((io_log[2].value & ~bit) |
						   (io_log[0].value & bit))),
		   "the gate put back as it was when the UART did not bind");
}

static void check_console(int err, bool had_early)
{
	const struct jh_console *c = &before.console;
	bool permitted = before.flags & JH_FLAG_DBG_PUTC_PERMITTED;
	bool active = con_virtual_given ? con_virtual
					: before.flags & JH_FLAG_DBG_PUTC_ACTIVE;
	bool virt = false, from_region;
	const char *type;

	for (int i = 0; i < nconsoles; i++)
		virt |= consoles[i] == &virtual_console;
	FUZZ_CHECK(virt == (active && permitted), "the debug console iff "
		   "active (%d) and permitted (%d)", active, permitted);
	FUZZ_CHECK(!active || permitted || logged("not permitted"),
		   "a line saying the debug console is not permitted");
	FUZZ_CHECK(!had_early || nconsoles > 0, "the early console is never "
		   "lost (bind returned %d)", err);
	for (int i = 0; i < nlines; i++)
		FUZZ_CHECK(!virt || strncmp(lines[i], "jailhouse: console ", 19) != 0 ||
			   !strstr(lines[i], "using the device tree's"),
			   "no line promising the device tree's console beside "
			   "the debug console: %s", lines[i]);
	FUZZ_CHECK(err == 0 || err == -E_NOENT, "0 or -E_NOENT, got %d", err);
	FUZZ_CHECK(bind_calls <= 1, "one UART bound at most");
	from_region = c->type != JH_CON_TYPE_NONE &&
		      !(c->flags & JH_CON_FLAG_MDR_QUIRK);
	FUZZ_CHECK(!(c->flags & JH_CON_FLAG_MDR_QUIRK) || c->type == 0 ||
		   logged("MDR"), "a line refusing the MDR quirk");
	FUZZ_CHECK(!from_region || c->divider <= 0xffff || logged("divider"),
		   "a line refusing divider 0x%x", (unsigned int)c->divider);
	check_gate(c, from_region);
	/* docs/jailhouse.md: a malformed option leaves the default, which
	 * for the console options is what the region says. */
	type = con_type ? cmdline_uart_type(con_type) : NULL;
	if (!type && from_region)
		type = jh_uart_type(c->type);
	FUZZ_CHECK(bind_calls == (type != NULL), "a UART bound iff a valid "
		   "type came from the command line or the region");
	FUZZ_CHECK(!con_type || cmdline_uart_type(con_type) ||
		   logged("con-type"), "a line refusing con-type");
	if (!bind_calls)
		return;
	FUZZ_CHECK(!strcmp(bound.type, type), "type %s, got %s", type,
		   bound.type);
	FUZZ_CHECK(bound.base == (con_base_given ? con_base :
				  from_region ? c->address : 0),
		   "the base from the command line, else the region: "
		   "0x%llx, region 0x%llx, given %d 0x%llx",
		   (unsigned long long)bound.base,
		   (unsigned long long)c->address, con_base_given,
		   (unsigned long long)con_base);
	FUZZ_CHECK(bound.divider == (con_divider_given ? con_divider :
				     from_region && c->divider <= 0xffff ?
				     c->divider : 0),
		   "the divider from the command line, else the region's "
		   "valid one");
}

/* --- one input -------------------------------------------------------- */

static const struct cmdline_opt *const hv_opts[] = {
	&cmdline_opt_poll_ms, &cmdline_opt_hv_prio, &cmdline_opt_con_type,
	&cmdline_opt_con_base, &cmdline_opt_con_divider,
	&cmdline_opt_con_clock_reg, &cmdline_opt_con_gate_nr,
	&cmdline_opt_con_is_mmio, &cmdline_opt_con_regdist_1,
	&cmdline_opt_con_virtual,
};

static void cmdline_warn(const char *msg)
{
	bootlog("warning: %s", msg);
}

static void reset(void)
{
	jh_comm = NULL;
	jh_opened = jh_fatal = false;
	lock_depth = 0;
	shutdown_fn = NULL;
	shutdown_arg = NULL;
	poll_ms = JH_POLL_MS_DEFAULT;
	hv_prio = THREAD_PRIO_MAX;
	con_type = NULL;
	con_base = con_divider = con_clock_reg = con_gate_nr = 0;
	con_base_given = con_divider_given = false;
	con_clock_reg_given = con_gate_nr_given = false;
	con_is_mmio = con_is_mmio_given = false;
	con_regdist_1 = con_regdist_1_given = false;
	con_virtual = con_virtual_given = false;
	nlines = nfacts = nconsoles = bind_calls = nio = 0;
	sem_pending = 0;
	exited = false;
}

static uint32_t expected_reply(uint32_t msg, bool locked)
{
	switch (msg) {
	case JH_MSG_SHUTDOWN_REQUEST:
		return locked ? JH_REPLY_REQUEST_DENIED
			      : JH_REPLY_REQUEST_APPROVED;
	case JH_MSG_RECONFIG_COMPLETED:
		return JH_REPLY_RECEIVED;
	default:
		return JH_REPLY_UNKNOWN;
	}
}

/* The hypervisor sends `msg` and the poll timer and the cell thread run. */
static void run_message(uint32_t msg, bool watch, bool locked)
{
	struct jh_comm_region *comm = watched_page();
	const struct watched_access *log;
	size_t n;
	bool cleared_first = false;

	comm->msg_to_cell = msg;
	comm->reply_from_cell = 0;
	watched_page_watch(watch);
	jh_poll(NULL, NULL);
	if (watch)
		check_read_once("the poll timer");
	FUZZ_CHECK(sem_pending == (msg != JH_MSG_NONE), "the cell thread woken "
		   "iff a message is pending");
	watched_page_watch(watch);
	if (setjmp(cell_thread_out) == 0)
		jh_cell_main(NULL);
	watched_page_watch(false);
	if (msg == JH_MSG_NONE) {
		FUZZ_CHECK(comm->reply_from_cell == 0, "no reply to no message");
		return;
	}
	FUZZ_CHECK(comm->msg_to_cell == JH_MSG_NONE &&
		   comm->reply_from_cell == expected_reply(msg, locked),
		   "message %u answered %u, msg_to_cell cleared; got %u, %u",
		   (unsigned int)msg, (unsigned int)expected_reply(msg, locked),
		   (unsigned int)comm->reply_from_cell,
		   (unsigned int)comm->msg_to_cell);
	FUZZ_CHECK(exited == (expected_reply(msg, locked) ==
			      JH_REPLY_REQUEST_APPROVED),
		   "the kernel exits iff it approved a shutdown");
	if (!watch)
		return;
	check_read_once("the cell thread");
	n = watched_page_log(&log);
	for (size_t i = 0; i < n; i++) {
		if (!log[i].write)
			continue;
		FUZZ_CHECK(log[i].off == 12 || (log[i].off == 16 && cleared_first),
			   "msg_to_cell cleared, then the reply written; got a "
			   "write at %u", log[i].off);
		cleared_first |= log[i].off == 12;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static uint8_t blobs[NBOARDS][65536];

	(void)argc;
	(void)argv;
	for (int b = 0; b < NBOARDS; b++) {
		char path[512];
		FILE *f;
		size_t n;

		snprintf(path, sizeof(path), "%s/%s", FUZZ_DTB_DIR, board_dtbs[b]);
		f = fopen(path, "rb");
		n = f ? fread(blobs[b], 1, sizeof(blobs[b]), f) : 0;
		if (f)
			fclose(f);
		FUZZ_CHECK(n && fdt_open(&trees[b], blobs[b], n) == 0,
			   "the board tree %s opens", path);
	}
	watched_page();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char line[CMDLINE_SIZE] = { 0 }, copy[CMDLINE_SIZE + 1];
	struct jh_comm_region *comm = watched_page();
	uint8_t mode;
	size_t len, nregion;
	bool accepted, watch, locked, had_early;
	int err;

	if (size < 3)
		return 0;
	mode = data[0];
	board = (enum board)((mode & 3) % NBOARDS);
	tree = &trees[board];
	watch = (mode & MODE_WATCH) && watched_page_supported();
	locked = mode & MODE_LOCKED;
	len = (size_t)(data[1] | data[2] << 8) % (CMDLINE_SIZE + 1);
	data += 3;
	size -= 3;
	len = len < size ? len : size;
	memcpy(line, data, len);
	data += len;
	size -= len;
	nregion = size < REGION_BYTES ? size : REGION_BYTES;

	reset();
	cmdline_parse(line, sizeof(line), hv_opts,
		      sizeof(hv_opts) / sizeof(hv_opts[0]), copy, cmdline_warn);
	memset(comm, 0, JH_COMM_SIZE);
	memcpy(comm, data, nregion);
	memcpy(&before, comm, sizeof(before));
	data += nregion;
	size -= nregion;

	watched_page_watch(watch);
	hv_init(tree);
	watched_page_watch(false);
	if (watch)
		check_read_once("hv_init()");
	accepted = !memcmp(before.signature, "JHCOMM", 6) && before.revision == 2;
	FUZZ_CHECK((jh_comm != NULL) == accepted, "the region used iff JHCOMM "
		   "revision 2");
	if (!accepted) {
		before.cell_state = JH_CELL_FAILED_COMM_REV;
		FUZZ_CHECK(!memcmp(comm, &before, sizeof(before)), "a refused "
			   "region gets FAILED_COMM_REV and nothing else");
		FUZZ_CHECK(jh_fatal && nfacts == 0 && logged("not using it"),
			   "a refused region stops the cell, sets no fact, "
			   "and says so");
		FUZZ_CHECK(hv_console_bind(tree) == -E_NOENT && bind_calls == 0,
			   "no console from a refused region");
		return 0;
	}
	check_platform();

	had_early = !(mode & MODE_NO_EARLY);
	if (had_early)
		console_register(&early_console);
	watched_page_watch(watch);
	err = hv_console_bind(tree);
	watched_page_watch(false);
	if (watch)
		check_read_once("the console's choice");
	check_console(err, had_early);
	if (jh_fatal)
		return 0;

	if (locked)
		hv_cell_lock();
	hv_start();
	FUZZ_CHECK(comm->cell_state == (locked ? JH_CELL_RUNNING_LOCKED
					       : JH_CELL_RUNNING),
		   "the cell says it runs%s", locked ? ", locked" : "");
	for (int i = 0; i < MAX_MESSAGES && size >= 4 && !exited; i++) {
		uint32_t msg;

		memcpy(&msg, data, 4);
		data += 4;
		size -= 4;
		run_message(msg, watch, locked);
	}
	return 0;
}

/* --- seeds: the regions of the unit and QEMU tests --------------------- */

struct seed_region {
	uint8_t mode, len_lo, len_hi;
	char line[64];
	uint8_t region[REGION_BYTES];
	uint32_t msgs[MAX_MESSAGES];
} __attribute__((packed));

/* The command line: always 64 bytes, its NULs ending it. */
#define LINE(s) 64, 0, s
#define HEADER 'J', 'H', 'C', 'O', 'M', 'M', 2, 0
#define BYTE(v, i) (uint8_t)((uint64_t)(v) >> (8 * (i)))
#define LE16(v) BYTE(v, 0), BYTE(v, 1)
#define LE32(v) LE16(v), BYTE(v, 2), BYTE(v, 3)
#define LE64(v) LE32(v), BYTE(v, 4), BYTE(v, 5), BYTE(v, 6), BYTE(v, 7)
/* console: address, size, type, flags, divider, gate, clock register */
#define CONSOLE(a, t, f, d, g, c) LE64(a), LE32(0x1000), LE16(t), LE16(f), \
	LE32(d), LE32(g), LE64(c)

/* BOARD_X86 is 0: or-ing it with a mode is meant, for the reader. */
static const struct seed_region seed_x86 = {
	/* cppcheck-suppress badBitmaskCheck */
	BOARD_X86 | MODE_WATCH, LINE("hv-poll-ms=5"),
	{ HEADER, LE32(0), LE32(0), LE32(0), LE32(3),
	  CONSOLE(0x3f8, JH_CON_TYPE_8250, 0, 1, 0, 0), LE64(0),
	  LE16(0x608), LE16(1), LE32(2600000), LE32(1000000) },
	{ JH_MSG_RECONFIG_COMPLETED, 77, JH_MSG_SHUTDOWN_REQUEST, 0 },
};
static const struct seed_region seed_x86_cmdline = {
	/* cppcheck-suppress badBitmaskCheck */
	BOARD_X86 | MODE_LOCKED,
	LINE("con-type=8250 con-base=0x3f8 con-divider=0x10000 con-virtual"),
	{ HEADER, LE32(0), LE32(0), LE32(0), LE32(1),
	  CONSOLE(0x2f8, 9, 0, 0x10000, 0, 0), LE64(0xe0000000),
	  LE16(0xfffe), LE16(0), LE32(999), LE32(0) },
	{ JH_MSG_SHUTDOWN_REQUEST, JH_MSG_RECONFIG_COMPLETED, 0, 0 },
};
/* A con-type that is not one: the region's console stays. */
static const struct seed_region seed_x86_bad_type = {
	BOARD_X86, LINE("con-type=16550 con-is-mmio=0"),
	{ HEADER, LE32(0), LE32(0), LE32(0), LE32(0),
	  CONSOLE(0x3f8, JH_CON_TYPE_8250, 0, 0, 0, 0), LE64(0),
	  LE16(0x608), LE16(1), LE32(2600000), LE32(0) },
	{ 0, 0, 0, 0 },
};
static const struct seed_region seed_bananapi = {
	BOARD_BANANAPI | MODE_WATCH, LINE(""),
	{ HEADER, LE32(0), LE32(0), LE32(0), LE32(0),
	  CONSOLE(0x01c29c00, JH_CON_TYPE_8250,
		  JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4, 13, 23, 0x01c2006c),
	  LE64(0), 2, 0, 0, 0, 0, 0, 0, 0, LE64(0x01c81000), LE64(0x01c82000),
	  LE64(0), LE32(0) },
	{ JH_MSG_SHUTDOWN_REQUEST, 0, 0, 0 },
};
static const struct seed_region seed_bananapi_bad = {
	BOARD_BANANAPI, LINE("con-regdist-1 con-is-mmio=0"),
	{ HEADER, LE32(0), LE32(0), LE32(0), LE32(2),
	  CONSOLE(0x01c28000, JH_CON_TYPE_8250,
		  JH_CON_FLAG_MMIO | JH_CON_FLAG_INVERTED_GATE, 0, 40,
		  0x01c81000),
	  LE64(0), 2, 0, 0, 0, 0, 0, 0, 0, LE64(0x09000000), LE64(0x01c82800),
	  LE64(0), LE32(0) },
	{ 0, 0, 0, 0 },
};
static const struct seed_region seed_qemu_arm = {
	BOARD_QEMU_ARM | MODE_WATCH, LINE("con-type=PL011 con-virtual=0"),
	{ HEADER, LE32(0), LE32(0), LE32(0), LE32(3),
	  CONSOLE(0x09000000, JH_CON_TYPE_PL011, JH_CON_FLAG_MMIO, 0, 0, 0),
	  LE64(0), 3, 0, 0, 0, 0, 0, 0, 0, LE64(0x08000000), LE64(0x08010000),
	  LE64(0), LE32(0) },
	{ JH_MSG_RECONFIG_COMPLETED, 0, 0, 0 },
};
static const struct seed_region seed_bad_signature = {
	BOARD_QEMU_ARM | MODE_WATCH, LINE(""),
	{ 'J', 'H', 'C', 'O', 'M', 'm', 2, 0 }, { 0, 0, 0, 0 },
};
static const struct seed_region seed_bad_revision = {
	/* cppcheck-suppress badBitmaskCheck */
	BOARD_X86 | MODE_WATCH, LINE(""), { 'J', 'H', 'C', 'O', 'M', 'M', 3, 0 },
	{ 0, 0, 0, 0 },
};

#define SEED(s) { &(s), sizeof(s) }
const struct fuzz_seed fuzz_seeds[] = {
	SEED(seed_x86), SEED(seed_x86_cmdline), SEED(seed_x86_bad_type),
	SEED(seed_bananapi),
	SEED(seed_bananapi_bad), SEED(seed_qemu_arm), SEED(seed_bad_signature),
	SEED(seed_bad_revision),
};
const size_t fuzz_nseeds = sizeof(fuzz_seeds) / sizeof(fuzz_seeds[0]);

const char *const fuzz_words[] = {
	"JHCOMM", "\x02\x00", "hv-poll-ms=", "hv-prio=", "con-type=",
	"con-base=", "con-divider=", "con-is-mmio", "con-regdist-1",
	"con-virtual", "8250", "PL011", "0x", " ", "=0", "=1",
	"\x08\x06", "\x00\x10", "\xff\xff\xff\xff", "\x01\x00\x00\x00",
};
const size_t fuzz_nwords = sizeof(fuzz_words) / sizeof(fuzz_words[0]);
const size_t fuzz_max_size = 3 + CMDLINE_SIZE + REGION_BYTES + 4 * MAX_MESSAGES;
const unsigned int fuzz_smoke_rounds = 5000;
