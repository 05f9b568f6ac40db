/* Fatal errors. panic() prints its message and the context, tells the
 * hypervisor layer the cell failed, and stops; it never returns. */
#ifndef PANIC_H
#define PANIC_H

__attribute__((noreturn, format(printf, 1, 2))) void panic(const char *fmt,
							   ...);

#define ASSERT(cond, ...)                                                    \
	do {                                                                 \
		if (__builtin_expect(!(cond), 0))                           \
			panic_assert(__FILE__, __LINE__, #cond, __VA_ARGS__);\
	} while (0)

__attribute__((noreturn, format(printf, 4, 5))) void
panic_assert(const char *file, int line, const char *cond, const char *fmt,
	     ...);

#endif
