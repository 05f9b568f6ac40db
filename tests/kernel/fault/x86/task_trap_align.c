/* i686 page and double faults run as tasks on stacks of their own
 * (gdt.c), entered with the CPU's error code pushed (SDM 3A 6.12.2); the
 * entry then calls x86_task_trap, which under the i386 ABI must find the
 * stack 16-byte aligned at the call (i386 psABI 2.2.2: %esp + 4 is a
 * multiple of 16 at function entry). Linked with
 * -Wl,--wrap=x86_task_trap: says where the stack stood at the call (the
 * canonical frame address), then reports as usual. */
#include <stdint.h>

#include "console.h"

void __real_x86_task_trap(uint32_t vector, uint32_t error);
void __wrap_x86_task_trap(uint32_t vector, uint32_t error);

void __wrap_x86_task_trap(uint32_t vector, uint32_t error)
{
	uintptr_t at = (uintptr_t)__builtin_dwarf_cfa();

	kprintf("fault: the fault task calls C with its stack at 0x%lx, "
		"%s\n", (unsigned long)at,
		at % 16 ? "not 16-byte aligned" : "16-byte aligned");
	__real_x86_task_trap(vector, error);
}
