#include "bootlog.h"

#include <stdarg.h>
#include <stddef.h>

#include "console.h"
#include "fmt.h"
#include "linker.h"

static char bootlog_buf[1024] NOINIT("bootlog");
static size_t bootlog_len;
static unsigned int bootlog_lost;

void bootlog(const char *fmt, ...)
{
	size_t room = sizeof(bootlog_buf) - bootlog_len;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(bootlog_buf + bootlog_len, room, fmt, ap);
	va_end(ap);
	/* A line that does not fit whole (with its NUL) is dropped: what
	 * part of it was written lies past bootlog_len, never read. */
	if (n < 0 || (size_t)n + 1 > room) {
		bootlog_lost++;
		return;
	}
	bootlog_len += (size_t)n + 1;	/* keep the NUL as separator */
}

/* Runs once, at boot (or in a fatal report): cold, so that GCC
 * optimises it for size rather than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
void bootlog_flush(void)
{
	for (size_t i = 0; i < bootlog_len;) {
		/* What kprintf counts, the line and a '\n', is the line and
		 * its NUL here: no second pass over the line to find the
		 * next. It fails only past INT_MAX characters. */
		int n = kprintf("%s\n", bootlog_buf + i);

		i += n > 0 ? (size_t)n : bootlog_len;
	}
	if (bootlog_lost)
		kprintf("(%u more boot messages did not fit)\n", bootlog_lost);
	bootlog_len = 0;
	bootlog_lost = 0;
}
