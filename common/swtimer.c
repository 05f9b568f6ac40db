#include "swtimer.h"

#include "arch.h"
#include "clock.h"
#include "kerr.h"
#include "ktime.h"
#include "panic.h"
#include "timeconv.h"

/* Deadline of expiry n (0-based), from the start time; UINT64_MAX
 * (never) past 64 bits, rather than a wrapped one that comes at once. */
static uint64_t swtimer_due(const struct swtimer *t, uint64_t n)
{
	uint64_t first = clock_deadline(t->start, t->first_ns);
	uint64_t due, ns;

	if (n == 0)
		return first;
	if (t->period_ticks) {
		if (__builtin_mul_overflow(n, t->period_ticks, &due) ||
		    __builtin_add_overflow(due, first, &due))
			return UINT64_MAX;
		return due;
	}
	if (__builtin_mul_overflow(n, t->period_ns, &ns) ||
	    __builtin_add_overflow(ns, t->first_ns, &ns))
		return UINT64_MAX;
	return clock_deadline(t->start, ns);
}

static void swtimer_expired(struct timeout *to)
{
	struct swtimer *t = (struct swtimer *)to;

	t->n++;
	if (t->period_ns)
		ktime_arm(&t->to, swtimer_due(t, t->n));
	t->fn(t, t->arg);
}

void swtimer_init(struct swtimer *t, swtimer_fn fn, void *arg)
{
	/* Clearing a queued entry would leave its neighbours pointing at it.
	 * The fn check keeps never-initialised memory out of it. */
	ASSERT(t->to.fn != swtimer_expired || !timeout_queued(&t->to),
	       "swtimer_init(%p) on a running timer: swtimer_stop() it first",
	       (void *)t);
	t->to.fn = swtimer_expired;
	t->to.levels = 0;
	t->fn = fn;
	t->arg = arg;
	t->n = 0;
}

int swtimer_start(struct swtimer *t, uint64_t delay, uint64_t period)
{
	uint64_t ticks = clock_ns_to_ticks(period);
	irqstate_t s;

	if (!t->fn || (period && period < SWTIMER_PERIOD_MIN_NS))
		return -E_INVAL;
	s = arch_irq_save();
	t->start = clock_ticks();
	t->first_ns = delay;
	t->period_ns = period;
	/* Whole ticks per period: the cheap exact path in the interrupt. */
	t->period_ticks = ticks != UINT64_MAX &&
			  muldiv64_floor(period, clock_freq_hz(),
					 NSEC_PER_SEC) == ticks ? ticks : 0;
	t->n = 0;
	ktime_arm(&t->to, swtimer_due(t, 0));
	arch_irq_restore(s);
	return 0;
}

void swtimer_stop(struct swtimer *t)
{
	ktime_cancel(&t->to);
}

bool swtimer_active(const struct swtimer *t)
{
	return timeout_queued(&t->to);
}

uint64_t swtimer_expiries(const struct swtimer *t)
{
	/* Masked: on a 32-bit CPU the timer interrupt could update the two
	 * halves between the reads. */
	irqstate_t s = arch_irq_save();
	uint64_t n = t->n;

	arch_irq_restore(s);
	return n;
}
