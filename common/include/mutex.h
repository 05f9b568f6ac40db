/* Mutexes with priority inheritance.
 *
 * While a thread waits for a mutex, the owner runs at least at the waiter's
 * priority; the boost follows the chain when the owner itself waits for
 * another mutex (transitive inheritance, through up to MUTEX_CHAIN_MAX
 * owners: a lock with more ahead fails with -E_RANGE, and a chain grown
 * longer from behind is an assertion when a boost must pass along it). An
 * unlock hands the mutex straight to the highest-priority waiter and drops
 * the old owner to the highest priority it still inherits; so does a
 * waiter's timeout, at its deadline (in the timer interrupt). A lock that
 * would close a cycle of owners fails with -E_DEADLK. Thread context only:
 * a lock or unlock in an interrupt handler, even a try, is an assertion. */
#ifndef MUTEX_H
#define MUTEX_H

#include <stdbool.h>
#include <stdint.h>

#include "list.h"
#include "thread.h"

#define MUTEX_RECURSIVE 0x1
#define MUTEX_NO_INHERIT 0x2	/* plain mutex (for comparisons in tests) */
#define MUTEX_CHAIN_MAX 16

struct mutex {
	struct thread *owner;
	unsigned int depth;	/* recursive lock count */
	unsigned int flags;
	struct waitq waiters;
	struct list owner_link;	/* in owner->owned */
};

/* Optional for flags 0: a zeroed mutex (static, never set up) is a free
 * one, as after mutex_init(m, 0). On a held mutex, an assertion. */
void mutex_init(struct mutex *m, unsigned int flags);
/* 0, -E_AGAIN (try, held), -E_TIMEOUT, -E_DEADLK (already held by the
 * caller and not recursive, or a cycle of owners), -E_RANGE (more than
 * MUTEX_CHAIN_MAX owners ahead). */
int mutex_lock(struct mutex *m, uint64_t timeout);
/* 0, or -E_PERM when the caller does not own it. */
int mutex_unlock(struct mutex *m);

#endif
