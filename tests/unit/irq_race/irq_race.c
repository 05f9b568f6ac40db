#include "irq_race.h"

#include <stdbool.h>
#include <stddef.h>

unsigned int irq_race_masked;

static struct {
	void (*fn)(void);
	unsigned int reads;	/* status reads until it is raised */
	bool pending;		/* raised while masked */
} irq;

void irq_race_reset(void)
{
	irq.fn = NULL;
	irq.reads = 0;
	irq.pending = false;
	irq_race_masked = 0;
}

void irq_race_after_status_read(unsigned int n, void (*fn)(void))
{
	irq.fn = fn;
	irq.reads = n;
	irq.pending = false;
}

/* Runs the handler once, masked as a handler runs. */
static void irq_run(void)
{
	void (*fn)(void) = irq.fn;

	irq.fn = NULL;
	irq.pending = false;
	irq_race_masked++;
	fn();
	irq_race_masked--;
}

void irq_race_unmasked(void)
{
	if (irq.pending)
		irq_run();
}

void irq_race_status_read(void)
{
	if (!irq.fn || irq.pending || !irq.reads || --irq.reads)
		return;
	if (irq_race_masked)
		irq.pending = true;
	else
		irq_run();
}
