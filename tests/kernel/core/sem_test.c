/* Semaphores: counting and binary semantics, timeouts, priority order of
 * waiters, a give from an interrupt handler waking a thread, and a
 * handler's try-take. */
#include "clock.h"
#include "irq.h"
#include "kerr.h"
#include "ktest.h"
#include "ktime.h"
#include "sem.h"
#include "thread.h"
#include "trace.h"

#define STACK 2048

static struct trace tr;
static struct sem sem;
static struct thread threads[3];
static uint8_t stacks[3][STACK] __attribute__((aligned(16)));

KTEST(sem, a_counting_semaphore_counts_up_to_its_maximum)
{
	sem_init(&sem, 2, 3);
	KT_EXPECT(sem_take(&sem, TIMEOUT_NONE) == 0, "first take");
	KT_EXPECT(sem_take(&sem, TIMEOUT_NONE) == 0, "second take");
	KT_EXPECT(sem_take(&sem, TIMEOUT_NONE) == -E_AGAIN, "third: E_AGAIN");
	for (int i = 0; i < 3; i++)
		KT_EXPECT(sem_give(&sem) == 0, "give %d", i);
	KT_EXPECT(sem_give(&sem) == -E_RANGE && sem_count(&sem) == 3,
		  "a give past the maximum: E_RANGE, count stays 3");
}

KTEST(sem, a_binary_semaphore_stays_given)
{
	sem_init(&sem, 0, 1);
	sem_give(&sem);
	KT_EXPECT(sem_give(&sem) == -E_RANGE, "a second give: E_RANGE");
	KT_EXPECT(sem_take(&sem, TIMEOUT_NONE) == 0, "one take");
	KT_EXPECT(sem_take(&sem, TIMEOUT_NONE) == -E_AGAIN, "no second take");
}

KTEST(sem, a_maximum_of_0_is_a_binary_semaphore_given_as_asked)
{
	sem_init(&sem, 1, 0);
	KT_EXPECT(sem_take(&sem, TIMEOUT_NONE) == 0, "the initial count");
	KT_EXPECT(sem_take(&sem, TIMEOUT_NONE) == -E_AGAIN, "no second");
	sem_init(&sem, 5, 0);
	KT_EXPECT(sem_count(&sem) == 1, "capped at 1, got %u",
		  sem_count(&sem));
}

KTEST(sem, a_take_times_out_after_its_timeout_and_not_before)
{
	uint64_t start, waited;

	sem_init(&sem, 0, 1);
	start = clock_ticks();
	KT_EXPECT(sem_take(&sem, MS(3)) == -E_TIMEOUT, "E_TIMEOUT");
	waited = clock_ticks() - start;
	KT_EXPECT(waited >= clock_ns_to_ticks(MS(3)), "at least 3 ms, got %llu "
		  "ns", (unsigned long long)clock_ticks_to_ns(waited));
	KT_EXPECT(waited < clock_ns_to_ticks(MS(3) + US(50) +
					     ktest_tick_slack_ns()),
		  "not much more than 3 ms, got %llu ns",
		  (unsigned long long)clock_ticks_to_ns(waited));
}

static void taker(void *arg)
{
	sem_take(&sem, TIMEOUT_FOREVER);
	trace_add(&tr, (int)(uintptr_t)arg);
}

KTEST(sem, waiters_are_served_by_priority_then_arrival)
{
	trace_reset(&tr);
	sem_init(&sem, 0, 10);
	/* Arrival order: 1 (prio 17), 2 (prio 18), 3 (prio 17). */
	thread_create(&threads[0], "t1", 17, taker, (void *)1, stacks[0], STACK, 0);
	thread_create(&threads[1], "t2", 18, taker, (void *)2, stacks[1], STACK, 0);
	thread_create(&threads[2], "t3", 17, taker, (void *)3, stacks[2], STACK, 0);
	for (int i = 0; i < 3; i++)
		sem_give(&sem);
	for (int i = 0; i < 3; i++)
		thread_join(&threads[i], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2, 1, 3), "priority, then FIFO: 2 1 3");
	if (ktest_case_failed())
		trace_print(&tr);
}

static volatile uint64_t isr_at, woke_at;

static void soft_isr(void *arg)
{
	(void)arg;
	isr_at = clock_ticks();
	trace_add(&tr, 1);
	sem_give_from_isr(&sem);
	trace_add(&tr, 2);	/* the thread must not run inside the ISR */
}

static void isr_waiter(void *arg)
{
	(void)arg;
	sem_take(&sem, TIMEOUT_FOREVER);
	woke_at = clock_ticks();
	trace_add(&tr, 3);
}

static volatile unsigned int lowest_hits;

static void lowest_isr(void *arg)
{
	(void)arg;
	lowest_hits++;
}

/* irq.h: priorities 0..255, "chips may round": the lowest still comes
 * (a GIC whose CPU interface masks 0xf0 and below took 0xf8 silently). */
KTEST(sem, an_interrupt_at_the_lowest_priority_is_still_delivered)
{
	unsigned int irq;
	int err;

	KT_ASSERT(irq_soft(1, &irq) == 0, "a software interrupt");
	KT_ASSERT(irq_attach(irq, lowest_isr, NULL) == 0, "attach irq %u", irq);
	err = irq_set_priority(irq, 255);
	if (err == -E_NOTSUP) {
		irq_detach(irq);
		KT_SKIP("the controller has no priorities for irq %u", irq);
	}
	KT_EXPECT(err == 0, "priority 255 taken, got %d", err);
	lowest_hits = 0;
	irq_enable(irq);
	irq_raise(irq);
	thread_sleep(MS(1));
	irq_detach(irq);
	irq_set_priority(irq, 0x80);
	KT_EXPECT(lowest_hits == 1, "delivered once, got %u", lowest_hits);
}

KTEST(sem, a_give_from_an_interrupt_wakes_the_thread_on_interrupt_exit)
{
	unsigned int irq;

	KT_ASSERT(irq_soft(1, &irq) == 0, "a software interrupt");
	trace_reset(&tr);
	sem_init(&sem, 0, 1);
	KT_ASSERT(irq_attach(irq, soft_isr, NULL) == 0, "attach irq %u", irq);
	irq_enable(irq);
	thread_create(&threads[0], "isr-waiter", KTEST_MAIN_PRIO + 1, isr_waiter,
		      NULL, stacks[0], STACK, 0);
	isr_at = 0;
	irq_raise(irq);
	/* The interrupt may take a few cycles to arrive; once it has, the
	 * woken thread must have run before this loop goes on. */
	uint64_t give_up = clock_ticks() + clock_ns_to_ticks(MS(1));

	while (!isr_at && clock_ticks() < give_up)
		;
	trace_add(&tr, 4);
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	irq_detach(irq);
	KT_EXPECT(TRACE_IS(&tr, 1, 2, 3, 4), "ISR, ISR end, thread, then main");
	if (ktest_case_failed())
		trace_print(&tr);
	kprintf("    interrupt to thread: %llu counter ticks\n",
		(unsigned long long)(woke_at - isr_at));
}

/* A handler's take is a try (TIMEOUT_NONE): it takes a count that is
 * there and gets -E_AGAIN when none is, never blocking. */
static volatile int isr_takes[2];
static volatile unsigned int isr_take_runs;

static void try_take_isr(void *arg)
{
	(void)arg;
	isr_takes[0] = sem_take(&sem, TIMEOUT_NONE);
	isr_takes[1] = sem_take(&sem, TIMEOUT_NONE);
	isr_take_runs++;
}

KTEST(sem, a_handler_tries_a_take_without_blocking)
{
	unsigned int irq;

	KT_ASSERT(irq_soft(1, &irq) == 0, "a software interrupt");
	sem_init(&sem, 1, 1);
	isr_takes[0] = isr_takes[1] = 1;
	isr_take_runs = 0;
	KT_ASSERT(irq_attach(irq, try_take_isr, NULL) == 0, "attach irq %u",
		  irq);
	irq_enable(irq);
	irq_raise(irq);
	thread_sleep(MS(1));
	irq_detach(irq);
	KT_ASSERT(isr_take_runs == 1, "the handler ran once, got %u",
		  isr_take_runs);
	KT_EXPECT(isr_takes[0] == 0 && isr_takes[1] == -E_AGAIN,
		  "the count taken, then E_AGAIN: got %d, %d", isr_takes[0],
		  isr_takes[1]);
	KT_EXPECT(sem_count(&sem) == 0, "the count gone, %u left",
		  sem_count(&sem));
}

/* A give in the timer interrupt that ends a waiter's timeout: just
 * before it, the waiter gets the count and its timeout is gone; at the
 * same deadline, behind it, the waiter times out and the count stays. */
static struct timeout give_at;
static int timed_result;

static void give_in_isr(struct timeout *to)
{
	(void)to;
	sem_give_from_isr(&sem);
}

static void timed_taker(void *arg)
{
	(void)arg;
	timed_result = sem_take(&sem, MS(2));
}

static void race_give_with_timeout(uint64_t before_ticks)
{
	sem_init(&sem, 0, 1);
	timed_result = 1;
	thread_create(&threads[0], "timed", KTEST_MAIN_PRIO + 1, timed_taker, NULL,
		      stacks[0], STACK, 0);	/* blocks at once */
	give_at.fn = give_in_isr;
	ktime_arm(&give_at, threads[0].timeout.deadline - before_ticks);
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
}

KTEST(sem, a_give_just_before_the_timeout_wins_and_cancels_it)
{
	unsigned int pending = ktime_pending();

	race_give_with_timeout(1);
	KT_EXPECT(timed_result == 0, "the take to succeed, got %d",
		  timed_result);
	KT_EXPECT(sem_count(&sem) == 0, "the count taken, got %u", sem_count(&sem));
	KT_EXPECT(ktime_pending() == pending, "no timeout left behind: %u "
		  "pending, %u before", ktime_pending(), pending);
}

KTEST(sem, a_give_at_the_timeouts_deadline_is_kept_for_the_next_take)
{
	race_give_with_timeout(0);
	KT_EXPECT(timed_result == -E_TIMEOUT, "the take to time out, got %d",
		  timed_result);
	KT_EXPECT(sem_count(&sem) == 1, "the give kept, count %u",
		  sem_count(&sem));
}

static void take_forever(void *arg)
{
	(void)arg;
	trace_add(&tr, sem_take(&sem, TIMEOUT_FOREVER) == 0 ? 1 : -1);
}

/* A wait without a timeout puts nothing in the timer queue. */
KTEST(sem, a_take_without_a_timeout_queues_no_timeout)
{
	unsigned int pending = ktime_pending();

	trace_reset(&tr);
	sem_init(&sem, 0, 1);
	thread_create(&threads[0], "forever", KTEST_MAIN_PRIO + 1,
		      take_forever, NULL, stacks[0], STACK, 0);
	KT_EXPECT(ktime_pending() == pending, "no timeout queued for the "
		  "wait: %u pending, %u before", ktime_pending(), pending);
	sem_give(&sem);
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1), "the take to succeed when given");
}
