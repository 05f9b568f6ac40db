/* memset with the string instruction: one `rep stos` count per word, and
 * the CPU's fast-string path on everything since the P6. Boot fills
 * stacks (painted for their high-water mark) and page tables with it;
 * the portable word loop (common/lib/string.c) costs half as much again
 * in instructions. */
#include "kstring.h"

#include <stdint.h>

#ifdef __x86_64__
#define STOS_WORDS "rep stosq"
#else
#define STOS_WORDS "rep stosl"
#endif

void *memset(void *dst, int c, size_t n)
{
	void *d = dst;
	unsigned long w = (unsigned char)c * (~0ul / 0xff);
	size_t count = n / sizeof(long);

	__asm__ volatile(STOS_WORDS : "+D"(d), "+c"(count) : "a"(w) : "memory");
	count = n % sizeof(long);
	__asm__ volatile("rep stosb" : "+D"(d), "+c"(count) : "a"(w) : "memory");
	return dst;
}
