#include "trace.h"

#include "console.h"

void trace_print(const struct trace *t)
{
	kprintf("    trace:");
	for (unsigned int i = 0; i < t->n; i++)
		kprintf(" %d", t->ev[i]);
	kprintf("\n");
}
