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

/* muldiv64_ceil(ns, freq, 1e9), but UINT64_MAX past 64 bits: a deadline
 * that never comes rather than one that wrapped into the near future. */
uint64_t timeconv_ns_to_ticks(uint64_t ns, uint64_t freq_hz)
{
	uint64_t q = ns / NSEC_PER_SEC, r = ns % NSEC_PER_SEC, bulk, ticks;

	if (__builtin_mul_overflow(q, freq_hz, &bulk) ||
	    __builtin_add_overflow(bulk, (r * freq_hz + NSEC_PER_SEC - 1) /
					 NSEC_PER_SEC, &ticks))
		return UINT64_MAX;
	return ticks;
}
