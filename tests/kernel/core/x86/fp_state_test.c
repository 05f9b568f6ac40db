/* x86: a THREAD_FP thread starts from the x87/SSE reset state, every
 * exception masked and every register zero, whatever the FP thread
 * before it left in the unit: an area never saved restores the reset
 * image (arch/x86/fpu.c). Neither another thread's registers nor its
 * control words may leak into a new one. The helpers are in
 * core/x86/fp_regs.S. */
#include <stdint.h>

#include "ktest.h"
#include "thread.h"

#define STACK 4096
#define MXCSR_RESET 0x1f80u	/* SDM vol. 1 10.2.3.1 */
#define FCW_RESET 0x37fu	/* SDM vol. 1 8.1.5 */
/* Round toward zero, and divide-by-zero unmasked: neither the reset
 * value. */
#define MXCSR_DIRTY 0x7d80u
#define FCW_DIRTY 0xf7bu

void fp_regs_fill(uint32_t seed);
unsigned int fp_regs_nonzero(void);
void fp_controls_set(uint32_t mxcsr, uint32_t fcw);
uint32_t fp_mxcsr_read(void);
uint32_t fp_fcw_read(void);

static struct thread dirty, fresh;
static uint8_t stacks[2][STACK] __attribute__((aligned(16)));
static volatile unsigned int fresh_nonzero;
static volatile uint32_t fresh_mxcsr, fresh_fcw;

static void fp_dirty(void *arg)
{
	(void)arg;
	fp_regs_fill(0x5a5a0000u);
	fp_controls_set(MXCSR_DIRTY, FCW_DIRTY);
}

static void fp_fresh(void *arg)
{
	(void)arg;
	fresh_nonzero = fp_regs_nonzero();
	fresh_mxcsr = fp_mxcsr_read();
	fresh_fcw = fp_fcw_read();
}

KTEST(fp, a_new_fp_thread_starts_from_the_reset_state_not_the_last_ones)
{
	thread_create(&dirty, "fp-dirty", KTEST_MAIN_PRIO - 1, fp_dirty, NULL,
		      stacks[0], STACK, THREAD_FP);
	thread_join(&dirty, TIMEOUT_FOREVER, NULL);
	thread_create(&fresh, "fp-fresh", KTEST_MAIN_PRIO - 1, fp_fresh, NULL,
		      stacks[1], STACK, THREAD_FP);
	thread_join(&fresh, TIMEOUT_FOREVER, NULL);
	KT_EXPECT(fresh_nonzero == 0, "every XMM register zero in a new "
		  "thread, %u held data", fresh_nonzero);
	KT_EXPECT(fresh_mxcsr == MXCSR_RESET, "MXCSR 0x%x in a new thread, "
		  "got 0x%x", MXCSR_RESET, (unsigned int)fresh_mxcsr);
	KT_EXPECT(fresh_fcw == FCW_RESET, "x87 control word 0x%x in a new "
		  "thread, got 0x%x", FCW_RESET, (unsigned int)fresh_fcw);
}
