/* Fuzz harness of the command-line parser (common/cmdline.c).
 *
 * The input is the image's command-line buffer as the loader left it, up
 * to CMDLINE_SIZE bytes, NUL-terminated or not. The parser's results are
 * compared with a separate, plainer model of docs/cmdline.md: every
 * option's final value (the last valid one, or the default), whether it
 * was given, the number of problems, a printable warning for each of the
 * first few naming the option and a count of the rest. Options of each
 * shape the kernel declares.
 *
 * libFuzzer:  tests/fuzz/run cmdline [seconds]
 * unit test:  fuzz_cmdline_smoke (tests/unit/tests.cmake) */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "input_fuzz.h"

/* --- the options ------------------------------------------------------ */

enum { O_COUNT, O_POLL, O_WIDE, O_BASE, O_DIVIDER, O_FLAG, O_VIRT, O_NAME,
       O_CASE, NOPTS };

static union {
	unsigned int u;
	uint64_t u64;
	bool b;
	const char *s;
} vars[NOPTS];
static bool given[NOPTS];

#define OPT(i, nm, ty, lo, hi, g)                                           \
	[i] = { nm, ty, &vars[i], lo, hi, (g) ? &given[i] : NULL }
static const struct cmdline_opt opt_table[NOPTS] = {
	OPT(O_COUNT, "ticks", CMDLINE_TYPE_UINT, 1, 1000000, false),
	OPT(O_POLL, "hv-poll-ms", CMDLINE_TYPE_UINT, 0, 10000, false),
	OPT(O_WIDE, "wide", CMDLINE_TYPE_UINT, 5, UINT32_MAX, false),
	OPT(O_BASE, "con-base", CMDLINE_TYPE_U64, 0, UINT64_MAX, true),
	OPT(O_DIVIDER, "con-divider", CMDLINE_TYPE_U64, 0, 0xffff, true),
	OPT(O_FLAG, "quiet", CMDLINE_TYPE_FLAG, 0, 1, false),
	OPT(O_VIRT, "con-virtual", CMDLINE_TYPE_FLAG, 0, 1, true),
	OPT(O_NAME, "con-type", CMDLINE_TYPE_STR, 1, 8, false),
	OPT(O_CASE, "case", CMDLINE_TYPE_STR, 1, 64, false),
};
static const struct cmdline_opt *const opts[NOPTS] = {
	&opt_table[0], &opt_table[1], &opt_table[2], &opt_table[3],
	&opt_table[4], &opt_table[5], &opt_table[6], &opt_table[7],
	&opt_table[8],
};

static void set_defaults(void)
{
	vars[O_COUNT].u = 50;
	vars[O_POLL].u = 10;
	vars[O_WIDE].u = 77;
	vars[O_BASE].u64 = 0x3f8;
	vars[O_DIVIDER].u64 = 1;
	vars[O_FLAG].b = false;
	vars[O_VIRT].b = true;
	vars[O_NAME].s = "dflt";
	vars[O_CASE].s = NULL;
	memset(given, 0, sizeof(given));
}

/* --- the warnings ----------------------------------------------------- */

#define MAX_WARNINGS 160
static char warnings[MAX_WARNINGS][160];
static int nwarnings;

static void warn(const char *msg)
{
	size_t n = strlen(msg);

	FUZZ_CHECK(n < sizeof(warnings[0]), "a warning under 160 characters, "
		   "got %zu", n);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(msg[i] >= ' ' && msg[i] <= '~', "a printable "
			   "warning, got 0x%02x in \"%s\"",
			   (unsigned char)msg[i], msg);
	FUZZ_CHECK(nwarnings < MAX_WARNINGS, "at most one warning per "
		   "problem, got %d", nwarnings + 1);
	memcpy(warnings[nwarnings++], msg, n + 1);
}

/* --- the model -------------------------------------------------------- */

static bool model_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int model_digit(char c)
{
	const char *hex = "0123456789abcdef", *p;

	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	p = c ? strchr(hex, c) : NULL;
	return p ? (int)(p - hex) : -1;
}

/* docs/cmdline.md: "decimal or 0x hexadecimal", with a division where
 * the parser uses the overflow builtins. */
static bool model_number(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	unsigned int base = 10;

	if (n >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		int d = model_digit(s[i]);

		if (d < 0 || (unsigned int)d >= base ||
		    v > (UINT64_MAX - (unsigned int)d) / base)
			return false;
		v = v * base + (unsigned int)d;
	}
	*out = v;
	return true;
}

struct model {
	int problems;
	bool set[NOPTS];		/* a valid value was given */
	uint64_t num[NOPTS];
	bool flag[NOPTS];
	const char *str[NOPTS];	/* into the input */
	size_t len[NOPTS];
	bool seen[NOPTS];
	int culprit[CMDLINE_SIZE];	/* per problem: the option, or -1 */
};

static void model_problem(struct model *m, int option)
{
	m->culprit[m->problems++] = option;
}

static bool model_printable(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || (unsigned char)s[i] > 0x7e)
			return false;
	return true;
}

static bool model_flag(const char *v, size_t n, bool *out)
{
	if (!v || n == 0 || (n == 1 && v[0] == '1') ||
	    (n == 4 && !memcmp(v, "true", 4))) {
		*out = true;
		return true;
	}
	if ((n == 1 && v[0] == '0') || (n == 5 && !memcmp(v, "false", 5))) {
		*out = false;
		return true;
	}
	return false;
}

static void model_option(struct model *m, const char *t, size_t n)
{
	const char *eq = memchr(t, '=', n), *v = eq ? eq + 1 : NULL;
	size_t nlen = eq ? (size_t)(eq - t) : n, vlen = v ? n - nlen - 1 : 0;
	const struct cmdline_opt *o;
	int i;
	uint64_t num;
	bool flag;

	for (i = 0; i < NOPTS; i++)
		if (strlen(opt_table[i].name) == nlen &&
		    !memcmp(opt_table[i].name, t, nlen))
			break;
	if (i == NOPTS) {
		model_problem(m, -1);
		return;
	}
	o = &opt_table[i];
	if (m->seen[i])
		model_problem(m, i);
	m->seen[i] = true;
	switch (o->type) {
	case CMDLINE_TYPE_UINT:
	case CMDLINE_TYPE_U64:
		if (v && model_number(v, vlen, &num) && num >= o->min &&
		    num <= o->max) {
			m->set[i] = true;
			m->num[i] = num;
			return;
		}
		break;
	case CMDLINE_TYPE_FLAG:
		if (model_flag(v, vlen, &flag)) {
			m->set[i] = true;
			m->flag[i] = flag;
			return;
		}
		break;
	case CMDLINE_TYPE_STR:
		if (v && vlen >= 1 && vlen <= o->max && model_printable(v, vlen)) {
			m->set[i] = true;
			m->str[i] = v;
			m->len[i] = vlen;
			return;
		}
		break;
	}
	model_problem(m, i);
}

static void model_parse(struct model *m, const char *buf, size_t size)
{
	const char *nul = memchr(buf, '\0', size);
	size_t len = nul ? (size_t)(nul - buf) : size;

	memset(m, 0, sizeof(*m));
	/* Unterminated: cut by the loader; its last word is refused. */
	if (!nul) {
		model_problem(m, -1);
		while (len && !model_space(buf[len - 1]))
			len--;
	}
	for (size_t i = 0; i < len;) {
		size_t start;

		while (i < len && model_space(buf[i]))
			i++;
		start = i;
		while (i < len && !model_space(buf[i]))
			i++;
		if (i > start)
			model_option(m, buf + start, i - start);
	}
}

/* --- the comparison --------------------------------------------------- */

static void check_option(const struct model *m, int i, const char *copy,
			 size_t size)
{
	const struct cmdline_opt *o = &opt_table[i];

	if (o->given)
		FUZZ_CHECK(given[i] == m->set[i], "'%s' given %d, expected %d",
			   o->name, given[i], m->set[i]);
	switch (o->type) {
	case CMDLINE_TYPE_UINT:
		if (m->set[i])
			FUZZ_CHECK(vars[i].u == m->num[i], "'%s' = %llu, got %u",
				   o->name, (unsigned long long)m->num[i],
				   vars[i].u);
		FUZZ_CHECK(m->set[i] || vars[i].u == (i == O_COUNT ? 50u :
						     i == O_POLL ? 10u : 77u),
			   "'%s' keeps its default, got %u", o->name, vars[i].u);
		break;
	case CMDLINE_TYPE_U64:
		FUZZ_CHECK(vars[i].u64 == (m->set[i] ? m->num[i] :
					   i == O_BASE ? 0x3f8 : 1),
			   "'%s' = %llu (given %d), got %llu", o->name,
			   (unsigned long long)m->num[i], m->set[i],
			   (unsigned long long)vars[i].u64);
		FUZZ_CHECK(vars[i].u64 >= o->min && vars[i].u64 <= o->max,
			   "'%s' in its range", o->name);
		break;
	case CMDLINE_TYPE_FLAG:
		FUZZ_CHECK(vars[i].b == (m->set[i] ? m->flag[i] : i == O_VIRT),
			   "'%s' = %d, got %d", o->name, m->flag[i], vars[i].b);
		break;
	case CMDLINE_TYPE_STR:
		if (!m->set[i]) {
			FUZZ_CHECK(vars[i].s == (i == O_NAME ? "dflt" : NULL),
				   "'%s' keeps its default", o->name);
			break;
		}
		FUZZ_CHECK(vars[i].s >= copy && vars[i].s < copy + size + 1,
			   "'%s' points into the copy", o->name);
		FUZZ_CHECK(strlen(vars[i].s) == m->len[i] &&
			   !memcmp(vars[i].s, m->str[i], m->len[i]),
			   "'%s' = '%.*s', got '%s'", o->name, (int)m->len[i],
			   m->str[i], vars[i].s);
		break;
	}
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = size < CMDLINE_SIZE ? size : CMDLINE_SIZE;
	/* Exact sizes: ASan sees a read past the buffer or a write past
	 * the copy. */
	char *buf = malloc(n ? n : 1), *copy = malloc(n + 1);
	struct model m;
	int problems, shown;

	memcpy(buf, data, n);
	set_defaults();
	nwarnings = 0;
	problems = cmdline_parse(buf, n, opts, NOPTS, copy, warn);
	model_parse(&m, buf, n);
	FUZZ_CHECK(problems == m.problems, "%d problems, got %d", m.problems,
		   problems);
	/* The first CMDLINE_WARN_MAX problems one by one, naming a known
	 * option; the rest counted in one line. */
	shown = problems < CMDLINE_WARN_MAX ? problems : CMDLINE_WARN_MAX;
	FUZZ_CHECK(nwarnings == shown + (problems > shown), "%d warnings for "
		   "%d problems, got %d", shown + (problems > shown), problems,
		   nwarnings);
	for (int k = 0; k < shown; k++) {
		char quoted[32];

		if (m.culprit[k] < 0)
			continue;
		snprintf(quoted, sizeof(quoted), "'%s'",
			 opt_table[m.culprit[k]].name);
		FUZZ_CHECK(strstr(warnings[k], quoted), "warning %d names %s: "
			   "%s", k, quoted, warnings[k]);
	}
	/* cppcheck takes `shown` for `problems`, missing the cap above. */
	/* cppcheck-suppress knownConditionTrueFalse */
	if (problems > shown) {
		char rest[64];

		snprintf(rest, sizeof(rest), "cmdline: %d more problems not "
			 "shown", problems - shown);
		FUZZ_CHECK(!strcmp(warnings[shown], rest), "'%s', got '%s'",
			   rest, warnings[shown]);
	}
	for (int i = 0; i < NOPTS; i++)
		check_option(&m, i, copy, n);
	free(buf);
	free(copy);
	return 0;
}

/* --- seeds: the unit tests' lines and the documented ones --------------- */

#define SEED(s) { s, sizeof(s) }		/* with its NUL */
#define SEED_CUT(s) { s, sizeof(s) - 1 }	/* without */
const struct fuzz_seed fuzz_seeds[] = {
	SEED(""),
	SEED("  ticks=42 con-base=0xffffffffffffffff quiet con-type=abc "),
	SEED("bogus=1 ticks=3"),
	SEED("ticks= ticks ticks=abc ticks=12x ticks=0 ticks=1000001"),
	SEED("ticks=-1 ticks=99999999999999999999999 ticks=0x"),
	SEED("con-base=18446744073709551616 con-base=+5 wide=4294967295"),
	SEED("wide=4294967296 wide=0x100000000 wide=4"),
	SEED("quiet=yes quiet=0 quiet=true quiet=false quiet=1 quiet="),
	SEED("con-type=123456789 con-type= case=x"),
	SEED("ticks=3 quiet ticks=4"),
	SEED("con-type=PL011 con-base=0x9000000 con-virtual"),
	SEED("con-virtual=false con-base=0x con-divider=0x10000"),
	SEED("con-type=8250 con-base=0x3f8 con-divider=1 hv-poll-ms=0"),
	SEED("\tticks=10\nquiet\r=\x01\xff con-base=0x1g =="),
	SEED_CUT("ticks=5 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
	SEED_CUT("con-base=5 quiet ticks=10"),
};
const size_t fuzz_nseeds = sizeof(fuzz_seeds) / sizeof(fuzz_seeds[0]);

const char *const fuzz_words[] = {
	"ticks=", "hv-poll-ms=", "wide=", "con-base=", "con-divider=",
	"quiet", "con-virtual", "con-type=", "case=", "=", "0x", "0X", " ",
	"\t", "\n", "true", "false", "1", "0", "18446744073709551615",
	"18446744073709551616", "4294967295", "4294967296", "0xffff",
	"0x10000", "1000000", "1000001", "10000", "PL011", "8250", "",
	"0xffffffffffffffff", "0x10000000000000000",
};
const size_t fuzz_nwords = sizeof(fuzz_words) / sizeof(fuzz_words[0]);
const size_t fuzz_max_size = CMDLINE_SIZE;
const unsigned int fuzz_smoke_rounds = 100000;
