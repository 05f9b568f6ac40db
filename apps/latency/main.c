/* latency: how fast this kernel reacts, measured by the kernel's own
 * counter (under QEMU -icount, an exact count of instructions).
 *
 *   timer-irq      timer compare -> first instruction of the handler
 *   irq-sem        timer compare -> highest-priority thread, woken by a
 *                  semaphore the handler gives
 *   wake           timeout deadline -> highest-priority thread (the
 *                  kernel's own timer path: sleep_until)
 *   periodic       jitter of a periodic thread (sleep_until, fixed period)
 *   switch-sem     one-way thread-to-thread switch through a semaphore:
 *                  ping-pong with a higher-priority partner (each switch
 *                  is one give that wakes it or one take that blocks)
 *   switch-sem-equal  the same ping-pong between equal priorities (each
 *                  switch is a give that wakes plus a take that blocks)
 *   switch-yield   one-way switch by yield between equal priorities
 *   scale-N        switch-sem with N threads in the system
 *   scale-wake-N   wake with N threads in the system
 *   arm-K          cost of arming a timeout with K pending
 *   idle           timer interrupts in a second where every thread sleeps
 *
 * Command line: samples=N load=none|busy|cache|herd|all metric=NAME
 * (default: all metrics). Each metric prints its statistics in counter
 * ticks, nanoseconds and instructions at -icount shift=3 (8 ns each), a
 * histogram, and a BENCH line of JSON for tools/bench. */
#include <stdbool.h>
#include <stdint.h>

#include "arch.h"
#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "fmt.h"
#include "irq.h"
#include "kernel.h"
#include "linker.h"
#include "kstring.h"
#include "ktime.h"
#include "sem.h"
#include "stats.h"
#include "thread.h"

#define MAX_SAMPLES 4000
#define ICOUNT_NS 8		/* ns per instruction at -icount shift=3 */

static unsigned int samples = 1000;
static const char *load = "none";
static const char *only;
CMDLINE_UINT(samples, "samples", 10, MAX_SAMPLES, "samples per metric");
CMDLINE_STR(load, "load", 8, "background load: none, busy, cache, herd, all");
CMDLINE_STR(only, "metric", 16, "run only this metric");

static uint32_t lat[MAX_SAMPLES];
static unsigned int nlat, nclipped;

/* --- reporting ------------------------------------------------------------ */

static uint64_t ticks_ns(uint64_t t)
{
	return clock_ticks_to_ns(t);
}

static void print_scaled(const char *name, const char *unit,
			 const struct stats *st, uint64_t (*conv)(uint64_t))
{
	kprintf("latency: %-16s %-12s min %6llu  avg %8llu  median %6llu  "
		"p99 %6llu  max %6llu\n", name, unit,
		(unsigned long long)conv(st->min),
		(unsigned long long)stats_avg(st, conv),
		(unsigned long long)conv(st->median),
		(unsigned long long)conv(st->p99),
		(unsigned long long)conv(st->max));
}

static uint64_t as_ticks(uint64_t t)
{
	return t;
}

static uint64_t as_instructions(uint64_t t)
{
	return ticks_ns(t) / ICOUNT_NS;
}

/* Sorts the samples, prints their statistics and histogram, and the
 * BENCH line tools/bench reads. */
static void report(const char *name, uint32_t *v, unsigned int n)
{
	struct stats st;
	struct histogram h;

	stats_compute(v, n, &st);
	if (!n) {
		kprintf("latency: %s: no samples\n", name);
		return;
	}
	histogram_compute(v, n, 12, &h);
	if (nclipped)
		kprintf("latency: %s: %u sample(s) clipped: they ended before "
			"they started or spanned more than 32 bits of ticks\n",
			name, nclipped);
	print_scaled(name, "ticks", &st, as_ticks);
	print_scaled(name, "ns", &st, ticks_ns);
	print_scaled(name, "instr@shift3", &st, as_instructions);
	for (unsigned int b = 0; b < h.nbins; b++) {
		unsigned int bar = (unsigned int)((uint64_t)h.count[b] * 50 / n);

		kprintf("  %6llu..%-6llu %5u |",
			(unsigned long long)(h.lo + b * h.width),
			(unsigned long long)(h.lo + (b + 1) * h.width - 1),
			h.count[b]);
		while (bar--)
			kputc('#');
		kputc('\n');
	}
	kprintf("BENCH {\"metric\":\"%s\",\"load\":\"%s\",\"freq_hz\":%llu,"
		"\"n\":%u,\"min\":%u,\"avg_x100\":%llu,\"median\":%u,\"p99\":%u,"
		"\"max\":%u,\"clipped\":%u,\"hist_lo\":%u,\"hist_width\":%llu,"
		"\"hist\":[",
		name, load, (unsigned long long)clock_freq_hz(), st.n,
		(unsigned int)st.min, (unsigned long long)(st.sum * 100 / st.n),
		(unsigned int)st.median, (unsigned int)st.p99,
		(unsigned int)st.max, nclipped, (unsigned int)h.lo,
		(unsigned long long)h.width);
	for (unsigned int b = 0; b < h.nbins; b++)
		kprintf("%s%u", b ? "," : "", h.count[b]);
	kprintf("]}\n");
}

/* A metric whose samples break what the way they were taken implies: its
 * figures are not a measurement, and the run fails. */
static bool checks_failed;

/* The samples against the loop that took them (samples_fit_loop). */
static void check_loop(const char *name, unsigned int per, uint64_t elapsed)
{
	if (samples_fit_loop(lat, nlat, per, elapsed))
		return;
	kprintf("latency: %s: FAILED: its samples do not fit the %llu ticks of "
		"the loop that took them\n", name, (unsigned long long)elapsed);
	checks_failed = true;
}

static bool selected(const char *name)
{
	return !only || strcmp(only, name) == 0;
}

static const char *const metric_names[] = {
	"timer-irq", "irq-sem", "wake", "periodic", "switch-sem",
	"switch-sem-equal", "switch-yield", "scale", "arm", "idle", NULL,
};
static const char *const load_names[] = {
	"none", "busy", "cache", "herd", "all", NULL,
};

static bool one_of(const char *s, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(s, *names) == 0)
			return true;
	return false;
}

/* A value the command-line parser could not check: named, and the run
 * stops instead of measuring something else. */
static bool options_valid(void)
{
	bool ok = true;

	/* The parser kept the default of an option it refused (a number out
	 * of range, an overlong name) or ignored an unknown one: its warning
	 * is above, and the run would measure what was not asked for. */
	if (cmdline_problems()) {
		kprintf("latency: %u command-line problem(s), reported above; "
			"not measuring\n", cmdline_problems());
		return false;
	}
	if (only && !one_of(only, metric_names)) {
		kprintf("latency: unknown metric '%s'; one of:", only);
		ok = false;
	} else if (!one_of(load, load_names)) {
		kprintf("latency: unknown load '%s'; one of:", load);
		ok = false;
	}
	if (!ok) {
		const char *const *names = only && !one_of(only, metric_names)
						    ? metric_names : load_names;

		for (; *names; names++)
			kprintf(" %s", *names);
		kputc('\n');
	}
	return ok;
}

static void samples_reset(void)
{
	nlat = 0;
	nclipped = 0;
}

/* One sample per call, at most `samples` (<= MAX_SAMPLES) between two
 * resets; the bound only guards the array (n in the report shows it). */
static void record(uint64_t start, uint64_t end)
{
	if (nlat < MAX_SAMPLES)
		lat[nlat++] = sample_ticks(start, end, &nclipped);
}

/* --- timer interrupt latency, and to a thread through a semaphore -------- */

static volatile uint64_t target;
static struct sem irq_sem, done_sem;
static bool irq_to_thread;

static void timer_probe_isr(void *arg)
{
	/* The counter first: this is what is measured. */
	uint64_t now = clock_ticks();

	(void)arg;
	clock_event()->stop();
	if (irq_to_thread) {
		sem_give_from_isr(&irq_sem);
	} else {
		record(target, now);
		sem_give_from_isr(&done_sem);
	}
}

static struct thread waiter;
static uint8_t waiter_stack[2048] __attribute__((aligned(16)));
static volatile bool waiter_stop;

static void irq_waiter(void *arg)
{
	(void)arg;
	for (;;) {
		int err = sem_take(&irq_sem, TIMEOUT_FOREVER);
		uint64_t now = clock_ticks();	/* first thing */

		if (err < 0 || waiter_stop)
			return;
		record(target, now);
		sem_give(&done_sem);
	}
}

/* A pseudo-random spread of delays, so that samples do not all land on
 * the same phase of whatever else runs. */
static uint64_t delay_ticks(unsigned int i)
{
	return clock_ns_to_ticks(US(40)) + (i * 7919u) % 1500u;
}

/* Borrows the kernel's timer for samples [i, samples) and gives it back
 * before the first of its timeouts is due (in a cell, the hypervisor
 * layer's message poll, which must answer within hv-poll-ms): at least
 * one sample per loan, so that each held timeout is late by at most one.
 * Returns the next sample; `held` is the most timeouts a loan held,
 * `overran` counts loans that kept one past its deadline for longer. */
static unsigned int measure_timer_loan(unsigned int i, unsigned int *held,
				       unsigned int *overran)
{
	const struct clockevent *ce = clock_event();
	irq_handler_t old_fn;
	void *old_arg;
	uint64_t due;
	unsigned int n = ktime_lend(&due), first = i;

	if (n > *held)
		*held = n;
	irq_swap(ce->irq, timer_probe_isr, NULL, &old_fn, &old_arg);
	/* Blocking here lets lower-priority load threads run: the
	 * interrupt lands in one of them, or in the idle thread. */
	do {
		target = clock_ticks() + delay_ticks(i);
		ce->set_deadline(target);
		sem_take(&done_sem, TIMEOUT_FOREVER);
		i++;
	} while (i < samples && clock_ticks() + 2 * delay_ticks(i) < due);
	if (i - first > 1 && clock_ticks() > due)
		(*overran)++;
	irq_swap(ce->irq, old_fn, old_arg, &old_fn, &old_arg);
	/* The held timeouts that are due expire now. */
	ktime_reclaim();
	return i;
}

static void measure_timer(const char *name, bool to_thread)
{
	unsigned int loans = 0, held = 0, overran = 0;

	irq_to_thread = to_thread;
	sem_init(&irq_sem, 0, 1);
	sem_init(&done_sem, 0, 1);
	waiter_stop = false;
	if (to_thread)
		thread_create(&waiter, "irq-waiter", THREAD_PRIO_MAX,
			      irq_waiter, NULL, waiter_stack,
			      sizeof(waiter_stack), 0);
	samples_reset();
	for (unsigned int i = 0; i < samples; loans++)
		i = measure_timer_loan(i, &held, &overran);
	if (held)
		kprintf("latency: %s: the timer lent %u times, around up to "
			"%u held kernel timeout(s)\n", name, loans, held);
	if (overran) {
		kprintf("latency: %s: FAILED: %u loan(s) of the timer kept a "
			"kernel timeout waiting past its deadline\n", name,
			overran);
		checks_failed = true;
	}
	if (to_thread) {
		/* The waiter, blocked in sem_take, ends: woken once more, it
		 * finds the stop. (Initialising the semaphore under it would
		 * leave it linked to a wait list that no longer is.) */
		waiter_stop = true;
		sem_give(&irq_sem);
		if (thread_join(&waiter, MS(100), NULL) < 0) {
			kprintf("latency: %s: FAILED: the waiter did not end\n",
				name);
			checks_failed = true;
		}
	}
	report(name, lat, nlat);
}

/* --- the kernel's own timeout path, and periodic jitter ----------------- */

static struct thread measured;
static uint8_t measured_stack[2048] __attribute__((aligned(16)));
static struct sem measured_done;

static void wake_main(void *arg)
{
	(void)arg;
	for (unsigned int i = 0; i < samples; i++) {
		uint64_t deadline = clock_now_ns() + US(40) + (i * 7919u) % 20000u;

		uint64_t now;

		thread_sleep_until(deadline);
		now = clock_ticks();	/* first thing */
		record(clock_ns_to_ticks(deadline), now);
	}
	sem_give(&measured_done);
}

/* Deadlines on the herd load's 100 us grid (herd_main): under that load
 * eight other threads are due on the same tick as each of ours. */
static void periodic_main(void *arg)
{
	uint64_t period = US(200), next = clock_now_ns();

	(void)arg;
	next -= next % US(100);
	for (unsigned int i = 0; i < samples; i++) {
		uint64_t now;

		next += period;
		thread_sleep_until(next);
		now = clock_ticks();	/* first thing */
		record(clock_ns_to_ticks(next), now);
	}
	sem_give(&measured_done);
}

static void measure_thread(const char *name, void (*fn)(void *))
{
	samples_reset();
	sem_init(&measured_done, 0, 1);
	thread_create(&measured, name, THREAD_PRIO_MAX, fn, NULL,
		      measured_stack, sizeof(measured_stack), 0);
	sem_take(&measured_done, TIMEOUT_FOREVER);
	thread_join(&measured, TIMEOUT_FOREVER, NULL);
	report(name, lat, nlat);
}

/* --- thread-to-thread switches ------------------------------------------- */

static struct sem ping, pong;
static struct thread partner;
static uint8_t partner_stack[2048] __attribute__((aligned(16)));
static volatile bool stop_partner;

static void pong_main(void *arg)
{
	(void)arg;
	while (sem_take(&ping, TIMEOUT_FOREVER) == 0 && !stop_partner)
		sem_give(&pong);
}

/* Each round is two switches. A higher-priority partner runs as soon as
 * ping is given, gives pong (nobody waits yet) and blocks on ping: back to
 * us, and pong is there to take. An equal partner only becomes ready on
 * ping; we block on pong, it runs, gives pong and blocks on ping. The
 * loop keeps the raw round trips and halves them afterwards (rounding
 * up), to add as little of its own as it can to what it measures. */
static void measure_switch_sem(const char *name, bool equal)
{
	uint64_t begin, elapsed;

	stop_partner = false;
	sem_init(&ping, 0, 1);
	sem_init(&pong, 0, 1);
	thread_set_priority(thread_self(), 20);
	thread_create(&partner, "pong", equal ? 20 : 21, pong_main, NULL,
		      partner_stack, sizeof(partner_stack), 0);
	begin = clock_ticks();
	for (unsigned int i = 0; i < samples; i++) {
		uint32_t t0 = (uint32_t)clock_ticks();

		sem_give(&ping);
		sem_take(&pong, TIMEOUT_FOREVER);
		lat[i] = (uint32_t)clock_ticks() - t0;
	}
	elapsed = clock_ticks() - begin;
	samples_halve(lat, samples);
	nlat = samples;
	nclipped = 0;	/* differences modulo 2^32: the round trips are short */
	stop_partner = true;
	sem_give(&ping);
	thread_join(&partner, TIMEOUT_FOREVER, NULL);
	thread_set_priority(thread_self(), 16);
	report(name, lat, nlat);
	check_loop(name, 2, elapsed);
}

static void yielder_main(void *arg)
{
	(void)arg;
	while (!stop_partner)
		thread_yield();
}

/* Each round: yield to the partner, which yields back: two switches. */
static void measure_switch_yield(const char *name)
{
	uint64_t begin, elapsed;

	stop_partner = false;
	thread_set_priority(thread_self(), 20);
	thread_create(&partner, "yielder", 20, yielder_main, NULL,
		      partner_stack, sizeof(partner_stack), 0);
	thread_yield();		/* let it start */
	begin = clock_ticks();
	for (unsigned int i = 0; i < samples; i++) {
		uint32_t t0 = (uint32_t)clock_ticks();

		thread_yield();
		lat[i] = (uint32_t)clock_ticks() - t0;
	}
	elapsed = clock_ticks() - begin;
	samples_halve(lat, samples);
	nlat = samples;
	nclipped = 0;	/* differences modulo 2^32: the round trips are short */
	stop_partner = true;
	thread_yield();
	thread_join(&partner, TIMEOUT_FOREVER, NULL);
	thread_set_priority(thread_self(), 16);
	report(name, lat, nlat);
	check_loop(name, 2, elapsed);
}

/* --- scaling -------------------------------------------------------------- */

#define CROWD_MAX 256
#define CROWD_STACK 1024	/* the ready third runs: interrupts land on it */

static struct thread crowd[CROWD_MAX];
static uint8_t crowd_stack[CROWD_MAX][CROWD_STACK] __attribute__((aligned(16)));
static struct sem crowd_sem[CROWD_MAX];

static volatile bool crowd_stop;

/* Over all priorities below the measured pair's, a third of the crowd
 * blocks on semaphores, a third sleeps far into the future, and a third
 * stays ready (spinning): the scheduler's ready queues hold them too. The
 * spinners first wait for their start, so that a spinning one never keeps
 * those below it from blocking. The pair never blocks at once (see
 * measure_switch_sem), so the ready ones only run once it is over; under
 * scale-wake the highest of them spins while the measured thread sleeps,
 * so each timeout lands where it does under the busy load. */
static void crowd_main(void *arg)
{
	unsigned int i = (unsigned int)(uintptr_t)arg;

	switch (i % 3) {
	case 0: sem_take(&crowd_sem[i], TIMEOUT_FOREVER); break;
	case 1: sem_take(&crowd_sem[i], SEC(3600)); break;
	default:
		sem_take(&crowd_sem[i], TIMEOUT_FOREVER);
		while (!crowd_stop)
			;
		break;
	}
}

/* Crowd threads not (yet) in `state`, the spinners in `spin_state`. */
static unsigned int crowd_astray(unsigned int n, unsigned int state,
				 unsigned int spin_state)
{
	unsigned int astray = 0;

	for (unsigned int i = 0; i < n; i++)
		if (crowd[i].state != (i % 3 == 2 ? spin_state : state))
			astray++;
	return astray;
}

static bool scale_failed;

static void measure_scaling(unsigned int threads)
{
	/* Those there already (main, idle, any of the hypervisor layer's)
	 * and the partner measure_switch_sem() adds count too. */
	unsigned int present = thread_count() + 1;
	unsigned int extra = threads > present ? threads - present : 0;
	unsigned int astray;
	char name[16];

	for (unsigned int i = 0; i < extra; i++) {
		sem_init(&crowd_sem[i], 0, 1);
		thread_create(&crowd[i], "crowd", 1 + i % 15, crowd_main,
			      (void *)(uintptr_t)i, crowd_stack[i], CROWD_STACK,
			      THREAD_NO_GUARD);
	}
	crowd_stop = false;
	/* Let each block (they run only while we sleep), then start the
	 * spinners: ready, below us, they wait in the ready queues. */
	for (int tries = 0; tries < 100 &&
	     crowd_astray(extra, THREAD_BLOCKED, THREAD_BLOCKED); tries++)
		thread_sleep(MS(1));
	for (unsigned int i = 2; i < extra; i += 3)
		sem_give(&crowd_sem[i]);
	astray = crowd_astray(extra, THREAD_BLOCKED, THREAD_READY);
	fmt_snprintf(name, sizeof(name), "scale-%u", threads);
	kprintf("latency: %s: %u threads, %u of the crowd of %u not as "
		"planned\n", name, thread_count() + 1, astray, extra);
	if (astray)
		scale_failed = true;
	measure_switch_sem(name, false);
	/* The same crowd, a timeout's wake-up: the sleeping third's
	 * timeouts are pending, the ready third runs when it fires. */
	fmt_snprintf(name, sizeof(name), "scale-wake-%u", threads);
	measure_thread(name, wake_main);
	crowd_stop = true;
	for (unsigned int i = 0; i < extra; i++) {
		sem_give(&crowd_sem[i]);
		thread_join(&crowd[i], TIMEOUT_FOREVER, NULL);
	}
}

#define PENDING_MAX 10000

static struct timeout pending[PENDING_MAX], probe;

static void never(struct timeout *t)
{
	(void)t;
}

/* The cost of arming one timeout among `k` pending ones, at deadlines
 * spread over the same range (cancelled again at once). */
static void measure_arming(unsigned int k)
{
	uint64_t base = clock_ticks() + clock_ns_to_ticks(SEC(3600));
	char name[16];

	for (unsigned int i = 0; i < k; i++) {
		pending[i].fn = never;
		ktime_arm(&pending[i], base + (uint64_t)i * 1000);
	}
	fmt_snprintf(name, sizeof(name), "arm-%u", k);
	/* The figure is named after them: they must be there. */
	if (ktime_pending() < k) {
		kprintf("latency: %s: FAILED: only %u timeouts pending\n", name,
			ktime_pending());
		checks_failed = true;
	}
	probe.fn = never;
	samples_reset();
	for (unsigned int i = 0; i < samples; i++) {
		uint64_t d = base + (uint64_t)((i * 7919u) % (k + 1)) * 1000 + 500;
		irqstate_t s;
		uint64_t t0;

		/* The deadline's arithmetic (a division) is ours, not the
		 * arming's: done before the first counter read, which the
		 * compiler would otherwise let it follow. */
		__asm__ volatile("" : "+r"(d));
		s = arch_irq_save();
		t0 = clock_ticks();
		ktime_arm(&probe, d);
		record(t0, clock_ticks());
		ktime_cancel(&probe);
		arch_irq_restore(s);
	}
	for (unsigned int i = 0; i < k; i++)
		ktime_cancel(&pending[i]);
	report(name, lat, nlat);
}

/* Timer interrupts in one second in which every thread sleeps longer:
 * zero in a tickless kernel (and the tick rate in a periodic one). */
static void measure_idle(void)
{
	unsigned int before, n;

	thread_sleep(SEC(2));
	before = ktime_interrupts();
	/* The sleep below ends with one interrupt, its own wake-up, the
	 * first at or after start + 1 s: the others are those of the second
	 * (start, start + 1 s]. A periodic tick counts its rate exactly:
	 * start lies just past a tick, so the wake-up is the tick after
	 * that second. (Any longer sleep would count a tick more.) */
	uint64_t start = clock_now_ns();

	thread_sleep_until(start + SEC(1));
	n = ktime_interrupts() - before - 1;
	kprintf("latency: idle           %u timer interrupts in 1 s of "
		"sleep\n", n);
	kprintf("BENCH {\"metric\":\"idle-irqs\",\"load\":\"%s\","
		"\"per_second\":%u}\n", load, n);
}

/* --- background load ------------------------------------------------------ */

#define LOADERS 12
/* Twice the largest cache of our boards (the H3's 512 KiB L2; the A20's
 * is 256 KiB): each sweep evicts everything. Contents never matter, so
 * it is kept out of the boot's .bss clear. */
#define CACHE_BUF (1024 * 1024)

static struct thread loaders[LOADERS];
static uint8_t loader_stack[LOADERS][1024] __attribute__((aligned(16)));
static uint8_t cache_buf[CACHE_BUF] NOINIT("cache_buf")
	__attribute__((aligned(64)));
static volatile bool stop_load;
static unsigned int nloaders;

static void busy_main(void *arg)
{
	volatile unsigned int x = 0;

	(void)arg;
	while (!stop_load)
		x++;
}

static void cache_main(void *arg)
{
	(void)arg;
	while (!stop_load)
		for (unsigned int i = 0; i < CACHE_BUF && !stop_load; i += 32)
			cache_buf[i]++;
}

/* Wakes on every multiple of 100 us, the grid the periodic metric's
 * deadlines lie on: many threads due on the same tick as the measured
 * one. */
static void herd_main(void *arg)
{
	(void)arg;
	while (!stop_load) {
		uint64_t now = clock_now_ns();

		thread_sleep_until(now - now % US(100) + US(100));
	}
}

/* Starts `count` load threads and says so: the figures that follow are
 * taken under them. */
static void start_loaders(const char *name, unsigned int count,
			  unsigned int prio, void (*fn)(void *))
{
	unsigned int started = 0;

	for (; started < count && nloaders < LOADERS; started++, nloaders++)
		thread_create(&loaders[nloaders], name, prio, fn, NULL,
			      loader_stack[nloaders], sizeof(loader_stack[0]),
			      THREAD_NO_GUARD);
	kprintf("latency: load: %u %s thread(s) at priority %u\n", started,
		name, prio);
}

static bool load_has(const char *name)
{
	return strcmp(load, "all") == 0 || strcmp(load, name) == 0;
}

/* Loads that only take the CPU: they run under every metric. The busy
 * threads spin without yielding and slices are off, so one of them runs
 * (the others wait ready behind it), and none under "all", where the
 * cache thread above them never blocks: the CPU is busy either way. */
static void start_cpu_load(void)
{
	stop_load = false;
	if (load_has("busy"))
		start_loaders("busy", 3, 2, busy_main);
	if (load_has("cache"))
		start_loaders("cache", 1, 3, cache_main);
}

/* The herd sleeps on timeouts: it needs the kernel's timer. */
static void start_herd(void)
{
	if (load_has("herd"))
		start_loaders("herd", 8, 20, herd_main);
}

static void stop_all_load(void)
{
	stop_load = true;
	for (unsigned int i = 0; i < nloaders; i++)
		thread_join(&loaders[i], TIMEOUT_FOREVER, NULL);
	nloaders = 0;
}

int app_main(void)
{
	static const unsigned int crowd_sizes[] = { 8, 32, 128, 256 };
	static const unsigned int pend[] = { 10, 100, 1000, 10000 };

	if (!options_valid())
		return EXIT_FAILURE;
	kprintf("latency: %u samples per metric, load %s, counter %llu Hz\n",
		samples, load, (unsigned long long)clock_freq_hz());
	/* The timer-interrupt metrics borrow the kernel's timer, so the herd,
	 * which sleeps on timeouts, starts only after them; under "all" they
	 * run with the busy and cache loads. Their measuring thread blocks,
	 * so each interrupt lands in a running load thread (or, with no
	 * load, in the idle thread). */
	start_cpu_load();
	if (selected("timer-irq"))
		measure_timer("timer-irq", false);
	if (selected("irq-sem"))
		measure_timer("irq-sem", true);
	start_herd();
	if (selected("wake"))
		measure_thread("wake", wake_main);
	if (selected("periodic"))
		measure_thread("periodic", periodic_main);
	/* The switching pair never blocks at once, so the busy and cache
	 * threads below it do not run; the herd's wake-ups, at the pair's
	 * own priority, cut in. */
	if (selected("switch-sem"))
		measure_switch_sem("switch-sem", false);
	if (selected("switch-sem-equal"))
		measure_switch_sem("switch-sem-equal", true);
	if (selected("switch-yield"))
		measure_switch_yield("switch-yield");
	/* Scaling, arming and idle need the system to themselves. */
	stop_all_load();

	for (unsigned int i = 0; i < sizeof(crowd_sizes) / sizeof(crowd_sizes[0]);
	     i++)
		if (selected("scale"))
			measure_scaling(crowd_sizes[i]);
	for (unsigned int i = 0; i < sizeof(pend) / sizeof(pend[0]); i++)
		if (selected("arm"))
			measure_arming(pend[i]);
	if (selected("idle"))
		measure_idle();
	if (scale_failed) {
		kprintf("latency: FAILED: a scaling crowd was not set up as "
			"planned\n");
		return EXIT_FAILURE;
	}
	if (checks_failed) {
		kprintf("latency: FAILED: a metric failed its own check "
			"(above)\n");
		return EXIT_FAILURE;
	}
	kprintf("latency: done\n");
	return EXIT_OK;
}
