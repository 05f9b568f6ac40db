/* Helpers for the ports' CPU fault reports and for panic(). */
#ifndef FAULT_H
#define FAULT_H

#include <stdbool.h>
#include <stdint.h>

/* The first step of every fatal report (panic, assertion, CPU fault):
 * masks interrupts; when a report is already under way -- it faulted or
 * panicked itself, say in a console driver -- stops at once with
 * kernel_fail(), printing nothing more: the first report stays the only
 * one, and the hypervisor still learns of the failure. Otherwise prints
 * the boot log if a boot stopped before it did (bootlog.h). */
void fault_report_begin(void);
/* Prints the running thread (or that an interrupt handler was running)
 * and, when `addr` (valid if have_addr) lies in its guard page, that the
 * fault is a stack overflow. */
void fault_report_context(uintptr_t addr, bool have_addr);
/* Prints that the running thread touched the FPU without THREAD_FP. */
void fault_report_fp_misuse(void);

#endif
