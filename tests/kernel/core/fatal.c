/* Fatal misuse, one per run (`fatal=...`): each must end the kernel with a
 * report that names the thread at fault (exit status 2). */
#include "cmdline.h"
#include "console.h"
#include "event.h"
#include "irq.h"
#include "kernel.h"
#include "kstring.h"
#include "ktime.h"
#include "memmap.h"
#include "msgq.h"
#include "mutex.h"
#include "panic.h"
#include "sem.h"
#include "swtimer.h"
#include "thread.h"

static const char *fatal_kind = "";
CMDLINE_STR(fatal_kind, "fatal", 16,
	    "guard, guard-after-use, canary, fp, fp-after-fp, isr-block, "
	    "isr-mutex, isr-sem-give, isr-event-set, isr-msgq-send, "
	    "isr-sem-wait, isr-yield, "
	    "exit-locked, div0, swtimer-init, "
	    "lend-sleep, long-chain, console-fault, mutex-init-held, "
	    "sem-init-waited, event-init-wait, msgq-init-recv or "
	    "msgq-init-send");

void fp_touch(void);

static struct thread victim;
static uint8_t guarded_stack[3 * 4096] __attribute__((aligned(4096)));
static uint8_t plain_stack[2048] __attribute__((aligned(16)));

static unsigned int recurse(unsigned int n)
{
	volatile uint8_t pad[256];

	pad[0] = (uint8_t)n;
	return n ? recurse(n - 1) + pad[0] : 0;
}

static void deep(void *arg)
{
	(void)arg;
	kprintf("fatal: recursing into the guard page\n");
	recurse(100000);
}

static void smash(void *arg)
{
	(void)arg;
	/* Simulates an overflow that skipped the guard: scribble on the
	 * canary, then let the scheduler look. */
	memset(plain_stack, 0x5a, 64);
	kprintf("fatal: canary overwritten, yielding\n");
	thread_yield();
}

static void nofp(void *arg)
{
	(void)arg;
	kprintf("fatal: using the FPU without THREAD_FP\n");
	fp_touch();
}

/* A THREAD_FP thread that uses the unit and ends: the switch away from
 * it turns the unit off again for the threads without FP context. */
static struct thread fp_user;

static void fp_use(void *arg)
{
	(void)arg;
	kprintf("fatal: using the FPU with THREAD_FP\n");
	fp_touch();
}

static struct sem never;

static void blocking_isr(void *arg)
{
	(void)arg;
	sem_take(&never, TIMEOUT_FOREVER);
}

/* A mutex belongs to a thread: an interrupt handler has none to lock it
 * for, whatever the timeout (the free mutex here would go to the thread
 * it interrupted). */
static struct mutex isr_mutex;

static void locking_isr(void *arg)
{
	(void)arg;
	kprintf("fatal: mutex_lock from an interrupt handler gave %d\n",
		mutex_lock(&isr_mutex, TIMEOUT_NONE));
}

/* Thread-context calls that have a _from_isr variant, from a handler
 * where they would not block (a give, a set, a send with room): each
 * asserts all the same, naming the variant or the rule. */
static void giving_isr(void *arg)
{
	(void)arg;
	kprintf("fatal: sem_give from an interrupt handler gave %d\n",
		sem_give(&never));
}

/* A take with a timeout is a wait, for threads, even with a count to
 * take (only a try, TIMEOUT_NONE, is a handler's); a yield is a
 * thread's too. */
static void waiting_isr(void *arg)
{
	(void)arg;
	kprintf("fatal: sem_take with a timeout in an interrupt handler "
		"gave %d\n", sem_take(&never, TIMEOUT_FOREVER));
}

static void yielding_isr(void *arg)
{
	(void)arg;
	thread_yield();
	kprintf("fatal: thread_yield from an interrupt handler returned\n");
}

static struct event isr_event;

static void setting_isr(void *arg)
{
	(void)arg;
	event_set(&isr_event, 0x1);
	kprintf("fatal: event_set from an interrupt handler returned\n");
}

static struct msgq isr_queue;
static uint32_t isr_queue_buf[2];

static void sending_isr(void *arg)
{
	uint32_t item = 1;

	(void)arg;
	kprintf("fatal: msgq_send from an interrupt handler gave %d\n",
		msgq_send(&isr_queue, &item, TIMEOUT_NONE));
}

static void raise_in_handler(irq_handler_t fn)
{
	unsigned int irq;

	irq_soft(2, &irq);
	irq_attach(irq, fn, NULL);
	irq_enable(irq);
	irq_raise(irq);
}

static struct mutex held;

static void exit_holding(void *arg)
{
	(void)arg;
	mutex_lock(&held, TIMEOUT_FOREVER);
	kprintf("fatal: exiting with a mutex held\n");
}

/* Initialising an object in use would strand its waiters, or leave its
 * holder's list of mutexes going round without end. */
static struct mutex reinit_mutex;
static struct sem waited_sem;

static void reinit_held(void *arg)
{
	(void)arg;
	mutex_init(&reinit_mutex, 0);
	mutex_lock(&reinit_mutex, TIMEOUT_FOREVER);
	kprintf("fatal: initialising a held mutex again\n");
	mutex_init(&reinit_mutex, 0);
	thread_sleep(SEC(3600));
}

static void wait_on_sem(void *arg)
{
	(void)arg;
	sem_take(&waited_sem, TIMEOUT_FOREVER);
}

static void reinit_waited_sem(void)
{
	sem_init(&waited_sem, 0, 1);
	thread_create(&victim, "waiter", 20, wait_on_sem, NULL, plain_stack,
		      sizeof(plain_stack), 0);
	kprintf("fatal: initialising a semaphore a thread waits on\n");
	sem_init(&waited_sem, 0, 1);
}

static struct event waited_event;

static void wait_on_event(void *arg)
{
	(void)arg;
	event_wait(&waited_event, 1, EVENT_ANY, TIMEOUT_FOREVER, NULL);
}

static void reinit_waited_event(void)
{
	event_init(&waited_event, 0);
	thread_create(&victim, "waiter", 20, wait_on_event, NULL, plain_stack,
		      sizeof(plain_stack), 0);
	kprintf("fatal: initialising event flags a thread waits on\n");
	event_init(&waited_event, 0);
}

/* A queue with a receiver waiting (empty) and one with a sender waiting
 * (a rendezvous: capacity 0). */
static struct msgq waited_queue;
static uint32_t waited_queue_buf[2];

static void recv_from_queue(void *arg)
{
	uint32_t item;

	(void)arg;
	msgq_recv(&waited_queue, &item, TIMEOUT_FOREVER);
}

static void send_to_queue(void *arg)
{
	uint32_t item = 1;

	(void)arg;
	msgq_send(&waited_queue, &item, TIMEOUT_FOREVER);
}

static void reinit_waited_queue(void (*waiter)(void *), unsigned int cap)
{
	msgq_init(&waited_queue, cap ? waited_queue_buf : NULL,
		  sizeof(waited_queue_buf[0]), cap);
	thread_create(&victim, "waiter", 20, waiter, NULL, plain_stack,
		      sizeof(plain_stack), 0);
	kprintf("fatal: initialising a message queue a thread waits on\n");
	msgq_init(&waited_queue, cap ? waited_queue_buf : NULL,
		  sizeof(waited_queue_buf[0]), cap);
}

static struct swtimer running_timer;

static void on_expiry(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
}

static void reinit_running(void *arg)
{
	(void)arg;
	swtimer_init(&running_timer, on_expiry, NULL);
	swtimer_start(&running_timer, MS(100), 0);
	kprintf("fatal: initialising a running software timer again\n");
	swtimer_init(&running_timer, on_expiry, NULL);
}

/* A thread that borrowed the timer and then sleeps would never wake.
 * The sleep is long: without icount virtual time follows the host's, and
 * a loaded host could stall the guest past a short deadline before the
 * sleep arms it (a deadline already passed returns at once). */
static void sleep_while_lent(void *arg)
{
	uint64_t due;

	(void)arg;
	ktime_lend(&due);
	kprintf("fatal: sleeping while the timer is lent\n");
	thread_sleep(SEC(3600));
}

/* Read through a volatile: the compiler cannot see the zero. */
static volatile uint64_t zero;

static void divide(void *arg)
{
	(void)arg;
	kprintf("fatal: dividing by zero\n");
	kprintf("fatal: %llu\n", (unsigned long long)(1234567890123ull / zero));
}

/* A chain of mutex owners grown from behind past MUTEX_CHAIN_MAX: every
 * lock saw few enough owners ahead of it, but a boost from the back of the
 * chain cannot reach its end. Link i holds mutex i and waits for i + 1;
 * the last waits forever, link 1 first for chain_go. */
#define CHAIN (MUTEX_CHAIN_MAX + 2)
static struct thread chain_t[CHAIN];
static struct mutex chain_m[CHAIN];
static uint8_t chain_stacks[CHAIN][1024] __attribute__((aligned(16)));
static struct sem chain_go;

static void chain_link(void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	mutex_lock(&chain_m[i], TIMEOUT_FOREVER);
	if (i == 1)
		sem_take(&chain_go, TIMEOUT_FOREVER);
	if (i + 1 < CHAIN)
		mutex_lock(&chain_m[i + 1], TIMEOUT_FOREVER);
	else
		sem_take(&never, TIMEOUT_FOREVER);
}

static void grow_chain_from_behind(void)
{
	sem_init(&never, 0, 1);
	sem_init(&chain_go, 0, 1);
	for (unsigned int i = CHAIN; i-- > 0;) {
		mutex_init(&chain_m[i], 0);
		thread_create(&chain_t[i], "link", 20, chain_link,
			      (void *)(uintptr_t)i, chain_stacks[i],
			      sizeof(chain_stacks[i]), 0);
	}
	/* Link 1, one owner ahead of link 0, now waits behind the others. */
	sem_give(&chain_go);
	kprintf("fatal: raising the back of a chain of %u owners\n",
		CHAIN - 1);
	thread_set_priority(&chain_t[0], 25);
}

/* A console whose device faults on every write: the panic's report
 * faults, and so would the fault's report. Its address is the first byte
 * after the last RAM region, which no page table maps. */
static void faulting_write(struct console *con, const char *s, size_t n)
{
	const struct memmap *map = kernel_memmap();
	const struct memmap_region *last = &map->r[map->count - 1];

	(void)con;
	(void)s;
	(void)n;
	*(volatile uint32_t *)(uintptr_t)(last->base + last->size) = 0;
}

static struct console faulting_console = {
	.name = "faulting",
	.write = faulting_write,
};

int app_main(void)
{
	if (!strcmp(fatal_kind, "guard")) {
		thread_create(&victim, "deep", 20, deep, NULL, guarded_stack,
			      sizeof(guarded_stack), 0);
	} else if (!strcmp(fatal_kind, "guard-after-use")) {
		/* The page that becomes the guard was just memory in use: a
		 * TLB entry may still map it, which the guard must flush. */
		*(volatile uint8_t *)guarded_stack = 1;
		thread_create(&victim, "deep", 20, deep, NULL, guarded_stack,
			      sizeof(guarded_stack), 0);
	} else if (!strcmp(fatal_kind, "canary")) {
		thread_create(&victim, "smash", 20, smash, NULL, plain_stack,
			      sizeof(plain_stack), THREAD_NO_GUARD);
	} else if (!strcmp(fatal_kind, "fp")) {
		thread_create(&victim, "nofp", 20, nofp, NULL, plain_stack,
			      sizeof(plain_stack), 0);
	} else if (!strcmp(fatal_kind, "fp-after-fp")) {
		thread_create(&fp_user, "fp", 20, fp_use, NULL, guarded_stack,
			      sizeof(guarded_stack), THREAD_FP);
		thread_join(&fp_user, TIMEOUT_FOREVER, NULL);
		thread_create(&victim, "nofp", 20, nofp, NULL, plain_stack,
			      sizeof(plain_stack), 0);
	} else if (!strcmp(fatal_kind, "div0")) {
		thread_create(&victim, "divide", 20, divide, NULL, plain_stack,
			      sizeof(plain_stack), 0);
	} else if (!strcmp(fatal_kind, "lend-sleep")) {
		thread_create(&victim, "borrower", 20, sleep_while_lent, NULL,
			      plain_stack, sizeof(plain_stack), 0);
	} else if (!strcmp(fatal_kind, "swtimer-init")) {
		thread_create(&victim, "reinit", 20, reinit_running, NULL,
			      plain_stack, sizeof(plain_stack), 0);
	} else if (!strcmp(fatal_kind, "mutex-init-held")) {
		thread_create(&victim, "reinit", 20, reinit_held, NULL,
			      plain_stack, sizeof(plain_stack), 0);
	} else if (!strcmp(fatal_kind, "sem-init-waited")) {
		reinit_waited_sem();
	} else if (!strcmp(fatal_kind, "event-init-wait")) {
		reinit_waited_event();
	} else if (!strcmp(fatal_kind, "msgq-init-recv")) {
		reinit_waited_queue(recv_from_queue, 2);
	} else if (!strcmp(fatal_kind, "msgq-init-send")) {
		reinit_waited_queue(send_to_queue, 0);
	} else if (!strcmp(fatal_kind, "isr-block")) {
		sem_init(&never, 0, 1);
		raise_in_handler(blocking_isr);
	} else if (!strcmp(fatal_kind, "exit-locked")) {
		mutex_init(&held, 0);
		thread_create(&victim, "holder", 20, exit_holding, NULL,
			      plain_stack, sizeof(plain_stack), 0);
	} else if (!strcmp(fatal_kind, "isr-mutex")) {
		mutex_init(&isr_mutex, 0);
		raise_in_handler(locking_isr);
	} else if (!strcmp(fatal_kind, "isr-sem-give")) {
		sem_init(&never, 0, 1);
		raise_in_handler(giving_isr);
	} else if (!strcmp(fatal_kind, "isr-sem-wait")) {
		sem_init(&never, 1, 1);
		raise_in_handler(waiting_isr);
	} else if (!strcmp(fatal_kind, "isr-yield")) {
		raise_in_handler(yielding_isr);
	} else if (!strcmp(fatal_kind, "isr-event-set")) {
		event_init(&isr_event, 0);
		raise_in_handler(setting_isr);
	} else if (!strcmp(fatal_kind, "isr-msgq-send")) {
		msgq_init(&isr_queue, isr_queue_buf, sizeof(isr_queue_buf[0]),
			  2);
		raise_in_handler(sending_isr);
	} else if (!strcmp(fatal_kind, "long-chain")) {
		grow_chain_from_behind();
	} else if (!strcmp(fatal_kind, "console-fault")) {
		kprintf("fatal: panicking with a console that faults\n");
		console_register(&faulting_console);
		panic("fatal: the report of this panic faults");
	} else {
		kprintf("fatal: unknown kind '%s'\n", fatal_kind);
		return EXIT_FAILURE;
	}
	thread_sleep(MS(10));
	kprintf("fatal: FAILED: still running\n");
	return EXIT_FAILURE;
}
