/* The 64-bit unsigned division helpers GCC calls on i686 for uint64_t '/'
 * and '%' (and for both of the same operands at once). libgcc's would take their arguments from the stack, but this
 * port passes them in registers (-mregparm=3, toolchains/i686.cmake), a
 * convention GCC applies to these calls too: ours are compiled with it,
 * and the image links without libgcc, so a helper we lack fails the link
 * instead of misreading its arguments. The work is the portable
 * udivmod64() (common/lib); a zero divisor panics, naming the call (a
 * direct `call rel32`, 5 bytes before the return address), as ARM's
 * __aeabi_uldivmod does. */
#include <stdint.h>

#include "panic.h"
#include "udivmod64.h"

uint64_t __udivdi3(uint64_t n, uint64_t d);
uint64_t __umoddi3(uint64_t n, uint64_t d);
uint64_t __udivmoddi4(uint64_t n, uint64_t d, uint64_t *rem);

#define CALL_INSN_SIZE 5

static uint64_t divide(uint64_t n, uint64_t d, uint64_t *rem, void *ret)
{
	if (!d)
		panic("64-bit division by zero at 0x%08lx",
		      (unsigned long)(uintptr_t)ret - CALL_INSN_SIZE);
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
