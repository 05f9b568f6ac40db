/* Shared between the tasks demo's files. */
#ifndef TASKS_H
#define TASKS_H

#include <stdbool.h>
#include <stdint.h>

#include "thread.h"

struct fp_worker {
	struct thread t;
	double step;		/* a binary fraction: sums are exact */
	unsigned int n;
	unsigned int checks, wrong;
};

uint64_t tasks_tick_ns(void);
bool tasks_running(void);
bool tasks_quiet(void);

/* Body of the floating-point threads (fp.c, built with FP code). */
void tasks_fp_main(void *arg);

#endif
