#include "crlf.h"

#include "console.h"
#include "kstring.h"

bool crlf_line_open;

void crlf_write(struct console *con, const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;

		if (k) {
			crlf_line_open = true;
			con->write(con, s, k);
		}
		if (!nl)
			return;
		crlf_line_open = false;
		con->write(con, "\r\n", 2);
		s = nl + 1;
		n -= k + 1;
	}
}
