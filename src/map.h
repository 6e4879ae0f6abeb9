/* Enumerating an address space: every present leaf in VA order, skipping
 * non-present subtrees, with a visit budget so cycles and tables that all
 * point at one page cannot hang it; and ranges merged by flags (like QEMU's
 * `info mem`). */
#ifndef PW_MAP_H
#define PW_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "pt.h"

#define MAP_DEFAULT_BUDGET (1u << 24)	/* table entries examined, at most */
#define MAP_BUDGET_SLACK (1u << 16)

/* What a range of the space is.  map_walk yields MAP_MAPPED only; the
 * _all visits yield every range of [lo, last] once, in VA order. */
enum map_kind {
	MAP_MAPPED,	/* a present leaf's page */
	MAP_HOLE,	/* the span of a not-present entry at level (or, flat,
			   addresses no region describes) */
	MAP_MISSING,	/* the span of a table the dump does not hold */
	MAP_BAD,	/* the span of an entry pointing past MAXPHYADDR */
	MAP_GAP,	/* addresses that cannot exist (the non-canonical gap) */
	MAP_REGION,	/* flat: a region the dump describes, not captured */
	MAP_KIND_COUNT
};

struct map_leaf {
	uint64_t va;	/* canonical */
	uint64_t size;	/* 4 KiB, 2/4 MiB or 1 GiB; any for the _all kinds */
	uint64_t pa;
	uint64_t raw;	/* the leaf entry (HOLE, BAD: the entry) */
	bool w, u, nx;	/* effective over all levels */
	enum map_kind kind;
	unsigned level;	/* HOLE, MISSING, BAD: the level of the entry (of
			   the table) that ends the walk there */
};

/* "mapped", "hole", ... */
const char *map_kind_name(enum map_kind k);

struct map_stats {
	uint64_t entries;	/* entries examined */
	uint64_t leaves;
	uint64_t missing_tables;	/* present entries whose table is absent */
	bool budget_hit;
	bool stopped;		/* the callback asked to stop */
};

/* Return false to stop the enumeration. */
typedef bool (*map_fn)(void *arg, const struct map_leaf *l);

/* The entries a walk of the whole space may examine: 512 per page
 * present (each could be a table) plus some slack, at most
 * MAP_DEFAULT_BUDGET -- so tables that all point at one page cannot make
 * a 12 KiB image cost 16 million entries. */
uint64_t map_budget(const struct fmt_source *src);

/* Visit leaves whose VA range meets [lo, last] (inclusive, canonical);
 * budget 0: map_budget(src). */
void map_walk(const struct fmt_source *src, const struct pt_ctx *c,
	      uint64_t lo, uint64_t last, uint64_t budget, map_fn fn,
	      void *arg, struct map_stats *st);
/* The same walk yielding every range of [lo, last] with its kind: the
 * mapped leaves, and between them the holes (one range per run of
 * not-present entries of one level), tables not in the dump, entries
 * past MAXPHYADDR and the non-canonical gap, each once. */
void map_walk_all(const struct fmt_source *src, const struct pt_ctx *c,
		  uint64_t lo, uint64_t last, uint64_t budget, map_fn fn,
		  void *arg, struct map_stats *st);

enum { MAP_MERGE_U = 1, MAP_MERGE_W = 2, MAP_MERGE_NX = 4 };

struct map_range {
	uint64_t start, last;	/* inclusive */
	bool u, w, nx;
	uint64_t pages;		/* 4 KiB pages covered */
};

struct map_list {
	struct map_range *r;
	size_t n, cap;
	size_t max;		/* stop after this many ranges */
	unsigned merge;		/* MAP_MERGE_* flags that must be equal */
	bool truncated;		/* max was reached */
};

/* Collect the merged ranges of an address space (aspace.h); ml->max and
 * ml->merge set by the caller, the rest zeroed.  Free ml->r.  -1 on
 * allocation failure. */
struct aspace;
int map_collect(const struct aspace *a, uint64_t lo, uint64_t last,
		uint64_t budget, struct map_list *ml, struct map_stats *st,
		struct err *e);

#endif
