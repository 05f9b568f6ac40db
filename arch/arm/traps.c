/* CPU fault reports: a register dump with the faulting PC and, for aborts,
 * the decoded fault status (fault_decode.c) and address; then the kernel
 * stops. */
#include <stdbool.h>
#include <stdint.h>

#include "arm_fault_decode.h"
#include "console.h"
#include "cpu.h"
#include "fault.h"
#include "kernel.h"

static const char *const trap_names[] = {
	[ARM_TRAP_UNDEF] = "undefined instruction",
	[ARM_TRAP_SVC] = "unexpected supervisor call",
	[ARM_TRAP_PABT] = "prefetch abort",
	[ARM_TRAP_DABT] = "data abort",
	[ARM_TRAP_UNUSED] = "unused vector",
	[ARM_TRAP_FIQ] = "unexpected FIQ",
};

void arm_trap(struct arm_trap_frame *f, enum arm_trap_kind kind)
{
	uint32_t banked[2];
	uint32_t pc = arm_trap_pc(f->lr, f->spsr, kind);
	const char *text, *suffix;
	uintptr_t addr = 0;
	bool have_addr = false;

	fault_report_begin();
	arm_read_banked_sp_lr(f->spsr & PSR_MODE_MASK, banked);
	kprintf("\n*** CPU fault: %s at pc=0x%08x\n", trap_names[kind],
		(unsigned int)pc);
	if (kind == ARM_TRAP_DABT) {
		uint32_t dfsr = cp15_read_dfsr();

		text = arm_fsr_text(dfsr, &suffix);
		if (arm_fsr_async(dfsr)) {
			kprintf("    DFSR=0x%08x: %s%s; address and access "
				"unknown, pc is where it was taken\n",
				(unsigned int)dfsr, text, suffix);
		} else {
			addr = cp15_read_dfar();
			have_addr = true;
			kprintf("    address=0x%08x DFSR=0x%08x: %s%s, %s\n",
				(unsigned int)addr, (unsigned int)dfsr, text,
				suffix, dfsr & (1u << 11) ? "write" : "read");
		}
	} else if (kind == ARM_TRAP_PABT) {
		uint32_t ifsr = cp15_read_ifsr();

		addr = cp15_read_ifar();
		have_addr = true;
		text = arm_fsr_text(ifsr, &suffix);
		/* Every mapping lets PL1 read: a permission fault on a fetch
		 * is the XN bit (B3.7.2). */
		kprintf("    address=0x%08x IFSR=0x%08x: %s%s%s\n",
			(unsigned int)addr, (unsigned int)ifsr, text, suffix,
			arm_fsr_permission(ifsr) ? ", execute-never" : "");
	} else if (kind == ARM_TRAP_UNDEF && !(f->spsr & PSR_T) &&
		   !arm_fp_enabled() &&
		   arm_is_fp_insn(*(const uint32_t *)(uintptr_t)pc)) {
		fault_report_fp_misuse();
	}
	fault_report_context(addr, have_addr);
	for (unsigned int i = 0; i < 13; i++)
		kprintf("    r%-2u=0x%08x%s", i, (unsigned int)f->r[i],
			i % 4 == 3 ? "\n" : "");
	kprintf("\n    sp=0x%08x lr=0x%08x pc=0x%08x cpsr=0x%08x (%s%s)\n",
		(unsigned int)banked[0], (unsigned int)banked[1],
		(unsigned int)pc, (unsigned int)f->spsr, arm_mode_name(f->spsr),
		f->spsr & PSR_T ? ", Thumb" : "");
	kernel_fail();
}
