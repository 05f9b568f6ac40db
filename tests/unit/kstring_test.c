/* The kernel's own string functions (common/lib/string.c), which every
 * other host test replaces with the C library's: built here under other
 * names (kstr_*, see tests.cmake) and checked byte by byte against plain
 * loops, on every alignment of both ends and across the word sizes. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

void *kstr_memcpy(void *dst, const void *src, size_t n);
void *kstr_memmove(void *dst, const void *src, size_t n);
void *kstr_memset(void *dst, int c, size_t n);
size_t kstr_strnlen(const char *s, size_t max);
int kstr_strncmp(const char *a, const char *b, size_t n);

#define W sizeof(long)
/* Lengths up to two 8-word rounds of memset and some bytes over. */
#define LEN_MAX (16 * W + W - 1)
#define BUF (LEN_MAX + 7 * W)

static unsigned char buf[BUF] __attribute__((aligned(16)));
static unsigned char want[BUF];

/* A pattern no shift or word swap reproduces. */
static void fill(unsigned char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		b[i] = (unsigned char)(i * 7 + 1);
}

UNIT_TEST(memcpy_copies_every_length_at_every_alignment)
{
	static unsigned char src[BUF] __attribute__((aligned(16)));
	unsigned int bad = 0;

	fill(src, sizeof(src));
	for (size_t so = 0; so < W; so++)
		for (size_t d = 0; d < W; d++)
			for (size_t n = 0; n <= LEN_MAX; n++) {
				memset(buf, 0xee, sizeof(buf));
				memset(want, 0xee, sizeof(want));
				for (size_t i = 0; i < n; i++)
					want[d + i] = src[so + i];
				if (kstr_memcpy(buf + d, src + so, n) != buf + d ||
				    memcmp(buf, want, sizeof(buf)) != 0)
					bad++;
			}
	EXPECT(bad == 0, "%u (alignment, length) cases copied wrong or "
	       "touched bytes around", bad);
}

UNIT_TEST(memset_fills_every_length_at_every_alignment)
{
	unsigned int bad = 0;

	for (size_t d = 0; d < W; d++)
		for (size_t n = 0; n <= LEN_MAX; n++) {
			memset(buf, 0xee, sizeof(buf));
			memset(want, 0xee, sizeof(want));
			for (size_t i = 0; i < n; i++)
				want[d + i] = 0xa5;
			/* Only the low byte of c counts. */
			if (kstr_memset(buf + d, 0x3a5, n) != buf + d ||
			    memcmp(buf, want, sizeof(buf)) != 0)
				bad++;
		}
	EXPECT(bad == 0, "%u (alignment, length) cases filled wrong or "
	       "touched bytes around", bad);
}

/* Source and destination inside one buffer, `shift` bytes apart in
 * either direction: the result is what a copy through a spare buffer
 * gives. */
static unsigned int memmove_wrong(int shift)
{
	unsigned char tmp[BUF];
	unsigned int bad = 0;

	for (size_t so = 3 * W; so < 4 * W; so++)
		for (size_t n = 0; n <= LEN_MAX; n++) {
			size_t d = (size_t)((long)so + shift);

			fill(buf, sizeof(buf));
			memcpy(want, buf, sizeof(buf));
			memcpy(tmp, buf + so, n);
			memcpy(want + d, tmp, n);
			if (kstr_memmove(buf + d, buf + so, n) != buf + d ||
			    memcmp(buf, want, sizeof(buf)) != 0)
				bad++;
		}
	return bad;
}

UNIT_TEST(memmove_copies_overlapping_ranges_in_either_direction)
{
	for (int shift = -(int)W; shift <= (int)W; shift++) {
		unsigned int bad = memmove_wrong(shift);

		EXPECT(bad == 0, "destination %+d bytes from the source: %u "
		       "cases wrong", shift, bad);
	}
	/* A whole word and more apart, still overlapping. */
	EXPECT(memmove_wrong(2 * (int)W + 3) == 0, "2 words + 3 up");
	EXPECT(memmove_wrong(-2 * (int)W - 3) == 0, "2 words + 3 down");
}

UNIT_TEST(strnlen_stops_at_the_nul_or_the_bound_and_reads_no_further)
{
	/* No NUL in it, and exactly its size on the heap: ASan stops a
	 * read past it. */
	char *s = malloc(8);

	REQUIRE(s, "8 bytes");
	memcpy(s, "abcdefgh", 8);
	EXPECT(kstr_strnlen(s, 8) == 8, "bound 8: 8, got %zu",
	       kstr_strnlen(s, 8));
	EXPECT(kstr_strnlen(s, 3) == 3, "bound 3: 3, got %zu",
	       kstr_strnlen(s, 3));
	EXPECT(kstr_strnlen(s, 0) == 0, "bound 0: 0, got %zu",
	       kstr_strnlen(s, 0));
	s[5] = '\0';
	EXPECT(kstr_strnlen(s, 8) == 5, "NUL at 5, bound 8: 5, got %zu",
	       kstr_strnlen(s, 8));
	EXPECT(kstr_strnlen(s, 5) == 5, "NUL at 5, bound 5: 5, got %zu",
	       kstr_strnlen(s, 5));
	EXPECT(kstr_strnlen(s, 6) == 5, "NUL at 5, bound 6: 5, got %zu",
	       kstr_strnlen(s, 6));
	s[0] = '\0';
	EXPECT(kstr_strnlen(s, 8) == 0, "an empty string: 0, got %zu",
	       kstr_strnlen(s, 8));
	free(s);
}

UNIT_TEST(strncmp_stops_at_a_common_nul_and_reads_no_further)
{
	/* Two equal strings, one allocation, `a` last in it, and a bound
	 * past them: ASan stops a read beyond a's NUL. */
	char *b = malloc(6), *a;
	int r;

	REQUIRE(b, "6 bytes");
	a = b + 3;
	memcpy(a, "ab", 3);
	memcpy(b, "ab", 3);
	r = kstr_strncmp(a, b, 100);
	EXPECT(r == 0, "equal up to their NUL: 0, got %d", r);
	b[1] = 'c';
	r = kstr_strncmp(a, b, 100);
	EXPECT(r < 0, "\"ab\" before \"ac\": negative, got %d", r);
	r = kstr_strncmp(a, b, 1);
	EXPECT(r == 0, "equal in their first byte: 0, got %d", r);
	free(b);
}

int main(void)
{
	return unit_run_all();
}
