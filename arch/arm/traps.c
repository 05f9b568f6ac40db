/* CPU fault reports: a register dump with the faulting PC and, for aborts,
 * the decoded fault status and address; then the kernel stops.
 * Fault status encodings: DDI 0406C B3.13.3, table B3-23 (short-descriptor
 * format). */
#include <stdbool.h>
#include <stdint.h>

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

struct fsr_name {
	uint8_t status;
	const char *text;
};

static const struct fsr_name fsr_names[] = {
	{ 0x01, "alignment fault" },
	{ 0x02, "debug event" },
	{ 0x03, "access flag fault (section)" },
	{ 0x04, "instruction cache maintenance fault" },
	{ 0x05, "translation fault (section)" },
	{ 0x06, "access flag fault (page)" },
	{ 0x07, "translation fault (page)" },
	{ 0x08, "synchronous external abort" },
	{ 0x09, "domain fault (section)" },
	{ 0x0b, "domain fault (page)" },
	{ 0x0c, "external abort on table walk (level 1)" },
	{ 0x0d, "permission fault (section)" },
	{ 0x0e, "external abort on table walk (level 2)" },
	{ 0x0f, "permission fault (page)" },
	{ 0x10, "TLB conflict abort" },
	{ 0x14, "lockdown (implementation defined)" },
	{ 0x16, "asynchronous external abort" },
	{ 0x18, "asynchronous parity error" },
	{ 0x19, "synchronous parity error" },
	{ 0x1c, "parity error on table walk (level 1)" },
	{ 0x1e, "parity error on table walk (level 2)" },
};

static uint8_t fsr_status(uint32_t fsr)
{
	return (uint8_t)((fsr & 0xf) | ((fsr >> 6) & 0x10));
}

/* Asynchronous aborts leave DFAR and DFSR.WnR UNKNOWN and are taken at
 * some later instruction (DDI 0406C B3.13.3; Cortex-A7 MPCore TRM 5.7.1:
 * "the DFAR is unpredictable when an asynchronous abort occurs"). */
static bool fsr_async(uint32_t fsr)
{
	uint8_t status = fsr_status(fsr);

	return status == 0x16 || status == 0x18;
}

static const char *fsr_decode(uint32_t fsr)
{
	uint8_t status = fsr_status(fsr);

	for (unsigned int i = 0; i < sizeof(fsr_names) / sizeof(fsr_names[0]);
	     i++)
		if (fsr_names[i].status == status)
			return fsr_names[i].text;
	return "unknown fault status";
}

static const char *mode_name(uint32_t mode)
{
	switch (mode & PSR_MODE_MASK) {
	case MODE_USR: return "USR";
	case MODE_FIQ: return "FIQ";
	case MODE_IRQ: return "IRQ";
	case MODE_SVC: return "SVC";
	case MODE_MON: return "MON";
	case MODE_ABT: return "ABT";
	case MODE_HYP: return "HYP";
	case MODE_UND: return "UND";
	case MODE_SYS: return "SYS";
	default: return "???";
	}
}

const char *arm_mode_name(uint32_t mode)
{
	return mode_name(mode);
}

/* Address of the instruction that caused the exception, from the
 * exception mode's lr (B1.8.3, table B1-7). */
static uint32_t trap_pc(const struct arm_trap_frame *f,
			enum arm_trap_kind kind)
{
	bool thumb = f->spsr & PSR_T;

	switch (kind) {
	case ARM_TRAP_UNDEF:
	case ARM_TRAP_SVC:
		return f->lr - (thumb ? 2 : 4);
	case ARM_TRAP_DABT:
		return f->lr - 8;
	default:
		return f->lr - 4;
	}
}

/* A32 VFP/Advanced SIMD encodings (DDI 0406C A5.7, A7.4, A7.5):
 * coprocessor 10/11 instructions and the unconditional SIMD spaces. */
static bool arm_is_fp_insn(uint32_t insn)
{
	bool cp10_11 = ((insn >> 9) & 7) == 5;

	if ((insn & 0xfe000000u) == 0xf2000000u ||	/* SIMD data */
	    (insn & 0xff100000u) == 0xf4000000u)	/* SIMD load/store */
		return true;
	return cp10_11 && (((insn >> 25) & 7) == 6 ||	/* LDC/STC/MCRR */
			   ((insn >> 24) & 0xf) == 0xe);	/* CDP/MCR/MRC */
}

void arm_trap(struct arm_trap_frame *f, enum arm_trap_kind kind)
{
	uint32_t banked[2];
	uint32_t pc = trap_pc(f, kind);
	uintptr_t addr = 0;
	bool have_addr = kind == ARM_TRAP_DABT || kind == ARM_TRAP_PABT;

	fault_report_begin();
	arm_read_banked_sp_lr(f->spsr & PSR_MODE_MASK, banked);
	kprintf("\n*** CPU fault: %s at pc=0x%08x\n", trap_names[kind],
		(unsigned int)pc);
	if (kind == ARM_TRAP_DABT) {
		uint32_t dfsr = cp15_read_dfsr();

		if (fsr_async(dfsr)) {
			have_addr = false;
			kprintf("    DFSR=0x%08x: %s; address and access "
				"unknown, pc is where it was taken\n",
				(unsigned int)dfsr, fsr_decode(dfsr));
		} else {
			addr = cp15_read_dfar();
			kprintf("    address=0x%08x DFSR=0x%08x: %s, %s\n",
				(unsigned int)addr, (unsigned int)dfsr,
				fsr_decode(dfsr),
				dfsr & (1u << 11) ? "write" : "read");
		}
	} else if (kind == ARM_TRAP_PABT) {
		uint32_t ifsr = cp15_read_ifsr();

		/* Every mapping lets PL1 read: a permission fault on a fetch
		 * is the XN bit (B3.7.2). */
		addr = cp15_read_ifar();
		kprintf("    address=0x%08x IFSR=0x%08x: %s%s\n",
			(unsigned int)addr, (unsigned int)ifsr,
			fsr_decode(ifsr), (fsr_status(ifsr) | 2) == 0x0f ?
			", execute-never" : "");
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
		(unsigned int)pc, (unsigned int)f->spsr, mode_name(f->spsr),
		f->spsr & PSR_T ? ", Thumb" : "");
	kernel_fail();
}
