/* The Jailhouse backend: the communication region, the cell state, and the
 * hypervisor's messages.
 *
 * Messages arrive without an interrupt: a software timer polls
 * msg_to_cell every hv-poll-ms (default 10 ms) and wakes the `cell`
 * thread (priority hv-prio, default the highest) when one is pending. The
 * worst-case reaction time is therefore one poll period plus the wake-up
 * of that thread, plus, at a lower hv-prio, whatever time the threads
 * above it keep the CPU; between polls the CPU is free (the timer costs
 * one short interrupt per period, and the tickless kernel sleeps
 * otherwise).
 *
 * The watch cannot be turned off: Jailhouse sends a shutdown request to a
 * cell before it loads, starts or destroys it (its driver destroys every
 * cell before `jailhouse disable`), and "reconfiguration completed" to
 * every cell after any cell is created or destroyed; it busy-waits for
 * each answer with the root cell's CPUs stopped, forever unless the
 * cell's config sets msg_reply_timeout or JAILHOUSE_CELL_PASSIVE_COMMREG
 * -- which the cell cannot see. */
#include "hv.h"

#include "arch.h"
#include "bootlog.h"
#include "cmdline.h"
#include "console.h"
#include "fdt.h"
#include "io.h"
#include "jailhouse.h"
#include "kernel.h"
#include "kerr.h"
#include "kstring.h"
#include "linker.h"
#include "platform.h"
#include "sem.h"
#include "swtimer.h"
#include "thread.h"

struct jh_comm_region *jh_comm;
static bool jh_fatal;
static unsigned int lock_depth;
static hv_shutdown_fn shutdown_fn;
static void *shutdown_arg;

#define JH_POLL_MS_DEFAULT 10
static unsigned int poll_ms = JH_POLL_MS_DEFAULT;
static unsigned int hv_prio = THREAD_PRIO_MAX;
CMDLINE_UINT(poll_ms, "hv-poll-ms", 0, 10000,
	     "how often to look for hypervisor messages, in ms (not 0)");
CMDLINE_UINT(hv_prio, "hv-prio", 1, THREAD_PRIO_MAX,
	     "priority of the thread answering hypervisor messages");

static struct swtimer poll_timer;
static struct sem msg_pending;
static struct thread cell_thread;
static uint8_t cell_stack[1024] NOINIT("cell_stack") __attribute__((aligned(16)));

/* The region's page, at the address the build took from the device tree
 * the image embeds (hv/jailhouse/jailhouse.cmake): known before the tree
 * is read, so that every failure can be reported. */
#define JH_COMM_PAGE ((struct jh_comm_region *)(uintptr_t)CELLMATE_JH_COMM_BASE)
static bool jh_opened;

/* Checks that the page is a region we understand; if not, says so in the
 * one field every revision shares (as Jailhouse's own inmates do) and
 * returns NULL. Once: the answer is kept in jh_comm. */
static struct jh_comm_region *jh_open(void)
{
	struct jh_comm_region *comm = JH_COMM_PAGE;
	struct {
		char signature[6];
		uint16_t revision;
	} __attribute__((packed)) head;
	char sig[7];

	if (jh_opened)
		return jh_comm;
	jh_opened = true;
	/* One snapshot: the message shows the header that was checked. */
	jh_snapshot(&head, comm, sizeof(head));
	if (memcmp(head.signature, JH_COMM_SIGNATURE, 6) == 0 &&
	    head.revision == JH_COMM_REVISION) {
		jh_comm = comm;
		return comm;
	}
	for (int i = 0; i < 6; i++) {
		char c = head.signature[i];

		sig[i] = c >= ' ' && c <= '~' ? c : '?';
	}
	sig[6] = '\0';
	bootlog("jailhouse: the communication region at %p has signature "
		"'%s', ABI revision %u; expected '%s' revision %u: not using it",
		(void *)comm, sig, head.revision, JH_COMM_SIGNATURE,
		JH_COMM_REVISION);
	io_barrier();
	comm->cell_state = JH_CELL_FAILED_COMM_REV;
	io_barrier();
	return NULL;
}

/* Also before hv_init(): a panic while the device tree is read must
 * still say FAILED, or the root cell waits for this cell's answer at its
 * next cell command. */
static void jh_set_state(uint32_t state)
{
	struct jh_comm_region *comm = jh_open();

	if (!comm)
		return;
	io_barrier();
	comm->cell_state = state;
	io_barrier();
}

/* hv-poll-ms=0 would leave the root cell stopped at its next cell
 * command: refused, the default stays. */
static void jh_check_poll(void)
{
	if (poll_ms)
		return;
	poll_ms = JH_POLL_MS_DEFAULT;
	bootlog("jailhouse: hv-poll-ms=0 refused: the hypervisor waits for "
		"this cell's answer to every cell command with the root "
		"cell's CPUs stopped; answering within %u ms", poll_ms);
}

/* The PCI configuration space base sits in the region's generic header
 * (offset 56), alike on every architecture. */
static void jh_apply_mmconfig(void)
{
	uint64_t mmconfig;

	jh_snapshot(&mmconfig, &jh_comm->pci_mmconfig_base, sizeof(mmconfig));
	if (mmconfig)
		platform_set("pci,mmconfig-base", mmconfig);
}

void hv_init(const struct fdt *fdt)
{
	jh_check_poll();
	if (!jh_open()) {
		jh_fatal = true;
		return;
	}
	if (!jh_platform_apply(jh_comm, fdt)) {
		jh_fatal = true;
		return;
	}
	jh_apply_mmconfig();
}

int hv_console_bind(const struct fdt *fdt)
{
	return jh_console_bind(fdt);
}

bool hv_device_shared(const struct fdt *fdt, int node)
{
	return fdt_prop_bool(fdt, node, "cellmate,jailhouse-root-shared");
}

bool hv_device_irqs_usable(const struct fdt *fdt, int node)
{
	const char *name;

	if (!hv_device_shared(fdt, node))
		return true;
	name = fdt_node_name(fdt, node);
	kprintf("jailhouse: %s is shared with the root cell "
		"(cellmate,jailhouse-root-shared): its interrupts stay the root "
		"cell's, this cell cannot use them\n", name ? name : "?");
	return false;
}

void hv_report(void)
{
	if (jh_fatal) {
		kprintf("jailhouse: cannot run in this cell, stopping\n");
		kernel_fail();
	}
	kprintf("jailhouse: communication region at %p, flags 0x%x\n",
		(void *)jh_comm, (unsigned int)jh_comm->flags);
}

/* --- messages -------------------------------------------------------------- */

static void jh_reply(uint32_t reply)
{
	/* Jailhouse's order: consume the message, make that visible, then
	 * answer. */
	jh_comm->msg_to_cell = JH_MSG_NONE;
	io_barrier();
	jh_comm->reply_from_cell = reply;
	io_barrier();
}

/* Approves: the lock, which denies whatever a handler says, is read once,
 * by jh_shutdown_request(). */
static bool jh_default_shutdown(void *arg)
{
	(void)arg;
	return true;
}

/* The lock is read and the answer written with interrupts masked: a lock
 * taken in between (an interrupt handler, a thread of higher priority
 * than hv-prio) would otherwise meet an approval decided before it. The
 * answer comes first, the line after: the hypervisor waits with the root
 * cell's CPUs stopped, not for the console. */
static void jh_shutdown_request(void)
{
	irqstate_t s = arch_irq_save();
	hv_shutdown_fn fn = shutdown_fn;	/* a pair set together */
	void *arg = shutdown_arg;
	bool approve = !hv_cell_locked();

	arch_irq_restore(s);
	/* A locked cell does not ask: the handler's work before a stop must
	 * not run for a request that is denied anyway. */
	if (approve)
		approve = fn(arg);
	s = arch_irq_save();

	if (approve && !hv_cell_locked()) {
		jh_reply(JH_REPLY_REQUEST_APPROVED);
		/* Still masked: nothing runs before the kernel stops. */
		kprintf("jailhouse: shutdown request approved\n");
		kernel_exit(EXIT_OK);	/* quiesces, then SHUT_DOWN */
	}
	jh_reply(JH_REPLY_REQUEST_DENIED);
	arch_irq_restore(s);
	kprintf("jailhouse: shutdown request denied\n");
}

static void jh_handle(uint32_t msg)
{
	switch (msg) {
	case JH_MSG_SHUTDOWN_REQUEST:
		jh_shutdown_request();
		return;
	case JH_MSG_RECONFIG_COMPLETED:
		jh_reply(JH_REPLY_RECEIVED);
		return;
	default:
		jh_reply(JH_REPLY_UNKNOWN);
		kprintf("jailhouse: unknown message %u\n", (unsigned int)msg);
		return;
	}
}

static void jh_cell_main(void *arg)
{
	(void)arg;
	for (;;) {
		sem_take(&msg_pending, TIMEOUT_FOREVER);
		uint32_t msg = jh_comm->msg_to_cell;

		if (msg != JH_MSG_NONE)
			jh_handle(msg);
	}
}

static void jh_poll(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
	if (jh_comm->msg_to_cell != JH_MSG_NONE)
		sem_give_from_isr(&msg_pending);
}

void hv_start(void)
{
	if (!shutdown_fn)
		shutdown_fn = jh_default_shutdown;
	jh_set_state(lock_depth ? JH_CELL_RUNNING_LOCKED : JH_CELL_RUNNING);
	sem_init(&msg_pending, 0, 1);
	thread_create(&cell_thread, "cell", hv_prio, jh_cell_main, NULL,
		      cell_stack, sizeof(cell_stack), THREAD_NO_GUARD);
	swtimer_init(&poll_timer, jh_poll, NULL);
	swtimer_start(&poll_timer, MS(poll_ms), MS(poll_ms));
	kprintf("jailhouse: cell running, answering messages within %u ms\n",
		poll_ms);
}

void hv_stopped(void)
{
	jh_set_state(JH_CELL_SHUT_DOWN);
}

void hv_failed(void)
{
	jh_set_state(JH_CELL_FAILED);
}

void hv_cell_lock(void)
{
	irqstate_t s = arch_irq_save();

	if (lock_depth++ == 0)
		jh_set_state(JH_CELL_RUNNING_LOCKED);
	arch_irq_restore(s);
}

void hv_cell_unlock(void)
{
	irqstate_t s = arch_irq_save();

	if (lock_depth && --lock_depth == 0)
		jh_set_state(JH_CELL_RUNNING);
	arch_irq_restore(s);
}

bool hv_cell_locked(void)
{
	return lock_depth != 0;
}

void hv_set_shutdown_handler(hv_shutdown_fn fn, void *arg)
{
	/* Masked: the hv thread must not take a new handler with the old
	 * argument. */
	irqstate_t s = arch_irq_save();

	shutdown_fn = fn ? fn : jh_default_shutdown;
	shutdown_arg = arg;
	arch_irq_restore(s);
}

const char *hv_name(void)
{
	return "jailhouse";
}
