/* ARM faults save a 60-byte frame on their mode's stack, then call C,
 * which under the AAPCS (5.2.1.2) must find the stack 8-byte aligned:
 * a 64-bit argument of a report's kprintf would be read from the wrong
 * word otherwise. Linked with -Wl,--wrap=arm_trap: says where the stack
 * stood at the call (the canonical frame address), then reports as
 * usual. */
#include <stdint.h>

#include "console.h"
#include "cpu.h"

void __real_arm_trap(struct arm_trap_frame *f, enum arm_trap_kind kind);
void __wrap_arm_trap(struct arm_trap_frame *f, enum arm_trap_kind kind);

void __wrap_arm_trap(struct arm_trap_frame *f, enum arm_trap_kind kind)
{
	uintptr_t at = (uintptr_t)__builtin_dwarf_cfa();

	kprintf("fault: the fault handler calls C with its stack at 0x%lx, "
		"%s\n", (unsigned long)at,
		at % 8 ? "not 8-byte aligned" : "8-byte aligned");
	__real_arm_trap(f, kind);
}
