/* The IRQ table's attach and detach (common/irq.c), before and after the
 * root controller that sets the table up. */
#include "irq.h"
#include "kerr.h"
#include "unit.h"

static void handler(void *arg)
{
	(void)arg;
}

static void root_eoi(struct irq_chip *chip, unsigned int irq)
{
	(void)chip;
	(void)irq;
}

static struct irq_chip root = { .name = "root", .nr_lines = 64,
				.eoi = root_eoi };

UNIT_TEST(attach_needs_a_root_controller_then_takes_one_handler_a_line)
{
	EXPECT(irq_attach(5, handler, NULL) == -E_NODEV,
	       "before the root controller: E_NODEV, not E_BUSY");
	REQUIRE(irq_chip_register(&root) == 0, "root registered");
	EXPECT(irq_attach(5, handler, NULL) == 0, "attached");
	EXPECT(irq_attach(5, handler, NULL) == -E_BUSY, "a second: E_BUSY");
	EXPECT(irq_detach(5) == 0 && irq_attach(5, handler, NULL) == 0,
	       "free again once detached");
	EXPECT(irq_attach(CONFIG_IRQ_MAX, handler, NULL) == -E_INVAL,
	       "beyond the table: E_INVAL");
}

int main(void)
{
	return unit_run_all();
}
