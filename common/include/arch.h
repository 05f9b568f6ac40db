/* The port interface: everything the portable core needs from an
 * architecture, and nothing more. Each port (arch/<name>/) implements these
 * functions; common/ never includes anything else from arch/.
 *
 * Contexts: "thread" means normal kernel/thread context, "isr" means inside
 * irq_dispatch() with interrupts masked, "boot" means before the first
 * interrupt is enabled. */
#ifndef ARCH_H
#define ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fdt;

/* --- Interrupt mask and counter (inline: arch_inline.h) ----------------- *
 *
 * Each port's include/arch_inline.h defines, as static inline functions:
 *
 *   irqstate_t arch_irq_save(void)   masks interrupts on this CPU and
 *                                    returns the previous state; any
 *                                    context, nesting allowed
 *   void arch_irq_restore(irqstate_t) restores such a state
 *   void arch_irq_enable(void)       unmasks; thread or boot context
 *   bool arch_irq_masked(void)       true when masked
 *   uint64_t arch_counter_read(void) the CPU's free-running counter (ARM:
 *                                    the virtual counter; x86: the TSC),
 *                                    the kernel's single time base; the
 *                                    timer driver gives its rate
 *   uintptr_t arch_stack_pointer(void) the stack pointer (the scheduler's
 *                                    stack check at each switch)
 *   void arch_wait_for_irq(void)     waits for an interrupt: called with
 *                                    interrupts masked, returns with them
 *                                    masked once one is pending or has
 *                                    been handled (x86's sti;hlt lets the
 *                                    handler run inside, ARM's WFI leaves
 *                                    it pending until the caller
 *                                    unmasks)
 *   void arch_idle_wait(void)        waits for an interrupt with
 *                                    interrupts unmasked, so that it is
 *                                    taken at once: the idle thread, where
 *                                    the latency of every interrupt that
 *                                    ends a sleep starts
 */
#include "arch_inline.h"

/* --- Boot and platform --------------------------------------------------- */

/* Early CPU set-up once the device tree is open and the console works:
 * memory map (MMU or paging) from the DTB, caches, FPU. Boot context;
 * panics with a message on failure. */
void arch_init(const struct fdt *fdt);

/* Prints architecture facts for the boot banner (CPU id, entry mode, ...)
 * through kprintf. */
void arch_print_info(void);

/* Stops this CPU for good: interrupts masked, waiting forever. */
__attribute__((noreturn)) void arch_halt(void);

/* --- Threads ------------------------------------------------------------ */

/* Prepares the stack [stack, stack + size) of a new thread so that the
 * first arch_context_switch() to the returned stack pointer starts
 * entry(arg) in thread context with interrupts enabled. entry must not
 * return. */
void *arch_context_init(void *stack, size_t size, void (*entry)(void *),
			void *arg);

/* Saves the current thread's callee-saved CPU state on its own stack,
 * stores that stack pointer in *save_sp, loads next_sp and resumes the
 * thread it belongs to. Called with interrupts masked, from thread or
 * interrupt context (an interrupted thread resumes inside its interrupt
 * exit path); returns, when this thread is resumed, with interrupts
 * masked. Integer state only: FP state is the caller's business. */
void arch_context_switch(void **save_sp, void *next_sp);

/* FP/SIMD state of a thread: the size of a save area (the port's
 * alignment needs are met by 16-byte aligned areas), save and restore, and
 * access control so that a thread without an FP context traps on its first
 * FP instruction (reported as a fault naming the thread). */
size_t arch_fp_context_size(void);
void arch_fp_save(void *area);
void arch_fp_restore(const void *area);
void arch_fp_access(bool allowed);

/* Makes the page at `addr` (page-aligned) inaccessible (on = true) or
 * accessible again, as a stack guard, from any context that may run the
 * scheduler. -E_NOTSUP when the port cannot (no paging), -E_INVAL when
 * the page is not one it guards (not RAM, or code): the thread goes
 * without a guard, the canary check still applies. -E_NOMEM when it
 * would but has no page table left: thread_create() fails with it. */
int arch_stack_guard(void *addr, bool on);
/* Smallest unit arch_stack_guard() works on (bytes), 0 if unsupported. */
size_t arch_page_size(void);

#endif
