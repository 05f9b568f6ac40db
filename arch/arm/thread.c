/* Thread support of the ARMv7-A port: initial contexts, VFP/NEON state and
 * access control. DDI 0406C B6.1.18 (FPEXC), B6.1.37 (MVFR0). */
#include <stdint.h>

#include "arch.h"
#include "cpu.h"

#define FPEXC_EN (1u << 30)
/* CPACR.cp10 and cp11 (B4.1.40): full access at PL1 and PL0. */
#define CPACR_FP_FULL (0xfu << 20)
#define FP_DREGS_MAX 32

void arm_thread_start(void);

/* The frame arch_context_switch() pops: r3-r11, then pc. */
struct arm_switch_frame {
	uint32_t r3, r4, r5, r6, r7, r8, r9, r10, r11;
	uint32_t pc;
};

void *arch_context_init(void *stack, size_t size, void (*entry)(void *),
			void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)7;
	struct arm_switch_frame *f = (struct arm_switch_frame *)top - 1;

	*f = (struct arm_switch_frame){
		.r4 = (uint32_t)(uintptr_t)arg,
		.r5 = (uint32_t)(uintptr_t)entry,
		.pc = (uint32_t)(uintptr_t)arm_thread_start,
	};
	return f;
}

/* Save area: d0-d31 (or d0-d15), then FPSCR. */
struct arm_fp_context {
	uint64_t d[FP_DREGS_MAX];
	uint32_t fpscr;
};

static bool fp_d32;

/* Called once by arch_init(): VFP/NEON usable at PL1 (CPACR), but off
 * (FPEXC.EN = 0) until a thread created with THREAD_FP runs. */
void arm_fp_init(void)
{
	uint32_t mvfr0;

	cp15_write_cpacr(cp15_read_cpacr() | CPACR_FP_FULL);
	isb();
	__asm__ volatile(".fpu neon-vfpv4\n\tvmrs %0, mvfr0" : "=r"(mvfr0));
	fp_d32 = (mvfr0 & 0xf) == 2;	/* 32 double registers */
	arch_fp_access(false);
}

size_t arch_fp_context_size(void)
{
	return sizeof(struct arm_fp_context);
}

/* The kernel is built without FP registers; these few instructions are
 * assembled for VFP explicitly. */
void arch_fp_save(void *area)
{
	struct arm_fp_context *c = area;
	uint32_t fpscr;

	__asm__ volatile(".fpu neon-vfpv4\n\t"
			 "vstmia %0, {d0-d15}" ::"r"(c->d) : "memory");
	if (fp_d32)
		__asm__ volatile(".fpu neon-vfpv4\n\t"
				 "vstmia %0, {d16-d31}" ::"r"(&c->d[16])
				 : "memory");
	__asm__ volatile(".fpu neon-vfpv4\n\tvmrs %0, fpscr" : "=r"(fpscr));
	c->fpscr = fpscr;
}

void arch_fp_restore(const void *area)
{
	const struct arm_fp_context *c = area;

	__asm__ volatile(".fpu neon-vfpv4\n\t"
			 "vldmia %0, {d0-d15}" ::"r"(c->d) : "memory");
	if (fp_d32)
		__asm__ volatile(".fpu neon-vfpv4\n\t"
				 "vldmia %0, {d16-d31}" ::"r"(&c->d[16])
				 : "memory");
	__asm__ volatile(".fpu neon-vfpv4\n\tvmsr fpscr, %0" ::"r"(c->fpscr));
}

void arch_fp_access(bool allowed)
{
	__asm__ volatile(".fpu neon-vfpv4\n\tvmsr fpexc, %0"
			 ::"r"(allowed ? FPEXC_EN : 0u) : "memory");
}

/* Before arm_fp_init() CPACR denies CP10/CP11 access, and reading
 * FPEXC would itself be an undefined instruction: within a fault report
 * on one, a second fault that ends the report. */
bool arm_fp_enabled(void)
{
	uint32_t fpexc;

	if (!(cp15_read_cpacr() & CPACR_FP_FULL))
		return false;
	__asm__ volatile(".fpu neon-vfpv4\n\tvmrs %0, fpexc" : "=r"(fpexc));
	return fpexc & FPEXC_EN;
}
