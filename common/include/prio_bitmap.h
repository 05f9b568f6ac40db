/* A bitmap of 32 priority levels with O(1) "highest set level": one
 * count-leading-zeros instruction on the CPUs we run on. */
#ifndef PRIO_BITMAP_H
#define PRIO_BITMAP_H

#include <stdbool.h>
#include <stdint.h>

#define PRIO_BITMAP_LEVELS 32

struct prio_bitmap {
	uint32_t bits;		/* bit p set: level p is not empty */
};

static inline void prio_bitmap_set(struct prio_bitmap *b, unsigned int p)
{
	b->bits |= 1u << p;
}

static inline void prio_bitmap_clear(struct prio_bitmap *b, unsigned int p)
{
	b->bits &= ~(1u << p);
}

static inline bool prio_bitmap_empty(const struct prio_bitmap *b)
{
	return b->bits == 0;
}

/* The highest set level; the bitmap must not be empty. */
static inline unsigned int prio_bitmap_highest(const struct prio_bitmap *b)
{
	return 31u - (unsigned int)__builtin_clz(b->bits);
}

#endif
