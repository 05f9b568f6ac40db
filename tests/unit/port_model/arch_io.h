/* Port I/O for driver tests that read an I/O port: every inl() goes to
 * the test's port_inl(). */
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

#endif
