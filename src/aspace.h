/* An address space: what a virtual address means, and how to go through
 * all of them.  Two kinds today (doc/ARCHITECTURE.md, "struct aspace"):
 *
 *   page tables  a root (CR3), a paging mode, an OS that reads the entries
 *                the CPU ignores; a walk keeps every level.
 *   flat         a user-mode minidump: an address reads as itself where
 *                memory was captured, and regions say reserved, committed
 *                or free.  No levels, no root to set.
 *
 * Commands, panels, search, map, rmap and the stepping keys ask the space,
 * never the dump's format.  The session holds the one shown and those
 * left for another (.cr3, .process); the OS layer adds its view of each
 * (areas: Linux's VMAs) and a name. */
#ifndef PW_ASPACE_H
#define PW_ASPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"
#include "map.h"
#include "pt.h"

struct aspace;

struct as_ops {
	const char *kind;	/* "page tables", "flat" */
	bool tables;		/* levels to walk, a root to set, entries */
	/* Fill w: every level read (page tables), or the region holding va
	 * (flat: stop PT_NO_PAGING). */
	void (*walk)(const struct aspace *a, uint64_t va, struct pt_walk *w);
	/* The PA alone: PT_OK (flat: PT_NO_PAGING, *pa = va), or why not. */
	enum pt_stop (*translate)(const struct aspace *a, uint64_t va,
				  uint64_t *pa);
	/* Every range of memory the space maps that meets [lo, last], in VA
	 * order, one leaf each: a present leaf entry's page, or a captured
	 * range (flat: pa = va; any size and alignment).  Bounded as map_walk
	 * says; budget 0: the default. */
	void (*visit)(const struct aspace *a, uint64_t lo, uint64_t last,
		      uint64_t budget, map_fn fn, void *arg,
		      struct map_stats *st);
	/* Every range of [lo, last] once, in VA order, each with its
	 * outcome (enum map_kind): mapped, hole, table not in the dump, bad
	 * entry, the non-canonical gap; flat: captured, a region not
	 * captured, or a hole no region describes. */
	void (*visit_all)(const struct aspace *a, uint64_t lo, uint64_t last,
			  uint64_t budget, map_fn fn, void *arg,
			  struct map_stats *st);
	/* The page after (dir > 0) or before `page` in the space, jumping
	 * over addresses that cannot exist (the non-canonical hole); false
	 * at either end. */
	bool (*next_page)(const struct aspace *a, uint64_t page, int dir,
			  uint64_t *out);
};

extern const struct as_ops as_paged_ops, as_flat_ops;

struct aspace {
	const struct as_ops *ops;
	const struct fmt_source *src;
	struct pt_ctx ctx;	/* page tables: root, mode, OS, MAXPHYADDR */
	bool has_cr3;		/* page tables: the root is known */
	/* the OS's view: areas sorted by start for VAs in [lo, hi) (Linux:
	 * VMAs), and a name ("pid 1 workload"); owned by the space */
	struct os_area *areas;
	size_t nareas;
	uint64_t areas_lo, areas_hi;
	char name[48];
};

/* A space of the kind the source calls for (flat when its addresses are
 * virtual), with ctx's mode, OS and MAXPHYADDR; no areas. */
void as_init(struct aspace *a, const struct fmt_source *src,
	     const struct pt_ctx *ctx, bool has_cr3);
/* Free the areas; the space stays usable, with none. */
void as_clear_areas(struct aspace *a);

/* True when virtual addresses mean something: flat, or a root and a
 * known paging mode. */
bool as_has_root(const struct aspace *a);
static inline bool as_has_tables(const struct aspace *a)
{
	return a->ops->tables;
}

static inline void as_walk(const struct aspace *a, uint64_t va,
			   struct pt_walk *w)
{
	a->ops->walk(a, va, w);
}

static inline enum pt_stop as_translate(const struct aspace *a, uint64_t va,
					uint64_t *pa)
{
	return a->ops->translate(a, va, pa);
}

static inline void as_visit(const struct aspace *a, uint64_t lo,
			    uint64_t last, uint64_t budget, map_fn fn,
			    void *arg, struct map_stats *st)
{
	a->ops->visit(a, lo, last, budget, fn, arg, st);
}

static inline void as_visit_all(const struct aspace *a, uint64_t lo,
				uint64_t last, uint64_t budget, map_fn fn,
				void *arg, struct map_stats *st)
{
	a->ops->visit_all(a, lo, last, budget, fn, arg, st);
}

static inline bool as_next_page(const struct aspace *a, uint64_t page,
				int dir, uint64_t *out)
{
	return a->ops->next_page(a, page, dir, out);
}

/* The OS area holding va, and whether the areas cover va's part of the
 * space at all (*known). */
const struct os_area *as_area(const struct aspace *a, uint64_t va,
			      bool *known);
/* The nearest area edge (a start or an end, or the covered range's own
 * edges) above va (dir > 0) or at or below it (dir < 0); false if none. */
bool as_area_edge(const struct aspace *a, uint64_t va, int dir,
		  uint64_t *edge);

#endif
