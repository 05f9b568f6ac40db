#include "irq.h"

#include "console.h"
#include "kerr.h"
#include "panic.h"
#include "sched.h"

#define IRQ_CHIPS_MAX 4

struct irq_entry {
	irq_handler_t fn;
	void *arg;
	struct irq_chip *chip;	/* controller that masks/unmasks it */
};

static struct irq_entry irq_table[CONFIG_IRQ_MAX];
static struct irq_chip *irq_root;
static struct irq_chip *irq_chips[IRQ_CHIPS_MAX];
static unsigned int irq_nchips;
static unsigned int irq_depth;
static unsigned int irq_unhandled, irq_spurious;

int irq_chip_register(struct irq_chip *chip)
{
	if (irq_nchips == IRQ_CHIPS_MAX)
		return -E_NOMEM;
	if (chip->eoi) {
		if (irq_root)
			return -E_BUSY;
		irq_root = chip;
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
	struct irq_chip *chip = irq_table[irq].chip;

	return chip ? chip : irq_root;
}

int irq_of_fdt(const struct fdt *fdt, int node, unsigned int index,
	       unsigned int *irq)
{
	struct fdt_irq spec;
	struct irq_chip *chip;
	enum irq_trigger trigger;
	int err;

	err = fdt_irq(fdt, node, index, &spec);
	if (err < 0)
		return err;
	chip = irq_chip_of_node(spec.controller);
	if (!chip || !chip->xlate)
		return -E_NODEV;
	err = chip->xlate(chip, &spec, irq, &trigger);
	if (err < 0)
		return err;
	if (*irq >= CONFIG_IRQ_MAX)
		return -E_RANGE;
	irq_table[*irq].chip = chip;
	if (trigger != IRQ_TRIGGER_KEEP && chip->configure)
		return chip->configure(chip, *irq, trigger);
	return 0;
}

int irq_attach(unsigned int irq, irq_handler_t fn, void *arg)
{
	if (irq >= CONFIG_IRQ_MAX || !fn)
		return -E_INVAL;
	if (irq_table[irq].fn)
		return -E_BUSY;
	irq_table[irq].arg = arg;
	irq_table[irq].fn = fn;
	return 0;
}

int irq_detach(unsigned int irq)
{
	if (irq >= CONFIG_IRQ_MAX)
		return -E_INVAL;
	irq_disable(irq);
	irq_table[irq].fn = NULL;
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
	if (!chip->mask)
		return -E_NOTSUP;
	chip->mask(chip, irq);
	return 0;
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
		if (irq_table[irq].fn)
			irq_disable(irq);
}

int irq_soft(unsigned int index, unsigned int *irq)
{
	if (!irq_root || index >= irq_root->soft_count)
		return -E_RANGE;
	*irq = irq_root->soft_first + index;
	return 0;
}

bool irq_in_isr(void)
{
	return irq_depth != 0;
}

unsigned int irq_unhandled_count(void)
{
	return irq_unhandled;
}

unsigned int irq_spurious_count(void)
{
	return irq_spurious;
}

void irq_dispatch(unsigned int irq)
{
	struct irq_chip *root = irq_root;
	const struct irq_entry *e;

	if (irq >= CONFIG_IRQ_MAX) {
		irq_spurious++;
		root->eoi(root, irq);
		return;
	}
	irq_depth++;
	e = &irq_table[irq];
	if (e->fn) {
		e->fn(e->arg);
	} else {
		/* Nobody asked for it: mask it so it cannot storm, and say so. */
		irq_unhandled++;
		irq_disable(irq);
		kprintf("irq: unexpected interrupt %u masked\n", irq);
	}
	irq_depth--;
	root->eoi(root, irq);
	/* Preempt on the way out: the thread the handler woke runs now. */
	if (sched_switch_pending)
		sched_irq_exit();
}
