/* Intrusive circular doubly linked lists: O(1) insert and remove anywhere.
 * A `struct list` head is a node linked to itself when empty. */
#ifndef LIST_H
#define LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
	struct list *next, *prev;
};

#define LIST_INIT(name) { &(name), &(name) }
#define list_entry(node, type, member)                                       \
	((type *)(void *)((char *)(node) - offsetof(type, member)))

static inline void list_init(struct list *l)
{
	l->next = l->prev = l;
}

static inline bool list_empty(const struct list *l)
{
	return l->next == l;
}

/* Node is on no list (after list_init or list_remove). */
static inline bool list_unlinked(const struct list *n)
{
	return n->next == n;
}

static inline void list_insert_before(struct list *pos, struct list *n)
{
	n->next = pos;
	n->prev = pos->prev;
	pos->prev->next = n;
	pos->prev = n;
}

static inline void list_add_tail(struct list *l, struct list *n)
{
	list_insert_before(l, n);
}

static inline void list_add_head(struct list *l, struct list *n)
{
	list_insert_before(l->next, n);
}

static inline void list_remove(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

/* Unlinks `n` without resetting it: for a node about to be linked again
 * (or linked to itself, where this changes nothing). */
static inline void list_unlink(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
}

#define list_for_each(pos, head)                                             \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

#endif
