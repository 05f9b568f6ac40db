/* For cell_test: watches the lines the `cell` thread prints about the
 * hypervisor's messages. Linked with -Wl,--wrap=kprintf.
 * - Before each such line it prints the answer already in
 *   reply_from_cell: the hypervisor waits for the answer with the root
 *   cell's CPUs stopped, so the answer must not wait for the console.
 * - At the approval line, if interrupts are enabled there, it takes the
 *   cell lock, as an interrupt handler or a thread above hv-prio that
 *   preempted the `cell` thread at that point would. */
#include <stdarg.h>
#include <stdbool.h>

#include "../../../hv/jailhouse/jailhouse.h"
#include "arch.h"
#include "console.h"
#include "hv.h"
#include "kstring.h"

static const char approval[] = "jailhouse: shutdown request approved";
static bool lock_taken;

static bool starts_with(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

int __wrap_kprintf(const char *fmt, ...);

int __wrap_kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (jh_comm && (starts_with(fmt, "jailhouse: shutdown request") ||
			starts_with(fmt, "jailhouse: unknown message")))
		kprintf("hv_lines: answer %u before the line\n",
			(unsigned int)jh_comm->reply_from_cell);
	if (!lock_taken && !arch_irq_masked() && starts_with(fmt, approval)) {
		lock_taken = true;
		hv_cell_lock();
	}
	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
