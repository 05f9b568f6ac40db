/* Line breaks for terminals: each '\n' goes out as "\r\n". Apart from
 * console.c so that the host unit tests can check it. */
#ifndef CRLF_H
#define CRLF_H

#include <stddef.h>

struct console;

/* Writes s[0..n) to con, every '\n' as "\r\n": one write per stretch of
 * text between line breaks and one per break. */
void crlf_write(struct console *con, const char *s, size_t n);

#endif
