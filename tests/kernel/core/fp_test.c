/* FP context isolation: threads created with THREAD_FP keep their own
 * VFP/NEON registers and results across preemption by each other.
 * This file is compiled with FP code generation (FP_SOURCES), but the test
 * case itself runs in the main thread, which has no FP context: only the
 * workers touch floating point. */
#include "ktest.h"
#include "thread.h"

#define STACK 4096

void fp_regs_fill(uint32_t seed);
unsigned int fp_regs_check(uint32_t seed);

static struct thread threads[2];
static uint8_t stacks[2][STACK] __attribute__((aligned(16)));
static volatile unsigned int corrupted[2], rounds[2];
static volatile bool exact[2];
static volatile bool stop;

static void fp_worker(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg;
	uint32_t seed = 0x1000u * (id + 1);

	while (!stop) {
		/* Registers: fill, get preempted (busy), check. A new seed
		 * each round: registers restored from an older save differ. */
		uint32_t round_seed = seed + rounds[id];

		fp_regs_fill(round_seed);
		ktest_busy(US(150));
		corrupted[id] += fp_regs_check(round_seed);
		rounds[id]++;
	}
	/* A computation whose exact result is known: n additions of a
	 * binary fraction, interleaved with the other thread's. */
	double step = id ? 0.25 : 0.5, acc = 0.0;

	for (int i = 0; i < 4000; i++) {
		acc += step;
		if (i % 500 == 0)
			thread_yield();
	}
	exact[id] = acc == (id ? 1000.0 : 2000.0);
}

KTEST(fp, threads_keep_their_own_fp_registers_across_preemption)
{
	stop = false;
	for (int i = 0; i < 2; i++) {
		corrupted[i] = rounds[i] = 0;
		exact[i] = false;
		thread_create(&threads[i], i ? "fp1" : "fp0", KTEST_MAIN_PRIO - 1,
			      fp_worker, (void *)(uintptr_t)i, stacks[i], STACK,
			      THREAD_FP);
	}
	sched_set_timeslice(US(100));	/* preempt inside fill..check */
	/* Main (no FP context) preempts the workers every millisecond: the
	 * switches from an FP thread to one without and back save and
	 * restore the registers as those between FP threads do. */
	for (int i = 0; i < 20; i++)
		thread_sleep(MS(1));
	stop = true;
	thread_join(&threads[0], TIMEOUT_FOREVER, NULL);
	thread_join(&threads[1], TIMEOUT_FOREVER, NULL);
	sched_set_timeslice(0);
	for (int i = 0; i < 2; i++) {
		KT_EXPECT(rounds[i] > 5, "thread %d ran several rounds, got %u",
			  i, rounds[i]);
		KT_EXPECT(corrupted[i] == 0, "thread %d's registers intact, %u "
			  "differed", i, corrupted[i]);
	}
	KT_EXPECT(exact[0] && exact[1], "exact sums 2000 and 1000 in both "
		  "threads (%d, %d)", exact[0], exact[1]);
}
