/* Stress: eight worker threads do random mutex, semaphore, message queue
 * and event-flag operations with random timeouts, change priorities,
 * suspend and resume each other, yield, and spawn and join heap threads,
 * while a periodic software timer gives, sends, receives, sets flags,
 * suspends and resumes from interrupt context. A checker thread at the
 * top priority looks at the kernel's state with interrupts masked and
 * checks the invariants the other suites only meet one path at a time:
 * every thread runs at its own priority or its best mutex waiter's, wait
 * queues are sorted by priority and hold only threads blocked on them, a
 * mutex with waiters has an owner and its waiters name it, a semaphore
 * with waiters has no count, ready queues match the bitmap, a timed wait
 * has its timeout queued and an untimed one has none, and no wait times
 * out early. Besides: every lock, event wait and join gives what it
 * promises, and every worker finishes its round.
 *
 * Deterministic: each round seeds a xorshift generator per worker and one
 * for the timer, so a failure comes back with the same round. 12 rounds
 * of 1500 operations per worker (144000 in all, on 4 mutexes, one of
 * them recursive, a semaphore, a queue of 2 items and 4 event bits), time
 * slices on in every other round, the invariants checked some 50000
 * times (10000 with a 1 kHz tick, on which the checker's sleeps end): a
 * few seconds under QEMU with -icount shift=3. */
#include <stdarg.h>

#include "arch.h"
#include "clock.h"
#include "console.h"
#include "event.h"
#include "fmt.h"
#include "kerr.h"
#include "ktest.h"
#include "ktime.h"
#include "msgq.h"
#include "mutex.h"
#include "sched.h"
#include "sem.h"
#include "swtimer.h"
#include "thread.h"

#define STACK 2048
#define CHILD_STACK 1024
#define WORKERS 8
#define MUTEXES 4
#define RECURSIVE_MUTEX 3	/* one of them: recursion's bookkeeping too */
#define ROUNDS 12
#define OPS_PER_WORKER 1500
#define OP_KINDS 14
#define IRQ_ACTIONS 7
#define EVENT_BITS 4
#define CHILD_EXIT_CODE 5
#define CHECKER_PRIO THREAD_PRIO_MAX
#define ROUND_LIMIT SEC(3)	/* virtual time before a round gives up */
#define DRAIN_TRIES 200		/* 1 ms apart */

struct worker {
	struct thread thread;
	unsigned int id;
	uint32_t seed;
	bool held[MUTEXES];		/* which mutexes this worker owns */
	volatile bool timed_wait;	/* blocked with a timeout queued */
	/* What it did, for the round's report; its own, so that no count
	 * is lost to a preemption between a load and a store. */
	unsigned int ops, lock_timeouts, deadlocks;
};

static struct worker workers[WORKERS];
static uint8_t worker_stacks[WORKERS][STACK] __attribute__((aligned(16)));
static struct thread checker;
static uint8_t checker_stack[STACK] __attribute__((aligned(16)));
static struct mutex mutexes[MUTEXES];
static struct sem sem;
static struct msgq queue;
static int queue_items[2];
static struct event flags;
static struct swtimer irq_timer;
static volatile bool stopping;
static unsigned int round_seed;	/* 1..ROUNDS, seeds each round */
static uint32_t irq_seed;
static unsigned int checks;
static unsigned int violations;
static char first_violation[160];

/* Marsaglia's xorshift32: cheap, and the same sequence on every port. */
static uint32_t xorshift32(uint32_t *state)
{
	uint32_t x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* Counts a broken invariant and keeps the first one's description. The
 * checker runs with interrupts masked and the workers would report by
 * the thousand, so nothing prints here: the round reports once, through
 * KT_EXPECT. Masked, as a worker and the checker may both find one. */
__attribute__((format(printf, 1, 2)))
static void invariant_broken(const char *fmt, ...)
{
	irqstate_t irq = arch_irq_save();

	if (!violations++) {
		va_list ap;

		va_start(ap, fmt);
		fmt_vsnprintf(first_violation, sizeof(first_violation), fmt,
			      ap);
		va_end(ap);
	}
	arch_irq_restore(irq);
}

/* --- the invariants, checked with interrupts masked ---------------------- */

/* The priority `t` is due: its own, or its best waiter's on a mutex it
 * holds when that is higher. */
static unsigned int priority_due(const struct thread *t)
{
	unsigned int prio = t->base_prio;
	const struct list *pos;

	list_for_each(pos, &t->owned) {
		const struct mutex *m = list_entry(pos, struct mutex,
						   owner_link);
		const struct thread *first = waitq_first(&m->waiters);

		if (first && first->prio > prio)
			prio = first->prio;
	}
	return prio;
}

/* A wait queue is sorted by priority, and every thread on it is blocked
 * on it; `what` names them ("mutex 2's waiters"). */
static void check_wait_queue(const struct waitq *wq, const char *what)
{
	unsigned int previous = THREAD_PRIO_MAX;
	const struct list *pos;

	list_for_each(pos, &wq->waiters) {
		const struct thread *t = list_entry(pos, struct thread, node);

		if (t->prio > previous)
			invariant_broken("%s sorted by priority, got %u "
					 "after %u", what, t->prio, previous);
		previous = t->prio;
		if (t->state != THREAD_BLOCKED || t->wq != wq)
			invariant_broken("%s blocked on their queue, got "
					 "state %u, on it %u", what, t->state,
					 t->wq == wq);
	}
}

/* A control block that holds no thread: never created, being created
 * (the timer starts before the workers) or exited. */
static bool worker_absent(const struct thread *t)
{
	return !t->owned.next || t->state == THREAD_EXITED ||
	       t->state == THREAD_NEW;
}

static void check_worker_timeouts(const struct worker *w)
{
	const struct thread *t = &w->thread;

	if (t->state == THREAD_SLEEPING && !timeout_queued(&t->timeout))
		invariant_broken("worker %u sleeping with its timeout queued",
				 w->id);
	if (t->state != THREAD_BLOCKED)
		return;
	if (w->timed_wait && !timeout_queued(&t->timeout))
		invariant_broken("worker %u in a timed wait with its timeout "
				 "queued", w->id);
	if (!w->timed_wait && timeout_queued(&t->timeout))
		invariant_broken("worker %u waiting forever without a timeout "
				 "queued", w->id);
}

static void check_worker(const struct worker *w)
{
	const struct thread *t = &w->thread;

	if (worker_absent(t))
		return;
	if (t->prio != priority_due(t))
		invariant_broken("worker %u at prio %u, its due, got %u", w->id,
				 priority_due(t), t->prio);
	if (t->state == THREAD_BLOCKED && t->blocked_on &&
	    t->wq != &t->blocked_on->waiters)
		invariant_broken("worker %u on the wait queue of the mutex it "
				 "is blocked on", w->id);
	if (t->state != THREAD_BLOCKED && t->blocked_on)
		invariant_broken("worker %u in state %u blocked on no mutex",
				 w->id, t->state);
	check_worker_timeouts(w);
}

/* Constant names: the checks run with interrupts masked, where formatting
 * one for every check would be most of their time. */
static const char *const mutex_waiters_names[] = {
	"mutex 0's waiters", "mutex 1's waiters", "mutex 2's waiters",
	"the recursive mutex 3's waiters",
};
_Static_assert(sizeof(mutex_waiters_names) / sizeof(mutex_waiters_names[0])
	       == MUTEXES && RECURSIVE_MUTEX == 3, "a name for each mutex");

/* A mutex with waiters has an owner, and each waiter says it waits for
 * this mutex (the chain that priority inheritance follows). */
static void check_mutex(unsigned int which)
{
	const struct mutex *m = &mutexes[which];
	const struct list *pos;

	check_wait_queue(&m->waiters, mutex_waiters_names[which]);
	if (!waitq_empty(&m->waiters) && !m->owner)
		invariant_broken("mutex %u with waiters to have an owner",
				 which);
	list_for_each(pos, &m->waiters.waiters) {
		const struct thread *t = list_entry(pos, struct thread, node);

		if (t->blocked_on != m)
			invariant_broken("mutex %u's waiters blocked on it",
					 which);
	}
}

static void check_other_objects(void)
{
	check_wait_queue(&sem.waiters, "the semaphore's waiters");
	if (sem.count && !waitq_empty(&sem.waiters))
		invariant_broken("a semaphore with waiters at count 0, got %u",
				 sem.count);
	check_wait_queue(&queue.senders, "the queue's senders");
	check_wait_queue(&queue.receivers, "the queue's receivers");
	check_wait_queue(&flags.waiters, "the event flags' waiters");
}

/* Level p's bit is set exactly when ready[p] holds threads, and those
 * are ready at priority p: what the O(1) choice relies on. */
static void check_ready_queues(void)
{
	for (unsigned int prio = 0; prio < THREAD_PRIO_LEVELS; prio++) {
		bool marked = sched.ready_map.bits & (1u << prio);
		bool empty = list_empty(&sched.ready[prio]);
		const struct list *pos;

		if (marked == empty)
			invariant_broken("ready level %u's bit set exactly "
					 "when its queue is not empty, got bit "
					 "%u, not empty %u", prio, marked,
					 !empty);
		list_for_each(pos, &sched.ready[prio]) {
			const struct thread *t =
				list_entry(pos, struct thread, node);

			if (t->prio != prio || t->state != THREAD_READY)
				invariant_broken("ready[%u] to hold ready "
						 "threads of its priority, got "
						 "prio %u state %u", prio,
						 t->prio, t->state);
		}
	}
}

/* Masked, so that the state does not change under the checks. */
static void check_invariants(void)
{
	irqstate_t irq = arch_irq_save();

	checks++;
	for (unsigned int i = 0; i < WORKERS; i++)
		check_worker(&workers[i]);
	for (unsigned int i = 0; i < MUTEXES; i++)
		check_mutex(i);
	check_other_objects();
	check_ready_queues();
	arch_irq_restore(irq);
}

/* Every 37 us, prime to the timer's 53: the checks fall on ever
 * different points of its cycle and of the workers' sleeps. */
static void checker_main(void *arg)
{
	(void)arg;
	while (!stopping) {
		check_invariants();
		thread_sleep(US(37));
	}
}

/* --- the timer's interrupt-context operations ---------------------------- */

/* Suspends a live worker from interrupt context, unless it is the
 * interrupted thread: suspending that one is a blocking call, refused in
 * a handler with an assertion. */
static void suspend_from_irq(struct thread *t)
{
	if (t != thread_self() && t->owned.next && t->state != THREAD_EXITED)
		thread_suspend(t);
}

/* One of IRQ_ACTIONS equally likely actions, the last doing nothing.
 * The victim is drawn whatever the action, and the items are never
 * read. */
static void timer_acts_from_irq(struct swtimer *timer, void *arg)
{
	unsigned int victim = xorshift32(&irq_seed) % WORKERS;
	int item = 0;

	(void)timer;
	(void)arg;
	switch (xorshift32(&irq_seed) % IRQ_ACTIONS) {
	case 0:
		sem_give_from_isr(&sem);
		break;
	case 1:
		msgq_send_from_isr(&queue, &item);
		break;
	case 2:
		msgq_recv_from_isr(&queue, &item);
		break;
	case 3:
		event_set_from_isr(&flags,
				   1u << (xorshift32(&irq_seed) % EVENT_BITS));
		break;
	case 4:
		thread_resume(&workers[xorshift32(&irq_seed) % WORKERS].thread);
		break;
	case 5:
		suspend_from_irq(&workers[victim].thread);
		break;
	default:
		break;
	}
}

/* --- the workers' operations --------------------------------------------- */

/* A random timeout: a try, 1 us to 2 ms (many of them shorter than the
 * timer's period, so that they expire among its interrupts), or none at
 * all. */
static uint64_t random_timeout(struct worker *w)
{
	uint64_t timeout;

	switch (xorshift32(&w->seed) % 5) {
	case 0:
		timeout = TIMEOUT_NONE;
		break;
	case 1:
		timeout = US(20 + xorshift32(&w->seed) % 200);
		break;
	case 2:
		timeout = US(xorshift32(&w->seed) % 50 + 1);
		break;
	case 4:
		timeout = xorshift32(&w->seed) % 4 ? MS(2) : TIMEOUT_FOREVER;
		break;
	default:
		timeout = MS(1);
		break;
	}
	w->timed_wait = timeout != TIMEOUT_FOREVER && timeout != TIMEOUT_NONE;
	return timeout;
}

/* After a wait that began at `start` (counter ticks): it is no longer
 * timed, and a timeout came no earlier than asked for. */
static void wait_finished(struct worker *w, int err, uint64_t start,
			  uint64_t timeout)
{
	uint64_t due;

	w->timed_wait = false;
	if (err != -E_TIMEOUT)
		return;
	due = start + clock_ns_to_ticks(timeout);
	if (clock_ticks() < due)
		invariant_broken("worker %u's timeout not before tick %llu, "
				 "got %llu", w->id, (unsigned long long)due,
				 (unsigned long long)clock_ticks());
}

static void count_lock_failure(struct worker *w, int err)
{
	if (err == -E_TIMEOUT)
		w->lock_timeouts++;
	else if (err == -E_DEADLK)
		w->deadlocks++;
	else if (err != -E_AGAIN)
		invariant_broken("worker %u's lock to succeed or time out, got "
				 "%d", w->id, err);
}

static void op_mutex_lock(struct worker *w)
{
	unsigned int which = xorshift32(&w->seed) % MUTEXES;
	struct mutex *m = &mutexes[which];
	uint64_t timeout, start;
	int err;

	if (w->held[which])
		return;
	timeout = random_timeout(w);
	start = clock_ticks();
	err = mutex_lock(m, timeout);
	wait_finished(w, err, start, timeout);
	if (err) {
		count_lock_failure(w, err);
		return;
	}
	if (m->owner != &w->thread || m->depth != 1)
		invariant_broken("worker %u to own mutex %u once after a lock",
				 w->id, which);
	w->held[which] = true;
}

static void op_mutex_unlock(struct worker *w)
{
	unsigned int which = xorshift32(&w->seed) % MUTEXES;
	int err;

	if (!w->held[which])
		return;
	err = mutex_unlock(&mutexes[which]);
	if (err)
		invariant_broken("worker %u's unlock of mutex %u to succeed, "
				 "got %d", w->id, which, err);
	w->held[which] = false;
}

static void op_sem_take(struct worker *w)
{
	uint64_t timeout = random_timeout(w), start = clock_ticks();

	wait_finished(w, sem_take(&sem, timeout), start, timeout);
}

static void op_msgq_send(struct worker *w)
{
	uint64_t timeout = random_timeout(w), start = clock_ticks();
	int item = (int)w->id;

	wait_finished(w, msgq_send(&queue, &item, timeout), start, timeout);
}

static void op_msgq_recv(struct worker *w)
{
	uint64_t timeout = random_timeout(w), start = clock_ticks();
	int item;

	wait_finished(w, msgq_recv(&queue, &item, timeout), start, timeout);
}

static bool event_satisfied(uint32_t seen, uint32_t mask, unsigned int opts)
{
	if (opts & EVENT_ALL)
		return (seen & mask) == mask;
	return (seen & mask) != 0;
}

/* Any or all of 1..4 bits, cleared on wake-up or not. */
static void op_event_wait(struct worker *w)
{
	uint32_t mask = 1u + xorshift32(&w->seed) % 15, seen = 0;
	unsigned int opts = xorshift32(&w->seed) % 4;
	uint64_t timeout = random_timeout(w), start = clock_ticks();
	int err;

	err = event_wait(&flags, mask, opts, timeout, &seen);
	wait_finished(w, err, start, timeout);
	if (err == 0 && !event_satisfied(seen, mask, opts))
		invariant_broken("worker %u woken only when its mask 0x%x "
				 "(opts %u) is met, got 0x%x", w->id,
				 (unsigned int)mask, opts, (unsigned int)seen);
}

/* Sets any worker's own priority (this one's too) to 2..21, whether it
 * runs, waits for a mutex or holds some: inheritance must follow. */
static void op_set_priority(struct worker *w)
{
	struct thread *t = &workers[xorshift32(&w->seed) % WORKERS].thread;
	unsigned int prio = 2 + xorshift32(&w->seed) % 20;

	thread_set_priority(t, prio);
}

/* Another worker suspended, or any resumed: main resumes them all
 * regularly, so that a suspension does not last. */
static void op_suspend_or_resume(struct worker *w)
{
	unsigned int which = xorshift32(&w->seed) % WORKERS;

	if (which != w->id && xorshift32(&w->seed) % 2)
		thread_suspend(&workers[which].thread);
	else
		thread_resume(&workers[which].thread);
}

/* Sleeps or spins for a moment, then exits. */
static void child_main(void *arg)
{
	uint32_t r = (uint32_t)(uintptr_t)arg;

	if (r & 1)
		thread_sleep(US(r % 50 + 1));
	else
		ktest_busy(US(r % 20));
	thread_exit(CHILD_EXIT_CODE);
}

/* A heap thread at any priority, joined with a short timeout first (it
 * may still run: the join then fails and leaves it to the next). */
static void op_spawn_and_join(struct worker *w)
{
	unsigned int prio = 2 + xorshift32(&w->seed) % 25;
	void *arg = (void *)(uintptr_t)xorshift32(&w->seed);
	struct thread *child = thread_spawn("child", prio, child_main, arg,
					    CHILD_STACK, THREAD_NO_GUARD);
	uint64_t timeout, start;
	int code = -1, err;

	if (!child)
		return;		/* the heap is full for now */
	timeout = US(xorshift32(&w->seed) % 60);
	start = clock_ticks();
	w->timed_wait = timeout != TIMEOUT_NONE;
	err = thread_join(child, timeout, &code);
	wait_finished(w, err, start, timeout);
	if (err == -E_TIMEOUT || err == -E_AGAIN)
		err = thread_join(child, TIMEOUT_FOREVER, &code);
	if (err != 0 || code != CHILD_EXIT_CODE)
		invariant_broken("worker %u's join to give %d, got %d (code "
				 "%d)", w->id, CHILD_EXIT_CODE, err, code);
}

/* One random operation. Locks come up more often than unlocks, so that
 * the mutexes are mostly held and waited for: inheritance has work. */
static void worker_step(struct worker *w)
{
	switch (xorshift32(&w->seed) % OP_KINDS) {
	case 0:
	case 1:
	case 2:
		op_mutex_lock(w);
		break;
	case 3:
	case 4:
		op_mutex_unlock(w);
		break;
	case 5:
		op_sem_take(w);
		break;
	case 6:
		sem_give(&sem);
		break;
	case 7:
		op_msgq_send(w);
		break;
	case 8:
		op_msgq_recv(w);
		break;
	case 9:
		op_event_wait(w);
		break;
	case 10:
		op_set_priority(w);
		break;
	case 11:
		op_suspend_or_resume(w);
		break;
	case 12:
		thread_yield();
		break;
	default:
		op_spawn_and_join(w);
		break;
	}
}

/* Now and then a worker keeps the CPU for a while (preempted by the
 * timer and by time slices) or sleeps (a timeout of another kind). */
static void worker_pause(struct worker *w)
{
	if (xorshift32(&w->seed) % 8 == 0)
		ktest_busy(US(xorshift32(&w->seed) % 30));
	if (xorshift32(&w->seed) % 8 == 0)
		thread_sleep(US(xorshift32(&w->seed) % 100 + 1));
}

static void worker_main(void *arg)
{
	struct worker *w = arg;

	w->seed = 0x9e3779b9u * (w->id + 1) + round_seed * 7919u;
	for (unsigned int op = 0; op < OPS_PER_WORKER && !stopping; op++) {
		w->ops++;
		worker_step(w);
		worker_pause(w);
	}
	/* A thread that exits holding a mutex is an assertion. */
	for (unsigned int i = 0; i < MUTEXES; i++) {
		if (w->held[i])
			mutex_unlock(&mutexes[i]);
	}
}

/* --- a round ------------------------------------------------------------- */

static void init_objects(void)
{
	for (unsigned int i = 0; i < MUTEXES; i++)
		mutex_init(&mutexes[i],
			   i == RECURSIVE_MUTEX ? MUTEX_RECURSIVE : 0);
	sem_init(&sem, 0, 3);
	msgq_init(&queue, queue_items, sizeof(queue_items[0]), 2);
	event_init(&flags, 0);
}

/* All but the control block, which the timer's interrupt may be looking
 * at: the last round's thread, exited. */
static void reset_worker(struct worker *w, unsigned int id)
{
	w->id = id;
	for (unsigned int i = 0; i < MUTEXES; i++)
		w->held[i] = false;
	w->timed_wait = false;
	w->ops = 0;
	w->lock_timeouts = 0;
	w->deadlocks = 0;
}

/* Workers at priorities spread over 3..21 (3, 6, ... 21, then 4), started
 * all at once: main stays above them until they all exist. */
static void start_threads(void)
{
	stopping = false;
	checks = 0;
	thread_set_priority(thread_self(), CHECKER_PRIO);
	thread_create(&checker, "checker", CHECKER_PRIO, checker_main, NULL,
		      checker_stack, STACK, 0);
	swtimer_init(&irq_timer, timer_acts_from_irq, NULL);
	swtimer_start(&irq_timer, US(50), US(53));
	for (unsigned int i = 0; i < WORKERS; i++) {
		reset_worker(&workers[i], i);
		thread_create(&workers[i].thread, "worker", 3 + (i * 3) % 20,
			      worker_main, &workers[i], worker_stacks[i], STACK,
			      0);
	}
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO);
}

/* Resumes every worker (a suspension must not outlast the round); true
 * once all have exited. */
static bool resume_workers(void)
{
	bool all_exited = true;

	for (unsigned int i = 0; i < WORKERS; i++) {
		thread_resume(&workers[i].thread);
		if (workers[i].thread.state != THREAD_EXITED)
			all_exited = false;
	}
	return all_exited;
}

/* Until every worker has done its operations; a round stuck for
 * ROUND_LIMIT is stopped and fails below. */
static void wait_for_workers(void)
{
	uint64_t end = clock_now_ns() + ROUND_LIMIT;

	while (!resume_workers() && clock_now_ns() <= end)
		thread_sleep(US(300));
}

/* Once stopping: gives whatever a worker may still wait for (only one of
 * a round stopped at ROUND_LIMIT can be), until all have exited, or a
 * hung one is left for the checks below. */
static void drain_workers(void)
{
	int item;

	for (int attempt = 0; attempt < DRAIN_TRIES && !resume_workers();
	     attempt++) {
		sem_give(&sem);
		event_set(&flags, (1u << EVENT_BITS) - 1);
		msgq_recv(&queue, &item, TIMEOUT_NONE);
		thread_sleep(MS(1));
	}
}

/* How much the round exercised: a change that makes the workers idle
 * would pass the checks without testing anything. */
static void report_round(void)
{
	unsigned int ops = 0, lock_timeouts = 0, deadlocks = 0;

	for (unsigned int i = 0; i < WORKERS; i++) {
		ops += workers[i].ops;
		lock_timeouts += workers[i].lock_timeouts;
		deadlocks += workers[i].deadlocks;
	}
	kprintf("    round %u: %u operations, %u checks, %u lock timeouts, "
		"%u deadlocks refused\n", round_seed, ops, checks,
		lock_timeouts, deadlocks);
	KT_EXPECT(ops == WORKERS * OPS_PER_WORKER && checks > 0,
		  "every operation of round %u done and checked, got %u of %u, "
		  "%u checks", round_seed, ops, WORKERS * OPS_PER_WORKER,
		  checks);
}

static void run_round(void)
{
	init_objects();
	start_threads();
	wait_for_workers();
	stopping = true;
	swtimer_stop(&irq_timer);
	drain_workers();
	thread_join(&checker, TIMEOUT_FOREVER, NULL);
	check_invariants();
	report_round();
	for (unsigned int i = 0; i < WORKERS; i++) {
		const struct thread *t = &workers[i].thread;

		KT_EXPECT(t->state == THREAD_EXITED, "worker %u to exit in "
			  "round %u, got state %u prio %u", i, round_seed,
			  t->state, t->prio);
		if (t->state == THREAD_EXITED)
			thread_join(&workers[i].thread, TIMEOUT_NONE, NULL);
	}
	KT_EXPECT(violations == 0, "no broken invariant in round %u, got %u, "
		  "the first: expected %s", round_seed, violations,
		  first_violation);
}

KTEST(stress, random_operations_keep_the_kernels_invariants)
{
	for (round_seed = 1; round_seed <= ROUNDS; round_seed++) {
		irq_seed = 0x1234567u * round_seed;
		sched_set_timeslice(round_seed & 1 ? US(25) : 0);
		run_round();
		/* The first failure is the one to read; and a worker that
		 * did not exit keeps its control block from the next. */
		if (ktest_case_failed())
			break;
	}
	sched_set_timeslice(0);
}
