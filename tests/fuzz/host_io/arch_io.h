/* Device register access for host builds of kernel code (the Jailhouse
 * backend's comm-region harness and its unit tests, the IOAPIC model,
 * the LAPIC test): every access goes to the test's host_mmio_read32()
 * and host_mmio_write32(), which model the device and check where the
 * kernel writes. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

uint32_t host_mmio_read32(uintptr_t addr);
void host_mmio_write32(uintptr_t addr, uint32_t value);

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return host_mmio_read32(addr);
}

static inline void mmio_write32(uintptr_t addr, uint32_t value)
{
	host_mmio_write32(addr, value);
}

#define io_barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)

#endif
