/* libFuzzer entry for the FDT reader and the memory map: every input is
 * a candidate DTB, swept by fdt_sweep() (tests/unit/fdt_sweep.h). An
 * inconsistent answer aborts, so libFuzzer keeps the input as a crash;
 * reads out of bounds and UB are the sanitizers' to report. Built and run
 * by tests/fuzz/run, never by the normal test suite. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_sweep.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy of exactly `size` bytes: a read past it is ASan's,
	 * and the reader never sees libFuzzer's buffer change under it. */
	uint8_t *b = malloc(size ? size : 1);
	struct fdt_sweep s;

	if (!b)
		abort();
	memcpy(b, data, size);
	if (fdt_sweep(b, size, &s)) {
		fprintf(stderr, "fdt_fuzz: %u inconsistencies, first: %s\n",
			s.failures, s.first);
		abort();
	}
	free(b);
	return 0;
}
