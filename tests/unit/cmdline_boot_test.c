/* Host tests of the image's command line at boot (common/cmdline_boot.c):
 * the copy of the raw line that boot shows (hello prints it) keeps only
 * printable ASCII, whatever the loader wrote into the buffer. */
#include <stdarg.h>
#include <stdint.h>
#include <string.h>

#include "cmdline.h"
#include "unit.h"

/* The image's buffer, in cmdline_boot.c. */
extern volatile uint32_t cmdline_buffer[CMDLINE_SIZE / 4];

/* No options: the linker's table, empty (one entry, its end at its
 * start). */
const struct cmdline_opt *const __cmdline_opts_start[1] = { NULL };
__asm__(".globl __cmdline_opts_end\n\t"
	".set __cmdline_opts_end, __cmdline_opts_start");

/* The boot log: its warnings are cmdline_test's business. */
void bootlog(const char *fmt, ...)
{
	(void)fmt;
}

static void buffer_write(const char *s, size_t n)
{
	union {
		uint32_t words[CMDLINE_SIZE / 4];
		char chars[CMDLINE_SIZE];
	} b = { .words = { 0 } };

	memcpy(b.chars, s, n);
	for (unsigned int i = 0; i < CMDLINE_SIZE / 4; i++)
		cmdline_buffer[i] = b.words[i];
}

/* DEL is a control character as much as ESC is: a terminal may act on
 * either. Bytes past ASCII are shown as '?' too. */
UNIT_TEST(the_shown_command_line_replaces_del_escape_and_high_bytes)
{
	static const char line[] = "a\x7f" "b\x1b" "c\xff" "d~ e";

	buffer_write(line, sizeof(line));
	cmdline_init();
	EXPECT(!strcmp(cmdline_raw(), "a?b?c?d~ e"),
	       "'a?b?c?d~ e', got '%s'", cmdline_raw());
}

/* A line of printable words and spaces, n characters long. */
static void line_fill(char *line, size_t n)
{
	for (size_t i = 0; i < n; i++)
		line[i] = i % 16 == 15 ? ' ' : (char)('a' + i % 26);
}

/* The longest line with its NUL: CMDLINE_SIZE - 1 characters, parsed
 * whole (16 words, none of them an option here: 16 problems). */
UNIT_TEST(the_longest_terminated_command_line_is_parsed_whole)
{
	static char line[CMDLINE_SIZE];

	line_fill(line, sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	buffer_write(line, sizeof(line));
	cmdline_init();
	EXPECT(!strcmp(cmdline_raw(), line), "the line shown as it is, got "
	       "'%s'", cmdline_raw());
	EXPECT(cmdline_problems() == 16, "its 16 unknown words each a "
	       "problem, got %u", cmdline_problems());
}

/* The loader may fill all CMDLINE_SIZE bytes, leaving no NUL: all of
 * them are read and shown, none past the buffer (the parser refuses
 * the cut last option; cmdline_test checks that). The shown copy is
 * written only up to the line's end (cmdline_init() runs once, at boot,
 * over a zeroed copy), so this longest line comes after the others. */
UNIT_TEST(a_command_line_filling_the_whole_buffer_is_shown_whole)
{
	static char line[CMDLINE_SIZE];

	line_fill(line, sizeof(line));
	buffer_write(line, sizeof(line));
	cmdline_init();
	EXPECT(strlen(cmdline_raw()) == CMDLINE_SIZE &&
		       !memcmp(cmdline_raw(), line, CMDLINE_SIZE),
	       "all %d bytes shown, got %zu: '%s'", CMDLINE_SIZE,
	       strlen(cmdline_raw()), cmdline_raw());
}

int main(void)
{
	return unit_run_all();
}
