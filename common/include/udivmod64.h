/* 64-bit unsigned division for 32-bit ports whose compiler calls a helper
 * for it: one small shift-and-subtract loop (one step per quotient bit)
 * instead of the toolchain's ~1 KiB runtime routine. Pure arithmetic:
 * host unit-tested. */
#ifndef UDIVMOD64_H
#define UDIVMOD64_H

#include <stdint.h>

/* n / d, with n % d in *rem. d must not be 0 (the caller checks). */
uint64_t udivmod64(uint64_t n, uint64_t d, uint64_t *rem);

#endif
