/* A minimal host unit-test harness.
 *
 *   UNIT_TEST(name_reads_as_a_sentence) { EXPECT(x == 1, "x is %d", x); }
 *   int main(void) { return unit_run_all(); }
 *
 * EXPECT records a failure with file:line and the message and goes on;
 * REQUIRE returns from the test case on failure. A case that evaluates
 * no EXPECT or REQUIRE fails: it could not have caught anything. */
#ifndef UNIT_H
#define UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

typedef void (*unit_fn)(void);

struct unit_case {
	const char *name;
	unit_fn fn;
	struct unit_case *next;
};

extern int unit_failures;
extern unsigned long unit_checks;
void unit_register(struct unit_case *c);
int unit_run_all(void);
void unit_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define UNIT_TEST(name)                                                     \
	static void name(void);                                             \
	static struct unit_case unit_case_##name = { #name, name, NULL };   \
	__attribute__((constructor)) static void unit_reg_##name(void)      \
	{                                                                   \
		unit_register(&unit_case_##name);                           \
	}                                                                   \
	static void name(void)

#define EXPECT(cond, ...)                                                   \
	do {                                                                \
		unit_checks++;                                              \
		if (!(cond))                                                \
			unit_fail(__FILE__, __LINE__, __VA_ARGS__);         \
	} while (0)

#define REQUIRE(cond, ...)                                                  \
	do {                                                                \
		unit_checks++;                                              \
		if (!(cond)) {                                              \
			unit_fail(__FILE__, __LINE__, __VA_ARGS__);         \
			return;                                             \
		}                                                           \
	} while (0)

/* The file `dir`/`name` in a heap buffer of exactly its size, so that
 * ASan sees a read past its end (malloc's alignment suits the FDT
 * reader); its size in *size. NULL when it cannot be read. The caller
 * frees it. */
void *unit_file_read(const char *dir, const char *name, size_t *size);

/* xorshift64 over the caller's state: a fixed seed keeps failures
 * reproducible. */
static inline uint64_t unit_rand64(uint64_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 7;
	*state ^= *state << 17;
	return *state;
}

#endif
