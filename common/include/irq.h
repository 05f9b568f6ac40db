/* Interrupt abstraction.
 *
 * IRQ numbers are one flat space per system, defined by the root controller
 * (GIC interrupt IDs; x86 vectors). Drivers obtain their numbers from the
 * device tree with irq_of_fdt(), attach a handler with irq_attach() and
 * unmask with irq_enable().
 *
 * Nesting policy: none. Handlers run one at a time with interrupts masked
 * on the CPU, so a handler never needs to protect itself against another
 * handler; keep them short (wake a thread for real work). The worst-case
 * latency of an interrupt is therefore the longest handler or masked
 * section, which the benchmark measures. */
#ifndef IRQ_H
#define IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "fdt.h"

#ifndef CONFIG_IRQ_MAX
#define CONFIG_IRQ_MAX 256
#endif

typedef void (*irq_handler_t)(void *arg);

enum irq_trigger {
	IRQ_TRIGGER_KEEP,	/* leave as the hardware has it */
	IRQ_TRIGGER_LEVEL_HIGH,
	IRQ_TRIGGER_LEVEL_LOW,
	IRQ_TRIGGER_EDGE_RISING,
	IRQ_TRIGGER_EDGE_FALLING,
};

struct irq_chip {
	const char *name;
	int node;		/* its device-tree node (interrupt-parent) */
	unsigned int version;	/* architecture version of the controller */
	unsigned int nr_lines;	/* interrupt lines it implements */
	/* Root controller only (the one the CPU's interrupt entry talks to):
	 * signal the end of handling `irq`. The architecture's entry code
	 * acknowledges the interrupt itself, as it is on the latency path. */
	void (*eoi)(struct irq_chip *chip, unsigned int irq);
	/* Decodes an interrupt specifier from the device tree. */
	int (*xlate)(struct irq_chip *chip, const struct fdt_irq *spec,
		     unsigned int *irq, enum irq_trigger *trigger);
	/* Takes a line from the device tree for this CPU: routes it here,
	 * masked, with `trigger` (IRQ_TRIGGER_KEEP: the one it has). */
	int (*configure)(struct irq_chip *chip, unsigned int irq,
			 enum irq_trigger trigger);
	/* 0, or -E_NOTSUP when the chip cannot mask this interrupt (a GIC
	 * whose SGIs are always enabled, a LAPIC vector without an LVT
	 * entry): it stays deliverable. */
	int (*mask)(struct irq_chip *chip, unsigned int irq);
	void (*unmask)(struct irq_chip *chip, unsigned int irq);
	/* Priority 0 (most urgent) .. 255; chips may round. */
	int (*set_priority)(struct irq_chip *chip, unsigned int irq,
			    unsigned int prio);
	/* Makes `irq` pending by software: those of the soft range (SGI /
	 * self-IPI) and any other the chip can (GIC SPIs); optional. */
	int (*raise)(struct irq_chip *chip, unsigned int irq);
	/* IRQ numbers [soft_first, soft_first + soft_count) can be raised by
	 * software on this CPU. */
	unsigned int soft_first, soft_count;
};

/* Registers a controller. Exactly one root (with eoi) per system. */
int irq_chip_register(struct irq_chip *chip);
/* The root controller, or NULL before one is registered. */
struct irq_chip *irq_root_chip(void);

/* The index'th interrupt of a device node as an IRQ number, configured with
 * the trigger the device tree gives; -E_PERM when the hypervisor keeps the
 * device's interrupts (hv_device_irqs_usable()). */
int irq_of_fdt(const struct fdt *fdt, int node, unsigned int index,
	       unsigned int *irq);

/* Attaches a handler: -E_BUSY if the IRQ already has one, -E_NODEV before
 * the root interrupt controller is registered. */
int irq_attach(unsigned int irq, irq_handler_t fn, void *arg);
int irq_detach(unsigned int irq);
/* Replaces the handler of `irq` and gives back the one it had: for a
 * measurement that borrows a kernel device's interrupt for a while.
 * -E_NODEV (nothing given back) before the root controller is
 * registered, as irq_attach(). */
int irq_swap(unsigned int irq, irq_handler_t fn, void *arg,
	     irq_handler_t *old_fn, void **old_arg);
int irq_enable(unsigned int irq);
int irq_disable(unsigned int irq);
int irq_set_priority(unsigned int irq, unsigned int prio);
int irq_raise(unsigned int irq);
/* The index'th software-triggerable IRQ number (for self-interrupts and
 * tests): -E_RANGE past the root controller's supply. */
int irq_soft(unsigned int index, unsigned int *irq);

/* Masks every interrupt that has a handler, at its controller: the
 * orderly-stop path, so that nothing of ours fires after we are gone. */
void irq_quiesce(void);

/* What irq_dispatch() reads, together (one base address) and small: a
 * handler is two words, so an entry is found with one shift. Every entry
 * has a handler (an "unexpected" one until one is attached): no test on
 * the way to it. Only irq.c writes it; it is here for irq_in_isr(), which
 * every blocking call and every give asks. */
struct irq_entry {
	irq_handler_t fn;
	void *arg;
};

/* The table first: an entry's address is then the base plus the scaled
 * number, one instruction fewer on the way to every handler. */
struct irq_hot {
	struct irq_entry table[CONFIG_IRQ_MAX];
	unsigned int nesting;		/* handlers running on this CPU */
	struct irq_chip *root;
};

extern struct irq_hot irq_hot;

/* True while an interrupt handler runs on this CPU. */
static inline bool irq_in_isr(void)
{
	return irq_hot.nesting != 0;
}
/* Interrupts taken that had no handler (they are masked when seen). */
unsigned int irq_unhandled_count(void);
unsigned int irq_spurious_count(void);

/* Called by the architecture's interrupt entry with interrupts masked and
 * the interrupt acknowledged: runs the handler of `irq` and signals its
 * end to the root controller. Numbers outside the table (a spurious
 * interrupt ID) are counted and ended without a handler. */
void irq_dispatch(unsigned int irq);

#endif
