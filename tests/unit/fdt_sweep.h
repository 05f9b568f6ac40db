/* The accessor sweep that the FDT fuzz tests share: the libFuzzer
 * harness (tests/fuzz) and the deterministic smoke test of the host suite
 * (fdt_fuzz_test.c) both feed it arbitrary bytes.
 *
 * It opens the bytes as a DTB and, when fdt_open() accepts them, calls
 * every public reader function and memmap_from_fdt() over every node it
 * can reach, with lookup keys taken from the tree itself (names, paths,
 * compatible strings, phandles). Memory safety is the sanitizers' job;
 * the sweep checks what is cheap to check about the answers: pointers
 * inside their block, walks that move forward, links that agree with
 * each other, the contract for negative offsets, and that the indexed
 * reader answers exactly as the walking one. */
#ifndef FDT_SWEEP_H
#define FDT_SWEEP_H

#include <stddef.h>
#include <stdint.h>

struct fdt_sweep {
	int open_err;		/* fdt_open()'s answer */
	unsigned int nodes;	/* nodes the walk reached */
	unsigned int failures;	/* inconsistencies found */
	char first[256];	/* the first one, as a sentence */
};

/* Sweeps the `size` bytes at `blob` (which should be a buffer of exactly
 * that size, so that ASan sees a read past it). Returns s->failures. */
unsigned int fdt_sweep(const uint8_t *blob, size_t size, struct fdt_sweep *s);

#endif
