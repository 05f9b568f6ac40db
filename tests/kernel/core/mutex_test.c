/* Mutexes: the classic priority inversion with and without inheritance,
 * transitive inheritance through a chain, timeouts undoing a boost,
 * recursion and misuse. */
#include "clock.h"
#include "console.h"
#include "kerr.h"
#include "ktest.h"
#include "mutex.h"
#include "sem.h"
#include "thread.h"
#include "trace.h"

#define STACK 2048
#define PRIO_L 10
#define PRIO_MID 15
#define PRIO_H 20

static struct trace tr;
static struct thread tl, tm, th;
static uint8_t sl[STACK], sm[STACK], sh[STACK] __attribute__((aligned(16)));
static struct mutex m1, m2;
static struct sem go;

/* --- the classic inversion ----------------------------------------------- */

static void low_holder(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	trace_add(&tr, 1);
	ktest_busy(MS(2));		/* the critical section */
	trace_add(&tr, 2);
	mutex_unlock(&m1);
}

static void high_waiter(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	trace_add(&tr, 3);
	mutex_unlock(&m1);
}

static void medium_hog(void *arg)
{
	(void)arg;
	trace_add(&tr, 4);
	ktest_busy(MS(4));
	trace_add(&tr, 5);
}

static void run_inversion(unsigned int flags)
{
	trace_reset(&tr);
	mutex_init(&m1, flags);
	thread_create(&tl, "low", PRIO_L, low_holder, NULL, sl, STACK, 0);
	thread_sleep(MS(1));		/* low takes the mutex meanwhile */
	thread_create(&th, "high", PRIO_H, high_waiter, NULL, sh, STACK, 0);
	thread_create(&tm, "medium", PRIO_MID, medium_hog, NULL, sm, STACK, 0);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
}

KTEST(mutex, without_inheritance_a_medium_thread_delays_the_high_one)
{
	run_inversion(MUTEX_NO_INHERIT);
	/* Low is preempted inside its critical section by medium, and high
	 * waits for medium to finish: the inversion. */
	KT_EXPECT(TRACE_IS(&tr, 1, 4, 5, 2, 3), "the inversion 1 4 5 2 3");
	if (ktest_case_failed())
		trace_print(&tr);
}

KTEST(mutex, with_inheritance_the_high_thread_gets_the_mutex_first)
{
	run_inversion(0);
	/* Low runs at high's priority until it unlocks; high goes before
	 * medium. */
	KT_EXPECT(TRACE_IS(&tr, 1, 2, 3, 4, 5), "no inversion: 1 2 3 4 5");
	if (ktest_case_failed())
		trace_print(&tr);
	KT_EXPECT(tl.prio == PRIO_L, "low back at its own priority, got %u",
		  tl.prio);
}

/* --- transitive inheritance ----------------------------------------------- */

static void chain_low(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	sem_take(&go, TIMEOUT_FOREVER);
	trace_add(&tr, 1);
	mutex_unlock(&m1);
}

static void chain_mid(void *arg)
{
	(void)arg;
	mutex_lock(&m2, TIMEOUT_FOREVER);
	mutex_lock(&m1, TIMEOUT_FOREVER);
	trace_add(&tr, 2);
	mutex_unlock(&m1);
	mutex_unlock(&m2);
}

static void chain_high(void *arg)
{
	(void)arg;
	mutex_lock(&m2, TIMEOUT_FOREVER);
	trace_add(&tr, 3);
	mutex_unlock(&m2);
}

KTEST(mutex, inheritance_follows_a_chain_of_owners)
{
	trace_reset(&tr);
	mutex_init(&m1, 0);
	mutex_init(&m2, 0);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", PRIO_L, chain_low, NULL, sl, STACK, 0);
	thread_sleep(MS(1));	/* low holds m1 */
	thread_create(&tm, "mid", 12, chain_mid, NULL, sm, STACK, 0);
	thread_sleep(MS(1));	/* mid holds m2 and waits for m1 */
	KT_EXPECT(tl.prio == 12, "low inherits mid's 12, got %u", tl.prio);
	thread_create(&th, "high", PRIO_H, chain_high, NULL, sh, STACK, 0);
	KT_EXPECT(tm.prio == PRIO_H, "mid inherits high's %u, got %u", PRIO_H,
		  tm.prio);
	KT_EXPECT(tl.prio == PRIO_H, "low inherits high's %u through mid, got %u",
		  PRIO_H, tl.prio);
	sem_give(&go);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 2, 3), "the chain unwinds 1 2 3");
	KT_EXPECT(tl.prio == PRIO_L && tm.prio == 12,
		  "everyone back at their own priorities (%u, %u)", tl.prio,
		  tm.prio);
}

/* --- priority changes under inheritance --------------------------------- */

static void holder_until_go(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	sem_take(&go, TIMEOUT_FOREVER);
	mutex_unlock(&m1);
}

static void plain_locker(void *arg)
{
	(void)arg;
	if (mutex_lock(&m1, TIMEOUT_FOREVER) == 0)
		mutex_unlock(&m1);
}

KTEST(mutex, lowering_an_owner_keeps_the_priority_it_inherits)
{
	mutex_init(&m1, 0);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", 12, holder_until_go, NULL, sl, STACK, 0);
	thread_sleep(MS(1));	/* low holds m1 and waits for go */
	thread_create(&tm, "mid", 11, plain_locker, NULL, sm, STACK, 0);
	thread_sleep(MS(1));	/* mid waits for m1: below low, no boost */
	thread_set_priority(&tl, 5);
	KT_EXPECT(tl.prio == 11, "low at its waiter's 11 after its own "
		  "priority went from 12 to 5, got %u", tl.prio);
	sem_give(&go);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(tl.prio == 5, "low at its own 5 after the unlock, got %u",
		  tl.prio);
}

KTEST(mutex, changing_a_waiters_priority_moves_the_owners_boost)
{
	mutex_init(&m1, 0);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", PRIO_L, holder_until_go, NULL, sl, STACK, 0);
	thread_sleep(MS(1));
	thread_create(&tm, "mid", 12, plain_locker, NULL, sm, STACK, 0);
	thread_sleep(MS(1));	/* mid waits for m1 */
	KT_EXPECT(tl.prio == 12, "low inherits mid's 12, got %u", tl.prio);
	thread_set_priority(&tm, PRIO_H);
	KT_EXPECT(tl.prio == PRIO_H, "low inherits mid's raised %u, got %u",
		  PRIO_H, tl.prio);
	thread_set_priority(&tm, 11);
	KT_EXPECT(tl.prio == 11, "low inherits mid's lowered 11, got %u",
		  tl.prio);
	sem_give(&go);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
}

/* --- timeouts, recursion, misuse ----------------------------------------- */

/* A waiter below the owner's boost leaves the boost alone. */
KTEST(mutex, a_lower_waiter_does_not_lower_the_owners_boost)
{
	mutex_init(&m1, 0);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", PRIO_L, holder_until_go, NULL, sl, STACK, 0);
	thread_sleep(MS(1));	/* low holds m1 */
	thread_create(&th, "high", PRIO_H, plain_locker, NULL, sh, STACK, 0);
	/* Above main, so that it waits at once; below high. */
	thread_create(&tm, "mid", KTEST_MAIN_PRIO + 1, plain_locker, NULL, sm,
		      STACK, 0);
	KT_EXPECT(tm.state == THREAD_BLOCKED && tl.prio == PRIO_H, "low to "
		  "keep high's %u with mid waiting too, got %u", PRIO_H,
		  tl.prio);
	sem_give(&go);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(tl.prio == PRIO_L, "low back at its own priority, got %u",
		  tl.prio);
}

static int high_result;

static void impatient_high(void *arg)
{
	(void)arg;
	high_result = mutex_lock(&m1, MS(2));
}

KTEST(mutex, a_timed_out_waiter_takes_its_boost_back)
{
	mutex_init(&m1, 0);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", PRIO_L, holder_until_go, NULL, sl, STACK, 0);
	thread_sleep(MS(1));
	thread_create(&th, "high", PRIO_H, impatient_high, NULL, sh, STACK, 0);
	KT_EXPECT(tl.prio == PRIO_H, "low boosted while high waits, got %u",
		  tl.prio);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(high_result == -E_TIMEOUT, "high's lock to time out, got %d",
		  high_result);
	KT_EXPECT(tl.prio == PRIO_L, "low's boost withdrawn, got %u", tl.prio);
	sem_give(&go);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
}

static void impatient_chain_high(void *arg)
{
	(void)arg;
	high_result = mutex_lock(&m2, MS(2));
}

/* A waiter that times out takes its boost back all down the chain: the
 * owner of the mutex that the boosted owner waits for drops with it. */
KTEST(mutex, a_timed_out_waiter_takes_its_boost_back_down_the_chain)
{
	trace_reset(&tr);
	mutex_init(&m1, 0);
	mutex_init(&m2, 0);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", PRIO_L, chain_low, NULL, sl, STACK, 0);
	thread_sleep(MS(1));	/* low holds m1 */
	thread_create(&tm, "mid", 12, chain_mid, NULL, sm, STACK, 0);
	thread_sleep(MS(1));	/* mid holds m2 and waits for m1 */
	thread_create(&th, "high", PRIO_H, impatient_chain_high, NULL, sh,
		      STACK, 0);
	KT_EXPECT(tl.prio == PRIO_H, "low boosted through mid, got %u",
		  tl.prio);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(high_result == -E_TIMEOUT, "high's lock to time out, got %d",
		  high_result);
	KT_EXPECT(tm.prio == 12 && tl.prio == 12, "mid back at 12 and low "
		  "at mid's 12, got %u and %u", tm.prio, tl.prio);
	sem_give(&go);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 1, 2), "the chain unwinds 1 2");
}

/* The timeout ends the wait in the timer interrupt: the boosted owner,
 * busy at the waiter's level, must not keep the waiter off the CPU. */
static uint64_t high_waited_ns;

static void busy_holder(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	ktest_busy(MS(20));
	mutex_unlock(&m1);
}

static void impatient_timed_high(void *arg)
{
	uint64_t start = clock_now_ns();

	(void)arg;
	high_result = mutex_lock(&m1, MS(2));
	high_waited_ns = clock_now_ns() - start;
}

KTEST(mutex, a_waiter_times_out_on_time_while_the_boosted_owner_is_busy)
{
	uint64_t bound = MS(2) + US(50) + ktest_tick_slack_ns();

	mutex_init(&m1, 0);
	thread_create(&tl, "low", PRIO_L, busy_holder, NULL, sl, STACK, 0);
	thread_sleep(MS(1));	/* low holds m1 and spins */
	thread_create(&th, "high", PRIO_H, impatient_timed_high, NULL, sh,
		      STACK, 0);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(high_result == -E_TIMEOUT, "high's lock to time out, got %d",
		  high_result);
	KT_EXPECT(high_waited_ns >= MS(2) && high_waited_ns <= bound,
		  "the 2 ms timeout to end within %llu ns, took %llu ns",
		  (unsigned long long)bound, (unsigned long long)high_waited_ns);
	KT_EXPECT(tl.prio == PRIO_L, "low's boost withdrawn while it still "
		  "holds the mutex, got %u", tl.prio);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
}

/* A waiter that timed out waits for nothing: locking a mutex it holds
 * closes no cycle. */
static int owner_result;

static void holder_then_m2(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	sem_take(&go, TIMEOUT_FOREVER);
	ktest_busy(MS(5));		/* high times out meanwhile */
	owner_result = mutex_lock(&m2, MS(50));
	if (owner_result == 0)
		mutex_unlock(&m2);
	mutex_unlock(&m1);
}

static void high_holds_m2(void *arg)
{
	(void)arg;
	mutex_lock(&m2, TIMEOUT_FOREVER);
	high_result = mutex_lock(&m1, MS(2));
	mutex_unlock(&m2);
}

KTEST(mutex, a_timed_out_waiter_leaves_no_false_deadlock_behind)
{
	mutex_init(&m1, 0);
	mutex_init(&m2, 0);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", PRIO_L, holder_then_m2, NULL, sl, STACK, 0);
	thread_sleep(MS(1));	/* low holds m1 and waits for go */
	thread_create(&th, "high", PRIO_H, high_holds_m2, NULL, sh, STACK, 0);
	sem_give(&go);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(high_result == -E_TIMEOUT, "high's lock of m1 to time out, "
		  "got %d", high_result);
	KT_EXPECT(owner_result == 0, "low's lock of m2 to succeed, got %d",
		  owner_result);
}

/* --- long chains ---------------------------------------------------------- */

#define CHAIN (MUTEX_CHAIN_MAX + 1)
static struct thread chain_t[CHAIN];
static struct mutex chain_m[CHAIN];
static uint8_t chain_stacks[CHAIN][1024] __attribute__((aligned(16)));
static struct sem chain_go;
static int top_result;

/* Link i holds mutex i and waits for mutex i + 1; the last for chain_go. */
static void chain_link(void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	mutex_lock(&chain_m[i], TIMEOUT_FOREVER);
	if (i + 1 < CHAIN) {
		mutex_lock(&chain_m[i + 1], TIMEOUT_FOREVER);
		mutex_unlock(&chain_m[i + 1]);
	} else {
		sem_take(&chain_go, TIMEOUT_FOREVER);
	}
	mutex_unlock(&chain_m[i]);
}

static void chain_top(void *arg)
{
	top_result = mutex_lock(arg, MS(2));
	if (top_result == 0)
		mutex_unlock(arg);
}

KTEST(mutex, a_lock_with_too_many_owners_ahead_fails_with_range)
{
	int r;

	sem_init(&chain_go, 0, 1);
	/* From the end: each link blocks on the one created before it. */
	for (unsigned int i = CHAIN; i-- > 0;) {
		mutex_init(&chain_m[i], 0);
		thread_create(&chain_t[i], "link", KTEST_MAIN_PRIO + 1,
			      chain_link, (void *)(uintptr_t)i, chain_stacks[i],
			      sizeof(chain_stacks[i]), 0);
	}
	/* MUTEX_CHAIN_MAX owners ahead of mutex 1: the boost reaches all. */
	thread_create(&th, "top", KTEST_MAIN_PRIO + 3, chain_top, &chain_m[1],
		      sh, STACK, 0);
	KT_EXPECT(chain_t[CHAIN - 1].prio == KTEST_MAIN_PRIO + 3,
		  "the last of %u owners boosted to %u, got %u",
		  MUTEX_CHAIN_MAX, KTEST_MAIN_PRIO + 3, chain_t[CHAIN - 1].prio);
	/* One more owner ahead of mutex 0: refused at once. */
	r = mutex_lock(&chain_m[0], MS(2));
	KT_EXPECT(r == -E_RANGE, "E_RANGE with %u owners ahead, got %d",
		  CHAIN, r);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(top_result == -E_TIMEOUT, "top's lock to time out, got %d",
		  top_result);
	sem_give(&chain_go);
	for (unsigned int i = 0; i < CHAIN; i++)
		thread_join(&chain_t[i], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(chain_t[CHAIN - 1].prio == KTEST_MAIN_PRIO + 1,
		  "the boost undone, got %u", chain_t[CHAIN - 1].prio);
}

static void chain_top_forever(void *arg)
{
	top_result = mutex_lock(arg, TIMEOUT_FOREVER);
	if (top_result == 0)
		mutex_unlock(arg);
}

/* MUTEX_CHAIN_MAX owners ahead is a chain the lock accepted: a priority
 * change of the thread waiting at its back reaches the last of them. */
KTEST(mutex, raising_a_waiter_with_the_most_owners_ahead_boosts_them_all)
{
	sem_init(&chain_go, 0, 1);
	top_result = 1;
	for (unsigned int i = CHAIN; i-- > 1;) {
		mutex_init(&chain_m[i], 0);
		thread_create(&chain_t[i], "link", KTEST_MAIN_PRIO + 1,
			      chain_link, (void *)(uintptr_t)i, chain_stacks[i],
			      sizeof(chain_stacks[i]), 0);
	}
	thread_create(&th, "top", KTEST_MAIN_PRIO + 2, chain_top_forever,
		      &chain_m[1], sh, STACK, 0);
	KT_ASSERT(top_result == 1 && th.state == THREAD_BLOCKED,
		  "top waits behind %u owners", MUTEX_CHAIN_MAX);
	thread_set_priority(&th, KTEST_MAIN_PRIO + 5);
	KT_EXPECT(chain_t[CHAIN - 1].prio == KTEST_MAIN_PRIO + 5,
		  "the last of %u owners boosted to %u, got %u",
		  MUTEX_CHAIN_MAX, KTEST_MAIN_PRIO + 5, chain_t[CHAIN - 1].prio);
	sem_give(&chain_go);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	for (unsigned int i = 1; i < CHAIN; i++)
		thread_join(&chain_t[i], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(top_result == 0, "top got the mutex, got %d", top_result);
}

static struct mutex chain_front;

/* As chain_link, but the last link, once given chain_go, waits for
 * chain_front too. */
static void chain_link_to_front(void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	mutex_lock(&chain_m[i], TIMEOUT_FOREVER);
	if (i + 1 < CHAIN) {
		mutex_lock(&chain_m[i + 1], TIMEOUT_FOREVER);
		mutex_unlock(&chain_m[i + 1]);
	} else {
		sem_take(&chain_go, TIMEOUT_FOREVER);
		mutex_lock(&chain_front, TIMEOUT_FOREVER);
		mutex_unlock(&chain_front);
	}
	mutex_unlock(&chain_m[i]);
}

/* A chain grown at its front past MUTEX_CHAIN_MAX owners is walked only
 * as far as priorities change: a change at its back that changes nothing
 * goes no further, nor trips the check on the chain's length. */
KTEST(mutex, a_priority_change_that_changes_nothing_stops_at_once)
{
	sem_init(&chain_go, 0, 1);
	mutex_init(&chain_front, 0);
	mutex_lock(&chain_front, TIMEOUT_FOREVER);
	for (unsigned int i = CHAIN; i-- > 0;) {
		mutex_init(&chain_m[i], 0);
		thread_create(&chain_t[i], "link", KTEST_MAIN_PRIO + 1,
			      chain_link_to_front, (void *)(uintptr_t)i,
			      chain_stacks[i], sizeof(chain_stacks[i]), 0);
	}
	/* The last link goes on to wait for main: CHAIN + 1 owners from
	 * link 0 on, main the last, boosted by the link ahead of it. */
	sem_give(&chain_go);
	KT_ASSERT(chain_t[CHAIN - 1].state == THREAD_BLOCKED &&
		  thread_self()->prio == KTEST_MAIN_PRIO + 1,
		  "the last link waits for main, which it boosts (%u)",
		  thread_self()->prio);
	thread_set_priority(&chain_t[0], KTEST_MAIN_PRIO + 1);
	KT_EXPECT(chain_t[0].prio == KTEST_MAIN_PRIO + 1, "link 0 at %u, got "
		  "%u", KTEST_MAIN_PRIO + 1, chain_t[0].prio);
	mutex_unlock(&chain_front);
	for (unsigned int i = 0; i < CHAIN; i++)
		thread_join(&chain_t[i], TIMEOUT_FOREVER, NULL);
	KT_EXPECT(thread_self()->prio == KTEST_MAIN_PRIO, "main back at %u, "
		  "got %u", KTEST_MAIN_PRIO, thread_self()->prio);
}

static void takes_m1_then_waits(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	sem_take(&go, TIMEOUT_FOREVER);
	mutex_unlock(&m1);
}

/* An unlock hands the mutex to its waiter: the waiter owns it and waits
 * for nothing any more, and the mutex is as held as any other. */
KTEST(mutex, an_unlock_hands_the_mutex_to_its_waiter)
{
	int r;

	mutex_init(&m1, 0);
	sem_init(&go, 0, 1);
	KT_ASSERT(mutex_lock(&m1, TIMEOUT_NONE) == 0, "main takes m1");
	thread_create(&th, "high", KTEST_MAIN_PRIO + 1, takes_m1_then_waits,
		      NULL, sh, STACK, 0);
	KT_ASSERT(th.blocked_on == &m1, "high waits for m1");
	mutex_unlock(&m1);	/* high runs, owns m1, waits on go */
	KT_EXPECT(m1.owner == &th && th.blocked_on == NULL,
		  "high owns m1 and waits for no mutex (owner %p, blocked on "
		  "%p)", (void *)m1.owner, (void *)th.blocked_on);
	KT_EXPECT(mutex_lock(&m1, TIMEOUT_NONE) == -E_AGAIN,
		  "a try-lock of a held mutex: E_AGAIN");
	r = mutex_lock(&m1, MS(1));
	KT_EXPECT(r == -E_TIMEOUT, "a lock behind its owner times out, got %d",
		  r);
	sem_give(&go);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(m1.owner == NULL, "free once high unlocked it");
}

KTEST(mutex, a_recursive_mutex_counts_its_locks)
{
	mutex_init(&m1, MUTEX_RECURSIVE);
	KT_EXPECT(mutex_lock(&m1, TIMEOUT_NONE) == 0, "first lock");
	KT_EXPECT(mutex_lock(&m1, TIMEOUT_NONE) == 0, "second lock");
	KT_EXPECT(mutex_unlock(&m1) == 0 && m1.owner == thread_self(),
		  "still owned after one unlock");
	KT_EXPECT(mutex_unlock(&m1) == 0 && m1.owner == NULL,
		  "free after the second unlock");
}

/* Never mutex_init'ed: zero is a free mutex with default flags. */
static struct mutex zeroed;

static void takes_zeroed(void *arg)
{
	(void)arg;
	mutex_lock(&zeroed, TIMEOUT_FOREVER);
	trace_add(&tr, 2);
	mutex_unlock(&zeroed);
}

/* A static mutex that was never set up locks and unlocks as one from
 * mutex_init(m, 0): its holder's other mutexes (the console's for a
 * kprintf) still unlock, and it hands itself over to a waiter, which
 * boosts its owner. */
KTEST(mutex, a_zeroed_mutex_is_a_free_one)
{
	trace_reset(&tr);
	KT_ASSERT(mutex_lock(&zeroed, TIMEOUT_NONE) == 0, "main takes it");
	mutex_init(&m1, 0);
	mutex_lock(&m1, TIMEOUT_FOREVER);
	KT_EXPECT(mutex_unlock(&m1) == 0, "another mutex unlocked meanwhile");
	thread_create(&th, "high", PRIO_H, takes_zeroed, NULL, sh, STACK, 0);
	KT_EXPECT(th.blocked_on == &zeroed && thread_self()->prio == PRIO_H,
		  "high waits for it and boosts main to %u, got %u", PRIO_H,
		  thread_self()->prio);
	trace_add(&tr, 1);
	KT_EXPECT(mutex_unlock(&zeroed) == 0, "main unlocks it");
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(zeroed.owner == NULL && thread_self()->prio ==
		  KTEST_MAIN_PRIO, "free again, main back at its priority");
	KT_EXPECT(mutex_lock(&zeroed, TIMEOUT_NONE) == 0 &&
		  mutex_lock(&zeroed, TIMEOUT_NONE) == -E_DEADLK,
		  "not recursive: a second lock by its owner E_DEADLK");
	KT_EXPECT(mutex_unlock(&zeroed) == 0, "unlocked");
	KT_EXPECT(TRACE_IS(&tr, 1, 2), "handed over in order");
	kprintf("a kprintf after the zeroed mutex's unlock\n");
}

static int foreign_unlock;

static void unlock_foreign(void *arg)
{
	(void)arg;
	foreign_unlock = mutex_unlock(&m1);
}

KTEST(mutex, misuse_is_refused_with_an_error)
{
	mutex_init(&m1, 0);
	KT_EXPECT(mutex_unlock(&m1) == -E_PERM, "unlocking a free mutex: "
		  "E_PERM");
	mutex_lock(&m1, TIMEOUT_FOREVER);
	KT_EXPECT(mutex_lock(&m1, TIMEOUT_FOREVER) == -E_DEADLK,
		  "relocking a plain mutex: E_DEADLK");
	foreign_unlock = 1;
	thread_create(&th, "foreign", PRIO_H, unlock_foreign, NULL, sh, STACK,
		      0);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(foreign_unlock == -E_PERM && m1.owner == thread_self() &&
		  m1.depth == 1, "unlocking another thread's mutex: E_PERM "
		  "(got %d), the mutex still ours", foreign_unlock);
	mutex_unlock(&m1);
}

static int cycle_result;

static void cycle_other(void *arg)
{
	(void)arg;
	mutex_lock(&m2, TIMEOUT_FOREVER);
	mutex_lock(&m1, TIMEOUT_FOREVER);	/* main holds it */
	mutex_unlock(&m1);
	mutex_unlock(&m2);
}

KTEST(mutex, a_lock_that_closes_a_cycle_fails_with_deadlock)
{
	mutex_init(&m1, 0);
	mutex_init(&m2, 0);
	mutex_lock(&m1, TIMEOUT_FOREVER);
	thread_create(&th, "cycle", PRIO_H, cycle_other, NULL, sh, STACK, 0);
	/* It holds m2 and waits for m1, which we hold. */
	cycle_result = mutex_lock(&m2, TIMEOUT_FOREVER);
	KT_EXPECT(cycle_result == -E_DEADLK, "E_DEADLK, got %d", cycle_result);
	mutex_unlock(&m1);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
}

/* A plain mutex passes no boost on: not when its waiter is itself boosted
 * through an inheriting mutex either. */
static void plain_holder(void *arg)
{
	(void)arg;
	mutex_lock(&m2, TIMEOUT_FOREVER);	/* the plain one */
	sem_take(&go, TIMEOUT_FOREVER);
	mutex_unlock(&m2);
}

static void holds_m1_waits_m2(void *arg)
{
	(void)arg;
	mutex_lock(&m1, TIMEOUT_FOREVER);
	mutex_lock(&m2, TIMEOUT_FOREVER);
	mutex_unlock(&m2);
	mutex_unlock(&m1);
}

KTEST(mutex, a_boost_stops_at_a_mutex_without_inheritance)
{
	mutex_init(&m1, 0);
	mutex_init(&m2, MUTEX_NO_INHERIT);
	sem_init(&go, 0, 1);
	thread_create(&tl, "low", PRIO_L, plain_holder, NULL, sl, STACK, 0);
	thread_sleep(MS(1));	/* low holds the plain m2 */
	thread_create(&tm, "mid", 12, holds_m1_waits_m2, NULL, sm, STACK, 0);
	thread_sleep(MS(1));	/* mid holds m1 and waits for m2 */
	KT_EXPECT(tl.prio == PRIO_L, "low not boosted through the plain "
		  "mutex, got %u", tl.prio);
	/* Re-deriving the chain (a priority change of m2's waiter) stops
	 * at m2 too. */
	thread_set_priority(&tm, 13);
	KT_EXPECT(tm.prio == 13 && tl.prio == PRIO_L, "mid at 13, low not "
		  "boosted by it: got %u and %u", tm.prio, tl.prio);
	thread_set_priority(&tm, 12);
	thread_create(&th, "high", PRIO_H, plain_locker, NULL, sh, STACK, 0);
	KT_EXPECT(tm.prio == PRIO_H, "mid inherits high's %u through m1, "
		  "got %u", PRIO_H, tm.prio);
	KT_EXPECT(tl.prio == PRIO_L, "low still at its own %u: m2 passes "
		  "nothing on, got %u", PRIO_L, tl.prio);
	sem_give(&go);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(tl.prio == PRIO_L && tm.prio == 12, "everyone back at "
		  "their own priorities (%u, %u)", tl.prio, tm.prio);
}

/* A waiter boosted while it waits moves up its wait queue: here through
 * a mutex it holds, which a higher thread then wants. */
static void locks_m1_records(void *arg)
{
	mutex_lock(&m1, TIMEOUT_FOREVER);
	trace_add(&tr, (int)(uintptr_t)arg);
	mutex_unlock(&m1);
}

static void holds_m2_locks_m1(void *arg)
{
	mutex_lock(&m2, TIMEOUT_FOREVER);
	locks_m1_records(arg);
	mutex_unlock(&m2);
}

static void locks_m2_records(void *arg)
{
	mutex_lock(&m2, TIMEOUT_FOREVER);
	trace_add(&tr, (int)(uintptr_t)arg);
	mutex_unlock(&m2);
}

KTEST(mutex, a_waiter_boosted_through_a_mutex_it_holds_is_served_first)
{
	trace_reset(&tr);
	mutex_init(&m1, 0);
	mutex_init(&m2, 0);
	mutex_lock(&m1, TIMEOUT_FOREVER);
	/* Both wait for m1, equal, in this order; the second holds m2. */
	thread_create(&tl, "first", KTEST_MAIN_PRIO + 1, locks_m1_records,
		      (void *)1, sl, STACK, 0);
	thread_create(&tm, "second", KTEST_MAIN_PRIO + 1, holds_m2_locks_m1,
		      (void *)2, sm, STACK, 0);
	thread_sleep(MS(1));	/* main, boosted to their level, lets it run */
	KT_ASSERT(tm.blocked_on == &m1, "the second waits for m1");
	/* high waits for m2: the second inherits its priority. */
	thread_create(&th, "high", KTEST_MAIN_PRIO + 3, locks_m2_records,
		      (void *)3, sh, STACK, 0);
	KT_EXPECT(tm.prio == KTEST_MAIN_PRIO + 3, "the second waiter boosted "
		  "to %u, got %u", KTEST_MAIN_PRIO + 3, tm.prio);
	mutex_unlock(&m1);
	thread_join(&th, TIMEOUT_FOREVER, NULL);
	thread_join(&tm, TIMEOUT_FOREVER, NULL);
	thread_join(&tl, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(TRACE_IS(&tr, 2, 3, 1), "m1 to the boosted second waiter "
		  "(2), m2 then to high (3), m1 last to the first (1)");
	if (ktest_case_failed())
		trace_print(&tr);
}
