/* The port's inline interface for the UART driver tests: as
 * tests/unit/arch_inline.h, but masking is counted, so that an interrupt
 * the device model raises while the driver has interrupts masked waits
 * until it unmasks them (irq_race.h). */
#ifndef ARCH_INLINE_H
#define ARCH_INLINE_H

#include <stdbool.h>
#include <stdint.h>

typedef unsigned long irqstate_t;

extern unsigned int irq_race_masked;
void irq_race_unmasked(void);

static inline irqstate_t arch_irq_save(void)
{
	return irq_race_masked++;
}

static inline void arch_irq_restore(irqstate_t state)
{
	irq_race_masked = (unsigned int)state;
	if (!state)
		irq_race_unmasked();
}

static inline void arch_irq_enable(void) {}
static inline bool arch_irq_masked(void) { return irq_race_masked != 0; }

uint64_t unit_counter_read(void);
static inline uint64_t arch_counter_read(void) { return unit_counter_read(); }

#endif
