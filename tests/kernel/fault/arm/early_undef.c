/* An undefined instruction before arch_init() has given the FPU access
 * (CPACR): the report must not read the FPU's registers to ask whether
 * it was an FP instruction, as that read is itself undefined then and
 * would end the report after its first line. Linked with
 * -Wl,--wrap=arch_init. */
#include "arch.h"

void fault_undef(void);
void __real_arch_init(const struct fdt *fdt);
void __wrap_arch_init(const struct fdt *fdt);

void __wrap_arch_init(const struct fdt *fdt)
{
	fault_undef();
	__real_arch_init(fdt);
}
