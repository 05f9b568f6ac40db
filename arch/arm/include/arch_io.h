/* ARMv7-A device register access. Device memory is mapped Device (or
 * Strongly-ordered when the MMU is off), so accesses to it are not merged
 * or reordered among themselves; the DMBs order them against Normal memory.
 * ARM Architecture Reference Manual ARMv7-A/R (DDI 0406C), A3.8. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

#define io_barrier() __asm__ volatile("dsb sy" ::: "memory")
#define io_wmb() __asm__ volatile("dmb st" ::: "memory")
#define io_rmb() __asm__ volatile("dmb sy" ::: "memory")

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v = *(volatile const uint32_t *)addr;

	io_rmb();
	return v;
}

static inline uint16_t mmio_read16(uintptr_t addr)
{
	uint16_t v = *(volatile const uint16_t *)addr;

	io_rmb();
	return v;
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint8_t v = *(volatile const uint8_t *)addr;

	io_rmb();
	return v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	io_wmb();
	*(volatile uint32_t *)addr = v;
}

static inline void mmio_write16(uintptr_t addr, uint16_t v)
{
	io_wmb();
	*(volatile uint16_t *)addr = v;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	io_wmb();
	*(volatile uint8_t *)addr = v;
}

/* Accessors without the ordering barrier, for hot paths that only touch
 * device registers (e.g. polling a status bit), where Device-memory
 * ordering among the accesses themselves is enough. */
static inline uint32_t mmio_read32_relaxed(uintptr_t addr)
{
	return *(volatile const uint32_t *)addr;
}

static inline void mmio_write32_relaxed(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif
