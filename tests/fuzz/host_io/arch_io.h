/* Device register access for host builds of the Jailhouse backend (the
 * comm-region harness and its unit tests): every access goes to the
 * test, which models the device and checks where the kernel writes. */
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
