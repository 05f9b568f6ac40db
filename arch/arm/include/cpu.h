/* ARMv7-A processor modes, PSR bits and CP15 system register accessors.
 * ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), B1.3 and B4. */
#ifndef ARM_CPU_H
#define ARM_CPU_H

#define MODE_USR 0x10
#define MODE_FIQ 0x11
#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_MON 0x16
#define MODE_ABT 0x17
#define MODE_HYP 0x1a
#define MODE_UND 0x1b
#define MODE_SYS 0x1f
#define PSR_MODE_MASK 0x1f
#define PSR_T (1u << 5)
#define PSR_F (1u << 6)
#define PSR_I (1u << 7)
#define PSR_A (1u << 8)

#define SCTLR_M (1u << 0)
#define SCTLR_A (1u << 1)
#define SCTLR_C (1u << 2)
#define SCTLR_Z (1u << 11)
#define SCTLR_I (1u << 12)
#define SCTLR_V (1u << 13)
#define SCTLR_WXN (1u << 19)
#define SCTLR_UWXN (1u << 20)
#define SCTLR_EE (1u << 25)
#define SCTLR_TRE (1u << 28)
#define SCTLR_AFE (1u << 29)
#define SCTLR_TE (1u << 30)

/* ACTLR of the Cortex-A7, A12, A15 and A17 (their TRMs, "Auxiliary
 * Control Register"): the core takes part in coherency. */
#define ACTLR_SMP (1u << 6)

#ifndef __ASSEMBLER__
#include <stdbool.h>
#include <stdint.h>

#define CP15_RD(name, op1, crn, crm, op2)                                    \
	static inline uint32_t cp15_read_##name(void)                       \
	{                                                                   \
		uint32_t v;                                                 \
		__asm__ volatile("mrc p15, " #op1 ", %0, " #crn ", " #crm  \
				 ", " #op2 : "=r"(v));                      \
		return v;                                                   \
	}
#define CP15_WR(name, op1, crn, crm, op2)                                    \
	static inline void cp15_write_##name(uint32_t v)                    \
	{                                                                   \
		__asm__ volatile("mcr p15, " #op1 ", %0, " #crn ", " #crm  \
				 ", " #op2 ::"r"(v) : "memory");            \
	}
#define CP15_RW(name, op1, crn, crm, op2)                                    \
	CP15_RD(name, op1, crn, crm, op2) CP15_WR(name, op1, crn, crm, op2)

CP15_RD(midr, 0, c0, c0, 0)
CP15_RD(mpidr, 0, c0, c0, 5)
CP15_RD(ccsidr, 1, c0, c0, 0)
CP15_RD(clidr, 1, c0, c0, 1)
CP15_WR(csselr, 2, c0, c0, 0)
CP15_RW(sctlr, 0, c1, c0, 0)
CP15_RW(cpacr, 0, c1, c0, 2)
CP15_WR(ttbr0, 0, c2, c0, 0)
CP15_WR(ttbcr, 0, c2, c0, 2)
CP15_WR(dacr, 0, c3, c0, 0)
CP15_RD(dfsr, 0, c5, c0, 0)
CP15_RD(ifsr, 0, c5, c0, 1)
CP15_RD(dfar, 0, c6, c0, 0)
CP15_RD(ifar, 0, c6, c0, 2)
CP15_WR(iciallu, 0, c7, c5, 0)
CP15_WR(bpiall, 0, c7, c5, 6)
CP15_WR(dcisw, 0, c7, c6, 2)
CP15_WR(dccimvac, 0, c7, c14, 1)
CP15_WR(tlbiall, 0, c8, c7, 0)
CP15_WR(vbar, 0, c12, c0, 0)
CP15_RD(cntfrq, 0, c14, c0, 0)

static inline void isb(void)
{
	__asm__ volatile("isb" ::: "memory");
}

static inline void dsb(void)
{
	__asm__ volatile("dsb sy" ::: "memory");
}

static inline uint32_t cpsr_read(void)
{
	uint32_t v;

	__asm__ volatile("mrs %0, cpsr" : "=r"(v));
	return v;
}

/* Mode the CPU was in when the image was entered, and SCTLR then
 * (start.S). */
extern uint32_t arm_entry_mode;
extern uint32_t arm_entry_sctlr;

/* Reads sp and lr of `mode` (banked registers); called from an exception
 * mode with interrupts masked (exception.S). */
void arm_read_banked_sp_lr(uint32_t mode, uint32_t out[2]);

/* Exception-time register frame built by exception.S. */
struct arm_trap_frame {
	uint32_t spsr;
	uint32_t r[13];
	uint32_t lr;		/* the exception mode's lr, unadjusted */
};

enum arm_trap_kind {
	ARM_TRAP_UNDEF,
	ARM_TRAP_SVC,
	ARM_TRAP_PABT,
	ARM_TRAP_DABT,
	ARM_TRAP_UNUSED,
	ARM_TRAP_FIQ,
};

void arm_trap(struct arm_trap_frame *frame, enum arm_trap_kind kind);
struct memmap;
void arm_mmu_init(const struct memmap *map);
void arm_fp_init(void);
/* Clears n bytes at p; both multiples of 32 (context.S). */
void arm_zero(void *p, unsigned int n);
bool arm_fp_enabled(void);

#endif
#endif
