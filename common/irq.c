#include "irq.h"

#include "arch.h"
#include "console.h"
#include "hv.h"
#include "kerr.h"
#include "panic.h"
#include "sched.h"

#define IRQ_CHIPS_MAX 4

struct irq_hot irq_hot;
static struct irq_chip *irq_chip_of[CONFIG_IRQ_MAX];	/* who masks it */
static struct irq_chip *irq_chips[IRQ_CHIPS_MAX];
static unsigned int irq_nchips;
static unsigned int irq_unhandled, irq_spurious;

#define irq_root (irq_hot.root)
#define irq_table (irq_hot.table)

static void irq_unexpected(void *arg);

int irq_chip_register(struct irq_chip *chip)
{
	if (irq_nchips == IRQ_CHIPS_MAX)
		return -E_NOMEM;
	if (chip->eoi) {
		if (irq_root)
			return -E_BUSY;
		irq_root = chip;
		for (uintptr_t i = 0; i < CONFIG_IRQ_MAX; i++) {
			irq_table[i].fn = irq_unexpected;
			irq_table[i].arg = (void *)i;
		}
	}
	irq_chips[irq_nchips++] = chip;
	return 0;
}

struct irq_chip *irq_root_chip(void)
{
	return irq_root;
}

static struct irq_chip *irq_chip_of_node(int node)
{
	for (unsigned int i = 0; i < irq_nchips; i++)
		if (irq_chips[i]->node == node)
			return irq_chips[i];
	return NULL;
}

static struct irq_chip *irq_owner(unsigned int irq)
{
	struct irq_chip *chip = irq_chip_of[irq];

	return chip ? chip : irq_root;
}

/* Runs once per device, when it is set up: cold, so that GCC optimises
 * it for size rather than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
int irq_of_fdt(const struct fdt *fdt, int node, unsigned int index,
	       unsigned int *irq)
{
	struct fdt_irq spec;
	struct irq_chip *chip;
	enum irq_trigger trigger;
	int err;

	err = fdt_irq(fdt, node, index, &spec);
	if (err < 0) {
		/* The driver's probe names the device; this, its parent. */
		if (err == -E_NOTSUP)
			kprintf("irq: %s: interrupt-map unsupported\n",
				fdt_node_name(fdt, spec.controller));
		return err;
	}
	/* The hypervisor may keep a device's interrupts for another guest:
	 * touching the controller for it would at best do nothing. */
	if (!hv_device_irqs_usable(fdt, node))
		return -E_PERM;
	chip = irq_chip_of_node(spec.controller);
	if (!chip || !chip->xlate)
		return -E_NODEV;
	err = chip->xlate(chip, &spec, irq, &trigger);
	if (err < 0)
		return err;
	if (*irq >= CONFIG_IRQ_MAX)
		return -E_RANGE;
	irq_chip_of[*irq] = chip;
	/* Also for a trigger to keep: taking a line does more than set its
	 * trigger (the chip routes it to this CPU, and may clear what a
	 * previous owner left, such as an active state). */
	if (chip->configure)
		return chip->configure(chip, *irq, trigger);
	return 0;
}

int irq_attach(unsigned int irq, irq_handler_t fn, void *arg)
{
	irqstate_t s;
	int err = 0;

	if (irq >= CONFIG_IRQ_MAX || !fn)
		return -E_INVAL;
	if (!irq_root)
		return -E_NODEV;	/* the table is set up with the root */
	/* Masked: an interrupt between the two stores would pass the new
	 * arg to irq_unexpected, and a second attach could slip in. */
	s = arch_irq_save();
	if (irq_table[irq].fn != irq_unexpected) {
		err = -E_BUSY;
	} else {
		irq_table[irq].arg = arg;
		irq_table[irq].fn = fn;
	}
	arch_irq_restore(s);
	return err;
}

int irq_swap(unsigned int irq, irq_handler_t fn, void *arg,
	     irq_handler_t *old_fn, void **old_arg)
{
	irqstate_t s;

	if (irq >= CONFIG_IRQ_MAX || !fn)
		return -E_INVAL;
	if (!irq_root)
		return -E_NODEV;	/* as irq_attach(): no table yet */
	s = arch_irq_save();
	*old_fn = irq_table[irq].fn;
	*old_arg = irq_table[irq].arg;
	irq_table[irq].fn = fn;
	irq_table[irq].arg = arg;
	arch_irq_restore(s);
	return 0;
}

int irq_detach(unsigned int irq)
{
	irqstate_t s;

	if (irq >= CONFIG_IRQ_MAX)
		return -E_INVAL;
	irq_disable(irq);
	/* Masked, as in irq_attach(): a line that cannot be disabled, or an
	 * interrupt already latched, would otherwise run the old handler
	 * with the new argument. */
	s = arch_irq_save();
	irq_table[irq] = (struct irq_entry){ irq_unexpected,
					     (void *)(uintptr_t)irq };
	arch_irq_restore(s);
	return 0;
}

int irq_enable(unsigned int irq)
{
	struct irq_chip *chip;

	if (irq >= CONFIG_IRQ_MAX || !irq_root)
		return -E_INVAL;
	chip = irq_owner(irq);
	if (!chip->unmask)
		return -E_NOTSUP;
	chip->unmask(chip, irq);
	return 0;
}

int irq_disable(unsigned int irq)
{
	struct irq_chip *chip;

	if (irq >= CONFIG_IRQ_MAX || !irq_root)
		return -E_INVAL;
	chip = irq_owner(irq);
	return chip->mask ? chip->mask(chip, irq) : -E_NOTSUP;
}

int irq_set_priority(unsigned int irq, unsigned int prio)
{
	struct irq_chip *chip;

	if (irq >= CONFIG_IRQ_MAX || !irq_root || prio > 255)
		return -E_INVAL;
	chip = irq_owner(irq);
	return chip->set_priority ? chip->set_priority(chip, irq, prio)
				  : -E_NOTSUP;
}

int irq_raise(unsigned int irq)
{
	struct irq_chip *chip;

	if (irq >= CONFIG_IRQ_MAX || !irq_root)
		return -E_INVAL;
	chip = irq_owner(irq);
	return chip->raise ? chip->raise(chip, irq) : -E_NOTSUP;
}

void irq_quiesce(void)
{
	for (unsigned int irq = 0; irq < CONFIG_IRQ_MAX; irq++)
		if (irq_table[irq].fn != irq_unexpected)
			irq_disable(irq);
}

int irq_soft(unsigned int index, unsigned int *irq)
{
	if (!irq_root || index >= irq_root->soft_count)
		return -E_RANGE;
	*irq = irq_root->soft_first + index;
	return 0;
}

unsigned int irq_unhandled_count(void)
{
	return irq_unhandled;
}

unsigned int irq_spurious_count(void)
{
	return irq_spurious;
}

/* Nobody asked for it: mask it so it cannot storm, and say so (or that
 * its chip cannot mask it: a software-raised one comes once). */
static __attribute__((cold)) void irq_unexpected(void *arg)
{
	unsigned int irq = (unsigned int)(uintptr_t)arg;
	int err;

	irq_unhandled++;
	err = irq_disable(irq);
	if (err == 0)
		kprintf("irq: unexpected interrupt %u masked\n", irq);
	else
		kprintf("irq: unexpected interrupt %u, which cannot be masked "
			"(%s)\n", irq, kerr_name(err));
}

/* Beyond the table: the controller's spurious ID, or a real line the
 * table has no room for (a controller with more than CONFIG_IRQ_MAX
 * lines, one a boot loader left enabled), which is masked as an
 * unexpected one would be: left alone, a level-triggered one would
 * storm. The controller tells the two apart by refusing the mask. */
static __attribute__((cold, noinline)) void irq_beyond_table(unsigned int irq)
{
	struct irq_chip *root = irq_root;

	if (root->mask && root->mask(root, irq) == 0) {
		irq_unhandled++;
		kprintf("irq: unexpected interrupt %u (the kernel has room for "
			"%u) masked\n", irq, (unsigned int)CONFIG_IRQ_MAX);
	} else {
		irq_spurious++;
	}
	root->eoi(root, irq);
}

/* The hot path: a bound check, the nesting count, the handler (the
 * interrupt latency budget counts every instruction up to it). */
void irq_dispatch(unsigned int irq)
{
	const struct irq_entry *e;
	struct irq_chip *root;

	if (__builtin_expect(irq >= CONFIG_IRQ_MAX, 0)) {
		irq_beyond_table(irq);
		return;
	}
	irq_hot.nesting++;
	e = &irq_table[irq];
	e->fn(e->arg);
	irq_hot.nesting--;
	root = irq_root;
	root->eoi(root, irq);
	/* Preempt on the way out: the thread the handler woke runs now. */
	sched_irq_exit();
}
