/* Register access for the GIC driver tests: every access goes to the
 * simulated GICv2 of gic_model.c. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

#define io_barrier() ((void)0)

uint32_t gic_model_read(uintptr_t addr, unsigned int width);
void gic_model_write(uintptr_t addr, uint32_t v, unsigned int width);

static inline uint8_t mmio_read8(uintptr_t a)
{
	return (uint8_t)gic_model_read(a, 1);
}

static inline uint32_t mmio_read32(uintptr_t a)
{
	return gic_model_read(a, 4);
}

static inline uint32_t mmio_read32_relaxed(uintptr_t a)
{
	return gic_model_read(a, 4);
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	gic_model_write(a, v, 4);
}

static inline void mmio_write32_relaxed(uintptr_t a, uint32_t v)
{
	gic_model_write(a, v, 4);
}

#endif
