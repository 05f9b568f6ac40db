/* Arrays and blocks the linker script delimits with a start and an end
 * symbol (driver tables, command-line options, the embedded DTB, the boot
 * stack), and what it keeps out of the .bss clear. */
#ifndef LINKER_H
#define LINKER_H

#include <stddef.h>
#include <stdint.h>

/* Bytes between two bounds, and entries of a table of pointers. The
 * compiler sees two unrelated symbols, so the difference is taken on
 * addresses. */
#define LINKER_SIZE(start, end) ((size_t)((uintptr_t)(end) - (uintptr_t)(start)))
#define LINKER_POINTERS(start, end) (LINKER_SIZE(start, end) / sizeof(void *))

/* Placed in the linker scripts' .noinit, which the boot code does not
 * clear: for buffers written before they are read, such as stacks (their
 * thread paints them) and tables filled whole. Each one saves its size
 * in boot-time stores. */
#ifndef NOINIT	/* host tests define it empty, for the sanitizers */
#define NOINIT(name) __attribute__((section(".noinit." name)))
#endif

#endif
