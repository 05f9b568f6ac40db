#include "udivmod64.h"

uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem)
{
	uint64_t q = 0;
	int shift;

	if (n < d) {
		*rem = n;
		return 0;
	}
	/* Both halves fit 32 bits: the CPU's own divide, if it has one. */
	if (!(n >> 32)) {
		*rem = (uint32_t)n % (uint32_t)d;
		return (uint32_t)n / (uint32_t)d;
	}
	/* Align d's top bit with n's, then one quotient bit per step. */
	shift = __builtin_clzll(d) - __builtin_clzll(n);
	d <<= shift;
	for (; shift >= 0; shift--) {
		q <<= 1;
		if (n >= d) {
			n -= d;
			q |= 1;
		}
		d >>= 1;
	}
	*rem = n;
	return q;
}
