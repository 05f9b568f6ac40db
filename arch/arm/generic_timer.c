/* ARM generic timer: the virtual counter is the kernel's time base
 * (arch_counter_read) and one of the per-CPU timers (virtual by default,
 * physical when the node says `cellmate,physical-timer`) is the one-shot
 * clockevent.
 * DDI 0406C B8 (generic timer), B4.1.21 (CNTFRQ), B8.1.3 (CVAL/CTL). */
#include <stdint.h>

#include "arch.h"
#include "clock.h"
#include "cpu.h"
#include "driver.h"
#include "fdt.h"
#include "irq.h"
#include "kerr.h"

#define CNT_CTL_ENABLE 0x1u
#define CNT_CTL_IMASK 0x2u

/* Interrupt order in the "arm,armv7-timer" binding. */
#define TIMER_IRQ_PHYS_NS 1
#define TIMER_IRQ_VIRT 2


static void cntv_set_deadline(uint64_t ticks)
{
	__asm__ volatile("mcrr p15, 3, %Q0, %R0, c14\n\t"
			 "mcr p15, 0, %1, c14, c3, 1\n\tisb"
			 ::"r"(ticks), "r"(CNT_CTL_ENABLE) : "memory");
}

static void cntv_stop(void)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c3, 1\n\tisb"
			 ::"r"(0) : "memory");
}

/* The physical timer compares against the physical counter, which may
 * be offset from the virtual one the kernel reads (CNTVOFF): program it
 * relative (TVAL, 32 bits signed), clamped; a late expiry re-arms. */
static void cntp_set_deadline(uint64_t ticks)
{
	uint64_t now = arch_counter_read();
	int32_t tval = ticks <= now ? 0
		       : ticks - now > INT32_MAX ? INT32_MAX
						 : (int32_t)(ticks - now);

	__asm__ volatile("mcr p15, 0, %0, c14, c2, 0\n\t"
			 "mcr p15, 0, %1, c14, c2, 1\n\tisb"
			 ::"r"(tval), "r"(CNT_CTL_ENABLE) : "memory");
}

static void cntp_stop(void)
{
	__asm__ volatile("mcr p15, 0, %0, c14, c2, 1\n\tisb"
			 ::"r"(0) : "memory");
}

static struct clocksource timer_cs = { .name = "arm-generic-timer" };

static struct clockevent timer_ce;

/* The timer output is a level that stays asserted while the counter is
 * past CVAL: disarm, and let the handler arm the next deadline. One
 * handler per timer, so that the stop is not an indirect call. */
static void cntv_isr(void *arg)
{
	(void)arg;
	cntv_stop();
	clock_event_fire();
}

static void cntp_isr(void *arg)
{
	(void)arg;
	cntp_stop();
	clock_event_fire();
}

/* The two timers the kernel can use: [0] virtual, [1] physical. */
static const struct timer_kind {
	const char *name;
	void (*set_deadline)(uint64_t ticks);
	void (*stop)(void);
	void (*isr)(void *arg);
	unsigned int irq_index;
} timer_kinds[2] = {
	{ "arm-virt-timer", cntv_set_deadline, cntv_stop, cntv_isr,
	  TIMER_IRQ_VIRT },
	{ "arm-phys-timer", cntp_set_deadline, cntp_stop, cntp_isr,
	  TIMER_IRQ_PHYS_NS },
};

/* Runs once, at boot: cold, so that GCC optimises it for size rather
 * than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
static int timer_probe(const struct fdt *fdt, int node)
{
	const struct timer_kind *k =
		&timer_kinds[fdt_prop_bool(fdt, node, "cellmate,physical-timer")];
	uint32_t freq = cp15_read_cntfrq();
	unsigned int irq;
	int err;

	/* A clock-frequency property overrides a CNTFRQ the firmware did
	 * not set (Linux binding semantics). */
	if (fdt_prop_u32(fdt, node, "clock-frequency", &freq) == -E_BADFDT)
		return -E_BADFDT;
	if (freq == 0)
		return -E_INVAL;

	err = irq_of_fdt(fdt, node, k->irq_index, &irq);
	if (err < 0)
		return err;
	timer_cs.freq_hz = freq;
	timer_ce.name = k->name;
	timer_ce.set_deadline = k->set_deadline;
	timer_ce.stop = k->stop;
	timer_ce.irq = irq;
	k->stop();

	err = irq_attach(irq, k->isr, NULL);
	if (err == 0)
		err = irq_enable(irq);
	if (err < 0)
		return err;
	clock_register_source(&timer_cs);
	clock_register_event(&timer_ce);
	return 0;
}

static const char *const timer_compatible[] = {
	"arm,armv7-timer", "arm,armv8-timer", NULL,
};

DRIVER(generic_timer_driver) = {
	.name = "arm-generic-timer",
	.class = DRIVER_TIMER,
	.compatible = timer_compatible,
	.probe = timer_probe,
};
