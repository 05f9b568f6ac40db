/* ARM, the physical timer (`cellmate,physical-timer`), programmed
 * relative through CNTP_TVAL, a signed 32-bit count (DDI 0406C B8.1.3):
 * a deadline further away than that holds is clamped to the furthest it
 * holds (a late expiry re-arms), not made due at once, which would raise
 * an interrupt on every arming until the deadline came within reach. */
#include <stdint.h>

#include "arch.h"
#include "clock.h"
#include "kstring.h"
#include "ktest.h"

#define CNT_CTL_ISTATUS (1u << 2)
#define SETTLE_TICKS 1000

static uint32_t cntp_ctl_read(void)
{
	uint32_t v;

	__asm__ volatile("mrc p15, 0, %0, c14, c2, 1" : "=r"(v));
	return v;
}

KTEST(ptimer, a_deadline_past_tvals_range_is_not_due_at_once)
{
	const struct clockevent *ce = clock_event();
	uint64_t now, until;
	uint32_t ctl;
	irqstate_t s;

	if (!ce || strcmp(ce->name, "arm-phys-timer") != 0)
		KT_SKIP("the clockevent is not the physical timer");
	/* Masked, and stopped before the mask is lifted: the kernel arms
	 * its next deadline again when it next needs one. */
	s = arch_irq_save();
	now = arch_counter_read();
	ce->set_deadline(now + (1ull << 32));
	until = now + SETTLE_TICKS;
	while (arch_counter_read() < until)
		;
	ctl = cntp_ctl_read();
	ce->stop();
	arch_irq_restore(s);
	KT_EXPECT(!(ctl & CNT_CTL_ISTATUS), "a deadline 2^32 ticks away not "
		  "due yet, CNTP_CTL 0x%x", (unsigned int)ctl);
}
