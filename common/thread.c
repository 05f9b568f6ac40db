/* Thread life cycle: creation (static or from the kernel heap), sleep,
 * suspend/resume, exit and join, and the thread listing. */
#include "thread.h"

#include "arch.h"
#include "clock.h"
#include "console.h"
#include "kerr.h"
#include "kheap.h"
#include "kstring.h"
#include "sched.h"
#include "stack.h"

void sched_ready_new(struct thread *t);
void sched_yield(void);
void sched_suspend(struct thread *t);
void sched_resume(struct thread *t);
int sched_sleep_until_ticks(uint64_t deadline);
__attribute__((noreturn)) void sched_exit_current(void);
uint64_t sched_cpu_ticks(const struct thread *t);

int thread_cpu_time(const struct thread *t, uint64_t *ns)
{
	if (!CELLMATE_THREAD_STATS)
		return -E_NOTSUP;
	*ns = clock_ticks_to_ns(sched_cpu_ticks(t));
	return 0;
}

static struct list all_threads = LIST_INIT(all_threads);
/* Threads that left all_threads: a listing's cue to recheck a snapshot. */
static unsigned int thread_exits;

void thread_init_struct(struct thread *t, const char *name, unsigned int prio,
			void *stack, size_t size, unsigned int flags)
{
	memset(t, 0, sizeof(*t));
	t->state = THREAD_NEW;
	t->name = name;
	t->prio = t->base_prio = (uint8_t)prio;
	t->flags = (uint8_t)flags;
	t->stack = stack;
	t->stack_size = size;
	list_init(&t->node);
	list_init(&t->owned);
	waitq_init(&t->joiners);
	list_add_tail(&all_threads, &t->all);
}

static void thread_start(void *arg)
{
	struct thread *t = arg;

	t->entry(t->arg);
	thread_exit(0);
}

/* Carves the guard page and the FP area out of the given stack. */
static int thread_layout(struct thread *t, unsigned int flags)
{
	size_t page = arch_page_size();
	uint8_t *top = t->stack + t->stack_size;

	if (!(flags & THREAD_NO_GUARD) && page &&
	    ((uintptr_t)t->stack & (page - 1)) == 0 &&
	    t->stack_size >= 2 * page) {
		int err = arch_stack_guard(t->stack, true);

		/* A guard the port could give but has no table left for is
		 * an error, not a thread that silently runs without one. */
		if (err == -E_NOMEM)
			return err;
		if (err == 0) {
			t->guard = t->stack;
			t->stack += page;
			t->stack_size -= page;
		}
	}
	if (flags & THREAD_FP) {
		size_t fp = (arch_fp_context_size() + 15) & ~(size_t)15;

		top = (uint8_t *)((uintptr_t)(top - fp) & ~(uintptr_t)15);
		if (top < t->stack + 256)
			return -E_NOMEM;
		memset(top, 0, fp);
		t->fp_area = top;
		t->stack_size = (size_t)(top - t->stack);
	}
	return 0;
}

/* Whether `t` is a thread that has not exited. Only compares addresses:
 * a control block from the heap holds garbage until it is set up. */
static bool thread_listed(const struct thread *t)
{
	const struct list *pos;

	list_for_each(pos, &all_threads)
		if (pos == &t->all)
			return true;
	return false;
}

/* Whether `p` points into the `size` bytes at `obj`. */
static bool thread_points_into(const void *p, const void *obj, size_t size)
{
	return (uintptr_t)p - (uintptr_t)obj < size;
}

bool thread_object_in_use(const void *obj, size_t size)
{
	irqstate_t s = arch_irq_save();
	const struct list *pos, *o;
	bool used = false;

	list_for_each(pos, &all_threads) {
		const struct thread *t = list_entry(pos, struct thread, all);

		if (t->state == THREAD_BLOCKED &&
		    thread_points_into(t->wq, obj, size))
			used = true;
		list_for_each(o, &t->owned)
			if (thread_points_into(o, obj, size))
				used = true;
	}
	arch_irq_restore(s);
	return used;
}

/* Sets up `t` up to the point of being runnable, without making it ready. */
int thread_prepare(struct thread *t, const char *name, unsigned int prio,
		   void (*entry)(void *arg), void *arg, void *stack,
		   size_t stack_size, unsigned int flags)
{
	irqstate_t s;
	int err;

	if (!t || !entry || !stack || prio > THREAD_PRIO_MAX ||
	    stack_size < 256 || ((uintptr_t)stack & 7))
		return -E_INVAL;
	stack_size &= ~(size_t)15;
	s = arch_irq_save();
	/* Setting it up again would unlink it from every queue it is on. */
	if (thread_listed(t)) {
		arch_irq_restore(s);
		return -E_BUSY;
	}
	thread_init_struct(t, name ? name : "?", prio, stack, stack_size,
			   flags);
	err = thread_layout(t, flags);
	if (err < 0)
		list_remove(&t->all);
	arch_irq_restore(s);
	if (err < 0)
		return err;
	stack_fill(t->stack, t->stack + t->stack_size);
	t->entry = entry;
	t->arg = arg;
	t->sp = arch_context_init(t->stack, t->stack_size, thread_start, t);
	return 0;
}

/* Prepares a thread of the application and makes it ready: it may run,
 * exit and be joined before this returns. */
static int thread_start_new(struct thread *t, const char *name,
			    unsigned int prio, void (*entry)(void *arg),
			    void *arg, void *stack, size_t stack_size,
			    unsigned int flags, bool heap)
{
	irqstate_t s;
	int err;

	if (prio == THREAD_PRIO_IDLE)
		return -E_INVAL;	/* the idle level is the idle thread's */
	err = thread_prepare(t, name, prio, entry, arg, stack, stack_size,
			     flags);
	if (err < 0)
		return err;
	t->heap = heap;
	s = arch_irq_save();
	sched_ready_new(t);
	arch_irq_restore(s);
	return 0;
}

int thread_create(struct thread *t, const char *name, unsigned int prio,
		  void (*entry)(void *arg), void *arg, void *stack,
		  size_t stack_size, unsigned int flags)
{
	return thread_start_new(t, name, prio, entry, arg, stack, stack_size,
				flags, false);
}

struct thread *thread_spawn(const char *name, unsigned int prio,
			    void (*entry)(void *arg), void *arg,
			    size_t stack_size, unsigned int flags)
{
	size_t page = arch_page_size();
	struct thread *t = kheap_alloc(sizeof(*t), 16);
	void *stack;

	if (!t)
		return NULL;
	/* Page-aligned so that a guard page is possible. */
	stack = kheap_alloc(stack_size, page && !(flags & THREAD_NO_GUARD)
					? page : 16);
	if (!stack) {
		kheap_free(t);
		return NULL;
	}
	/* Marked before it is ready: a join that comes first frees it. */
	if (thread_start_new(t, name, prio, entry, arg, stack, stack_size,
			     flags, true) < 0) {
		kheap_free(stack);
		kheap_free(t);
		return NULL;
	}
	return t;
}

struct thread *thread_self(void)
{
	return sched.current;
}

void thread_yield(void)
{
	irqstate_t s;

	/* A thread's call: a handler has none to yield, and its return
	 * switches to the best thread anyway. */
	SCHED_ASSERT_MAY_BLOCK("thread_yield");
	s = arch_irq_save();

	sched_yield();
	arch_irq_restore(s);
}

void thread_sleep(uint64_t ns)
{
	irqstate_t s = arch_irq_save();

	if (ns)
		sched_sleep_until_ticks(ktime_deadline_after(ns));
	arch_irq_restore(s);
}

void thread_sleep_until(uint64_t ns)
{
	uint64_t deadline = clock_ns_to_ticks(ns);	/* saturates: never */
	irqstate_t s = arch_irq_save();

	sched_sleep_until_ticks(deadline);
	arch_irq_restore(s);
}

/* The idle thread, the only one at its level, stays ready there: the
 * ready map is never empty, and no thread waits behind it. Its control
 * block is no secret (thread_self() in a handler that interrupted it). */
static bool thread_is_idle(const struct thread *t)
{
	return t->base_prio == THREAD_PRIO_IDLE;
}

int thread_suspend(struct thread *t)
{
	irqstate_t s;

	if (!t || t->state == THREAD_EXITED || thread_is_idle(t))
		return -E_INVAL;
	if (t == sched.current)
		SCHED_ASSERT_MAY_BLOCK("thread_suspend(self)");
	s = arch_irq_save();
	sched_suspend(t);
	arch_irq_restore(s);
	return 0;
}

int thread_resume(struct thread *t)
{
	irqstate_t s;

	if (!t || t->state == THREAD_EXITED)
		return -E_INVAL;
	s = arch_irq_save();
	sched_resume(t);
	arch_irq_restore(s);
	return 0;
}

void thread_exit(int code)
{
	struct thread *cur = sched.current;
	struct thread *j;

	SCHED_ASSERT_MAY_BLOCK("thread_exit");
	ASSERT(list_empty(&cur->owned), "thread '%s' exits holding a mutex",
	       cur->name);
	arch_irq_save();
	cur->exit_code = code;
	/* Off the list now, so that its memory may be reused at once. */
	list_remove(&cur->all);
	thread_exits++;
	if (cur->guard)
		arch_stack_guard(cur->guard, false);
	/* Wake the joiner (one at most), but leave only once we are off
	 * the CPU. */
	sched_preempt_disable();
	j = waitq_first(&cur->joiners);
	if (j)
		sched_wake(j, 0);
	sched_exit_current();
}

int thread_join(struct thread *t, uint64_t timeout, int *code)
{
	irqstate_t s;
	int err = 0;

	if (!t || t == sched.current)
		return -E_INVAL;
	s = arch_irq_save();
	if (t->joined) {
		/* Another join has it; a woken joiner may not have run. */
		arch_irq_restore(s);
		return -E_BUSY;
	}
	t->joined = true;
	/* One that waits to join us: each would wait for the other. */
	if (t->wq == &sched.current->joiners) {
		err = -E_DEADLK;
	} else if (t->state != THREAD_EXITED) {
		err = timeout == TIMEOUT_NONE
			      ? -E_AGAIN
			      : sched_block(&t->joiners, timeout, "thread_join");
	}
	if (err) {
		t->joined = false;
	} else if (code) {
		*code = t->exit_code;
	}
	arch_irq_restore(s);
	if (err == 0 && t->heap) {
		kheap_free(t->guard ? t->guard : t->stack);
		kheap_free(t);
	}
	return err;
}

int thread_set_priority(struct thread *t, unsigned int prio)
{
	irqstate_t s;

	if (!t || prio == THREAD_PRIO_IDLE || prio > THREAD_PRIO_MAX)
		return -E_INVAL;
	s = arch_irq_save();
	/* Read masked: the thread may be exiting on another path. */
	if (t->state == THREAD_EXITED || thread_is_idle(t)) {
		arch_irq_restore(s);
		return -E_INVAL;
	}
	t->base_prio = (uint8_t)prio;
	/* What it inherits stays in force; what a waiter passes on moves. */
	mutex_update_chain(t);
	arch_irq_restore(s);
	return 0;
}

const char *thread_state_name(const struct thread *t)
{
	static const char *const names[] = {
		[THREAD_READY] = "ready", [THREAD_BLOCKED] = "blocked",
		[THREAD_SLEEPING] = "sleeping", [THREAD_SUSPENDED] = "suspended",
		[THREAD_EXITED] = "exited", [THREAD_NEW] = "new",
	};

	if (t == sched.current)
		return "running";
	return t->state <= THREAD_NEW ? names[t->state] : "?";
}

#define LIST_SNAPSHOT 64
/* Words of a stack scanned per stretch with interrupts masked. */
#define STACK_SCAN_WORDS 32

struct thread_info {
	const struct thread *t;
	const char *name;
	const uint8_t *stack;
	size_t stack_size;
	uint64_t cpu_ticks;
	const char *state;
	uint8_t prio, base_prio;
	bool started;	/* not THREAD_NEW: its stack is filled */
};

/* Bytes used of a listed thread's stack, or -1 when the thread left the
 * list (its memory may already be another thread's, even a guard page)
 * or came back as a new one whose stack is not filled yet. The scan
 * runs a stretch at a time with interrupts masked, each stretch checking
 * first that the thread is still there. */
static long stack_used_live(const struct thread_info *ti, unsigned int seen)
{
	const uint32_t *p = (const uint32_t *)(const void *)ti->stack;
	const uint32_t *end = (const uint32_t *)(const void *)(ti->stack +
							       ti->stack_size);

	while (p < end) {
		const uint32_t *stop = end - p > STACK_SCAN_WORDS
					       ? p + STACK_SCAN_WORDS : end;
		irqstate_t s = arch_irq_save();
		bool here = thread_exits == seen;

		/* Some thread exited: this one, unless still listed with the
		 * same stack (then a thread of its own, even if new). */
		if (!here && thread_listed(ti->t) &&
		    ti->t->state != THREAD_NEW &&
		    ti->t->stack == ti->stack &&
		    ti->t->stack_size == ti->stack_size) {
			seen = thread_exits;
			here = true;
		}
		while (here && p < stop && *p == STACK_FILL)
			p++;
		arch_irq_restore(s);
		if (!here)
			return -1;
		if (p < stop)
			break;
	}
	return (long)((const uint8_t *)end - (const uint8_t *)p);
}

/* A report, printed rarely and never on a latency path: cold, so GCC
 * optimises it for size rather than speed. */
__attribute__((cold)) void thread_list_print(void)
{
	static struct thread_info info[LIST_SNAPSHOT];
	unsigned int n = 0, more = 0, seen;
	struct list *pos;
	irqstate_t s;

	/* Snapshot with interrupts masked (a short copy), print without. */
	s = arch_irq_save();
	seen = thread_exits;
	list_for_each(pos, &all_threads) {
		const struct thread *t = list_entry(pos, struct thread, all);

		if (n == LIST_SNAPSHOT) {
			more++;
			continue;
		}
		info[n++] = (struct thread_info){
			t, t->name, t->stack, t->stack_size, sched_cpu_ticks(t),
			thread_state_name(t), t->prio, t->base_prio,
			t->state != THREAD_NEW,
		};
	}
	arch_irq_restore(s);

	kprintf("%-12s %5s %-9s %15s %14s\n", "thread", "prio", "state",
		"stack used",
		CELLMATE_THREAD_STATS ? "cpu time (us)" : "(CPU time: build with CELLMATE_THREAD_STATS)");
	for (unsigned int i = 0; i < n; i++) {
		const struct thread_info *t = &info[i];
		/* A new one's stack is not filled yet: nothing to measure. */
		long used = t->started ? stack_used_live(t, seen) : -1;

		/* One that exited since the snapshot: its stack is not ours. */
		kprintf("%-12.12s %4u%c %-9s ", t->name, t->prio,
			t->prio != t->base_prio ? '*' : ' ',
			used < 0 && t->started ? "exited" : t->state);
		if (used < 0)
			kprintf("%7s %-7s", "-", "");
		else
			kprintf("%7u/%-7u", (unsigned int)used,
				(unsigned int)t->stack_size);
		if (CELLMATE_THREAD_STATS)
			kprintf(" %14llu", (unsigned long long)(
				clock_ticks_to_ns(t->cpu_ticks) / 1000));
		kputc('\n');
	}
	if (more)
		kprintf("... and %u more threads\n", more);
	kprintf("(* = priority inherited through a mutex)\n");
}

unsigned int thread_count(void)
{
	unsigned int n = 0;
	struct list *pos;
	irqstate_t s = arch_irq_save();

	list_for_each(pos, &all_threads)
		n++;
	arch_irq_restore(s);
	return n;
}
