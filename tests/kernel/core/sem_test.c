/* Semaphores: counting and binary semantics, timeouts, priority order of
 * waiters, and a give from an interrupt handler waking a thread. */
#include "clock.h"
#include "irq.h"
#include "kerr.h"
#include "ktest.h"
#include "sem.h"
#include "thread.h"
#include "trace.h"

#define STACK 2048

static struct trace tr;
static struct sem s;
static struct thread t[3];
static uint8_t stacks[3][STACK] __attribute__((aligned(16)));

KTEST(sem, a_counting_semaphore_counts_up_to_its_maximum)
{
	sem_init(&s, 2, 3);
	KT_EXPECT(sem_take(&s, TIMEOUT_NONE) == 0, "first take");
	KT_EXPECT(sem_take(&s, TIMEOUT_NONE) == 0, "second take");
	KT_EXPECT(sem_take(&s, TIMEOUT_NONE) == -E_AGAIN, "third: E_AGAIN");
	for (int i = 0; i < 3; i++)
		KT_EXPECT(sem_give(&s) == 0, "give %d", i);
	KT_EXPECT(sem_give(&s) == -E_RANGE && sem_count(&s) == 3,
		  "a give past the maximum: E_RANGE, count stays 3");
}

KTEST(sem, a_binary_semaphore_stays_given)
{
	sem_init(&s, 0, 1);
	sem_give(&s);
	KT_EXPECT(sem_give(&s) == -E_RANGE, "a second give: E_RANGE");
	KT_EXPECT(sem_take(&s, TIMEOUT_NONE) == 0, "one take");
	KT_EXPECT(sem_take(&s, TIMEOUT_NONE) == -E_AGAIN, "no second take");
}

KTEST(sem, a_take_times_out_after_its_timeout_and_not_before)
{
	uint64_t start, waited;

	sem_init(&s, 0, 1);
	start = clock_ticks();
	KT_EXPECT(sem_take(&s, MS(3)) == -E_TIMEOUT, "E_TIMEOUT");
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
	sem_take(&s, TIMEOUT_FOREVER);
	trace_add(&tr, (int)(uintptr_t)arg);
}

KTEST(sem, waiters_are_served_by_priority_then_arrival)
{
	trace_reset(&tr);
	sem_init(&s, 0, 10);
	/* Arrival order: 1 (prio 17), 2 (prio 18), 3 (prio 17). */
	thread_create(&t[0], "t1", 17, taker, (void *)1, stacks[0], STACK, 0);
	thread_create(&t[1], "t2", 18, taker, (void *)2, stacks[1], STACK, 0);
	thread_create(&t[2], "t3", 17, taker, (void *)3, stacks[2], STACK, 0);
	for (int i = 0; i < 3; i++)
		sem_give(&s);
	for (int i = 0; i < 3; i++)
		thread_join(&t[i], TIMEOUT_FOREVER, NULL);
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
	sem_give_from_isr(&s);
	trace_add(&tr, 2);	/* the thread must not run inside the ISR */
}

static void isr_waiter(void *arg)
{
	(void)arg;
	sem_take(&s, TIMEOUT_FOREVER);
	woke_at = clock_ticks();
	trace_add(&tr, 3);
}

KTEST(sem, a_give_from_an_interrupt_wakes_the_thread_on_interrupt_exit)
{
	unsigned int irq;

	KT_ASSERT(irq_soft(1, &irq) == 0, "a software interrupt");
	trace_reset(&tr);
	sem_init(&s, 0, 1);
	KT_ASSERT(irq_attach(irq, soft_isr, NULL) == 0, "attach irq %u", irq);
	irq_enable(irq);
	thread_create(&t[0], "isr-waiter", KTEST_MAIN_PRIO + 1, isr_waiter,
		      NULL, stacks[0], STACK, 0);
	isr_at = 0;
	irq_raise(irq);
	/* The interrupt may take a few cycles to arrive; once it has, the
	 * woken thread must have run before this loop goes on. */
	uint64_t give_up = clock_ticks() + clock_ns_to_ticks(MS(1));

	while (!isr_at && clock_ticks() < give_up)
		;
	trace_add(&tr, 4);
	thread_join(&t[0], TIMEOUT_FOREVER, NULL);
	irq_detach(irq);
	KT_EXPECT(TRACE_IS(&tr, 1, 2, 3, 4), "ISR, ISR end, thread, then main");
	if (ktest_case_failed())
		trace_print(&tr);
	kprintf("    interrupt to thread: %llu counter ticks\n",
		(unsigned long long)(woke_at - isr_at));
}
