/* Bounds-checked flattened device tree reader; see fdt.h for the contract.
 *
 * Format: Devicetree Specification v0.4, chapter 5 (Flattened Devicetree
 * (DTB) Format). All fields are big-endian; the structure block is a
 * sequence of 32-bit aligned tokens.
 *
 * fdt_open() checks the header and block layout once. What it cannot
 * check without walking the whole tree is checked as a walk reaches it:
 * fdt_token() bounds each token with its name, property header and value,
 * fdt_prop_named() bounds each string reference, and struct fdt_scan
 * bounds the nesting. Offset arithmetic is uint32_t with "len > room"
 * style tests; fdt_open() caps totalsize at INT32_MAX, so a struct offset
 * also fits the int the API uses for nodes and properties. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fdt.h"
#include "kerr.h"
#include "kstring.h"

/* Structure block tokens (spec 5.4.1). */
enum {
	FDT_BEGIN_NODE = 1,
	FDT_END_NODE = 2,
	FDT_PROP = 3,
	FDT_NOP = 4,
	FDT_END = 9,
};

/* Header fields (spec 5.2), as indices of its ten u32 words. */
enum {
	FDT_H_MAGIC,
	FDT_H_TOTALSIZE,
	FDT_H_OFF_STRUCT,
	FDT_H_OFF_STRINGS,
	FDT_H_OFF_RSVMAP,
	FDT_H_VERSION,
	FDT_H_LAST_COMP,
	FDT_H_BOOT_CPUID,
	FDT_H_SIZE_STRINGS,
	FDT_H_SIZE_STRUCT,	/* version 17 and later only */
	FDT_H_WORDS
};

#define FDT_HDR_SIZE (FDT_H_WORDS * 4)
#define FDT_VERSION_MIN 16
#define FDT_VERSION_SIZED 17	/* first version with size_dt_struct */
#define FDT_RSV_ENTRY_SIZE 16	/* u64 address, u64 size */
#define FDT_PROP_HDR_SIZE 12	/* token, u32 len, u32 nameoff */
#define FDT_OFF_MAX 0x7fffffffu	/* offsets must fit a non-negative int */

/* Code size and instructions both count at boot: shared helpers stay
 * out of line, and only the per-token step is forced inline, into its
 * one out-of-line user, fdt_tag(). */
#define FDT_NOINLINE __attribute__((noinline))
#define FDT_ALWAYS_INLINE inline __attribute__((always_inline))

static int fdt_index_find(const struct fdt *fdt, int node);
static int fdt_hot_get(const struct fdt *fdt, int node, int k,
		       const void **val, uint32_t *len);
static int fdt_prop_find_walk(const struct fdt *fdt, int node,
			      const char *name, size_t n, const void **val,
			      uint32_t *len);

static uint32_t fdt_be32(const void *p)
{
	uint32_t v;

	/* One load and a byte swap where the CPU has them; memcpy keeps it
	 * correct for the odd unaligned header. */
	__builtin_memcpy(&v, p, sizeof(v));
	return __builtin_bswap32(v);
}

/* Whether a reservation entry is the (0, 0) terminator. */
static bool fdt_rsv_is_end(const uint8_t *p)
{
	uint8_t any = 0;
	int i;

	for (i = 0; i < FDT_RSV_ENTRY_SIZE; i++)
		any |= p[i];
	return !any;
}

FDT_NOINLINE uint64_t fdt_cells_read(const void *p, unsigned int cells)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	while (cells--) {
		v = v << 32 | fdt_be32(b);
		b += 4;
	}
	return v;
}

static const uint8_t *fdt_struct(const struct fdt *fdt)
{
	return fdt->blob + fdt->struct_off;
}

/* Whether any byte of `w` is zero (the borrow test is exact for that). */
static bool fdt_word_has_nul(uint32_t w)
{
	return ((w - 0x01010101u) & ~w & 0x80808080u) != 0;
}

/* The token after the node name at struct offset `u` (4-byte aligned),
 * or 0 if the block ends before the name does. Names are NUL-padded to
 * 4 bytes, so the next token starts right after the word holding the
 * NUL; scanning whole words is cheaper than bytes and, the block being a
 * multiple of 4, never passes its end. */
static uint32_t fdt_name_end(const uint8_t *s, uint32_t u, uint32_t size)
{
	for (; u < size; u += 4)
		if (fdt_word_has_nul(fdt_be32(s + u)))
			return u + 4;
	return 0;
}

/* The token at struct offset `u`, which must be 4-byte aligned: returns
 * its tag and sets *next to the token after it, once the token and what
 * it carries (node name, property header and value) is known to lie
 * inside the struct block. It runs once per token: fdt_tag() inlines
 * it, and every walk calls that one copy. */
static FDT_ALWAYS_INLINE int fdt_token(const struct fdt *fdt, uint32_t u,
				       int *next)
{
	const uint8_t *s;
	uint32_t room, tag;

	/* struct_size is a multiple of 4, so a whole token word fits. A
	 * reader that fdt_open() refused has none, and no blob to point
	 * into: nothing is computed from it before this test. */
	if (u >= fdt->struct_size)
		return -E_TRUNC;
	s = fdt_struct(fdt);
	tag = fdt_be32(s + u);
	room = fdt->struct_size - u;
	switch (tag) {
	case FDT_PROP:
		if (room < FDT_PROP_HDR_SIZE ||
		    fdt_be32(s + u + 4) > room - FDT_PROP_HDR_SIZE)
			return -E_TRUNC;
		u += FDT_PROP_HDR_SIZE + fdt_be32(s + u + 4);
		break;
	case FDT_BEGIN_NODE:
		u = fdt_name_end(s, u + 4, fdt->struct_size);
		if (!u)
			return -E_TRUNC;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		u += 4;
		break;
	default:
		return -E_BADFDT;
	}
	/* Rounding up cannot pass struct_size, itself a multiple of 4. */
	*next = (int)((u + 3) & ~3u);
	return (int)tag;
}

/* fdt_token() at an offset that came from a caller: a negative `off` is
 * an error from an earlier call and is passed on, and a misaligned one
 * could put a token word across the end of the block. */
static int fdt_tag(const struct fdt *fdt, int off, int *next)
{
	if (off < 0)
		return off;
	if (off & 3)
		return -E_INVAL;
	return fdt_token(fdt, (uint32_t)off, next);
}

/* 1 if the property at `prop` (already bounded by fdt_token) is called
 * name[0..n), 0 if not. The n + 1 bytes compared must lie inside the
 * strings block, which also proves that the stored name ends there. */
static int fdt_prop_named(const struct fdt *fdt, int prop, const char *name,
			  size_t n)
{
	uint32_t off = fdt_be32(fdt_struct(fdt) + prop + 8);
	const char *s;

	if (off >= fdt->strings_size)
		return -E_BADFDT;
	s = (const char *)fdt->blob + fdt->strings_off + off;
	/* The first byte rejects most names without a call. */
	return n < fdt->strings_size - off && s[0] == name[0] &&
	       !memcmp(s, name, n) && !s[n];
}

static const uint8_t *fdt_prop_value(const struct fdt *fdt, int prop,
				     uint32_t *len)
{
	const uint8_t *p = fdt_struct(fdt) + prop;

	*len = fdt_be32(p + 4);
	return p + FDT_PROP_HDR_SIZE;
}

/* A token walk that tracks nesting. `lo` is the lowest depth at which a
 * node may still open or close: 0 for a walk from the root, so that a
 * second root or a surplus END_NODE is caught, and -FDT_MAX_DEPTH for a
 * walk from an inner node whose own depth is unknown. */
struct fdt_scan {
	int off;	/* next token */
	int tok;	/* token just stepped over */
	int node;	/* owner of following properties; -1 after END_NODE */
	int depth;	/* nesting relative to the start node */
	int lo;
};

static FDT_NOINLINE int fdt_scan_start(const struct fdt *fdt,
				       struct fdt_scan *s, int node, int lo)
{
	int tag = fdt_tag(fdt, node, &s->off);

	if (tag < 0)
		return tag;
	if (tag != FDT_BEGIN_NODE)
		return -E_INVAL;
	s->tok = s->node = node;
	s->depth = 0;
	s->lo = lo;
	return 0;
}

/* Steps over one token and returns its tag; -E_NOENT at an END that
 * closes the walk, -E_BADFDT for unbalanced or too deep nesting. */
static int fdt_scan_step(const struct fdt *fdt, struct fdt_scan *s)
{
	int tag;

	/* Walk offsets come from fdt_token: aligned and not negative, so
	 * fdt_tag() only passes them on. */
	s->tok = s->off;
	tag = fdt_tag(fdt, s->off, &s->off);
	switch (tag) {
	case FDT_BEGIN_NODE:
		if (s->depth < s->lo || s->depth >= FDT_MAX_DEPTH)
			return -E_BADFDT;
		s->depth++;
		s->node = s->tok;
		break;
	case FDT_END_NODE:
		if (s->depth < s->lo)
			return -E_BADFDT;
		s->depth--;
		s->node = -1;
		break;
	case FDT_PROP:
		/* A node's properties come before its subnodes. */
		if (s->node < 0)
			return -E_BADFDT;
		break;
	case FDT_END:
		/* Every node opened since the start must be closed. */
		return s->depth < 0 ? -E_NOENT : -E_BADFDT;
	}
	return tag;
}

/* The property after the token at `off`, which must be a `want`
 * (BEGIN_NODE or PROP); NOPs are skipped. */
static int fdt_prop_after(const struct fdt *fdt, int off, int want)
{
	int tag = fdt_tag(fdt, off, &off), prop;

	if (tag != want)
		return tag < 0 ? tag : -E_INVAL;
	do {
		prop = off;
		tag = fdt_tag(fdt, prop, &off);
	} while (tag == FDT_NOP);
	if (tag < 0)
		return tag;
	return tag == FDT_PROP ? prop : -E_NOENT;
}

/* Property name[0..n) of `node`, found in one pass over the properties
 * of the node, which the format places before its subnodes. */
static int fdt_prop_find_walk(const struct fdt *fdt, int node,
			      const char *name, size_t n, const void **val,
			      uint32_t *len)
{
	const void *v;
	uint32_t l;
	int off, prop, tag, r;

	tag = fdt_tag(fdt, node, &off);
	if (tag != FDT_BEGIN_NODE)
		return tag < 0 ? tag : -E_INVAL;
	for (;;) {
		prop = off;
		tag = fdt_tag(fdt, prop, &off);
		if (tag == FDT_NOP)
			continue;
		if (tag != FDT_PROP)
			return tag < 0 ? tag : -E_NOENT;
		r = fdt_prop_named(fdt, prop, name, n);
		if (r < 0)
			return r;
		if (r)
			break;
	}
	v = fdt_prop_value(fdt, prop, &l);
	if (val)
		*val = v;
	if (len)
		*len = l;
	return 0;
}

/* Walks a string list: with `str`, returns the index of str[0..n);
 * without, stores the index'th string in *out. -E_NOENT past the end. */
static FDT_NOINLINE int fdt_list_walk(const char *s, uint32_t len,
				      const char *str, size_t n,
				      unsigned int index, const char **out)
{
	const char *nul;
	unsigned int i;

	for (i = 0; len; i++, s = nul + 1) {
		nul = memchr(s, 0, len);
		if (!nul)
			return -E_TRUNC;
		if (str ? (size_t)(nul - s) == n && !memcmp(s, str, n)
			: i == index) {
			if (out)
				*out = s;
			return (int)i;
		}
		len -= (uint32_t)(nul - s) + 1;
	}
	return -E_NOENT;
}

/* Room for the block at `off` (<= total): the bytes up to the start of
 * the next block (`a` or `b`) or to the end. A block that fits its room
 * overlaps no block that starts after it, so checking all three blocks
 * this way rules out every overlap. */
static FDT_NOINLINE uint32_t fdt_room(uint32_t total, uint32_t off,
				      uint32_t a, uint32_t b)
{
	uint32_t end = total;

	if (a >= off && a < end)
		end = a;
	if (b >= off && b < end)
		end = b;
	return end - off;
}

/* The properties the index records per node: the ones every driver and
 * the memory map look up, so those lookups need no property walk. */
static const char *const fdt_hot[FDT_HOT_PROPS] = {
	"compatible", "reg", "status", "#address-cells", "#size-cells",
	"device_type", "interrupts", "interrupt-parent",
};
static const uint8_t fdt_hot_len[FDT_HOT_PROPS] = { 10, 3, 6, 14, 11, 11,
						     10, 16 };
#define FDT_HOT_COMPATIBLE 0	/* fdt_hot[] index */

static unsigned int fdt_hash(uint32_t off)
{
	return (off >> 2) & (FDT_INDEX_HASH - 1);
}

static void fdt_index_node(struct fdt *fdt, unsigned int i, uint32_t off,
			   unsigned int parent, int depth)
{
	unsigned int h = fdt_hash(off);

	/* At most FDT_INDEX_MAX of FDT_INDEX_HASH slots are used: a free
	 * one is always found. */
	while (fdt->index_hash[h])
		h = (h + 1) & (FDT_INDEX_HASH - 1);
	fdt->index_hash[h] = (uint8_t)(i + 1);
	fdt->index_off[i] = off;
	fdt->index_parent[i] = (uint8_t)parent;
	fdt->index_depth[i] = (uint8_t)depth;
	fdt->index_has[i] = 0;
}

/* What the index walk knows about property names. The hot one a stored
 * name is, or -1, is kept per strings offset (names recur; a collision
 * only costs a compare again). `first` has bit k set in the entry of the
 * first byte (mod FDT_FIRST_BYTES) of hot name k: most names are told
 * from every hot one by that byte alone. */
#define FDT_NAME_CACHE 16	/* a power of two */
#define FDT_FIRST_BYTES 32	/* a power of two */

struct fdt_names {
	uint32_t off[FDT_NAME_CACHE];
	int8_t hot[FDT_NAME_CACHE];
	uint8_t first[FDT_FIRST_BYTES];
};

_Static_assert(FDT_HOT_PROPS <= 8, "struct fdt_names: a bit per hot name");

static void fdt_names_init(struct fdt_names *c)
{
	memset(c, 0, sizeof(*c));
	memset(c->off, 0xff, sizeof(c->off));
	for (int k = 0; k < FDT_HOT_PROPS; k++)
		c->first[fdt_hot[k][0] & (FDT_FIRST_BYTES - 1)] |=
			(uint8_t)(1u << k);
}

/* Which hot property the stored name at strings offset `off` (inside the
 * block) is, or -1. A match compares its NUL too, inside the block. */
static int fdt_hot_stored(const struct fdt *fdt, const struct fdt_names *c,
			  uint32_t off)
{
	const char *nm = (const char *)fdt->blob + fdt->strings_off + off;
	uint32_t room = fdt->strings_size - off;
	unsigned int m = c->first[(uint8_t)nm[0] & (FDT_FIRST_BYTES - 1)];

	for (; m; m &= m - 1) {
		int k = __builtin_ctz(m);
		uint32_t n = fdt_hot_len[k], i = 0;

		if (n >= room || nm[n])
			continue;
		while (i < n && nm[i] == fdt_hot[k][i])
			i++;
		if (i == n)
			return k;
	}
	return -1;
}

static int fdt_hot_cached(const struct fdt *fdt, struct fdt_names *c,
			  uint32_t off)
{
	unsigned int h = off & (FDT_NAME_CACHE - 1);

	if (c->off[h] != off) {
		c->off[h] = off;
		c->hot[h] = (int8_t)fdt_hot_stored(fdt, c, off);
	}
	return c->hot[h];
}

/* Records the hot property at struct offset `prop` (its name at strings
 * offset `name`) for node i; the first of a name wins, as in a walk.
 * -E_BADFDT for a name outside the strings block. */
static int fdt_index_prop(struct fdt *fdt, struct fdt_names *c,
			  unsigned int i, uint32_t prop, uint32_t name)
{
	int k;

	if (name >= fdt->strings_size)
		return -E_BADFDT;
	k = fdt_hot_cached(fdt, c, name);
	if (k >= 0 && !(fdt->index_has[i] & 1u << k)) {
		fdt->index_has[i] |= (uint16_t)(1u << k);
		fdt->index_prop[i][k] = prop;
	}
	return 0;
}

/* One walk of the whole tree recording every node, its parent and depth,
 * and its hot properties. It accepts exactly the trees a walk from the
 * root reads to the END token without an error (fdt_scan_step with
 * lo = 0: nesting, properties before subnodes, every token in the
 * block); any problem, or more than FDT_INDEX_MAX nodes, leaves no index,
 * and the lookups then walk and report the problem as without one. Its
 * own loop rather than fdt_scan_step(): it runs at every boot, before the
 * first console byte. */
static void fdt_index_walk(struct fdt *fdt)
{
	const uint8_t *s = fdt_struct(fdt);
	const uint32_t size = fdt->struct_size;
	uint8_t stack[FDT_MAX_DEPTH + 1];
	struct fdt_names names;
	/* Properties belong to node `owner` until its first subnode or
	 * its END_NODE (`props`); the root's depth is 0. */
	unsigned int n = 0, owner = 0;
	bool props = false;
	int depth = -1;
	uint32_t u = 0, len;

	fdt->nindex = 0;
	memset(fdt->index_hash, 0, sizeof(fdt->index_hash));
	fdt_names_init(&names);
	while (u < size) {
		const uint32_t tok = u;

		u += 4;
		switch (fdt_be32(s + tok)) {
		case FDT_BEGIN_NODE:
			/* A second root, too deep, or too many to index. */
			if ((depth < 0 && n) || depth >= FDT_MAX_DEPTH ||
			    n == FDT_INDEX_MAX)
				return;
			u = fdt_name_end(s, u, size);
			if (!u)
				return;
			depth++;
			fdt_index_node(fdt, n, tok, depth ? stack[depth - 1] : 0,
				       depth);
			stack[depth] = (uint8_t)n;
			owner = n++;
			props = true;
			break;
		case FDT_END_NODE:
			if (depth < 0)
				return;
			depth--;
			props = false;
			break;
		case FDT_PROP:
			if (!props || size - u < FDT_PROP_HDR_SIZE - 4)
				return;
			len = fdt_be32(s + u);
			if (len > size - u - (FDT_PROP_HDR_SIZE - 4) ||
			    fdt_index_prop(fdt, &names, owner, tok,
					   fdt_be32(s + u + 4)) < 0)
				return;
			u = (u + FDT_PROP_HDR_SIZE - 4 + len + 3) & ~3u;
			break;
		case FDT_NOP:
			break;
		case FDT_END:
			/* Only once the root is closed. */
			if (depth < 0)
				fdt->nindex = n;
			return;
		default:
			return;
		}
	}
}

/* Index of `node` in the node index, or -1. */
static int fdt_index_find(const struct fdt *fdt, int node)
{
	unsigned int h;

	if (!fdt->nindex || node < 0)
		return -1;
	for (h = fdt_hash((uint32_t)node); fdt->index_hash[h];
	     h = (h + 1) & (FDT_INDEX_HASH - 1)) {
		unsigned int i = fdt->index_hash[h] - 1u;

		if (i < fdt->nindex && fdt->index_off[i] == (uint32_t)node)
			return (int)i;
	}
	return -1;
}

/* Whether the property token at struct offset `prop` (aligned, from the
 * index) and its value lie inside the struct block as it is now; then
 * *len is its value length. Cheaper than fdt_token(): the index already
 * knows the token is a property. */
static bool fdt_prop_fits(const struct fdt *fdt, uint32_t prop, uint32_t *len)
{
	const uint8_t *p;

	if (prop > fdt->struct_size ||
	    fdt->struct_size - prop < FDT_PROP_HDR_SIZE)
		return false;
	p = fdt_struct(fdt) + prop;
	*len = fdt_be32(p + 4);
	return fdt_be32(p) == FDT_PROP &&
	       *len <= fdt->struct_size - prop - FDT_PROP_HDR_SIZE;
}

/* Hot property k of `node` from the index (the node must be indexed, or
 * the lookup walks). Its name was matched when indexed; its bounds are
 * checked again against the block as it is now. */
static int fdt_hot_get(const struct fdt *fdt, int node, int k,
		       const void **val, uint32_t *len)
{
	int i = fdt_index_find(fdt, node);
	uint32_t l;

	if (i < 0)
		return fdt_prop_find_walk(fdt, node, fdt_hot[k], fdt_hot_len[k],
					  val, len);
	if (!(fdt->index_has[i] & 1u << k))
		return -E_NOENT;
	if (!fdt_prop_fits(fdt, fdt->index_prop[i][k], &l))
		return -E_BADFDT;
	if (val)
		*val = fdt_struct(fdt) + fdt->index_prop[i][k] +
		       FDT_PROP_HDR_SIZE;
	if (len)
		*len = l;
	return 0;
}

int fdt_open(struct fdt *fdt, const void *blob, size_t avail)
{
	const uint8_t *b = blob;
	uint32_t h[FDT_H_WORDS], total, toff, tsize, soff, roff, room, rlen;
	unsigned int i;

	/* A failed open leaves a reader that cannot read anything. (The
	 * index arrays are only read below nindex: no need to clear them.) */
	fdt->blob = NULL;
	fdt->size = fdt->struct_off = fdt->struct_size = 0;
	fdt->strings_off = fdt->strings_size = fdt->rsvmap_off = 0;
	fdt->nindex = 0;
	/* Every word the reader loads is 4-byte aligned within the blob;
	 * the blob must be too, or a load faults on ARM while the MMU is
	 * off (spec 5.1 asks for 8). */
	if (!b || ((uintptr_t)b & 3))
		return -E_INVAL;
	if (avail < FDT_HDR_SIZE)
		return -E_TRUNC;
	for (i = 0; i < FDT_H_WORDS; i++)
		h[i] = fdt_be32(b + i * 4);
	if (h[FDT_H_MAGIC] != FDT_MAGIC)
		return -E_BADFDT;
	if (h[FDT_H_VERSION] < FDT_VERSION_MIN ||
	    h[FDT_H_LAST_COMP] > FDT_VERSION_MIN)
		return -E_NOTSUP;
	total = h[FDT_H_TOTALSIZE];
	if (total < FDT_HDR_SIZE || total > FDT_OFF_MAX)
		return -E_BADFDT;
	if (total > avail)
		return -E_TRUNC;

	/* Every block starts after the header and inside totalsize. */
	for (i = FDT_H_OFF_STRUCT; i <= FDT_H_OFF_RSVMAP; i++)
		if (h[i] < FDT_HDR_SIZE || h[i] > total)
			return -E_BADFDT;
	toff = h[FDT_H_OFF_STRUCT];
	soff = h[FDT_H_OFF_STRINGS];
	roff = h[FDT_H_OFF_RSVMAP];
	if (h[FDT_H_SIZE_STRINGS] > fdt_room(total, soff, toff, roff))
		return -E_BADFDT;
	/* Version 16 has no size_dt_struct: the block fills its room, as
	 * dtc lays it out. */
	room = fdt_room(total, toff, soff, roff);
	tsize = h[FDT_H_VERSION] < FDT_VERSION_SIZED ? room & ~3u :
						       h[FDT_H_SIZE_STRUCT];
	if ((toff & 3) || (tsize & 3) || tsize > room || (roff & 7))
		return -E_BADFDT;
	/* The map ends with a (0, 0) entry inside its room. */
	room = fdt_room(total, roff, toff, soff);
	for (rlen = FDT_RSV_ENTRY_SIZE;; rlen += FDT_RSV_ENTRY_SIZE) {
		if (rlen > room)
			return -E_TRUNC;
		if (fdt_rsv_is_end(b + roff + rlen - FDT_RSV_ENTRY_SIZE))
			break;
	}

	/* Skip leading NOPs so that offset 0 is always the root node. */
	while (tsize && fdt_be32(b + toff) == FDT_NOP) {
		toff += 4;
		tsize -= 4;
	}
	if (tsize < 8 || fdt_be32(b + toff) != FDT_BEGIN_NODE ||
	    fdt_be32(b + toff + tsize - 4) != FDT_END)
		return -E_BADFDT;

	fdt->blob = b;
	fdt->size = total;
	fdt->struct_off = toff;
	fdt->struct_size = tsize;
	fdt->strings_off = soff;
	fdt->strings_size = h[FDT_H_SIZE_STRINGS];
	fdt->rsvmap_off = roff;
	fdt_index_walk(fdt);
	return 0;
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	struct fdt_scan s;
	int tag, i;

	if (*depth < 0 || *depth > FDT_MAX_DEPTH)
		return -E_INVAL;
	/* Indexed: the next node in document order is the next entry; the
	 * walk ends where it would close the node it started at. */
	i = node >= 0 && fdt->nindex ? fdt_index_find(fdt, node) : -1;
	if (i >= 0) {
		int d;

		if ((unsigned int)i + 1 >= fdt->nindex) {
			*depth = -1;
			return -E_NOENT;
		}
		d = *depth + fdt->index_depth[i + 1] - fdt->index_depth[i];
		if (d < 1) {
			*depth = -1;
			return -E_NOENT;
		}
		if (d > FDT_MAX_DEPTH)
			return -E_BADFDT;
		node = (int)fdt->index_off[i + 1];
		/* The token word only: whoever reads the name checks it. */
		if ((uint32_t)node >= fdt->struct_size ||
		    fdt_be32(fdt_struct(fdt) + node) != FDT_BEGIN_NODE)
			return -E_BADFDT;
		*depth = d;
		return node;
	}
	tag = fdt_scan_start(fdt, &s, node, 0);
	s.depth = *depth;
	while (tag >= 0) {
		tag = fdt_scan_step(fdt, &s);
		/* Leaving the node at depth 0 ends the walk. */
		if (tag == FDT_END_NODE && s.depth < 0)
			tag = -E_NOENT;
		if (tag == FDT_BEGIN_NODE || tag == -E_NOENT)
			*depth = s.depth;
		if (tag == FDT_BEGIN_NODE)
			return s.tok;
	}
	return tag;
}

int fdt_first_subnode(const struct fdt *fdt, int node)
{
	int depth = 0;

	/* The first node opened before `node` closes is its first child. */
	return fdt_next_node(fdt, node, &depth);
}

int fdt_next_subnode(const struct fdt *fdt, int node)
{
	int depth = 1;

	/* The root has no siblings; walking it from depth 1 could also
	 * count a tree FDT_MAX_DEPTH deep as one too deep. */
	if (!node)
		return -E_NOENT;
	/* Walk as if from the parent: skip the subtree of `node` up to the
	 * next node back at depth 1, or the end of the parent. */
	do
		node = fdt_next_node(fdt, node, &depth);
	while (node >= 0 && depth > 1);
	return node;
}

/* Fills up[0..d] with the root .. `node` and returns d, the depth of
 * `node`: one walk from the root that stops at `node`. */
static int fdt_ancestors(const struct fdt *fdt, int node,
			 int up[FDT_MAX_DEPTH + 1])
{
	struct fdt_scan s;
	int tag, i = node >= 0 ? fdt_index_find(fdt, node) : -1;

	if (i >= 0) {
		int d = 0;

		/* The recorded parents lead to the root (index 0): count
		 * them, then fill `up` from `node` upwards. */
		for (int j = i; j > 0 && d < FDT_MAX_DEPTH;
		     j = fdt->index_parent[j])
			d++;
		up[0] = 0;
		for (int k = d; k > 0; k--, i = fdt->index_parent[i])
			up[k] = (int)fdt->index_off[i];
		return d;
	}
	tag = fdt_scan_start(fdt, &s, 0, 0);

	up[0] = 0;
	while (tag >= 0 && s.tok < node) {
		tag = fdt_scan_step(fdt, &s);
		if (tag == FDT_BEGIN_NODE)
			up[s.depth] = s.tok;
	}
	if (tag < 0)
		return tag;
	/* Landed past `node`, or `node` is not a BEGIN_NODE. */
	if (s.tok != node || s.node != node)
		return node < 0 ? node : -E_INVAL;
	return s.depth;
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int up[FDT_MAX_DEPTH + 1];
	int d = fdt_ancestors(fdt, node, up);

	if (d < 0)
		return d;
	return d ? up[d - 1] : -E_NOENT;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	int next;

	if (fdt_tag(fdt, node, &next) != FDT_BEGIN_NODE)
		return NULL;
	return (const char *)fdt_struct(fdt) + node + 4;
}

/* 1 if the name of the node at struct offset `off` is name[0..n) (n >= 1,
 * no NUL inside), 2 if it is "name@unit" and the name has no unit address
 * itself (`unit`), else 0. The n + 1 bytes read must lie inside the
 * struct block: a name that does not fit there cannot match. */
static int fdt_name_match(const struct fdt *fdt, uint32_t off,
			  const char *name, size_t n, bool unit)
{
	const char *nm = (const char *)fdt_struct(fdt) + off + 4;

	if (off >= fdt->struct_size || fdt->struct_size - off - 4 <= n ||
	    nm[0] != name[0] || memcmp(nm, name, n) != 0)
		return 0;
	if (!nm[n])
		return 1;
	return nm[n] == '@' && !unit ? 2 : 0;
}

/* The child of `node` called name[0..n). A name without a unit address
 * also matches the one child "name@unit" if it is the only such child.
 * Through the node index, a node's subtree is the run of entries after
 * it whose parents lie inside it. */
static int fdt_child_find_indexed(const struct fdt *fdt, int i,
				  const char *name, size_t n, bool unit)
{
	int found = -E_NOENT, nfound = 0;

	for (unsigned int j = (unsigned int)i + 1;
	     j < fdt->nindex && fdt->index_parent[j] >= i; j++) {
		uint32_t off = fdt->index_off[j];

		if (fdt->index_parent[j] != i)
			continue;
		switch (fdt_name_match(fdt, off, name, n, unit)) {
		case 1:
			return (int)off;
		case 2:
			found = (int)off;
			nfound++;
			break;
		}
	}
	return nfound == 1 ? found : -E_NOENT;
}

static int fdt_child_find(const struct fdt *fdt, int node, const char *name,
			  size_t n)
{
	bool unit = memchr(name, '@', n) != NULL;
	struct fdt_scan s;
	int tag, found = -E_NOENT, nfound = 0;
	int i = node >= 0 ? fdt_index_find(fdt, node) : -1;

	if (i >= 0)
		return fdt_child_find_indexed(fdt, i, name, n, unit);

	tag = fdt_scan_start(fdt, &s, node, -FDT_MAX_DEPTH);
	while (tag >= 0) {
		tag = fdt_scan_step(fdt, &s);
		if (tag == FDT_END_NODE && s.depth < 0)
			return nfound == 1 ? found : -E_NOENT;
		if (tag != FDT_BEGIN_NODE || s.depth != 1)
			continue;
		switch (fdt_name_match(fdt, (uint32_t)s.tok, name, n, unit)) {
		case 1:
			return s.tok;
		case 2:
			found = s.tok;
			nfound++;
			break;
		}
	}
	return tag;
}

/* Follows the '/'-separated components of [p, end) down from `node`. */
static int fdt_path_walk(const struct fdt *fdt, int node, const char *p,
			 const char *end)
{
	while (node >= 0) {
		const char *c;

		while (p < end && *p == '/')
			p++;
		if (p == end)
			break;
		c = p;
		while (p < end && *p != '/')
			p++;
		node = fdt_child_find(fdt, node, c, (size_t)(p - c));
	}
	return node;
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	return fdt_path_offset_len(fdt, path, strlen(path));
}

int fdt_path_offset_len(const struct fdt *fdt, const char *path, size_t n)
{
	const char *end = path + n, *p = path;
	int node = 0;

	if (p == end || *p != '/') {
		const char *alias;
		const void *val;
		uint32_t len;
		int err;

		/* "alias[/rest]": /aliases maps the alias to a full path. */
		while (p < end && *p != '/')
			p++;
		if (p == path)
			return -E_INVAL;
		node = fdt_child_find(fdt, 0, "aliases", 7);
		err = fdt_prop_find_walk(fdt, node, path, (size_t)(p - path),
					 &val, &len);
		if (err)
			return err;
		alias = val;
		if (!memchr(alias, 0, len) || *alias != '/')
			return -E_BADFDT;
		node = fdt_path_walk(fdt, 0, alias, alias + strlen(alias));
	}
	return fdt_path_walk(fdt, node, p, end);
}

FDT_NOINLINE int fdt_getprop(const struct fdt *fdt, int node,
			     const char *name, const void **val,
			     uint32_t *len)
{
	/* A hot name passed as the very literal of fdt_hot[] (the linker
	 * merges equal strings): straight to the index. Any other name,
	 * even an equal one elsewhere, walks to the same answer. */
	if (fdt->nindex)
		for (int k = 0; k < FDT_HOT_PROPS; k++)
			if (name == fdt_hot[k])
				return fdt_hot_get(fdt, node, k, val, len);
	return fdt_prop_find_walk(fdt, node, name, strlen(name), val, len);
}

int fdt_first_prop(const struct fdt *fdt, int node)
{
	return fdt_prop_after(fdt, node, FDT_BEGIN_NODE);
}

int fdt_next_prop(const struct fdt *fdt, int prop)
{
	return fdt_prop_after(fdt, prop, FDT_PROP);
}

int fdt_prop_at(const struct fdt *fdt, int prop, const char **name,
		const void **val, uint32_t *len)
{
	int next, tag = fdt_tag(fdt, prop, &next);
	uint32_t off, l;
	const char *s;

	if (tag != FDT_PROP)
		return tag < 0 ? tag : -E_INVAL;
	off = fdt_be32(fdt_struct(fdt) + prop + 8);
	if (off >= fdt->strings_size)
		return -E_BADFDT;
	s = (const char *)fdt->blob + fdt->strings_off + off;
	if (!memchr(s, 0, fdt->strings_size - off))
		return -E_TRUNC;
	*name = s;
	*val = fdt_prop_value(fdt, prop, &l);
	*len = l;
	return 0;
}

FDT_NOINLINE int fdt_prop_u32(const struct fdt *fdt, int node,
			      const char *name, uint32_t *out)
{
	const void *v;
	uint32_t len;
	int err = fdt_getprop(fdt, node, name, &v, &len);

	if (err)
		return err;
	if (len != 4)
		return -E_BADFDT;
	*out = fdt_be32(v);
	return 0;
}

FDT_NOINLINE int fdt_prop_string(const struct fdt *fdt, int node,
				 const char *name, const char **out)
{
	const void *v;
	uint32_t len;
	int err = fdt_getprop(fdt, node, name, &v, &len);

	if (err)
		return err;
	if (!memchr(v, 0, len))
		return -E_BADFDT;
	*out = v;
	return 0;
}

/* Entry `index` of `step` bytes in property `name`: -E_NOENT past the
 * last entry, -E_BADFDT if the value ends inside the entry. */
static int fdt_prop_entry(const struct fdt *fdt, int node, const char *name,
			  unsigned int index, uint32_t step,
			  const uint8_t **out)
{
	const void *v;
	uint32_t len;
	uint64_t off = (uint64_t)index * step;
	int err = fdt_getprop(fdt, node, name, &v, &len);

	if (err)
		return err;
	if (off >= len)
		return -E_NOENT;
	if (len - off < step)
		return -E_BADFDT;
	*out = (const uint8_t *)v + off;
	return 0;
}

int fdt_prop_cells(const struct fdt *fdt, int node, const char *name,
		   unsigned int idx, unsigned int cells, uint64_t *out)
{
	const uint8_t *v;
	const void *pv;
	uint32_t len;
	int err;

	if (cells - 1 > 1)
		return -E_RANGE;
	err = fdt_getprop(fdt, node, name, &pv, &len);
	if (err)
		return err;
	len /= 4;
	if (idx >= len || cells > len - idx)
		return -E_NOENT;
	v = pv;
	*out = fdt_cells_read(v + idx * 4, cells);
	return 0;
}

bool fdt_prop_bool(const struct fdt *fdt, int node, const char *name)
{
	return !fdt_getprop(fdt, node, name, NULL, NULL);
}

int fdt_stringlist_get(const struct fdt *fdt, int node, const char *name,
		       unsigned int index, const char **out)
{
	const void *v;
	uint32_t len;
	int err = fdt_getprop(fdt, node, name, &v, &len);

	if (err)
		return err;
	err = fdt_list_walk(v, len, NULL, 0, index, out);
	return err < 0 ? err : 0;
}

int fdt_node_is_compatible(const struct fdt *fdt, int node,
			   const char *compat)
{
	const void *v;
	uint32_t len;
	int r = fdt_getprop(fdt, node, "compatible", &v, &len);

	if (!r)
		r = fdt_list_walk(v, len, compat, strlen(compat), 0, NULL);
	if (r < 0)
		return r == -E_NOENT ? 0 : r;
	return 1;
}

/* The first node after `from` (-1: from the root) with a property
 * name[0..n) whose value is the string list containing want[0..wn)
 * (list) or is exactly want[0..wn) (!list): one walk. Only the first
 * property of that name in a node counts, the one fdt_getprop() reads:
 * a (malformed) second one must not make a node found that its own
 * lookups then deny. */
static int fdt_node_with(const struct fdt *fdt, int from, const char *name,
			 size_t n, const char *want, size_t wn, bool list)
{
	struct fdt_scan s;
	const uint8_t *v;
	uint32_t len;
	int tag, r, seen = -1;	/* the node whose `name` was compared */

	if (from < -1)
		return from;
	/* From the root the depth is absolute and fully checked. */
	tag = fdt_scan_start(fdt, &s, from < 0 ? 0 : from,
			     from < 0 ? 0 : -FDT_MAX_DEPTH);
	while (tag >= 0) {
		tag = fdt_scan_step(fdt, &s);
		if (tag != FDT_PROP || s.node == from)
			continue;
		r = fdt_prop_named(fdt, s.tok, name, n);
		if (r < 0)
			return r;
		if (!r || s.node == seen)
			continue;
		seen = s.node;
		v = fdt_prop_value(fdt, s.tok, &len);
		if (list)
			r = fdt_list_walk((const char *)v, len, want, wn, 0,
					  NULL);
		else
			r = len == wn && !memcmp(v, want, wn) ? 0 : -E_NOENT;
		if (r >= 0)
			return s.node;
		if (r != -E_NOENT)
			return r;
	}
	return tag;
}

/* fdt_node_with() for "compatible" through the node index: the nodes
 * after index entry `i` in document order, each by its first compatible
 * (the one the index records), bounded again as fdt_hot_get() does. */
static int fdt_compatible_indexed(const struct fdt *fdt, unsigned int i,
				  const char *want, size_t wn)
{
	for (; i < fdt->nindex; i++) {
		uint32_t prop = fdt->index_prop[i][FDT_HOT_COMPATIBLE], len;
		int r;

		if (!(fdt->index_has[i] & 1u << FDT_HOT_COMPATIBLE))
			continue;
		if (!fdt_prop_fits(fdt, prop, &len))
			return -E_BADFDT;
		r = fdt_list_walk((const char *)fdt_struct(fdt) + prop +
					  FDT_PROP_HDR_SIZE,
				  len, want, wn, 0, NULL);
		if (r >= 0)
			return (int)fdt->index_off[i];
		if (r != -E_NOENT)
			return r;
	}
	return -E_NOENT;
}

int fdt_node_by_compatible(const struct fdt *fdt, int from,
			   const char *compat)
{
	/* An indexed tree was read whole without an error, so the walk
	 * could only end in a match or -E_NOENT; `from` must be a node
	 * the index knows (or -1), else the walk reports what it is. */
	int i = from == -1 ? 0 : fdt_index_find(fdt, from);

	if (fdt->nindex && i >= 0)
		return fdt_compatible_indexed(fdt, (unsigned int)i +
						   (from != -1),
					      compat, strlen(compat));
	return fdt_node_with(fdt, from, "compatible", 10, compat,
			     strlen(compat), true);
}

int fdt_node_by_phandle(const struct fdt *fdt, uint32_t phandle)
{
	uint8_t be[4] = { (uint8_t)(phandle >> 24), (uint8_t)(phandle >> 16),
			  (uint8_t)(phandle >> 8), (uint8_t)phandle };

	/* 0 and ~0 are never valid phandles (spec 2.3.3). */
	if (phandle == 0 || phandle == ~0u)
		return -E_NOENT;
	return fdt_node_with(fdt, -1, "phandle", 7, (const char *)be, 4,
			     false);
}

bool fdt_node_is_enabled(const struct fdt *fdt, int node)
{
	const char *s;
	int err = fdt_prop_string(fdt, node, "status", &s);

	if (err)
		return err == -E_NOENT;
	return strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}

int fdt_prop_u32_opt(const struct fdt *fdt, int node, const char *name,
		     uint32_t *out)
{
	int err = fdt_prop_u32(fdt, node, name, out);

	return err == -E_NOENT ? 0 : err;
}

/* fdt_reg(), or with `local` fdt_reg_local(): whether the node's own bus
 * may give addresses of its own. Inlined into both, so that an image
 * without an isa bus links fdt_reg() alone, with no flag to test (on ARM
 * 80 B less than one copy taking the flag; x86 carries both). */
static FDT_ALWAYS_INLINE int fdt_reg_on(const struct fdt *fdt, int node,
					unsigned int index, uint64_t *addr,
					uint64_t *size, bool local)
{
	int up[FDT_MAX_DEPTH + 1];
	uint32_t ac = 2, sc = 1, len;
	const uint8_t *v;
	int d, i, err;

	d = fdt_ancestors(fdt, node, up);
	if (d <= 0)
		return d ? d : -E_NOENT;
	err = fdt_prop_u32_opt(fdt, up[d - 1], "#address-cells", &ac);
	if (!err)
		err = fdt_prop_u32_opt(fdt, up[d - 1], "#size-cells", &sc);
	if (err)
		return err;
	if (ac - 1 > 1 || sc > 2)
		return -E_RANGE;
	/* The memory map's rule: CPU addresses pass only through enabled
	 * simple-buses with an empty ranges. A local address may come from
	 * an own bus with no ranges instead (isa), which the caller
	 * decodes; anything else would hand a driver an unmapped address. */
	for (i = 1; i < d; i++) {
		err = fdt_getprop(fdt, up[i], "ranges", NULL, &len);
		if (err && err != -E_NOENT)
			return err;
		if (!fdt_node_is_enabled(fdt, up[i]) ||
		    (fdt_node_is_compatible(fdt, up[i], "simple-bus") == 1
			     ? err || len
			     : !local || !err || i < d - 1))
			return -E_NOTSUP;
	}
	err = fdt_prop_entry(fdt, node, "reg", index, (ac + sc) * 4, &v);
	if (err)
		return err;
	*addr = fdt_cells_read(v, ac);
	*size = fdt_cells_read(v + ac * 4, sc);
	return 0;
}

int fdt_reg(const struct fdt *fdt, int node, unsigned int index,
	    uint64_t *addr, uint64_t *size)
{
	return fdt_reg_on(fdt, node, index, addr, size, false);
}

int fdt_reg_local(const struct fdt *fdt, int node, unsigned int index,
		  uint64_t *addr, uint64_t *size)
{
	return fdt_reg_on(fdt, node, index, addr, size, true);
}

int fdt_irq(const struct fdt *fdt, int node, unsigned int index,
	    struct fdt_irq *out)
{
	int up[FDT_MAX_DEPTH + 1];
	const uint8_t *v;
	const void *pv;
	uint32_t ph = 0, len, nc = 0;
	unsigned int i;
	bool ext;
	int err, ctl = -1;

	/* interrupts-extended, when there, says it all (spec 2.4.2): each
	 * specifier starts with its controller's phandle. */
	err = fdt_getprop(fdt, node, "interrupts-extended", &pv, &len);
	ext = !err;
	if (err == -E_NOENT) {
		int d;

		err = fdt_getprop(fdt, node, "interrupts", &pv, &len);
		d = err ? err : fdt_ancestors(fdt, node, up);
		if (d < 0)
			return d;
		/* The node's interrupt-parent, else its tree parent's, up to
		 * a parent that is a controller itself (spec 2.4.1). */
		while ((err = fdt_prop_u32(fdt, up[d], "interrupt-parent",
					   &ph)) == -E_NOENT && d) {
			if (!fdt_getprop(fdt, up[--d], "#interrupt-cells", NULL,
					 NULL)) {
				ctl = up[d];
				err = 0;
				break;
			}
		}
	}
	if (err)
		return err;
	for (v = pv;; v += 4 * nc, len -= 4 * nc) {
		if (ext) {
			if (len < 4)
				return len ? -E_BADFDT : -E_NOENT;
			ph = fdt_be32(v);
			v += 4;
			len -= 4;
		}
		/* interrupts has one controller: looked up once. */
		if (ext || !nc) {
			out->controller = ctl < 0 ? fdt_node_by_phandle(fdt, ph)
						  : ctl;
			/* A nexus (interrupt-map), or any other node with
			 * #interrupt-cells but no interrupt-controller: its
			 * specifiers are no lines of its own, and no map is
			 * followed. */
			err = fdt_prop_u32(fdt, out->controller,
					   "#interrupt-cells", &nc);
			if (!err && fdt_getprop(fdt, out->controller,
						"interrupt-controller", NULL,
						NULL))
				err = -E_NOTSUP;
			if (err)
				return err;
			if (nc - 1 >= FDT_MAX_IRQ_CELLS)
				return -E_RANGE;
		}
		if (len < 4 * nc)
			return len ? -E_BADFDT : -E_NOENT;
		if (!index--)
			break;
	}
	out->ncells = nc;
	for (i = 0; i < nc; i++)
		out->cells[i] = fdt_be32(v + i * 4);
	return 0;
}

int fdt_rsv_entry(const struct fdt *fdt, unsigned int index, uint64_t *addr,
		  uint64_t *size)
{
	uint32_t off = fdt->rsvmap_off;
	const uint8_t *p;

	/* fdt_open found the terminator; the bound only guards misuse. */
	for (;; off += FDT_RSV_ENTRY_SIZE) {
		if (off > fdt->size || fdt->size - off < FDT_RSV_ENTRY_SIZE)
			return -E_TRUNC;
		p = fdt->blob + off;
		if (fdt_rsv_is_end(p))
			return -E_NOENT;
		if (!index--)
			break;
	}
	*addr = fdt_cells_read(p, 2);
	*size = fdt_cells_read(p + 8, 2);
	return 0;
}
