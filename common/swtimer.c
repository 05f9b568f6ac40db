#include "swtimer.h"

#include "arch.h"
#include "clock.h"
#include "kerr.h"
#include "ktime.h"
#include "timeconv.h"

/* Deadline of expiry n (0-based), from the start time. */
static uint64_t swtimer_due(const struct swtimer *t, uint64_t n)
{
	if (n == 0)
		return t->start + clock_ns_to_ticks(t->first_ns);
	if (t->period_ticks)
		return t->start + clock_ns_to_ticks(t->first_ns) +
		       n * t->period_ticks;
	return t->start + clock_ns_to_ticks(t->first_ns + n * t->period_ns);
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
	t->to.fn = swtimer_expired;
	t->to.levels = 0;
	t->fn = fn;
	t->arg = arg;
	t->n = 0;
}

int swtimer_start(struct swtimer *t, uint64_t delay, uint64_t period)
{
	uint64_t freq = clock_freq_hz();
	irqstate_t s;

	if (!t->fn)
		return -E_INVAL;
	s = arch_irq_save();
	t->start = clock_ticks();
	t->first_ns = delay;
	t->period_ns = period;
	/* Whole ticks per period: the cheap exact path in the interrupt. */
	t->period_ticks = period && muldiv64_floor(period, freq, NSEC_PER_SEC) ==
					    muldiv64_ceil(period, freq, NSEC_PER_SEC)
				  ? muldiv64_floor(period, freq, NSEC_PER_SEC)
				  : 0;
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
	return t->n;
}
