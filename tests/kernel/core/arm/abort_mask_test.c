/* ARM: threads run with asynchronous aborts unmasked, so that an
 * imprecise external abort (a write to a missing or ungated device) is
 * reported when it happens instead of staying pending for ever. */
#include "cpu.h"
#include "ktest.h"

KTEST(sched, threads_run_with_asynchronous_aborts_unmasked)
{
	KT_EXPECT(!(cpsr_read() & PSR_A), "CPSR 0x%08x has A set",
		  (unsigned int)cpsr_read());
}
