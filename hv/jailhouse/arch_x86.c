/* The x86 side of the Jailhouse backend: the hypercall instruction, which
 * depends on the CPU's vendor. */
#include "jailhouse.h"
#include "x86.h"

/* Intel's VMX traps VMCALL, AMD's SVM VMMCALL; each is #UD on the other
 * (Intel SDM vol. 2B "VMCALL"; AMD APM vol. 3 "VMMCALL"). Jailhouse runs
 * on the one the CPU has, which its vendor string tells. */
enum jh_hc_insn { JH_HC_UNKNOWN, JH_HC_VMCALL, JH_HC_VMMCALL };

static enum jh_hc_insn jh_hc_insn;

/* Jailhouse's x86 hypercall ABI: number in EAX, first argument in
 * EDI/RDI, result in EAX. */
void jh_debug_putc(char c)
{
	unsigned long nr = JH_HC_DEBUG_CONSOLE_PUTC, arg = (unsigned char)c;
	unsigned long ret;

	if (jh_hc_insn == JH_HC_UNKNOWN)
		jh_hc_insn = x86_cpu_is_amd() ? JH_HC_VMMCALL : JH_HC_VMCALL;
	if (jh_hc_insn == JH_HC_VMMCALL)
		__asm__ volatile("vmmcall" : "=a"(ret) : "a"(nr), "D"(arg)
				 : "memory");
	else
		__asm__ volatile("vmcall" : "=a"(ret) : "a"(nr), "D"(arg)
				 : "memory");
	(void)ret;
}
