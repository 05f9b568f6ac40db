/* The image's command-line buffer and its parsing at boot. */
#include "cmdline.h"

#include <stdint.h>

#include "bootlog.h"
#include "linker.h"

/* Zero-filled in the image at offset 0x1000 (see the linker script), so an
 * image loaded without arguments has an empty command line. */
__attribute__((section(".cmdline"), used, aligned(4))) volatile uint32_t
	cmdline_buffer[CMDLINE_SIZE / 4];

extern const struct cmdline_opt *const __cmdline_opts_start[];
extern const struct cmdline_opt *const __cmdline_opts_end[];

static char cmdline_copy[CMDLINE_SIZE + 1];
static char cmdline_shown[CMDLINE_SIZE + 1];
static unsigned int cmdline_problem_count;

/* Parsing runs before the console exists. */
static void cmdline_warn(const char *msg)
{
	bootlog("warning: %s", msg);
}

void cmdline_init(void)
{
	union {
		uint32_t words[CMDLINE_SIZE / 4];
		char chars[CMDLINE_SIZE];
	} snap;
	const char *raw = snap.chars;

	/* Take one snapshot, a word at a time: the buffer is written from
	 * outside (by the hypervisor's loader). */
	for (unsigned int i = 0; i < CMDLINE_SIZE / 4; i++)
		snap.words[i] = cmdline_buffer[i];
	for (unsigned int i = 0; i < CMDLINE_SIZE && raw[i]; i++) {
		char c = raw[i];

		cmdline_shown[i] = c >= ' ' && c <= '~' ? c : '?';
	}
	cmdline_problem_count = (unsigned int)cmdline_parse(
		raw, CMDLINE_SIZE, __cmdline_opts_start,
		LINKER_POINTERS(__cmdline_opts_start, __cmdline_opts_end),
		cmdline_copy, cmdline_warn);
}

unsigned int cmdline_problems(void)
{
	return cmdline_problem_count;
}

const char *cmdline_raw(void)
{
	return cmdline_shown;
}
