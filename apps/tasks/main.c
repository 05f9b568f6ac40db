/* tasks: the classic Jailhouse FreeRTOS-cell demo, made measurable.
 *
 * 20 periodic threads (periods 100, 200, ... 2000 ticks, over 6
 * priorities) print their period, loop count and wake tick; a producer and
 * a consumer talk through a message queue; two floating-point threads check
 * their own results. After run-ms of (virtual) time every thread reports,
 * and a self-check verifies that each periodic thread woke on every period
 * and within the same tick as its deadline.
 *
 * A "tick" is tick-us microseconds of the kernel's clock (the kernel itself
 * is tickless; the demo keeps FreeRTOS's unit). Command line: run-ms=N
 * tick-us=N quiet (no per-wake lines). */
#include <stdbool.h>
#include <stdint.h>

#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "kernel.h"
#include "msgq.h"
#include "thread.h"
#include "tasks.h"

#define PERIODIC 20
#define PERIODIC_STACK 1024
#define PAIR_STACK 1024

static unsigned int run_ms = 4000;
static unsigned int tick_us = 1000;
static bool quiet;
CMDLINE_UINT(run_ms, "run-ms", 100, 3600000, "how long the demo runs (ms)");
CMDLINE_UINT(tick_us, "tick-us", 10, 1000000, "length of a demo tick (us)");
CMDLINE_FLAG(quiet, "quiet", "no line per wake-up");

struct periodic {
	struct thread t;
	unsigned int period;	/* ticks */
	unsigned int loops, late, early;
	uint64_t worst_late_ns;
};

static struct periodic periodic[PERIODIC];
static uint8_t periodic_stack[PERIODIC][PERIODIC_STACK]
	__attribute__((aligned(16)));
static uint64_t start_ns, stop_ns;
static volatile bool stopping;

uint64_t tasks_tick_ns(void)
{
	return (uint64_t)tick_us * 1000;
}

bool tasks_running(void)
{
	return !stopping;
}

bool tasks_quiet(void)
{
	return quiet;
}

static void periodic_main(void *arg)
{
	struct periodic *p = arg;
	uint64_t period_ns = p->period * tasks_tick_ns();
	uint64_t deadline = start_ns;

	for (;;) {
		deadline += period_ns;
		if (deadline > stop_ns)
			break;
		thread_sleep_until(deadline);
		uint64_t now = clock_now_ns();

		p->loops++;
		/* On schedule = woken at or after the deadline and within
		 * the same demo tick. */
		if (now < deadline)
			p->early++;
		else if (now - deadline >= tasks_tick_ns())
			p->late++;
		if (now >= deadline && now - deadline > p->worst_late_ns)
			p->worst_late_ns = now - deadline;
		if (!quiet)
			kprintf("periodic %4u: loop %3u at tick %llu\n",
				p->period, p->loops,
				(unsigned long long)((now - start_ns) /
						     tasks_tick_ns()));
	}
}

/* --- producer / consumer ------------------------------------------------- */

static struct msgq queue;
static unsigned int queue_buf[8];
static struct thread producer, consumer;
static uint8_t producer_stack[PAIR_STACK], consumer_stack[PAIR_STACK]
	__attribute__((aligned(16)));
static unsigned int sent, received, out_of_order;

static void producer_main(void *arg)
{
	(void)arg;
	while (tasks_running()) {
		unsigned int v = sent + 1;

		if (msgq_send(&queue, &v, MS(100)) == 0) {
			sent = v;
			if (!quiet)
				kprintf("producer: sent %u\n", v);
		}
		thread_sleep(50 * tasks_tick_ns());
	}
}

static void consumer_main(void *arg)
{
	unsigned int v;

	(void)arg;
	for (;;) {
		if (msgq_recv(&queue, &v, MS(200)) != 0) {
			if (!tasks_running())
				return;
			continue;
		}
		if (v != received + 1)
			out_of_order++;
		received = v;
		if (!quiet)
			kprintf("consumer: received %u\n", v);
	}
}

/* --- floating point ------------------------------------------------------ */

#define FP_STACK 2048

static struct fp_worker fp_workers[2] = {
	{ .step = 0.125, .n = 800 },
	{ .step = 0.75, .n = 640 },
};
static uint8_t fp_stacks[2][FP_STACK] __attribute__((aligned(16)));

int app_main(void)
{
	unsigned int fp_checks = 0, fp_wrong = 0;
	unsigned int missed = 0, late = 0, early = 0, wakes = 0;
	uint64_t worst = 0;
	bool ok;

	kprintf("tasks: %u periodic threads, producer/consumer, 2 FP threads;"
		" %u ms, tick %u us\n", PERIODIC, run_ms, tick_us);
	/* Start on a whole demo tick, as a tick-driven kernel would. */
	start_ns = (clock_now_ns() / tasks_tick_ns() + 1) * tasks_tick_ns();
	stop_ns = start_ns + (uint64_t)run_ms * 1000000;
	for (unsigned int i = 0; i < PERIODIC; i++) {
		struct periodic *p = &periodic[i];

		p->period = 100 * (i + 1);
		/* Shorter periods get higher priorities (rate monotonic),
		 * in 6 bands. */
		thread_create(&p->t, "periodic", 20 - (i * 6) / PERIODIC,
			      periodic_main, p, periodic_stack[i],
			      PERIODIC_STACK, 0);
	}
	msgq_init(&queue, queue_buf, sizeof(queue_buf[0]), 8);
	thread_create(&producer, "producer", 12, producer_main, NULL,
		      producer_stack, PAIR_STACK, 0);
	thread_create(&consumer, "consumer", 13, consumer_main, NULL,
		      consumer_stack, PAIR_STACK, 0);
	for (int i = 0; i < 2; i++)
		thread_create(&fp_workers[i].t, i ? "fp-b" : "fp-a", 11,
			      tasks_fp_main, &fp_workers[i], fp_stacks[i],
			      FP_STACK, THREAD_FP);

	/* One tick after the end, so the last wake-ups come first. */
	thread_sleep_until(stop_ns + tasks_tick_ns());
	thread_list_print();
	stopping = true;
	for (unsigned int i = 0; i < PERIODIC; i++)
		thread_join(&periodic[i].t, TIMEOUT_FOREVER, NULL);
	thread_join(&producer, TIMEOUT_FOREVER, NULL);
	thread_join(&consumer, TIMEOUT_FOREVER, NULL);
	for (int i = 0; i < 2; i++) {
		thread_join(&fp_workers[i].t, TIMEOUT_FOREVER, NULL);
		fp_checks += fp_workers[i].checks;
		fp_wrong += fp_workers[i].wrong;
	}

	for (unsigned int i = 0; i < PERIODIC; i++) {
		const struct periodic *p = &periodic[i];
		unsigned int due = (unsigned int)(((uint64_t)run_ms * 1000) /
						  ((uint64_t)p->period * tick_us));

		wakes += p->loops;
		late += p->late;
		early += p->early;
		if (p->loops != due) {
			missed += due > p->loops ? due - p->loops : 0;
			kprintf("tasks: periodic %u woke %u times, expected %u\n",
				p->period, p->loops, due);
		}
		if (p->worst_late_ns > worst)
			worst = p->worst_late_ns;
	}
	kprintf("tasks: periodic: %u wake-ups, %u missed, %u late, %u early; "
		"worst %llu ns after a deadline\n", wakes, missed, late, early,
		(unsigned long long)worst);
	kprintf("tasks: queue: %u sent, %u received, %u out of order\n", sent,
		received, out_of_order);
	kprintf("tasks: fp: %u checks, %u wrong\n", fp_checks, fp_wrong);
	ok = missed == 0 && late == 0 && early == 0 && wakes > 0 &&
	     sent > 0 && received == sent && out_of_order == 0 &&
	     fp_checks > 0 && fp_wrong == 0;
	kprintf("tasks: %s\n", ok ? "PASS" : "FAIL");
	return ok ? EXIT_OK : EXIT_FAILURE;
}
