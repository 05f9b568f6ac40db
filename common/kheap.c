#include "kheap.h"

#include <stdint.h>

#include "arch.h"
#include "panic.h"

#ifndef CELLMATE_HEAP_SIZE
#define CELLMATE_HEAP_SIZE 65536
#endif

#define KHEAP_MAGIC ((size_t)0xa110ca7eu)

/* Every block, free or used, starts with its size (header included); a
 * used block then has a magic word, a free one the next free block, so
 * both headers are two words. The free list is in address order so that
 * freeing merges with both neighbours in one walk. */
struct kblock {
	size_t size;
	union {
		size_t magic;
		struct kblock *next;
	};
};

#define HDR sizeof(struct kblock)
#define MIN_BLOCK (2 * HDR)

static uintptr_t align_up(uintptr_t v, uintptr_t a)
{
	return (v + a - 1) & ~(a - 1);
}

void kheap_init_arena(struct kheap *h, void *arena, size_t size)
{
	uintptr_t lo = align_up((uintptr_t)arena, HDR);
	uintptr_t hi = ((uintptr_t)arena + size) & ~(uintptr_t)(HDR - 1);

	h->base = (uint8_t *)lo;
	h->end = (uint8_t *)hi;
	h->free = (struct kblock *)lo;
	h->free->size = hi - lo;
	h->free->next = NULL;
}

void *kheap_alloc_from(struct kheap *h, size_t size, size_t align)
{
	struct kblock **link, *b;

	if (align < HDR)
		align = HDR;
	if (size == 0 || size > (size_t)(h->end - h->base) ||
	    (align & (align - 1)))
		return NULL;
	size = align_up(size, HDR);
	for (link = &h->free; (b = *link); link = &b->next) {
		uintptr_t start = (uintptr_t)b, end = start + b->size;
		uintptr_t user = align_up(start + HDR, align);

		/* A leading gap must be able to stand as a free block. */
		if (user - HDR != start && user - HDR - start < MIN_BLOCK)
			user = align_up(start + HDR + MIN_BLOCK, align);
		if (user + size > end)
			continue;
		uintptr_t blk = user - HDR, tail = user + size;
		struct kblock *next = b->next;

		if (end - tail >= MIN_BLOCK) {
			struct kblock *rest = (struct kblock *)tail;

			rest->size = end - tail;
			rest->next = next;
			next = rest;
		} else {
			tail = end;
		}
		if (blk != start) {
			b->size = blk - start;
			b->next = next;
		} else {
			*link = next;
		}
		struct kblock *used = (struct kblock *)blk;

		used->size = tail - blk;
		used->magic = KHEAP_MAGIC;
		return (void *)user;
	}
	return NULL;
}

/* False when `p` is not a block this heap handed out. */
bool kheap_free_to(struct kheap *h, void *p)
{
	struct kblock *b = (struct kblock *)((uint8_t *)p - HDR);
	struct kblock **link, *prev = NULL, *next;

	if ((uint8_t *)b < h->base || (uint8_t *)b >= h->end ||
	    b->magic != KHEAP_MAGIC || b->size > (size_t)(h->end - (uint8_t *)b))
		return false;
	for (link = &h->free; (next = *link) && next < b; link = &next->next)
		prev = next;
	b->next = next;
	*link = b;
	if (next && (uint8_t *)b + b->size == (uint8_t *)next) {
		b->size += next->size;
		b->next = next->next;
	}
	if (prev && (uint8_t *)prev + prev->size == (uint8_t *)b) {
		prev->size += b->size;
		prev->next = b->next;
	}
	return true;
}

size_t kheap_free_bytes_of(const struct kheap *h, size_t *largest)
{
	size_t total = 0, big = 0;

	for (const struct kblock *b = h->free; b; b = b->next) {
		total += b->size - HDR;
		if (b->size - HDR > big)
			big = b->size - HDR;
	}
	if (largest)
		*largest = big;
	return total;
}

#ifndef KHEAP_HOST_TEST
static uint8_t kheap_arena[CELLMATE_HEAP_SIZE]
	__attribute__((section(".noinit.heap"), aligned(4096)));
static struct kheap kernel_heap;

static struct kheap *kheap(void)
{
	if (!kernel_heap.base)
		kheap_init_arena(&kernel_heap, kheap_arena, sizeof(kheap_arena));
	return &kernel_heap;
}

void *kheap_alloc(size_t size, size_t align)
{
	irqstate_t s = arch_irq_save();
	void *p = kheap_alloc_from(kheap(), size, align);

	arch_irq_restore(s);
	return p;
}

void kheap_free(void *p)
{
	irqstate_t s;
	bool ok;

	if (!p)
		return;
	s = arch_irq_save();
	ok = kheap_free_to(kheap(), p);
	arch_irq_restore(s);
	ASSERT(ok, "kheap_free(%p): not a block from the kernel heap, or "
	       "freed twice", p);
}

size_t kheap_free_bytes(void)
{
	irqstate_t s = arch_irq_save();
	size_t n = kheap_free_bytes_of(kheap(), NULL);

	arch_irq_restore(s);
	return n;
}

size_t kheap_largest_free(void)
{
	irqstate_t s = arch_irq_save();
	size_t big;

	kheap_free_bytes_of(kheap(), &big);
	arch_irq_restore(s);
	return big;
}
#endif
