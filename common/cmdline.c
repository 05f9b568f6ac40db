#include "cmdline.h"

#include "fmt.h"
#include "kstring.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int parse_digit(char c, unsigned int base)
{
	unsigned int d;

	if (c >= '0' && c <= '9')
		d = (unsigned int)(c - '0');
	else if (c >= 'a' && c <= 'f')
		d = (unsigned int)(c - 'a') + 10;
	else if (c >= 'A' && c <= 'F')
		d = (unsigned int)(c - 'A') + 10;
	else
		return -1;
	return d < base ? (int)d : -1;
}

/* Decimal or 0x-hex, the whole string, no sign, no overflow. */
static bool parse_u64(const char *s, uint64_t *out)
{
	unsigned int base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		int d = parse_digit(*s, base);

		/* Overflow checks without a 64-bit division, which costs a
		 * call on 32-bit CPUs. */
		if (d < 0 || __builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, (uint64_t)d, &v))
			return false;
	}
	*out = v;
	return true;
}

/* The problems found so far; the first CMDLINE_WARN_MAX are reported one
 * by one, the rest counted in one line at the end. */
struct cmdline_report {
	cmdline_warn_fn warn;
	int problems;
};

/* Every line starts "cmdline: ", stored once here rather than in each
 * message's format. */
static void warn_vfmt(cmdline_warn_fn warn, const char *fmt, va_list ap)
{
	static const char prefix[] = "cmdline: ";
	const size_t n = sizeof(prefix) - 1;
	char msg[160];

	memcpy(msg, prefix, n);
	fmt_vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	/* The line quotes untrusted input: keep it printable. */
	for (char *c = msg; *c; c++)
		if (*c < ' ' || *c > '~')
			*c = '?';
	warn(msg);
}

static void problem(struct cmdline_report *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void problem(struct cmdline_report *r, const char *fmt, ...)
{
	va_list ap;

	if (++r->problems > CMDLINE_WARN_MAX)
		return;
	va_start(ap, fmt);
	warn_vfmt(r->warn, fmt, ap);
	va_end(ap);
}

/* Problems past the first CMDLINE_WARN_MAX: counted in one line. */
static void problems_rest(const struct cmdline_report *r)
{
	char msg[64];

	if (r->problems <= CMDLINE_WARN_MAX)
		return;
	fmt_snprintf(msg, sizeof(msg), "cmdline: %d more problems not shown",
		     r->problems - CMDLINE_WARN_MAX);
	r->warn(msg);
}

/* String values end up in console lines: no control characters (a
 * terminal's escape sequences) and nothing beyond ASCII. */
static bool is_printable(const char *s)
{
	for (; *s; s++)
		if (*s < ' ' || *s > '~')
			return false;
	return true;
}

static bool cmdline_apply(const struct cmdline_opt *o, char *value,
			  struct cmdline_report *r)
{
	uint64_t v;

	switch (o->type) {
	case CMDLINE_TYPE_FLAG:
		/* As Jailhouse's demos take them: bare, =1/=0, =true/=false. */
		if (!value || !*value || !strcmp(value, "1") ||
		    !strcmp(value, "true")) {
			*(bool *)o->var = true;
			return true;
		}
		if (!strcmp(value, "0") || !strcmp(value, "false")) {
			*(bool *)o->var = false;
			return true;
		}
		problem(r, "'%s' takes no value, 0/1 or true/false, not "
			"'%.32s'", o->name, value);
		return false;
	case CMDLINE_TYPE_STR:
		if (!value || !*value || strlen(value) > o->max ||
		    !is_printable(value)) {
			problem(r, "'%s' needs a value of 1..%u printable "
				"characters", o->name, (unsigned int)o->max);
			return false;
		}
		*(const char **)o->var = value;
		return true;
	case CMDLINE_TYPE_UINT:
	case CMDLINE_TYPE_U64:
		if (!value || !parse_u64(value, &v) || v < o->min ||
		    v > o->max) {
			problem(r, "'%s' needs a number in %llu..%llu, not "
				"'%.32s'", o->name, (unsigned long long)o->min,
				(unsigned long long)o->max, value ? value : "");
			return false;
		}
		if (o->type == CMDLINE_TYPE_UINT)
			*(unsigned int *)o->var = (unsigned int)v;
		else
			*(uint64_t *)o->var = v;
		return true;
	}
	return false;
}

/* Runs once, at boot: cold, so that GCC optimises it for size rather
 * than speed (docs/perf.md, "Footprint"). */
__attribute__((cold))
int cmdline_parse(const char *buf, size_t size,
		  const struct cmdline_opt *const *opts, size_t n, char *copy,
		  cmdline_warn_fn warn)
{
	size_t len = strnlen(buf, size);
	uint8_t seen[CMDLINE_SIZE / 2];	/* indexes of the options given */
	size_t nseen = 0;
	struct cmdline_report r = { warn, 0 };
	char *p = copy;

	/* No NUL: the line was cut at the buffer's end, and so maybe its
	 * last option ("ticks=1000000" read as "ticks=10"): refuse that. */
	if (len == size) {
		size_t keep = len;

		while (keep && !is_space(buf[keep - 1]))
			keep--;
		problem(&r, "the command line fills its %u bytes "
			"without a terminating NUL: it is cut; its last "
			"option '%.*s' is ignored", (unsigned int)size,
			(int)(len - keep < 32 ? len - keep : 32), buf + keep);
		len = keep;
	}
	memcpy(copy, buf, len);
	copy[len] = '\0';
	while (*p) {
		char *name, *value = NULL;
		size_t i;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		name = p;
		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
		char *eq = strchr(name, '=');

		if (eq) {
			*eq = '\0';
			value = eq + 1;
		}
		for (i = 0; i < n; i++)
			if (!strcmp(opts[i]->name, name))
				break;
		if (i == n) {
			problem(&r, "unknown option '%.32s' ignored", name);
			continue;
		}
		/* Last wins, as documented, but not silently. */
		for (size_t k = 0; k < nseen; k++) {
			if (seen[k] == i) {
				problem(&r, "'%s' given more than once; the "
					"last valid value counts",
					opts[i]->name);
				break;
			}
		}
		if (nseen < sizeof(seen) && i <= UINT8_MAX)
			seen[nseen++] = (uint8_t)i;
		if (cmdline_apply(opts[i], value, &r) && opts[i]->given)
			*opts[i]->given = true;
	}
	problems_rest(&r);
	return r.problems;
}
