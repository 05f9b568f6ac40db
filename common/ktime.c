#include "ktime.h"

#include "arch.h"
#include "clock.h"
#include "panic.h"
#include "timeconv.h"

static struct timeq ktime_queue;
static uint64_t ktime_irqs, ktime_idle_irqs;
#if CELLMATE_TICK_HZ
static uint64_t tick_period;	/* counter ticks per kernel tick */
static uint64_t tick_next;
#else
static uint64_t armed = UINT64_MAX;	/* deadline the hardware holds */
#endif

/* Tickless: keep the hardware armed for the earliest deadline. */
static void ktime_program(void)
{
#if !CELLMATE_TICK_HZ
	const struct timeout *first = timeq_first(&ktime_queue);
	uint64_t want = first ? first->deadline : UINT64_MAX;

	if (want == armed)
		return;
	armed = want;
	if (first)
		clock_event()->set_deadline(want);
	else
		clock_event()->stop();
#endif
}

static void ktime_event(uint64_t now)
{
	struct timeout *t;

	ktime_irqs++;
#if CELLMATE_TICK_HZ
	/* Deadlines expire on the first tick at or after them. */
	while (tick_next <= now)
		tick_next += tick_period;
	clock_event()->set_deadline(tick_next);
#else
	armed = UINT64_MAX;
#endif
	bool expired = false;

	while ((t = timeq_first(&ktime_queue)) && t->deadline <= now) {
		timeq_remove(&ktime_queue, t);
		t->fn(t);
		expired = true;
	}
	if (!expired)
		ktime_idle_irqs++;
	ktime_program();
}

void ktime_init(void)
{
	timeq_init(&ktime_queue, (uint32_t)clock_ticks() | 1);
	clock_set_event_handler(ktime_event);
#if CELLMATE_TICK_HZ
	tick_period = clock_freq_hz() / CELLMATE_TICK_HZ;
	ASSERT(tick_period > 0, "CELLMATE_TICK_HZ %u above the counter rate",
	       (unsigned int)CELLMATE_TICK_HZ);
	/* Ticks fall on multiples of the period since the counter's zero,
	 * so deadlines on that grid (whole ms since boot) expire exactly. */
	tick_next = (clock_ticks() / tick_period + 1) * tick_period;
	clock_event()->set_deadline(tick_next);
#endif
}

void ktime_arm(struct timeout *t, uint64_t deadline)
{
	irqstate_t s = arch_irq_save();

	if (timeout_queued(t))
		timeq_remove(&ktime_queue, t);
	timeq_insert(&ktime_queue, t, deadline);
	if (timeq_first(&ktime_queue) == t)
		ktime_program();
	arch_irq_restore(s);
}

void ktime_cancel(struct timeout *t)
{
	irqstate_t s = arch_irq_save();

	if (timeout_queued(t)) {
		bool was_first = timeq_first(&ktime_queue) == t;

		timeq_remove(&ktime_queue, t);
		if (was_first)
			ktime_program();
	}
	arch_irq_restore(s);
}

uint64_t ktime_deadline_after(uint64_t ns)
{
	uint64_t now = clock_ticks();
	/* Beyond ~500 years the conversion could overflow: saturate. */
	uint64_t d = ns >= (1ull << 62) ? UINT64_MAX - now
					: clock_ns_to_ticks(ns);

	return d > UINT64_MAX - now ? UINT64_MAX : now + d;
}

unsigned int ktime_pending(void)
{
	return ktime_queue.count;
}

uint64_t ktime_interrupts(void)
{
	return ktime_irqs;
}

uint64_t ktime_idle_interrupts(void)
{
	return ktime_idle_irqs;
}
