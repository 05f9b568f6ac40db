/* Thread support of the x86 port: initial contexts, x87/SSE state and
 * access control. FP state is saved with FXSAVE (512 bytes, 16-byte
 * aligned); access is switched with CR0.TS, so a thread without an FP
 * context traps with #NM on its first x87/SSE instruction.
 * Intel SDM vol. 1 10.5 (FXSAVE area), vol. 3A 2.5 (CR0.TS/MP/EM/NE,
 * CR4.OSFXSR/OSXMMEXCPT), 13.1 (enabling SSE). */
#include <stdint.h>

#include "arch.h"
#include "kstring.h"
#include "panic.h"
#include "x86.h"

#define FXSAVE_AREA_SIZE 512
#define FXSAVE_FCW 0		/* offset of the x87 control word */
#define FXSAVE_MXCSR 24		/* offset of MXCSR */
#define MXCSR_DEFAULT 0x1f80	/* all SSE exceptions masked (reset value) */
#define FCW_DEFAULT 0x37f	/* all x87 exceptions masked, 64-bit precision */
#define FXSAVE_SW_MARK 464	/* first byte left to software */
#define FP_AREA_SAVED 0x5a

void x86_thread_start(void);

/* The frame arch_context_switch() pops (context32.S / context64.S). */
#ifdef __x86_64__
struct switch_frame {
	uint64_t r15, r14, r13, r12, rbp, rbx, ret;
};
#else
struct switch_frame {
	uint32_t ebp, edi, esi, ebx, ret;
};
#endif

void *arch_context_init(void *stack, size_t size, void (*entry)(void *),
			void *arg)
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)15;
	struct switch_frame *f = (struct switch_frame *)top - 1;

#ifdef __x86_64__
	*f = (struct switch_frame){ .rbx = (uintptr_t)entry,
				    .r12 = (uintptr_t)arg,
				    .ret = (uintptr_t)x86_thread_start };
#else
	*f = (struct switch_frame){ .ebx = (uintptr_t)entry,
				    .esi = (uintptr_t)arg,
				    .ret = (uintptr_t)x86_thread_start };
#endif
	return f;
}

/* FXSAVE image of the reset state: control words set, every register
 * empty (abridged tag word 0) and zero. */
static uint8_t fp_initial[FXSAVE_AREA_SIZE] __attribute__((aligned(16)));

static void fp_initial_build(void)
{
	uint16_t fcw = FCW_DEFAULT;
	uint32_t mxcsr = x86_cpu.sse ? MXCSR_DEFAULT : 0;

	memcpy(fp_initial + FXSAVE_FCW, &fcw, sizeof(fcw));
	memcpy(fp_initial + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
}

/* Called once by arch_init(): x87 native error reporting, SSE with its
 * own exception vector, and FP access off until a THREAD_FP thread runs. */
void x86_fpu_init(void)
{
	if (!x86_cpu.fxsr)
		panic("fpu: the CPU has no FXSAVE/FXRSTOR, which the x86 port "
		      "needs to switch FP state");
	x86_write_cr0((x86_read_cr0() & ~(unsigned long)CR0_EM) | CR0_MP |
		      CR0_NE);
	x86_write_cr4(x86_read_cr4() | CR4_OSFXSR |
		      (x86_cpu.sse ? CR4_OSXMMEXCPT : 0));
	fp_initial_build();
	arch_fp_access(false);
}

size_t arch_fp_context_size(void)
{
	return FXSAVE_AREA_SIZE;
}

void arch_fp_save(void *area)
{
#ifdef __x86_64__
	__asm__ volatile("fxsave64 (%0)" ::"r"(area) : "memory");
#else
	__asm__ volatile("fxsave (%0)" ::"r"(area) : "memory");
#endif
	((uint8_t *)area)[FXSAVE_SW_MARK] = FP_AREA_SAVED;
}

/* FXSAVE leaves bytes 464..511 of its area to software (SDM vol. 1
 * 10.5.1, table 10-2): one of them marks an area that holds a saved
 * state. A new thread's area is all zeros (the core clears it), so it
 * starts from the reset state instead, with every x87 and SSE exception
 * masked (SDM vol. 1 8.1.5, 10.2.3.1). */
static bool fp_area_is_saved(const uint8_t *a)
{
	return a[FXSAVE_SW_MARK] == FP_AREA_SAVED;
}

static void fp_fxrstor(const void *area)
{
#ifdef __x86_64__
	__asm__ volatile("fxrstor64 (%0)" ::"r"(area) : "memory");
#else
	__asm__ volatile("fxrstor (%0)" ::"r"(area) : "memory");
#endif
}

void arch_fp_restore(const void *area)
{
	fp_fxrstor(fp_area_is_saved(area) ? area : fp_initial);
}

void arch_fp_access(bool allowed)
{
	unsigned long cr0 = x86_read_cr0();

	if (allowed)
		__asm__ volatile("clts" ::: "memory");
	else if (!(cr0 & CR0_TS))
		x86_write_cr0(cr0 | CR0_TS);
}
