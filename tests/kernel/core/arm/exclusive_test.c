/* ARM: a thread switch between LDREX and STREX makes the STREX fail, so
 * an atomic read-modify-write that another thread overtook is retried
 * rather than storing a stale result (ARMv7-A ARM A3.4.5: a context switch
 * clears the local monitor). */
#include "ktest.h"
#include "thread.h"

#define STACK 2048

static struct thread other;
static uint8_t other_stack[STACK] __attribute__((aligned(16)));
static volatile uint32_t word;

static uint32_t load_exclusive(volatile uint32_t *p)
{
	uint32_t v;

	__asm__ volatile("ldrex %0, [%1]" : "=r"(v) : "r"(p) : "memory");
	return v;
}

/* 0 when the store was made. */
static uint32_t store_exclusive(volatile uint32_t *p, uint32_t v)
{
	uint32_t failed;

	__asm__ volatile("strex %0, %2, [%1]"
			 : "=&r"(failed) : "r"(p), "r"(v) : "memory");
	return failed;
}

/* An atomic increment, then a compare-and-swap that finds a value it
 * does not want and leaves without a store: its LDREX leaves the monitor
 * open on the word. */
static void overtaker(void *arg)
{
	uint32_t v;

	(void)arg;
	do
		v = load_exclusive(&word);
	while (store_exclusive(&word, v + 1));
	(void)load_exclusive(&word);
}

KTEST(sched, an_atomic_increment_overtaken_during_a_switch_is_not_lost)
{
	bool first = true;
	uint32_t v;

	word = 0;
	thread_create(&other, "overtaker", KTEST_MAIN_PRIO - 1, overtaker,
		      NULL, other_stack, STACK, 0);
	do {
		v = load_exclusive(&word);
		if (first) {
			first = false;
			thread_sleep(MS(1));	/* the overtaker runs */
		}
	} while (store_exclusive(&word, v + 1));
	thread_join(&other, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(word == 2, "both increments in the word, got %u",
		  (unsigned int)word);
}
