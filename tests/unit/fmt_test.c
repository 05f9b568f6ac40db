/* Host tests of the formatter. fmt must agree with the host C library's
 * snprintf (glibc) on everything fmt.h documents, so most cases format
 * with both and compare; only where fmt.h says fmt differs (%p of NULL,
 * unknown conversions) are the expected strings written out here. */
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "unit.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define OUT_MAX		256
#define GUARD		0xa5

/* Both outputs of one format; sized for every case here. */
struct outcome {
	const char *fmt;
	char want[OUT_MAX];
	char got[OUT_MAX];
	int want_n;
	int got_n;
};

/* Formats the arguments with vsnprintf and fmt_vsnprintf; true if the
 * return values and the bytes written agree (%c may write a NUL). */
static bool outcome_same_v(struct outcome *o, const char *fmt, va_list ap)
{
	va_list ap2;
	size_t n;

	va_copy(ap2, ap);
	o->fmt = fmt;
	/* The formats of the sweeps are built at run time on purpose. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	o->want_n = vsnprintf(o->want, sizeof(o->want), fmt, ap);
	o->got_n = fmt_vsnprintf(o->got, sizeof(o->got), fmt, ap2);
#pragma GCC diagnostic pop
	va_end(ap2);
	if (o->want_n != o->got_n || o->want_n < 0)
		return false;
	n = (size_t)o->want_n + 1;
	return memcmp(o->want, o->got, n < OUT_MAX ? n : OUT_MAX) == 0;
}

/* For formats written in this file, which -Wformat checks. */
static bool outcome_same(struct outcome *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static bool outcome_same(struct outcome *o, const char *fmt, ...)
{
	va_list ap;
	bool same;

	va_start(ap, fmt);
	same = outcome_same_v(o, fmt, ap);
	va_end(ap);
	return same;
}

/* For formats built at run time or that -Wformat rejects on purpose. */
static bool outcome_same_unchecked(struct outcome *o, const char *fmt, ...)
{
	va_list ap;
	bool same;

	va_start(ap, fmt);
	same = outcome_same_v(o, fmt, ap);
	va_end(ap);
	return same;
}

#define OUTCOME_MSG							\
	"\"%s\" to give \"%s\" (%d) as snprintf does, got \"%s\" (%d)"
#define OUTCOME_ARGS(o)	(o).fmt, (o).want, (o).want_n, (o).got, (o).got_n

/* Compares one hand-written case. */
#define EXPECT_LIKE_LIBC(...)                                               \
	do {                                                                \
		struct outcome o_;                                          \
		EXPECT(outcome_same(&o_, __VA_ARGS__), OUTCOME_MSG,         \
		       OUTCOME_ARGS(o_));                                   \
	} while (0)

/* The same for what -Wformat flags on purpose: ignored flags, NULL
 * strings, a precision on %p, an empty format, values out of range. */
#define EXPECT_LIKE_LIBC_ODD(...)                                           \
	do {                                                                \
		struct outcome o_;                                          \
		EXPECT(outcome_same_unchecked(&o_, __VA_ARGS__),            \
		       OUTCOME_MSG, OUTCOME_ARGS(o_));                      \
	} while (0)

/* Calls fmt_vsnprintf with a format -Wformat would reject. */
static int fmt_format(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

UNIT_TEST(integers_match_libc_in_hand_picked_cases)
{
	EXPECT_LIKE_LIBC("%d", 0);
	EXPECT_LIKE_LIBC("%d %i", INT_MIN, INT_MAX);
	EXPECT_LIKE_LIBC("%u %x %X %o", UINT_MAX, UINT_MAX, 0xabcdefu, UINT_MAX);
	EXPECT_LIKE_LIBC("%.0d|%.0u|%.0x|%.0o|%.d", 0, 0u, 0u, 0u, 0);
	EXPECT_LIKE_LIBC("%5.0d|%-5.0d|%+.0d|% .0d", 0, 0, 0, 0);
	EXPECT_LIKE_LIBC("%.0d|%.0x", 7, 7u);
	/* Either side of 32 bits, where the digits change method. */
	EXPECT_LIKE_LIBC("%llu %llu %llu %llu", 0xffffffffull, 0x100000000ull,
			 0xffffffffffffffffull, 999999999999ull);
	EXPECT_LIKE_LIBC("%llo %llo %llx %llX", 0xffffffffull, 0x100000000ull,
			 0xffffffffull, 0x100000000ull);
	EXPECT_LIKE_LIBC("%lld %lld %lld", -0xffffffffll, -0x100000000ll,
			 -0x80000000ll);
	EXPECT_LIKE_LIBC_ODD("%05d|%-05d|%05.3d|%0-5d", -42, -42, -42, 42);
	EXPECT_LIKE_LIBC_ODD("%+d|% d|%+ d|% +d|%+d", 5, 5, 5, 5, -5);
	EXPECT_LIKE_LIBC("%#x|%#X|%#o|%#x|%#o", 255u, 255u, 8u, 0u, 0u);
	EXPECT_LIKE_LIBC("%#.0x|%#.0o|%#.3o|%#5.3o|%#08x", 0u, 0u, 8u, 8u, 10u);
	EXPECT_LIKE_LIBC("%#010X|%-#10x|%#3x", 0xbeefu, 0xbeefu, 0xbeefu);
	EXPECT_LIKE_LIBC_ODD("%.10d|%12.10d|%-12.10d|%012.10d", -123, -123,
			     -123, -123);
	/* Out of range for hh and h on purpose: they are cut as glibc does. */
	EXPECT_LIKE_LIBC_ODD("%hhd %hhu %hhx", 255, 255, 0x1ff);
	EXPECT_LIKE_LIBC_ODD("%hhd %hhd %hd %hu", 128, -129, 32768, -1);
	EXPECT_LIKE_LIBC("%ld %lu %lx", LONG_MIN, ULONG_MAX, ULONG_MAX);
	EXPECT_LIKE_LIBC("%lld %lld %llu", LLONG_MIN, LLONG_MAX, ULLONG_MAX);
	EXPECT_LIKE_LIBC("%llo %llX", ULLONG_MAX, 0x0123456789abcdefull);
	EXPECT_LIKE_LIBC("%zu %zx %zd", SIZE_MAX, SIZE_MAX, (ptrdiff_t)-1);
	EXPECT_LIKE_LIBC("%td %tu", PTRDIFF_MIN, (size_t)PTRDIFF_MAX);
	EXPECT_LIKE_LIBC("%jd %ju %jx", INTMAX_MIN, UINTMAX_MAX, UINTMAX_MAX);
	EXPECT_LIKE_LIBC("%llu %llu %llu", 10000000000000000000ull,
			 9999999999999999999ull, 1000000000000000000ull);
}

UNIT_TEST(stars_match_libc_including_negative_values)
{
	EXPECT_LIKE_LIBC("%*d|%-*d|%*d", 6, 42, 6, 42, -6, 42);
	EXPECT_LIKE_LIBC("%.*d|%.*d|%.*d", 4, 42, 0, 0, -1, 0);
	EXPECT_LIKE_LIBC_ODD("%*.*x|%0*d|%0*.*d", 8, 5, 0xabu, -6, 42, 6, -3,
			     42);
	EXPECT_LIKE_LIBC("%*s|%.*s|%*c", -4, "ab", 1, "ab", 3, 'z');
}

UNIT_TEST(strings_and_characters_match_libc_in_hand_picked_cases)
{
	const char *null = NULL;

	EXPECT_LIKE_LIBC("%s|%5s|%-5s|", "ab", "ab", "ab");
	EXPECT_LIKE_LIBC("%.3s|%.0s|%5.1s|%-5.10s|", "abcdef", "abc", "xyz",
			 "abc");
	EXPECT_LIKE_LIBC_ODD("%s|%10s|%-10s|%.6s|%.7s", null, null, null, null,
			     null);
	EXPECT_LIKE_LIBC_ODD("[%.3s][%.5s][%8.2s]", null, null, null);
	EXPECT_LIKE_LIBC("%c|%3c|%-3c|", 'a', 'b', 'c');
	EXPECT_LIKE_LIBC("a%cb", '\0');
	EXPECT_LIKE_LIBC("%%|100%%");
	EXPECT_LIKE_LIBC_ODD("");
	EXPECT_LIKE_LIBC("no conversions at all");
	EXPECT_LIKE_LIBC("%s and %s", "", "x");
}

UNIT_TEST(pointers_match_libc_except_null)
{
	int x;

	EXPECT_LIKE_LIBC("%p", (void *)&x);
	EXPECT_LIKE_LIBC_ODD("%20p|%-20p|%.20p", (void *)0x1234, (void *)0x1234,
			     (void *)0x1234);
	EXPECT_LIKE_LIBC("%p", (void *)UINTPTR_MAX);
}

/* Flags that C leaves undefined or ignores but glibc defines. */
static const struct {
	const char *fmt;
	int arg;
} odd_cases[] = {
	{ "%05c|", 'x' }, { "%#c|", 'x' }, { "%+c|", 'x' }, { "%.0c|", 'x' },
	{ "%#d|", 5 }, { "%+u|", 5 }, { "% x|", 5 }, { "%+#o|", 5 },
	{ "%--5d|", 5 }, { "%00005d|", 5 }, { "%-+-5d|", 5 }, { "%#-#8x|", 5 },
};

UNIT_TEST(odd_flag_combinations_match_libc)
{
	void *p = (void *)0x1234;

	for (size_t i = 0; i < ARRAY_SIZE(odd_cases); i++)
		EXPECT_LIKE_LIBC_ODD(odd_cases[i].fmt, odd_cases[i].arg);
	EXPECT_LIKE_LIBC_ODD("%05s|%+s|% s|%#s", "ab", "ab", "ab", "ab");
	/* glibc keeps '+' and ' ' for a pointer. */
	EXPECT_LIKE_LIBC_ODD("%+p|% p|%#p|%08.3p", p, p, p, p);
}

UNIT_TEST(percent_ignores_flags_and_width_like_glibc)
{
	char buf[32];
	int n = fmt_format(buf, sizeof(buf), "%5%|%-05%|%%");

	EXPECT(n == 5 && strcmp(buf, "%|%|%") == 0,
	       "\"%%|%%|%%\" (5), got \"%s\" (%d)", buf, n);
}

UNIT_TEST(null_pointer_prints_as_0x0)
{
	char buf[32];
	int n;

	n = fmt_snprintf(buf, sizeof(buf), "%p|%5p|%-5p|", (void *)NULL,
			 (void *)NULL, (void *)NULL);
	EXPECT(n == 16 && strcmp(buf, "0x0|  0x0|0x0  |") == 0,
	       "\"0x0|  0x0|0x0  |\" (16), got \"%s\" (%d)", buf, n);
}

UNIT_TEST(unknown_conversions_are_echoed_and_consume_no_argument)
{
	static const struct {
		const char *fmt;
		const char *want;
	} cases[] = {
		{ "%q %d", "%q 7" },
		{ "%-08.3q %d", "%-08.3q 7" },
		{ "%*.*q %d", "%*.*q 7" },
		{ "%f|%Lf %d", "%f|%Lf 7" },
		{ "%n %d", "%n 7" },
		{ "%ls %lc %hp %l% %d", "%ls %lc %hp %l% 7" },
		{ "%hhq %llq %d", "%hhq %llq 7" },
		{ "%d %", "7 %" },
		{ "%d %-5", "7 %-5" },
		{ "%d %.*l", "7 %.*l" },
	};
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int n = fmt_format(buf, sizeof(buf), cases[i].fmt, 7);

		EXPECT(n == (int)strlen(cases[i].want) &&
		       strcmp(buf, cases[i].want) == 0,
		       "\"%s\" to give \"%s\", got \"%s\" (%d)", cases[i].fmt,
		       cases[i].want, buf, n);
	}
}

/* The sweeps: every combination of flags, width, precision and length
 * modifier, with values at the edges of each argument type. */
static const char *const widths[] = { "", "1", "5", "12", "25", "*", "*", "*" };
static const int width_args[] = { 0, 0, 0, 0, 0, 0, 12, -7 };
static const char *const precs[] = {
	"", ".0", ".1", ".3", ".10", ".", ".*", ".*", ".*",
};
static const int prec_args[] = { 0, 0, 0, 0, 0, 0, 5, 6, -1 };
static const char flag_chars[] = "-0 +#";

enum arg_type {
	ARG_INT, ARG_UINT, ARG_LONG, ARG_ULONG, ARG_LLONG, ARG_ULLONG,
	ARG_SIZE, ARG_PTRDIFF, ARG_INTMAX, ARG_UINTMAX,
};

/* hh and h take an int (the promoted type) for both signednesses, which
 * also checks that out-of-range values are cut like glibc cuts them. */
static const struct {
	const char *s;
	enum arg_type sig;
	enum arg_type uns;
} mods[] = {
	{ "", ARG_INT, ARG_UINT },
	{ "hh", ARG_INT, ARG_INT },
	{ "h", ARG_INT, ARG_INT },
	{ "l", ARG_LONG, ARG_ULONG },
	{ "ll", ARG_LLONG, ARG_ULLONG },
	{ "z", ARG_PTRDIFF, ARG_SIZE },
	{ "t", ARG_PTRDIFF, ARG_SIZE },
	{ "j", ARG_INTMAX, ARG_UINTMAX },
};

/* Converted to each argument type by truncation, so INT_MIN, -1 etc.
 * reach every type. */
static const unsigned long long values[] = {
	0, 1, (unsigned long long)-1, 7, 8, 10, 15, 16, 42,
	(unsigned long long)-42, 127, 128, 255, 256, (unsigned long long)-129,
	32767, 32768, 65535, 65536, (unsigned long long)-32769,
	INT_MAX, (unsigned long long)INT_MIN, UINT_MAX, 4294967296ull,
	LLONG_MAX, (unsigned long long)LLONG_MIN, ULLONG_MAX, SIZE_MAX,
	1234567890123ull, 0x0123456789abcdefull, 10000000000000000000ull,
};

struct sweep {
	char fmt[32];
	int stars[2];
	int nstars;
	unsigned int cases;
	unsigned int failures;
};

/* Field combinations: every set of flags, width and precision. */
#define SWEEP_FIELDS	(32 * ARRAY_SIZE(widths) * ARRAY_SIZE(precs))

/* Builds "%<flags><width><prec><mod><conv>" for field combination k, and
 * its '*' arguments. */
static void sweep_build(struct sweep *sw, size_t k, const char *mod, char conv)
{
	unsigned int flags = k % 32;
	size_t w = k / 32 % ARRAY_SIZE(widths);
	size_t p = k / 32 / ARRAY_SIZE(widths);
	char *f = sw->fmt;

	*f++ = '%';
	for (unsigned int i = 0; i < 5; i++) {
		if (flags & (1u << i))
			*f++ = flag_chars[i];
	}
	sw->nstars = 0;
	if (strchr(widths[w], '*'))
		sw->stars[sw->nstars++] = width_args[w];
	if (strchr(precs[p], '*'))
		sw->stars[sw->nstars++] = prec_args[p];
	snprintf(f, sizeof(sw->fmt) - (size_t)(f - sw->fmt), "%s%s%s%c",
		 widths[w], precs[p], mod, conv);
}

#define SWEEP_CALL(o, sw, v)                                                \
	((sw)->nstars == 0 ?                                                \
	 outcome_same_unchecked(o, (sw)->fmt, v) :                          \
	 (sw)->nstars == 1 ?                                                \
	 outcome_same_unchecked(o, (sw)->fmt, (sw)->stars[0], v) :          \
	 outcome_same_unchecked(o, (sw)->fmt, (sw)->stars[0], (sw)->stars[1], v))

static bool sweep_call_int(struct outcome *o, const struct sweep *sw,
			   enum arg_type t, unsigned long long v)
{
	switch (t) {
	case ARG_INT:
		return SWEEP_CALL(o, sw, (int)v);
	case ARG_UINT:
		return SWEEP_CALL(o, sw, (unsigned int)v);
	case ARG_LONG:
		return SWEEP_CALL(o, sw, (long)v);
	case ARG_ULONG:
		return SWEEP_CALL(o, sw, (unsigned long)v);
	case ARG_LLONG:
		return SWEEP_CALL(o, sw, (long long)v);
	case ARG_ULLONG:
		return SWEEP_CALL(o, sw, v);
	case ARG_SIZE:
		return SWEEP_CALL(o, sw, (size_t)v);
	case ARG_PTRDIFF:
		return SWEEP_CALL(o, sw, (ptrdiff_t)v);
	case ARG_INTMAX:
		return SWEEP_CALL(o, sw, (intmax_t)v);
	default:
		return SWEEP_CALL(o, sw, (uintmax_t)v);
	}
}

/* Reports the first few mismatches in full and counts the rest. */
static void sweep_record(struct sweep *sw, const struct outcome *o, bool same)
{
	sw->cases++;
	if (same)
		return;
	if (++sw->failures <= 10)
		EXPECT(same, OUTCOME_MSG " (%d '*' arguments: %d, %d)",
		       OUTCOME_ARGS(*o), sw->nstars, sw->stars[0], sw->stars[1]);
}

static void sweep_report(const struct sweep *sw, size_t min_cases)
{
	EXPECT(sw->failures == 0, "no mismatches, got %u of %u cases",
	       sw->failures, sw->cases);
	EXPECT(sw->cases >= min_cases, "at least %zu cases, ran %u",
	       min_cases, sw->cases);
}

/* Runs every value through one integer format. */
static void sweep_ints(struct sweep *sw, enum arg_type t)
{
	for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
		struct outcome o;

		sweep_record(sw, &o, sweep_call_int(&o, sw, t, values[v]));
	}
}

UNIT_TEST(integer_sweep_matches_libc)
{
	static const char convs[] = "diuxXo";
	struct sweep sw = { .cases = 0 };

	for (size_t k = 0; k < SWEEP_FIELDS; k++) {
		for (size_t m = 0; m < ARRAY_SIZE(mods); m++) {
			for (const char *c = convs; *c; c++) {
				bool sig = *c == 'd' || *c == 'i';

				sweep_build(&sw, k, mods[m].s, *c);
				sweep_ints(&sw, sig ? mods[m].sig : mods[m].uns);
			}
		}
	}
	sweep_report(&sw, SWEEP_FIELDS * ARRAY_SIZE(mods) * 6 *
		     ARRAY_SIZE(values));
}

/* Random values of every bit length in random fields (widths and
 * precisions beyond the sweep's, '*' ones negative too), against libc
 * from a fixed seed. */
UNIT_TEST(random_integers_in_random_fields_match_libc)
{
	static const char convs[] = "diuxXo";
	struct sweep sw = { .cases = 0 };
	uint64_t rng = 0x6d6174636820u;

	for (unsigned int i = 0; i < 20000; i++) {
		unsigned long long v = unit_rand64(&rng) >>
				       (unit_rand64(&rng) % 64);
		size_t m = unit_rand64(&rng) % ARRAY_SIZE(mods);
		char c = convs[unit_rand64(&rng) % 6];
		unsigned int r = (unsigned int)unit_rand64(&rng);
		char *f = sw.fmt;
		struct outcome o;

		*f++ = '%';
		for (unsigned int k = 0; k < 5; k++)
			if (r & (1u << k))
				*f++ = flag_chars[k];
		sw.nstars = 0;
		if (r & 0x20)
			*f++ = '*', sw.stars[sw.nstars++] = (int)(r >> 8 & 0x7f) - 64;
		else if (r & 0x40)
			f += sprintf(f, "%u", r >> 8 & 0x3f);
		if (r & 0x80)
			*f++ = '.', *f++ = '*',
			sw.stars[sw.nstars++] = (int)(r >> 16 & 0x3f) - 8;
		else if (r & 0x8000)
			f += sprintf(f, ".%u", r >> 16 & 0x3f);
		sprintf(f, "%s%c", mods[m].s, c);
		sweep_record(&sw, &o, sweep_call_int(&o, &sw, c == 'd' || c == 'i'
							      ? mods[m].sig
							      : mods[m].uns, v));
	}
	sweep_report(&sw, 20000);
}

UNIT_TEST(string_character_and_pointer_sweep_matches_libc)
{
	static const char *const strs[] = {
		"", "a", "abc", "hello", "hello, world", NULL,
		"a string longer than the widest field here",
	};
	static const char chars[] = { 'a', ' ', '%', '\0', '\x7f', '\xe9' };
	int local;
	void *const ptrs[] = {
		(void *)1, (void *)0x1234, (void *)&local, (void *)UINTPTR_MAX,
		(void *)(UINTPTR_MAX / 2 + 1),
	};
	struct sweep sw = { .cases = 0 };
	struct outcome o;

	for (size_t k = 0; k < SWEEP_FIELDS; k++) {
		sweep_build(&sw, k, "", 's');
		for (size_t i = 0; i < ARRAY_SIZE(strs); i++)
			sweep_record(&sw, &o, SWEEP_CALL(&o, &sw, strs[i]));
		sweep_build(&sw, k, "", 'c');
		for (size_t i = 0; i < ARRAY_SIZE(chars); i++)
			sweep_record(&sw, &o, SWEEP_CALL(&o, &sw, chars[i]));
		sweep_build(&sw, k, "", 'p');
		for (size_t i = 0; i < ARRAY_SIZE(ptrs); i++)
			sweep_record(&sw, &o, SWEEP_CALL(&o, &sw, ptrs[i]));
	}
	sweep_report(&sw, SWEEP_FIELDS * (ARRAY_SIZE(strs) + ARRAY_SIZE(chars) +
					  ARRAY_SIZE(ptrs)));
}

/* Checks fmt_snprintf(buf, size, fmt, arg) for every size from 0 to past
 * the full length: the return value, the NUL, the truncated text, and
 * that no byte at or past buf[size] was written. */
static void expect_truncation(const char *fmt, long long arg)
{
	char full[OUT_MAX], buf[OUT_MAX + 16];
	int len = fmt_format(full, sizeof(full), fmt, arg);

	REQUIRE(len >= 0 && len < OUT_MAX - 4,
		"\"%s\" to fit the test buffer, length %d", fmt, len);
	for (size_t size = 0; size <= (size_t)len + 3; size++) {
		size_t kept = 0;
		bool guard_ok = true;
		int n;

		if (size)
			kept = size - 1 < (size_t)len ? size - 1 : (size_t)len;

		memset(buf, GUARD, sizeof(buf));
		n = fmt_format(buf, size, fmt, arg);
		for (size_t i = size; i < sizeof(buf); i++)
			guard_ok = guard_ok && (unsigned char)buf[i] == GUARD;
		EXPECT(n == len, "\"%s\" with size %zu to return %d, got %d",
		       fmt, size, len, n);
		EXPECT(guard_ok, "\"%s\" with size %zu to leave buf[%zu..] alone",
		       fmt, size, size);
		if (size == 0)
			continue;
		EXPECT(buf[kept] == '\0' && memcmp(buf, full, kept) == 0,
		       "\"%s\" with size %zu to hold \"%.*s\" and a NUL, got \"%.*s\"",
		       fmt, size, (int)kept, full, (int)kept, buf);
	}
}

UNIT_TEST(truncation_follows_c99_at_every_buffer_size)
{
	expect_truncation("%lld", LLONG_MIN);
	expect_truncation("[%-12lld]", 42);
	expect_truncation("%#020llx|", 0xdeadbeefll);
	expect_truncation("text only", 0);
	expect_truncation("%q unknown %lld", 5);
	expect_truncation("", 0);
}

UNIT_TEST(size_zero_writes_nothing_and_accepts_null)
{
	char buf[4] = { 'x', 'y', 'z', 'w' };

	EXPECT(fmt_snprintf(NULL, 0, "%d-%s", 1234, "abc") == 8,
	       "8 from a NULL buffer of size 0");
	EXPECT(fmt_snprintf(buf, 0, "%d", 1) == 1 && buf[0] == 'x',
	       "size 0 to return 1 and leave the buffer alone, got '%c'", buf[0]);
	EXPECT(fmt_snprintf(buf, 1, "%d", 12) == 2 && buf[0] == '\0' &&
	       buf[1] == 'y', "size 1 to write only the NUL");
}

/* An output function that records what it is given. */
struct sink {
	char text[OUT_MAX];
	size_t len, calls;
};

static void sink_put(void *ctx, const char *str, size_t n)
{
	struct sink *s = ctx;

	for (size_t i = 0; i < n; i++, s->len++)
		if (s->len < sizeof(s->text))
			s->text[s->len] = str[i];
	s->calls++;
}

static int sink_format(struct sink *s, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(sink_put, s, fmt, ap);
	va_end(ap);
	return n;
}

UNIT_TEST(vformat_outputs_text_and_values_in_runs)
{
	static const char want[] = "[   -42|0x00ff|(null)|a\0b] plain text";
	struct sink s = { .len = 0 };
	int n = sink_format(&s, "[%6d|%#06x|%s|a%cb] plain text", -42, 255u,
			    (char *)NULL, '\0');

	EXPECT(n == (int)sizeof(want) - 1, "%zu characters, got %d",
	       sizeof(want) - 1, n);
	EXPECT(s.len == sizeof(want) - 1, "%zu characters out, got %zu",
	       sizeof(want) - 1, s.len);
	EXPECT(memcmp(s.text, want, sizeof(want) - 1) == 0,
	       "the characters of \"[   -42|0x00ff|(null)|a\\0b] plain text\"");
	/* "[", "   ", "-" "42", "|", "0x", "00", "ff", "|", "(null)", "|a",
	 * "\0", "b] plain text": 13 runs for 37 characters. */
	EXPECT(s.calls == 13, "13 runs, got %zu", s.calls);
}

UNIT_TEST(vformat_outputs_padding_and_zeros_16_at_a_time)
{
	struct sink s = { .len = 0 };
	char want[OUT_MAX];
	int n = sink_format(&s, "%40d|%-17s|%.33u", 7, "x", 5u);

	snprintf(want, sizeof(want), "%40d|%-17s|%.33u", 7, "x", 5u);
	EXPECT(n == (int)strlen(want) && s.len == strlen(want) &&
	       memcmp(s.text, want, s.len) == 0,
	       "\"%s\", got \"%.*s\"", want, (int)s.len, s.text);
	/* 16 + 16 + 8 spaces, "7", "|", "x", 16 spaces, "|", 16 + 16
	 * zeros, "5". */
	EXPECT(s.calls == 11, "11 runs, got %zu", s.calls);
}

UNIT_TEST(vformat_counts_output_longer_than_any_buffer)
{
	struct sink s = { .calls = 0 };
	int n = sink_format(&s, "%*d%.*d", 100000, 1, 50000, 2);

	EXPECT(n == 150000 && s.len == 150000,
	       "150000 characters, got %d and %zu", n, s.len);
	EXPECT(s.text[0] == ' ' && s.text[OUT_MAX - 1] == ' ',
	       "padding spaces first, got '%c'", s.text[0]);
}

static void count_put(void *ctx, const char *str, size_t n)
{
	(void)str;
	*(size_t *)ctx += n;
}

static int count_format(size_t *count, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(count_put, count, fmt, ap);
	va_end(ap);
	return n;
}

/* The contract: the count, or -1 past INT_MAX (the output still goes
 * out whole). A width of INT_MAX is INT_MAX characters. */
UNIT_TEST(vformat_counts_up_to_int_max_and_returns_minus_1_past_it)
{
	size_t out = 0;
	int n = count_format(&out, "%*d", INT_MAX, 7);

	EXPECT(n == INT_MAX && out == (size_t)INT_MAX,
	       "INT_MAX characters: %d, got %d (%zu out)", INT_MAX, n, out);
	out = 0;
	n = count_format(&out, "%*d!", INT_MAX, 7);
	EXPECT(n == -1 && out == (size_t)INT_MAX + 1,
	       "INT_MAX + 1 characters: -1, got %d (%zu out)", n, out);
}

/* Past INT_MAX stays past it, however far: on a 32-bit target (ARM,
 * i686) a size_t count of three INT_MAX-wide fields wraps to just below
 * INT_MAX and would be returned as a length. */
UNIT_TEST(vformat_returns_minus_1_for_any_count_past_int_max)
{
	size_t out = 0;
	int n = count_format(&out, "%*d%*d%*d", INT_MAX, 1, INT_MAX, 2,
			     INT_MAX, 3);

	EXPECT(n == -1, "3 * INT_MAX characters: -1, got %d", n);
}

/* The first character out and the count, of output too long to keep. */
struct first_out {
	char first;
	size_t count;
};

static void first_put(void *ctx, const char *str, size_t n)
{
	struct first_out *f = ctx;

	if (!f->count && n)
		f->first = str[0];
	f->count += n;
}

static int first_format(struct first_out *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vformat(first_put, f, fmt, ap);
	va_end(ap);
	return n;
}

/* A '*' width of INT_MIN has no positive int: it is taken as INT_MAX,
 * left-justified (negating it would overflow). */
UNIT_TEST(a_star_width_of_int_min_left_justifies_int_max_characters)
{
	struct first_out f = { 0, 0 };
	int n = first_format(&f, "%*d", INT_MIN, 7);

	EXPECT(n == INT_MAX && f.count == (size_t)INT_MAX && f.first == '7',
	       "INT_MAX characters, '7' first: got %d, %zu, '%c'", n, f.count,
	       f.first);
}

/* A written width past INT_MAX saturates there, whatever its last digit
 * (the digit before it must not overflow the int either). */
UNIT_TEST(a_written_width_past_int_max_is_int_max)
{
	struct first_out f = { 0, 0 };
	int n = first_format(&f, "%2147483648d", 7);

	EXPECT(n == INT_MAX && f.count == (size_t)INT_MAX && f.first == ' ',
	       "INT_MAX characters, padding first: got %d, %zu, '%c'", n,
	       f.count, f.first);
	f = (struct first_out){ 0, 0 };
	n = first_format(&f, "%-99999999999d", 7);
	EXPECT(n == INT_MAX && f.count == (size_t)INT_MAX && f.first == '7',
	       "11 digits, left: INT_MAX characters, '7' first: got %d, %zu, "
	       "'%c'", n, f.count, f.first);
}

UNIT_TEST(vformat_of_an_empty_format_produces_nothing)
{
	struct sink s = { .calls = 0 };
	int n = sink_format(&s, "%s", "");

	EXPECT(n == 0 && s.calls == 0, "no output, got %d and %zu calls", n,
	       s.calls);
}

int main(void)
{
	return unit_run_all();
}
