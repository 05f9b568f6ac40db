/* The Jailhouse backend's reading of the communication region
 * (hv/jailhouse/cell.c and console.c, included for their static state),
 * on a page that logs every access (tests/fuzz/watched_page.h). Cases the
 * comm-region fuzz harness found. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "watched_page.h"

#define CELLMATE_JH_COMM_BASE ((uintptr_t)watched_page())
/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../hv/jailhouse/cell.c"
/* NOLINTNEXTLINE(bugprone-suspicious-include): built in, statics and all */
#include "../../hv/jailhouse/console.c"

/* --- what the backend calls ------------------------------------------- */

static char log_text[4096];

static void log_add(const char *fmt, va_list ap)
{
	size_t used = strlen(log_text);

	vsnprintf(log_text + used, sizeof(log_text) - used, fmt, ap);
	used = strlen(log_text);
	snprintf(log_text + used, sizeof(log_text) - used, "\n");
}

void bootlog(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_add(fmt, ap);
	va_end(ap);
}

int kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_add(fmt, ap);
	va_end(ap);
	return 0;
}

void sem_init(struct sem *s, unsigned int initial, unsigned int max)
{
	(void)s, (void)initial, (void)max;
}

int sem_take(struct sem *s, uint64_t timeout)
{
	(void)s, (void)timeout;
	return 0;
}

int sem_give_from_isr(struct sem *s)
{
	(void)s;
	return 0;
}

int thread_create(struct thread *t, const char *name, unsigned int prio,
		  void (*entry)(void *arg), void *arg, void *stack,
		  size_t stack_size, unsigned int flags)
{
	(void)t, (void)name, (void)prio, (void)entry, (void)arg, (void)stack;
	(void)stack_size, (void)flags;
	return 0;
}

void swtimer_init(struct swtimer *t, swtimer_fn fn, void *arg)
{
	(void)t, (void)fn, (void)arg;
}

int swtimer_start(struct swtimer *t, uint64_t delay, uint64_t period)
{
	(void)t, (void)delay, (void)period;
	return 0;
}

void kernel_exit(int status)
{
	(void)status;
	abort();
}

void kernel_fail(void)
{
	abort();
}

bool jh_platform_apply(const struct jh_comm_region *comm,
		       const struct fdt *fdt)
{
	(void)comm, (void)fdt;
	return true;
}

int platform_set(const char *name, uint64_t value)
{
	(void)name, (void)value;
	return 0;
}

void jh_debug_putc(char c)
{
	(void)c;
}

static struct console *registered;

void console_register(struct console *con)
{
	registered = con;
}

void console_clear(void)
{
	registered = NULL;
}

struct console *console_get(void)
{
	return registered;
}

static struct uart_config bound;
static int bind_calls, bind_result;

int console_bind_uart(const struct fdt *fdt, const struct uart_config *cfg,
		      const char **why)
{
	(void)fdt;
	bound = *cfg;
	bind_calls++;
	*why = "not in this test's tree";
	return bind_result;
}

/* Device registers: every read gives GATE_BEFORE; writes are counted and
 * the last one kept. */
#define GATE_BEFORE 0x00800001u
static unsigned int mmio_reads, mmio_writes;
static uintptr_t mmio_addr;
static uint32_t mmio_written;

uint32_t host_mmio_read32(uintptr_t addr)
{
	mmio_reads++;
	mmio_addr = addr;
	return GATE_BEFORE;
}

void host_mmio_write32(uintptr_t addr, uint32_t value)
{
	mmio_written = value;
	mmio_writes++;
	mmio_addr = addr;
}

/* --- helpers ---------------------------------------------------------- */

static struct fdt tree;

static void open_bananapi(void)
{
	static void *blob;
	static size_t n;

	if (!blob)
		blob = unit_file_read(FDT_TEST_DIR, "dts-bananapi-cell.dtb", &n);
	if (!blob || fdt_open(&tree, blob, n) != 0) {
		fprintf(stderr, "cannot open bananapi-cell.dtb\n");
		exit(1);
	}
}

/* A fresh boot: the backend's state and a region page as given. */
static struct jh_comm_region *fresh(const char *signature, uint16_t revision)
{
	struct jh_comm_region *comm = watched_page();

	jh_comm = NULL;
	jh_opened = jh_fatal = false;
	log_text[0] = '\0';
	registered = NULL;
	bind_calls = 0;
	bind_result = -E_NOENT;
	mmio_reads = mmio_writes = 0;
	memset(comm, 0, JH_COMM_SIZE);
	memcpy(comm->signature, signature, 6);
	comm->revision = revision;
	return comm;
}

/* --- cases ------------------------------------------------------------ */

/* The header was compared, then read again for the message: a hypervisor
 * rewriting it in between made the kernel refuse "JHCOMM revision 2". */
UNIT_TEST(a_refused_header_is_read_once_and_shown_as_checked)
{
	struct jh_comm_region *comm = fresh("JHCOMm", 2);

	REQUIRE(watched_page_supported(), "an x86 host, to watch the page");
	watched_page_watch(true);
	hv_init(NULL);
	watched_page_watch(false);
	for (unsigned int off = 0; off < 8; off++)
		EXPECT(watched_page_reads(off) <= 1, "header byte %u read at "
		       "most once, read %u times", off, watched_page_reads(off));
	EXPECT(strstr(log_text, "signature 'JHCOMm', ABI revision 2;"),
	       "the message shows the header checked: %s", log_text);
	EXPECT(comm->cell_state == JH_CELL_FAILED_COMM_REV,
	       "FAILED_COMM_REV written, got %u", (unsigned int)comm->cell_state);
	EXPECT(jh_comm == NULL && jh_fatal, "the region is not used");
}

UNIT_TEST(an_accepted_header_is_read_once)
{
	fresh("JHCOMM", 2);
	REQUIRE(watched_page_supported(), "an x86 host, to watch the page");
	watched_page_watch(true);
	hv_init(NULL);
	watched_page_watch(false);
	for (unsigned int off = 0; off < 8; off++)
		EXPECT(watched_page_reads(off) <= 1, "header byte %u read at "
		       "most once, read %u times", off, watched_page_reads(off));
	EXPECT(jh_comm != NULL && !jh_fatal, "the region is used: %s",
	       log_text);
}

/* The Banana Pi's UART7 gate: bit 23 of the CCU's APB1 gating register,
 * inside the tree's clock controller. */
#define A20_APB1_GATE 0x01c2006cu
#define A20_UART7_GATE 23u

static void region_console(struct jh_comm_region *comm, uint16_t type)
{
	comm->console.address = 0x01c29c00;
	comm->console.type = type;
	comm->console.flags = JH_CON_FLAG_MMIO | JH_CON_FLAG_REGDIST_4;
	comm->console.clock_reg = A20_APB1_GATE;
	comm->console.gate_nr = A20_UART7_GATE;
}

/* A console of a type the kernel refuses left its clock gate opened. */
UNIT_TEST(a_console_of_an_unknown_type_leaves_its_clock_gate_alone)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, 9);
	hv_init(&tree);
	EXPECT(jh_console_bind(&tree) == -E_NOENT, "no console bound");
	EXPECT(mmio_reads == 0 && mmio_writes == 0,
	       "no register access, got %u reads and %u writes at 0x%lx",
	       mmio_reads, mmio_writes, (unsigned long)mmio_addr);
	EXPECT(strstr(log_text, "console type 9 rejected"),
	       "a line rejecting the type: %s", log_text);
}

UNIT_TEST(a_console_of_a_known_type_opens_its_clock_gate)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(mmio_reads == 1 && mmio_writes == 1 &&
	       mmio_addr == A20_APB1_GATE,
	       "one read-modify-write of the gate register, got %u/%u at "
	       "0x%lx", mmio_reads, mmio_writes, (unsigned long)mmio_addr);
	EXPECT(bind_calls == 1 && bound.base == 0x01c29c00,
	       "UART7 asked for");
}

/* The command line naming the region's own UART (its type and address
 * as the region has them) does not replace it: the gate is its. */
UNIT_TEST(the_command_line_naming_the_regions_uart_keeps_its_clock_gate)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);
	static char type[] = "8250";

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	con_type = type;	/* a string of the command line's, not ours */
	con_base = 0x01c29c00;
	con_base_given = true;
	hv_init(&tree);
	jh_console_bind(&tree);
	con_type = NULL;
	con_base_given = false;
	EXPECT(mmio_reads == 1 && mmio_writes == 1 &&
	       mmio_addr == A20_APB1_GATE,
	       "the gate opened: %u reads, %u writes at 0x%lx", mmio_reads,
	       mmio_writes, (unsigned long)mmio_addr);
}

/* The UART did not bind: the gate opened for it is closed again. */
UNIT_TEST(a_console_that_does_not_bind_gets_its_clock_gate_back)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(mmio_reads == 1 && mmio_writes == 2 &&
	       mmio_addr == A20_APB1_GATE && mmio_written == GATE_BEFORE,
	       "the gate register written back as it was: %u reads, %u "
	       "writes, the last 0x%x at 0x%lx", mmio_reads, mmio_writes,
	       (unsigned int)mmio_written, (unsigned long)mmio_addr);
	EXPECT(strstr(log_text, "put back as it was"), "said so: %s",
	       log_text);
}

/* docs/jailhouse.md: a malformed option leaves the default; for con-type
 * that is the region's type, not "no console". */
UNIT_TEST(a_malformed_con_type_leaves_the_regions_console)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	con_type = "16550";
	hv_init(&tree);
	jh_console_bind(&tree);
	con_type = NULL;
	EXPECT(bind_calls == 1 && !strcmp(bound.type, "8250") &&
	       bound.base == 0x01c29c00,
	       "the region's 8250 UART7 asked for (%d calls)", bind_calls);
	EXPECT(strstr(log_text, "con-type '16550' is not 8250 or PL011; "
		      "ignored"), "a line refusing con-type: %s", log_text);
}

/* With the debug console active the device tree's is not put back: the
 * refusal must not say it is. */
UNIT_TEST(a_refused_uart_beside_the_debug_console_says_what_prints)
{
	static struct console early = { .name = "early" };
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->flags = JH_FLAG_DBG_PUTC_PERMITTED | JH_FLAG_DBG_PUTC_ACTIVE;
	hv_init(&tree);
	registered = &early;
	EXPECT(jh_console_bind(&tree) == 0, "a console in use");
	EXPECT(registered == &virtual_console, "the debug console prints");
	EXPECT(strstr(log_text, "not in this test's tree; printing through "
		      "the hypervisor's debug console only"),
	       "the refusal names the console in use: %s", log_text);
}

int main(void)
{
	return unit_run_all();
}
