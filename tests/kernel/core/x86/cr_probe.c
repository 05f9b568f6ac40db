/* Control-register writes with their value in each argument register,
 * compiled with the kernel's flags but never run: the build test
 * cr_decodable.py reads their code. A hypervisor may decode a trapped
 * write itself, without prefixes (x86.h). On x86_64 the fifth and sixth
 * arguments arrive in r8 and r9. */
#include "x86.h"

unsigned long cr_probe_r8(unsigned long a, unsigned long b, unsigned long c,
			  unsigned long d, unsigned long e, unsigned long f);
unsigned long cr_probe_r9(unsigned long a, unsigned long b, unsigned long c,
			  unsigned long d, unsigned long e, unsigned long f);

unsigned long cr_probe_r8(unsigned long a, unsigned long b, unsigned long c,
			  unsigned long d, unsigned long e, unsigned long f)
{
	x86_write_cr0(e);
	return a + b + c + d + f;
}

unsigned long cr_probe_r9(unsigned long a, unsigned long b, unsigned long c,
			  unsigned long d, unsigned long e, unsigned long f)
{
	x86_write_cr4(f);
	return a * b + c * d + e;
}
