#include "ktime.h"

#include "arch.h"
#include "clock.h"
#include "panic.h"
#include "thread.h"
#include "timeconv.h"

/* The time core's state, one block: one base address on the timer path. */
static struct {
	struct timeq queue;
	unsigned int irqs, idle_irqs;
	bool lent;
	const struct thread *lender;	/* who has the timer while lent */
	void (*set_deadline)(uint64_t ticks);	/* the clock event's */
#if CELLMATE_TICK_HZ
	uint64_t tick_period;	/* counter ticks per kernel tick */
	uint64_t tick_next;
#else
	uint64_t armed;		/* deadline the hardware holds */
#endif
} kt = {
#if !CELLMATE_TICK_HZ
	.armed = UINT64_MAX,
#endif
};

/* Tickless: keep the hardware armed for the earliest deadline. */
static void ktime_program(void)
{
	if (kt.lent)
		return;
#if !CELLMATE_TICK_HZ
	const struct timeout *first = timeq_first(&kt.queue);
	uint64_t want = first ? first->deadline : UINT64_MAX;

	if (want == kt.armed)
		return;
	kt.armed = want;
	if (first)
		kt.set_deadline(want);
	else
		clock_event()->stop();
#endif
}

static void ktime_event(uint64_t now)
{
	struct timeout *t;
	bool expired = false;

	kt.irqs++;
#if CELLMATE_TICK_HZ
	/* Deadlines expire on the first tick at or after them. (An event
	 * latched just before a loan must not restart the tick in it.) */
	while (kt.tick_next <= now)
		kt.tick_next += kt.tick_period;
	if (!kt.lent)
		clock_event()->set_deadline(kt.tick_next);
#endif
	while ((t = timeq_first(&kt.queue)) && t->deadline <= now) {
		timeq_pop(&kt.queue);
		t->fn(t);
		expired = true;
	}
	if (__builtin_expect(!expired, 0))
		kt.idle_irqs++;
#if !CELLMATE_TICK_HZ
	/* The one-shot event fired and was stopped: the hardware holds
	 * nothing until the next deadline is programmed, here at once (on
	 * the way to a thread just woken: none of ktime_program()'s checks
	 * can fail but the loan's). */
	if (t && !kt.lent) {
		kt.armed = t->deadline;
		kt.set_deadline(t->deadline);
	} else {
		kt.armed = UINT64_MAX;
	}
#endif
}

void ktime_init(void)
{
	timeq_init(&kt.queue, (uint32_t)clock_ticks() | 1);
	kt.set_deadline = clock_event()->set_deadline;
	clock_set_event_handler(ktime_event);
#if CELLMATE_TICK_HZ
	kt.tick_period = clock_freq_hz() / CELLMATE_TICK_HZ;
	ASSERT(kt.tick_period > 0, "CELLMATE_TICK_HZ %u above the counter rate",
	       (unsigned int)CELLMATE_TICK_HZ);
	/* Ticks fall on multiples of the period since the counter's zero,
	 * so deadlines on that grid (whole ms since boot) expire exactly. */
	kt.tick_next = (clock_ticks() / kt.tick_period + 1) * kt.tick_period;
	clock_event()->set_deadline(kt.tick_next);
#endif
}

/* Moves a queued timeout. Out of line: a wait arms one that is not. */
static __attribute__((noinline)) void ktime_rearm(struct timeout *t,
						   uint64_t deadline)
{
	/* The earliest moved later: the hardware holds its old deadline. */
	bool was_first = timeq_first(&kt.queue) == t;

	timeq_remove(t);
	timeq_insert(&kt.queue, t, deadline);
	if (was_first || timeq_first(&kt.queue) == t)
		ktime_program();
}

void ktime_arm(struct timeout *t, uint64_t deadline)
{
	irqstate_t s = arch_irq_save();

	/* Its own wait, that is: a slice or a swtimer it arms is fine. */
	ASSERT(!kt.lent || t != &kt.lender->timeout,
	       "the thread that borrowed the timer waits on a timeout, which "
	       "cannot expire before it gives the timer back");
	if (__builtin_expect(timeout_queued(t), 0)) {
		ktime_rearm(t, deadline);
	} else {
		timeq_insert(&kt.queue, t, deadline);
		if (timeq_first(&kt.queue) == t)
			ktime_program();
	}
	arch_irq_restore(s);
}

void ktime_cancel(struct timeout *t)
{
	irqstate_t s = arch_irq_save();

	if (timeout_queued(t)) {
		bool was_first = timeq_first(&kt.queue) == t;

		timeq_remove(t);
		if (was_first)
			ktime_program();
	}
	arch_irq_restore(s);
}

uint64_t ktime_deadline_after(uint64_t ns)
{
	return clock_deadline(clock_ticks(), ns);
}

unsigned int ktime_lend(uint64_t *due)
{
	irqstate_t s = arch_irq_save();
	const struct timeout *first = timeq_first(&kt.queue);
	unsigned int held = timeq_count(&kt.queue);

	*due = first ? first->deadline : UINT64_MAX;
	kt.lent = true;
	kt.lender = thread_self();
	clock_event()->stop();
	arch_irq_restore(s);
	return held;
}

void ktime_reclaim(void)
{
	irqstate_t s = arch_irq_save();

	kt.lent = false;
#if CELLMATE_TICK_HZ
	uint64_t now = clock_ticks();
	const struct timeout *first = timeq_first(&kt.queue);

	kt.tick_next = (now / kt.tick_period + 1) * kt.tick_period;
	/* What fell due during the loan expires now, not a tick later: a
	 * borrower that lends again at once would hold it for good. */
	clock_event()->set_deadline(first && first->deadline <= now ?
				    now : kt.tick_next);
#else
	/* Nothing the borrower left armed may fire into the kernel. */
	clock_event()->stop();
	kt.armed = UINT64_MAX;
	ktime_program();
#endif
	arch_irq_restore(s);
}

unsigned int ktime_pending(void)
{
	irqstate_t s = arch_irq_save();
	unsigned int n = timeq_count(&kt.queue);

	arch_irq_restore(s);
	return n;
}

unsigned int ktime_interrupts(void)
{
	return kt.irqs;
}

unsigned int ktime_idle_interrupts(void)
{
	return kt.idle_irqs;
}
