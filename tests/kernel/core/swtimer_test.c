/* Software timers: one-shot and periodic expiry times, stopping, and the
 * interrupt context their callbacks run in. */
#include "clock.h"
#include "irq.h"
#include "kerr.h"
#include "ktest.h"
#include "sched.h"
#include "sem.h"
#include "swtimer.h"
#include "thread.h"

#define RUNS 50

static struct swtimer tm;
static struct sem done;
static uint64_t fired_at[RUNS];
static volatile unsigned int fired;
static bool in_isr;

static void on_expiry(struct swtimer *t, void *arg)
{
	unsigned int limit = (unsigned int)(uintptr_t)arg;

	in_isr = irq_in_isr();
	if (fired < RUNS)
		fired_at[fired] = clock_ticks();
	if (++fired == limit) {
		swtimer_stop(t);
		sem_give_from_isr(&done);
	}
}

KTEST(swtimer, a_one_shot_timer_fires_once_after_its_delay)
{
	uint64_t start;

	sem_init(&done, 0, 1);
	fired = 0;
	swtimer_init(&tm, on_expiry, (void *)1);
	start = clock_ticks();
	swtimer_start(&tm, MS(2), 0);
	KT_ASSERT(sem_take(&done, MS(50)) == 0, "the callback to run");
	KT_EXPECT(fired_at[0] >= start + clock_ns_to_ticks(MS(2)),
		  "not before 2 ms");
	thread_sleep(MS(5));
	KT_EXPECT(fired == 1, "fired once, got %u", fired);
	KT_EXPECT(in_isr, "the callback to run in interrupt context");
	KT_EXPECT(!swtimer_active(&tm), "inactive afterwards");
}

KTEST(swtimer, a_periodic_timer_keeps_exact_deadlines)
{
	uint64_t start, period = clock_ns_to_ticks(US(300));
	uint64_t worst = 0;

	sem_init(&done, 0, 1);
	fired = 0;
	swtimer_init(&tm, on_expiry, (void *)RUNS);
	start = clock_ticks();
	swtimer_start(&tm, US(300), US(300));
	KT_ASSERT(sem_take(&done, MS(100)) == 0, "%u expiries", RUNS);
	for (unsigned int i = 0; i < RUNS; i++) {
		uint64_t due = start + (i + 1) * period;

		KT_EXPECT(fired_at[i] >= due, "expiry %u not early", i);
		if (fired_at[i] - due > worst)
			worst = fired_at[i] - due;
	}
	KT_EXPECT(worst < clock_ns_to_ticks(US(20) + ktest_tick_slack_ns()),
		  "every expiry within 20 us (plus a tick period in periodic-"
		  "tick builds) of its deadline, worst %llu ticks",
		  (unsigned long long)worst);
	thread_sleep(MS(2));
	KT_EXPECT(fired == RUNS, "no expiry after stopping, got %u", fired);
}

KTEST(swtimer, a_stopped_timer_does_not_fire)
{
	fired = 0;
	swtimer_init(&tm, on_expiry, (void *)100);
	swtimer_start(&tm, MS(1), MS(1));
	swtimer_stop(&tm);
	thread_sleep(MS(5));
	KT_EXPECT(fired == 0, "no expiry, got %u", fired);
}

KTEST(swtimer, a_period_too_short_to_keep_up_with_is_refused)
{
	fired = 0;
	swtimer_init(&tm, on_expiry, (void *)100);
	KT_EXPECT(swtimer_start(&tm, US(10), SWTIMER_PERIOD_MIN_NS - 1) ==
		  -E_INVAL, "E_INVAL below %u ns", SWTIMER_PERIOD_MIN_NS);
	KT_EXPECT(!swtimer_active(&tm), "not started");
	KT_EXPECT(swtimer_start(&tm, US(10), SWTIMER_PERIOD_MIN_NS) == 0,
		  "%u ns taken", SWTIMER_PERIOD_MIN_NS);
	swtimer_stop(&tm);
}

KTEST(swtimer, a_period_beyond_the_counters_range_never_comes)
{
	/* The second deadline, 2^64 ns minus a little after the first, is
	 * past 64 bits: never, not a wrapped one that comes at once. */
	fired = 0;
	swtimer_init(&tm, on_expiry, (void *)100);
	swtimer_start(&tm, US(100), UINT64_MAX - US(50));
	thread_sleep(MS(5));
	KT_EXPECT(fired == 1, "one expiry, got %u", fired);
	KT_EXPECT(swtimer_active(&tm), "still armed, for never");
	swtimer_stop(&tm);
}

static struct thread *interrupted;

static void print_threads(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
	interrupted = sched.current;
	thread_list_print();
	sem_give_from_isr(&done);
}

/* A handler taken while idle runs on the idle thread's stack: a debug
 * callback as deep as the thread list's printing must leave room there. */
KTEST(swtimer, a_callback_printing_the_thread_list_leaves_idle_stack_spare)
{
	size_t used;

	sem_init(&done, 0, 1);
	interrupted = NULL;
	swtimer_init(&tm, print_threads, NULL);
	swtimer_start(&tm, MS(1), 0);
	KT_ASSERT(sem_take(&done, MS(50)) == 0, "the callback to run");
	KT_ASSERT(interrupted && interrupted->prio == THREAD_PRIO_IDLE,
		  "the callback to interrupt the idle thread");
	used = thread_stack_used(interrupted);
	KT_EXPECT(used + 512 <= interrupted->stack_size,
		  "512 bytes spare on the idle stack: %zu of %zu used", used,
		  interrupted->stack_size);
}
