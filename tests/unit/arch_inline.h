/* The port's inline interface for host unit tests: one thread, no
 * interrupts, so masking is a no-op; the counter is not used on the host. */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned long irqstate_t;

static inline irqstate_t arch_irq_save(void) { return 0; }
static inline void arch_irq_restore(irqstate_t state) { (void)state; }
static inline void arch_irq_enable(void) {}
static inline bool arch_irq_masked(void) { return false; }

#endif
