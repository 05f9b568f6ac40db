#include "unit.h"

#include <stdarg.h>

int unit_failures;
unsigned long unit_checks;
static struct unit_case *unit_head, **unit_tail = &unit_head;
static int unit_case_failed;

void unit_register(struct unit_case *c)
{
	/* Constructors run in link order; keep registration order. */
	*unit_tail = c;
	unit_tail = &c->next;
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "  %s:%d: expected ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	unit_failures++;
	unit_case_failed = 1;
}

void *unit_file_read(const char *dir, const char *name, size_t *size)
{
	char path[512];
	void *buf = NULL;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "rb");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 &&
	    fseek(f, 0, SEEK_SET) == 0) {
		*size = (size_t)n;
		buf = malloc(*size);
		if (buf && fread(buf, 1, *size, f) != *size) {
			free(buf);
			buf = NULL;
		}
	}
	fclose(f);
	return buf;
}

int unit_run_all(void)
{
	int passed = 0, failed = 0;

	for (struct unit_case *c = unit_head; c; c = c->next) {
		unit_case_failed = 0;
		unit_checks = 0;
		c->fn();
		if (unit_checks == 0) {
			fprintf(stderr, "  %s: expected at least one check, "
				"made none\n", c->name);
			unit_case_failed = 1;
		}
		printf("%s %s\n", unit_case_failed ? "FAIL" : "ok  ", c->name);
		if (unit_case_failed)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	if (passed + failed == 0) {
		fprintf(stderr, "no test case registered\n");
		return 1;
	}
	return failed ? 1 : 0;
}
