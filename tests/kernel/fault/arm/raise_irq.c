/* fault=irq-masked on ARM: the GIC's last line, an SPI nobody uses on our
 * boards, made pending by software (GICD_ISPENDR). */
#include "fault_irq.h"
#include "irq.h"
#include "kerr.h"

int fault_maskable_irq(unsigned int *irq)
{
	struct irq_chip *chip = irq_root_chip();

	*irq = (chip->nr_lines < CONFIG_IRQ_MAX ? chip->nr_lines
						 : CONFIG_IRQ_MAX) - 1;
	if (!chip->configure)
		return -E_NOTSUP;
	return chip->configure(chip, *irq, IRQ_TRIGGER_EDGE_RISING);
}

int fault_maskable_irq_raise(unsigned int irq)
{
	return irq_raise(irq);
}
