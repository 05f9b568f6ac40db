/* The binding path on the host, for the FDT fuzz sweep: the real driver
 * matching (common/driver.c) and interrupt translation (common/irq.c)
 * with stand-in drivers and interrupt controllers (fdt_bind.c), and
 * stand-ins for the kernel services those two call. */
#ifndef FDT_BIND_H
#define FDT_BIND_H

#include "fdt.h"

#define FDT_BIND_CHIPS 4	/* as many as irq.c registers */

/* Puts the stand-in controllers on the first FDT_BIND_CHIPS nodes with an
 * "interrupt-controller" property of `f` (registering them once). */
void fdt_bind_attach(const struct fdt *f);

/* Calls the stand-ins saw that must not happen: a controller asked to
 * configure an IRQ number outside 0..CONFIG_IRQ_MAX-1. Reset by
 * fdt_bind_attach(). */
extern unsigned int fdt_bind_bad_calls;

/* sched_irq_exit() calls, and whether any came from interrupt context
 * (irq.c calls it once the handler is done and the nesting undone). */
extern unsigned int fdt_bind_irq_exits, fdt_bind_irq_exits_in_isr;

/* What kprintf() printed since the test last cleared it (cut at its
 * size). */
extern char fdt_bind_said[256];

#endif
