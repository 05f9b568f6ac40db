/* The image stores .data's initial contents right after .rodata, and the
 * entry code copies them up to .data's own page (arch/<arch>/link.ld.in).
 * That stored copy must outlive the run: a Jailhouse cell started again
 * without a new `jailhouse cell load` (after a shutdown) copies it once
 * more. A .data larger than the room left on .rodata's last page used to
 * overlap its stored copy, and the run's stores into .data overwrote it.
 * The test array is larger than any such room (a page). */
#include <stdint.h>

#include "ktest.h"

extern const uint8_t __data_start[], __data_end[];
extern const uint8_t __data_load[], __data_load_end[];

#define BIG_WORDS 2048u		/* 8 KiB */
#define BIG_VALUE(i) (0x5a000000u + (i))

#define R4(b) BIG_VALUE(b), BIG_VALUE((b) + 1), BIG_VALUE((b) + 2), \
	BIG_VALUE((b) + 3)
#define R16(b) R4(b), R4((b) + 4), R4((b) + 8), R4((b) + 12)
#define R64(b) R16(b), R16((b) + 16), R16((b) + 32), R16((b) + 48)
#define R256(b) R64(b), R64((b) + 64), R64((b) + 128), R64((b) + 192)
#define R1024(b) R256(b), R256((b) + 256), R256((b) + 512), R256((b) + 768)

static uint32_t big_data[BIG_WORDS] = { R1024(0), R1024(1024) };

/* Where the image stores big_data's initial contents. */
static const volatile uint32_t *big_stored(void)
{
	uintptr_t off = (uintptr_t)big_data - (uintptr_t)__data_start;

	return (const volatile uint32_t *)(uintptr_t)(__data_load + off);
}

static unsigned int stored_mismatches(void)
{
	const volatile uint32_t *s = big_stored();
	unsigned int bad = 0;

	for (unsigned int i = 0; i < BIG_WORDS; i++)
		bad += s[i] != BIG_VALUE(i);
	return bad;
}

KTEST(image, data_is_stored_apart_from_where_it_runs)
{
	uintptr_t load = (uintptr_t)__data_load;
	uintptr_t load_end = (uintptr_t)__data_load_end;
	uintptr_t size = (uintptr_t)__data_end - (uintptr_t)__data_start;

	KT_EXPECT(load_end - load == size, "stored .data is %lu bytes, .data %lu",
		  (unsigned long)(load_end - load), (unsigned long)size);
	KT_EXPECT(load_end <= (uintptr_t)__data_start,
		  "stored .data 0x%lx..0x%lx reaches into .data at 0x%lx",
		  (unsigned long)load, (unsigned long)load_end,
		  (unsigned long)(uintptr_t)__data_start);
}

KTEST(image, stored_data_survives_stores_into_data)
{
	volatile uint32_t *live = big_data;
	unsigned int bad = 0;

	KT_ASSERT(stored_mismatches() == 0,
		  "%u words of the stored copy differ at the start",
		  stored_mismatches());
	for (unsigned int i = 0; i < BIG_WORDS; i++)
		bad += live[i] != BIG_VALUE(i);
	KT_ASSERT(bad == 0, "%u words of big_data did not start as stored",
		  bad);
	for (unsigned int i = 0; i < BIG_WORDS; i++)
		live[i] = ~BIG_VALUE(i);
	KT_EXPECT(stored_mismatches() == 0,
		  "%u words of the stored copy changed with .data",
		  stored_mismatches());
}
