/* The 64-bit unsigned division helpers GCC calls on i686 for uint64_t '/'
 * and '%' (and for both of the same operands at once). libgcc's would take their arguments from the stack, but this
 * port passes them in registers (-mregparm=3, toolchains/i686.cmake), a
 * convention GCC applies to these calls too: ours are compiled with it,
 * and the image links without libgcc, so a helper we lack fails the link
 * instead of misreading its arguments. A divisor of 32 bits (the kernel's
 * conversions between ns and counter ticks divide by a rate or by 10^9)
 * takes two DIVLs, as libgcc's routine does: the portable shift-and-
 * subtract udivmod64() (common/lib) costs a step per quotient bit, which
 * made the timekeeping of eight threads waking every 100 us take more
 * than the CPU had. A wider divisor (a quotient of at most 32 bits) goes
 * to udivmod64(). A zero divisor panics, naming the call (a direct
 * `call rel32`, 5 bytes before the return address), as ARM's
 * __aeabi_uldivmod does. */
#include <stdint.h>

#include "panic.h"
#include "udivmod64.h"

uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);

#define CALL_INSN_SIZE 5

/* n / d for a 32-bit d: the high word first, so that the second DIVL's
 * quotient fits its 32 bits (its dividend's high word, the remainder, is
 * below d). SDM vol. 2A, DIV. */
static uint64_t divide_by_u32(uint64_t n, uint32_t d, uint64_t *rem)
{
	uint32_t hi = (uint32_t)(n >> 32);
	uint32_t q_hi = hi / d, r = hi % d, q_lo;

	__asm__("divl %[d]"
		: "=a"(q_lo), "+d"(r)
		: [d] "rm"(d), "a"((uint32_t)n));
	*rem = r;
	return (uint64_t)q_hi << 32 | q_lo;
}

static uint64_t divide(uint64_t n, uint64_t d, uint64_t *rem, void *ret)
{
	if (!d)
		panic("64-bit division by zero at 0x%08lx",
		      (unsigned long)(uintptr_t)ret - CALL_INSN_SIZE);
	if (!(d >> 32))
		return divide_by_u32(n, (uint32_t)d, rem);
	return udivmod64(n, d, rem);
}

uint64_t __udivdi3(uint64_t n, uint64_t d)
{
	uint64_t rem;

	return divide(n, d, &rem, __builtin_return_address(0));
}

uint64_t __umoddi3(uint64_t n, uint64_t d)
{
	uint64_t rem;

	divide(n, d, &rem, __builtin_return_address(0));
	return rem;
}

uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem)
{
	return divide(n, d, rem, __builtin_return_address(0));
}
