/* The ARM side of the Jailhouse backend: the hypercall instruction. */
#include "jailhouse.h"

/* Jailhouse's ARM hypercall: hvc #0x4a48, number in r0, arguments in r1
 * and r2, result in r0, other registers preserved
 * (Documentation/hypervisor-interfaces.txt); r3 is listed as clobbered
 * only out of caution, which costs nothing here. */
void jh_debug_putc(char c)
{
	register unsigned long r0 __asm__("r0") = JH_HC_DEBUG_CONSOLE_PUTC;
	register unsigned long r1 __asm__("r1") = (unsigned char)c;

	__asm__ volatile(".arch_extension virt\n\thvc #0x4a48"
			 : "+r"(r0) : "r"(r1) : "r3", "memory");
}
