/* Deterministic fuzz smoke test of the FDT reader and the memory map.
 *
 * Every compiled test and board tree (the .dtb files in FDT_TEST_DIR) is
 * mutated with a fixed seed: bit flips, bytes set to edge values, header
 * offsets and sizes, property lengths and name offsets set to edge
 * values, tokens replaced, copied or swapped, nodes nested past the depth
 * limit, and the blob cut short. Each mutant, in a heap buffer of exactly
 * its size, goes through fdt_sweep() (fdt_sweep.h): every accessor over
 * every node, and memmap_from_fdt(). ASan/UBSan (fatal in this build)
 * catch reads out of bounds and UB; the sweep's checks catch wrong
 * answers. A failing mutant is kept next to the trees as
 * fuzz-fail-<n>.bin, to replay with the libFuzzer harness (tests/fuzz). */
#include <dirent.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdt_blob.h"
#include "fdt_sweep.h"
#include "unit.h"

#ifndef FDT_TEST_DIR
#error "FDT_TEST_DIR must name the directory of the compiled test trees"
#endif

#define FUZZ_ITERATIONS 20000
#define FUZZ_SEEDS_MAX 64
#define FUZZ_TOKENS_MAX 1024
#define FUZZ_FAILS_KEPT 3

struct seed {
	char name[64];
	uint8_t *b;
	uint32_t size;
	uint32_t struct_off, struct_end, strings_size;
	/* Absolute positions of the tokens of the struct block, and which
	 * of them are properties. */
	uint32_t tok[FUZZ_TOKENS_MAX];
	uint32_t ntok;
	uint32_t prop[FUZZ_TOKENS_MAX];
	uint32_t nprop;
};

static struct seed seeds[FUZZ_SEEDS_MAX];
static unsigned int nseeds;
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	return (uint32_t)(unit_rand64(&rng_state) >> 16);
}

/* The tokens of a dtc-made (trusted) struct block. */
static void seed_tokens(struct seed *s)
{
	uint32_t u = s->struct_off;

	while (u + 4 <= s->struct_end && s->ntok < FUZZ_TOKENS_MAX) {
		uint32_t tag = rd32(s->b + u);

		s->tok[s->ntok++] = u;
		if (tag == TOK_PROP) {
			s->prop[s->nprop++] = u;
			u += 12 + ((rd32(s->b + u + 4) + 3) & ~3u);
		} else if (tag == TOK_BEGIN_NODE) {
			u += 4;
			while (u < s->struct_end && !memchr(s->b + u, 0, 4))
				u += 4;
			u += 4;
		} else if (tag == TOK_END) {
			break;
		} else {
			u += 4;
		}
	}
}

static bool seed_load(const char *name)
{
	struct seed *s = &seeds[nseeds];
	size_t n = 0;

	s->b = unit_file_read(FDT_TEST_DIR, name, &n);
	if (!s->b)
		return false;
	if (n < 64 || n > 1 << 20) {
		free(s->b);
		return false;
	}
	s->size = (uint32_t)n;
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->struct_off = rd32(s->b + H_OFF_STRUCT);
	/* Version 16 has no struct size: dtc puts the strings next. */
	s->struct_end = rd32(s->b + H_VERSION) >= 17
				? s->struct_off + rd32(s->b + H_SIZE_STRUCT)
				: rd32(s->b + H_OFF_STRINGS);
	s->strings_size = rd32(s->b + H_SIZE_STRINGS);
	if (s->struct_end > s->size || s->struct_off + 8 > s->struct_end) {
		free(s->b);
		return false;
	}
	seed_tokens(s);
	nseeds++;
	return true;
}

/* Seed `s` re-laid out as header, map, strings, struct, so that the
 * struct block ends the buffer: a read past it is a read past the heap
 * block, which ASan reports even when no check of the sweep would. */
static void seed_struct_last(const struct seed *s)
{
	struct seed *t = &seeds[nseeds];
	uint32_t soff = rd32(s->b + H_OFF_STRINGS);
	uint32_t tsize = s->struct_end - s->struct_off;
	uint32_t nsoff = s->struct_off;
	uint32_t ntoff = (nsoff + s->strings_size + 3) & ~3u;

	if (nseeds == FUZZ_SEEDS_MAX || soff < s->struct_end ||
	    soff + s->strings_size > s->size)
		return;
	*t = *s;
	t->size = ntoff + tsize;
	t->b = calloc(1, t->size);
	if (!t->b)
		return;
	memcpy(t->b, s->b, nsoff);
	memcpy(t->b + nsoff, s->b + soff, s->strings_size);
	memcpy(t->b + ntoff, s->b + s->struct_off, tsize);
	wr32(t->b + 4, t->size);
	wr32(t->b + H_OFF_STRINGS, nsoff);
	wr32(t->b + H_OFF_STRUCT, ntoff);
	snprintf(t->name, sizeof(t->name), "%.50s+last", s->name);
	t->struct_off = ntoff;
	t->struct_end = ntoff + tsize;
	t->ntok = t->nprop = 0;
	seed_tokens(t);
	nseeds++;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* Every .dtb of the test directory, in name order (readdir's order is
 * the file system's). */
static void seeds_load(void)
{
	static char names[FUZZ_SEEDS_MAX][sizeof(seeds[0].name)];
	unsigned int n = 0;
	struct dirent *e;
	DIR *d = opendir(FDT_TEST_DIR);

	if (!d)
		return;
	while ((e = readdir(d)) && n < FUZZ_SEEDS_MAX) {
		size_t l = strlen(e->d_name);

		if (l > 4 && l < sizeof(seeds[0].name) &&
		    !strcmp(e->d_name + l - 4, ".dtb"))
			memcpy(names[n++], e->d_name, l + 1);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), by_name);
	for (unsigned int i = 0; i < n; i++)
		if (!seed_load(names[i]))
			unit_fail(__FILE__, __LINE__, "seed %s to load",
				  names[i]);
	for (unsigned int i = 0, loaded = nseeds; i < loaded; i++)
		seed_struct_last(&seeds[i]);
}

/* A value at or around a boundary that a check must get right. */
static uint32_t edge(uint32_t around, uint32_t size)
{
	switch (rnd() % 12) {
	case 0: return 0;
	case 1: return 1;
	case 2: return around - 1;
	case 3: return around + 1;
	case 4: return around + 4;
	case 5: return around - 4;
	case 6: return size;
	case 7: return size - around;
	case 8: return 0x7fffffffu;
	case 9: return 0x80000000u;
	case 10: return 0xffffffffu - rnd() % 16;
	default: return rnd() % (size + 16);
	}
}

static uint32_t any_struct_word(const struct seed *s)
{
	return s->struct_off +
	       4 * (rnd() % ((s->struct_end - s->struct_off) / 4));
}

/* One mutation of `b` (a copy of seed s, `size` bytes). */
static void mutate(const struct seed *s, uint8_t *b, uint32_t size)
{
	static const uint32_t tokens[] = {
		TOK_BEGIN_NODE, TOK_END_NODE, TOK_PROP, TOK_NOP, TOK_END, 0,
		0xffffffffu,
	};
	static const uint8_t bytes[] = { 0x00, 0xff, 0x01, 0x7f, 0x80, '@',
					 '/' };
	uint32_t at, k;

	if (!size || !s->ntok)
		return;
	switch (rnd() % 9) {
	case 0:		/* a bit, mostly in the struct block */
		at = rnd() % 4 ? any_struct_word(s) + rnd() % 4 : rnd() % size;
		b[at] ^= (uint8_t)(1u << (rnd() % 8));
		break;
	case 1:		/* a byte to an edge value */
		at = rnd() % size;
		b[at] = rnd() % 4 ? bytes[rnd() % sizeof(bytes)]
				  : (uint8_t)rnd();
		break;
	case 2:		/* a header offset or size */
		at = 4 * (1 + rnd() % (H_SIZE / 4 - 1));
		wr32(b + at, edge(rd32(s->b + at), size));
		break;
	case 3:		/* a property's length */
		if (!s->nprop)
			break;
		at = s->prop[rnd() % s->nprop];
		wr32(b + at + 4, edge(rd32(s->b + at + 4), s->struct_end - at));
		break;
	case 4:		/* a property's name offset */
		if (!s->nprop)
			break;
		at = s->prop[rnd() % s->nprop];
		wr32(b + at + 8, edge(rd32(s->b + at + 8), s->strings_size));
		break;
	case 5:		/* a token replaced */
		at = rnd() % 2 ? s->tok[rnd() % s->ntok] : any_struct_word(s);
		wr32(b + at, tokens[rnd() % (sizeof(tokens) / sizeof(*tokens))]);
		break;
	case 6:		/* a token copied over another */
		at = s->tok[rnd() % s->ntok];
		k = s->tok[rnd() % s->ntok];
		for (uint32_t i = 0; i < 16 && at + i < s->struct_end &&
				     k + i < s->struct_end; i++)
			b[at + i] = s->b[k + i];
		break;
	case 7:		/* nodes opened at a token, deeper than allowed */
		at = s->tok[rnd() % s->ntok];
		for (k = 0; k < 2 * 17 && at + 8 <= s->struct_end; k++, at += 8) {
			wr32(b + at, TOK_BEGIN_NODE);
			wr32(b + at + 4, 0x6e000000u | (k & 0xff) << 16);
		}
		break;
	default:	/* two words of the struct block swapped */
		at = any_struct_word(s);
		k = any_struct_word(s);
		for (uint32_t i = 0; i < 4; i++) {
			uint8_t t = b[at + i];

			b[at + i] = b[k + i];
			b[k + i] = t;
		}
		break;
	}
}

static void keep_failure(unsigned long iter, const uint8_t *b, size_t size)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/fuzz-fail-%lu.bin", FDT_TEST_DIR,
		 iter);
	f = fopen(path, "wb");
	if (f) {
		fwrite(b, 1, size, f);
		fclose(f);
		fprintf(stderr, "  mutant kept as %s\n", path);
	}
}

UNIT_TEST(every_seed_tree_is_swept_clean)
{
	struct fdt_sweep sw;

	seeds_load();
	REQUIRE(nseeds >= 16, "at least 8 seed trees in %s and their "
		"struct-last layouts, got %u", FDT_TEST_DIR, nseeds);
	for (unsigned int i = 0; i < nseeds; i++) {
		unsigned int fails = fdt_sweep(seeds[i].b, seeds[i].size, &sw);

		EXPECT(sw.open_err == 0 && sw.nodes > 0 && !fails,
		       "seed %s to open (got %d), walk and sweep clean: %s",
		       seeds[i].name, sw.open_err, sw.first);
	}
}

UNIT_TEST(mutated_trees_are_read_safely_and_consistently)
{
	unsigned long opened = 0, nodes = 0, failed = 0;
	struct fdt_sweep sw;

	REQUIRE(nseeds, "seed trees");
	for (unsigned long iter = 0; iter < FUZZ_ITERATIONS; iter++) {
		const struct seed *s = &seeds[iter % nseeds];
		uint32_t size = s->size;
		uint8_t *b;

		/* Sometimes cut short, possibly with totalsize following. */
		if (rnd() % 16 == 0)
			size = rnd() % size;
		b = malloc(size ? size : 1);
		REQUIRE(b, "memory");
		memcpy(b, s->b, size);
		if (size >= 8 && rnd() % 2)
			wr32(b + 4, size);
		for (uint32_t k = 1 + rnd() % 3; k && size == s->size; k--)
			mutate(s, b, size);
		if (fdt_sweep(b, size, &sw) && failed++ < FUZZ_FAILS_KEPT) {
			EXPECT(0, "mutant %lu of %s to sweep clean: %s", iter,
			       s->name, sw.first);
			keep_failure(iter, b, size);
		}
		opened += sw.open_err == 0;
		nodes += sw.nodes;
		free(b);
	}
	printf("  %d mutants of %u trees, %lu opened, %lu nodes swept\n",
	       FUZZ_ITERATIONS, nseeds, opened, nodes);
	EXPECT(!failed, "every mutant to sweep clean, %lu did not (the "
	       "first %d shown)", failed, FUZZ_FAILS_KEPT);
	/* Mutants that never open would test only fdt_open(). */
	EXPECT(opened > FUZZ_ITERATIONS / 4, "over a quarter of the mutants "
	       "to open, got %lu", opened);
}

int main(void)
{
	int r = unit_run_all();

	for (unsigned int i = 0; i < nseeds; i++)
		free(seeds[i].b);
	return r;
}
