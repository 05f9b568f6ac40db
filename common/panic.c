#include "panic.h"

#include <stdarg.h>

#include "console.h"
#include "fault.h"
#include "kernel.h"

void panic(const char *fmt, ...)
{
	va_list ap;

	fault_report_begin();
	kputs("\nPANIC: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputc('\n');
	fault_report_context(0, false);
	kernel_fail();
}

void panic_assert(const char *file, int line, const char *cond,
		  const char *fmt, ...)
{
	va_list ap;

	fault_report_begin();
	kprintf("\nASSERTION FAILED at %s:%d: %s\n  ", file, line, cond);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputc('\n');
	fault_report_context(0, false);
	kernel_fail();
}
