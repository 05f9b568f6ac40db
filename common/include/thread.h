/* Threads and the scheduler's public interface.
 *
 * Fixed-priority preemptive scheduling: priorities 0 (lowest, the idle
 * thread's) to 31 (highest); the highest-priority ready thread runs, FIFO
 * among equals, optionally with round-robin time slices. Selecting the next
 * thread is O(1): a bitmap of non-empty priority levels and a FIFO per
 * level. A thread that becomes ready with a higher priority than the
 * running one preempts it at once, from thread context or on the way out
 * of the interrupt that woke it.
 *
 * Blocking calls take a relative timeout in ns (ktime.h: TIMEOUT_NONE to
 * try, TIMEOUT_FOREVER to wait without limit) and must not be called from
 * interrupt context (an assertion says so). */
#ifndef THREAD_H
#define THREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ktime.h"
#include "list.h"
#include "timeq.h"

#define THREAD_PRIO_LEVELS 32
#define THREAD_PRIO_MAX (THREAD_PRIO_LEVELS - 1)
#define THREAD_PRIO_IDLE 0

/* Creation flags. */
#define THREAD_FP 0x01		/* the thread uses the FPU/SIMD unit */
#define THREAD_NO_GUARD 0x02	/* no guard page below the stack */

enum thread_state {
	THREAD_READY,		/* runnable (the running thread too) */
	THREAD_BLOCKED,		/* waiting on an object, maybe with timeout */
	THREAD_SLEEPING,	/* waiting for a point in time */
	THREAD_SUSPENDED,	/* stopped by thread_suspend() */
	THREAD_EXITED,
	THREAD_NEW,		/* being prepared, not yet started */
};

struct waitq {
	struct list waiters;	/* by priority, FIFO among equals */
};

struct mutex;

struct thread {
	void *sp;			/* saved stack pointer (arch) */
	struct list node;		/* ready queue or wait queue link */
	uint8_t prio;			/* effective (inherited) priority */
	uint8_t base_prio;
	uint8_t state;
	uint8_t flags;
	bool suspended;			/* suspend requested while blocked */
	bool heap;			/* control block and stack from kheap */
	bool joined;			/* a join waits for it or returned */
	const char *name;
	uint8_t *stack;			/* lowest usable byte */
	size_t stack_size;
	uint8_t *guard;			/* guard page, or NULL */
	void *fp_area;			/* THREAD_FP save area */
	struct timeout timeout;		/* sleep and blocking timeouts */
	struct waitq *wq;		/* the wait queue we block on */
	int wait_result;
	void *wait_data;		/* object-specific (queue item ...) */
	uintptr_t wait_arg;
	struct mutex *blocked_on;	/* for priority inheritance chains */
	struct list owned;		/* mutexes held */
	struct waitq joiners;
	int exit_code;
	void (*entry)(void *arg);
	void *arg;
	uint64_t cpu_ticks;		/* counter ticks spent running */
	struct list all;		/* every thread, for listings */
};

/* Creates a thread on caller-provided memory (the real-time default): `t`
 * and the stack [stack, stack + size) must stay valid until it exits, and
 * `t` until its join returns if it is joined; then both may be reused,
 * for a new thread too. The thread starts ready. With a page-aligned
 * stack of at least two pages its lowest page becomes an inaccessible
 * guard where the port supports it (unless THREAD_NO_GUARD); -E_NOMEM
 * when the port has no page table left to place it; -E_BUSY when `t` is
 * a thread that has not exited; -E_INVAL for no `t`, `entry` or `stack`,
 * a priority outside 1..31, a stack under 256 bytes or not 8-byte
 * aligned; -E_NOMEM for a THREAD_FP stack too small for its FP save area
 * and 256 bytes. Thread or boot context. */
int thread_create(struct thread *t, const char *name, unsigned int prio,
		  void (*entry)(void *arg), void *arg, void *stack,
		  size_t stack_size, unsigned int flags);

/* The same with the control block and stack from the kernel heap; freed by
 * thread_join() (also a join that comes before this returns, in a thread
 * the new one handed itself to). NULL when the heap is exhausted or for
 * anything thread_create() refuses. */
struct thread *thread_spawn(const char *name, unsigned int prio,
			    void (*entry)(void *arg), void *arg,
			    size_t stack_size, unsigned int flags);

struct thread *thread_self(void);
/* Goes behind the other ready threads of its priority. Thread context
 * (an assertion in an interrupt handler). */
void thread_yield(void);
/* Sleeps for `ns` (at least; woken within one timer resolution after). */
void thread_sleep(uint64_t ns);
/* Sleeps until the absolute time `ns` (on clock_now_ns()'s scale): for
 * drift-free periodic work, add the period to the previous deadline.
 * Returns at once if the time has passed. */
void thread_sleep_until(uint64_t ns);
/* -E_INVAL for a thread that has exited or the idle thread (which
 * thread_self() gives in a handler that interrupted it). */
int thread_suspend(struct thread *t);
int thread_resume(struct thread *t);
__attribute__((noreturn)) void thread_exit(int code);
/* Waits for `t` to exit; gives its exit code; frees a spawned thread.
 * A thread is joined once: while a join waits for it or after one has
 * returned it, another join fails with -E_BUSY (a spawned thread's
 * memory is gone by then: joining it again is a use after free). A join
 * that fails (-E_TIMEOUT, -E_AGAIN) leaves it to the next. -E_INVAL for
 * NULL or the caller itself, -E_DEADLK for a thread that waits in a join
 * of the caller (each would wait for the other to exit; a longer cycle of
 * joins is not detected). */
int thread_join(struct thread *t, uint64_t timeout, int *code);
/* Sets the thread's own priority (1..31). It runs at the higher of that
 * and what it inherits through the mutexes it holds; when it waits for a
 * mutex, the owners inherit the change. -E_INVAL for a priority out of
 * range, the idle thread, or a thread that has exited (as
 * thread_suspend() and thread_resume()). */
int thread_set_priority(struct thread *t, unsigned int prio);

/* Round-robin time slice among equal priorities in ns; 0 turns it off
 * (the default: a thread runs until it blocks, yields or is preempted). */
void sched_set_timeslice(uint64_t ns);
/* Times a slice ended and its thread went behind its equals. */
unsigned int sched_slice_rotations(void);

/* Bytes of the stack ever used (high-water mark, from the fill pattern). */
size_t thread_stack_used(const struct thread *t);
/* The CPU time `t` has run, in ns; -E_NOTSUP unless the kernel is built
 * with CELLMATE_THREAD_STATS (it costs every switch a counter read). */
int thread_cpu_time(const struct thread *t, uint64_t *ns);
/* Prints one line per thread that has not exited: name, priority,
 * state, stack, CPU time. One that exits while this prints is shown as
 * "exited", its stack left alone. */
void thread_list_print(void);
/* How many threads exist (created and not yet exited, idle included). */
unsigned int thread_count(void);
const char *thread_state_name(const struct thread *t);

/* Context switches since boot (for tests and the benchmark). */
#endif
