/* An interrupt for the race between a handler that prints and the code it
 * interrupts, for the UART device models: the model calls
 * irq_race_status_read() each time the driver reads the register it polls
 * before writing (PL011 UARTFR, 16550 LSR), once the read has taken its
 * value. */
#ifndef IRQ_RACE_H
#define IRQ_RACE_H

/* `fn` runs once, just after the `n`th status read from now (the driver
 * acts on that read's value only after the handler), or, if the driver
 * has interrupts masked then, as soon as it unmasks them. */
void irq_race_after_status_read(unsigned int n, void (*fn)(void));
/* No interrupt planned, interrupts unmasked. */
void irq_race_reset(void);
void irq_race_status_read(void);

/* How deep arch_irq_save() calls are nested (arch_inline.h here), and
 * what arch_irq_restore() calls once they are unmasked. */
extern unsigned int irq_race_masked;
void irq_race_unmasked(void);

#endif
