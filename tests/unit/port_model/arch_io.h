/* Port I/O for driver tests that use an I/O port: every inl() goes to
 * the test's port_inl(), every outb() to its port_outb(). */
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

void port_outb(uint16_t port, uint8_t value);

static inline void outb(uint16_t port, uint8_t value)
{
	port_outb(port, value);
}

#endif
