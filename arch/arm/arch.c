/* The ARMv7-A side of the port interface (common/include/arch.h). */
#include "arch.h"

#include "arm_fault_decode.h"
#include "console.h"
#include "cpu.h"
#include "kernel.h"

void arch_halt(void)
{
	__asm__ volatile("cpsid aif" ::: "memory");
	for (;;)
		__asm__ volatile("wfi");
}

void arch_init(const struct fdt *fdt)
{
	(void)fdt;
	arm_mmu_init(kernel_memmap());
	arm_fp_init();
}

static const char *arm_part_name(uint32_t midr)
{
	if ((midr >> 24) != 0x41)
		return "non-ARM core";
	switch ((midr >> 4) & 0xfff) {
	case 0xc07: return "Cortex-A7";
	case 0xc08: return "Cortex-A8";
	case 0xc09: return "Cortex-A9";
	case 0xc0d: return "Cortex-A12";
	case 0xc0e: return "Cortex-A17";
	case 0xc0f: return "Cortex-A15";
	default: return "ARM core";
	}
}

void arch_print_info(void)
{
	uint32_t midr = cp15_read_midr();

	kprintf("cpu: %s r%up%u (MIDR 0x%08x, MPIDR 0x%08x)\n",
		arm_part_name(midr), (unsigned int)(midr >> 20) & 0xf,
		(unsigned int)midr & 0xf, (unsigned int)midr,
		(unsigned int)cp15_read_mpidr());
	kprintf("cpu: entered in %s mode, running in %s mode\n",
		arm_mode_name(arm_entry_mode), arm_mode_name(cpsr_read()));
	if (arm_entry_sctlr & (SCTLR_M | SCTLR_C))
		kprintf("cpu: entered with the boot loader's %s on: cleaned "
			"and turned off\n",
			arm_entry_sctlr & SCTLR_M ? "MMU and caches"
						  : "data cache");
}

