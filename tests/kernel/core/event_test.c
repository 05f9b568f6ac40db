/* Event flags: any/all conditions, clear on exit, many waiters woken by
 * one set, timeouts. */
#include "event.h"
#include "irq.h"
#include "kerr.h"
#include "ktest.h"
#include "sem.h"
#include "swtimer.h"
#include "thread.h"
#include "trace.h"

#define STACK 2048

static struct event ev;
static struct trace tr;
static struct thread threads[3];
static uint8_t stacks[3][STACK] __attribute__((aligned(16)));
static uint32_t seen[3];

struct waiter_args {
	uint32_t mask;
	unsigned int opts;
	int id;
};

static void waiter(void *arg)
{
	const struct waiter_args *a = arg;

	if (event_wait(&ev, a->mask, a->opts, MS(50), &seen[a->id]) == 0)
		trace_add(&tr, a->id);
	else
		trace_add(&tr, -a->id - 1);
}

KTEST(event, any_and_all_conditions_wake_the_right_waiters)
{
	static const struct waiter_args any = { 0x3, EVENT_ANY, 0 };
	static const struct waiter_args all = { 0x3, EVENT_ALL, 1 };

	trace_reset(&tr);
	event_init(&ev, 0);
	thread_create(&threads[0], "any", KTEST_MAIN_PRIO + 1, waiter, (void *)&any,
		      stacks[0], STACK, 0);
	thread_create(&threads[1], "all", KTEST_MAIN_PRIO + 1, waiter, (void *)&all,
		      stacks[1], STACK, 0);
	event_set(&ev, 0x1);
	KT_EXPECT(TRACE_IS(&tr, 0), "only the ANY waiter after bit 0");
	event_set(&ev, 0x2);
	KT_EXPECT(TRACE_IS(&tr, 0, 1), "the ALL waiter after bit 1");
	KT_EXPECT(seen[1] == 0x3, "the ALL waiter saw 0x3, got 0x%x",
		  (unsigned int)seen[1]);
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	thread_join(&threads[1], TIMEOUT_FOREVER, NULL);
}

KTEST(event, one_set_wakes_every_satisfied_waiter_before_clearing)
{
	static const struct waiter_args a = { 0x4, EVENT_ANY | EVENT_CLEAR, 0 };
	static const struct waiter_args b = { 0x4, EVENT_ANY, 1 };
	static const struct waiter_args c = { 0x4, EVENT_ANY | EVENT_CLEAR, 2 };

	trace_reset(&tr);
	event_init(&ev, 0);
	thread_create(&threads[0], "a", KTEST_MAIN_PRIO + 1, waiter, (void *)&a,
		      stacks[0], STACK, 0);
	thread_create(&threads[1], "b", KTEST_MAIN_PRIO + 1, waiter, (void *)&b,
		      stacks[1], STACK, 0);
	thread_create(&threads[2], "c", KTEST_MAIN_PRIO + 1, waiter, (void *)&c,
		      stacks[2], STACK, 0);
	event_set(&ev, 0x4 | 0x10);
	for (int i = 0; i < 3; i++)
		thread_join(&threads[i], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1, 2), "all three woken, in order");
	for (int i = 0; i < 3; i++)
		KT_EXPECT(seen[i] == 0x14, "waiter %d saw 0x14, got 0x%x", i,
			  (unsigned int)seen[i]);
	KT_EXPECT(event_get(&ev) == 0x10, "the CLEAR waiters cleared bit 2 "
		  "only, left 0x%x", (unsigned int)event_get(&ev));
}

/* Each CLEAR waiter a set wakes takes its own mask's bits away. */
KTEST(event, waiters_woken_by_one_set_clear_the_union_of_their_masks)
{
	static const struct waiter_args a = { 0x1, EVENT_ANY | EVENT_CLEAR, 0 };
	static const struct waiter_args b = { 0x2, EVENT_ANY | EVENT_CLEAR, 1 };

	trace_reset(&tr);
	event_init(&ev, 0);
	thread_create(&threads[0], "a", KTEST_MAIN_PRIO + 1, waiter, (void *)&a,
		      stacks[0], STACK, 0);
	thread_create(&threads[1], "b", KTEST_MAIN_PRIO + 1, waiter, (void *)&b,
		      stacks[1], STACK, 0);
	event_set(&ev, 0x1 | 0x2 | 0x8);
	for (int i = 0; i < 2; i++)
		thread_join(&threads[i], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 0, 1), "both woken, in order");
	KT_EXPECT(event_get(&ev) == 0x8, "bits 0 and 1 cleared, 0x8 left, "
		  "got 0x%x", (unsigned int)event_get(&ev));
}

KTEST(event, a_wait_times_out_and_a_try_fails_without_blocking)
{
	uint32_t s;

	event_init(&ev, 0x1);
	KT_EXPECT(event_wait(&ev, 0x2, EVENT_ANY, TIMEOUT_NONE, &s) == -E_AGAIN,
		  "try: E_AGAIN");
	KT_EXPECT(event_wait(&ev, 0x3, EVENT_ALL, MS(1), &s) == -E_TIMEOUT,
		  "ALL of 0x3 with only 0x1 set: E_TIMEOUT");
	KT_EXPECT(event_wait(&ev, 0x3, EVENT_ANY | EVENT_CLEAR, TIMEOUT_NONE,
			     &s) == 0 && s == 0x1 && event_get(&ev) == 0,
		  "ANY of 0x3 holds at once and clears bit 0");
	/* The clear takes the mask's bits only, the others stay set. */
	event_set(&ev, 0x5);
	KT_EXPECT(event_wait(&ev, 0x3, EVENT_ANY | EVENT_CLEAR, TIMEOUT_NONE,
			     &s) == 0 && s == 0x5 && event_get(&ev) == 0x4,
		  "ANY of 0x3 over 0x5 clears bit 0 and leaves 0x4, got 0x%x",
		  (unsigned int)event_get(&ev));
}

/* event_clear takes exactly its bits away; an empty mask is no
 * condition; a wait that times out leaves *seen as it was. */
KTEST(event, clear_mask_and_timeout_keep_to_their_contract)
{
	uint32_t s = 0xdead;

	event_init(&ev, 0x7);
	event_clear(&ev, 0x2);
	KT_EXPECT(event_get(&ev) == 0x5, "0x7 less 0x2 is 0x5, got 0x%x",
		  (unsigned int)event_get(&ev));
	KT_EXPECT(event_wait(&ev, 0, EVENT_ANY, TIMEOUT_NONE, &s) == -E_INVAL,
		  "an empty mask: E_INVAL");
	KT_EXPECT(event_wait(&ev, 0x8, EVENT_ANY, TIMEOUT_NONE, &s) ==
		  -E_AGAIN && s == 0xdead,
		  "a try that fails leaves *seen alone, got 0x%x",
		  (unsigned int)s);
}

/* event_set_from_isr from a software timer's callback (interrupt
 * context, where event_set() asserts). */
static struct swtimer isr_timer;
static struct sem isr_done;
static bool isr_context;

static void set_from_isr(struct swtimer *t, void *arg)
{
	(void)t;
	isr_context = irq_in_isr();
	event_set_from_isr(&ev, (uint32_t)(uintptr_t)arg);
	sem_give_from_isr(&isr_done);
}

KTEST(event, an_interrupt_handler_sets_bits_and_wakes_a_waiter)
{
	static const struct waiter_args all = { 0x30, EVENT_ALL | EVENT_CLEAR,
						0 };

	trace_reset(&tr);
	event_init(&ev, 0x10);
	sem_init(&isr_done, 0, 1);
	thread_create(&threads[0], "all", KTEST_MAIN_PRIO + 1, waiter,
		      (void *)&all, stacks[0], STACK, 0);
	swtimer_init(&isr_timer, set_from_isr, (void *)0x24);
	swtimer_start(&isr_timer, US(200), 0);
	KT_ASSERT(sem_take(&isr_done, MS(50)) == 0, "the callback to run");
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(isr_context, "the bits set in interrupt context");
	KT_EXPECT(TRACE_IS(&tr, 0), "the waiter woken, not timed out");
	KT_EXPECT(seen[0] == 0x34, "the waiter saw 0x34, got 0x%x",
		  (unsigned int)seen[0]);
	KT_EXPECT(event_get(&ev) == 0x4, "its mask cleared, 0x4 left, got "
		  "0x%x", (unsigned int)event_get(&ev));
}
