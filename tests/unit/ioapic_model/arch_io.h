/* Register access for the IOAPIC driver tests: every access goes to the
 * simulated IOAPIC of ioapic_model.c. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

#define io_barrier() ((void)0)

uint32_t ioapic_model_read(uintptr_t addr);
void ioapic_model_write(uintptr_t addr, uint32_t v);

static inline uint32_t mmio_read32(uintptr_t a)
{
	return ioapic_model_read(a);
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	ioapic_model_write(a, v);
}

#endif
