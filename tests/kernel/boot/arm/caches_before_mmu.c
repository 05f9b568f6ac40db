/* What the entry left of a boot loader's caches: SCTLR read back just
 * before arch_init() turns the MMU and caches on. Under QEMU, which has
 * no caches, the bits are the only witness that the entry turned them
 * off (its "cleaned and turned off" line reports what it found, not what
 * it did). Linked with -Wl,--wrap=arch_init. */
#include "arch.h"
#include "console.h"
#include "cpu.h"

void __real_arch_init(const struct fdt *fdt);
void __wrap_arch_init(const struct fdt *fdt);

void __wrap_arch_init(const struct fdt *fdt)
{
	uint32_t sctlr = cp15_read_sctlr();

	kprintf("test: SCTLR before the MMU: C %u, I %u, M %u\n",
		!!(sctlr & SCTLR_C), !!(sctlr & SCTLR_I), !!(sctlr & SCTLR_M));
	__real_arch_init(fdt);
}
