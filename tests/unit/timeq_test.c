/* The timeout queue against a reference model: random inserts, removals
 * and expiries keep the order of deadlines (FIFO among equals), the count,
 * and every level's links consistent. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timeq.h"
#include "unit.h"

#define N 2000

static struct timeout entries[N];
static int seq_of[N];		/* insertion sequence, for FIFO checks */

static int index_of(const struct timeout *t)
{
	return (int)(t - entries);
}

/* Every level is sorted, doubly linked, and a sub-list of the level
 * below; level 0 holds exactly the queued entries. */
static int check_structure(const struct timeq *q, unsigned int expected)
{
	for (unsigned int l = 0; l < TIMEQ_LEVELS; l++) {
		const struct timeout *prev = &q->head;
		unsigned int n = 0;

		for (const struct timeout *t = q->head.next[l]; t; t = t->next[l]) {
			if (t->prev[l] != prev || t->levels <= l)
				return 0;
			if (prev != &q->head && prev->deadline > t->deadline)
				return 0;
			if (prev != &q->head && prev->deadline == t->deadline &&
			    l == 0 && seq_of[index_of(prev)] > seq_of[index_of(t)])
				return 0;
			prev = t;
			n++;
		}
		if (l == 0 && n != expected)
			return 0;
	}
	return timeq_count(q) == (unsigned int)expected;
}

UNIT_TEST(an_empty_queue_has_no_first_entry)
{
	struct timeq q;

	timeq_init(&q, 1);
	EXPECT(timeq_first(&q) == NULL, "no first entry");
	EXPECT(timeq_count(&q) == 0, "count 0");
}

UNIT_TEST(entries_expire_in_deadline_order_and_equal_ones_fifo)
{
	struct timeq q;
	unsigned int seed = 7, seq = 0;

	timeq_init(&q, 3);
	for (int i = 0; i < N; i++) {
		entries[i].levels = 0;
		seq_of[i] = (int)seq++;
		/* Few distinct values: many equal deadlines. */
		timeq_insert(&q, &entries[i], (uint64_t)(rand_r(&seed) % 50));
	}
	REQUIRE(check_structure(&q, N), "a consistent queue of %d entries", N);
	uint64_t last = 0;
	int last_seq = -1;

	for (int i = 0; i < N; i++) {
		struct timeout *t = timeq_first(&q);

		REQUIRE(t, "entry %d present", i);
		REQUIRE(t->deadline > last ||
				(t->deadline == last && seq_of[index_of(t)] > last_seq),
			"expiry %d in order (deadline %llu after %llu)", i,
			(unsigned long long)t->deadline, (unsigned long long)last);
		last = t->deadline;
		last_seq = seq_of[index_of(t)];
		/* Both ways out of the front: the expiry path's pop, and the
		 * general remove. */
		if (i % 2)
			timeq_pop(&q);
		else
			timeq_remove(t);
		REQUIRE(!timeout_queued(t), "an expired entry is unqueued");
		REQUIRE(check_structure(&q, N - i - 1),
			"consistent after %d expiries", i + 1);
	}
	EXPECT(timeq_first(&q) == NULL && timeq_count(&q) == 0,
	       "empty at the end");
}

UNIT_TEST(random_inserts_and_cancels_keep_the_queue_consistent)
{
	struct timeq q;
	unsigned int seed = 11, seq = 0, queued = 0;

	timeq_init(&q, 5);
	memset(entries, 0, sizeof(entries));
	for (int step = 0; step < 200000; step++) {
		int i = rand_r(&seed) % N;
		struct timeout *t = &entries[i];

		if (timeout_queued(t)) {
			timeq_remove(t);
			queued--;
		} else {
			seq_of[i] = (int)seq++;
			timeq_insert(&q, t, (uint64_t)rand_r(&seed) << 20);
			queued++;
		}
		/* Cancelling something not queued changes nothing. */
		if (step % 7 == 0) {
			struct timeout *u = &entries[rand_r(&seed) % N];

			if (!timeout_queued(u))
				timeq_remove(u);
		}
		if (step % 5000 == 0)
			REQUIRE(check_structure(&q, queued),
				"consistent after step %d (%u queued)", step, queued);
	}
	REQUIRE(check_structure(&q, queued), "consistent at the end");
}

UNIT_TEST(levels_stay_within_bounds_and_grow_logarithmically)
{
	struct timeq q;
	unsigned int hist[TIMEQ_LEVELS + 1] = { 0 };

	timeq_init(&q, 9);
	memset(entries, 0, sizeof(entries));
	for (int i = 0; i < N; i++) {
		timeq_insert(&q, &entries[i], (uint64_t)i);
		hist[entries[i].levels]++;
	}
	EXPECT(hist[0] == 0, "every queued entry has at least one level");
	/* p = 1/4: about 3/4 of the entries have exactly one level. */
	EXPECT(hist[1] > N * 6 / 10 && hist[1] < N * 9 / 10,
	       "about 75%% single-level entries, got %u of %d", hist[1], N);
	EXPECT(hist[2] > N / 10 && hist[2] < N * 3 / 10,
	       "about 19%% two-level entries, got %u of %d", hist[2], N);
}

/* Each level holds about a quarter of the entries of the level below
 * (p = 1/4, fresh random bits for every step up): level 3 and up as
 * well as level 2, so that a draw that reuses bits is caught. */
UNIT_TEST(each_level_holds_about_a_quarter_of_the_one_below)
{
	struct timeq q;
	unsigned int at_least[TIMEQ_LEVELS + 2] = { 0 };

	timeq_init(&q, 13);
	memset(entries, 0, sizeof(entries));
	for (int i = 0; i < N; i++) {
		timeq_insert(&q, &entries[i], (uint64_t)i);
		for (unsigned int l = 1; l <= entries[i].levels; l++)
			at_least[l]++;
	}
	/* Expected N/4 = 500 and N/16 = 125; the bounds are 4-5 standard
	 * deviations wide. */
	EXPECT(at_least[2] > 420 && at_least[2] < 580,
	       "about N/4 entries on level 2 or higher, got %u of %d",
	       at_least[2], N);
	EXPECT(at_least[3] > 80 && at_least[3] < 170,
	       "about N/16 entries on level 3 or higher, got %u of %d",
	       at_least[3], N);
}

/* A new entry rises at most one level above the highest in use: a
 * short queue keeps its entries low, so expiring one stays cheap. */
UNIT_TEST(a_short_queue_keeps_its_entries_low)
{
	for (uint32_t seed = 1; seed <= 200; seed++) {
		struct timeq q;

		timeq_init(&q, seed);
		memset(entries, 0, 3 * sizeof(entries[0]));
		timeq_insert(&q, &entries[0], 10);
		REQUIRE(entries[0].levels == 1,
			"seed %u: the only entry has %u levels", seed,
			entries[0].levels);
		timeq_insert(&q, &entries[1], 20);
		timeq_insert(&q, &entries[2], 30);
		REQUIRE(entries[1].levels <= 2 && entries[2].levels <= 3,
			"seed %u: levels %u, %u after one of 1", seed,
			entries[1].levels, entries[2].levels);
	}
}

/* No entry gets more than TIMEQ_LEVELS levels however the draws fall:
 * enough re-insertions into a long queue that the top level, drawn once
 * in 4^7, is drawn many times over, also while an entry holds it. */
UNIT_TEST(no_entry_gets_more_than_the_top_level)
{
	struct timeq q;
	uint32_t pick = 1;
	unsigned int top = 0;

	timeq_init(&q, 7);
	memset(entries, 0, sizeof(entries));
	for (int i = 0; i < N; i++)
		timeq_insert(&q, &entries[i], (uint64_t)i);
	for (uint32_t k = 0; k < 3000000; k++) {
		struct timeout *t;

		pick = pick * 1103515245u + 12345u;
		t = &entries[(pick >> 8) % N];
		timeq_remove(t);
		timeq_insert(&q, t, (uint64_t)N + k);
		REQUIRE(t->levels >= 1 && t->levels <= TIMEQ_LEVELS,
			"insertion %u: %u levels", k, t->levels);
		top += t->levels == TIMEQ_LEVELS;
	}
	EXPECT(top > 20, "the top level drawn often, %u times", top);
	EXPECT(check_structure(&q, N), "the queue still consistent");
}

/* Seed 0 still draws levels: a xorshift from 0 stays 0, which would give
 * every entry the most levels the queue allows. About three in four
 * entries of a long queue have one level, whatever the seed. */
UNIT_TEST(seed_zero_draws_levels_like_any_other_seed)
{
	const uint32_t seeds[] = { 0, 1, 0x2545f491u };

	for (unsigned int s = 0; s < sizeof(seeds) / sizeof(seeds[0]); s++) {
		struct timeq q;
		unsigned int one = 0;

		timeq_init(&q, seeds[s]);
		memset(entries, 0, sizeof(entries));
		for (int i = 0; i < N; i++) {
			timeq_insert(&q, &entries[i], (uint64_t)i);
			one += entries[i].levels == 1;
		}
		EXPECT(one > N * 7 / 10 && one < N * 8 / 10,
		       "seed %#x: %u of %d entries at level 1, not ~75%%",
		       seeds[s], one, N);
		EXPECT(check_structure(&q, N), "seed %#x: queue consistent",
		       seeds[s]);
	}
}

int main(void)
{
	return unit_run_all();
}
