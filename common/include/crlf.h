/* Line breaks for terminals: each '\n' goes out as "\r\n". Apart from
 * console.c so that the host unit tests can check it. */
#ifndef CRLF_H
#define CRLF_H

#include <stdbool.h>
#include <stddef.h>

struct console;

/* Whether a line is open on the consoles: set before a stretch of text
 * goes out, cleared before a line break does. A print that interrupts a
 * write reads it, so the text it interrupts counts as open while the
 * UART takes it, and a break as closing the line. */
extern bool crlf_line_open;

/* Writes s[0..n) to con, every '\n' as "\r\n": one write per stretch of
 * text between line breaks and one per break. */
void crlf_write(struct console *con, const char *s, size_t n);

#endif
