/* Ending the system: a power driver (QEMU's exit devices, semihosting)
 * reports the exit status to the platform. Without one, the CPU halts. */
#ifndef POWER_H
#define POWER_H

struct power_ops {
	const char *name;
	__attribute__((noreturn)) void (*exit)(int status);
};

void power_register(const struct power_ops *ops);

#endif
