/* The command-line parser: values, defaults on bad input, warnings that
 * name the option, and robustness against unterminated and random input. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "unit.h"

static unsigned int opt_count;
static uint64_t opt_big;
static bool opt_flag;
static const char *opt_name;

static const struct cmdline_opt o_count = { "count", CMDLINE_TYPE_UINT,
					    &opt_count, 1, 1000, NULL };
static const struct cmdline_opt o_big = { "big", CMDLINE_TYPE_U64, &opt_big,
					  0, UINT64_MAX, NULL };
static const struct cmdline_opt o_flag = { "flag", CMDLINE_TYPE_FLAG,
					   &opt_flag, 0, 1, NULL };
static const struct cmdline_opt o_name = { "name", CMDLINE_TYPE_STR,
					   &opt_name, 1, 8, NULL };
static const struct cmdline_opt *const opts[] = { &o_count, &o_big, &o_flag,
						  &o_name };

static char warnings[2048];
static int nwarnings;

static void warn(const char *msg)
{
	size_t used = strlen(warnings);

	nwarnings++;
	if (used + strlen(msg) + 2 > sizeof(warnings))
		return;		/* keep the first warnings only */
	snprintf(warnings + used, sizeof(warnings) - used, "%s\n", msg);
}

static char copy[CMDLINE_SIZE + 1];

static int parse(const char *s)
{
	opt_count = 7;
	opt_big = 9;
	opt_flag = false;
	opt_name = "dflt";
	warnings[0] = '\0';
	nwarnings = 0;
	return cmdline_parse(s, strlen(s) + 1, opts, 4, copy, warn);
}

UNIT_TEST(options_take_their_values)
{
	int n = parse("  count=42 big=0xffffffffffffffff flag name=abc ");

	EXPECT(n == 0, "no problems, got %d: %s", n, warnings);
	EXPECT(opt_count == 42, "count 42, got %u", opt_count);
	EXPECT(opt_big == UINT64_MAX, "big = max u64");
	EXPECT(opt_flag, "flag set");
	EXPECT(!strcmp(opt_name, "abc"), "name abc, got %s", opt_name);
}

/* Hexadecimal takes either case of its prefix and digits. */
UNIT_TEST(hex_values_take_either_case)
{
	int n = parse("count=0X1f big=0xABCDEF");

	EXPECT(n == 0, "no problems, got %d: %s", n, warnings);
	EXPECT(opt_count == 31, "count 0X1f = 31, got %u", opt_count);
	EXPECT(opt_big == 0xabcdef, "big 0xABCDEF, got 0x%llx",
	       (unsigned long long)opt_big);
}

/* Every lower-case hex digit too, 'a' included. */
UNIT_TEST(lower_case_hex_digits_are_read_too)
{
	int n = parse("big=0xfedcba9876543210");

	EXPECT(n == 0, "no problems, got %d: %s", n, warnings);
	EXPECT(opt_big == UINT64_C(0xfedcba9876543210),
	       "big 0xfedcba9876543210, got 0x%llx",
	       (unsigned long long)opt_big);
}

/* A warning is one line: "cmdline: ", then what is wrong. */
UNIT_TEST(a_warning_line_is_the_prefix_and_the_problem)
{
	EXPECT(parse("bogus") == 1 &&
		       !strcmp(warnings, "cmdline: unknown option 'bogus' "
					 "ignored\n"),
	       "one warning, exactly as expected, got '%s'", warnings);
}

UNIT_TEST(an_empty_line_leaves_every_default)
{
	EXPECT(parse("") == 0, "no problems");
	EXPECT(opt_count == 7 && opt_big == 9 && !opt_flag &&
	       !strcmp(opt_name, "dflt"), "defaults kept");
}

UNIT_TEST(an_unknown_option_is_named_in_a_warning)
{
	EXPECT(parse("bogus=1 count=3") == 1, "one problem");
	EXPECT(strstr(warnings, "unknown option 'bogus'"), "warning names bogus: %s",
	       warnings);
	EXPECT(opt_count == 3, "later options still apply");
}

UNIT_TEST(malformed_numbers_keep_the_default_and_are_named)
{
	const char *bad[] = { "count=", "count", "count=abc", "count=12x",
			      "count=0", "count=1001", "count=-1",
			      "count=99999999999999999999999", "count=0x",
			      "big=18446744073709551616", "big=+5" };

	for (unsigned int i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT(parse(bad[i]) == 1, "one problem for '%s'", bad[i]);
		EXPECT(opt_count == 7 && opt_big == 9,
		       "defaults kept for '%s'", bad[i]);
		EXPECT(strstr(warnings, bad[i][0] == 'c' ? "'count'" : "'big'"),
		       "warning for '%s' names the option: %s", bad[i], warnings);
	}
}

UNIT_TEST(flags_and_strings_reject_bad_values)
{
	EXPECT(parse("flag=yes") == 1 && !opt_flag, "flag=yes rejected");
	EXPECT(parse("flag=0") == 0 && !opt_flag, "flag=0 clears");
	EXPECT(parse("name=123456789") == 1 && !strcmp(opt_name, "dflt"),
	       "too long a name rejected");
	EXPECT(parse("name=") == 1, "empty name rejected");
}

/* A string option is printed (con-type's warning, latency's metric): a
 * terminal escape in it would reach the console. */
UNIT_TEST(strings_with_control_or_non_ascii_characters_are_refused)
{
	EXPECT(parse("name=a\x1b[2J") == 1 && !strcmp(opt_name, "dflt"),
	       "an escape sequence refused, the default kept");
	EXPECT(strstr(warnings, "'name' needs a value of 1..8 printable "
		      "characters"), "the warning names the option: %s",
	       warnings);
	EXPECT(parse("name=x\x7f") == 1 && !strcmp(opt_name, "dflt"),
	       "DEL refused");
	EXPECT(parse("name=caf\xc3\xa9") == 1 && !strcmp(opt_name, "dflt"),
	       "non-ASCII refused");
	EXPECT(parse("name=a~b!") == 0 && !strcmp(opt_name, "a~b!"),
	       "printable punctuation kept: %s", warnings);
}

UNIT_TEST(an_unterminated_buffer_is_read_only_within_its_size)
{
	char *buf = malloc(CMDLINE_SIZE);

	memset(buf, 'a', CMDLINE_SIZE);
	/* Unterminated on purpose: that is the case. */
	/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) */
	memcpy(buf, "count=5 ", 8);
	opt_count = 7;
	nwarnings = 0;
	/* ASan catches any read past the malloc'd block. */
	int n = cmdline_parse(buf, CMDLINE_SIZE, opts, 4, copy, warn);

	EXPECT(n == 1 && opt_count == 5, "count parsed, the long token warned");
	free(buf);
}

/* 256 bytes without a NUL ending in "count=1000": the loader cut the line
 * and "count=10" is what is left of it. The cut option is refused and the
 * cut is reported with the buffer's length; the options before it count. */
UNIT_TEST(a_line_cut_at_the_buffer_end_refuses_its_last_option)
{
	char buf[CMDLINE_SIZE];
	static const char head[] = "big=5 flag";
	static const char tail[] = "count=10";	/* "count=1000" was meant */

	memset(buf, ' ', sizeof(buf));
	memcpy(buf, head, sizeof(head) - 1);
	memcpy(buf + sizeof(buf) - (sizeof(tail) - 1), tail, sizeof(tail) - 1);
	opt_count = 7;
	opt_big = 9;
	opt_flag = false;
	warnings[0] = '\0';
	nwarnings = 0;
	int n = cmdline_parse(buf, sizeof(buf), opts, 4, copy, warn);

	EXPECT(opt_count == 7, "the cut count=10 is not applied, got %u",
	       opt_count);
	EXPECT(opt_big == 5 && opt_flag, "the options before it are");
	EXPECT(n == 1 && strstr(warnings, "fills its 256 bytes without a "
				"terminating NUL: it is cut; its last option "
				"'count=10' is ignored"),
	       "one problem, the cut named: %d %s", n, warnings);
}

/* Last wins (docs/cmdline.md), with a warning naming the option. */
UNIT_TEST(a_repeated_option_keeps_the_last_value_and_is_named)
{
	int n = parse("count=3 flag count=4");

	EXPECT(opt_count == 4, "the last value counts, got %u", opt_count);
	EXPECT(n == 1 && strstr(warnings, "'count' given more than once"),
	       "one warning naming count: %d %s", n, warnings);
	EXPECT(parse("count=3 flag=0 big=1") == 0, "distinct options: no "
	       "warning: %s", warnings);
}

/* cmdline_parse() takes a buffer of any size: a line of more options
 * than the CMDLINE_SIZE / 2 it remembers for the repeat warning is parsed
 * to its end, the options past that many only not remembered. */
UNIT_TEST(more_options_than_the_repeat_check_remembers_are_all_parsed)
{
	static char line[16 * CMDLINE_SIZE], big_copy[sizeof(line) + 1];
	size_t len = 0;
	int n;

	/* 200 options: count=1 .. count=200 (the last 72 not remembered). */
	for (unsigned int i = 1; i <= 200 && len < sizeof(line); i++)
		len += (size_t)snprintf(line + len, sizeof(line) - len,
					"count=%u ", i);
	REQUIRE(len < sizeof(line), "the line fits its buffer");
	opt_count = 7;
	warnings[0] = '\0';
	nwarnings = 0;
	n = cmdline_parse(line, len + 1, opts, 4, big_copy, warn);
	EXPECT(opt_count == 200, "the last value counts, got %u", opt_count);
	EXPECT(n == 199, "every repeat a problem: 199, got %d", n);
}

UNIT_TEST(problems_past_the_first_four_are_counted_in_one_line)
{
	int n = parse("a b count=0 d e f count=x");

	EXPECT(n == 8, "8 problems (count twice), got %d", n);
	EXPECT(nwarnings == CMDLINE_WARN_MAX + 1, "4 warnings and a count, "
	       "got %d: %s", nwarnings, warnings);
	EXPECT(strstr(warnings, "'count' needs a number") &&
	       strstr(warnings, "unknown option 'd'") &&
	       !strstr(warnings, "unknown option 'e'"),
	       "the first four named: %s", warnings);
	EXPECT(strstr(warnings, "cmdline: 4 more problems not shown\n"),
	       "the rest counted: %s", warnings);
	EXPECT(parse("a b c d") == 4 && nwarnings == 4 &&
	       !strstr(warnings, "not shown"), "four problems, four warnings: "
	       "%s", warnings);
}

UNIT_TEST(random_bytes_never_crash_the_parser)
{
	static const char alphabet[] = "count=big=flagname=0x19af \t\n=\xff\x01";
	unsigned int seed = 1;

	for (int iter = 0; iter < 20000; iter++) {
		char buf[CMDLINE_SIZE];
		size_t len = (size_t)(rand_r(&seed) % CMDLINE_SIZE);

		for (size_t i = 0; i < CMDLINE_SIZE; i++)
			buf[i] = i < len ? alphabet[rand_r(&seed) %
						    (sizeof(alphabet) - 1)]
					 : (char)(rand_r(&seed) & 0xff);
		cmdline_parse(buf, CMDLINE_SIZE, opts, 4, copy, warn);
		REQUIRE(opt_count >= 1 && opt_count <= 1000,
			"count stays in range, got %u", opt_count);
		REQUIRE(strlen(opt_name) <= 8, "name stays bounded");
	}
}

/* The shapes of Jailhouse's console options (hv/jailhouse/console.c):
 * numbers and flags whose presence matters, and a short string. */
static const char *con_type;
static uint64_t con_base;
static bool con_base_given, con_virtual, con_virtual_given;
static const struct cmdline_opt o_type = { "con-type", CMDLINE_TYPE_STR,
					   &con_type, 1, 8, NULL };
static const struct cmdline_opt o_base = { "con-base", CMDLINE_TYPE_U64,
					   &con_base, 0, UINT64_MAX,
					   &con_base_given };
static const struct cmdline_opt o_virt = { "con-virtual", CMDLINE_TYPE_FLAG,
					   &con_virtual, 0, 1,
					   &con_virtual_given };
static const struct cmdline_opt *const con_opts[] = { &o_type, &o_base,
						      &o_virt };

static int parse_con(const char *s)
{
	con_type = NULL;
	con_base = 0;
	con_base_given = con_virtual = con_virtual_given = false;
	nwarnings = 0;
	warnings[0] = '\0';
	return cmdline_parse(s, strlen(s) + 1, con_opts, 3, copy, warn);
}

UNIT_TEST(console_options_record_that_they_were_given)
{
	EXPECT(parse_con("con-type=PL011 con-base=0x9000000 con-virtual") == 0,
	       "no problems: %s", warnings);
	EXPECT(con_type && !strcmp(con_type, "PL011"), "type PL011");
	EXPECT(con_base == 0x9000000 && con_base_given, "base given");
	EXPECT(con_virtual && con_virtual_given, "virtual given");
	EXPECT(parse_con("con-virtual=false") == 0 && !con_virtual &&
	       con_virtual_given, "con-virtual=false is given and false");
	EXPECT(parse_con("con-base=0x") == 1 && !con_base_given,
	       "a malformed base is not given");
	EXPECT(parse_con("") == 0 && !con_base_given && !con_virtual_given,
	       "nothing given on an empty line");
}

UNIT_TEST(thousands_of_mangled_console_lines_stay_within_bounds)
{
	static const char *const words[] = {
		"con-type=", "con-type=8250", "con-type=PL011x", "con-base=",
		"con-base=0x", "con-base=0x9000000", "con-base=-1",
		"con-base=99999999999999999999999", "con-virtual", "con-virtual=",
		"con-virtual=maybe", "=", "==", "con-", "\x01\x02", "con-base=0x1g",
		"con-divider=7", " ", "\t",
	};
	unsigned int seed = 5;

	for (int iter = 0; iter < 50000; iter++) {
		char buf[CMDLINE_SIZE];
		size_t len = 0;

		while (len < sizeof(buf) - 40) {
			const char *w = words[rand_r(&seed) % (sizeof(words) /
							       sizeof(words[0]))];
			size_t n = strlen(w);

			memcpy(buf + len, w, n);
			len += n;
			buf[len++] = rand_r(&seed) % 7 ? ' ' : (char)(rand_r(&seed) & 0xff);
			if (rand_r(&seed) % 5 == 0)
				break;
		}
		/* Sometimes terminated, sometimes filled to the end. */
		if (rand_r(&seed) % 2)
			buf[len] = '\0';
		else
			memset(buf + len, 'x', sizeof(buf) - len);
		parse_con("");
		cmdline_parse(buf, sizeof(buf), con_opts, 3, copy, warn);
		REQUIRE(!con_type || strlen(con_type) <= 8, "a bounded type");
		for (const char *c = warnings; *c; c++)
			REQUIRE(*c == '\n' || (*c >= ' ' && *c <= '~'),
				"printable warnings, got 0x%02x", (unsigned char)*c);
	}
}

int main(void)
{
	return unit_run_all();
}
