/* The tasks demo's floating-point threads: each computes a series whose
 * exact value it knows, every 30 ticks, and counts wrong results. Only
 * this function is built with FP code generation, and only THREAD_FP
 * threads run it; everything the main thread calls lives in main.c. */
#include "console.h"
#include "tasks.h"
#include "thread.h"

void tasks_fp_main(void *arg)
{
	struct fp_worker *w = arg;

	while (tasks_running()) {
		double acc = 0.0, want = w->step * w->n;

		for (unsigned int i = 0; i < w->n; i++)
			acc += w->step;
		w->checks++;
		if (acc != want) {
			w->wrong++;
			kprintf("fp: %s: wrong sum\n", w->t.name);
		} else if (!tasks_quiet()) {
			kprintf("fp: %s: sum of %u x %d/1000 ok\n", w->t.name, w->n,
				(int)(w->step * 1000));
		}
		thread_sleep(30 * tasks_tick_ns());
	}
}
