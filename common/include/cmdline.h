/* The command line: a NUL-terminated string of space-separated options,
 * `name=value` or a bare `name` for flags, in a 256-byte buffer at image
 * offset 0x1000 (where `jailhouse cell load NAME image -s "..." -a 0x1000`
 * writes it; tests patch it into the ELF).
 *
 * Options are declared where they are used with CMDLINE_UINT/CMDLINE_FLAG/
 * CMDLINE_STR; the linker collects them, so the parser knows every option
 * and warns about an unknown or malformed one by name, keeping the
 * default. The parser never reads past the buffer, terminated or not. */
#ifndef CMDLINE_H
#define CMDLINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CMDLINE_SIZE 256

enum cmdline_type { CMDLINE_TYPE_UINT, CMDLINE_TYPE_FLAG, CMDLINE_TYPE_STR,
		    CMDLINE_TYPE_U64 };

struct cmdline_opt {
	const char *name;
	enum cmdline_type type;
	void *var;		/* unsigned int, uint64_t, bool or const char * */
	uint64_t min, max;	/* for numbers; strings: max length */
	bool *given;		/* optional: set when the option was given */
};

/* The `help` argument of the macros below documents the option where it
 * is declared; nothing reads it at run time, so the image does not carry
 * it. */
#define CMDLINE_OPT_(id, nm, ty, v, lo, hi, gv)                              \
	static const struct cmdline_opt cmdline_opt_##id = {                 \
		nm, ty, v, lo, hi, gv };                                     \
	static const struct cmdline_opt *const cmdline_entry_##id            \
		__attribute__((used, section(".cmdline_opts"))) =            \
			&cmdline_opt_##id

/* unsigned int `var` (holding its default) set by `name=N`, N in
 * [lo, hi]; decimal or 0x-prefixed hexadecimal. */
#define CMDLINE_UINT(var, name, lo, hi, help)                                \
	CMDLINE_OPT_(var, name, CMDLINE_TYPE_UINT, &var, lo, hi, NULL)
#define CMDLINE_U64(var, name, lo, hi, help)                                 \
	CMDLINE_OPT_(var, name, CMDLINE_TYPE_U64, &var, lo, hi, NULL)
/* A number whose presence matters: `given` (bool) becomes true. */
#define CMDLINE_U64_GIVEN(var, given_var, nm, lo, hi, help)                  \
	CMDLINE_OPT_(var, nm, CMDLINE_TYPE_U64, &var, lo, hi, &given_var)
#define CMDLINE_FLAG_GIVEN(var, given_var, nm, help)                         \
	CMDLINE_OPT_(var, nm, CMDLINE_TYPE_FLAG, &var, 0, 1, &given_var)
/* bool `var` set by a bare `name`, name=1/0 or name=true/false. */
#define CMDLINE_FLAG(var, name, help)                                        \
	CMDLINE_OPT_(var, name, CMDLINE_TYPE_FLAG, &var, 0, 1, NULL)
/* const char *`var` pointing into the parsed copy: 1 to `maxlen`
 * printable ASCII characters (safe to print). */
#define CMDLINE_STR(var, name, maxlen, help)                                 \
	CMDLINE_OPT_(var, name, CMDLINE_TYPE_STR, &var, 1, maxlen, NULL)

/* Problems reported one by one; the rest are counted in one line. The
 * warnings go to the boot log (1 KiB), which must keep room for what the
 * hypervisor layer reports after them. */
#define CMDLINE_WARN_MAX 4

/* Receives one diagnostic line (without newline). */
typedef void (*cmdline_warn_fn)(const char *msg);

/* Parses `buf` (up to `size` bytes, stops at the first NUL) against the
 * `n` options of `opts`, setting their variables; `copy` (at least `size`
 * + 1 bytes) holds the string values afterwards. Each problem is reported
 * through `warn` (the first CMDLINE_WARN_MAX by name, then one line
 * counting the rest) and the option keeps its default. Returns the number
 * of problems. Pure: host unit-tested. */
int cmdline_parse(const char *buf, size_t size,
		  const struct cmdline_opt *const *opts, size_t n, char *copy,
		  cmdline_warn_fn warn);

/* Parses the image's command-line buffer against all declared options.
 * Called once at boot, before the console exists: the warnings go to the
 * boot log (bootlog.h). */
void cmdline_init(void);

/* How many problems cmdline_init() reported (each option concerned kept
 * its default, or, given more than once, its last valid value): for a
 * caller that must not run on values it was not clearly asked for. */
unsigned int cmdline_problems(void);

/* The raw command line (for the boot banner). */
const char *cmdline_raw(void);

#endif
