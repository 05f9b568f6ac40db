/* The scheduler: O(1) ready queue, context switches, blocking and waking,
 * round-robin slices, the idle thread. Single CPU; every queue is guarded
 * by masking interrupts. */
#include "sched.h"

#include "arch.h"
#include "clock.h"
#include "irq.h"
#include "kerr.h"
#include "ktime.h"
#include "linker.h"
#include "prio_bitmap.h"
#include "stack.h"

struct sched_state sched;

static uint64_t slice_ticks;
static struct timeout slice_timeout;
static unsigned int slice_rotations;

static struct thread idle_thread;
/* Interrupt handlers taken while idle run on this stack: 1 KiB was not
 * enough for a timer callback printing the thread list on i686. */
_Static_assert(CELLMATE_IDLE_STACK_SIZE >= 1024 &&
	       CELLMATE_IDLE_STACK_SIZE % 16 == 0,
	       "CELLMATE_IDLE_STACK_SIZE: at least 1024, a multiple of 16");
static uint8_t idle_stack[CELLMATE_IDLE_STACK_SIZE] NOINIT("idle_stack")
	__attribute__((aligned(16)));

static void ready_insert(struct thread *t)
{
	unsigned int prio = t->prio;	/* once: the stores may alias it */

	list_add_tail(&sched.ready[prio], &t->node);
	prio_bitmap_set(&sched.ready_map, prio);
}

/* The node is left dangling: every caller links it again or forgets it. */
static void ready_remove(struct thread *t)
{
	list_unlink(&t->node);
	if (list_empty(&sched.ready[t->prio]))
		prio_bitmap_clear(&sched.ready_map, t->prio);
}

static struct thread *ready_best(void)
{
	unsigned int p = prio_bitmap_highest(&sched.ready_map);

	return list_entry(sched.ready[p].next, struct thread, node);
}

/* The slice helpers are out of line: round robin is off the hot paths
 * that inline their callers. */

/* A slice from now; one past 64 bits of ticks ends never, not at once.
 * Shared by the two slice helpers rather than inlined into both. */
static __attribute__((noinline)) uint64_t slice_end(void)
{
	uint64_t now = clock_ticks();

	return slice_ticks > UINT64_MAX - now ? UINT64_MAX : now + slice_ticks;
}

/* Starts a slice for the running thread unless one runs. */
static __attribute__((noinline)) void slice_start(void)
{
	if (!timeout_queued(&slice_timeout))
		ktime_arm(&slice_timeout, slice_end());
}

/* Makes a non-ready thread ready, or parks it if it was suspended. */
static inline void make_ready(struct thread *t)
{
	if (__builtin_expect(t->suspended, 0)) {
		t->state = THREAD_SUSPENDED;
		return;
	}
	t->state = THREAD_READY;
	ready_insert(t);
	if (__builtin_expect(sched.slicing, 0) &&
	    t->prio == sched.current->prio)
		slice_start();
}

/* A blocked or sleeping thread whose timeout is not queued becomes ready
 * with `result`, off its wait queue (a sleeper's node is linked to
 * itself). */
static inline void wake(struct thread *t, int result)
{
	list_unlink(&t->node);
	t->wq = NULL;
	t->wait_result = result;
	make_ready(t);
}

/* A slice only matters when another thread shares the level. */
static bool level_shared(unsigned int prio)
{
	return sched.ready[prio].next->next != &sched.ready[prio];
}

static __attribute__((noinline)) void slice_arm(struct thread *next)
{
	if (level_shared(next->prio))
		ktime_arm(&slice_timeout, slice_end());
	else
		ktime_cancel(&slice_timeout);
}

/* The running thread moved to another level (at its head): it finishes
 * the slice it has, or starts one if it now shares the level. */
static __attribute__((noinline)) void slice_moved(struct thread *cur)
{
	if (level_shared(cur->prio))
		slice_start();
	else
		ktime_cancel(&slice_timeout);
}

/* FP/SIMD state moves only between THREAD_FP threads; a thread without
 * it runs with the unit off, so that a stray use traps. Out of line: one
 * copy instead of one in every inlined switch; the paths it adds a call
 * to already save or restore the whole register file. */
static __attribute__((noinline)) void fp_switch(const struct thread *prev, const struct thread *next)
{
	if (prev->fp_area)
		arch_fp_save(prev->fp_area);
	if (next->fp_area) {
		if (!prev->fp_area)
			arch_fp_access(true);
		arch_fp_restore(next->fp_area);
	} else {
		arch_fp_access(false);
	}
}

/* Inlined where the latency budgets are spent (blocking, preemption on
 * interrupt exit and in thread context); switch_away() elsewhere. */
static inline __attribute__((always_inline)) void
switch_to(struct thread *next)
{
	struct thread *prev = sched.current;

	stack_check(prev, prev->stack, prev->stack_size, arch_stack_pointer());
#if CELLMATE_THREAD_STATS
	uint64_t now = clock_ticks();

	prev->cpu_ticks += now - sched.switched_at;
	sched.switched_at = now;
#endif
	if ((uintptr_t)prev->fp_area | (uintptr_t)next->fp_area)
		fp_switch(prev, next);
	sched.current = next;
	if (__builtin_expect(sched.slicing, 0))
		slice_arm(next);
	arch_context_switch(&prev->sp, next->sp);
}

static __attribute__((noinline)) void switch_away(struct thread *next)
{
	switch_to(next);
}

/* The thread to switch to now, or NULL: none better, or not now (in an
 * interrupt handler, sched_irq_exit() switches once the handler is done;
 * with preemption off, sched_preempt_enable() does). */
static inline struct thread *reschedule_to(void)
{
	struct thread *next;

	next = ready_best();
	if (next == sched.current || irq_in_isr())
		return NULL;
	if (sched.preempt_off) {
		sched.switch_pending = true;
		return NULL;
	}
	return next;
}

static inline void reschedule(void)
{
	struct thread *next = reschedule_to();

	if (next)
		switch_to(next);
}

/* For the paths without a latency budget (priority changes, new and
 * resumed threads, slices, preemption enabled again): the switch through
 * switch_away(). sched_wake() and sched_yield() inline their own. */
__attribute__((noinline)) void sched_reschedule(void)
{
	struct thread *next = reschedule_to();

	if (next)
		switch_away(next);
}

void sched_irq_exit(void)
{
	struct thread *next;

	if (sched.preempt_off) {
		/* The thread we interrupted asked not to: when it allows it
		 * again, it looks. */
		sched.switch_pending = true;
		return;
	}
	next = ready_best();
	if (next != sched.current)
		switch_to(next);
}

void sched_preempt_disable(void)
{
	sched.preempt_off++;
}

void sched_preempt_enable(void)
{
	if (--sched.preempt_off == 0 && sched.switch_pending) {
		sched.switch_pending = false;
		sched_reschedule();
	}
}

static void slice_expired(struct timeout *to)
{
	struct thread *cur = sched.current;

	(void)to;
	/* Rotate the running thread behind its equals, if it still has
	 * any: a peer suspended or moved away leaves the slice running. */
	if (cur->state == THREAD_READY && level_shared(cur->prio)) {
		ready_remove(cur);
		ready_insert(cur);
		slice_rotations++;
	}
	sched_reschedule();
}

unsigned int sched_slice_rotations(void)
{
	return slice_rotations;
}

void sched_set_timeslice(uint64_t ns)
{
	irqstate_t s = arch_irq_save();

	slice_ticks = ns ? clock_ns_to_ticks(ns) : 0;
	sched.slicing = slice_ticks != 0;
	if (!slice_ticks)
		ktime_cancel(&slice_timeout);
	else
		slice_arm(sched.current);
	arch_irq_restore(s);
}

/* Wait queues are kept in priority order, FIFO among equals. */
static void waitq_insert(struct waitq *wq, struct thread *t)
{
	struct list *pos;

	list_for_each(pos, &wq->waiters)
		if (list_entry(pos, struct thread, node)->prio < t->prio)
			break;
	list_insert_before(pos, &t->node);
}

/* Runs in the timer interrupt (ktime.c): makes the thread ready and
 * leaves the choice to sched_irq_exit(). */
static void thread_timed_out(struct timeout *to)
{
	struct thread *t = list_entry(to, struct thread, timeout);

	if (t->state == THREAD_SLEEPING) {
		wake(t, 0);
	} else if (t->state == THREAD_BLOCKED) {
		/* Out of line: it keeps the sleeper's path above short. In
		 * the interrupt it leaves the switch to sched_irq_exit(). */
		sched_wake(t, -E_TIMEOUT);
		if (t->blocked_on)
			mutex_wait_timed_out(t);
	}
}

static __attribute__((noreturn, cold)) void
sched_block_preempt_off(const struct thread *cur)
{
	panic_assert(__FILE__, __LINE__, "!sched.preempt_off", "thread '%s' "
		     "blocks with preemption disabled", cur->name);
}

void sched_block_in_isr(const char *what)
{
	panic_assert(__FILE__, __LINE__, "!irq_in_isr()", "%s: a blocking "
		     "call, from interrupt context; handlers use only the "
		     "_from_isr calls", what);
}

int sched_wait(struct waitq *wq, uint64_t timeout)
{
	struct thread *cur = sched.current;

	if (__builtin_expect(sched.preempt_off != 0, 0))
		sched_block_preempt_off(cur);
	ready_remove(cur);
	cur->wq = wq;
	cur->wait_result = 0;
	if (wq) {
		cur->state = THREAD_BLOCKED;
		waitq_insert(wq, cur);
	} else {
		cur->state = THREAD_SLEEPING;
		list_init(&cur->node);
	}
	if (timeout != TIMEOUT_FOREVER) {
		cur->timeout.fn = thread_timed_out;
		ktime_arm(&cur->timeout, ktime_deadline_after(timeout));
	}
	switch_to(ready_best());
	return cur->wait_result;
}

int sched_sleep_until_ticks(uint64_t deadline)
{
	struct thread *cur = sched.current;

	SCHED_ASSERT_MAY_BLOCK("thread_sleep");
	if (deadline <= clock_ticks())
		return 0;
	ready_remove(cur);
	cur->wq = NULL;
	cur->state = THREAD_SLEEPING;
	list_init(&cur->node);
	cur->timeout.fn = thread_timed_out;
	ktime_arm(&cur->timeout, deadline);
	switch_away(ready_best());
	return cur->wait_result;
}

void sched_wake(struct thread *t, int result)
{
	if (t->state != THREAD_BLOCKED && t->state != THREAD_SLEEPING)
		return;
	if (timeout_queued(&t->timeout))
		ktime_cancel(&t->timeout);
	wake(t, result);
	reschedule();
}

void sched_set_prio(struct thread *t, unsigned int prio)
{
	if (t->prio == prio)
		return;
	if (t->state == THREAD_READY) {
		bool running = t == sched.current;

		ready_remove(t);
		t->prio = (uint8_t)prio;
		/* The running thread keeps its turn at its new level. */
		if (running) {
			list_add_head(&sched.ready[prio], &t->node);
			prio_bitmap_set(&sched.ready_map, prio);
			if (sched.slicing)
				slice_moved(t);
		} else {
			ready_insert(t);
			/* Now sharing the running thread's level: a slice. */
			if (sched.slicing && prio == sched.current->prio)
				slice_start();
		}
		sched_reschedule();
	} else if (t->state == THREAD_BLOCKED && t->wq) {
		list_remove(&t->node);
		t->prio = (uint8_t)prio;
		waitq_insert(t->wq, t);
	} else {
		t->prio = (uint8_t)prio;
	}
}

/* Thread-state transitions used by thread.c. */
void sched_ready_new(struct thread *t)
{
	make_ready(t);
	sched_reschedule();
}

void sched_yield(void)
{
	struct thread *cur = sched.current;

	ready_remove(cur);
	ready_insert(cur);
	reschedule();
}

void sched_suspend(struct thread *t)
{
	t->suspended = true;
	if (t->state == THREAD_READY) {
		ready_remove(t);
		t->state = THREAD_SUSPENDED;
		if (t == sched.current)
			switch_away(ready_best());
	}
}

void sched_resume(struct thread *t)
{
	t->suspended = false;
	if (t->state == THREAD_SUSPENDED) {
		make_ready(t);
		sched_reschedule();
	}
}

/* Called with preemption disabled (thread_exit); the switch away ends
 * that, as the exiting thread never runs again. */
__attribute__((noreturn)) void sched_exit_current(void)
{
	struct thread *cur = sched.current;

	ready_remove(cur);
	cur->state = THREAD_EXITED;
	sched.preempt_off = 0;
	sched.switch_pending = false;
	switch_away(ready_best());
	panic("sched: exited thread '%s' resumed", cur->name);
}

uint64_t sched_cpu_ticks(const struct thread *t)
{
	irqstate_t s = arch_irq_save();
	uint64_t v = t->cpu_ticks;

	if (CELLMATE_THREAD_STATS && t == sched.current)
		v += clock_ticks() - sched.switched_at;
	arch_irq_restore(s);
	return v;
}

/* Waits with interrupts on, so each is taken straight out of the wait.
 * Nothing can become ready unseen: a handler that readies a thread
 * switches to it on its way out (sched_irq_exit; the idle thread never
 * turns preemption off), and the idle thread runs again only when no
 * other thread is ready. */
static void idle_main(void *arg)
{
	(void)arg;
	for (;;)
		arch_idle_wait();
}

void thread_init_struct(struct thread *t, const char *name, unsigned int prio,
			void *stack, size_t size, unsigned int flags);
int thread_prepare(struct thread *t, const char *name, unsigned int prio,
		   void (*entry)(void *arg), void *arg, void *stack,
		   size_t stack_size, unsigned int flags);

/* Runs once, at boot: cold, so that GCC optimises it for size rather
 * than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
void sched_init(struct thread *main, const char *name, unsigned int prio,
		void *stack, size_t stack_size)
{
	for (unsigned int p = 0; p < THREAD_PRIO_LEVELS; p++)
		list_init(&sched.ready[p]);
	slice_timeout.fn = slice_expired;
	ktime_init();

	/* The boot context becomes the main thread; its sp is saved at its
	 * first switch. */
	thread_init_struct(main, name, prio, stack, stack_size, 0);
	/* Fill what the boot code has not used yet, for the high-water mark
	 * and the canary. */
	stack_fill(stack, (uint8_t *)__builtin_frame_address(0) - 256);
	main->state = THREAD_READY;
	ready_insert(main);
	sched.current = main;
	sched.switched_at = clock_ticks();

	/* The idle thread is always ready: the ready map is never empty. */
	thread_prepare(&idle_thread, "idle", THREAD_PRIO_IDLE, idle_main, NULL,
		       idle_stack, sizeof(idle_stack), THREAD_NO_GUARD);
	idle_thread.state = THREAD_READY;
	ready_insert(&idle_thread);
}
