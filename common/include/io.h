/* Device register access. Each port provides arch_io.h with:
 *
 *   uint8_t/16/32 mmio_read8/16/32(uintptr_t addr)
 *   void mmio_write8/16/32(uintptr_t addr, value)
 *
 * Each access is a single, non-merged, non-reordered access of that width;
 * a write is ordered after earlier normal-memory writes (so a buffer filled
 * before a "go" register write is visible to the device) and a read is
 * ordered before later normal-memory reads (so data read after a status
 * register is fresh). io_barrier() is a full barrier between memory and
 * device accesses.
 *
 * Ports with a separate I/O space (x86) also provide inb/outb and friends,
 * outsb(port, buf, n) for a run of bytes to one port, and define
 * ARCH_HAS_PORT_IO. */
#ifndef IO_H
#define IO_H

#include <stdint.h>

#include "arch_io.h"

#endif
