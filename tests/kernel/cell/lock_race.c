/* For cell_test: a cell lock taken while the `cell` thread is deciding a
 * shutdown request. Wherever that thread runs with interrupts enabled, an
 * interrupt handler or a higher-priority thread (hv-prio below the
 * application's) may run and lock the cell; its print of the approval is
 * such a point when interrupts are enabled there. This wrapper takes the
 * lock at that point, as the preempting code would. Linked with
 * -Wl,--wrap=kprintf. */
#include <stdarg.h>
#include <stdbool.h>

#include "arch.h"
#include "console.h"
#include "hv.h"
#include "kstring.h"

static const char approval[] = "jailhouse: shutdown request approved";
static bool lock_taken;

int __wrap_kprintf(const char *fmt, ...);

int __wrap_kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!lock_taken && !arch_irq_masked() &&
	    strncmp(fmt, approval, sizeof(approval) - 1) == 0) {
		lock_taken = true;
		hv_cell_lock();
	}
	va_start(ap, fmt);
	n = kvprintf(fmt, ap);
	va_end(ap);
	return n;
}
