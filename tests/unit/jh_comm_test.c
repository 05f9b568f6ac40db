/* The Jailhouse backend's reading of the communication region
 * (hv/jailhouse/cell.c and console.c, included for their static state),
 * on a page that logs every access (tests/fuzz/watched_page.h). Cases the
 * comm-region fuzz harness found. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "unit.h"
#include "unit_fdt.h"
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

/* An approved shutdown ends the kernel: a case that expects one arms
 * exit_jump and reads the status. */
static jmp_buf exit_jump;
static bool exit_armed;
static int exit_status;

void kernel_exit(int status)
{
	if (!exit_armed)
		abort();
	exit_armed = false;
	exit_status = status;
	longjmp(exit_jump, 1);
}

/* hv_report() on a refused region ends the kernel: a case that expects
 * it arms fail_armed. */
static bool fail_armed, fail_called;

void kernel_fail(void)
{
	if (!fail_armed)
		abort();
	fail_armed = false;
	fail_called = true;
	longjmp(exit_jump, 1);
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

/* What the debug-console hypercall was given. */
static char putc_text[16];
static size_t putc_n;

void jh_debug_putc(char c)
{
	if (putc_n < sizeof(putc_text))
		putc_text[putc_n++] = c;
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

/* Device registers: one, the gate register, GATE_BEFORE at first;
 * accesses are counted and the last address and written value kept. */
#define GATE_BEFORE 0x00800001u
static unsigned int mmio_reads, mmio_writes;
static uintptr_t mmio_addr;
static uint32_t mmio_written, gate_reg;

uint32_t host_mmio_read32(uintptr_t addr)
{
	mmio_reads++;
	mmio_addr = addr;
	return gate_reg;
}

void host_mmio_write32(uintptr_t addr, uint32_t value)
{
	mmio_written = value;
	mmio_writes++;
	mmio_addr = addr;
	gate_reg = value;
}

static struct uart_config bound;
static int bind_calls, bind_result;
/* Bits the root cell's Linux flips in the gate register (its clock
 * controller's) while the UART is being set up. */
static uint32_t root_flips;

int console_bind_uart(const struct fdt *fdt, const struct uart_config *cfg,
		      const char **why)
{
	(void)fdt;
	bound = *cfg;
	bind_calls++;
	gate_reg ^= root_flips;
	*why = "not in this test's tree";
	return bind_result;
}

/* --- helpers ---------------------------------------------------------- */

static struct fdt tree;

static void open_bananapi(void)
{
	unit_fdt_open(&tree, "dts-bananapi-cell.dtb");
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
	gate_reg = GATE_BEFORE;
	root_flips = 0;
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
	EXPECT(mmio_reads == 2 && mmio_writes == 2 &&
	       mmio_addr == A20_APB1_GATE && mmio_written == GATE_BEFORE,
	       "the gate register written back as it was: %u reads, %u "
	       "writes, the last 0x%x at 0x%lx", mmio_reads, mmio_writes,
	       (unsigned int)mmio_written, (unsigned long)mmio_addr);
	EXPECT(strstr(log_text, "put back as it was"), "said so: %s",
	       log_text);
}

/* The gate register is the clock controller's, which the root cell's
 * Linux drives too: what it changed in the register while the UART was
 * being set up stays; only the gate's own bit is put back. */
UNIT_TEST(putting_the_gate_back_keeps_what_the_root_cell_changed_meanwhile)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	gate_reg = GATE_BEFORE & ~(1u << A20_UART7_GATE);	/* closed */
	root_flips = 1u << 5;		/* another device's gate opened */
	hv_init(&tree);
	jh_console_bind(&tree);
	REQUIRE(mmio_writes >= 1, "the gate was opened");
	EXPECT(gate_reg == ((GATE_BEFORE & ~(1u << A20_UART7_GATE)) | 1u << 5),
	       "bit %u closed again and Linux's bit 5 kept: 0x%x",
	       A20_UART7_GATE, (unsigned int)gate_reg);
}

/* The other way round: a gate the root cell closed meanwhile (bit 0, set
 * before) stays closed; only UART7's own bit is put back. */
UNIT_TEST(putting_the_gate_back_keeps_a_gate_the_root_cell_closed_meanwhile)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	gate_reg = GATE_BEFORE & ~(1u << A20_UART7_GATE);	/* closed */
	root_flips = 1u << 0;		/* another device's gate closed */
	hv_init(&tree);
	jh_console_bind(&tree);
	REQUIRE(mmio_writes >= 1, "the gate was opened");
	EXPECT(gate_reg == (GATE_BEFORE & ~(1u << A20_UART7_GATE) & ~1u),
	       "bit %u closed again and bit 0 left closed: 0x%x",
	       A20_UART7_GATE, (unsigned int)gate_reg);
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

/* An early console that answers is_uart with `early_is`, recording what
 * it was asked. */
static bool early_is;
static struct uart_config early_asked;

static bool early_is_uart(const struct console *con,
			  const struct uart_config *cfg)
{
	(void)con;
	early_asked = *cfg;
	return early_is;
}

/* The device tree's console already is the region's UART as the region
 * wants it: kept, neither looked up nor set up again (which would wait
 * for it to drain and reset its FIFOs). */
UNIT_TEST(the_device_trees_console_is_kept_when_it_is_the_regions_uart)
{
	static struct console early = { .name = "early",
					.is_uart = early_is_uart };
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.divider = 13;
	hv_init(&tree);
	registered = &early;
	early_is = true;
	EXPECT(jh_console_bind(&tree) == 0, "a console in use");
	EXPECT(bind_calls == 0, "no UART bound, got %d calls", bind_calls);
	EXPECT(registered == &early, "the device tree's console prints");
	EXPECT(!strcmp(early_asked.type, "8250") &&
	       early_asked.base == 0x01c29c00 && !early_asked.pio &&
	       early_asked.reg_shift == 2 && early_asked.divider == 13,
	       "asked about the region's UART as the region has it");
	EXPECT(strstr(log_text, "jailhouse: console 8250 at address "
		      "0x1c29c00, from the communication region"),
	       "the console named: %s", log_text);
}

/* Any other answer binds the region's UART as before. */
UNIT_TEST(the_device_trees_console_is_replaced_when_it_is_another_uart)
{
	static struct console early = { .name = "early",
					.is_uart = early_is_uart };
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	hv_init(&tree);
	registered = &early;
	early_is = false;
	EXPECT(jh_console_bind(&tree) == 0, "a console in use");
	EXPECT(bind_calls == 1 && bound.base == 0x01c29c00,
	       "the region's UART bound, %d calls", bind_calls);
}

/* --- messages and the lock ---------------------------------------- */

/* A running cell: the region accepted, its state, message and reply
 * words clear, the default shutdown handler, no lock. */
static struct jh_comm_region *running(void)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	hv_init(NULL);
	lock_depth = 0;
	hv_set_shutdown_handler(NULL, NULL);
	comm->cell_state = JH_CELL_RUNNING;
	return comm;
}

/* Jailhouse may post its next message as soon as it sees the reply: the
 * message word must be cleared before, or the new message is wiped. */
UNIT_TEST(a_message_is_consumed_before_it_is_answered)
{
	struct jh_comm_region *comm = running();
	const struct watched_access *log;
	size_t n, cleared = SIZE_MAX, answered = SIZE_MAX;

	REQUIRE(watched_page_supported(), "an x86 host, to watch the page");
	comm->msg_to_cell = JH_MSG_RECONFIG_COMPLETED;
	watched_page_watch(true);
	jh_handle(JH_MSG_RECONFIG_COMPLETED);
	watched_page_watch(false);
	n = watched_page_log(&log);
	for (size_t i = 0; i < n; i++) {
		if (!log[i].write)
			continue;
		if (log[i].off == offsetof(struct jh_comm_region, msg_to_cell) &&
		    cleared == SIZE_MAX)
			cleared = i;
		if (log[i].off == offsetof(struct jh_comm_region,
					   reply_from_cell))
			answered = i;
	}
	EXPECT(cleared < answered && answered != SIZE_MAX,
	       "the message cleared (access %zu) before the reply (access %zu)",
	       cleared, answered);
	EXPECT(comm->msg_to_cell == JH_MSG_NONE &&
	       comm->reply_from_cell == JH_REPLY_RECEIVED,
	       "RECEIVED for RECONFIG_COMPLETED, got %u",
	       (unsigned int)comm->reply_from_cell);
}

UNIT_TEST(an_unknown_message_is_answered_unknown)
{
	struct jh_comm_region *comm = running();

	comm->msg_to_cell = 77;
	jh_handle(77);
	EXPECT(comm->msg_to_cell == JH_MSG_NONE &&
	       comm->reply_from_cell == JH_REPLY_UNKNOWN,
	       "UNKNOWN, got %u", (unsigned int)comm->reply_from_cell);
	EXPECT(strstr(log_text, "unknown message 77"), "said so: %s",
	       log_text);
}

/* An unlock too many must not wrap the depth into a lock for good. */
UNIT_TEST(an_unlock_without_a_lock_leaves_the_cell_unlocked)
{
	struct jh_comm_region *comm = running();

	hv_cell_unlock();
	EXPECT(!hv_cell_locked(), "not locked after a stray unlock");
	hv_cell_lock();
	hv_cell_lock();
	hv_cell_unlock();
	EXPECT(hv_cell_locked() && comm->cell_state == JH_CELL_RUNNING_LOCKED,
	       "still locked with one lock left, state %u",
	       (unsigned int)comm->cell_state);
	hv_cell_unlock();
	EXPECT(!hv_cell_locked() && comm->cell_state == JH_CELL_RUNNING,
	       "unlocked and RUNNING, state %u",
	       (unsigned int)comm->cell_state);
}

UNIT_TEST(a_lock_taken_before_the_start_is_what_the_start_reports)
{
	struct jh_comm_region *comm = running();

	hv_cell_lock();
	hv_start();
	EXPECT(comm->cell_state == JH_CELL_RUNNING_LOCKED,
	       "RUNNING_LOCKED, got %u", (unsigned int)comm->cell_state);
	hv_cell_unlock();
}

static int veto_calls;

static bool veto(void *arg)
{
	veto_calls += *(int *)arg;
	return false;
}

UNIT_TEST(a_shutdown_handler_can_deny_a_request)
{
	struct jh_comm_region *comm = running();
	static int one = 1;

	veto_calls = 0;
	hv_set_shutdown_handler(veto, &one);
	comm->msg_to_cell = JH_MSG_SHUTDOWN_REQUEST;
	jh_handle(JH_MSG_SHUTDOWN_REQUEST);
	EXPECT(veto_calls == 1, "the handler asked once, with its argument");
	EXPECT(comm->reply_from_cell == JH_REPLY_REQUEST_DENIED &&
	       comm->msg_to_cell == JH_MSG_NONE,
	       "DENIED, got %u", (unsigned int)comm->reply_from_cell);
	EXPECT(strstr(log_text, "shutdown request denied"), "said so: %s",
	       log_text);
}

/* hv_set_shutdown_handler(NULL, ...) puts the default back: approve. */
UNIT_TEST(the_default_shutdown_handler_comes_back_and_approves)
{
	struct jh_comm_region *comm = running();
	static int one = 1;

	hv_set_shutdown_handler(veto, &one);
	hv_set_shutdown_handler(NULL, NULL);
	comm->msg_to_cell = JH_MSG_SHUTDOWN_REQUEST;
	exit_status = -1;
	exit_armed = true;
	if (!setjmp(exit_jump))
		jh_handle(JH_MSG_SHUTDOWN_REQUEST);
	exit_armed = false;
	EXPECT(comm->reply_from_cell == JH_REPLY_REQUEST_APPROVED,
	       "APPROVED, got %u", (unsigned int)comm->reply_from_cell);
	EXPECT(exit_status == EXIT_OK, "the kernel stopped with status %d",
	       exit_status);
}

UNIT_TEST(a_locked_cell_denies_a_shutdown_its_handler_approves)
{
	struct jh_comm_region *comm = running();

	hv_cell_lock();
	comm->msg_to_cell = JH_MSG_SHUTDOWN_REQUEST;
	jh_handle(JH_MSG_SHUTDOWN_REQUEST);
	hv_cell_unlock();
	EXPECT(comm->reply_from_cell == JH_REPLY_REQUEST_DENIED,
	       "DENIED, got %u", (unsigned int)comm->reply_from_cell);
}

/* The handler does the work due before a stop: a request a lock denies
 * anyway must not run it, or the cell would go on past that work. */
UNIT_TEST(a_locked_cell_does_not_ask_its_shutdown_handler)
{
	struct jh_comm_region *comm = running();
	static int one = 1;

	veto_calls = 0;
	hv_set_shutdown_handler(veto, &one);
	hv_cell_lock();
	comm->msg_to_cell = JH_MSG_SHUTDOWN_REQUEST;
	jh_handle(JH_MSG_SHUTDOWN_REQUEST);
	hv_cell_unlock();
	EXPECT(veto_calls == 0, "the handler not asked, asked %d times",
	       veto_calls);
	EXPECT(comm->reply_from_cell == JH_REPLY_REQUEST_DENIED,
	       "DENIED, got %u", (unsigned int)comm->reply_from_cell);
}

static bool lock_then_approve(void *arg)
{
	(void)arg;
	hv_cell_lock();
	return true;
}

/* A lock taken while the handler decides (here by the handler itself,
 * as a thread or an interrupt could) still wins over its approval. */
UNIT_TEST(a_lock_taken_while_the_handler_runs_denies_its_approval)
{
	struct jh_comm_region *comm = running();

	hv_set_shutdown_handler(lock_then_approve, NULL);
	comm->msg_to_cell = JH_MSG_SHUTDOWN_REQUEST;
	jh_handle(JH_MSG_SHUTDOWN_REQUEST);
	hv_cell_unlock();
	EXPECT(comm->reply_from_cell == JH_REPLY_REQUEST_DENIED,
	       "DENIED, got %u", (unsigned int)comm->reply_from_cell);
}

/* --- the region's header and the cell state --------------------------- */

/* The refusal shows the signature's printable characters as they are,
 * the ends of the range included, and '?' for the others. */
UNIT_TEST(a_refused_signature_shows_space_and_tilde_as_they_are)
{
	fresh(" JH~\x1f\x7f", 2);
	hv_init(NULL);
	EXPECT(strstr(log_text, "signature ' JH~?" "?', ABI revision 2;"),
	       "' ' and '~' shown, the control characters as '?': %s",
	       log_text);
}

/* The header is checked once: a page refused stays refused, whatever the
 * hypervisor writes to it later. */
UNIT_TEST(a_refused_region_stays_refused_when_rewritten)
{
	struct jh_comm_region *comm = fresh("JHCOMm", 2);

	hv_init(NULL);
	memcpy(comm->signature, "JHCOMM", 6);
	hv_failed();
	EXPECT(comm->cell_state == JH_CELL_FAILED_COMM_REV,
	       "FAILED_COMM_REV kept, got %u", (unsigned int)comm->cell_state);
	EXPECT(jh_comm == NULL, "the region is not used");
}

/* A failure before hv_init() (in the device tree) still says FAILED. */
UNIT_TEST(a_failure_before_the_init_says_failed)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	comm->cell_state = JH_CELL_RUNNING;
	hv_failed();
	EXPECT(comm->cell_state == JH_CELL_FAILED, "FAILED, got %u",
	       (unsigned int)comm->cell_state);
}

UNIT_TEST(a_stopped_kernel_says_shut_down)
{
	struct jh_comm_region *comm = running();

	hv_stopped();
	EXPECT(comm->cell_state == JH_CELL_SHUT_DOWN, "SHUT_DOWN, got %u",
	       (unsigned int)comm->cell_state);
}

/* The first lock is what the root cell sees at once, not the second. */
UNIT_TEST(one_lock_says_running_locked)
{
	struct jh_comm_region *comm = running();

	hv_cell_lock();
	EXPECT(comm->cell_state == JH_CELL_RUNNING_LOCKED,
	       "RUNNING_LOCKED after one lock, got %u",
	       (unsigned int)comm->cell_state);
	hv_cell_unlock();
}

/* hv-poll-ms=0 would leave the root cell stopped: the default stays. */
UNIT_TEST(a_poll_period_of_0_ms_is_refused_for_the_default)
{
	fresh("JHCOMM", 2);
	poll_ms = 0;
	hv_init(NULL);
	EXPECT(poll_ms == JH_POLL_MS_DEFAULT, "%u ms, got %u",
	       JH_POLL_MS_DEFAULT, poll_ms);
	EXPECT(strstr(log_text, "hv-poll-ms=0 refused"), "said so: %s",
	       log_text);
	poll_ms = 25;
	hv_init(NULL);
	EXPECT(poll_ms == 25, "25 ms taken, got %u", poll_ms);
	poll_ms = JH_POLL_MS_DEFAULT;
}

/* fdt/irq.dts: shared@500 is the root cell's (its interrupts stay
 * there), dev@200 is not. */
UNIT_TEST(a_device_shared_with_the_root_cell_has_no_usable_interrupts)
{
	struct fdt irq_tree;
	int shared, own;

	unit_fdt_open(&irq_tree, "irq.dtb");
	shared = fdt_path_offset(&irq_tree, "/shared@500");
	own = fdt_path_offset(&irq_tree, "/dev@200");
	REQUIRE(shared >= 0 && own >= 0, "both nodes found");
	log_text[0] = '\0';
	EXPECT(!hv_device_irqs_usable(&irq_tree, shared),
	       "shared@500's interrupts not usable");
	EXPECT(strstr(log_text, "shared@500 is shared with the root cell"),
	       "said so: %s", log_text);
	EXPECT(hv_device_irqs_usable(&irq_tree, own),
	       "dev@200's interrupts usable");
}

/* A region refused at hv_init() stops the kernel at the report. */
UNIT_TEST(a_refused_region_stops_the_kernel_at_the_report)
{
	fresh("JHCOMm", 2);
	hv_init(NULL);
	fail_called = false;
	fail_armed = true;
	if (!setjmp(exit_jump))
		hv_report();
	fail_armed = false;
	EXPECT(fail_called, "kernel_fail() called");
	EXPECT(strstr(log_text, "cannot run in this cell, stopping"),
	       "said so: %s", log_text);
}

/* --- the console's checks --------------------------------------------- */

/* No console at all: the kernel must learn it, to fail the cell. */
UNIT_TEST(a_region_console_that_does_not_bind_with_none_before_is_no_console)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	hv_init(&tree);
	EXPECT(jh_console_bind(&tree) == -E_NOENT, "-E_NOENT");
	EXPECT(registered == NULL, "nothing registered");
}

UNIT_TEST(a_clock_gate_register_off_a_word_boundary_is_refused)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.clock_reg = A20_APB1_GATE + 2;
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(mmio_reads == 0 && mmio_writes == 0,
	       "no register access, got %u reads and %u writes at 0x%lx",
	       mmio_reads, mmio_writes, (unsigned long)mmio_addr);
	EXPECT(strstr(log_text, "not a bit of an aligned 32-bit register"),
	       "said so: %s", log_text);
}

/* The A20 CCU's registers are 0x01c20000..0x01c203ff: its last word is
 * one (and then refused only for not being UART7's gate), the word past
 * it is not. */
UNIT_TEST(a_clock_gate_must_lie_inside_the_clock_controller)
{
	static const struct {
		uint32_t reg;
		const char *why;
	} cases[] = {
		{ 0x01c203fc, "gives the UART at 0x1c29c00 another" },
		{ 0x01c20400, "not a register of a clock controller" },
	};

	open_bananapi();
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct jh_comm_region *comm = fresh("JHCOMM", 2);

		region_console(comm, JH_CON_TYPE_8250);
		comm->console.clock_reg = cases[i].reg;
		bind_result = 0;
		hv_init(&tree);
		jh_console_bind(&tree);
		EXPECT(mmio_writes == 0 && strstr(log_text, cases[i].why),
		       "gate 0x%x: refused, '%s': %s",
		       (unsigned int)cases[i].reg, cases[i].why, log_text);
	}
}

/* A tree with gates to refuse (fdt/jh-gate.dts). */
static struct fdt gate_tree;

static void open_gate_tree(void)
{
	unit_fdt_open(&gate_tree, "jh-gate.dtb");
}

static void gate_case(uint64_t uart, uint64_t gate, unsigned int bit)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_gate_tree();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.address = uart;
	comm->console.clock_reg = gate;
	comm->console.gate_nr = bit;
	bind_result = 0;
	hv_init(&gate_tree);
	jh_console_bind(&gate_tree);
}

/* A controller window of 2 bytes holds no 32-bit register: its size
 * less 4 must not wrap into "everything above its base". */
UNIT_TEST(a_clock_controller_smaller_than_a_register_holds_no_gate)
{
	gate_case(0x4000, 0x1000, 3);
	EXPECT(mmio_writes == 0 &&
	       strstr(log_text, "not a register of a clock controller"),
	       "refused: %s", log_text);
	gate_case(0x4000, 0x2000, 3);
	EXPECT(mmio_writes == 1, "the 1 KiB controller's first register is "
	       "one: %u writes; %s", mmio_writes, log_text);
}

/* A controller window of 6 bytes holds one register: the word at 4 runs
 * 2 bytes past its end. */
UNIT_TEST(a_clock_gate_must_end_inside_the_clock_controller)
{
	gate_case(0x4000, 0x5000, 3);
	EXPECT(mmio_writes == 1, "0x5000 is the controller's: %u writes; %s",
	       mmio_writes, log_text);
	gate_case(0x4000, 0x5004, 3);
	EXPECT(mmio_writes == 0 &&
	       strstr(log_text, "not a register of a clock controller"),
	       "0x5004 refused: %s", log_text);
}

/* A disabled clock controller is not the cell's: its registers hold no
 * gate to open. */
UNIT_TEST(a_disabled_clock_controller_holds_no_gate)
{
	gate_case(0x4000, 0x6000, 3);
	EXPECT(mmio_writes == 0 &&
	       strstr(log_text, "not a register of a clock controller"),
	       "refused: %s", log_text);
}

/* A clock-gate of three cells is no <register bit> pair to match. */
UNIT_TEST(a_malformed_clock_gate_in_the_tree_matches_no_gate)
{
	gate_case(0x3000, 0x2000, 5);
	EXPECT(mmio_writes == 0 && strstr(log_text, "another"),
	       "refused: %s", log_text);
}

/* The command line moving the console to port I/O at the region UART's
 * number is another UART: the region's gate stays shut. */
UNIT_TEST(the_command_line_moving_the_uart_to_port_io_leaves_the_gate_alone)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	con_is_mmio = false;
	con_is_mmio_given = true;
	hv_init(&tree);
	jh_console_bind(&tree);
	con_is_mmio_given = false;
	EXPECT(mmio_reads == 0 && mmio_writes == 0,
	       "no register access, got %u reads and %u writes at 0x%lx",
	       mmio_reads, mmio_writes, (unsigned long)mmio_addr);
	EXPECT(bind_calls == 1 && bound.pio, "the port-I/O UART asked for");
	EXPECT(strstr(log_text, "left alone: the command line replaced"),
	       "said so: %s", log_text);
}

/* con-base moving the console to another UART of the region's type:
 * the region's gate is its own UART's, not the one bound. */
UNIT_TEST(the_command_line_moving_the_uart_elsewhere_leaves_the_gate_alone)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	con_base = 0x01c28000;
	con_base_given = true;
	hv_init(&tree);
	jh_console_bind(&tree);
	con_base_given = false;
	EXPECT(mmio_reads == 0 && mmio_writes == 0,
	       "no register access, got %u reads and %u writes at 0x%lx",
	       mmio_reads, mmio_writes, (unsigned long)mmio_addr);
	EXPECT(bind_calls == 1 && bound.base == 0x01c28000,
	       "UART0 asked for, got 0x%lx", (unsigned long)bound.base);
	EXPECT(strstr(log_text, "left alone: the command line replaced"),
	       "said so: %s", log_text);
}

/* The divisor latch holds 16 bits: 0xffff is taken, 0x10000 refused. */
UNIT_TEST(a_region_divider_is_taken_up_to_16_bits)
{
	static const struct {
		uint32_t divider, used;
	} cases[] = { { 0xffff, 0xffff }, { 0x10000, 0 } };

	open_bananapi();
	for (unsigned int i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct jh_comm_region *comm = fresh("JHCOMM", 2);

		region_console(comm, JH_CON_TYPE_8250);
		comm->console.divider = cases[i].divider;
		bind_result = 0;
		hv_init(&tree);
		jh_console_bind(&tree);
		EXPECT(bind_calls == 1 && bound.divider == cases[i].used,
		       "divider 0x%x: 0x%x used, got 0x%x",
		       (unsigned int)cases[i].divider,
		       (unsigned int)cases[i].used,
		       (unsigned int)bound.divider);
	}
	EXPECT(strstr(log_text, "divider 0x10000 rejected"), "said so: %s",
	       log_text);
}

/* A region's PL011 is bound as a PL011. */
UNIT_TEST(a_region_pl011_is_asked_for_as_a_pl011)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_PL011);
	comm->console.clock_reg = 0;
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(bind_calls == 1 && !strcmp(bound.type, "pl011"),
	       "a pl011 asked for, got %s", bind_calls ? bound.type : "none");
}

/* Jailhouse's demos write con-type=PL011; the lower case is taken too. */
UNIT_TEST(con_type_pl011_is_taken_in_either_case)
{
	static char upper[] = "PL011", lower[] = "pl011";
	char *names[] = { upper, lower };

	open_bananapi();
	for (unsigned int i = 0; i < 2; i++) {
		struct jh_comm_region *comm = fresh("JHCOMM", 2);

		region_console(comm, JH_CON_TYPE_8250);
		bind_result = 0;
		con_type = names[i];
		hv_init(&tree);
		jh_console_bind(&tree);
		con_type = NULL;
		EXPECT(bind_calls == 1 && !strcmp(bound.type, "pl011"),
		       "con-type=%s: a pl011 asked for, got %s", names[i],
		       bind_calls ? bound.type : "none");
	}
}

/* The debug console hands each character to the hypercall. */
UNIT_TEST(the_debug_console_prints_each_character_through_the_hypercall)
{
	putc_n = 0;
	virtual_console.write(&virtual_console, "ok\n", 3);
	EXPECT(putc_n == 3 && !memcmp(putc_text, "ok\n", 3),
	       "'ok\\n' through the hypercall, got %zu characters", putc_n);
}

/* JH_CON_FLAG_INVERTED_GATE: the gate opens with its bit cleared. */
UNIT_TEST(an_inverted_clock_gate_is_opened_by_clearing_its_bit)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.flags |= JH_CON_FLAG_INVERTED_GATE;
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(mmio_writes == 1 &&
	       mmio_written == (GATE_BEFORE & ~(1u << A20_UART7_GATE)),
	       "bit %u cleared, the others kept: 0x%x", A20_UART7_GATE,
	       (unsigned int)mmio_written);
	EXPECT(strstr(log_text, "cleared (inverted gate)"), "said so: %s",
	       log_text);
}

/* A region console without a gate register has no gate to check. */
UNIT_TEST(a_console_without_a_clock_gate_touches_none)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.clock_reg = 0;
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(mmio_reads == 0 && mmio_writes == 0 && bind_calls == 1,
	       "UART7 bound, no register access: %u reads, %u writes",
	       mmio_reads, mmio_writes);
	EXPECT(!strstr(log_text, "clock gate"), "no gate named: %s", log_text);
}

/* A 32-bit register has bits 0..31: bit 32 would shift out of it. */
UNIT_TEST(a_clock_gate_bit_past_31_is_refused)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.gate_nr = 32;
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(mmio_reads == 0 && mmio_writes == 0,
	       "no register access, got %u reads and %u writes", mmio_reads,
	       mmio_writes);
	EXPECT(strstr(log_text, "gate 32 at 0x1c2006c rejected: not a bit"),
	       "said so: %s", log_text);
}

/* A controller window of exactly one register holds that register. */
UNIT_TEST(a_clock_controller_of_one_register_holds_it)
{
	gate_case(0x4000, 0x7000, 3);
	EXPECT(mmio_writes == 1, "0x7000 is the controller's: %u writes; %s",
	       mmio_writes, log_text);
}

/* A controller window of 7 bytes holds one register: the word at 4 runs
 * 1 byte past its end. */
UNIT_TEST(a_clock_gate_one_byte_past_the_controller_is_refused)
{
	gate_case(0x4000, 0x8004, 3);
	EXPECT(mmio_writes == 0 &&
	       strstr(log_text, "not a register of a clock controller"),
	       "0x8004 refused: %s", log_text);
}

/* Jailhouse answers the debug-console hypercall only where the cell's
 * config permits it: ACTIVE without PERMITTED is not taken. */
UNIT_TEST(an_active_debug_console_that_is_not_permitted_is_not_used)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	comm->flags = JH_FLAG_DBG_PUTC_ACTIVE;
	hv_init(NULL);
	EXPECT(jh_console_bind(NULL) == -E_NOENT, "no console");
	EXPECT(registered == NULL, "nothing registered");
	EXPECT(strstr(log_text, "not permitted for this cell; ignoring its "
		      "active flag"), "said so: %s", log_text);
}

/* The tree gives UART7 bit 23 of the gate register: bit 22 is another
 * device's gate. */
UNIT_TEST(a_clock_gate_bit_other_than_the_trees_is_refused)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.gate_nr = A20_UART7_GATE - 1;
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(mmio_writes == 0 && strstr(log_text, "another"),
	       "refused: %s", log_text);
}

/* --- the command line's con-* options ---------------------------------- */

/* Each con-* option given is named as a source in the boot log, beside
 * the region whose UART it adjusts. */
UNIT_TEST(each_con_option_given_is_named_as_a_source_of_the_console)
{
	bool *given[] = { &con_divider_given, &con_is_mmio_given,
			  &con_regdist_1_given, &con_clock_reg_given,
			  &con_gate_nr_given };

	open_bananapi();
	for (unsigned int i = 0; i < sizeof(given) / sizeof(given[0]); i++) {
		struct jh_comm_region *comm = fresh("JHCOMM", 2);

		region_console(comm, JH_CON_TYPE_8250);
		bind_result = 0;
		/* Values that keep the region's UART as it is. */
		con_divider = 0;
		con_is_mmio = true;
		con_regdist_1 = false;
		con_clock_reg = A20_APB1_GATE;
		con_gate_nr = A20_UART7_GATE;
		*given[i] = true;
		hv_init(&tree);
		jh_console_bind(&tree);
		*given[i] = false;
		EXPECT(strstr(log_text, "from the communication region and the "
			      "command line"),
		       "option %u named beside the region: %s", i, log_text);
	}
}

/* con-divider replaces the region's divider; a valid con-type is named
 * as a source of the console too. */
UNIT_TEST(con_divider_and_con_type_are_taken_and_named)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);
	static char type[] = "8250";

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.divider = 1;
	bind_result = 0;
	con_divider = 13;
	con_divider_given = true;
	con_type = type;
	hv_init(&tree);
	jh_console_bind(&tree);
	con_divider_given = false;
	EXPECT(bind_calls == 1 && bound.divider == 13,
	       "divider 13 asked for, got %u", (unsigned int)bound.divider);
	fresh("JHCOMM", 2);
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	con_type = NULL;
	EXPECT(strstr(log_text, "from the communication region and the "
		      "command line"), "con-type named: %s", log_text);
}

/* con-regdist-1: registers 1 byte apart, 8 bits wide. */
UNIT_TEST(con_regdist_1_puts_the_registers_a_byte_apart)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	con_regdist_1 = true;
	con_regdist_1_given = true;
	hv_init(&tree);
	jh_console_bind(&tree);
	con_regdist_1_given = false;
	EXPECT(bind_calls == 1 && bound.reg_shift == 0 && bound.reg_width == 1,
	       "shift 0, width 1, got %d and %u", bound.reg_shift,
	       (unsigned int)bound.reg_width);
}

/* Without REGDIST_4 the region's UART has registers 1 byte apart. */
UNIT_TEST(a_region_console_without_regdist_4_has_registers_a_byte_apart)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	comm->console.flags = JH_CON_FLAG_MMIO;
	bind_result = 0;
	hv_init(&tree);
	jh_console_bind(&tree);
	EXPECT(bind_calls == 1 && bound.reg_shift == 0 &&
	       bound.reg_width == 1 && !bound.pio,
	       "MMIO, shift 0, width 1, got %d and %u", bound.reg_shift,
	       (unsigned int)bound.reg_width);
}

/* con-gate-nr alone: the region's register, the command line's bit. */
UNIT_TEST(con_gate_nr_alone_opens_that_bit_of_the_regions_register)
{
	con_gate_nr = 7;
	con_gate_nr_given = true;
	gate_case(0x4000, 0x2000, 3);
	con_gate_nr_given = false;
	EXPECT(mmio_writes == 1 && mmio_addr == 0x2000 &&
	       mmio_written == (GATE_BEFORE | 1u << 7),
	       "bit 7 of 0x2000 set: %u writes, 0x%x at 0x%lx; %s", mmio_writes,
	       (unsigned int)mmio_written, (unsigned long)mmio_addr, log_text);
}

/* con-clock-reg alone: the command line's register, the region's bit. */
UNIT_TEST(con_clock_reg_alone_opens_the_regions_bit_of_that_register)
{
	con_clock_reg = 0x2004;
	con_clock_reg_given = true;
	gate_case(0x4000, 0x2000, 3);
	con_clock_reg_given = false;
	EXPECT(mmio_writes == 1 && mmio_addr == 0x2004 &&
	       mmio_written == (GATE_BEFORE | 1u << 3),
	       "bit 3 of 0x2004 set: %u writes, 0x%x at 0x%lx; %s", mmio_writes,
	       (unsigned int)mmio_written, (unsigned long)mmio_addr, log_text);
}

/* The command line's gate is checked against the tree's gate of the UART
 * the command line binds (con-base), not the region's. */
UNIT_TEST(a_command_line_gate_is_checked_against_the_uart_it_binds)
{
	con_base = 0x3000;
	con_base_given = true;
	con_gate_nr = 7;
	con_gate_nr_given = true;
	gate_case(0x4000, 0x2000, 3);
	con_base_given = con_gate_nr_given = false;
	EXPECT(mmio_writes == 0 && strstr(log_text, "another"),
	       "refused: serial@3000's gate is bit 5: %s", log_text);
}

/* con-type naming another type at the region UART's address is another
 * UART: the region's gate stays shut. */
UNIT_TEST(the_command_line_changing_the_uart_type_leaves_the_gate_alone)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);
	static char type[] = "PL011";

	open_bananapi();
	region_console(comm, JH_CON_TYPE_8250);
	bind_result = 0;
	con_type = type;
	hv_init(&tree);
	jh_console_bind(&tree);
	con_type = NULL;
	EXPECT(mmio_reads == 0 && mmio_writes == 0,
	       "no register access, got %u reads and %u writes", mmio_reads,
	       mmio_writes);
	EXPECT(strstr(log_text, "left alone: the command line replaced"),
	       "said so: %s", log_text);
}

/* A region console without JH_CON_FLAG_MMIO is in port I/O (a PC's COM
 * port). */
UNIT_TEST(a_region_console_without_the_mmio_flag_is_port_io)
{
	struct jh_comm_region *comm = fresh("JHCOMM", 2);

	region_console(comm, JH_CON_TYPE_8250);
	comm->console.address = 0x3f8;
	comm->console.flags = 0;
	comm->console.clock_reg = 0;
	bind_result = 0;
	hv_init(NULL);
	jh_console_bind(NULL);
	EXPECT(bind_calls == 1 && bound.base == 0x3f8 && bound.pio,
	       "port 0x3f8 asked for, got %s 0x%lx",
	       bound.pio ? "port" : "address", (unsigned long)bound.base);
}

/* Jailhouse's numbers (siemens/jailhouse include/jailhouse/hypercall.h
 * at 2f21dba7, console.h at 42b1f5a5): the backend's names are only
 * right if their values are the hypervisor's. */
UNIT_TEST(the_regions_codes_and_the_putc_hypercall_are_jailhouses)
{
	static const struct {
		const char *name;
		unsigned long ours, jailhouses;
	} codes[] = {
		{ "COMM_REGION_ABI_REVISION", JH_COMM_REVISION, 2 },
		{ "CELL_RUNNING", JH_CELL_RUNNING, 0 },
		{ "CELL_RUNNING_LOCKED", JH_CELL_RUNNING_LOCKED, 1 },
		{ "CELL_SHUT_DOWN", JH_CELL_SHUT_DOWN, 2 },
		{ "CELL_FAILED", JH_CELL_FAILED, 3 },
		{ "CELL_FAILED_COMM_REV", JH_CELL_FAILED_COMM_REV, 4 },
		{ "MSG_NONE", JH_MSG_NONE, 0 },
		{ "MSG_SHUTDOWN_REQUEST", JH_MSG_SHUTDOWN_REQUEST, 1 },
		{ "MSG_RECONFIG_COMPLETED", JH_MSG_RECONFIG_COMPLETED, 2 },
		{ "MSG_UNKNOWN", JH_REPLY_UNKNOWN, 1 },
		{ "MSG_REQUEST_DENIED", JH_REPLY_REQUEST_DENIED, 2 },
		{ "MSG_REQUEST_APPROVED", JH_REPLY_REQUEST_APPROVED, 3 },
		{ "MSG_RECEIVED", JH_REPLY_RECEIVED, 4 },
		{ "COMM_FLAG_DBG_PUTC_PERMITTED", JH_FLAG_DBG_PUTC_PERMITTED, 1 },
		{ "COMM_FLAG_DBG_PUTC_ACTIVE", JH_FLAG_DBG_PUTC_ACTIVE, 2 },
		{ "CON_TYPE_NONE", JH_CON_TYPE_NONE, 0 },
		{ "CON_TYPE_8250", JH_CON_TYPE_8250, 2 },
		{ "CON_TYPE_PL011", JH_CON_TYPE_PL011, 3 },
		{ "CON_ACCESS_MMIO", JH_CON_FLAG_MMIO, 1 },
		{ "CON_REGDIST_4", JH_CON_FLAG_REGDIST_4, 2 },
		{ "CON_INVERTED_GATE", JH_CON_FLAG_INVERTED_GATE, 0x1000 },
		{ "CON_MDR_QUIRK", JH_CON_FLAG_MDR_QUIRK, 0x2000 },
		{ "HC_DEBUG_CONSOLE_PUTC", JH_HC_DEBUG_CONSOLE_PUTC, 8 },
	};

	EXPECT(memcmp(JH_COMM_SIGNATURE, "JHCOMM", 7) == 0,
	       "signature \"JHCOMM\", got \"%s\"", JH_COMM_SIGNATURE);
	for (unsigned int i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		EXPECT(codes[i].ours == codes[i].jailhouses,
		       "JAILHOUSE_%s is %lu, ours %lu", codes[i].name,
		       codes[i].jailhouses, codes[i].ours);
}

int main(void)
{
	return unit_run_all();
}
