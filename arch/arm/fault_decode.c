/* What an ARM fault report says, decoded from the registers the fault
 * leaves: pure functions (tests/unit/arm_fault_decode_test.c); the
 * report itself is traps.c. Fault status encodings: DDI 0406C B3.13.3,
 * table B3-23 (short-descriptor format). */
#include <stdbool.h>
#include <stdint.h>

#include "arm_fault_decode.h"
#include "cpu.h"

/* The fault status texts, as a name and a suffix picked by a byte per
 * status: far smaller than a string per status, as most come in a
 * (section)/(page) or (level 1)/(level 2) pair. */
enum {
	FSR_ALIGN = 1, FSR_DEBUG, FSR_ACCESS, FSR_ICACHE, FSR_TRANSL,
	FSR_SYNC_EXT, FSR_DOMAIN, FSR_WALK_EXT, FSR_PERM, FSR_TLB,
	FSR_LOCKDOWN, FSR_ASYNC_EXT, FSR_ASYNC_PAR, FSR_SYNC_PAR,
	FSR_WALK_PAR,
};
enum { FSR_SECTION = 1, FSR_PAGE, FSR_LEVEL1, FSR_LEVEL2 };
#define FSR(name, suffix) ((name) << 3 | (suffix))

static const char *const fsr_texts[] = {
	"unknown fault status",
	[FSR_ALIGN] = "alignment fault",
	[FSR_DEBUG] = "debug event",
	[FSR_ACCESS] = "access flag fault",
	[FSR_ICACHE] = "instruction cache maintenance fault",
	[FSR_TRANSL] = "translation fault",
	[FSR_SYNC_EXT] = "synchronous external abort",
	[FSR_DOMAIN] = "domain fault",
	[FSR_WALK_EXT] = "external abort on table walk",
	[FSR_PERM] = "permission fault",
	[FSR_TLB] = "TLB conflict abort",
	[FSR_LOCKDOWN] = "lockdown (implementation defined)",
	[FSR_ASYNC_EXT] = "asynchronous external abort",
	[FSR_ASYNC_PAR] = "asynchronous parity error",
	[FSR_SYNC_PAR] = "synchronous parity error",
	[FSR_WALK_PAR] = "parity error on table walk",
};
static const char *const fsr_suffixes[] = {
	"", " (section)", " (page)", " (level 1)", " (level 2)",
};

/* By status (FSR[10], FSR[3:0]); 0 = not a status table B3-23 lists. */
static const uint8_t fsr_codes[32] = {
	[0x01] = FSR(FSR_ALIGN, 0),
	[0x02] = FSR(FSR_DEBUG, 0),
	[0x03] = FSR(FSR_ACCESS, FSR_SECTION),
	[0x04] = FSR(FSR_ICACHE, 0),
	[0x05] = FSR(FSR_TRANSL, FSR_SECTION),
	[0x06] = FSR(FSR_ACCESS, FSR_PAGE),
	[0x07] = FSR(FSR_TRANSL, FSR_PAGE),
	[0x08] = FSR(FSR_SYNC_EXT, 0),
	[0x09] = FSR(FSR_DOMAIN, FSR_SECTION),
	[0x0b] = FSR(FSR_DOMAIN, FSR_PAGE),
	[0x0c] = FSR(FSR_WALK_EXT, FSR_LEVEL1),
	[0x0d] = FSR(FSR_PERM, FSR_SECTION),
	[0x0e] = FSR(FSR_WALK_EXT, FSR_LEVEL2),
	[0x0f] = FSR(FSR_PERM, FSR_PAGE),
	[0x10] = FSR(FSR_TLB, 0),
	[0x14] = FSR(FSR_LOCKDOWN, 0),
	[0x16] = FSR(FSR_ASYNC_EXT, 0),
	[0x18] = FSR(FSR_ASYNC_PAR, 0),
	[0x19] = FSR(FSR_SYNC_PAR, 0),
	[0x1c] = FSR(FSR_WALK_PAR, FSR_LEVEL1),
	[0x1e] = FSR(FSR_WALK_PAR, FSR_LEVEL2),
};

static uint8_t fsr_status(uint32_t fsr)
{
	return (uint8_t)((fsr & 0xf) | ((fsr >> 6) & 0x10));
}

/* Asynchronous aborts leave DFAR and DFSR.WnR UNKNOWN and are taken at
 * some later instruction (DDI 0406C B3.13.3; Cortex-A7 MPCore TRM 5.7.1:
 * "the DFAR is unpredictable when an asynchronous abort occurs"). */
bool arm_fsr_async(uint32_t fsr)
{
	uint8_t status = fsr_status(fsr);

	return status == 0x16 || status == 0x18;
}

const char *arm_fsr_text(uint32_t fsr, const char **suffix)
{
	unsigned int code = fsr_codes[fsr_status(fsr)];

	*suffix = fsr_suffixes[code & 7];
	return fsr_texts[code >> 3];
}

bool arm_fsr_permission(uint32_t fsr)
{
	return (fsr_status(fsr) | 2) == 0x0f;
}

const char *arm_mode_name(uint32_t mode)
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

/* B1.8.3, table B1-7: the offset from the exception mode's lr. */
uint32_t arm_trap_pc(uint32_t lr, uint32_t spsr, enum arm_trap_kind kind)
{
	bool thumb = spsr & PSR_T;

	switch (kind) {
	case ARM_TRAP_UNDEF:
	case ARM_TRAP_SVC:
		return lr - (thumb ? 2 : 4);
	case ARM_TRAP_DABT:
		return lr - 8;
	default:
		return lr - 4;
	}
}

/* Coprocessor 10/11 instructions and the unconditional SIMD spaces. */
bool arm_is_fp_insn(uint32_t insn)
{
	bool cp10_11 = ((insn >> 9) & 7) == 5;

	if ((insn & 0xfe000000u) == 0xf2000000u ||	/* SIMD data */
	    (insn & 0xff100000u) == 0xf4000000u)	/* SIMD load/store */
		return true;
	return cp10_11 && (((insn >> 25) & 7) == 6 ||	/* LDC/STC/MCRR */
			   ((insn >> 24) & 0xf) == 0xe);	/* CDP/MCR/MRC */
}
