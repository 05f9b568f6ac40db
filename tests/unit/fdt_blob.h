/* What the FDT tests know of the blob format, written out from the
 * Devicetree Specification v0.4 (5.2 header, 5.4 structure block) rather
 * than taken from fdt.c, so that the tests check the reader against it;
 * and where the reader's answers must lie. Shared by fdt_test.c,
 * fdt_fuzz_test.c and fdt_sweep.c. */
#ifndef FDT_BLOB_H
#define FDT_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fdt.h"

enum {
	TOK_BEGIN_NODE = 1,
	TOK_END_NODE = 2,
	TOK_PROP = 3,
	TOK_NOP = 4,
	TOK_END = 9,
};

/* Header fields: byte offsets. */
enum {
	H_MAGIC = 0,
	H_TOTALSIZE = 4,
	H_OFF_STRUCT = 8,
	H_OFF_STRINGS = 12,
	H_OFF_RSVMAP = 16,
	H_VERSION = 20,
	H_LAST_COMP = 24,
	H_SIZE_STRINGS = 32,
	H_SIZE_STRUCT = 36,
	H_SIZE = 40,
};

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline void wr32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* [p, p + len) lies inside the block [off, off + size) of the blob. */
static inline bool in_block(const struct fdt *f, const void *p, size_t len,
			    uint32_t off, uint32_t size)
{
	uintptr_t b = (uintptr_t)(f->blob + off), q = (uintptr_t)p;

	return q >= b && len <= size && q - b <= size - len;
}

/* A string that starts inside the block ends with a NUL inside it. */
static inline bool str_in_block(const struct fdt *f, const char *s,
				uint32_t off, uint32_t size)
{
	uintptr_t b = (uintptr_t)(f->blob + off), q = (uintptr_t)s;

	return q >= b && q - b < size && memchr(s, 0, size - (q - b));
}

static inline bool in_struct(const struct fdt *f, const void *p, size_t len)
{
	return in_block(f, p, len, f->struct_off, f->struct_size);
}

static inline bool str_in_struct(const struct fdt *f, const char *s)
{
	return str_in_block(f, s, f->struct_off, f->struct_size);
}

#endif
