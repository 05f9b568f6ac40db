/* Until arch_init() turns the MMU on, every data access is to
 * Strongly-ordered memory, where an unaligned access is an alignment
 * fault whatever SCTLR.A says (DDI 0406C A3.2.1). QEMU 7.2 does not fault
 * it, so this image makes the same boot with SCTLR.A set over that span:
 * from the first thing kernel_main() does up to the MMU. Linked with
 * -Wl,--wrap=fdt_open,--wrap=arch_init. */
#include "arch.h"
#include "cpu.h"
#include "fdt.h"

int __real_fdt_open(struct fdt *fdt, const void *blob, size_t avail);
int __wrap_fdt_open(struct fdt *fdt, const void *blob, size_t avail);
void __real_arch_init(const struct fdt *fdt);
void __wrap_arch_init(const struct fdt *fdt);

int __wrap_fdt_open(struct fdt *fdt, const void *blob, size_t avail)
{
	cp15_write_sctlr(cp15_read_sctlr() | SCTLR_A);
	isb();
	return __real_fdt_open(fdt, blob, avail);
}

void __wrap_arch_init(const struct fdt *fdt)
{
	cp15_write_sctlr(cp15_read_sctlr() & ~SCTLR_A);
	isb();
	__real_arch_init(fdt);
}
