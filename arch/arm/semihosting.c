/* ARM semihosting as the exit device under QEMU (-semihosting): reports
 * the kernel's exit status as QEMU's exit code.
 * Arm "Semihosting for AArch32 and AArch64" v2: SYS_EXIT_EXTENDED (0x20),
 * reason ADP_Stopped_ApplicationExit (0x20026). */
#include <stdint.h>

#include "driver.h"
#include "power.h"

#define SYS_EXIT_EXTENDED 0x20
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

__attribute__((noreturn)) static void semihosting_exit(int status)
{
	uint32_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, (uint32_t)status };
	register uint32_t r0 __asm__("r0") = SYS_EXIT_EXTENDED;
	register uint32_t *r1 __asm__("r1") = block;

	__asm__ volatile("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
	/* Only reached when the host does not implement semihosting, in
	 * which case the SVC was taken as an exception instead. */
	for (;;)
		__asm__ volatile("wfi");
}

static const struct power_ops semihosting_ops = {
	.name = "arm-semihosting",
	.exit = semihosting_exit,
};

static int semihosting_probe(const struct fdt *fdt, int node)
{
	(void)fdt;
	(void)node;
	power_register(&semihosting_ops);
	return 0;
}

static const char *const semihosting_compatible[] = {
	"cellmate,arm-semihosting", NULL,
};

DRIVER(semihosting_driver) = {
	.name = "arm-semihosting",
	.class = DRIVER_POWER,
	.compatible = semihosting_compatible,
	.probe = semihosting_probe,
};
