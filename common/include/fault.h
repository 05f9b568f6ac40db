/* Helpers for the ports' CPU fault reports and for panic(). */
#ifndef FAULT_H
#define FAULT_H

#include <stdbool.h>
#include <stdint.h>

/* Prints the running thread (or that an interrupt handler was running)
 * and, when `addr` (valid if have_addr) lies in its guard page, that the
 * fault is a stack overflow. */
void fault_report_context(uintptr_t addr, bool have_addr);
/* Prints that the running thread touched the FPU without THREAD_FP. */
void fault_report_fp_misuse(void);

#endif
