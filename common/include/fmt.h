/* printf-style formatting, our own, usable from any context (no locks, no
 * allocation, a small stack frame that does not grow with the width or
 * precision).
 *
 * Conversions: %d %i %u %x %X %o %p %s %c %%
 * Flags: '-' (left-justify), '0' (zero pad), ' ', '+', '#'
 * Width and precision: decimal or '*'; a negative '*' width left-justifies,
 * a negative '*' precision counts as none.
 * Length modifiers: hh h l ll z t j, on the integer conversions only.
 * These behave as C99 and glibc's snprintf, with the points below.
 *
 * %p prints "0x" followed by lower-case hex digits, formatted like %#lx
 * (glibc also honours '+' and ' ' there, and so do we); NULL prints "0x0"
 * where glibc prints "(nil)".
 * A NULL %s prints "(null)", or nothing if the precision is below 6 (as
 * glibc). %% ignores flags and width (as glibc).
 * An unknown conversion (%f, %n, %q, a length modifier on %c %s %p %%, a
 * '%' at the end of the format) is printed verbatim from its '%' and
 * consumes no argument, not even for a '*' in it, so a mistake is visible
 * instead of silently consuming arguments. */
#ifndef FMT_H
#define FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Receives the next `n` characters of output (n > 0). */
typedef void (*fmt_out_fn)(void *ctx, const char *s, size_t n);

/* Formats into `out`, called in order with runs of characters: the text
 * between conversions and each converted value whole, padding and zeros
 * up to 16 characters at a time. Returns the number of characters
 * produced, or -1 if that exceeds INT_MAX. Reads the arguments through a
 * copy of `ap`. */
int fmt_vformat(fmt_out_fn out, void *ctx, const char *fmt, va_list ap);

/* C99 snprintf semantics: writes at most size-1 characters and a NUL
 * (when size > 0; buf may be NULL when size is 0) and returns the length
 * the full output would have. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
