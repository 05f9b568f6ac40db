/* The ready-queue priority bitmap and the intrusive lists, against a
 * reference model under random operations. */
#include <stdlib.h>

#include "list.h"
#include "prio_bitmap.h"
#include "unit.h"

UNIT_TEST(the_highest_level_is_found_for_every_combination_of_two)
{
	for (unsigned int a = 0; a < PRIO_BITMAP_LEVELS; a++) {
		for (unsigned int b = 0; b < PRIO_BITMAP_LEVELS; b++) {
			struct prio_bitmap m = { 0 };

			prio_bitmap_set(&m, a);
			prio_bitmap_set(&m, b);
			unsigned int want = a > b ? a : b;

			REQUIRE(prio_bitmap_highest(&m) == want,
				"highest of {%u, %u} is %u, got %u", a, b, want,
				prio_bitmap_highest(&m));
			prio_bitmap_clear(&m, want);
			if (a != b)
				REQUIRE(prio_bitmap_highest(&m) == (a < b ? a : b),
					"after clearing %u the other level", want);
			else
				REQUIRE(prio_bitmap_empty(&m), "empty again");
		}
	}
}

UNIT_TEST(random_sets_and_clears_match_a_reference_array)
{
	struct prio_bitmap m = { 0 };
	int ref[PRIO_BITMAP_LEVELS] = { 0 };
	unsigned int seed = 3;

	for (int i = 0; i < 100000; i++) {
		unsigned int p = (unsigned int)rand_r(&seed) % PRIO_BITMAP_LEVELS;

		if (rand_r(&seed) & 1) {
			prio_bitmap_set(&m, p);
			ref[p] = 1;
		} else {
			prio_bitmap_clear(&m, p);
			ref[p] = 0;
		}
		int want = -1;

		for (int l = PRIO_BITMAP_LEVELS - 1; l >= 0; l--)
			if (ref[l]) {
				want = l;
				break;
			}
		REQUIRE(prio_bitmap_empty(&m) == (want < 0), "emptiness agrees");
		if (want >= 0)
			REQUIRE((int)prio_bitmap_highest(&m) == want,
				"highest %d, got %u", want, prio_bitmap_highest(&m));
	}
}

struct item {
	int v;
	struct list node;
};

UNIT_TEST(a_list_keeps_insertion_order_and_unlinks_anywhere)
{
	struct list l = LIST_INIT(l);
	struct item it[5];
	struct list *pos;
	int seen[5] = { 0 }, n = 0;

	for (int i = 0; i < 5; i++) {
		it[i].v = i;
		list_add_tail(&l, &it[i].node);
	}
	list_remove(&it[0].node);
	list_remove(&it[2].node);
	list_remove(&it[4].node);
	EXPECT(list_unlinked(&it[2].node), "a removed node is unlinked");
	list_add_head(&l, &it[4].node);
	list_for_each(pos, &l)
		seen[n++] = list_entry(pos, struct item, node)->v;
	EXPECT(n == 3 && seen[0] == 4 && seen[1] == 1 && seen[2] == 3,
	       "order 4 1 3, got %d items", n);
	list_remove(&it[1].node);
	list_remove(&it[3].node);
	list_remove(&it[4].node);
	EXPECT(list_empty(&l), "empty at the end");
}

int main(void)
{
	return unit_run_all();
}
