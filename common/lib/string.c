/* The C library string functions the kernel (and GCC's implicit calls)
 * need. Word-at-a-time copies and fills where both ends are aligned;
 * byte loops otherwise. */
#include "kstring.h"

#include <stdint.h>

/* A word that may alias any object, for the aligned fast paths. */
typedef unsigned long __attribute__((may_alias)) word_t;

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & (sizeof(long) - 1)) == 0) {
		for (; n >= sizeof(long); n -= sizeof(long)) {
			*(word_t *)(void *)d = *(const word_t *)(const void *)s;
			d += sizeof(long);
			s += sizeof(long);
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

/* An architecture with a faster fill brings its own (ARCH_HAS_MEMSET). */
#ifndef ARCH_HAS_MEMSET
void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	if (((uintptr_t)d & (sizeof(long) - 1)) == 0) {
		word_t w = (unsigned char)c;

		w |= w << 8;
		w |= w << 16;
		if (sizeof(long) > 4)
			w |= (w << 16) << 16;
		/* Eight words a round: boot fills whole stacks and tables. */
		for (; n >= 8 * sizeof(long); n -= 8 * sizeof(long)) {
			word_t *p = (word_t *)(void *)d;

			p[0] = w;
			p[1] = w;
			p[2] = w;
			p[3] = w;
			p[4] = w;
			p[5] = w;
			p[6] = w;
			p[7] = w;
			d += 8 * sizeof(long);
		}
		for (; n >= sizeof(long); n -= sizeof(long)) {
			*(word_t *)(void *)d = w;
			d += sizeof(long);
		}
	}
	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}
#endif

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
