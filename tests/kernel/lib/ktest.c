#include "ktest.h"

#include <stdarg.h>

#include "clock.h"
#include "cmdline.h"
#include "kernel.h"
#include "kstring.h"
#include "linker.h"
#include "thread.h"
#include "timeconv.h"

extern const struct ktest_case *const __ktest_start[];
extern const struct ktest_case *const __ktest_end[];

static const char *ktest_suite;
static const char *ktest_only;
CMDLINE_STR(ktest_suite, "suite", 32, "run only this suite");
CMDLINE_STR(ktest_only, "case", 64, "run only this case");

static bool case_failed, case_skipped;
unsigned long ktest_checks;

void ktest_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	kprintf("    %s:%d: expected ", file, line);
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputc('\n');
	case_failed = true;
}

void ktest_skip(const char *fmt, ...)
{
	va_list ap;

	kprintf("    skipped: ");
	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
	kputc('\n');
	case_skipped = true;
}

bool ktest_case_failed(void)
{
	return case_failed;
}

void ktest_busy(uint64_t ns)
{
	uint64_t end = clock_ticks() + clock_ns_to_ticks(ns);

	while (clock_ticks() < end)
		;
}

uint64_t ktest_tick_slack_ns(void)
{
#if CELLMATE_TICK_HZ
	return NSEC_PER_SEC / CELLMATE_TICK_HZ;
#else
	return 0;
#endif
}

int app_main(void)
{
	unsigned int passed = 0, failed = 0, skipped = 0;
	size_t ncases = LINKER_POINTERS(__ktest_start, __ktest_end);

	kprintf("ktest: %u cases\n", (unsigned int)ncases);
	for (size_t i = 0; i < ncases; i++) {
		const struct ktest_case *const *c = &__ktest_start[i];

		if (ktest_suite && strcmp(ktest_suite, (*c)->suite) != 0)
			continue;
		if (ktest_only && strcmp(ktest_only, (*c)->name) != 0)
			continue;
		case_failed = case_skipped = false;
		ktest_checks = 0;
		(*c)->fn();
		if (ktest_checks == 0 && !case_skipped) {
			kprintf("    expected at least one check, made none\n");
			case_failed = true;
		}
		kprintf("[%s] %s: %s\n", (*c)->suite, (*c)->name,
			case_failed ? "FAILED" : case_skipped ? "skipped" : "ok");
		if (case_failed)
			failed++;
		else if (case_skipped)
			skipped++;
		else
			passed++;
		/* A case must leave the main thread as it found it. */
		if (thread_self()->prio != KTEST_MAIN_PRIO) {
			kprintf("    main thread left at priority %u\n",
				thread_self()->prio);
			thread_set_priority(thread_self(), KTEST_MAIN_PRIO);
			failed++;
		}
	}
	if (skipped)
		kprintf("%u passed, %u failed, %u skipped\n", passed, failed,
			skipped);
	else
		kprintf("%u passed, %u failed\n", passed, failed);
	if (passed + failed == 0) {
		kprintf("ktest: no case %s\n", skipped ? "ran" : "matched");
		return EXIT_FAILURE;
	}
	return failed ? EXIT_FAILURE : EXIT_OK;
}
