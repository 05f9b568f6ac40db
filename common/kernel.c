/* Boot sequence of the portable core: device tree, console, CPU set-up,
 * interrupt controllers, timers, then the application. */
#include "kernel.h"

#include "arch.h"
#include "bootlog.h"
#include "clock.h"
#include "cmdline.h"
#include "console.h"
#include "driver.h"
#include "hv.h"
#include "irq.h"
#include "kerr.h"
#include "linker.h"
#include "memmap.h"
#include "panic.h"
#include "power.h"
#include "sched.h"

#ifndef CELLMATE_MAIN_PRIO
#define CELLMATE_MAIN_PRIO 16
#endif

extern const unsigned char __dtb_start[], __dtb_end[];
extern unsigned char __boot_stack_start[], __boot_stack_end[];

struct boot_stamps boot_stamps __attribute__((section(".data")));
/* fdt_open() sets every field it reads later: not cleared with .bss,
 * which costs boot time before the first console byte. */
static struct fdt board_fdt NOINIT("board_fdt");
static struct memmap board_map;
static struct thread main_thread;
static const struct power_ops *power;

const struct fdt *kernel_fdt(void)
{
	return &board_fdt;
}

const struct memmap *kernel_memmap(void)
{
	return &board_map;
}

void power_register(const struct power_ops *ops)
{
	power = ops;
}

static void kernel_bind(enum driver_class class, const char *what,
			bool required)
{
	int n = driver_bind_class(&board_fdt, class);

	if (n < 0)
		panic("boot: setting up %s failed (%s)", what, kerr_name(n));
	if (n == 0 && required)
		panic("boot: the device tree has no %s this kernel drives",
		      what);
}

/* One line as soon as there is a console: the first sign of life. */
static void kernel_banner(void)
{
	const char *model = "?";

	fdt_prop_string(&board_fdt, 0, "model", &model);
	kprintf("cellmate on %s\n", model);
}

void kernel_main(void)
{
	int err, map_err;

	err = fdt_open(&board_fdt, __dtb_start,
		       LINKER_SIZE(__dtb_start, __dtb_end));
	/* No console without a device tree, but the hypervisor layer can
	 * still report the failure. */
	if (err < 0)
		kernel_fail();
	/* The device tree's console first, so that boot speaks early; the
	 * hypervisor layer may substitute its own below. */
	err = console_bind_fdt(&board_fdt);
	kernel_banner();
	/* The exit device next: a failure from here on ends QEMU. */
	kernel_bind(DRIVER_POWER, "power/exit device", false);
	cmdline_init();
	map_err = memmap_from_fdt(&board_fdt, &board_map);
	if (map_err < 0)
		panic("boot: the device tree's memory map is unusable at "
		      "node '%s' (%s)", board_map.bad_node ? board_map.bad_node : "/",
		      kerr_name(map_err));
	/* The MMU and caches on before the hypervisor layer reads what the
	 * hypervisor wrote: on ARM, an access with the MMU off is uncached
	 * and would miss data still in the hypervisor CPU's cache. */
	arch_init(&board_fdt);
	hv_init(&board_fdt);
	if (hv_console_bind(&board_fdt) < 0 && err < 0)
		panic("boot: no console (%s)", kerr_name(err));
	bootlog_flush();
	hv_report();
	kernel_bind(DRIVER_IRQCHIP, "interrupt controller", true);
	kernel_bind(DRIVER_TIMER, "timer", true);
	if (!clock_source() || !clock_event())
		panic("boot: the timer driver gave no counter or no event");

	sched_init(&main_thread, "main", CELLMATE_MAIN_PRIO, __boot_stack_start,
		   LINKER_SIZE(__boot_stack_start, __boot_stack_end));
	arch_irq_enable();
	hv_start();
	boot_stamps.first_thread = arch_counter_read();
	kernel_exit(app_main());
}

/* Ends with the platform's exit device (QEMU) or a halted CPU. A fault
 * in the stop path (the exit device, the hypervisor's page) comes back
 * through kernel_fail(): each step is tried once, then the CPU halts. */
static __attribute__((noreturn)) void kernel_stop(int status)
{
	static bool exiting;

	if (power && !exiting) {
		exiting = true;
		power->exit(status);
	}
	arch_halt();
}

void kernel_exit(int status)
{
	arch_irq_save();
	kprintf("cellmate: stopped with status %d\n", status);
	irq_quiesce();
	if (clock_event())
		clock_event()->stop();
	hv_stopped();
	kernel_stop(status);
}

void kernel_fail(void)
{
	static bool failing;

	arch_irq_save();
	if (!failing) {
		failing = true;
		hv_failed();
	}
	kernel_stop(EXIT_FATAL);
}
