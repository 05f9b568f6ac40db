/* Host tests of the console's line breaks: what each console receives,
 * and in how many writes. */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "console.h"
#include "crlf.h"
#include "unit.h"

#define TEXT_MAX 128

/* A console that records what it is given. */
struct fake {
	struct console con;
	char text[TEXT_MAX];
	size_t len, writes;
	bool empty_write;	/* a write of no bytes, which write forbids */
};

static void fake_write(struct console *con, const char *s, size_t n)
{
	struct fake *f = (struct fake *)con;

	if (!n)
		f->empty_write = true;
	for (size_t i = 0; i < n; i++, f->len++)
		if (f->len < sizeof(f->text))
			f->text[f->len] = s[i];
	f->writes++;
}

static void fake_init(struct fake *f)
{
	memset(f, 0, sizeof(*f));
	f->con.name = "fake";
	f->con.write = fake_write;
}

/* Writes `in` to one fake console; true if it received `want`. */
static bool one_console_gets(struct fake *f, const char *in,
			     const char *want)
{
	fake_init(f);
	crlf_write(&f->con, in, strlen(in));
	return f->len == strlen(want) && memcmp(f->text, want, f->len) == 0 &&
	       !f->empty_write;
}

UNIT_TEST(every_line_break_goes_out_as_cr_lf)
{
	static const char *const cases[][2] = {
		{ "plain", "plain" },
		{ "line\n", "line\r\n" },
		{ "\n", "\r\n" },
		{ "\n\n", "\r\n\r\n" },
		{ "a\nb\n\nc", "a\r\nb\r\n\r\nc" },
		{ "\nlead", "\r\nlead" },
		{ "cr\r\n", "cr\r\r\n" },	/* a '\r' of the text stays */
	};
	struct fake f;

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		EXPECT(one_console_gets(&f, cases[i][0], cases[i][1]),
		       "case %zu to arrive with CR LF breaks and no empty "
		       "write, got %zu bytes", i, f.len);
}

UNIT_TEST(a_run_goes_out_in_one_write_per_stretch_and_break)
{
	struct fake f;

	EXPECT(one_console_gets(&f, "a run without a break",
				"a run without a break") && f.writes == 1,
	       "a run without a break in one write, got %zu", f.writes);
	/* "first", "\r\n", "second", "\r\n" */
	EXPECT(one_console_gets(&f, "first\nsecond\n",
				"first\r\nsecond\r\n") && f.writes == 4,
	       "two lines in 4 writes, got %zu", f.writes);
}

UNIT_TEST(a_run_of_no_bytes_writes_nothing)
{
	struct fake f;

	fake_init(&f);
	crlf_write(&f.con, "x", 0);
	EXPECT(f.writes == 0, "no write, got %zu", f.writes);
}

int main(void)
{
	return unit_run_all();
}
