/* ARM, the generic timer as the clocksource: the kernel's time runs at
 * the counter's own rate. The time suite checks time only against
 * itself, so a clocksource with the wrong rate passes it (every sleep
 * and deadline is wrong by the same factor); CNTFRQ, which firmware
 * (QEMU) sets, is the independent figure. */
#include <stdint.h>

#include "clock.h"
#include "cpu.h"
#include "ktest.h"

KTEST(time, the_clocksource_counts_at_the_rate_in_cntfrq)
{
	uint32_t cntfrq = cp15_read_cntfrq();

	/* A board whose firmware leaves CNTFRQ unset gives the rate in its
	 * tree instead (clock-frequency). */
	if (cntfrq == 0)
		KT_SKIP("CNTFRQ is not set");
	KT_EXPECT(clock_freq_hz() == cntfrq, "the clocksource at CNTFRQ's "
		  "%u Hz, got %llu Hz", (unsigned int)cntfrq,
		  (unsigned long long)clock_freq_hz());
}
