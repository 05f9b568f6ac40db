/* Drivers bound by device-tree `compatible` strings.
 *
 * A driver is one file that defines its table entry with DRIVER(); the
 * linker collects the entries in the .drivers section and boot walks the
 * DTB against them, one class at a time (interrupt controllers first, then
 * timers, ...). Adding a device type touches nothing but its file. */
#ifndef DRIVER_H
#define DRIVER_H

#include <stddef.h>

struct fdt;
struct uart_config;

enum driver_class {
	DRIVER_CONSOLE,		/* the node named by /chosen/stdout-path */
	DRIVER_IRQCHIP,
	DRIVER_TIMER,
	DRIVER_POWER,		/* system exit/off (QEMU exit devices, PSCI) */
	DRIVER_CLASS_COUNT
};

struct driver {
	const char *name;
	enum driver_class class;
	const char *const *compatible;	/* NULL-terminated list */
	/* Binds the device at `node`; 0 or a negative kerr code. */
	int (*probe)(const struct fdt *fdt, int node);
	/* UART console drivers: the type name the hypervisor layer and the
	 * command line use ("8250", "pl011"), and a probe that binds `node`
	 * only when it is the UART `cfg` describes (-E_NOENT, untouched,
	 * when it is another one), applying cfg's overrides. */
	const char *uart_type;
	int (*probe_uart)(const struct fdt *fdt, int node,
			  const struct uart_config *cfg);
};

#define DRIVER(var)                                                          \
	static const struct driver var;                                     \
	static const struct driver *const driver_entry_##var                 \
		__attribute__((used, section(".drivers"))) = &var;          \
	static const struct driver var

/* The driver of `class` that handles `node`, or NULL. The node's own
 * compatible order decides when several drivers could match. */
const struct driver *driver_find(const struct fdt *fdt, int node,
				 enum driver_class class);

/* Probes every enabled node that a driver of `class` handles, but for
 * those below a disabled node (which the memory map does not map).
 * Returns the number bound or the first probe error (negative). */
int driver_bind_class(const struct fdt *fdt, enum driver_class class);

/* Probes `node` with its `class` driver; -E_NODEV when none handles it. */
int driver_bind_node(const struct fdt *fdt, int node, enum driver_class class);

#endif
