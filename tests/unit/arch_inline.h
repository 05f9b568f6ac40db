/* The port's inline interface for host unit tests: one thread, no
 * interrupts, so masking is a no-op; a test that reads the counter
 * supplies unit_counter_read(). */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned long irqstate_t;

static inline irqstate_t arch_irq_save(void) { return 0; }
static inline void arch_irq_restore(irqstate_t state) { (void)state; }
static inline void arch_irq_enable(void) {}
static inline bool arch_irq_masked(void) { return false; }

uint64_t unit_counter_read(void);
static inline uint64_t arch_counter_read(void) { return unit_counter_read(); }

#endif
