/* The latency app linked with a fault its report must show (tests/
 * kernel/apps.cmake): with `fault=clip`, every fifth sample ends before
 * it starts, as from a timer that fired early. Only the app's calls pass
 * through the wrapper (-Wl,--wrap=sample_ticks). */
#include <stdint.h>

#include "cmdline.h"
#include "kstring.h"
#include "stats.h"

static const char *fault = "";
CMDLINE_STR(fault, "fault", 8, "clip");

uint32_t __real_sample_ticks(uint64_t start, uint64_t end,
			     unsigned int *clipped);
uint32_t __wrap_sample_ticks(uint64_t start, uint64_t end,
			     unsigned int *clipped);

uint32_t __wrap_sample_ticks(uint64_t start, uint64_t end,
			     unsigned int *clipped)
{
	static unsigned int calls;

	if (strcmp(fault, "clip") == 0 && ++calls % 5 == 0)
		return __real_sample_ticks(end, start, clipped);
	return __real_sample_ticks(start, end, clipped);
}
