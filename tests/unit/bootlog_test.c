/* Host tests of the boot log: lines kept until a console exists, printed
 * in order, and lines that do not fit counted rather than cut or written
 * past the buffer (the sanitizers see the buffer: NOINIT is empty here). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bootlog.h"
#include "cmdline.h"
#include "unit.h"

#define BOOTLOG_SIZE 1024	/* bootlog.c's buffer */
#define OUT_MAX 4096

static char out[OUT_MAX];
static size_t out_len;

/* The console: what the flush prints, appended to out[]. */
int kprintf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(out + out_len, sizeof(out) - out_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		out_len += (size_t)n < sizeof(out) - out_len
				   ? (size_t)n : sizeof(out) - out_len - 1;
	return n;
}

/* strcat() within `size`. */
static void append(char *buf, size_t size, const char *s)
{
	size_t used = strlen(buf);

	snprintf(buf + used, size - used, "%s", s);
}

UNIT_TEST(lines_that_fill_the_buffer_exactly_are_kept_and_the_next_counted)
{
	char line[64], want[OUT_MAX] = "";

	/* 16 lines of 63 characters and their NULs: exactly the buffer. */
	for (int i = 0; i < BOOTLOG_SIZE / 64; i++) {
		memset(line, 'a' + i, sizeof(line) - 1);
		line[sizeof(line) - 1] = '\0';
		bootlog("%s", line);
		append(want, sizeof(want), line);
		append(want, sizeof(want), "\n");
	}
	/* No room left at all: dropped, and nothing written past the end
	 * (AddressSanitizer would stop the test). */
	bootlog("one more");
	bootlog("%s", "and another");
	out_len = 0;
	bootlog_flush();
	append(want, sizeof(want), "(2 more boot messages did not fit)\n");
	EXPECT(out_len == strlen(want) && !memcmp(out, want, out_len),
	       "the 16 lines and the count, got %zu bytes:\n%.*s", out_len,
	       (int)out_len, out);
}

UNIT_TEST(a_flush_forgets_the_lines_and_a_long_line_is_dropped_whole)
{
	static char big[BOOTLOG_SIZE + 1];

	bootlog_flush();	/* whatever an earlier test left */
	memset(big, 'x', BOOTLOG_SIZE);
	bootlog("first %d", 1);
	bootlog("%s", big);	/* 1,024 characters and a NUL: never fits */
	bootlog("last");
	out_len = 0;
	bootlog_flush();
	EXPECT(out_len == strlen("first 1\nlast\n(1 more boot messages did "
				 "not fit)\n") &&
		       !memcmp(out, "first 1\nlast\n(1 more", 20),
	       "the two short lines and one dropped, got:\n%.*s", (int)out_len,
	       out);
	out_len = 0;
	bootlog_flush();
	EXPECT(out_len == 0, "a second flush prints nothing, got %zu bytes",
	       out_len);
}

/* With 64 bytes left, a line of 64 characters needs 65 with its NUL:
 * dropped, not kept cut short; one of 63 fills the buffer exactly. */
UNIT_TEST(a_line_as_long_as_the_room_left_is_dropped_and_one_shorter_kept)
{
	char line[65], want[OUT_MAX] = "";

	bootlog_flush();	/* whatever an earlier test left */
	memset(line, 'a', 63);
	line[63] = '\0';
	for (int i = 0; i < BOOTLOG_SIZE / 64 - 1; i++) {
		bootlog("%s", line);
		append(want, sizeof(want), line);
		append(want, sizeof(want), "\n");
	}
	memset(line, 'b', 64);
	line[64] = '\0';
	bootlog("%s", line);		/* 64 + 1 bytes into 64 */
	line[63] = '\0';
	bootlog("%s", line);		/* 63 + 1: fits exactly */
	append(want, sizeof(want), line);
	append(want, sizeof(want), "\n(1 more boot messages did not fit)\n");
	out_len = 0;
	bootlog_flush();
	EXPECT(out_len == strlen(want) && !memcmp(out, want, out_len),
	       "15 lines, the 63 b's, one dropped; got %zu bytes:\n%.*s",
	       out_len, (int)out_len, out);
}

static void cmdline_warn(const char *msg)
{
	bootlog("warning: %s", msg);
}

/* An empty line is a line: kept (its NUL takes one byte), printed as an
 * empty line, and the lines after it printed too. */
UNIT_TEST(an_empty_line_is_kept_and_the_lines_after_it_printed)
{
	static const char want[] = "before\n\nafter\n";

	bootlog_flush();
	bootlog("before");
	bootlog("%s", "");
	bootlog("after");
	out_len = 0;
	bootlog_flush();
	EXPECT(out_len == strlen(want) && !memcmp(out, want, out_len),
	       "'before', an empty line, 'after', nothing lost; got:\n%.*s",
	       (int)out_len, out);
}

/* The command line is parsed first; a line of 128 junk words warned
 * about one by one filled the log, and the hypervisor layer's refusal
 * after it was lost. Its warnings now leave room. */
UNIT_TEST(a_junk_command_line_leaves_room_for_the_lines_after_it)
{
	static unsigned int ticks_var;
	static const struct cmdline_opt ticks = {
		"ticks", CMDLINE_TYPE_UINT, &ticks_var, 1, 10, NULL };
	static const struct cmdline_opt *const opts[] = { &ticks };
	char line[CMDLINE_SIZE], copy[CMDLINE_SIZE + 1];
	static const char refusal[] = "jailhouse: the communication region "
		"at 0x100000 has signature 'XXCOMM', ABI revision 2; expected "
		"'JHCOMM' revision 2: not using it";

	bootlog_flush();	/* whatever an earlier test left */
	/* "ticks=99999999999999999999 " and 127 words "a": the longest
	 * warning, then the most. */
	memset(line, 'a', sizeof(line));
	for (size_t i = 1; i < sizeof(line); i += 2)
		line[i] = ' ';
	memcpy(line, "ticks=99999999999999999999999999999 ", 36);
	line[sizeof(line) - 1] = '\0';
	cmdline_parse(line, sizeof(line), opts, 1, copy, cmdline_warn);
	bootlog("%s", refusal);
	out_len = 0;
	bootlog_flush();
	EXPECT(strstr(out, refusal) != NULL, "the refusal printed, got:\n%s",
	       out);
	EXPECT(strstr(out, "more problems not shown") != NULL,
	       "the junk counted, got:\n%s", out);
}

int main(void)
{
	return unit_run_all();
}
