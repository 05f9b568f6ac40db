/* Register access for the LAPIC driver tests: every MMIO access goes to
 * the register file of lapic_test.c. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

#define io_barrier() ((void)0)

uint32_t lapic_model_read(uintptr_t addr);
void lapic_model_write(uintptr_t addr, uint32_t v);

static inline uint32_t mmio_read32(uintptr_t a)
{
	return lapic_model_read(a);
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	lapic_model_write(a, v);
}

#endif
