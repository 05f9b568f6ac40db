/* Exact scaling of 64-bit times between counter ticks, nanoseconds and tick
 * counts, free of overflow for 100 years of uptime at counter frequencies
 * up to 5 GHz; beyond, a time converted to ticks saturates at UINT64_MAX
 * (never). Pure arithmetic: host unit-tested. */
#ifndef TIMECONV_H
#define TIMECONV_H

#include <stdint.h>

#define NSEC_PER_SEC 1000000000ull

/* floor(a * mul / div) and ceil(a * mul / div), exact whenever
 * mul * div < 2^64 and the result fits in 64 bits. */
uint64_t muldiv64_floor(uint64_t a, uint64_t mul, uint64_t div);
uint64_t muldiv64_ceil(uint64_t a, uint64_t mul, uint64_t div);

/* floor(ticks * 1e9 / freq) */
static inline uint64_t timeconv_ticks_to_ns(uint64_t ticks, uint64_t freq_hz)
{
	return muldiv64_floor(ticks, NSEC_PER_SEC, freq_hz);
}

/* ceil(ns * freq / 1e9): a deadline converted this way is never early.
 * Saturates at UINT64_MAX: the one conversion of a time to ticks. */
uint64_t timeconv_ns_to_ticks(uint64_t ns, uint64_t freq_hz);

/* The counter value `ns` after `base` (rounded up), saturating at
 * UINT64_MAX rather than wrapping into the past. */
static inline uint64_t timeconv_deadline(uint64_t base, uint64_t ns,
					 uint64_t freq_hz)
{
	uint64_t d = timeconv_ns_to_ticks(ns, freq_hz);

	return d > UINT64_MAX - base ? UINT64_MAX : base + d;
}

#endif
