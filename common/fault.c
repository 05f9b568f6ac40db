/* What the core adds to a CPU fault report or a panic: the thread that
 * was running (or the interrupt handler), and whether the fault address
 * is its stack guard page. */
#include "fault.h"

#include "arch.h"
#include "bootlog.h"
#include "console.h"
#include "irq.h"
#include "kernel.h"
#include "sched.h"

static bool fault_reporting;

void fault_report_begin(void)
{
	arch_irq_save();
	if (fault_reporting)
		kernel_fail();
	fault_reporting = true;
	/* A boot stopped before the log went out: what it held (the
	 * command line's warnings, ...) may be why. */
	bootlog_flush();
}

void fault_report_context(uintptr_t addr, bool have_addr)
{
	const struct thread *t = sched.current;

	if (!t) {
		kprintf("    during boot, before the scheduler started\n");
		return;
	}
	if (irq_in_isr())
		kprintf("    in an interrupt handler (thread '%s' interrupted)\n",
			t->name);
	else
		kprintf("    in thread '%s'\n", t->name);
	if (have_addr && t->guard && addr >= (uintptr_t)t->guard &&
	    addr < (uintptr_t)t->stack)
		kprintf("*** stack overflow in thread '%s': it hit its guard "
			"page 0x%08lx..0x%08lx (stack 0x%08lx..0x%08lx)\n",
			t->name, (unsigned long)(uintptr_t)t->guard,
			(unsigned long)(uintptr_t)t->stack - 1,
			(unsigned long)(uintptr_t)t->stack,
			(unsigned long)((uintptr_t)t->stack + t->stack_size - 1));
}

void fault_report_fp_misuse(void)
{
	const struct thread *t = sched.current;

	kprintf("*** thread '%s' used the FPU/SIMD unit but was not created "
		"with THREAD_FP\n", t ? t->name : "(boot)");
}
