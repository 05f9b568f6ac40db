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

/* Each access is one LDR/STR (B, H) of one register, written in asm with
 * an address that is a base register plus at most an immediate offset:
 * never a writeback or post-indexed form, which the compiler picks for
 * plain volatile accesses in loops (str r2, [r0], #4 at -O2), nor a
 * multi-register one. A hypervisor that emulates a device (Jailhouse:
 * the GIC distributor, and every device region smaller than a page)
 * decodes the access from the abort's instruction syndrome, which the
 * CPU does not give for those forms (DDI 0406C B3.13.6, HSR.ISV = 0):
 * Jailhouse then stops the cell ("Unhandled data write"). */
#define ARM_MMIO_READ(suffix, type, addr)                                    \
	({                                                                  \
		type v_;                                                    \
		__asm__ volatile("ldr" suffix " %0, %1"                     \
				 : "=r"(v_)                                 \
				 : "Qo"(*(volatile const type *)(addr)));   \
		v_;                                                         \
	})
#define ARM_MMIO_WRITE(suffix, type, addr, v)                                \
	__asm__ volatile("str" suffix " %1, %0"                             \
			 : "=Qo"(*(volatile type *)(addr))                  \
			 : "r"((type)(v)))

static inline uint32_t mmio_read32(uintptr_t addr)
{
	uint32_t v = ARM_MMIO_READ("", uint32_t, addr);

	io_rmb();
	return v;
}

/* LDRH and STRH take an offset of 8 bits only: a bare base register. */
static inline uint16_t mmio_read16(uintptr_t addr)
{
	uint16_t v;

	__asm__ volatile("ldrh %0, %1"
			 : "=r"(v)
			 : "Q"(*(volatile const uint16_t *)addr));
	io_rmb();
	return v;
}

static inline uint8_t mmio_read8(uintptr_t addr)
{
	uint8_t v = ARM_MMIO_READ("b", uint8_t, addr);

	io_rmb();
	return v;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	io_wmb();
	ARM_MMIO_WRITE("", uint32_t, addr, v);
}

static inline void mmio_write16(uintptr_t addr, uint16_t v)
{
	io_wmb();
	__asm__ volatile("strh %1, %0"
			 : "=Q"(*(volatile uint16_t *)addr)
			 : "r"(v));
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	io_wmb();
	ARM_MMIO_WRITE("b", uint8_t, addr, v);
}

/* Accessors without the ordering barrier, for hot paths that only touch
 * device registers (e.g. polling a status bit), where Device-memory
 * ordering among the accesses themselves is enough. */
static inline uint32_t mmio_read32_relaxed(uintptr_t addr)
{
	return ARM_MMIO_READ("", uint32_t, addr);
}

static inline void mmio_write32_relaxed(uintptr_t addr, uint32_t v)
{
	ARM_MMIO_WRITE("", uint32_t, addr, v);
}

#endif
