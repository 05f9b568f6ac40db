/* In-guest test framework.
 *
 *   KTEST(sched, a_higher_priority_thread_preempts_at_once) {
 *           KT_EXPECT(order[0] == 2, "the new thread ran first, got %d",
 *                     order[0]);
 *   }
 *
 * Cases run one after another in the main thread (priority
 * KTEST_MAIN_PRIO). KT_EXPECT records a failure with file:line and goes
 * on; KT_ASSERT also ends the case. A case that evaluates no KT_EXPECT
 * or KT_ASSERT fails: it could not have caught anything. KT_SKIP ends a
 * case that does not apply to this build or machine: it is reported and
 * counted as skipped, never as passed. The run ends with the line
 * "N passed, N failed" (", N skipped" when some were) and the exit
 * status EXIT_OK or EXIT_FAILURE, which QEMU reports; a run in which no
 * case ran fails. Command line: `suite=NAME` runs one suite, `case=NAME` one
 * case. */
#ifndef KTEST_H
#define KTEST_H

#include <stdbool.h>
#include <stdint.h>

#include "console.h"

#define KTEST_MAIN_PRIO 16	/* CELLMATE_MAIN_PRIO */

struct ktest_case {
	const char *suite, *name;
	void (*fn)(void);
};

#define KTEST(suite, name)                                                   \
	static void ktest_##suite##_##name(void);                           \
	static const struct ktest_case ktest_case_##suite##_##name = {       \
		#suite, #name, ktest_##suite##_##name };                     \
	static const struct ktest_case *const ktest_entry_##suite##_##name   \
		__attribute__((used, section(".ktest"))) =                   \
			&ktest_case_##suite##_##name;                        \
	static void ktest_##suite##_##name(void)

void ktest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void ktest_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
bool ktest_case_failed(void);
extern unsigned long ktest_checks;

#define KT_EXPECT(cond, ...)                                                 \
	do {                                                                 \
		ktest_checks++;                                              \
		if (!(cond))                                                 \
			ktest_fail(__FILE__, __LINE__, __VA_ARGS__);         \
	} while (0)

#define KT_ASSERT(cond, ...)                                                 \
	do {                                                                 \
		ktest_checks++;                                              \
		if (!(cond)) {                                               \
			ktest_fail(__FILE__, __LINE__, __VA_ARGS__);         \
			return;                                              \
		}                                                            \
	} while (0)

#define KT_SKIP(...)                                                         \
	do {                                                                 \
		ktest_skip(__VA_ARGS__);                                     \
		return;                                                      \
	} while (0)

/* Burns CPU for about `ns` of (virtual) time without blocking. */
void ktest_busy(uint64_t ns);

/* How late a timeout may expire because of the build's timer mode: 0 when
 * tickless, one tick period with a periodic kernel tick. */
uint64_t ktest_tick_slack_ns(void);

#endif
