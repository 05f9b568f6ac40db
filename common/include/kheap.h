/* The kernel heap: one fixed-size arena (CELLMATE_HEAP_SIZE bytes, set per
 * build), first-fit with immediate coalescing. For objects created at run
 * time (thread_spawn); real-time code should prefer static allocation.
 * Every call masks interrupts for a walk of the free list. */
#ifndef KHEAP_H
#define KHEAP_H

#include <stdbool.h>
#include <stddef.h>

/* `size` bytes aligned to `align` (a power of two, at least 8), or NULL. */
void *kheap_alloc(size_t size, size_t align);
void kheap_free(void *p);
/* Bytes free in total and in the largest block. */
size_t kheap_free_bytes(void);
size_t kheap_largest_free(void);

/* The allocator itself, over any arena (host-tested). */
struct kheap {
	struct kblock *free;	/* free blocks in address order */
	unsigned char *base, *end;
};

void kheap_init_arena(struct kheap *h, void *arena, size_t size);
void *kheap_alloc_from(struct kheap *h, size_t size, size_t align);
bool kheap_free_to(struct kheap *h, void *p);
size_t kheap_free_bytes_of(const struct kheap *h, size_t *largest);

#endif
