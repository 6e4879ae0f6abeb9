/* Two snapshots of one machine compared through their page tables: every
 * entry whose value changed (at any level, with the VA range it covers)
 * and every mapped page whose bytes changed.  The two trees are walked
 * side by side, within a budget, skipping subtrees absent from both. */
#ifndef PW_DIFF_H
#define PW_DIFF_H

#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "pt.h"

enum diff_kind {
	DIFF_ENTRY,	/* an entry's value changed */
	DIFF_PAGE,	/* a page mapped in both holds other bytes */
	DIFF_TABLE,	/* a table page is in one dump only: not compared */
};

struct diff_item {
	enum diff_kind kind;
	unsigned lvl;		/* level index in the mode */
	uint64_t va, span;	/* the VA range the entry covers */
	uint64_t old, new;	/* raw entries (DIFF_ENTRY) */
	uint64_t frame_old, frame_new;	/* DIFF_PAGE: the two frames */
	unsigned bytes;		/* DIFF_PAGE: bytes that differ */
	bool in_old, in_new;	/* DIFF_TABLE: which side has the table */
};

struct diff_stats {
	uint64_t entries;	/* entries compared */
	uint64_t changed, pages;	/* entries and pages that differ */
	bool budget_hit, stopped;
};

/* Return false to stop. */
typedef bool (*diff_fn)(void *arg, const struct diff_item *d);

/* Compare the address spaces a (before) and b (after) over the VA range
 * [lo, last]; both must use the same paging mode.  -1 with e set if they
 * cannot be compared. */
int diff_walk(const struct fmt_source *a, const struct pt_ctx *ca,
	      const struct fmt_source *b, const struct pt_ctx *cb,
	      uint64_t lo, uint64_t last, diff_fn fn, void *arg,
	      struct diff_stats *st, struct err *e);

/* Every difference, sorted by VA (entries before the pages under them),
 * for the interface: the page map marks them, ( and ) step through. */
struct diff_set {
	struct diff_item *it;
	size_t n, cap;
	bool truncated;	/* more than DIFF_SET_MAX */
};
#define DIFF_SET_MAX (1u << 20)

int diff_collect(const struct fmt_source *a, const struct pt_ctx *ca,
		 const struct fmt_source *b, const struct pt_ctx *cb,
		 struct diff_set *set, struct err *e);
void diff_set_free(struct diff_set *set);
/* The first item covering va (NULL: none); the lowest level first. */
const struct diff_item *diff_at(const struct diff_set *set, uint64_t va);
/* The next (dir > 0) or previous item starting after / before va's page;
 * false if none. */
bool diff_next(const struct diff_set *set, uint64_t va, int dir,
	       uint64_t *out);

#endif
