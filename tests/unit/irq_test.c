/* The IRQ table (common/irq.c): attach, swap and detach before and after the
 * root controller that sets the table up, the table's bound (256 lines)
 * on every call, lines from the device tree, dispatch past the table,
 * interrupt context in nested handlers, quiesce, the software range, a
 * second controller's lines, lines the hypervisor keeps, and the table
 * of controllers. The cases share one
 * irq.c and run in this order. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"
#include "fdt_bind.h"
#include "irq.h"
#include "kerr.h"
#include "unit.h"
#include "unit_fdt.h"

_Static_assert(CONFIG_IRQ_MAX == 256, "the IRQ table has 256 lines");

#define NONE (~0u)

static unsigned int handled, handled_arg;

static void handler(void *arg)
{
	handled++;
	handled_arg = (unsigned int)(uintptr_t)arg;
}

/* What the root controller was last asked, NONE when nothing. */
static unsigned int masked, unmasked, eoied, raised, prio_irq, prio_set;
static unsigned int configured, configured_trigger;
static unsigned int masks;	/* mask calls */

static void calls_reset(void)
{
	masked = unmasked = eoied = raised = prio_irq = prio_set = NONE;
	configured = configured_trigger = NONE;
	masks = 0;
	handled = 0;
	handled_arg = NONE;
}

static void root_eoi(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	eoied = irq;
}

/* Specifiers are <line trigger>, taken as they are: irq.c must bound
 * the line. */
static int root_xlate(struct irq_chip *chip, const struct fdt_irq *spec,
		      unsigned int *irq, enum irq_trigger *trigger)
{
	(void)chip;
	*irq = spec->cells[0];
	*trigger = (enum irq_trigger)spec->cells[1];
	return 0;
}

static int root_configure(struct irq_chip *chip, unsigned int irq,
			  enum irq_trigger trigger)
{
	(void)chip;
	configured = irq;
	configured_trigger = trigger;
	return 0;
}

/* Every line up to the table's end can be masked; beyond it (a
 * spurious ID) not, as a GIC's 1023. */
static int root_mask(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	masked = irq;
	masks++;
	return irq < 1020 ? 0 : -E_NOTSUP;
}

static void root_unmask(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	unmasked = irq;
}

static int root_set_priority(struct irq_chip *chip, unsigned int irq,
			     unsigned int prio)
{
	(void)chip;
	prio_irq = irq;
	prio_set = prio;
	return 0;
}

static int root_raise(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	raised = irq;
	return 0;
}

#define SOFT_FIRST 16
#define SOFT_COUNT 4

static struct irq_chip root = {
	.name = "root", .node = -1, .nr_lines = 1020, .eoi = root_eoi,
	.xlate = root_xlate, .configure = root_configure, .mask = root_mask,
	.unmask = root_unmask, .set_priority = root_set_priority,
	.raise = root_raise, .soft_first = SOFT_FIRST,
	.soft_count = SOFT_COUNT,
};

UNIT_TEST(attach_needs_a_root_controller_then_takes_one_handler_a_line)
{
	unsigned int irq = NONE;
	irq_handler_t old_fn = handler;
	void *old_arg = &old_fn;

	EXPECT(irq_attach(5, handler, NULL) == -E_NODEV,
	       "before the root controller: E_NODEV, not E_BUSY");
	/* The table is not set up yet: a swap would hand back a NULL
	 * handler, and swapping it back in would leave one there. */
	EXPECT(irq_swap(5, handler, NULL, &old_fn, &old_arg) == -E_NODEV &&
	       old_fn == handler && old_arg == &old_fn,
	       "swap before the root controller: E_NODEV, nothing given back");
	EXPECT(irq_soft(0, &irq) == -E_RANGE && irq == NONE,
	       "no software interrupt before the root controller");
	REQUIRE(irq_chip_register(&root) == 0, "root registered");
	EXPECT(irq_attach(5, handler, NULL) == 0, "attached");
	EXPECT(irq_attach(5, handler, NULL) == -E_BUSY, "a second: E_BUSY");
	EXPECT(irq_detach(5) == 0 && irq_attach(5, handler, NULL) == 0,
	       "free again once detached");
	EXPECT(irq_attach(CONFIG_IRQ_MAX, handler, NULL) == -E_INVAL,
	       "beyond the table: E_INVAL");
	irq_detach(5);
}

UNIT_TEST(every_call_takes_line_255_and_refuses_line_256)
{
	irq_handler_t old_fn;
	void *old_arg;

	calls_reset();
	EXPECT(irq_attach(255, handler, NULL) == 0, "attach 255");
	EXPECT(irq_enable(255) == 0 && unmasked == 255, "enable 255 "
	       "unmasks it, unmasked %u", unmasked);
	EXPECT(irq_set_priority(255, 7) == 0 && prio_irq == 255 &&
	       prio_set == 7, "priority 7 set on 255, got %u on %u", prio_set,
	       prio_irq);
	EXPECT(irq_raise(255) == 0 && raised == 255, "raise 255, raised %u",
	       raised);
	EXPECT(irq_swap(255, handler, (void *)1, &old_fn, &old_arg) == 0 &&
	       old_fn == handler && old_arg == NULL, "swap on 255");
	EXPECT(irq_disable(255) == 0 && masked == 255, "disable 255 masks "
	       "it, masked %u", masked);
	EXPECT(irq_detach(255) == 0, "detach 255");

	calls_reset();
	EXPECT(irq_attach(256, handler, NULL) == -E_INVAL, "attach 256: "
	       "E_INVAL");
	EXPECT(irq_enable(256) == -E_INVAL && unmasked == NONE,
	       "enable 256: E_INVAL, nothing unmasked (%u)", unmasked);
	EXPECT(irq_disable(256) == -E_INVAL && masked == NONE,
	       "disable 256: E_INVAL, nothing masked (%u)", masked);
	EXPECT(irq_set_priority(256, 7) == -E_INVAL && prio_irq == NONE,
	       "priority on 256: E_INVAL, nothing set (%u)", prio_irq);
	EXPECT(irq_raise(256) == -E_INVAL && raised == NONE,
	       "raise 256: E_INVAL, nothing raised (%u)", raised);
	EXPECT(irq_swap(256, handler, NULL, &old_fn, &old_arg) == -E_INVAL,
	       "swap on 256: E_INVAL");
	EXPECT(irq_detach(256) == -E_INVAL && masked == NONE,
	       "detach 256: E_INVAL, nothing masked (%u)", masked);
	EXPECT(irq_set_priority(255, 255) == 0 && prio_set == 255 &&
	       irq_set_priority(255, 256) == -E_INVAL && prio_set == 255,
	       "priorities up to 255, 256 refused");
}

UNIT_TEST(detach_masks_the_line_and_puts_the_unexpected_handler_back)
{
	unsigned int before;

	calls_reset();
	REQUIRE(irq_attach(9, handler, (void *)9) == 0, "attach 9");
	irq_dispatch(9);
	EXPECT(handled == 1 && handled_arg == 9 && eoied == 9,
	       "the handler ran with its argument and 9 ended");
	calls_reset();
	EXPECT(irq_detach(9) == 0 && masked == 9, "detach masks 9, masked "
	       "%u", masked);
	before = irq_unhandled_count();
	irq_dispatch(9);
	EXPECT(handled == 0 && irq_unhandled_count() == before + 1,
	       "after detach 9 is unexpected, not handled");
}

UNIT_TEST(dispatch_runs_line_255_and_masks_a_line_past_the_table)
{
	unsigned int unhandled, spurious;

	calls_reset();
	REQUIRE(irq_attach(255, handler, (void *)255) == 0, "attach 255");
	irq_dispatch(255);
	EXPECT(handled == 1 && handled_arg == 255 && eoied == 255,
	       "the handler of 255 ran and 255 ended");
	irq_detach(255);

	calls_reset();
	unhandled = irq_unhandled_count();
	spurious = irq_spurious_count();
	irq_dispatch(256);
	EXPECT(handled == 0 && masked == 256 && eoied == 256,
	       "256 past the table masked (%u) and ended (%u), no handler",
	       masked, eoied);
	EXPECT(irq_unhandled_count() == unhandled + 1 &&
	       irq_spurious_count() == spurious, "256 counted unexpected");
	calls_reset();
	irq_dispatch(1023);
	EXPECT(irq_spurious_count() == spurious + 1 && eoied == 1023,
	       "an ID the controller cannot mask counted spurious, ended");
}

/* Interrupt context as each handler saw it: the outer on entry, the
 * nested one, the outer after the nested one returned. */
static bool outer_in_isr, inner_in_isr, outer_in_isr_after;

static void inner_handler(void *arg)
{
	(void)arg;
	inner_in_isr = irq_in_isr();
}

static void outer_handler(void *arg)
{
	(void)arg;
	outer_in_isr = irq_in_isr();
	irq_dispatch(13);	/* taken while this one runs */
	outer_in_isr_after = irq_in_isr();
}

UNIT_TEST(handlers_run_in_interrupt_context_nested_and_the_scheduler_follows)
{
	unsigned int exits = fdt_bind_irq_exits;
	unsigned int exits_in_isr = fdt_bind_irq_exits_in_isr;

	calls_reset();
	REQUIRE(irq_attach(12, outer_handler, NULL) == 0 &&
		irq_attach(13, inner_handler, NULL) == 0, "attach 12 and 13");
	EXPECT(!irq_in_isr(), "thread context before");
	irq_dispatch(12);
	EXPECT(outer_in_isr && inner_in_isr && outer_in_isr_after,
	       "interrupt context in the handler (%d), the nested one (%d) "
	       "and after it (%d)", outer_in_isr, inner_in_isr,
	       outer_in_isr_after);
	EXPECT(!irq_in_isr(), "thread context again after the outer one");
	EXPECT(eoied == 12, "12 ended last, got %u", eoied);
	/* The nested one's exit finds the outer still running: there the
	 * scheduler leaves the switch to the outer one's exit. */
	EXPECT(fdt_bind_irq_exits == exits + 2 &&
	       fdt_bind_irq_exits_in_isr == exits_in_isr + 1,
	       "the scheduler asked after each (%u), inside the outer once "
	       "(%u)", fdt_bind_irq_exits - exits,
	       fdt_bind_irq_exits_in_isr - exits_in_isr);
	irq_detach(12);
	irq_detach(13);
}

UNIT_TEST(quiesce_masks_the_lines_with_a_handler_and_only_those)
{
	calls_reset();
	REQUIRE(irq_attach(30, handler, NULL) == 0, "attach 30");
	irq_quiesce();
	EXPECT(masks == 1 && masked == 30, "30 masked alone, %u masks, the "
	       "last %u", masks, masked);
	irq_detach(30);
}

UNIT_TEST(software_interrupts_are_the_roots_range_and_no_more)
{
	unsigned int irq = NONE;

	EXPECT(irq_soft(0, &irq) == 0 && irq == SOFT_FIRST, "the first is "
	       "%u, got %u", SOFT_FIRST, irq);
	EXPECT(irq_soft(SOFT_COUNT - 1, &irq) == 0 &&
	       irq == SOFT_FIRST + SOFT_COUNT - 1, "the last is %u, got %u",
	       SOFT_FIRST + SOFT_COUNT - 1, irq);
	irq = NONE;
	EXPECT(irq_soft(SOFT_COUNT, &irq) == -E_RANGE && irq == NONE,
	       "one past the range: E_RANGE, nothing given");
}

static struct fdt tree;

static int tree_device(void)
{
	unit_fdt_open(&tree, "irq.dtb");
	root.node = fdt_path_offset(&tree, "/ic@100");
	return fdt_path_offset(&tree, "/dev@200");
}

UNIT_TEST(a_line_from_the_tree_past_the_table_is_refused_unconfigured)
{
	int dev = tree_device();
	unsigned int irq = NONE;
	int err;

	REQUIRE(dev >= 0 && root.node >= 0, "the tree's nodes found");
	calls_reset();
	err = irq_of_fdt(&tree, dev, 0, &irq);
	EXPECT(err == 0 && irq == 255, "line 255 taken, got %d, %u", err,
	       irq);
	EXPECT(configured == 255 && configured_trigger == IRQ_TRIGGER_LEVEL_HIGH,
	       "255 configured level-high, got %u (%u)", configured,
	       configured_trigger);
	calls_reset();
	err = irq_of_fdt(&tree, dev, 1, &irq);
	EXPECT(err == -E_RANGE, "line 256: E_RANGE, got %d", err);
	EXPECT(configured == NONE, "256 not configured, got %u", configured);
	calls_reset();
	err = irq_of_fdt(&tree, dev, 2, &irq);
	EXPECT(err == 0 && irq == 7, "line 7 taken, got %d, %u", err, irq);
	EXPECT(configured == 7 && configured_trigger == IRQ_TRIGGER_KEEP,
	       "a trigger to keep: 7 taken with it, got %u (%u)", configured,
	       configured_trigger);
}

/* A second controller, as a cascade: it masks, it cannot unmask. */
static unsigned int cascade_masked;

static int cascade_mask(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	cascade_masked = irq;
	return 0;
}

static struct irq_chip cascade = {
	.name = "cascade", .xlate = root_xlate, .mask = cascade_mask,
};

UNIT_TEST(a_line_from_a_second_controller_is_its_own_and_a_kept_one_refused)
{
	int dev = tree_device();
	unsigned int irq = NONE;
	int err;

	cascade.node = fdt_path_offset(&tree, "/ic@300");
	REQUIRE(dev >= 0 && cascade.node >= 0, "the tree's nodes found");
	REQUIRE(irq_chip_register(&cascade) == 0, "cascade registered");
	calls_reset();
	cascade_masked = NONE;
	err = irq_of_fdt(&tree, fdt_path_offset(&tree, "/dev@400"), 0, &irq);
	EXPECT(err == 0 && irq == 40, "line 40 taken, got %d, %u", err, irq);
	EXPECT(irq_disable(40) == 0 && cascade_masked == 40 && masked == NONE,
	       "40 masked by its own controller (%u), not the root (%u)",
	       cascade_masked, masked);
	EXPECT(irq_enable(40) == -E_NOTSUP && unmasked == NONE,
	       "40 cannot be unmasked there: E_NOTSUP, the root not asked "
	       "(%u)", unmasked);
	/* The hypervisor keeps the line: the controller is not touched. */
	calls_reset();
	irq = NONE;
	err = irq_of_fdt(&tree, fdt_path_offset(&tree, "/shared@500"), 0,
			 &irq);
	EXPECT(err == -E_PERM && irq == NONE && configured == NONE,
	       "a line the hypervisor keeps: E_PERM, nothing configured; got "
	       "%d, %u, %u", err, irq, configured);
}

/* A nexus as interrupt parent: its interrupt-map is not followed, and the
 * refusal names the nexus (the driver's probe failure names the device)
 * rather than leave a bare error (fdt_irq() used to hand the nexus back
 * as the controller). */
UNIT_TEST(an_interrupt_parent_that_is_a_nexus_is_refused_by_name)
{
	int dev = tree_device();
	unsigned int irq = NONE;
	int err;

	REQUIRE(dev >= 0, "the tree's nodes found");
	calls_reset();
	fdt_bind_said[0] = '\0';
	err = irq_of_fdt(&tree, fdt_path_offset(&tree, "/dev@700"), 0, &irq);
	EXPECT(err == -E_NOTSUP && irq == NONE && configured == NONE,
	       "E_NOTSUP, nothing configured; got %d, %u, %u", err, irq,
	       configured);
	EXPECT(strstr(fdt_bind_said, "nexus@600") &&
		       strstr(fdt_bind_said, "interrupt-map"),
	       "a message naming nexus@600 and interrupt-map, got '%s'",
	       fdt_bind_said);
}

/* Last: it fills the table of controllers. */
static struct irq_chip leaf[3] = {
	{ .name = "leaf0" }, { .name = "leaf1" }, { .name = "leaf2" },
};
static struct irq_chip second_root = { .name = "root2", .eoi = root_eoi };

UNIT_TEST(one_root_and_four_controllers_in_all)
{
	/* The root and the cascade are in. */
	EXPECT(irq_chip_register(&leaf[0]) == 0, "a third controller");
	EXPECT(irq_chip_register(&second_root) == -E_BUSY &&
	       irq_root_chip() == &root, "a second root: E_BUSY, the first "
	       "stays");
	EXPECT(irq_chip_register(&leaf[1]) == 0, "the fourth");
	EXPECT(irq_chip_register(&leaf[2]) == -E_NOMEM, "a fifth: E_NOMEM");
}

int main(void)
{
	return unit_run_all();
}
