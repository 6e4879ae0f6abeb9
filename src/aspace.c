/* Address spaces: page tables and flat (aspace.h). */
#include "config.h"

#include "aspace.h"

#include <stdlib.h>
#include <string.h>

static void no_root(uint64_t va, struct pt_walk *w)
{
	memset(w, 0, sizeof(*w));
	w->va = va;
	w->stop = PT_NO_ROOT;
}

bool as_has_root(const struct aspace *a)
{
	return !a->ops->tables ||
	       (a->has_cr3 && pt_mode_get(a->ctx.pte.mode) != NULL);
}

/* Page tables. */

static void paged_walk(const struct aspace *a, uint64_t va, struct pt_walk *w)
{
	if (!as_has_root(a))
		return no_root(va, w);
	pt_walk(a->src, &a->ctx, va, w);
}

static enum pt_stop paged_translate(const struct aspace *a, uint64_t va,
				    uint64_t *pa)
{
	if (!as_has_root(a))
		return PT_NO_ROOT;
	return pt_translate(a->src, &a->ctx, va, pa, NULL);
}

static void paged_visit(const struct aspace *a, uint64_t lo, uint64_t last,
			uint64_t budget, map_fn fn, void *arg,
			struct map_stats *st)
{
	if (!as_has_root(a)) {
		memset(st, 0, sizeof(*st));
		return;
	}
	map_walk(a->src, &a->ctx, lo, last, budget, fn, arg, st);
}

static void paged_visit_all(const struct aspace *a, uint64_t lo,
			    uint64_t last, uint64_t budget, map_fn fn,
			    void *arg, struct map_stats *st)
{
	if (!as_has_root(a)) {
		memset(st, 0, sizeof(*st));
		return;
	}
	map_walk_all(a->src, &a->ctx, lo, last, budget, fn, arg, st);
}

static bool paged_next_page(const struct aspace *a, uint64_t page, int dir,
			    uint64_t *out)
{
	const struct pt_mode_desc *d = pt_mode_get(a->ctx.pte.mode);

	if (!d)
		return false;
	uint64_t size = pt_page_size(d);
	uint64_t top = d->va_bits == 32 ? 0x100000000ull - size : -size;
	uint64_t half = 1ull << (d->va_bits - 1);	/* the upper half's start,
							   the lower's size */
	if (dir > 0) {
		if (page >= top)
			return false;
		page += size;
		if (d->va_bits != 32 && page == half)	/* the non-canonical hole */
			page = ~(half - 1);
	} else {
		if (page == 0)
			return false;
		if (d->va_bits != 32 && page == ~(half - 1))
			page = half;
		page -= size;
	}
	*out = page;
	return true;
}

const struct as_ops as_paged_ops = {
	.kind = "page tables",
	.tables = true,
	.walk = paged_walk,
	.translate = paged_translate,
	.visit = paged_visit,
	.visit_all = paged_visit_all,
	.next_page = paged_next_page,
};

/* Flat: addresses are virtual and read as they are. */

static void flat_walk(const struct aspace *a, uint64_t va, struct pt_walk *w)
{
	memset(w, 0, sizeof(*w));
	w->va = w->pa = va;
	w->page_pa = va & ~0xFFFull;
	w->page_shift = 12;
	w->stop = PT_NO_PAGING;
	w->frame_in_dump = fmt_present(a->src, va >> FMT_PAGE_SHIFT);
	w->region = fmt_region_find(a->src, va);
	w->has_regions = a->src->nregions > 0;
}

static enum pt_stop flat_translate(const struct aspace *a, uint64_t va,
				   uint64_t *pa)
{
	(void)a;
	*pa = va;
	return PT_NO_PAGING;
}

/* Windows protection (doc/FORMATS.md, "Windows user-mode minidumps"):
 * writable when
 * the base value is READWRITE, WRITECOPY or their EXECUTE forms;
 * executable for the EXECUTE forms. */
static void flat_flags(const struct fmt_region *r, struct map_leaf *l)
{
	unsigned p = r ? r->protect & 0xFF : 0;

	l->u = true;
	l->w = !r || (p & (0x04 | 0x08 | 0x40 | 0x80));
	l->nx = r && !(p & (0x10 | 0x20 | 0x40 | 0x80));
}

/* The captured ranges, which are the source's (sorted) ranges. */
static void flat_visit(const struct aspace *a, uint64_t lo, uint64_t last,
		       uint64_t budget, map_fn fn, void *arg,
		       struct map_stats *st)
{
	const struct fmt_source *src = a->src;

	memset(st, 0, sizeof(*st));
	if (!budget)
		budget = map_budget(src);
	for (size_t i = 0; i < src->nranges; i++) {
		const struct fmt_range *r = &src->ranges[i];
		if (!r->len || r->pa > last || r->pa + r->len - 1 < lo)
			continue;
		if (++st->entries > budget) {
			st->budget_hit = true;
			return;
		}
		struct map_leaf l = { .va = r->pa, .size = r->len, .pa = r->pa };
		flat_flags(fmt_region_find(src, r->pa), &l);
		st->leaves++;
		if (!fn(arg, &l)) {
			st->stopped = true;
			return;
		}
	}
}

/* The first of n sorted spans (base at +0, size at +8 of each, stride
 * bytes apart) that ends above va. */
static size_t span_above(const void *spans, size_t n, size_t stride,
			 uint64_t va)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const uint64_t *sp = (const uint64_t *)((const char *)spans +
							mid * stride);
		if (sp[0] + sp[1] <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Flat: sweep the captured ranges and the regions together; each piece
 * is captured (mapped), in a region only (region), or in neither (a
 * hole).  Each piece counts against the budget as an entry. */
static void flat_visit_all(const struct aspace *a, uint64_t lo, uint64_t last,
			   uint64_t budget, map_fn fn, void *arg,
			   struct map_stats *st)
{
	const struct fmt_source *src = a->src;
	uint64_t pos = lo;

	memset(st, 0, sizeof(*st));
	if (!budget)
		budget = map_budget(src);
	for (;;) {
		size_t ri = span_above(src->ranges, src->nranges,
				       sizeof(*src->ranges), pos);
		size_t gi = span_above(src->regions, src->nregions,
				       sizeof(*src->regions), pos);
		const struct fmt_range *r = ri < src->nranges ?
					    &src->ranges[ri] : NULL;
		const struct fmt_region *g = gi < src->nregions ?
					     &src->regions[gi] : NULL;
		bool in_r = r && r->pa <= pos, in_g = g && g->base <= pos;
		/* the piece ends (stop, inclusive) where the next range or
		 * region begins or the one holding pos ends, or at last */
		uint64_t stop = last;
		if (r) {
			uint64_t e = in_r ? r->pa + r->len : r->pa;
			if (e && e - 1 < stop)
				stop = e - 1;
		}
		if (g) {
			uint64_t e = in_g ? g->base + g->size : g->base;
			if (e && e - 1 < stop)
				stop = e - 1;
		}
		if (++st->entries > budget) {
			st->budget_hit = true;
			return;
		}
		struct map_leaf l = { .va = pos, .size = stop - pos + 1, .pa = pos,
				      .kind = in_r ? MAP_MAPPED : in_g ?
				      MAP_REGION : MAP_HOLE };
		if (!l.size)
			l.size = UINT64_MAX;	/* the whole 2^64: as near as it fits */
		if (in_r) {
			flat_flags(fmt_region_find(src, pos), &l);
			st->leaves++;
		}
		if (!fn(arg, &l)) {
			st->stopped = true;
			return;
		}
		if (stop >= last)
			return;
		pos = stop + 1;
	}
}

static bool flat_next_page(const struct aspace *a, uint64_t page, int dir,
			   uint64_t *out)
{
	(void)a;
	if ((dir > 0 && page == ~0xFFFull) || (dir < 0 && page == 0))
		return false;
	*out = dir > 0 ? page + 4096 : page - 4096;
	return true;
}

const struct as_ops as_flat_ops = {
	.kind = "flat",
	.tables = false,
	.walk = flat_walk,
	.translate = flat_translate,
	.visit = flat_visit,
	.visit_all = flat_visit_all,
	.next_page = flat_next_page,
};

void as_init(struct aspace *a, const struct fmt_source *src,
	     const struct pt_ctx *ctx, bool has_cr3)
{
	memset(a, 0, sizeof(*a));
	a->ops = src->identity ? &as_flat_ops : &as_paged_ops;
	a->src = src;
	a->ctx = *ctx;
	a->has_cr3 = has_cr3;
}

void as_clear_areas(struct aspace *a)
{
	free(a->areas);
	a->areas = NULL;
	a->nareas = 0;
	a->areas_lo = a->areas_hi = 0;
	a->name[0] = '\0';
}

/* The first area whose end (by_end) or start lies above va. */
static size_t area_above(const struct aspace *a, uint64_t va, bool by_end)
{
	size_t lo = 0, hi = a->nareas;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if ((by_end ? a->areas[mid].end : a->areas[mid].start) <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct os_area *as_area(const struct aspace *a, uint64_t va,
			      bool *known)
{
	*known = a->areas_hi > a->areas_lo && va >= a->areas_lo &&
		 va < a->areas_hi;
	if (!*known)
		return NULL;
	size_t i = area_above(a, va, true);
	return i < a->nareas && a->areas[i].start <= va ? &a->areas[i] : NULL;
}

bool as_area_edge(const struct aspace *a, uint64_t va, int dir,
		  uint64_t *edge)
{
	if (a->areas_hi <= a->areas_lo)
		return false;
	if (dir > 0) {
		if (va >= a->areas_hi)
			return false;
		if (va < a->areas_lo) {
			*edge = a->areas_lo;
			return true;
		}
		size_t lo = area_above(a, va, true);
		*edge = lo == a->nareas ? a->areas_hi :
			a->areas[lo].start > va ? a->areas[lo].start :
			a->areas[lo].end;
		return true;
	}
	if (va < a->areas_lo)
		return false;
	if (va >= a->areas_hi) {
		*edge = a->areas_hi;
		return true;
	}
	size_t lo = area_above(a, va, false);
	*edge = !lo ? a->areas_lo : a->areas[lo - 1].end <= va ?
		a->areas[lo - 1].end : a->areas[lo - 1].start;
	return true;
}
