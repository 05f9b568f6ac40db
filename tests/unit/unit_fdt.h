/* Host tests over the device trees compiled from tests/unit/fdt (the
 * target defines FDT_TEST_DIR). */
#ifndef UNIT_FDT_H
#define UNIT_FDT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt.h"
#include "unit.h"

#define UNIT_FDT_KEPT 8u

/* Opens the blob `name` into `tree`, or ends the run: a test tree that
 * does not open is the build's fault, not a case that fails. Each blob
 * is read once and kept for the run (`name` must outlive it). */
static inline void unit_fdt_open(struct fdt *tree, const char *name)
{
	static struct {
		const char *name;
		void *blob;
		size_t size;
	} kept[UNIT_FDT_KEPT];
	unsigned int i = 0;

	while (i < UNIT_FDT_KEPT && kept[i].name &&
	       strcmp(kept[i].name, name) != 0)
		i++;
	if (i == UNIT_FDT_KEPT) {
		fprintf(stderr, "unit_fdt_open: more than %u trees\n",
			UNIT_FDT_KEPT);
		exit(1);
	}
	if (!kept[i].name) {
		kept[i].blob = unit_file_read(FDT_TEST_DIR, name,
					      &kept[i].size);
		kept[i].name = name;
	}
	if (!kept[i].blob || fdt_open(tree, kept[i].blob, kept[i].size) != 0) {
		fprintf(stderr, "cannot open %s/%s\n", FDT_TEST_DIR, name);
		exit(1);
	}
}

#endif
