/* The input fuzz harnesses without libFuzzer, for the host unit tests:
 * every seed, then fuzz_smoke_rounds mutants of them from a fixed
 * xorshift seed, so that a run is the same each time and a failure
 * reproduces (the failing input is written to <test>-failure.bin).
 *
 *   <test>                      the smoke run
 *   <test> ROUNDS [SEED]        a longer or different one
 *   <test> --write-seeds DIR    the seeds as a libFuzzer corpus
 *   <test> --run FILE           one input (a saved failure, a crash
 *                               libFuzzer found)
 */
#include <errno.h>
#include <fcntl.h>
#include <sanitizer/common_interface_defs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "input_fuzz.h"
#include "unit.h"

static uint64_t rng;

static size_t pick(size_t n)
{
	return n ? (size_t)(unit_rand64(&rng) % n) : 0;
}

/* Values at the edges of the fields' ranges, written little-endian. */
static const uint64_t edges[] = {
	0, 1, 2, 3, 4, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff,
	0x10000, 0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull,
	UINT64_MAX, UINT64_MAX - 3,
};

static size_t insert(uint8_t *buf, size_t len, size_t at, const void *src,
		     size_t n, size_t cap)
{
	if (n > cap - len)
		n = cap - len;
	memmove(buf + at + n, buf + at, len - at);
	memcpy(buf + at, src, n);
	return len + n;
}

/* One random edit of buf[0, len), which holds up to cap bytes. */
static size_t mutate(uint8_t *buf, size_t len, size_t cap)
{
	size_t at = pick(len + 1), n;
	const char *w;
	uint64_t v;

	switch (pick(8)) {
	case 0:		/* flip a bit */
		if (len)
			buf[pick(len)] ^= (uint8_t)(1u << pick(8));
		break;
	case 1:		/* a random byte */
		if (len)
			buf[pick(len)] = (uint8_t)unit_rand64(&rng);
		break;
	case 2:		/* an edge value over 1, 2, 4 or 8 bytes */
		v = edges[pick(sizeof(edges) / sizeof(edges[0]))];
		n = (size_t)1 << pick(4);
		for (size_t i = 0; i < n && at + i < len; i++)
			buf[at + i] = (uint8_t)(v >> (8 * i));
		break;
	case 3:		/* a word inserted */
		w = fuzz_words[pick(fuzz_nwords)];
		len = insert(buf, len, at, w, strlen(w), cap);
		break;
	case 4:		/* a word written over */
		w = fuzz_words[pick(fuzz_nwords)];
		for (size_t i = 0; w[i] && at + i < len; i++)
			buf[at + i] = (uint8_t)w[i];
		break;
	case 5:		/* a range erased */
		n = pick(len - at + 1);
		memmove(buf + at, buf + at + n, len - at - n);
		len -= n;
		break;
	case 6:		/* a range repeated */
		n = pick(len - at + 1);
		if (n <= cap - len) {
			uint8_t tmp[n ? n : 1];

			memcpy(tmp, buf + at, n);
			len = insert(buf, len, at, tmp, n, cap);
		}
		break;
	default:	/* cut short */
		len = pick(len + 1);
		break;
	}
	return len;
}

/* The input being run, written out when a check or a sanitizer ends the
 * process. */
static char failure_path[512];
static const uint8_t *current;
static size_t current_len;

static void put(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = write(fd, c, n);

		if (w <= 0)
			return;
		c += w;
		n -= (size_t)w;
	}
}

/* Also the SIGABRT handler's: async-signal-safe calls only. */
static void save_failure(void)
{
	static const char say[] = "the failing input is in ";
	int fd = open(failure_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	if (fd < 0)
		return;
	put(fd, current, current_len);
	close(fd);
	put(STDERR_FILENO, say, sizeof(say) - 1);
	put(STDERR_FILENO, failure_path, strlen(failure_path));
	put(STDERR_FILENO, "\n", 1);
}

static void on_abort(int sig)
{
	(void)sig;
	save_failure();
	signal(SIGABRT, SIG_DFL);
	abort();
}

static int run_file(const char *path)
{
	static uint8_t buf[1 << 16];
	FILE *f = fopen(path, "rb");
	size_t n;
	uint8_t *input;

	if (!f) {
		perror(path);
		return 1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	input = malloc(n ? n : 1);
	memcpy(input, buf, n);
	LLVMFuzzerTestOneInput(input, n);
	free(input);
	printf("%s: every invariant held\n", path);
	return 0;
}

static int write_seeds(const char *dir)
{
	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		perror(dir);
		return 1;
	}
	for (size_t i = 0; i < fuzz_nseeds; i++) {
		char path[512];
		FILE *f;

		snprintf(path, sizeof(path), "%s/seed-%03zu", dir, i);
		f = fopen(path, "wb");
		if (!f || fwrite(fuzz_seeds[i].data, 1, fuzz_seeds[i].size, f) !=
				  fuzz_seeds[i].size) {
			perror(path);
			return 1;
		}
		fclose(f);
	}
	printf("%zu seeds written to %s\n", fuzz_nseeds, dir);
	return 0;
}

int main(int argc, char **argv)
{
	unsigned long rounds = fuzz_smoke_rounds;
	size_t cap = fuzz_max_size, len = 0;
	uint8_t *buf, *input;
	clock_t start = clock();

	if (argc == 3 && !strcmp(argv[1], "--write-seeds"))
		return write_seeds(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "--run")) {
		LLVMFuzzerInitialize(&argc, &argv);
		return run_file(argv[2]);
	}
	if (argc > 1)
		rounds = strtoul(argv[1], NULL, 0);
	rng = argc > 2 ? strtoull(argv[2], NULL, 0) : 0x5eed5eed5eedull;
	if (!rng)
		return 2;
	buf = malloc(cap);
	if (!buf)
		return 2;
	snprintf(failure_path, sizeof(failure_path), "%s-failure.bin", argv[0]);
	signal(SIGABRT, on_abort);
	__sanitizer_set_death_callback(save_failure);
	LLVMFuzzerInitialize(&argc, &argv);
	for (unsigned long r = 0; r < fuzz_nseeds + rounds; r++) {
		if (r < fuzz_nseeds || pick(16) == 0) {
			const struct fuzz_seed *s =
				&fuzz_seeds[r < fuzz_nseeds ? r : pick(fuzz_nseeds)];

			len = s->size < cap ? s->size : cap;
			memcpy(buf, s->data, len);
		}
		if (r >= fuzz_nseeds)
			for (size_t k = 1 + pick(4); k; k--)
				len = mutate(buf, len, cap);
		/* An exact-size copy: ASan sees a read past the input. */
		input = malloc(len ? len : 1);
		memcpy(input, buf, len);
		current = input;
		current_len = len;
		LLVMFuzzerTestOneInput(input, len);
		free(input);
	}
	printf("%zu seeds and %lu mutants: every invariant held (%.2f s of CPU)\n",
	       fuzz_nseeds, rounds,
	       (double)(clock() - start) / CLOCKS_PER_SEC);
	free(buf);
	return 0;
}
