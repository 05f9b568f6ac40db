#include "crlf.h"

#include "console.h"
#include "kstring.h"

void crlf_write(struct console *con, const char *s, size_t n)
{
	while (n) {
		const char *nl = memchr(s, '\n', n);
		size_t k = nl ? (size_t)(nl - s) : n;

		if (k)
			con->write(con, s, k);
		if (!nl)
			return;
		con->write(con, "\r\n", 2);
		s = nl + 1;
		n -= k + 1;
	}
}
