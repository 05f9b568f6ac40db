/* x86 device register access: memory-mapped and port I/O.
 *
 * Device windows are mapped uncacheable (PCD|PWT, paging.c), and x86
 * orders UC accesses strictly among themselves and against all other
 * loads and stores (Intel SDM vol. 3A 11.3, 8.2.2: writes are not
 * reordered with older writes, reads are not reordered with other
 * reads). So the only reordering left to prevent is the compiler's,
 * which the "memory" clobbers do. Port I/O instructions are serialising
 * for later loads and stores (SDM 8.2.5: I/O instructions). */
#ifndef ARCH_IO_H
#define ARCH_IO_H

#include <stddef.h>
#include <stdint.h>

#define ARCH_HAS_PORT_IO 1

/* A locked read-modify-write is a full barrier on every x86 (SDM 8.2.2),
 * including i686 CPUs without SSE2's MFENCE. */
#ifdef __x86_64__
#define io_barrier() __asm__ volatile("lock orl $0, (%%rsp)" ::: "memory", "cc")
#else
#define io_barrier() __asm__ volatile("lock orl $0, (%%esp)" ::: "memory", "cc")
#endif

/* Each access is one MOV whose address is a bare base register, never
 * base plus displacement or an index: a hypervisor that emulates the
 * device decodes the trapping instruction itself, and Jailhouse's x86
 * decoder refuses an index register above r7 (REX.X), a SIB byte with a
 * displacement, and a 32-bit absolute address ("FATAL: unsupported
 * instruction"), all forms the compiler picks for a plain memory
 * operand (lapic + reg, a table's entry i). (%reg) is decodable for every
 * register: %rsp and %r12 take a SIB byte without index, %rbp and %r13
 * a zero 8-bit displacement. */
static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("movl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint16_t mmio_read16(uintptr_t addr)
{
	uint16_t v;

	__asm__ volatile("movw (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint8_t v;

	__asm__ volatile("movb (%1), %0" : "=q"(v) : "r"(addr) : "memory");
	return v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("movl %0, (%1)" ::"r"(v), "r"(addr) : "memory");
}

static inline void mmio_write16(uintptr_t addr, uint16_t v)
{
	__asm__ volatile("movw %0, (%1)" ::"r"(v), "r"(addr) : "memory");
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	__asm__ volatile("movb %0, (%1)" ::"q"(v), "r"(addr) : "memory");
}

/* Same as the ordered accessors: x86 needs no barrier instruction. */
static inline uint32_t mmio_read32_relaxed(uintptr_t addr)
{
	return mmio_read32(addr);
}

static inline void mmio_write32_relaxed(uintptr_t addr, uint32_t v)
{
	mmio_write32(addr, v);
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port) : "memory");
}

/* Writes n bytes from buf to one port, in order: one instruction (rep
 * outsb) for the run. The entry code keeps DF clear. */
static inline void outsb(uint16_t port, const void *buf, size_t n)
{
	__asm__ volatile("rep outsb"
			 : "+S"(buf), "+c"(n)
			 : "d"(port)
			 : "memory");
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" ::"a"(v), "Nd"(port) : "memory");
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" ::"a"(v), "Nd"(port) : "memory");
}

#endif
