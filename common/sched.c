/* The scheduler: O(1) ready queue, context switches, blocking and waking,
 * round-robin slices, the idle thread. Single CPU; every queue is guarded
 * by masking interrupts. */
#include "sched.h"

#include "arch.h"
#include "clock.h"
#include "irq.h"
#include "kerr.h"
#include "ktime.h"
#include "prio_bitmap.h"
#include "stack.h"

struct thread *sched_current;
bool sched_switch_pending;

static struct list ready[THREAD_PRIO_LEVELS];
static struct prio_bitmap ready_map;	/* level p: ready[p] not empty */
static uint64_t switched_at, switches;
static uint64_t slice_ticks;
static struct timeout slice_timeout;

static unsigned int preempt_off;

static struct thread idle_thread;
static uint8_t idle_stack[1024] __attribute__((aligned(16)));

static void ready_insert(struct thread *t)
{
	list_add_tail(&ready[t->prio], &t->node);
	prio_bitmap_set(&ready_map, t->prio);
}

static void ready_remove(struct thread *t)
{
	list_remove(&t->node);
	if (list_empty(&ready[t->prio]))
		prio_bitmap_clear(&ready_map, t->prio);
}

static struct thread *ready_best(void)
{
	return list_entry(ready[prio_bitmap_highest(&ready_map)].next,
			  struct thread, node);
}

/* Makes a non-ready thread ready, or parks it if it was suspended. */
static void make_ready(struct thread *t)
{
	if (t->suspended) {
		t->state = THREAD_SUSPENDED;
		return;
	}
	t->state = THREAD_READY;
	ready_insert(t);
	if (slice_ticks && t->prio == sched_current->prio &&
	    !timeout_queued(&slice_timeout))
		ktime_arm(&slice_timeout, clock_ticks() + slice_ticks);
}

static void slice_arm(struct thread *next)
{
	/* A slice only matters when another thread shares the level. */
	if (ready[next->prio].next->next != &ready[next->prio])
		ktime_arm(&slice_timeout, switched_at + slice_ticks);
	else
		ktime_cancel(&slice_timeout);
}

static void switch_to(struct thread *next)
{
	struct thread *prev = sched_current;
	uint64_t now = clock_ticks();

	stack_check(prev);
	prev->cpu_ticks += now - switched_at;
	switched_at = now;
	if (prev->fp_area)
		arch_fp_save(prev->fp_area);
	if (next->fp_area) {
		if (!prev->fp_area)
			arch_fp_access(true);
		arch_fp_restore(next->fp_area);
	} else if (prev->fp_area) {
		arch_fp_access(false);
	}
	sched_current = next;
	switches++;
	if (slice_ticks)
		slice_arm(next);
	arch_context_switch(&prev->sp, next->sp);
}

void sched_reschedule(void)
{
	struct thread *next = ready_best();

	if (next == sched_current)
		return;
	if (irq_in_isr() || preempt_off) {
		sched_switch_pending = true;
		return;
	}
	switch_to(next);
}

void sched_irq_exit(void)
{
	struct thread *next;

	if (preempt_off)
		return;		/* the thread we interrupted asked not to */
	sched_switch_pending = false;
	next = ready_best();
	if (next != sched_current)
		switch_to(next);
}

/* Defers preemption while a thread makes several scheduling changes that
 * must look atomic (a mutex hand-over, waking many waiters). */
void sched_preempt_disable(void)
{
	preempt_off++;
}

void sched_preempt_enable(void)
{
	if (--preempt_off == 0 && sched_switch_pending) {
		sched_switch_pending = false;
		sched_reschedule();
	}
}

static void slice_expired(struct timeout *to)
{
	struct thread *cur = sched_current;

	(void)to;
	/* Rotate the running thread behind its equals. */
	if (cur->state == THREAD_READY) {
		ready_remove(cur);
		ready_insert(cur);
	}
	sched_reschedule();
}

void sched_set_timeslice(uint64_t ns)
{
	irqstate_t s = arch_irq_save();

	slice_ticks = ns ? clock_ns_to_ticks(ns) : 0;
	if (!slice_ticks)
		ktime_cancel(&slice_timeout);
	else
		slice_arm(sched_current);
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

static void thread_timed_out(struct timeout *to)
{
	struct thread *t = list_entry(to, struct thread, timeout);

	sched_wake(t, t->state == THREAD_SLEEPING ? 0 : -E_TIMEOUT);
}

int sched_block(struct waitq *wq, uint64_t timeout, const char *what)
{
	struct thread *cur = sched_current;

	SCHED_ASSERT_MAY_BLOCK(what);
	ASSERT(!preempt_off, "%s: blocking with preemption disabled", what);
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
	struct thread *cur = sched_current;

	SCHED_ASSERT_MAY_BLOCK("thread_sleep");
	if (deadline <= clock_ticks())
		return 0;
	ready_remove(cur);
	cur->wq = NULL;
	cur->state = THREAD_SLEEPING;
	list_init(&cur->node);
	cur->timeout.fn = thread_timed_out;
	ktime_arm(&cur->timeout, deadline);
	switch_to(ready_best());
	return cur->wait_result;
}

void sched_wake(struct thread *t, int result)
{
	if (t->state != THREAD_BLOCKED && t->state != THREAD_SLEEPING)
		return;
	ktime_cancel(&t->timeout);
	if (t->wq)
		list_remove(&t->node);
	t->wq = NULL;
	t->wait_result = result;
	make_ready(t);
	sched_reschedule();
}

void sched_set_prio(struct thread *t, unsigned int prio)
{
	if (t->prio == prio)
		return;
	if (t->state == THREAD_READY) {
		bool running = t == sched_current;

		ready_remove(t);
		t->prio = (uint8_t)prio;
		/* The running thread keeps its turn at its new level. */
		if (running) {
			list_add_head(&ready[prio], &t->node);
			prio_bitmap_set(&ready_map, prio);
		} else {
			ready_insert(t);
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
	struct thread *cur = sched_current;

	ready_remove(cur);
	ready_insert(cur);
	sched_reschedule();
}

void sched_suspend(struct thread *t)
{
	t->suspended = true;
	if (t->state == THREAD_READY) {
		ready_remove(t);
		t->state = THREAD_SUSPENDED;
		if (t == sched_current)
			switch_to(ready_best());
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
	struct thread *cur = sched_current;

	ready_remove(cur);
	cur->state = THREAD_EXITED;
	preempt_off = 0;
	sched_switch_pending = false;
	switch_to(ready_best());
	panic("sched: exited thread '%s' resumed", cur->name);
}

uint64_t sched_switch_count(void)
{
	return switches;
}

uint64_t sched_cpu_ticks(const struct thread *t)
{
	irqstate_t s = arch_irq_save();
	uint64_t v = t->cpu_ticks;

	if (t == sched_current)
		v += clock_ticks() - switched_at;
	arch_irq_restore(s);
	return v;
}

static void idle_main(void *arg)
{
	(void)arg;
	for (;;) {
		irqstate_t s = arch_irq_save();

		/* Sleep only if nothing else became ready meanwhile. */
		if (ready_best() == &idle_thread)
			arch_wait_for_irq();
		arch_irq_restore(s);
	}
}

void thread_init_struct(struct thread *t, const char *name, unsigned int prio,
			void *stack, size_t size, unsigned int flags);
int thread_prepare(struct thread *t, const char *name, unsigned int prio,
		   void (*entry)(void *arg), void *arg, void *stack,
		   size_t stack_size, unsigned int flags);

void sched_init(struct thread *main, const char *name, unsigned int prio,
		void *stack, size_t stack_size)
{
	for (unsigned int p = 0; p < THREAD_PRIO_LEVELS; p++)
		list_init(&ready[p]);
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
	sched_current = main;
	switched_at = clock_ticks();

	/* The idle thread is always ready: the ready map is never empty. */
	thread_prepare(&idle_thread, "idle", THREAD_PRIO_IDLE, idle_main, NULL,
		       idle_stack, sizeof(idle_stack), THREAD_NO_GUARD);
	idle_thread.state = THREAD_READY;
	ready_insert(&idle_thread);
}
