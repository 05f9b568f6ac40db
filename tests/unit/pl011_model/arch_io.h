/* Register access for the PL011 driver tests: every access goes to the
 * simulated PL011 of pl011_model.c. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

uint32_t pl011_model_read(uintptr_t addr);
void pl011_model_write(uintptr_t addr, uint32_t v);

static inline uint32_t mmio_read32(uintptr_t a)
{
	return pl011_model_read(a);
}

static inline uint32_t mmio_read32_relaxed(uintptr_t a)
{
	return pl011_model_read(a);
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	pl011_model_write(a, v);
}

static inline void mmio_write32_relaxed(uintptr_t a, uint32_t v)
{
	pl011_model_write(a, v);
}

#endif
