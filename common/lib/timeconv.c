#include "timeconv.h"

/* Split a at multiples of div: a = q * div + r with r < div, so
 * a * mul / div = q * mul + r * mul / div, where r * mul < div * mul fits
 * in 64 bits and q * mul is the (exact) bulk of the result. */
uint64_t muldiv64_floor(uint64_t a, uint64_t mul, uint64_t div)
{
	uint64_t q = a / div, r = a % div;

	return q * mul + r * mul / div;
}

uint64_t muldiv64_ceil(uint64_t a, uint64_t mul, uint64_t div)
{
	uint64_t q = a / div, r = a % div;

	return q * mul + (r * mul + div - 1) / div;
}
