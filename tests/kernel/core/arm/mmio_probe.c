/* Device register loops as drivers write them (a register block filled,
 * summed or read-modify-written, a status bit polled, byte and halfword
 * registers), compiled with the kernel's flags but never run: the build
 * test mmio_syndrome.py reads their code. Under a hypervisor that
 * emulates the device, each access must be one that reports a valid
 * instruction syndrome (arch_io.h). */
#include <stdint.h>

#include "io.h"

void mmio_probe_fill32(uintptr_t base, unsigned int n, uint32_t v);
uint32_t mmio_probe_sum32(uintptr_t base, unsigned int n);
void mmio_probe_rmw32(uintptr_t base, unsigned int n, uint32_t set);
void mmio_probe_bytes(uintptr_t base, unsigned int n, uint8_t v);
uint32_t mmio_probe_halves(uintptr_t base, unsigned int n);
void mmio_probe_poll(uintptr_t base, uint32_t bit);

void mmio_probe_fill32(uintptr_t base, unsigned int n, uint32_t v)
{
	for (unsigned int i = 0; i < n; i++)
		mmio_write32(base + i * 4, v);
}

uint32_t mmio_probe_sum32(uintptr_t base, unsigned int n)
{
	uint32_t sum = 0;

	for (unsigned int i = 0; i < n; i++)
		sum += mmio_read32_relaxed(base + i * 4);
	return sum;
}

void mmio_probe_rmw32(uintptr_t base, unsigned int n, uint32_t set)
{
	for (unsigned int i = 0; i < n; i++)
		mmio_write32_relaxed(base + i * 4,
				     mmio_read32(base + i * 4) | set);
}

void mmio_probe_bytes(uintptr_t base, unsigned int n, uint8_t v)
{
	for (unsigned int i = 0; i < n; i++)
		mmio_write8(base + i, (uint8_t)(mmio_read8(base + i) | v));
}

uint32_t mmio_probe_halves(uintptr_t base, unsigned int n)
{
	uint32_t sum = 0;

	for (unsigned int i = 0; i < n; i++) {
		sum += mmio_read16(base + i * 2);
		mmio_write16(base + i * 2, (uint16_t)sum);
	}
	return sum;
}

void mmio_probe_poll(uintptr_t base, uint32_t bit)
{
	while (!(mmio_read32_relaxed(base + 0x18) & bit))
		;
}
