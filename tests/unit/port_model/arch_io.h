/* Port I/O for driver tests that use an I/O port: each access goes to
 * the test's port_<access>(). A test defines only those its driver
 * uses: an unused inline makes no reference. */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stdint.h>

#define ARCH_HAS_PORT_IO 1
#define io_barrier() ((void)0)

uint32_t port_inl(uint16_t port);

static inline uint32_t inl(uint16_t port)
{
	return port_inl(port);
}

uint16_t port_inw(uint16_t port);

static inline uint16_t inw(uint16_t port)
{
	return port_inw(port);
}

uint8_t port_inb(uint16_t port);

static inline uint8_t inb(uint16_t port)
{
	return port_inb(port);
}

void port_outb(uint16_t port, uint8_t value);

static inline void outb(uint16_t port, uint8_t value)
{
	port_outb(port, value);
}

void port_outl(uint16_t port, uint32_t value);

static inline void outl(uint16_t port, uint32_t value)
{
	port_outl(port, value);
}

#endif
