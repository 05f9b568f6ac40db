/* The image's command-line buffer and its parsing at boot. */
#include "cmdline.h"

#include "bootlog.h"

/* Zero-filled in the image at offset 0x1000 (see the linker script), so an
 * image loaded without arguments has an empty command line. */
__attribute__((section(".cmdline"), used)) volatile char
	cmdline_buffer[CMDLINE_SIZE];

extern const struct cmdline_opt *const __cmdline_opts_start[];
extern const struct cmdline_opt *const __cmdline_opts_end[];

static char cmdline_copy[CMDLINE_SIZE + 1];
static char cmdline_shown[CMDLINE_SIZE + 1];

/* Parsing runs before the console exists. */
static void cmdline_warn(const char *msg)
{
	bootlog("warning: %s", msg);
}

void cmdline_init(void)
{
	char raw[CMDLINE_SIZE];

	/* Take one snapshot: the buffer is written from outside. */
	for (unsigned int i = 0; i < CMDLINE_SIZE; i++)
		raw[i] = cmdline_buffer[i];
	for (unsigned int i = 0; i < CMDLINE_SIZE && raw[i]; i++) {
		char c = raw[i];

		cmdline_shown[i] = c >= ' ' && c <= '~' ? c : '?';
	}
	cmdline_parse(raw, CMDLINE_SIZE, __cmdline_opts_start,
		      (size_t)(__cmdline_opts_end - __cmdline_opts_start),
		      cmdline_copy, cmdline_warn);
}

const char *cmdline_raw(void)
{
	return cmdline_shown;
}
