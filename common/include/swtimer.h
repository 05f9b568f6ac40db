/* Software timers: one-shot or periodic callbacks on the kernel's time
 * base. Callbacks run in interrupt context (from the timer interrupt, with
 * interrupts masked): keep them short, never block; use the _from_isr
 * calls to wake a thread. Periodic deadlines are computed from the start
 * time, so a period never drifts, even when it is not a whole number of
 * counter ticks; a callback that runs late does not shift later ones. */
#ifndef SWTIMER_H
#define SWTIMER_H

#include <stdbool.h>
#include <stdint.h>

#include "timeq.h"

struct swtimer;
typedef void (*swtimer_fn)(struct swtimer *t, void *arg);

struct swtimer {
	struct timeout to;
	swtimer_fn fn;
	void *arg;
	uint64_t start;		/* counter at swtimer_start() */
	uint64_t first_ns, period_ns;
	uint64_t period_ticks;	/* when the period is whole ticks, else 0 */
	uint64_t n;		/* expiries so far */
};

/* Sets up a timer that is not running (never started, stopped, or a
 * one-shot that fired); on a running one it stops the kernel with an
 * assertion. */
void swtimer_init(struct swtimer *t, swtimer_fn fn, void *arg);
/* The shortest period: 10 us (100 kHz, tick_start()'s limit too). Every
 * expiry is delivered, late ones at once, so a period shorter than its
 * callback and the interrupt take would keep the CPU in the interrupt. */
#define SWTIMER_PERIOD_MIN_NS 10000u

/* First expiry `delay` ns from now, then every `period` ns (0 = once).
 * -E_INVAL without a callback or for a period below
 * SWTIMER_PERIOD_MIN_NS. */
int swtimer_start(struct swtimer *t, uint64_t delay, uint64_t period);
void swtimer_stop(struct swtimer *t);
bool swtimer_active(const struct swtimer *t);
/* Expiries since the last start. */
uint64_t swtimer_expiries(const struct swtimer *t);

#endif
