/* Register access for the UART driver tests: every access goes to the
 * simulated 16550 of uart_model.c, which checks its address and width. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stddef.h>
#include <stdint.h>

#define ARCH_HAS_PORT_IO

enum model_access { MODEL_MMIO8 = 1, MODEL_MMIO32 = 4, MODEL_PORT8 = 8 };

uint32_t model_read(uintptr_t addr, enum model_access how);
void model_write(uintptr_t addr, uint32_t v, enum model_access how);

static inline uint8_t mmio_read8(uintptr_t a)
{
	return (uint8_t)model_read(a, MODEL_MMIO8);
}

static inline uint32_t mmio_read32(uintptr_t a)
{
	return model_read(a, MODEL_MMIO32);
}

static inline void mmio_write8(uintptr_t a, uint8_t v)
{
	model_write(a, v, MODEL_MMIO8);
}

static inline void mmio_write32(uintptr_t a, uint32_t v)
{
	model_write(a, v, MODEL_MMIO32);
}

static inline uint8_t inb(uint16_t port)
{
	return (uint8_t)model_read(port, MODEL_PORT8);
}

static inline void outb(uint16_t port, uint8_t v)
{
	model_write(port, v, MODEL_PORT8);
}

static inline void outsb(uint16_t port, const void *buf, size_t n)
{
	const uint8_t *p = buf;

	while (n--)
		model_write(port, *p++, MODEL_PORT8);
}

#endif
