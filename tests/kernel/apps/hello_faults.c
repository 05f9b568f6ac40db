/* hello linked with a fault its tick check must catch (tests/kernel/
 * CMakeLists.txt), chosen by `fault=...`: the deadline it checks tick n
 * against is tick n + 1's (early: every tick that comes in time comes
 * before it) or tick n - 1's (late: every tick comes after the deadline
 * of the one it takes for the next). Only hello's calls pass through the
 * wrapper (-Wl,--wrap=tick_due); the tick's own stay inside tick.c. */
#include <stdint.h>

#include "cmdline.h"
#include "kstring.h"
#include "tick.h"

static const char *fault = "";
CMDLINE_STR(fault, "fault", 8, "early or late");

uint64_t __real_tick_due(uint64_t n);
uint64_t __wrap_tick_due(uint64_t n);

uint64_t __wrap_tick_due(uint64_t n)
{
	if (strcmp(fault, "early") == 0)
		return __real_tick_due(n + 1);
	if (strcmp(fault, "late") == 0 && n > 0)
		return __real_tick_due(n - 1);
	return __real_tick_due(n);
}
