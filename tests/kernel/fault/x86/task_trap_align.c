/* i686 page and double faults run as tasks on stacks of their own
 * (gdt.c), entered with the CPU's error code pushed (SDM 3A 6.12.2); the
 * entry then calls x86_task_trap, which under the SysV i386 ABI must find
 * its first stack argument on a 16-byte boundary (i386 psABI 2.2.2:
 * %esp + 4 is a multiple of 16 at function entry). Linked with
 * -Wl,--wrap=x86_task_trap: says where that argument lies, then reports
 * as usual. An i386 stack argument's address is its slot in the caller's
 * frame. */
#include <stdint.h>

#include "console.h"

void __real_x86_task_trap(uint32_t vector, uint32_t error);
void __wrap_x86_task_trap(uint32_t vector, uint32_t error);

void __wrap_x86_task_trap(uint32_t vector, uint32_t error)
{
	uintptr_t at = (uintptr_t)&vector;

	kprintf("fault: the fault task calls C with its arguments at 0x%lx, "
		"%s\n", (unsigned long)at,
		at % 16 ? "not 16-byte aligned" : "16-byte aligned");
	__real_x86_task_trap(vector, error);
}
