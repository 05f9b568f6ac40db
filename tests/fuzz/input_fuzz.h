/* What the input fuzz harnesses (fuzz_cmdline.c, fuzz_jh_comm.c) share
 * with their two drivers: libFuzzer (tests/fuzz/run) and the
 * fixed-seed mutation loop of the host unit tests (input_fuzz_main.c).
 *
 * A harness checks invariants, not only survival: a broken one prints
 * what was expected and aborts, which libFuzzer reports as a crash (and
 * saves the input) and ctest as a failure. */
#ifndef INPUT_FUZZ_H
#define INPUT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CHECK(cond, ...)                                               \
	do {                                                                \
		if (!(cond)) {                                              \
			fprintf(stderr, "%s:%d: invariant broken: ",        \
				__FILE__, __LINE__);                        \
			fprintf(stderr, __VA_ARGS__);                       \
			fputc('\n', stderr);                                \
			abort();                                            \
		}                                                           \
	} while (0)

/* A starting input, taken from the unit tests' cases. */
struct fuzz_seed {
	const void *data;
	size_t size;
};

/* Each harness provides: */
extern const struct fuzz_seed fuzz_seeds[];
extern const size_t fuzz_nseeds;
/* Tokens the mutation loop splices in (libFuzzer finds its own). */
extern const char *const fuzz_words[];
extern const size_t fuzz_nwords;
/* The largest input that means anything to the harness, and how many
 * mutants the unit tests' loop runs (well under 5 s with sanitizers). */
extern const size_t fuzz_max_size;
extern const unsigned int fuzz_smoke_rounds;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
