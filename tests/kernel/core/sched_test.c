/* Scheduling: preemption order, FIFO among equals, round robin, yield,
 * suspend/resume, exit/join, heap threads, priority changes. */
#include "arch.h"
#include "clock.h"
#include "console.h"
#include "irq.h"
#include "kerr.h"
#include "kheap.h"
#include "kstring.h"
#include "ktest.h"
#include "ktime.h"
#include "mutex.h"
#include "sched.h"
#include "sem.h"
#include "swtimer.h"
#include "thread.h"
#include "trace.h"

#define STACK 2048

static struct trace tr;
static struct thread th[4];
static uint8_t stacks[4][STACK] __attribute__((aligned(16)));

static void record(void *arg)
{
	trace_add(&tr, (int)(uintptr_t)arg);
}

KTEST(sched, a_higher_priority_thread_preempts_its_creator_at_once)
{
	trace_reset(&tr);
	thread_create(&th[0], "hi", KTEST_MAIN_PRIO + 1, record, (void *)1,
		      stacks[0], STACK, 0);
	trace_add(&tr, 0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 0), "the new thread (1) to run before "
		  "thread_create returns (0)");
}

KTEST(sched, a_lower_priority_thread_waits_until_the_creator_blocks)
{
	trace_reset(&tr);
	thread_create(&th[0], "lo", KTEST_MAIN_PRIO - 1, record, (void *)1,
		      stacks[0], STACK, 0);
	trace_add(&tr, 0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1), "creator (0) first, then the new "
		  "thread (1)");
}

/* The ends of the priority range: bit 31 and bit 1 of the ready map. */
KTEST(sched, the_highest_and_lowest_priorities_schedule_like_the_others)
{
	trace_reset(&tr);
	KT_EXPECT(thread_create(&th[0], "idle-level", THREAD_PRIO_IDLE,
				record, NULL, stacks[0], STACK, 0) == -E_INVAL &&
		  thread_create(&th[0], "too-high", THREAD_PRIO_MAX + 1,
				record, NULL, stacks[0], STACK, 0) == -E_INVAL,
		  "priorities 0 and 32 refused with E_INVAL");
	thread_create(&th[0], "lowest", 1, record, (void *)1, stacks[0], STACK,
		      0);
	thread_create(&th[1], "highest", THREAD_PRIO_MAX, record, (void *)2,
		      stacks[1], STACK, 0);
	trace_add(&tr, 0);
	KT_EXPECT(thread_set_priority(&th[0], THREAD_PRIO_IDLE) == -E_INVAL &&
		  thread_set_priority(&th[0], THREAD_PRIO_MAX + 1) == -E_INVAL,
		  "no move to priority 0 or 32");
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2, 0, 1), "the highest at once (2), main (0), "
		  "the lowest once main waits (1)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* thread_set_priority() takes the top of the range as creation does:
 * a thread raised to it preempts at once. */
KTEST(sched, a_thread_can_be_raised_to_the_highest_priority)
{
	int err;

	trace_reset(&tr);
	thread_create(&th[0], "raised", KTEST_MAIN_PRIO - 1, record, (void *)1,
		      stacks[0], STACK, 0);
	trace_add(&tr, 0);
	err = thread_set_priority(&th[0], THREAD_PRIO_MAX);
	trace_add(&tr, 2);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(err == 0, "thread_set_priority(%u) to succeed, got %d",
		  THREAD_PRIO_MAX, err);
	KT_EXPECT(TRACE_IS(&tr, 0, 1, 2), "main (0), the raised thread before "
		  "thread_set_priority returns (1), then 2");
	if (ktest_case_failed())
		trace_print(&tr);
}

static struct thread *volatile interrupted;

static void note_interrupted(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
	interrupted = thread_self();
}

/* thread_self() in a handler that interrupted the idle thread gives it
 * away; the idle thread must still stay ready at its level (the ready
 * map is never empty, and no thread waits behind it). Each call that
 * wrongly succeeds is undone at once, so that the run goes on. */
KTEST(sched, the_idle_thread_is_neither_suspended_nor_moved)
{
	static struct swtimer timer;
	struct thread *idle;
	int err;

	interrupted = NULL;
	swtimer_init(&timer, note_interrupted, NULL);
	swtimer_start(&timer, MS(1), 0);
	thread_sleep(MS(2));		/* every thread waits: idle runs */
	idle = interrupted;
	KT_ASSERT(idle && idle->base_prio == THREAD_PRIO_IDLE,
		  "the handler to interrupt the idle thread");
	err = thread_suspend(idle);
	if (err == 0)
		thread_resume(idle);
	KT_EXPECT(err == -E_INVAL, "thread_suspend(idle): E_INVAL, got %d",
		  err);
	err = thread_set_priority(idle, 1);
	if (err == 0) {
		irqstate_t s = arch_irq_save();

		idle->base_prio = THREAD_PRIO_IDLE;
		sched_set_prio(idle, THREAD_PRIO_IDLE);
		arch_irq_restore(s);
	}
	KT_EXPECT(err == -E_INVAL, "thread_set_priority(idle, 1): E_INVAL, "
		  "got %d", err);
}

KTEST(sched, equal_priorities_run_in_creation_order)
{
	trace_reset(&tr);
	for (int i = 0; i < 3; i++)
		thread_create(&th[i], "eq", KTEST_MAIN_PRIO - 1, record,
			      (void *)(uintptr_t)(i + 1), stacks[i], STACK, 0);
	for (int i = 0; i < 3; i++)
		thread_join(&th[i], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 2, 3), "FIFO order 1 2 3");
	if (ktest_case_failed())
		trace_print(&tr);
}

static void yielder(void *arg)
{
	for (int i = 0; i < 3; i++) {
		trace_add(&tr, (int)(uintptr_t)arg);
		thread_yield();
	}
}

KTEST(sched, yield_passes_the_cpu_to_equal_priority_threads)
{
	trace_reset(&tr);
	thread_create(&th[0], "y1", KTEST_MAIN_PRIO - 1, yielder, (void *)1,
		      stacks[0], STACK, 0);
	thread_create(&th[1], "y2", KTEST_MAIN_PRIO - 1, yielder, (void *)2,
		      stacks[1], STACK, 0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 2, 1, 2, 1, 2), "strict alternation");
	if (ktest_case_failed())
		trace_print(&tr);
}

static volatile unsigned int spins[3];
static volatile bool spin_stop;

static void spinner(void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	while (!spin_stop)
		spins[i]++;
}

KTEST(sched, round_robin_shares_the_cpu_among_equals)
{
	unsigned int before = sched_slice_rotations();

	spin_stop = false;
	for (int i = 0; i < 3; i++) {
		spins[i] = 0;
		thread_create(&th[i], "rr", KTEST_MAIN_PRIO - 1, spinner,
			      (void *)(uintptr_t)i, stacks[i], STACK, 0);
	}
	sched_set_timeslice(MS(1));
	/* Main sleeps 20 slices; the spinners rotate meanwhile. */
	thread_sleep(MS(20));
	spin_stop = true;
	sched_set_timeslice(0);
	for (int i = 0; i < 3; i++)
		thread_join(&th[i], TIMEOUT_FOREVER, NULL);
	unsigned int rotations = sched_slice_rotations() - before;

	for (int i = 0; i < 3; i++)
		KT_EXPECT(spins[i] > 0, "spinner %d to have run", i);
	/* 1 ms slices: about 20 rotations in 20 ms; with a periodic tick a
	 * slice ends on the tick after it expires, so about half that. */
	KT_EXPECT(rotations >= (ktest_tick_slack_ns() ? 9u : 18u),
		  "slice rotations in 20 ms, got %u", rotations);
}

KTEST(sched, round_robin_goes_on_when_the_running_thread_changes_level)
{
	trace_reset(&tr);
	sched_set_timeslice(MS(1));
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO - 1, record, (void *)1,
		      stacks[0], STACK, 0);
	/* Down to the peer's level: main keeps the CPU, for a slice. */
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO - 1);
	ktest_busy(MS(5));
	trace_add(&tr, 0);
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO);
	sched_set_timeslice(0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 0), "the peer (1) to get a slice while "
		  "main spun 5 ms at its level (0)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* A ready thread moved up to the running thread's level shares it from
 * then on: the running thread, alone there until now, gets a slice. */
KTEST(sched, round_robin_starts_when_a_ready_thread_joins_the_level)
{
	trace_reset(&tr);
	sched_set_timeslice(MS(1));
	thread_create(&th[0], "joiner", KTEST_MAIN_PRIO - 1, record,
		      (void *)1, stacks[0], STACK, 0);
	/* Up to main's level, behind it: main keeps the CPU, for a slice. */
	thread_set_priority(&th[0], KTEST_MAIN_PRIO);
	ktest_busy(MS(5));
	trace_add(&tr, 0);
	sched_set_timeslice(0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 0), "the raised thread (1) to get a "
		  "slice while main spun 5 ms at its level (0)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* A slice longer than the counter can count ends never, not at once:
 * on a counter faster than 1 GHz, UINT64_MAX ns is past 64 bits of
 * ticks (run without -icount on x86, where the TSC runs at the host's
 * rate: tests/kernel/CMakeLists.txt). */
KTEST(sched, a_slice_beyond_the_counters_range_never_ends)
{
	unsigned int before = sched_slice_rotations();

	trace_reset(&tr);
	sched_set_timeslice(UINT64_MAX);
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO, record, (void *)1,
		      stacks[0], STACK, 0);
	ktest_busy(MS(5));
	trace_add(&tr, 0);
	sched_set_timeslice(0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1), "main to keep the CPU through its "
		  "endless slice (0), then the peer (1)");
	KT_EXPECT(sched_slice_rotations() == before, "no slice to end, "
		  "%u did", sched_slice_rotations() - before);
	kprintf("    counter at %llu Hz\n",
		(unsigned long long)clock_freq_hz());
}

KTEST(sched, without_time_slices_an_equal_thread_keeps_the_cpu)
{
	spin_stop = false;
	spins[0] = spins[1] = 0;
	thread_create(&th[0], "s0", KTEST_MAIN_PRIO - 1, spinner, (void *)0,
		      stacks[0], STACK, 0);
	thread_create(&th[1], "s1", KTEST_MAIN_PRIO - 1, spinner, (void *)1,
		      stacks[1], STACK, 0);
	thread_sleep(MS(5));
	spin_stop = true;
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(spins[0] > 0 && spins[1] == 0,
		  "only the first spinner to run (got %u and %u)", spins[0],
		  spins[1]);
}

/* With CELLMATE_THREAD_STATS, a spinner that had the CPU while we slept
 * was charged that time, and we were not; without, the call says so. */
KTEST(sched, cpu_time_is_charged_to_the_thread_that_ran)
{
	uint64_t spun, mine_before, mine_after;
	int err = thread_cpu_time(thread_self(), &mine_before);

	if (!CELLMATE_THREAD_STATS) {
		KT_EXPECT(err == -E_NOTSUP, "-E_NOTSUP without thread stats, "
			  "got %d", err);
		return;
	}
	KT_ASSERT(err == 0, "thread_cpu_time: %d", err);
	spin_stop = false;
	thread_create(&th[0], "spin", KTEST_MAIN_PRIO - 1, spinner, (void *)0,
		      stacks[0], STACK, 0);
	thread_sleep(MS(10));
	spin_stop = true;
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_cpu_time(&th[0], &spun);
	thread_cpu_time(thread_self(), &mine_after);
	KT_EXPECT(spun >= MS(9) && spun <= MS(12),
		  "the spinner charged about 10 ms, got %llu ns",
		  (unsigned long long)spun);
	KT_EXPECT(mine_after - mine_before < MS(1),
		  "the sleeper charged under 1 ms, got %llu ns",
		  (unsigned long long)(mine_after - mine_before));
}

static struct sem gate;

static void gated(void *arg)
{
	for (int i = 0; i < 3; i++) {
		sem_take(&gate, TIMEOUT_FOREVER);
		trace_add(&tr, (int)(uintptr_t)arg);
	}
}

KTEST(sched, a_suspended_thread_does_not_run_until_resumed)
{
	trace_reset(&tr);
	sem_init(&gate, 0, 10);
	thread_create(&th[0], "susp", KTEST_MAIN_PRIO + 1, gated, (void *)1,
		      stacks[0], STACK, 0);
	sem_give(&gate);			/* runs once at once */
	thread_suspend(&th[0]);			/* blocked: suspends on wake */
	sem_give(&gate);
	trace_add(&tr, 0);			/* it must not have run */
	thread_resume(&th[0]);			/* runs its second round now */
	sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 0, 1, 1), "1, then nothing while "
		  "suspended (0), then 1 1");
	if (ktest_case_failed())
		trace_print(&tr);
}

static void exiter(void *arg)
{
	thread_exit((int)(uintptr_t)arg);
}

KTEST(sched, join_returns_the_exit_code_and_times_out_on_a_live_thread)
{
	int code = 0;

	sem_init(&gate, 0, 1);
	thread_create(&th[0], "x", KTEST_MAIN_PRIO - 1, exiter, (void *)42,
		      stacks[0], STACK, 0);
	KT_EXPECT(thread_join(&th[0], TIMEOUT_FOREVER, &code) == 0 &&
		  code == 42, "exit code 42, got %d", code);
	/* An exited thread is done with: no priority, no suspend, no
	 * resume. */
	KT_EXPECT(thread_set_priority(&th[0], 5) == -E_INVAL &&
		  thread_suspend(&th[0]) == -E_INVAL &&
		  thread_resume(&th[0]) == -E_INVAL,
		  "E_INVAL from an exited thread's set_priority, suspend and "
		  "resume");
	thread_create(&th[1], "g", KTEST_MAIN_PRIO + 1, gated, (void *)1,
		      stacks[1], STACK, 0);
	KT_EXPECT(thread_join(&th[1], MS(1), NULL) == -E_TIMEOUT,
		  "joining a blocked thread to time out");
	KT_EXPECT(thread_join(&th[1], TIMEOUT_NONE, NULL) == -E_AGAIN,
		  "a try-join of a live thread to fail with E_AGAIN");
	for (int i = 0; i < 3; i++)
		sem_give(&gate);
	KT_EXPECT(thread_join(&th[1], TIMEOUT_FOREVER, NULL) == 0,
		  "join after it finished");
}

KTEST(sched, threads_from_the_heap_run_and_are_freed_by_join)
{
	struct thread *t[8];
	int code;

	trace_reset(&tr);
	for (int i = 0; i < 8; i++) {
		t[i] = thread_spawn("heap", KTEST_MAIN_PRIO - 1, exiter,
				    (void *)(uintptr_t)i, 4096, 0);
		KT_ASSERT(t[i], "thread_spawn %d to succeed", i);
	}
	for (int i = 0; i < 8; i++) {
		KT_EXPECT(thread_join(t[i], TIMEOUT_FOREVER, &code) == 0 &&
			  code == i, "heap thread %d exit code", i);
	}
	/* All memory back: the same spawns succeed again. */
	for (int i = 0; i < 8; i++) {
		t[i] = thread_spawn("again", KTEST_MAIN_PRIO - 1, exiter, NULL,
				    4096, 0);
		KT_ASSERT(t[i], "thread_spawn %d after freeing to succeed", i);
	}
	for (int i = 0; i < 8; i++)
		thread_join(t[i], TIMEOUT_FOREVER, NULL);
}

/* A spawned thread may run, and be joined, before thread_spawn()
 * returns (here it hands itself to a higher-priority reaper): that join
 * frees it too. */
static struct sem reap;
static struct thread *volatile victim;
static int reap_result;

static void reaper(void *arg)
{
	(void)arg;
	sem_take(&reap, TIMEOUT_FOREVER);
	reap_result = thread_join(victim, TIMEOUT_FOREVER, NULL);
}

static void hand_self_over(void *arg)
{
	(void)arg;
	victim = thread_self();
	sem_give(&reap);	/* the reaper joins us at once */
}

KTEST(sched, a_spawned_thread_joined_before_spawn_returns_is_freed)
{
	size_t before = kheap_free_bytes();

	reap_result = 1;
	sem_init(&reap, 0, 1);
	thread_create(&th[0], "reaper", KTEST_MAIN_PRIO + 3, reaper, NULL,
		      stacks[0], STACK, 0);
	KT_ASSERT(thread_spawn("quick", KTEST_MAIN_PRIO + 2, hand_self_over,
			       NULL, 4096, 0), "thread_spawn to succeed");
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(reap_result == 0, "the reaper's join to succeed, got %d",
		  reap_result);
	KT_EXPECT(kheap_free_bytes() == before, "the heap as before (%u "
		  "bytes free), got %u", (unsigned int)before,
		  (unsigned int)kheap_free_bytes());
}

/* One join per thread: a spawned thread's join frees it, so a second
 * one would free it again. */
static struct thread *spawned;
static int join_result;

static void napper(void *arg)
{
	(void)arg;
	thread_sleep(MS(2));
}

static void joiner(void *arg)
{
	(void)arg;
	join_result = thread_join(spawned, TIMEOUT_FOREVER, NULL);
}

KTEST(sched, a_second_join_while_one_waits_is_refused)
{
	join_result = 1;
	spawned = thread_spawn("nap", KTEST_MAIN_PRIO - 2, napper, NULL, 4096,
			       0);
	KT_ASSERT(spawned, "thread_spawn to succeed");
	thread_create(&th[0], "joiner", KTEST_MAIN_PRIO + 1, joiner, NULL,
		      stacks[0], STACK, 0);
	KT_EXPECT(thread_join(spawned, TIMEOUT_FOREVER, NULL) == -E_BUSY,
		  "the second join to fail with E_BUSY at once");
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(join_result == 0, "the first join to succeed, got %d",
		  join_result);
}

KTEST(sched, a_join_after_the_woken_joiner_is_refused)
{
	join_result = 1;
	sem_init(&gate, 0, 1);
	spawned = thread_spawn("gated", KTEST_MAIN_PRIO + 2, gated, NULL,
			       4096, 0);
	KT_ASSERT(spawned, "thread_spawn to succeed");
	thread_create(&th[0], "joiner", KTEST_MAIN_PRIO - 1, joiner, NULL,
		      stacks[0], STACK, 0);
	thread_sleep(MS(1));		/* the joiner waits */
	for (int i = 0; i < 3; i++)
		sem_give(&gate);	/* it exits; the joiner is ready */
	KT_EXPECT(thread_join(spawned, TIMEOUT_NONE, NULL) == -E_BUSY,
		  "a join of a thread another join has to fail with E_BUSY");
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(join_result == 0, "the first join to succeed, got %d",
		  join_result);
}

static struct thread *join_target;

static void join_back(void *arg)
{
	(void)arg;
	join_result = thread_join(join_target, MS(50), NULL);
}

KTEST(sched, joining_a_thread_that_joins_us_fails_with_e_deadlk)
{
	uint64_t t0;
	int err;

	join_result = 1;
	join_target = thread_self();
	thread_create(&th[0], "joinback", KTEST_MAIN_PRIO + 1, join_back,
		      NULL, stacks[0], STACK, 0);
	t0 = clock_now_ns();
	err = thread_join(&th[0], MS(10), NULL);
	KT_EXPECT(err == -E_DEADLK, "a join of a thread that waits to join "
		  "us to fail with E_DEADLK, got %s", kerr_name(err));
	KT_EXPECT(clock_now_ns() - t0 < MS(5), "the refusal to come at once, "
		  "not at the timeout");
	thread_sleep(MS(60));	/* its join of us times out: it exits */
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(join_result == -E_TIMEOUT, "its own join of us to time "
		  "out as usual, got %d", join_result);
}

/* Walks the list of every thread round from the running one: how often
 * `t` is on it, or -1 if a link does not point back or the walk does not
 * come round. */
static int times_listed(const struct thread *t)
{
	const struct list *start = &thread_self()->all, *n = start;
	int seen = 0;

	for (int i = 0; i < 64; i++) {
		if (n->next->prev != n)
			return -1;
		n = n->next;
		if (n == start)
			return seen;
		if (n == &t->all)
			seen++;
	}
	return -1;
}

KTEST(sched, a_control_block_can_be_reused_once_its_thread_has_exited)
{
	trace_reset(&tr);
	sem_init(&gate, 0, 3);
	thread_create(&th[0], "once", KTEST_MAIN_PRIO + 1, record, (void *)1,
		      stacks[0], STACK, 0);	/* runs and exits, unjoined */
	KT_EXPECT(times_listed(&th[0]) == 0, "an exited thread off the list, "
		  "got %d", times_listed(&th[0]));
	thread_create(&th[1], "next", KTEST_MAIN_PRIO - 1, gated, (void *)3,
		      stacks[1], STACK, 0);
	thread_create(&th[0], "again", KTEST_MAIN_PRIO - 1, record, (void *)2,
		      stacks[0], STACK, 0);
	KT_EXPECT(times_listed(&th[0]) == 1, "the new thread listed once and "
		  "the list intact, got %d", times_listed(&th[0]));
	KT_EXPECT(times_listed(&th[1]) == 1, "its neighbour listed once, "
		  "got %d", times_listed(&th[1]));
	for (int i = 0; i < 3; i++)
		sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 3, 3, 3, 2) || TRACE_IS(&tr, 1, 2, 3, 3, 3),
		  "both incarnations to have run");
	if (ktest_case_failed())
		trace_print(&tr);
}

KTEST(sched, creating_a_thread_on_a_live_control_block_is_refused)
{
	int err;

	sem_init(&gate, 0, 3);
	thread_create(&th[0], "live", KTEST_MAIN_PRIO + 1, gated, (void *)1,
		      stacks[0], STACK, 0);	/* waits on the gate */
	err = thread_create(&th[0], "again", KTEST_MAIN_PRIO - 1, record,
			    (void *)2, stacks[1], STACK, 0);
	KT_ASSERT(err == -E_BUSY, "E_BUSY for a thread that has not exited, "
		  "got %d", err);
	KT_EXPECT(times_listed(&th[0]) == 1 && th[0].state == THREAD_BLOCKED,
		  "the live thread untouched: listed once (%d), blocked",
		  times_listed(&th[0]));
	for (int i = 0; i < 3; i++)
		sem_give(&gate);
	KT_EXPECT(thread_join(&th[0], TIMEOUT_FOREVER, NULL) == 0,
		  "the live thread to finish");
}

KTEST(sched, raising_a_ready_threads_priority_lets_it_preempt)
{
	trace_reset(&tr);
	thread_create(&th[0], "lo", KTEST_MAIN_PRIO - 1, record, (void *)1,
		      stacks[0], STACK, 0);
	trace_add(&tr, 0);
	thread_set_priority(&th[0], KTEST_MAIN_PRIO + 1);
	trace_add(&tr, 2);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1, 2), "0, then the raised thread, then 2");
}

static void take_once(void *arg)
{
	sem_take(&gate, TIMEOUT_FOREVER);
	trace_add(&tr, (int)(uintptr_t)arg);
}

/* A waiter's place in its wait queue follows its priority while it
 * waits: raised above an equal that came first, it is served first. */
KTEST(sched, raising_a_waiters_priority_moves_it_up_its_wait_queue)
{
	trace_reset(&tr);
	sem_init(&gate, 0, 2);
	thread_create(&th[0], "first", KTEST_MAIN_PRIO + 1, take_once,
		      (void *)1, stacks[0], STACK, 0);
	thread_create(&th[1], "second", KTEST_MAIN_PRIO + 1, take_once,
		      (void *)2, stacks[1], STACK, 0);
	thread_set_priority(&th[1], KTEST_MAIN_PRIO + 2);
	sem_give(&gate);
	trace_add(&tr, 0);
	sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2, 0, 1), "the raised second waiter served "
		  "by the first give (2), the first by the next (1)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* Lowered to an equal's level, a waiter goes behind it (FIFO among
 * equals counts from the move). */
KTEST(sched, lowering_a_waiters_priority_puts_it_behind_its_new_equals)
{
	trace_reset(&tr);
	sem_init(&gate, 0, 2);
	thread_create(&th[0], "first", KTEST_MAIN_PRIO + 2, take_once,
		      (void *)1, stacks[0], STACK, 0);
	thread_create(&th[1], "second", KTEST_MAIN_PRIO + 1, take_once,
		      (void *)2, stacks[1], STACK, 0);
	thread_set_priority(&th[0], KTEST_MAIN_PRIO + 1);
	sem_give(&gate);
	trace_add(&tr, 0);
	sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2, 0, 1), "the second waiter served first "
		  "(2), the lowered one behind it (1)");
	if (ktest_case_failed())
		trace_print(&tr);
}

static void suspend_self(void *arg)
{
	thread_suspend(thread_self());
	trace_add(&tr, (int)(uintptr_t)arg);
}

KTEST(sched, resuming_a_higher_priority_thread_lets_it_preempt_at_once)
{
	trace_reset(&tr);
	thread_create(&th[0], "susp", KTEST_MAIN_PRIO + 1, suspend_self,
		      (void *)1, stacks[0], STACK, 0);
	trace_add(&tr, 0);
	KT_EXPECT(thread_resume(&th[0]) == 0, "thread_resume to succeed");
	trace_add(&tr, 2);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1, 2), "suspended (0), run before "
		  "thread_resume returns (1), then 2");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* With main alone at its level no slice runs; a thread woken there
 * shares the level from then on, and main gets a slice. */
KTEST(sched, waking_an_equal_thread_starts_a_slice_for_the_running_one)
{
	trace_reset(&tr);
	sem_init(&gate, 0, 1);
	thread_create(&th[0], "sleeper", KTEST_MAIN_PRIO + 1, take_once,
		      (void *)1, stacks[0], STACK, 0);
	thread_set_priority(&th[0], KTEST_MAIN_PRIO);	/* still waiting */
	sched_set_timeslice(MS(1));
	sem_give(&gate);	/* ready behind main: no switch yet */
	ktest_busy(MS(5));
	trace_add(&tr, 0);
	sched_set_timeslice(0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 0), "the woken thread (1) to get a slice "
		  "while main spun 5 ms at its level (0)");
	if (ktest_case_failed())
		trace_print(&tr);
}

static volatile uint64_t ran_at;

static void note_time(void *arg)
{
	(void)arg;
	ran_at = clock_ticks();
}

/* A thread woken at the running thread's level takes its turn behind
 * it: the running slice ends when it would have, not a slice later. */
KTEST(sched, waking_an_equal_thread_leaves_the_running_slice_as_it_is)
{
	uint64_t start, took;

	trace_reset(&tr);
	sem_init(&gate, 0, 1);
	ran_at = 0;
	thread_create(&th[1], "sleeper", KTEST_MAIN_PRIO + 1, take_once,
		      (void *)2, stacks[1], STACK, 0);
	thread_set_priority(&th[1], KTEST_MAIN_PRIO);
	sched_set_timeslice(MS(4));
	start = clock_ticks();
	/* A peer: main's 4 ms slice starts now. */
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO, note_time, NULL,
		      stacks[0], STACK, 0);
	ktest_busy(MS(3));
	sem_give(&gate);	/* 1 ms before the slice ends */
	for (int i = 0; i < 100 && !ran_at; i++)
		ktest_busy(US(100));
	sched_set_timeslice(0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	took = clock_ticks_to_ns(ran_at - start);
	KT_EXPECT(ran_at && took < MS(4) + US(500) + ktest_tick_slack_ns(),
		  "the peer to run when main's 4 ms slice ended, after %llu "
		  "ns", (unsigned long long)took);
	KT_EXPECT(TRACE_IS(&tr, 2), "the woken thread to have run");
}

/* The running thread moved to another level keeps its turn there: it
 * goes to the head, not behind the threads already ready there. */
KTEST(sched, the_running_thread_moved_to_a_level_keeps_its_turn_there)
{
	trace_reset(&tr);
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO - 1, record, (void *)1,
		      stacks[0], STACK, 0);
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO - 1);
	trace_add(&tr, 0);
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1), "main to go on at the peer's level "
		  "(0), the peer once main waits (1)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* Another ready thread moved to a level goes behind those there. */
KTEST(sched, a_ready_thread_moved_to_a_level_goes_behind_its_new_equals)
{
	trace_reset(&tr);
	thread_create(&th[0], "there", KTEST_MAIN_PRIO - 2, record, (void *)1,
		      stacks[0], STACK, 0);
	thread_create(&th[1], "moved", KTEST_MAIN_PRIO - 1, record, (void *)2,
		      stacks[1], STACK, 0);
	thread_set_priority(&th[1], KTEST_MAIN_PRIO - 2);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 2), "the thread already there (1), then "
		  "the moved one (2)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* A slice ends only where another thread shares the level: main alone
 * there, or moved to a level of its own, is never rotated. */
KTEST(sched, a_thread_alone_at_its_level_has_no_slice_to_end)
{
	unsigned int before = sched_slice_rotations();
	unsigned int pending = ktime_pending();

	sched_set_timeslice(MS(1));
	KT_EXPECT(ktime_pending() == pending, "no slice queued for main "
		  "alone: %u pending, %u before", ktime_pending(), pending);
	ktest_busy(MS(3));
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO + 1);
	KT_EXPECT(ktime_pending() == pending, "no slice queued for main "
		  "moved to a level of its own: %u pending, %u before",
		  ktime_pending(), pending);
	ktest_busy(MS(3));
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO);
	sched_set_timeslice(0);
	KT_EXPECT(sched_slice_rotations() == before, "no slice to end for a "
		  "thread alone at its level, %u did",
		  sched_slice_rotations() - before);
}

/* The slice main got when a peer joined its level runs on once the peer
 * is suspended (main finishes the slice it has), but where it ends main
 * is alone: nothing goes behind an equal, and no rotation is counted. */
KTEST(sched, a_slice_that_ends_with_the_thread_alone_rotates_nothing)
{
	unsigned int before;

	trace_reset(&tr);
	sched_set_timeslice(MS(1));
	before = sched_slice_rotations();
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO, record, (void *)1,
		      stacks[0], STACK, 0);
	thread_suspend(&th[0]);
	ktest_busy(MS(3));
	KT_EXPECT(sched_slice_rotations() == before, "no rotation with the "
		  "peer suspended, %u counted",
		  sched_slice_rotations() - before);
	sched_set_timeslice(0);
	thread_resume(&th[0]);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1), "the peer to run once resumed");
}

/* The running thread moved to a level it shares finishes the slice it
 * has rather than starting a new one. The slice is left over from a
 * peer moved away, so that main can move down without being preempted. */
KTEST(sched, the_running_thread_moved_to_a_shared_level_finishes_its_slice)
{
	trace_reset(&tr);
	sched_set_timeslice(MS(8));
	/* A peer: main's 8 ms slice starts now. */
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO, record, (void *)1,
		      stacks[0], STACK, 0);
	thread_create(&th[1], "below", KTEST_MAIN_PRIO - 1, record,
		      (void *)2, stacks[1], STACK, 0);
	ktest_busy(MS(6));
	thread_set_priority(&th[0], KTEST_MAIN_PRIO - 2);
	/* Down to "below"'s level, 2 ms of the slice left. */
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO - 1);
	ktest_busy(MS(5));
	trace_add(&tr, 0);
	thread_set_priority(thread_self(), KTEST_MAIN_PRIO);
	sched_set_timeslice(0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	thread_join(&th[1], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2, 0, 1), "the thread at main's new level "
		  "(2) to run when the slice ends, before main spun 5 ms "
		  "(0), then the peer (1)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* Time slices turned on share the CPU at once with an equal already
 * ready, not from the next switch on. */
KTEST(sched, turning_time_slices_on_starts_a_slice_for_the_running_thread)
{
	trace_reset(&tr);
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO, record, (void *)1,
		      stacks[0], STACK, 0);
	sched_set_timeslice(MS(1));
	ktest_busy(MS(5));
	trace_add(&tr, 0);
	sched_set_timeslice(0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 0), "the peer (1) to get a slice while "
		  "main spun 5 ms (0)");
	if (ktest_case_failed())
		trace_print(&tr);
}

/* Time slices turned off end the running one too: an equal that is
 * ready waits until main gives up the CPU. */
KTEST(sched, turning_time_slices_off_ends_the_running_slice)
{
	trace_reset(&tr);
	sched_set_timeslice(MS(2));
	thread_create(&th[0], "peer", KTEST_MAIN_PRIO, record, (void *)1,
		      stacks[0], STACK, 0);
	ktest_busy(MS(1));
	sched_set_timeslice(0);
	ktest_busy(MS(4));
	trace_add(&tr, 0);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1), "main to keep the CPU past the slice "
		  "it had (0), then the peer (1)");
	if (ktest_case_failed())
		trace_print(&tr);
}

static void give_gate(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
	sem_give_from_isr(&gate);
}

/* A thread that an interrupt handler wakes while the interrupted thread
 * has preemption off runs as soon as it is on again, not at the next
 * chance that thread gives (sched_irq_exit() defers the switch). The
 * kernel's own users keep interrupts masked all along; this one lets the
 * interrupt in, as the deferral allows. */
KTEST(sched, a_thread_woken_with_preemption_off_runs_when_it_is_back_on)
{
	static struct swtimer wake_timer;
	irqstate_t s;

	trace_reset(&tr);
	sem_init(&gate, 0, 1);
	thread_create(&th[0], "woken", KTEST_MAIN_PRIO + 1, take_once,
		      (void *)1, stacks[0], STACK, 0);
	swtimer_init(&wake_timer, give_gate, NULL);
	s = arch_irq_save();
	sched_preempt_disable();
	arch_irq_restore(s);
	swtimer_start(&wake_timer, MS(1), 0);
	ktest_busy(MS(3));
	trace_add(&tr, 0);
	s = arch_irq_save();
	sched_preempt_enable();
	arch_irq_restore(s);
	trace_add(&tr, 2);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1, 2), "main to go on with preemption "
		  "off (0), the woken thread as it is on again (1), then 2");
	if (ktest_case_failed())
		trace_print(&tr);
}

KTEST(sched, the_thread_list_shows_every_thread)
{
	sem_init(&gate, 0, 1);
	thread_create(&th[0], "listed", KTEST_MAIN_PRIO + 2, gated, (void *)1,
		      stacks[0], STACK, 0);
	thread_list_print();
	KT_EXPECT(thread_stack_used(&th[0]) > 0 &&
		  thread_stack_used(&th[0]) < STACK, "a plausible stack "
		  "high-water mark, got %u", (unsigned int)thread_stack_used(&th[0]));
	for (int i = 0; i < 3; i++)
		sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
}

/* thread_list_print() copies the list, then scans each stack with
 * interrupts on: a listed thread may exit meanwhile and its stack become
 * another thread's, guard page included. A second console makes that
 * happen while the listing's header line is written, then reads the
 * leaver's line. */
#define GUARD_PAGE 4096
static uint8_t reused[4 * GUARD_PAGE] __attribute__((aligned(GUARD_PAGE)));
static struct thread leaver, reuser;
static struct sem leaver_go, reuser_hold;
static bool reuse_armed, leaver_listed_exited;
static char spy_line[96];
static size_t spy_len;
static int reuse_err;

static void wait_for_go(void *arg)
{
	sem_take(arg, TIMEOUT_FOREVER);
}

/* `state` as its state and no stack figure ("used/size"). */
static bool says_state(const char *line, const char *state)
{
	size_t n = strlen(state);
	bool seen = false;

	for (; *line; line++) {
		if (*line == '/')
			return false;
		if (*line == ' ' && !strncmp(line + 1, state, n) &&
		    line[n + 1] == ' ')
			seen = true;
	}
	return seen;
}

/* Cuts console output into lines (in spy_line), each whole one to `fn`. */
static void spy_lines(const char *s, size_t n, void (*fn)(const char *line))
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n') {
			spy_line[spy_len] = 0;
			fn(spy_line);
			spy_len = 0;
		} else if (spy_len < sizeof(spy_line) - 1) {
			spy_line[spy_len++] = s[i];
		}
	}
}

static void leaver_line(const char *line)
{
	if (!strncmp(line, "leaver ", 7) && says_state(line, "exited"))
		leaver_listed_exited = true;
}

static void spy_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	if (reuse_armed) {
		reuse_armed = false;
		sem_give(&leaver_go);	/* it runs at once and exits */
		/* Its stack's upper half, the lowest page a guard. */
		reuse_err = thread_create(&reuser, "reuser", KTEST_MAIN_PRIO + 2,
					  wait_for_go, &reuser_hold,
					  reused + 2 * GUARD_PAGE,
					  2 * GUARD_PAGE, 0);
	}
	spy_lines(s, n, leaver_line);
}

static struct console spy = { .name = "spy", .write = spy_write };

/* A thread being created is listed before its stack is filled: the
 * list says "new" and gives no stack figure rather than scan garbage.
 * The core tests link with --wrap=stack_fill: thread_prepare's fill
 * lists the threads first when armed. */
static bool list_in_fill, newborn_listed_new, newborn_line_seen;
/* Set: thread_prepare's fill changes this thread's priority to
 * reprio_to, as another thread may before the creator makes it ready. */
static struct thread *reprio_in_fill;
static unsigned int reprio_to;
static int reprio_err;

void __real_stack_fill(uint8_t *lo, const uint8_t *hi);
void __wrap_stack_fill(uint8_t *lo, const uint8_t *hi);
void __wrap_stack_fill(uint8_t *lo, const uint8_t *hi)
{
	if (list_in_fill) {
		list_in_fill = false;
		thread_list_print();
	}
	if (reprio_in_fill) {
		reprio_err = thread_set_priority(reprio_in_fill, reprio_to);
		reprio_in_fill = NULL;
	}
	__real_stack_fill(lo, hi);
}

static char newborn_line[96];

static void newborn_line_check(const char *line)
{
	if (!strncmp(line, "newborn ", 8)) {
		newborn_line_seen = true;
		newborn_listed_new = says_state(line, "new");
		memcpy(newborn_line, line, sizeof(newborn_line));
	}
}

static void newborn_spy_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	spy_lines(s, n, newborn_line_check);
}

static struct console newborn_spy = { .name = "spy",
				       .write = newborn_spy_write };

KTEST(sched, the_thread_list_shows_a_thread_being_created_as_new)
{
	struct console *con = console_get();
	int err;

	sem_init(&gate, 0, 1);
	console_register(&newborn_spy);
	spy_len = 0;
	newborn_line_seen = newborn_listed_new = false;
	list_in_fill = true;
	err = thread_create(&th[0], "newborn", KTEST_MAIN_PRIO + 2, gated,
			    (void *)1, stacks[0], STACK, 0);
	console_clear();
	console_register(con);
	KT_ASSERT(err == 0 && !list_in_fill, "the thread created (%d), the "
		  "list printed while its stack was filled", err);
	KT_EXPECT(newborn_line_seen && newborn_listed_new, "its line to say "
		  "'new' with no stack figure: '%s'", newborn_line);
	KT_EXPECT(th[0].state == THREAD_BLOCKED, "then it ran and blocked "
		  "(state %d)", th[0].state);
	for (int i = 0; i < 3; i++)
		sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
}

/* A new thread is in no ready queue: a priority change then only
 * changes the number, and the thread starts once, at that priority. */
KTEST(sched, a_thread_being_created_can_change_priority_before_it_starts)
{
	trace_reset(&tr);
	reprio_in_fill = &th[0];
	reprio_to = KTEST_MAIN_PRIO + 1;
	thread_create(&th[0], "reprio", KTEST_MAIN_PRIO - 1, record, (void *)1,
		      stacks[0], STACK, 0);
	trace_add(&tr, 0);
	KT_ASSERT(reprio_in_fill == NULL && reprio_err == 0, "the priority "
		  "changed during the creation (%d)", reprio_err);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	if (!TRACE_IS(&tr, 1, 0))
		trace_print(&tr);
	KT_EXPECT(TRACE_IS(&tr, 1, 0), "it to run once (1), at its new "
		  "priority before thread_create returns (0)");
}

KTEST(sched, the_thread_list_skips_a_stack_freed_while_it_prints)
{
	struct console *con = console_get();

	sem_init(&leaver_go, 0, 1);
	sem_init(&reuser_hold, 0, 1);
	thread_create(&leaver, "leaver", KTEST_MAIN_PRIO + 2, wait_for_go,
		      &leaver_go, reused, sizeof(reused), THREAD_NO_GUARD);
	console_clear();
	console_register(con);
	console_register(&spy);
	spy_len = 0;
	leaver_listed_exited = false;
	reuse_armed = true;
	thread_list_print();
	console_clear();
	console_register(con);
	KT_EXPECT(!reuse_armed && reuse_err == 0, "the second console to "
		  "end the leaver and reuse its stack (error %d)", reuse_err);
	KT_EXPECT(leaver_listed_exited, "the leaver's line to say it exited, "
		  "not to read its old stack");
	sem_give(&reuser_hold);
	KT_EXPECT(thread_join(&reuser, TIMEOUT_FOREVER, NULL) == 0 &&
		  thread_join(&leaver, TIMEOUT_FOREVER, NULL) == 0,
		  "both threads joined");
}

/* thread_list_print() marks a priority other than the thread's own (one
 * inherited through a mutex) with '*' after the number: "%-12.12s %4u%c",
 * so the mark is column 17. */
#define LIST_MARK_COLUMN 17
static int main_mark, heir_mark;
static struct mutex held;

static bool line_of(const char *line, const char *name)
{
	size_t n = strlen(name);

	return !strncmp(line, name, n) && line[n] == ' ' &&
	       strlen(line) > LIST_MARK_COLUMN;
}

static void mark_line_check(const char *line)
{
	if (line_of(line, thread_self()->name))
		main_mark = line[LIST_MARK_COLUMN];
	else if (line_of(line, "heir"))
		heir_mark = line[LIST_MARK_COLUMN];
}

static void mark_spy_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	spy_lines(s, n, mark_line_check);
}

static struct console mark_spy = { .name = "spy", .write = mark_spy_write };

static void lock_held(void *arg)
{
	(void)arg;
	if (mutex_lock(&held, TIMEOUT_FOREVER) == 0)
		mutex_unlock(&held);
}

KTEST(sched, the_thread_list_marks_a_priority_inherited_through_a_mutex)
{
	struct console *con = console_get();

	mutex_init(&held, 0);
	mutex_lock(&held, TIMEOUT_FOREVER);
	/* It waits for main's mutex: main runs at its priority. */
	thread_create(&th[0], "heir", KTEST_MAIN_PRIO + 2, lock_held, NULL,
		      stacks[0], STACK, 0);
	console_register(&mark_spy);
	spy_len = 0;
	main_mark = heir_mark = 0;
	thread_list_print();
	console_clear();
	console_register(con);
	mutex_unlock(&held);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(main_mark == '*', "main's line, at an inherited priority, "
		  "marked '*', got '%c'", main_mark ? main_mark : '?');
	KT_EXPECT(heir_mark == ' ', "the waiter's line, at its own priority, "
		  "unmarked, got '%c'", heir_mark ? heir_mark : '?');
}

KTEST(sched, a_stack_under_256_bytes_or_off_8_bytes_is_refused)
{
	int err;

	trace_reset(&tr);
	KT_EXPECT(thread_create(&th[0], "small", KTEST_MAIN_PRIO + 1, record,
				(void *)1, stacks[0], 255, THREAD_NO_GUARD) ==
		  -E_INVAL, "E_INVAL for a stack of 255 bytes");
	KT_EXPECT(thread_create(&th[0], "odd", KTEST_MAIN_PRIO + 1, record,
				(void *)1, stacks[0] + 4, STACK - 4,
				THREAD_NO_GUARD) == -E_INVAL,
		  "E_INVAL for a stack 4 bytes off 8");
	KT_EXPECT(tr.n == 0, "no thread to have run");
	/* 256 bytes 8 bytes off 16: the least it takes, and it runs. */
	err = thread_create(&th[0], "least", KTEST_MAIN_PRIO + 1, record,
			    (void *)2, stacks[0] + 8, 256, THREAD_NO_GUARD);
	KT_ASSERT(err == 0, "a stack of 256 bytes at 8 bytes off 16 taken, "
		  "got %d", err);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2), "the thread on it to have run");
	kprintf("    %u of 256 bytes used\n",
		(unsigned int)thread_stack_used(&th[0]));
}

KTEST(sched, a_stack_size_is_rounded_down_to_16_bytes)
{
	thread_create(&th[0], "round", KTEST_MAIN_PRIO - 1, record, NULL,
		      stacks[0], STACK - 1, THREAD_NO_GUARD);
	KT_EXPECT(th[0].stack_size == STACK - 16, "a stack of %u bytes used "
		  "as %u, got %u", STACK - 1, STACK - 16,
		  (unsigned int)th[0].stack_size);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
}

/* A spawned thread's stack of two pages gets a guard page: its join
 * frees the block from the guard up, and the guard is lifted by then
 * (the next first-fit allocation of that size is the same block). */
KTEST(sched, join_gives_back_a_spawned_threads_guarded_stack)
{
	size_t page = arch_page_size(), before;
	struct thread *t;
	uint8_t *guard, *p;
	int code = 0;

	if (!page)
		KT_SKIP("no paging, no guard pages");
	before = kheap_free_bytes();
	t = thread_spawn("guarded", KTEST_MAIN_PRIO + 1, exiter, (void *)7,
			 2 * page, 0);
	KT_ASSERT(t, "thread_spawn to succeed");
	guard = t->guard;	/* it has run and exited: t is not freed yet */
	KT_EXPECT(guard && t->stack == guard + page, "a guard page below its "
		  "stack (guard %p, stack %p)", (void *)guard,
		  (void *)t->stack);
	KT_EXPECT(thread_join(t, TIMEOUT_FOREVER, &code) == 0 && code == 7,
		  "joined with exit code 7, got %d", code);
	KT_EXPECT(kheap_free_bytes() == before, "the heap as before (%u bytes "
		  "free), got %u", (unsigned int)before,
		  (unsigned int)kheap_free_bytes());
	p = kheap_alloc(2 * page, page);
	KT_ASSERT(p, "the two pages to be had again");
	KT_EXPECT(p == guard, "the same block (%p) again, got %p",
		  (void *)guard, (void *)p);
	memset(p, 0x5a, 2 * page);	/* faults on a guard left behind */
	kheap_free(p);
}

/* The port has no page table left for a guard: the creation fails with
 * -E_NOMEM and leaves the control block free for another try. The core
 * tests link with --wrap=arch_stack_guard. */
static bool guard_nomem;

int __real_arch_stack_guard(void *addr, bool on);
int __wrap_arch_stack_guard(void *addr, bool on);
int __wrap_arch_stack_guard(void *addr, bool on)
{
	if (on && guard_nomem) {
		guard_nomem = false;
		return -E_NOMEM;
	}
	return __real_arch_stack_guard(addr, on);
}

KTEST(sched, a_guard_page_without_a_page_table_left_fails_the_creation)
{
	int err;

	if (arch_page_size() != GUARD_PAGE)
		KT_SKIP("no %u-byte pages, no guard pages", GUARD_PAGE);
	trace_reset(&tr);
	guard_nomem = true;
	err = thread_create(&th[0], "noguard", KTEST_MAIN_PRIO + 1, record,
			    (void *)1, reused, 2 * GUARD_PAGE, 0);
	KT_EXPECT(err == -E_NOMEM && !guard_nomem, "E_NOMEM when the guard "
		  "cannot be made, got %d", err);
	KT_EXPECT(times_listed(&th[0]) == 0 && tr.n == 0, "the thread not "
		  "listed (%d) and not run", times_listed(&th[0]));
	guard_nomem = false;
	err = thread_create(&th[0], "guarded", KTEST_MAIN_PRIO + 1, record,
			    (void *)2, reused, 2 * GUARD_PAGE, 0);
	KT_ASSERT(err == 0, "the next try to succeed, got %d", err);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2), "only the second thread to have run");
}

/* A THREAD_FP stack keeps at least 256 bytes below its FP save area: 16
 * bytes fewer are refused, exactly 256 are taken. The stack is the top
 * of the buffer, so a thread that used more than its stack would still
 * not reach other data. */
#define FP_TIGHT_SIZE 8192
static uint8_t fp_tight_buf[1024 + FP_TIGHT_SIZE]
	__attribute__((aligned(16)));
#define fp_tight_stack (fp_tight_buf + 1024)

KTEST(sched, an_fp_thread_needs_256_bytes_of_stack_beside_its_fp_area)
{
	size_t fp = (arch_fp_context_size() + 15) & ~(size_t)15;
	unsigned int flags = THREAD_FP | THREAD_NO_GUARD;
	int err, code = -1;

	KT_ASSERT(fp + 256 <= FP_TIGHT_SIZE, "an FP area of %u "
		  "bytes does not fit the test's stack", (unsigned int)fp);
	err = thread_create(&th[0], "fp-240", KTEST_MAIN_PRIO - 1, exiter,
			    (void *)0, fp_tight_stack, fp + 240, flags);
	KT_EXPECT(err == -E_NOMEM && times_listed(&th[0]) == 0,
		  "240 bytes beside the FP area: -E_NOMEM, got %d", err);
	err = thread_create(&th[0], "fp-256", KTEST_MAIN_PRIO - 1, exiter,
			    (void *)7, fp_tight_stack, fp + 256, flags);
	KT_ASSERT(err == 0, "256 bytes beside the FP area taken, got %d", err);
	KT_EXPECT(thread_join(&th[0], TIMEOUT_FOREVER, &code) == 0 && code == 7,
		  "the 256-byte FP thread ran and exited with 7, got %d", code);
}

/* A thread joining itself would wait for ever (or time out, or say
 * E_AGAIN as if another thread were live): it is refused at once. */
KTEST(sched, a_thread_cannot_join_itself)
{
	struct thread *self = thread_self();

	KT_EXPECT(thread_join(self, TIMEOUT_NONE, NULL) == -E_INVAL,
		  "a try-join of itself: E_INVAL");
	KT_EXPECT(thread_join(self, MS(1), NULL) == -E_INVAL,
		  "a timed join of itself: E_INVAL, not a time-out");
	KT_EXPECT(thread_join(NULL, TIMEOUT_NONE, NULL) == -E_INVAL,
		  "a join of no thread: E_INVAL");
}

/* The running thread's state reads "running" (its state field says
 * ready: it is on the ready queue); a thread waiting for the CPU reads
 * "ready". */
KTEST(sched, the_running_thread_reads_running_and_a_waiting_one_ready)
{
	const char *self, *other;

	thread_create(&th[0], "lo", KTEST_MAIN_PRIO - 1, exiter, (void *)0,
		      stacks[0], STACK, 0);
	self = thread_state_name(thread_self());
	other = thread_state_name(&th[0]);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(!strcmp(self, "running"), "self: \"running\", got \"%s\"",
		  self);
	KT_EXPECT(!strcmp(other, "ready"), "a ready thread: \"ready\", got "
		  "\"%s\"", other);
}

/* An object is in use when a thread waits on a queue inside it; the
 * bytes just before that queue are another object, not in use. */
KTEST(sched, an_object_is_in_use_only_where_a_thread_waits_inside_it)
{
	const uint8_t *wq = (const uint8_t *)&gate.waiters;
	bool inside, before;

	sem_init(&gate, 0, 1);
	thread_create(&th[0], "g", KTEST_MAIN_PRIO + 1, gated, (void *)1,
		      stacks[0], STACK, 0);
	inside = thread_object_in_use(wq, sizeof(gate.waiters));
	before = thread_object_in_use(wq - 4, 4);
	for (int i = 0; i < 3; i++)
		sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(inside, "the waited-on queue in use");
	KT_EXPECT(!before, "the 4 bytes ending where the queue starts not "
		  "in use");
	KT_EXPECT(!thread_object_in_use(&gate, sizeof(gate)),
		  "the semaphore free once its waiter has gone");
}

/* A THREAD_FP thread's save area starts zeroed (its first FP state is a
 * reset one, not what the buffer held) and 16-byte aligned (x86's fxsave
 * needs that), also when its stack ends 8 bytes off 16. */
KTEST(sched, an_fp_area_starts_zeroed_and_16_byte_aligned)
{
	size_t fp = (arch_fp_context_size() + 15) & ~(size_t)15;
	const uint8_t *area;
	unsigned int nonzero = 0, off;
	int err;

	memset(fp_tight_stack, 0xa5, FP_TIGHT_SIZE);
	err = thread_create(&th[0], "fp-area", KTEST_MAIN_PRIO - 1, exiter,
			    (void *)0, fp_tight_stack + 8, fp + 512,
			    THREAD_FP | THREAD_NO_GUARD);
	KT_ASSERT(err == 0, "an FP thread on a stack 8 bytes off 16, got %d",
		  err);
	area = th[0].fp_area;
	off = (unsigned int)((uintptr_t)area & 15);
	for (size_t i = 0; i < fp; i++)
		nonzero += area[i] != 0;
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(off == 0, "the FP area at %p, %u bytes off 16",
		  (const void *)area, off);
	KT_EXPECT(nonzero == 0, "%u of the FP area's %u bytes not zero",
		  nonzero, (unsigned int)fp);
}

/* A spawn refused after its memory is taken (here for the idle level)
 * gives back both the control block and the stack. */
KTEST(sched, a_refused_spawn_gives_its_memory_back)
{
	size_t before = kheap_free_bytes(), after;
	struct thread *t;

	t = thread_spawn("idle-level", THREAD_PRIO_IDLE, exiter, NULL, 2048,
			 THREAD_NO_GUARD);
	after = kheap_free_bytes();
	KT_EXPECT(!t, "a spawn at the idle level refused");
	KT_EXPECT(after == before, "the heap as before (%u bytes free), got "
		  "%u", (unsigned int)before, (unsigned int)after);
}

/* THREAD_NO_GUARD leaves the whole stack to the thread, even one that a
 * guard page would fit (page-aligned, two pages). */
KTEST(sched, a_thread_without_a_guard_keeps_its_whole_stack)
{
	const uint8_t *guard, *stack;
	size_t size;
	int err;

	if (arch_page_size() != GUARD_PAGE)
		KT_SKIP("no %u-byte pages, no guard pages", GUARD_PAGE);
	err = thread_create(&th[0], "unguarded", KTEST_MAIN_PRIO - 1, exiter,
			    (void *)0, reused, 2 * GUARD_PAGE, THREAD_NO_GUARD);
	KT_ASSERT(err == 0, "thread_create to succeed, got %d", err);
	guard = th[0].guard;
	stack = th[0].stack;
	size = th[0].stack_size;
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(!guard && stack == reused && size == 2 * GUARD_PAGE,
		  "no guard, the stack %p of %u bytes, got guard %p, stack %p "
		  "of %u", (void *)reused, 2 * GUARD_PAGE, (const void *)guard,
		  (const void *)stack, (unsigned int)size);
}

/* The thread list's "used/size" figure for a waiting thread is what
 * thread_stack_used() finds: the scan a stretch at a time stops at the
 * first word written, wherever in a stretch it is. */
static unsigned int listed_used, listed_size;
static bool listed_figure;

static void figure_line_check(const char *line)
{
	const char *slash = strchr(line, '/');
	const char *d;
	unsigned int used = 0, size = 0;

	if (!line_of(line, "figured") || !slash)
		return;
	for (d = slash; d > line && d[-1] >= '0' && d[-1] <= '9'; d--)
		;
	for (; d < slash; d++)
		used = used * 10 + (unsigned int)(*d - '0');
	for (d = slash + 1; *d >= '0' && *d <= '9'; d++)
		size = size * 10 + (unsigned int)(*d - '0');
	listed_used = used;
	listed_size = size;
	listed_figure = true;
}

static void figure_spy_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	spy_lines(s, n, figure_line_check);
}

static struct console figure_spy = { .name = "spy",
				     .write = figure_spy_write };

KTEST(sched, the_thread_list_gives_the_stack_used_that_a_full_scan_finds)
{
	struct console *con = console_get();
	unsigned int used;

	sem_init(&gate, 0, 1);
	thread_create(&th[0], "figured", KTEST_MAIN_PRIO + 1, gated, (void *)1,
		      stacks[0], STACK, THREAD_NO_GUARD);
	console_register(&figure_spy);
	spy_len = 0;
	listed_figure = false;
	thread_list_print();
	console_clear();
	console_register(con);
	used = (unsigned int)thread_stack_used(&th[0]);
	for (int i = 0; i < 3; i++)
		sem_give(&gate);
	thread_join(&th[0], TIMEOUT_FOREVER, NULL);
	KT_ASSERT(listed_figure, "a stack figure on the waiting thread's line");
	KT_EXPECT(listed_used == used && listed_size == STACK, "listed %u/%u, "
		  "a full scan finds %u/%u", listed_used, listed_size, used,
		  STACK);
}

/* A listed thread that exits while the list prints and whose control
 * block at once carries a new thread, on another stack of the same size
 * or on the same stack cut shorter: its line says "exited" rather than
 * scan the old stack (all written first, so a scan gives a figure). */
static bool relisted_exited, relist_armed;
static int relist_err;
static uint8_t *relist_stack;
static size_t relist_size;

static void relisted_line(const char *line)
{
	if (!strncmp(line, "relisted ", 9) && says_state(line, "exited"))
		relisted_exited = true;
}

static void relist_spy_write(struct console *con, const char *s, size_t n)
{
	(void)con;
	if (relist_armed) {
		relist_armed = false;
		sem_give(&leaver_go);	/* it runs at once and exits */
		memset(fp_tight_stack, 0, FP_TIGHT_SIZE);
		relist_err = thread_create(&leaver, "relisted",
					   KTEST_MAIN_PRIO + 2, wait_for_go,
					   &reuser_hold, relist_stack,
					   relist_size, THREAD_NO_GUARD);
	}
	spy_lines(s, n, relisted_line);
}

static struct console relist_spy = { .name = "spy",
				     .write = relist_spy_write };

/* Lists `leaver` on fp_tight_stack while it is ended and its control
 * block reused on `stack`: whether its line said "exited". */
static bool relist_says_exited(uint8_t *stack, size_t size)
{
	struct console *con = console_get();

	sem_init(&leaver_go, 0, 1);
	sem_init(&reuser_hold, 0, 1);
	thread_create(&leaver, "relisted", KTEST_MAIN_PRIO + 2, wait_for_go,
		      &leaver_go, fp_tight_stack, FP_TIGHT_SIZE,
		      THREAD_NO_GUARD);
	relist_stack = stack;
	relist_size = size;
	console_register(&relist_spy);
	spy_len = 0;
	relisted_exited = false;
	relist_armed = true;
	thread_list_print();
	console_clear();
	console_register(con);
	sem_give(&reuser_hold);
	thread_join(&leaver, TIMEOUT_FOREVER, NULL);
	return relisted_exited;
}

KTEST(sched, the_thread_list_skips_a_control_block_reused_on_another_stack)
{
	bool moved = relist_says_exited(reused, FP_TIGHT_SIZE);
	int moved_err = relist_err;
	bool shorter = relist_says_exited(fp_tight_stack,
					  FP_TIGHT_SIZE / 2);

	KT_EXPECT(moved_err == 0 && relist_err == 0, "the second console to "
		  "end the thread and reuse its control block (errors %d, %d)",
		  moved_err, relist_err);
	KT_EXPECT(moved, "reused on another stack of %u bytes: the old line "
		  "to say exited", (unsigned int)FP_TIGHT_SIZE);
	KT_EXPECT(shorter, "reused on the same stack cut to %u bytes: the old "
		  "line to say exited", (unsigned int)FP_TIGHT_SIZE / 2);
}
