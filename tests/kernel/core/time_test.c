/* Time: sleep accuracy, drift-free periodic wake-ups, tickless idling.
 * Run under -icount, where the counter is virtual time and every figure
 * is exact and repeatable. */
#include "clock.h"
#include "irq.h"
#include "ktest.h"
#include "ktime.h"
#include "sem.h"
#include "thread.h"
#include "tick.h"

/* Interrupt-to-thread path bound: a woken thread runs within this many
 * counter ticks of its deadline (plus one tick period in periodic-tick
 * builds). 20 us of virtual time = 2500 instructions under shift=3. */
#define WAKE_BOUND_NS 20000u

static uint64_t wake_bound_ticks(void)
{
	return clock_ns_to_ticks(WAKE_BOUND_NS + ktest_tick_slack_ns());
}

KTEST(time, sleep_never_wakes_early_and_wakes_within_the_bound)
{
	/* The last two: past 2^31 counter ticks, and past the 32-bit count
	 * of a timer such as the LAPIC's at 1 GHz (it fires early and is
	 * re-armed: lapic_timer.c's slow and far paths). */
	static const uint64_t durations[] = { 1, 999, US(1), US(10), US(123),
					      MS(1), MS(7), MS(50), SEC(3),
					      SEC(5) };
	uint64_t worst = 0;

	for (unsigned int i = 0; i < sizeof(durations) / sizeof(durations[0]);
	     i++) {
		uint64_t start = clock_ticks();
		uint64_t deadline = start + clock_ns_to_ticks(durations[i]);

		thread_sleep(durations[i]);
		uint64_t now = clock_ticks();

		KT_EXPECT(now >= deadline, "sleep(%llu ns) not to wake %llu "
			  "ticks early", (unsigned long long)durations[i],
			  (unsigned long long)(deadline - now));
		if (now >= deadline && now - deadline > worst)
			worst = now - deadline;
		KT_EXPECT(now - deadline <= wake_bound_ticks(),
			  "sleep(%llu ns) to wake within %llu ticks of its "
			  "deadline, got %llu", (unsigned long long)durations[i],
			  (unsigned long long)wake_bound_ticks(),
			  (unsigned long long)(now - deadline));
	}
	kprintf("    worst wake-up: %llu counter ticks after the deadline\n",
		(unsigned long long)worst);
}

KTEST(time, a_thousand_periods_wake_on_schedule_without_drift)
{
	const uint64_t period = US(700);	/* 43750 ticks at 62.5 MHz */
	const unsigned int n = 1500;
	uint64_t next = clock_now_ns(), first_late = 0, worst = 0;
	unsigned int early = 0;

	for (unsigned int i = 0; i < n; i++) {
		next += period;
		thread_sleep_until(next);
		uint64_t now = clock_now_ns();

		if (now < next)
			early++;
		else if (now - next > worst)
			worst = now - next;
		if (i == 0)
			first_late = now - next;
	}
	uint64_t end = clock_now_ns();

	KT_EXPECT(early == 0, "no early wake-up, got %u", early);
	KT_EXPECT(worst <= clock_ticks_to_ns(wake_bound_ticks()),
		  "every wake-up within the bound, worst %llu ns",
		  (unsigned long long)worst);
	/* No drift: the last wake-up is as close to its deadline as the
	 * first, however many periods lie between. */
	KT_EXPECT(end - next <= clock_ticks_to_ns(wake_bound_ticks()),
		  "the %uth wake-up %llu ns after its deadline (first: %llu)",
		  n, (unsigned long long)(end - next),
		  (unsigned long long)first_late);
	kprintf("    %u periods: first %llu ns late, worst %llu ns\n", n,
		(unsigned long long)first_late, (unsigned long long)worst);
}

KTEST(time, sleeping_until_a_past_time_returns_at_once)
{
	uint64_t before = clock_ticks();

	thread_sleep_until(clock_now_ns() / 2);
	KT_EXPECT(clock_ticks() - before < clock_ns_to_ticks(US(50)),
		  "an immediate return");
}

/* Sleeping until a time waits for exactly the counter tick it falls in
 * or, between two, the next: a look at the sleeper's timeout from a
 * thread that runs meanwhile. */
static struct thread looker;
static uint8_t looker_stack[2048] __attribute__((aligned(16)));
static volatile uint64_t looked_deadline;
static volatile bool looked_sleeping;

static void look_at_main(void *arg)
{
	const struct thread *sleeper = arg;

	thread_sleep(MS(1));
	looked_sleeping = sleeper->state == THREAD_SLEEPING;
	looked_deadline = sleeper->timeout.deadline;
}

KTEST(time, sleeping_until_a_time_waits_for_its_counter_tick)
{
	/* Whole ms since boot, and a third of one past: on or between ticks. */
	for (unsigned int i = 0; i < 2; i++) {
		uint64_t until = (clock_now_ns() / MS(1) + 5) * MS(1) +
				 i * (MS(1) / 3);

		looked_deadline = 0;
		thread_create(&looker, "looker", KTEST_MAIN_PRIO + 1,
			      look_at_main, thread_self(), looker_stack,
			      sizeof(looker_stack), THREAD_NO_GUARD);
		thread_sleep_until(until);
		thread_join(&looker, TIMEOUT_FOREVER, NULL);
		KT_EXPECT(looked_sleeping && looked_deadline ==
			  clock_ns_to_ticks(until), "%u: a sleep until tick "
			  "%llu, got %llu", i,
			  (unsigned long long)clock_ns_to_ticks(until),
			  (unsigned long long)looked_deadline);
	}
}

KTEST(time, an_idle_tickless_system_takes_no_timer_interrupts)
{
	unsigned int irqs, idle;
	unsigned int others = ktime_pending();

	if (CELLMATE_TICK_HZ)
		KT_SKIP("a periodic-tick build takes timer interrupts");
	/* One long sleep: every timer interrupt must end a deadline, and
	 * with no other timeout pending the only one is ours. (A Jailhouse
	 * cell has its message poll pending.) */
	irqs = ktime_interrupts();
	idle = ktime_idle_interrupts();
	thread_sleep(SEC(1));
	irqs = ktime_interrupts() - irqs;
	idle = ktime_idle_interrupts() - idle;
	KT_EXPECT(idle == 0, "no timer interrupt without a deadline, got %u",
		  idle);
	if (others == 0)
		KT_EXPECT(irqs == 1, "exactly one timer interrupt in a 1 s "
			  "sleep, got %u", irqs);
	kprintf("    %u timer interrupts in 1 s (%u other timeouts pending)\n",
		irqs, others);
}

/* The hardware holds the earliest deadline, also when the earliest
 * timeout moves later: no interrupt at its old deadline, which nothing
 * is due at any more. */
static struct timeout moved, second;
static volatile unsigned int moved_fired, second_fired;

static void count_moved(struct timeout *t)
{
	(void)t;
	moved_fired++;
}

static void count_second(struct timeout *t)
{
	(void)t;
	second_fired++;
}

KTEST(time, moving_the_earliest_timeout_later_takes_no_early_interrupt)
{
	uint64_t now = clock_ticks();
	unsigned int idle = ktime_idle_interrupts();

	if (CELLMATE_TICK_HZ)
		KT_SKIP("a periodic-tick build takes timer interrupts");
	moved_fired = second_fired = 0;
	moved.fn = count_moved;
	second.fn = count_second;
	ktime_arm(&moved, now + clock_ns_to_ticks(MS(1)));
	ktime_arm(&second, now + clock_ns_to_ticks(MS(3)));
	ktime_arm(&moved, now + clock_ns_to_ticks(MS(5)));
	ktest_busy(MS(2));	/* past the old deadline, not blocking */
	idle = ktime_idle_interrupts() - idle;
	ktest_busy(MS(4));	/* past both */
	KT_EXPECT(idle == 0, "no timer interrupt at the moved deadline, "
		  "got %u that found nothing due", idle);
	KT_EXPECT(second_fired == 1 && moved_fired == 1, "each timeout to "
		  "expire once (got %u and %u)", second_fired, moved_fired);
}

/* So when the earliest is cancelled: no interrupt at its deadline. */
KTEST(time, cancelling_the_earliest_timeout_takes_no_interrupt_at_it)
{
	uint64_t now = clock_ticks();
	unsigned int idle = ktime_idle_interrupts();

	if (CELLMATE_TICK_HZ)
		KT_SKIP("a periodic-tick build takes timer interrupts");
	moved_fired = second_fired = 0;
	moved.fn = count_moved;
	second.fn = count_second;
	ktime_arm(&moved, now + clock_ns_to_ticks(MS(1)));
	ktime_arm(&second, now + clock_ns_to_ticks(MS(3)));
	ktime_cancel(&moved);
	ktest_busy(MS(2));	/* past the cancelled deadline */
	idle = ktime_idle_interrupts() - idle;
	ktest_busy(MS(2));	/* past the other */
	KT_EXPECT(idle == 0, "no timer interrupt at the cancelled deadline, "
		  "got %u that found nothing due", idle);
	KT_EXPECT(moved_fired == 0 && second_fired == 1, "only the other to "
		  "expire (got %u and %u)", moved_fired, second_fired);
}

KTEST(time, the_clock_is_monotonic_and_converts_exactly)
{
	uint64_t a = clock_ticks(), b = clock_ticks();

	KT_EXPECT(b >= a, "a monotonic counter");
	KT_EXPECT(clock_ns_to_ticks(SEC(1)) == clock_freq_hz(),
		  "1 s is freq ticks");
	KT_EXPECT(clock_ticks_to_ns(clock_freq_hz() * 3) == SEC(3),
		  "3 * freq ticks is 3 s");
}

/* Lending the timer to a measurement holds the kernel's timeouts: armed
 * before or during the loan, none expires while it lasts and none is
 * lost; each expires at the reclaim. */
static struct timeout held_before, held_during;
static volatile uint64_t fired_before, fired_during;

static void record_before(struct timeout *t)
{
	(void)t;
	fired_before = clock_ticks();
}

static void record_during(struct timeout *t)
{
	(void)t;
	fired_during = clock_ticks();
}

static struct thread armer;
static uint8_t armer_stack[2048] __attribute__((aligned(16)));
static uint64_t armed_at;

static void arm_during(void *arg)
{
	(void)arg;
	ktime_arm(&held_during, armed_at);
}

static void spin_until(uint64_t ticks)
{
	while (clock_ticks() < ticks)
		;
}

KTEST(time, timeouts_wait_while_the_timer_is_lent_and_expire_at_the_reclaim)
{
	uint64_t t0 = clock_ticks(), back, due;
	unsigned int pending = ktime_pending(), held;

	fired_before = fired_during = 0;
	held_before.fn = record_before;
	held_during.fn = record_during;
	ktime_arm(&held_before, t0 + clock_ns_to_ticks(US(100)));
	held = ktime_lend(&due);
	KT_EXPECT(held == pending + 1, "%u timeouts held, not %u", held,
		  pending + 1);
	KT_EXPECT(due <= held_before.deadline, "due %llu, after the held "
		  "deadline %llu", (unsigned long long)due,
		  (unsigned long long)held_before.deadline);
	/* Armed by another thread (the borrower itself may not). */
	armed_at = t0 + clock_ns_to_ticks(US(50));
	thread_create(&armer, "armer", KTEST_MAIN_PRIO + 1, arm_during, NULL,
		      armer_stack, sizeof(armer_stack), THREAD_NO_GUARD);
	thread_join(&armer, TIMEOUT_FOREVER, NULL);
	spin_until(t0 + clock_ns_to_ticks(US(300)));
	KT_EXPECT(!fired_before && !fired_during,
		  "no timeout to expire while the timer is lent");
	back = clock_ticks();
	ktime_reclaim();
	/* At once, in a periodic-tick build too: not on the next tick,
	 * which a borrower lending again at once would never let come. */
	spin_until(back + clock_ns_to_ticks(US(100)));
	KT_EXPECT(fired_before >= back && fired_during >= back,
		  "both to expire after the reclaim at %llu, got %llu and %llu",
		  (unsigned long long)back, (unsigned long long)fired_before,
		  (unsigned long long)fired_during);
}

/* A timeout held alone over the loan, the earliest before it as after
 * it, expires after the reclaim: the timer stopped for the loan is set
 * again though the deadline did not change. */
KTEST(time, a_timeout_held_alone_over_the_loan_expires_after_the_reclaim)
{
	uint64_t t0 = clock_ticks(), back, due;

	fired_before = 0;
	held_before.fn = record_before;
	ktime_arm(&held_before, t0 + clock_ns_to_ticks(US(100)));
	ktime_lend(&due);
	spin_until(t0 + clock_ns_to_ticks(US(300)));
	KT_EXPECT(!fired_before, "the timeout not to expire in the loan");
	back = clock_ticks();
	ktime_reclaim();
	spin_until(back + clock_ns_to_ticks(US(100)));
	KT_EXPECT(fired_before >= back, "the timeout to expire after the "
		  "reclaim at %llu, got %llu", (unsigned long long)back,
		  (unsigned long long)fired_before);
	ktime_cancel(&held_before);
}

/* A timer interrupt during the loan, which the borrower left to the
 * kernel, finds nothing due: it counts as idle, and neither re-arms the
 * timer for the held timeout (tickless) nor restarts the tick (periodic):
 * the timeout still waits for the reclaim. */
KTEST(time, an_interrupt_during_the_loan_counts_idle_and_rearms_nothing)
{
	uint64_t t0 = clock_ticks(), back, due;
	unsigned int irqs, idle;

	fired_before = 0;
	held_before.fn = record_before;
	ktime_arm(&held_before, t0 + clock_ns_to_ticks(MS(1)));
	ktime_lend(&due);
	irqs = ktime_interrupts();
	idle = ktime_idle_interrupts();
	clock_event()->set_deadline(clock_ticks() + clock_ns_to_ticks(US(20)));
	spin_until(t0 + clock_ns_to_ticks(MS(3)));
	irqs = ktime_interrupts() - irqs;
	idle = ktime_idle_interrupts() - idle;
	KT_EXPECT(!fired_before, "the held timeout not to expire in the loan");
	back = clock_ticks();
	ktime_reclaim();
	spin_until(back + clock_ns_to_ticks(US(100)));
	KT_EXPECT(fired_before >= back, "the held timeout to expire after the "
		  "reclaim at %llu, got %llu", (unsigned long long)back,
		  (unsigned long long)fired_before);
	KT_EXPECT(irqs == 1 && idle == 1, "one timer interrupt in the loan, "
		  "counted idle: got %u, %u idle", irqs, idle);
}

/* A timeout armed for the deadline that the last interrupt served,
 * now passed, fires at once: the hardware, stopped when that interrupt
 * came, holds nothing. */
static struct timeout again_first, again_second;
static volatile unsigned int again_fired;

static void count_again(struct timeout *t)
{
	(void)t;
	again_fired++;
}

KTEST(time, a_timeout_armed_for_the_deadline_just_served_fires_at_once)
{
	uint64_t d = clock_ticks() + clock_ns_to_ticks(US(100));
	uint64_t wait = clock_ns_to_ticks(US(100) + ktest_tick_slack_ns());

	again_fired = 0;
	again_first.fn = again_second.fn = count_again;
	ktime_arm(&again_first, d);
	spin_until(d + wait);
	KT_ASSERT(again_fired == 1, "the first to fire, got %u", again_fired);
	ktime_arm(&again_second, d);
	spin_until(clock_ticks() + wait);
	KT_EXPECT(again_fired == 2, "the second to fire at once, got %u",
		  again_fired);
	ktime_cancel(&again_second);
}

/* At the reclaim the timer is stopped: a deadline the borrower left
 * armed does not fire into the kernel as an interrupt with nothing due. */
KTEST(time, a_deadline_the_borrower_left_does_not_fire_after_the_reclaim)
{
	unsigned int idle = ktime_idle_interrupts();
	uint64_t due, t0;

	if (CELLMATE_TICK_HZ)
		KT_SKIP("a periodic-tick build takes timer interrupts");
	ktime_lend(&due);
	t0 = clock_ticks();
	clock_event()->set_deadline(t0 + clock_ns_to_ticks(US(200)));
	ktime_reclaim();
	spin_until(t0 + clock_ns_to_ticks(US(400)));
	idle = ktime_idle_interrupts() - idle;
	KT_EXPECT(idle == 0, "no interrupt from the borrower's deadline, got "
		  "%u that found nothing due", idle);
}

/* A queued timeout moved ahead of the earliest fires at its new
 * deadline: the hardware is set for it, not left at the old earliest. */
KTEST(time, a_timeout_moved_ahead_of_the_earliest_fires_on_time)
{
	uint64_t now = clock_ticks(), start;

	moved_fired = second_fired = 0;
	moved.fn = count_moved;
	second.fn = count_second;
	ktime_arm(&second, now + clock_ns_to_ticks(MS(3)));
	ktime_arm(&moved, now + clock_ns_to_ticks(MS(5)));
	start = clock_ticks();
	ktime_arm(&moved, start + clock_ns_to_ticks(MS(1)));
	spin_until(start + clock_ns_to_ticks(MS(2) + ktest_tick_slack_ns()));
	KT_EXPECT(moved_fired == 1 && second_fired == 0, "the moved timeout "
		  "to fire by 2 ms, the other not yet (got %u and %u)",
		  moved_fired, second_fired);
	ktime_cancel(&second);
}

/* The clockevent's own contract, with the timer borrowed and its
 * interrupt counted: a deadline already passed fires at once, and one
 * more than 2^32 ticks ahead does not fire within the first ticks. A
 * timer programmed with a 32-bit relative count (the ARM physical
 * timer's TVAL, the LAPIC's initial count) must clamp such a deadline,
 * not let it wrap into a short one. */
static volatile unsigned int timer_hits;

static void count_timer_hit(void *arg)
{
	(void)arg;
	clock_event()->stop();
	timer_hits++;
}

KTEST(time, the_timer_fires_at_once_when_late_and_never_on_a_wrapped_count)
{
	const struct clockevent *ce = clock_event();
	const uint64_t soon = clock_ns_to_ticks(US(20));
	irq_handler_t old_fn;
	void *old_arg;
	uint64_t due, t0;

	ktime_lend(&due);
	irq_swap(ce->irq, count_timer_hit, NULL, &old_fn, &old_arg);
	timer_hits = 0;
	t0 = clock_ticks();
	ce->set_deadline(t0 - 1000);
	spin_until(t0 + soon);
	KT_EXPECT(timer_hits == 1, "a passed deadline to fire once at once, "
		  "got %u interrupt(s)", timer_hits);
	timer_hits = 0;
	t0 = clock_ticks();
	ce->set_deadline(t0 + (1ull << 32) + soon / 2);
	spin_until(t0 + 2 * soon);
	ce->stop();
	KT_EXPECT(timer_hits == 0, "a deadline 2^32 ticks ahead not to fire "
		  "in %llu ticks, got %u interrupt(s)",
		  (unsigned long long)(2 * soon), timer_hits);
	irq_swap(ce->irq, old_fn, old_arg, &old_fn, &old_arg);
	ktime_reclaim();
}

/* The borrower may not wait on a timeout, but what it arms otherwise is
 * fine: with round robin on, readying a thread of its own priority arms
 * its slice. */
static struct thread peer;
static uint8_t peer_stack[2048] __attribute__((aligned(16)));
static struct sem peer_sem;
static volatile bool peer_ran;

static void peer_main(void *arg)
{
	(void)arg;
	sem_take(&peer_sem, TIMEOUT_FOREVER);
	peer_ran = true;
}

KTEST(time, the_borrower_may_ready_a_peer_under_round_robin)
{
	uint64_t due;

	peer_ran = false;
	sem_init(&peer_sem, 0, 1);
	thread_create(&peer, "peer", KTEST_MAIN_PRIO, peer_main, NULL,
		      peer_stack, sizeof(peer_stack), THREAD_NO_GUARD);
	thread_yield();			/* it blocks on the semaphore */
	sched_set_timeslice(MS(1));
	ktime_lend(&due);
	sem_give(&peer_sem);		/* ready, same priority: a slice */
	ktime_reclaim();
	thread_join(&peer, TIMEOUT_FOREVER, NULL);
	sched_set_timeslice(0);
	KT_EXPECT(peer_ran, "the peer to run");
}

/* --- 64-bit division ---------------------------------------------------- */

/* What the conversions above rest on, through whatever the port divides
 * with (ARM: __aeabi_uldivmod; i686: __udivdi3 and friends, 32-bit
 * divisors with DIVL; x86_64: the instruction). Volatile operands: the
 * compiler must not fold them. */
static const struct { uint64_t n, d, q, r; } divisions[] = {
	{ 0xffffffffffffffffull, 0x1ull, 0xffffffffffffffffull, 0x0ull },
	{ 0xffffffffffffffffull, 0xffffffffull, 0x100000001ull, 0x0ull },
	{ 0xfffffffffffffffeull, 0xffffffffull, 0x100000000ull, 0xfffffffeull },
	{ 0x123456789abcdef0ull, 0x3b9aca00ull, 0x4e2fff93ull, 0x1ba4e0f0ull },
	{ 0x12a05f200ull, 0x3ull, 0x635750aaull, 0x2ull },
	{ 0x7ull, 0x100000000ull, 0x0ull, 0x7ull },
	{ 0xffffffffffffffffull, 0x100000001ull, 0xffffffffull, 0x0ull },
	{ 0x8000000000000000ull, 0x80000001ull, 0xfffffffeull, 0x2ull },
	{ 0xfedcba9876543210ull, 0x123456789ull, 0xe0000000ull, 0x96543210ull },
	{ 0x100000000ull, 0x7ull, 0x24924924ull, 0x4ull },
};

KTEST(time, sixty_four_bit_division_is_exact)
{
	for (unsigned int i = 0; i < sizeof(divisions) / sizeof(divisions[0]);
	     i++) {
		volatile uint64_t n = divisions[i].n, d = divisions[i].d;
		uint64_t q = n / d, r = n % d;

		KT_EXPECT(q == divisions[i].q && r == divisions[i].r,
			  "0x%llx / 0x%llx: 0x%llx rem 0x%llx, expected 0x%llx "
			  "rem 0x%llx", (unsigned long long)n,
			  (unsigned long long)d, (unsigned long long)q,
			  (unsigned long long)r, (unsigned long long)divisions[i].q,
			  (unsigned long long)divisions[i].r);
	}
}

/* --- the periodic tick's hook ------------------------------------------- */

static volatile unsigned int hook_calls;
static volatile uint64_t restarted_first, restarted_at;

static void stop_on_third(uint64_t n)
{
	hook_calls++;
	if (n == 3)
		tick_stop();
}

KTEST(time, tick_stop_from_the_hook_stops_the_tick)
{
	hook_calls = 0;
	KT_ASSERT(tick_start(1000, stop_on_third) == 0, "tick_start");
	thread_sleep(MS(20));
	tick_stop();
	KT_EXPECT(hook_calls == 3, "3 ticks, then none: got %u", hook_calls);
}

static void note_first(uint64_t n)
{
	if (!restarted_at) {
		restarted_first = n;
		restarted_at = clock_ticks();
	}
}

static void restart_on_third(uint64_t n)
{
	if (n == 3)
		tick_start(1000, note_first);
}

KTEST(time, tick_start_from_the_hook_starts_afresh)
{
	restarted_at = 0;
	KT_ASSERT(tick_start(1000, restart_on_third) == 0, "tick_start");
	thread_sleep(MS(20));
	tick_stop();
	KT_ASSERT(restarted_at, "no tick after the restart");
	/* Its first tick, on time: not the old run's fourth, nor late. */
	KT_EXPECT(restarted_first == 1, "the restarted run began at tick %llu",
		  (unsigned long long)restarted_first);
	KT_EXPECT(restarted_at < tick_due(2), "tick 1 came after tick 2 was "
		  "due (%llu, due %llu)", (unsigned long long)restarted_at,
		  (unsigned long long)tick_due(2));
}
