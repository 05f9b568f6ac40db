/* What an ARM fault report says (arch/arm/fault_decode.c): every fault
 * status of DDI 0406C table B3-23 by its name, FS[4] taken from bit 10
 * and the other DFSR bits ignored; the asynchronous ones; the faulting
 * instruction's address from each exception's lr; which undefined
 * instructions are VFP or Advanced SIMD ones. QEMU raises few of these,
 * so the decoding is checked here, on the host. */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "arm_fault_decode.h"
#include "unit.h"

/* A status of table B3-23 as a DFSR holds it: FS[3:0] in bits 3:0 and
 * FS[4] in bit 10. */
static uint32_t fsr(unsigned int status)
{
	return (status & 0xfu) | (status & 0x10u) << 6;
}

/* DFSR bits that are not the status: domain (7:4), WnR (11), ExT (12). */
#define FSR_OTHER_BITS (0xf0u | 1u << 11 | 1u << 12)

static const struct {
	unsigned int status;
	const char *text;
} statuses[] = {
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
#define NSTATUSES (sizeof(statuses) / sizeof(statuses[0]))

static const char *listed_text(unsigned int status)
{
	for (unsigned int i = 0; i < NSTATUSES; i++)
		if (statuses[i].status == status)
			return statuses[i].text;
	return "unknown fault status";
}

UNIT_TEST(every_fault_status_has_its_table_name_and_the_rest_is_unknown)
{
	for (unsigned int s = 0; s < 32; s++) {
		for (unsigned int other = 0; other < 2; other++) {
			uint32_t v = fsr(s) | (other ? FSR_OTHER_BITS : 0);
			const char *suffix = "unset";
			const char *text = arm_fsr_text(v, &suffix);
			char got[96];

			snprintf(got, sizeof(got), "%s%s", text, suffix);
			EXPECT(strcmp(got, listed_text(s)) == 0,
			       "status 0x%02x (FSR 0x%08x): '%s', not '%s'", s,
			       (unsigned int)v, got, listed_text(s));
		}
	}
}

UNIT_TEST(only_the_asynchronous_aborts_are_asynchronous)
{
	for (unsigned int s = 0; s < 32; s++) {
		bool async = s == 0x16 || s == 0x18;

		EXPECT(arm_fsr_async(fsr(s) | FSR_OTHER_BITS) == async,
		       "status 0x%02x: asynchronous %d", s, !async);
	}
}

UNIT_TEST(only_permission_faults_are_permission_faults)
{
	for (unsigned int s = 0; s < 32; s++) {
		bool perm = s == 0x0d || s == 0x0f;

		EXPECT(arm_fsr_permission(fsr(s) | FSR_OTHER_BITS) == perm,
		       "status 0x%02x: permission fault %d", s, !perm);
	}
}

/* DDI 0406C table B1-7: lr is the preferred return address plus 4 (ARM)
 * or 2 (Thumb) for undefined instructions and SVCs, plus 4 for prefetch
 * aborts, plus 8 for data aborts. The kernel is A32: the Thumb case is
 * a 16-bit instruction's. */
UNIT_TEST(the_faulting_instruction_is_found_from_each_exceptions_lr)
{
	static const struct {
		enum arm_trap_kind kind;
		unsigned int arm, thumb;
	} offsets[] = {
		{ ARM_TRAP_UNDEF, 4, 2 }, { ARM_TRAP_SVC, 4, 2 },
		{ ARM_TRAP_PABT, 4, 4 }, { ARM_TRAP_DABT, 8, 8 },
		{ ARM_TRAP_UNUSED, 4, 4 }, { ARM_TRAP_FIQ, 4, 4 },
	};
	const uint32_t lr = 0x40001010;

	for (unsigned int i = 0; i < sizeof(offsets) / sizeof(offsets[0]);
	     i++) {
		uint32_t a = arm_trap_pc(lr, MODE_SVC, offsets[i].kind);
		uint32_t t = arm_trap_pc(lr, MODE_SVC | PSR_T, offsets[i].kind);

		EXPECT(a == lr - offsets[i].arm, "kind %d, ARM: pc 0x%08x",
		       offsets[i].kind, (unsigned int)a);
		EXPECT(t == lr - offsets[i].thumb, "kind %d, Thumb: pc 0x%08x",
		       offsets[i].kind, (unsigned int)t);
	}
}

UNIT_TEST(vfp_and_simd_instructions_are_told_from_other_coprocessors)
{
	static const struct {
		uint32_t insn;
		bool fp;
		const char *what;
	} insns[] = {
		{ 0xee300a00, true, "VADD.F32 s0, s0, s0 (CDP, cp10)" },
		{ 0xee300b00, true, "VADD.F64 d0, d0, d0 (CDP, cp11)" },
		{ 0xed900a00, true, "VLDR s0, [r0] (LDC, cp10)" },
		{ 0xec410b10, true, "VMOV d0, r1, r1 (MCRR, cp11)" },
		{ 0xee000a10, true, "VMOV s0, r0 (MCR, cp10)" },
		{ 0xeef10a10, true, "VMRS r0, fpscr (MRC, cp10)" },
		{ 0xf2200840, true, "VADD.I32 q0, q0, q0 (SIMD data)" },
		{ 0xf420070f, true, "VLD1.8 {d0}, [r0] (SIMD load/store)" },
		{ 0xee100f10, false, "MRC p15 (cp15)" },
		{ 0xed900e00, false, "LDC p14 (cp14)" },
		{ 0xe0800001, false, "ADD r0, r0, r1" },
		{ 0xf5d0f000, false, "PLD [r0]" },
		{ 0xf4d0f000, false, "PLI [r0] (beside SIMD load/store)" },
		{ 0xef000a00, false, "SVC #0xa00 (bits 11:9 as in cp10)" },
		{ 0xe7f000f0, false, "UDF #0" },
	};

	for (unsigned int i = 0; i < sizeof(insns) / sizeof(insns[0]); i++)
		EXPECT(arm_is_fp_insn(insns[i].insn) == insns[i].fp,
		       "%s (0x%08x): FP %d", insns[i].what,
		       (unsigned int)insns[i].insn, !insns[i].fp);
}

UNIT_TEST(each_mode_has_its_name_and_other_psr_bits_do_not_matter)
{
	static const struct {
		uint32_t mode;
		const char *name;
	} modes[] = {
		{ MODE_USR, "USR" }, { MODE_FIQ, "FIQ" }, { MODE_IRQ, "IRQ" },
		{ MODE_SVC, "SVC" }, { MODE_MON, "MON" }, { MODE_ABT, "ABT" },
		{ MODE_HYP, "HYP" }, { MODE_UND, "UND" }, { MODE_SYS, "SYS" },
		{ 0x00, "???" }, { 0x15, "???" },
	};
	const uint32_t other = PSR_T | PSR_F | PSR_I | PSR_A | 0xf0000000u;

	for (unsigned int i = 0; i < sizeof(modes) / sizeof(modes[0]); i++)
		EXPECT(strcmp(arm_mode_name(modes[i].mode | other),
			      modes[i].name) == 0,
		       "mode 0x%02x: '%s'", (unsigned int)modes[i].mode,
		       arm_mode_name(modes[i].mode | other));
}

int main(void)
{
	return unit_run_all();
}
