/* fault=irq-masked's line, per architecture (fault/<arch>/raise_irq.c):
 * one the root controller can mask and something can raise again. */
#ifndef FAULT_IRQ_H
#define FAULT_IRQ_H

/* Picks the line and configures it (not enabled); 0 or a negative KERR. */
int fault_maskable_irq(unsigned int *irq);
/* Raises it (once more). */
int fault_maskable_irq_raise(unsigned int irq);

#endif
