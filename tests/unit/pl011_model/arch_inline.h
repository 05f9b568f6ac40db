/* The port's inline interface for the PL011 driver tests: as
 * tests/unit/arch_inline.h, but masking is counted, so that the model
 * holds an interrupt raised while the driver has interrupts masked until
 * it unmasks them (pl011_model_interrupt_after_fr_read()). */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned long irqstate_t;

extern unsigned int pl011_model_masked;
void pl011_model_unmasked(void);

static inline irqstate_t arch_irq_save(void)
{
	return pl011_model_masked++;
}

static inline void arch_irq_restore(irqstate_t state)
{
	pl011_model_masked = (unsigned int)state;
	if (!state)
		pl011_model_unmasked();
}

static inline void arch_irq_enable(void) {}
static inline bool arch_irq_masked(void) { return pl011_model_masked != 0; }

uint64_t unit_counter_read(void);
static inline uint64_t arch_counter_read(void) { return unit_counter_read(); }

#endif
