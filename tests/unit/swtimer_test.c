/* Host tests of the software timers (common/swtimer.c): the deadlines of
 * a period that is not a whole number of counter ticks, and a timer that
 * was never initialised. The kernel's timeouts are a stand-in that notes
 * what is armed; the test expires the timer by calling its function. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "kerr.h"
#include "ktime.h"
#include "panic.h"
#include "swtimer.h"
#include "unit.h"

#define FREQ_HZ 24000000u

static uint64_t counter = 1000;

uint64_t unit_counter_read(void)
{
	return counter;
}

static uint64_t armed_at;
static unsigned int arms;

void ktime_arm(struct timeout *t, uint64_t deadline)
{
	t->levels = 1;	/* queued, as far as timeout_queued() can tell */
	t->deadline = deadline;
	armed_at = deadline;
	arms++;
}

void ktime_cancel(struct timeout *t)
{
	t->levels = 0;
}

/* An assertion returns to the test that expects one, else ends it. */
static jmp_buf *on_assert;

void panic_assert(const char *file, int line, const char *cond,
		  const char *fmt, ...)
{
	va_list ap;

	if (on_assert)
		longjmp(*on_assert, 1);
	fprintf(stderr, "%s:%d: assertion %s failed: ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

static unsigned int calls;

static void count_call(struct swtimer *t, void *arg)
{
	(void)t;
	(void)arg;
	calls++;
}

static void clock_setup(void)
{
	static const struct clocksource cs = { "test", FREQ_HZ };

	clock_register_source(&cs);
}

/* ceil(ns * FREQ_HZ / 1e9): small enough here not to overflow. */
static uint64_t ns_to_ticks_ceil(uint64_t ns)
{
	return (ns * FREQ_HZ + 999999999u) / 1000000000u;
}

/* Expiry n comes at start + ceil((delay + n * period) in ticks): each
 * one rounded up from the exact time, none accumulating the rounding of
 * the ones before (swtimer.h). */
static void expect_deadlines(uint64_t delay, uint64_t period)
{
	static struct swtimer t;
	unsigned int bad = 0, first_bad = 0;

	clock_setup();
	swtimer_init(&t, count_call, NULL);
	REQUIRE(swtimer_start(&t, delay, period) == 0, "started");
	for (unsigned int n = 0; n < 1000; n++) {
		uint64_t want = counter + ns_to_ticks_ceil(delay + n * period);

		if (armed_at != want && !bad++)
			first_bad = n;
		t.to.levels = 0;	/* expired: taken off the queue */
		t.to.fn(&t.to);
	}
	EXPECT(bad == 0, "period %llu ns: %u of 1000 deadlines off the exact "
	       "ones, the first expiry %u", (unsigned long long)period, bad,
	       first_bad);
	EXPECT(swtimer_expiries(&t) == 1000 && calls >= 1000,
	       "1000 expiries, got %llu",
	       (unsigned long long)swtimer_expiries(&t));
	swtimer_stop(&t);
}

UNIT_TEST(a_period_of_whole_ticks_and_others_keep_exact_deadlines)
{
	expect_deadlines(20000, 10000);		/* 240 ticks */
	expect_deadlines(20000, 10001);		/* 240.024 ticks */
	expect_deadlines(12345, 33333);		/* 799.992 ticks */
	expect_deadlines(0, 41667);		/* 1000.008 ticks */
}

/* swtimer_start() on a stopped timer, without swtimer_init(): its
 * expiries and deadlines count from the new start, not the old one. */
UNIT_TEST(a_restarted_timer_counts_from_its_new_start)
{
	static struct swtimer t;
	uint64_t origin = counter;

	clock_setup();
	swtimer_init(&t, count_call, NULL);
	REQUIRE(swtimer_start(&t, 1000, 20000) == 0, "started");
	for (unsigned int n = 0; n < 3; n++) {
		t.to.levels = 0;
		t.to.fn(&t.to);
	}
	swtimer_stop(&t);
	counter += 100000;
	REQUIRE(swtimer_start(&t, 5000, 20000) == 0, "started again");
	EXPECT(swtimer_expiries(&t) == 0, "no expiries since the restart, "
	       "got %llu", (unsigned long long)swtimer_expiries(&t));
	t.to.levels = 0;
	t.to.fn(&t.to);
	EXPECT(armed_at == counter + ns_to_ticks_ceil(5000 + 20000),
	       "the second expiry one period after the first, at +%llu, got "
	       "+%llu", (unsigned long long)ns_to_ticks_ceil(25000),
	       (unsigned long long)(armed_at - counter));
	swtimer_stop(&t);
	counter = origin;
}

/* A period of 0: one expiry at start + delay, and the timer is not armed
 * again (it would come again at once, for ever). */
UNIT_TEST(a_one_shot_timer_expires_once_and_is_not_rearmed)
{
	static struct swtimer t;
	unsigned int before;

	clock_setup();
	swtimer_init(&t, count_call, NULL);
	arms = 0;
	REQUIRE(swtimer_start(&t, 5000, 0) == 0, "started");
	EXPECT(arms == 1 && armed_at == counter + ns_to_ticks_ceil(5000),
	       "armed once, at +%llu, got %u arms at +%llu",
	       (unsigned long long)ns_to_ticks_ceil(5000), arms,
	       (unsigned long long)(armed_at - counter));
	before = calls;
	t.to.levels = 0;	/* expired: taken off the queue */
	t.to.fn(&t.to);
	EXPECT(calls == before + 1 && swtimer_expiries(&t) == 1,
	       "the callback ran once, %u calls, %llu expiries",
	       calls - before, (unsigned long long)swtimer_expiries(&t));
	EXPECT(arms == 1 && !swtimer_active(&t),
	       "not armed again after its one expiry: %u arms", arms);
}

UNIT_TEST(a_timer_never_initialised_is_refused_and_does_nothing)
{
	static struct swtimer zeroed;

	clock_setup();
	arms = 0;
	EXPECT(swtimer_start(&zeroed, 1000, 0) == -E_INVAL &&
		       swtimer_start(&zeroed, 1000, 20000) == -E_INVAL,
	       "no callback: -E_INVAL");
	EXPECT(arms == 0 && !swtimer_active(&zeroed), "nothing armed");
	swtimer_stop(&zeroed);
	EXPECT(swtimer_expiries(&zeroed) == 0, "no expiries");
}

UNIT_TEST(init_takes_garbage_memory_but_not_a_running_timer)
{
	struct swtimer t;
	jmp_buf env;

	/* Uninitialised memory may look queued (levels != 0): its fn is
	 * not swtimer's, so it is not a running timer. */
	memset(&t, 0x5a, sizeof(t));
	on_assert = &env;
	if (setjmp(env) == 0) {
		swtimer_init(&t, count_call, NULL);
		EXPECT(!swtimer_active(&t) && swtimer_expiries(&t) == 0,
		       "garbage taken: inactive, no expiries");
	} else {
		EXPECT(0, "swtimer_init asserted on never-initialised memory");
	}

	clock_setup();
	REQUIRE(swtimer_start(&t, 1000, 0) == 0, "started");
	if (setjmp(env) == 0) {
		swtimer_init(&t, count_call, NULL);
		EXPECT(0, "swtimer_init on a running timer did not assert");
	} else {
		EXPECT(swtimer_active(&t), "the running timer left queued");
	}
	on_assert = NULL;
	swtimer_stop(&t);
}

int main(void)
{
	return unit_run_all();
}
