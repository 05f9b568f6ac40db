/* Device register accesses as drivers write them (a register of a block
 * at an offset, a table walked by index, a read-modify-write, a status
 * bit polled, a fixed address), compiled with the kernel's flags but never run: the build
 * test mmio_decodable.py reads their code. Under a hypervisor that
 * emulates the device from the trapping instruction, each access must be
 * a MOV it can decode (arch_io.h). */
#include <stdint.h>

#include "io.h"

void mmio_probe_fill32(uintptr_t base, unsigned int n, uint32_t v);
uint32_t mmio_probe_sum32(uintptr_t base, unsigned int n);
void mmio_probe_rmw32(uintptr_t base, unsigned int n, uint32_t set);
void mmio_probe_reg(uintptr_t base, uint32_t v);
void mmio_probe_poll(uintptr_t base, uint32_t bit);
void mmio_probe_fixed(uint32_t v);

void mmio_probe_fill32(uintptr_t base, unsigned int n, uint32_t v)
{
	for (unsigned int i = 0; i < n; i++)
		mmio_write32(base + 0x300 + i * 16, v);
}

uint32_t mmio_probe_sum32(uintptr_t base, unsigned int n)
{
	uint32_t sum = 0;

	for (unsigned int i = 0; i < n; i++)
		sum += mmio_read32_relaxed(base + 0x100 + i * 4);
	return sum;
}

/* An IOAPIC-like table: entry i at a stride (only device memory is
 * touched, so that every access the checker sees is a device's). */
void mmio_probe_rmw32(uintptr_t base, unsigned int n, uint32_t set)
{
	for (unsigned int i = 0; i < n; i++)
		mmio_write32(base + 0x200 + i * 16,
			     mmio_read32(base + 0x200 + i * 16) | set);
}

/* The LAPIC's way: one base, registers at constant offsets. */
void mmio_probe_reg(uintptr_t base, uint32_t v)
{
	mmio_write32(base + 0x380, v);
	mmio_write32(base + 0x320, mmio_read32(base + 0x320) & ~0x10000u);
	mmio_write32(base + 0xb0, 0);
}

void mmio_probe_poll(uintptr_t base, uint32_t bit)
{
	while (mmio_read32(base + 0x300) & bit)
		;
}

/* A device at an address known when compiling. */
void mmio_probe_fixed(uint32_t v)
{
	mmio_write32(0xfee000b0, v);
}
