/* The kernel heap allocator: alignment, no overlap, coalescing back to one
 * block, refusal of foreign and double frees, under random sequences. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kheap.h"
#include "unit.h"

#define ARENA 65536

static unsigned char arena[ARENA] __attribute__((aligned(16)));

UNIT_TEST(allocations_are_aligned_disjoint_and_inside_the_arena)
{
	struct kheap h;
	void *p[64];
	size_t sz[64];
	unsigned int seed = 1;

	kheap_init_arena(&h, arena, ARENA);
	for (int i = 0; i < 64; i++) {
		size_t align = (size_t)8 << (rand_r(&seed) % 10);	/* 8..4096 */

		sz[i] = 1 + (size_t)rand_r(&seed) % 700;
		p[i] = kheap_alloc_from(&h, sz[i], align);
		REQUIRE(p[i], "allocation %d of %zu bytes", i, sz[i]);
		REQUIRE(((uintptr_t)p[i] & (align - 1)) == 0,
			"allocation %d aligned to %zu", i, align);
		REQUIRE((unsigned char *)p[i] >= arena &&
			(unsigned char *)p[i] + sz[i] <= arena + ARENA,
			"allocation %d inside the arena", i);
		memset(p[i], i, sz[i]);
	}
	for (int i = 0; i < 64; i++)
		for (size_t b = 0; b < sz[i]; b++)
			REQUIRE(((unsigned char *)p[i])[b] == (unsigned char)i,
				"allocation %d untouched by the others", i);
	for (int i = 0; i < 64; i++)
		REQUIRE(kheap_free_to(&h, p[i]), "free %d", i);
	size_t largest;

	kheap_free_bytes_of(&h, &largest);
	/* One block of the whole arena, less its two-word header. */
	EXPECT(largest == ARENA - 2 * sizeof(void *), "everything merged back "
	       "into one block, largest %zu", largest);
}

UNIT_TEST(random_alloc_and_free_never_lose_memory)
{
	struct kheap h;
	void *p[128] = { 0 };
	unsigned int seed = 9;
	size_t initial;

	kheap_init_arena(&h, arena, ARENA);
	initial = kheap_free_bytes_of(&h, NULL);
	for (int step = 0; step < 100000; step++) {
		int i = rand_r(&seed) % 128;

		if (p[i]) {
			REQUIRE(kheap_free_to(&h, p[i]), "free slot %d", i);
			p[i] = NULL;
		} else {
			p[i] = kheap_alloc_from(&h, 1 + (size_t)rand_r(&seed) % 2000,
						(size_t)8 << (rand_r(&seed) % 4));
		}
	}
	for (int i = 0; i < 128; i++)
		if (p[i])
			kheap_free_to(&h, p[i]);
	EXPECT(kheap_free_bytes_of(&h, NULL) == initial,
	       "all %zu bytes free again, got %zu", initial,
	       kheap_free_bytes_of(&h, NULL));
}

UNIT_TEST(foreign_and_double_frees_are_refused)
{
	struct kheap h;
	int local;

	kheap_init_arena(&h, arena, ARENA);
	void *p = kheap_alloc_from(&h, 100, 8);

	EXPECT(!kheap_free_to(&h, &local), "a pointer outside the heap");
	EXPECT(kheap_free_to(&h, p), "a real block");
	EXPECT(!kheap_free_to(&h, p), "the same block twice");
	EXPECT(kheap_alloc_from(&h, (size_t)ARENA * 2, 8) == NULL, "too big: NULL");
	EXPECT(kheap_alloc_from(&h, 0, 8) == NULL, "zero bytes: NULL");
	EXPECT(kheap_alloc_from(&h, 8, 24) == NULL, "a non-power-of-two "
	       "alignment: NULL");
}

/* Sizes near SIZE_MAX must not wrap the rounding into a small block. */
UNIT_TEST(a_size_near_the_top_of_the_address_space_is_refused)
{
	struct kheap h;

	kheap_init_arena(&h, arena, ARENA);
	EXPECT(kheap_alloc_from(&h, SIZE_MAX, 8) == NULL, "SIZE_MAX: NULL");
	EXPECT(kheap_alloc_from(&h, SIZE_MAX - 64, 8) == NULL,
	       "SIZE_MAX - 64: NULL");
}

/* A block whose size word was overwritten reaching past the arena is no
 * block to merge. */
UNIT_TEST(a_block_whose_size_runs_past_the_arena_is_refused)
{
	struct kheap h;

	kheap_init_arena(&h, arena, ARENA);
	size_t *p = kheap_alloc_from(&h, 64, 8);

	REQUIRE(p, "a block");
	p[-2] = (size_t)ARENA * 2;	/* its header: size, then magic */
	EXPECT(!kheap_free_to(&h, p), "refused");
}

/* A block header: its size word, then the magic or the next free block. */
#define HDR (2 * sizeof(size_t))
#define MIN_BLOCK (2 * HDR)

/* A remainder of MIN_BLOCK (a header and one unit) is split off as a
 * free block; one of HDR could hold nothing and stays in the block. */
UNIT_TEST(a_remainder_of_exactly_the_minimum_block_is_split_off)
{
	struct kheap h;
	size_t largest, *p;

	kheap_init_arena(&h, arena, HDR + 64 + MIN_BLOCK);
	p = kheap_alloc_from(&h, 64, 8);
	REQUIRE(p, "64 bytes");
	EXPECT(p[-2] == HDR + 64, "a block of its header and 64 bytes, got "
	       "%zu", p[-2]);
	EXPECT(kheap_free_bytes_of(&h, &largest) == MIN_BLOCK - HDR &&
		       largest == MIN_BLOCK - HDR,
	       "the rest free: %zu bytes, got %zu", MIN_BLOCK - HDR,
	       kheap_free_bytes_of(&h, NULL));
	EXPECT(kheap_alloc_from(&h, MIN_BLOCK - HDR, 8) != NULL,
	       "the rest allocatable");

	kheap_init_arena(&h, arena, HDR + 64 + HDR);
	p = kheap_alloc_from(&h, 64, 8);
	REQUIRE(p, "64 bytes");
	EXPECT(p[-2] == HDR + 64 + HDR, "the %zu bytes past it kept in the "
	       "block: size %zu, got %zu", HDR, 2 * HDR + 64, p[-2]);
	EXPECT(kheap_free_bytes_of(&h, NULL) == 0 && h.free == NULL,
	       "no free block left");
	EXPECT(kheap_free_to(&h, p), "freed");
	EXPECT(kheap_free_bytes_of(&h, NULL) == 64 + HDR, "all of it back");
}

/* An aligned block leaves the free block's start as a free block of its
 * own: one of HDR bytes could not stand, so the block moves on to the
 * next aligned address. */
UNIT_TEST(an_aligned_block_leaves_no_leading_gap_below_the_minimum_block)
{
	/* 1 KiB of the arena from a 256-byte boundary. */
	unsigned char *big = (unsigned char *)(((uintptr_t)arena + 255) &
					       ~(uintptr_t)255);
	struct kheap h;
	size_t largest;
	void *p;

	/* The first 64-aligned address for a user pointer, big + 256, would
	 * leave a gap of HDR before its header. */
	kheap_init_arena(&h, big + 256 - 2 * HDR, 512);
	p = kheap_alloc_from(&h, 64, 64);
	EXPECT((unsigned char *)p == big + 320, "at big + 320 (a gap of %zu),"
	       " got big + %td", 320 - HDR - (256 - 2 * HDR),
	       (unsigned char *)p - big);
	EXPECT((unsigned char *)h.free == big + 256 - 2 * HDR,
	       "the gap first on the free list");
	EXPECT(kheap_free_to(&h, p), "freed");
	EXPECT(kheap_free_bytes_of(&h, &largest) == 512 - HDR &&
		       largest == 512 - HDR, "merged back whole");

	/* A gap of exactly MIN_BLOCK stands: big + 256. */
	kheap_init_arena(&h, big + 256 - HDR - MIN_BLOCK, 512);
	p = kheap_alloc_from(&h, 64, 64);
	EXPECT((unsigned char *)p == big + 256, "at big + 256, got big + %td",
	       (unsigned char *)p - big);
	EXPECT(kheap_free_to(&h, p), "freed");
	EXPECT(kheap_free_bytes_of(&h, &largest) == 512 - HDR &&
		       largest == 512 - HDR, "merged back whole");
}

/* An arena that neither starts nor ends on a header boundary: the heap
 * keeps only the whole headers inside it, so that every block's size
 * stays a multiple of HDR and none reaches past the arena. */
UNIT_TEST(an_arena_off_header_boundaries_is_trimmed_to_whole_headers)
{
	struct kheap h;
	size_t largest;
	void *p;

	/* arena + 3 .. arena + 1009: whole headers from arena + HDR to the
	 * last boundary at or below arena + 1009. */
	kheap_init_arena(&h, arena + 3, 1006);
	size_t end = 1009 & ~(HDR - 1);

	EXPECT(h.base == arena + HDR && h.end == arena + end,
	       "the heap is arena + %zu .. + %zu, got + %td .. + %td", HDR, end,
	       h.base - arena, h.end - arena);
	EXPECT(kheap_free_bytes_of(&h, &largest) == end - HDR - HDR &&
		       largest == end - HDR - HDR,
	       "one free block of %zu bytes, got %zu", end - 2 * HDR, largest);
	p = kheap_alloc_from(&h, largest, 8);
	EXPECT(p && (unsigned char *)p + largest <= arena + end,
	       "all of it allocatable, inside the trimmed arena");
}

/* With nothing free, both the free bytes and the largest free block are
 * 0, as kheap_largest_free() reports them. */
UNIT_TEST(a_full_heap_has_no_largest_free_block)
{
	struct kheap h;
	size_t largest = 12345;

	kheap_init_arena(&h, arena, 1024);
	REQUIRE(kheap_alloc_from(&h, 1024 - HDR, 8), "the whole heap taken");
	EXPECT(kheap_free_bytes_of(&h, &largest) == 0 && largest == 0,
	       "nothing free: 0 bytes, largest 0, got largest %zu", largest);
}

/* The largest free block is the largest of all, wherever it lies on the
 * free list: here the first of three. */
UNIT_TEST(the_largest_free_block_is_found_among_several)
{
	struct kheap h;
	size_t largest;
	void *a, *b, *c, *d;

	/* Four blocks and a remainder of MIN_BLOCK. */
	kheap_init_arena(&h, arena, 4 * HDR + 1024 + 64 + 256 + 64 + MIN_BLOCK);
	a = kheap_alloc_from(&h, 1024, 8);
	b = kheap_alloc_from(&h, 64, 8);
	c = kheap_alloc_from(&h, 256, 8);
	d = kheap_alloc_from(&h, 64, 8);
	REQUIRE(a && b && c && d, "four blocks");
	/* Free: a (1024), c (256), and the remainder after d. */
	REQUIRE(kheap_free_to(&h, a) && kheap_free_to(&h, c), "two freed");
	EXPECT(kheap_free_bytes_of(&h, &largest) ==
			       1024 + 256 + MIN_BLOCK - HDR &&
		       largest == 1024,
	       "three free blocks, the largest 1024 bytes, got %zu", largest);
}

int main(void)
{
	return unit_run_all();
}
