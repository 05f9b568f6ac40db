/* Stand-ins for the binding path on the host; see fdt_bind.h. */
#include "fdt_bind.h"

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

#include "console.h"
#include "driver.h"
#include "fmt.h"
#include "hv.h"
#include "irq.h"
#include "kerr.h"
#include "sched.h"

unsigned int fdt_bind_bad_calls;

/* A controller whose specifier is the IRQ number itself, raw from the
 * tree, and a trigger: irq_of_fdt() must bound what it gets back. */
static int bind_xlate(struct irq_chip *chip, const struct fdt_irq *spec,
		      unsigned int *irq, enum irq_trigger *trigger)
{
	(void)chip;
	*irq = spec->cells[0];
	*trigger = spec->ncells > 1 && spec->cells[1] <= IRQ_TRIGGER_EDGE_FALLING
			   ? (enum irq_trigger)spec->cells[1]
			   : IRQ_TRIGGER_KEEP;
	return 0;
}

static int bind_configure(struct irq_chip *chip, unsigned int irq,
			  enum irq_trigger trigger)
{
	(void)chip;
	(void)trigger;
	if (irq >= CONFIG_IRQ_MAX)
		fdt_bind_bad_calls++;
	return 0;
}

static struct irq_chip bind_chips[FDT_BIND_CHIPS];

void fdt_bind_attach(const struct fdt *f)
{
	static bool registered;
	unsigned int n = 0;
	int node = 0, depth = 0;

	if (!registered) {
		for (unsigned int i = 0; i < FDT_BIND_CHIPS; i++) {
			bind_chips[i] = (struct irq_chip){
				.name = "stand-in", .node = -1, .nr_lines = 64,
				.xlate = bind_xlate, .configure = bind_configure,
			};
			irq_chip_register(&bind_chips[i]);
		}
		registered = true;
	}
	fdt_bind_bad_calls = 0;
	for (; node >= 0 && n < FDT_BIND_CHIPS;
	     node = fdt_next_node(f, node, &depth))
		if (fdt_prop_bool(f, node, "interrupt-controller"))
			bind_chips[n++].node = node;
	while (n < FDT_BIND_CHIPS)
		bind_chips[n++].node = -1;
}

/* A probe reads what real ones read: registers, interrupts, options. */
static int bind_probe(const struct fdt *f, int node)
{
	uint64_t addr, size;
	unsigned int irq;
	uint32_t shift;
	int err = fdt_reg(f, node, 0, &addr, &size);

	if (!err)
		err = irq_of_fdt(f, node, 0, &irq);
	if (!err && fdt_prop_u32(f, node, "reg-shift", &shift) == 0 &&
	    shift > 2)
		err = -E_RANGE;
	return err;
}

static const char *const bind_uarts[] = { "arm,pl011", "ns16550a",
					  "snps,dw-apb-uart", "x,u", NULL };
static const char *const bind_gics[] = { "arm,cortex-a15-gic",
					 "arm,cortex-a7-gic", "x,ic", NULL };
static const char *const bind_timers[] = { "arm,armv7-timer", "x,v",
					   "x,u", NULL };

static const struct driver bind_uart = { "uart", DRIVER_CONSOLE, bind_uarts,
					 bind_probe, "8250", NULL };
static const struct driver bind_gic = { "gic", DRIVER_IRQCHIP, bind_gics,
					bind_probe, NULL, NULL };
static const struct driver bind_timer = { "timer", DRIVER_TIMER,
					  bind_timers, bind_probe, NULL,
					  NULL };

/* The table the linker script delimits in the kernel: here an array and
 * a symbol at its end. */
const struct driver *const __drivers_start[] = { &bind_uart, &bind_gic,
						 &bind_timer };
#define BIND_STR(x) #x
#define BIND_XSTR(x) BIND_STR(x)
__asm__(".globl __drivers_end\n\t"
	".set __drivers_end, __drivers_start + 3 * "
	BIND_XSTR(__SIZEOF_POINTER__));

/* Kernel services driver.c and irq.c call. */
char fdt_bind_said[256];

static void bind_out(void *ctx, const char *s, size_t n)
{
	size_t have = strlen(fdt_bind_said);

	(void)ctx;
	if (n > sizeof(fdt_bind_said) - 1 - have)
		n = sizeof(fdt_bind_said) - 1 - have;
	memcpy(fdt_bind_said + have, s, n);
	fdt_bind_said[have + n] = '\0';
}

int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	/* The kernel's own formatter, over names from the tree. */
	va_start(ap, fmt);
	n = fmt_vformat(bind_out, NULL, fmt, ap);
	va_end(ap);
	return n;
}

/* As the Jailhouse backend: a property and the node's name. */
bool hv_device_irqs_usable(const struct fdt *fdt, int node)
{
	if (!fdt_prop_bool(fdt, node, "cellmate,jailhouse-root-shared"))
		return true;
	kprintf("%s is shared\n", fdt_node_name(fdt, node));
	return false;
}

unsigned int fdt_bind_irq_exits, fdt_bind_irq_exits_in_isr;

void sched_irq_exit(void)
{
	fdt_bind_irq_exits++;
	if (irq_in_isr())
		fdt_bind_irq_exits_in_isr++;
}
