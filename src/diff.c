/* Snapshot diff (see diff.h). */
#include "config.h"

#include "diff.h"

#include <stdlib.h>
#include <string.h>

#include "map.h"

struct differ {
	const struct fmt_source *a, *b;
	const struct pt_ctx *ca, *cb;
	const struct pt_mode_desc *d;
	uint64_t lo, last, budget;
	diff_fn fn;
	void *arg;
	struct diff_stats *st;
};

static bool emit(struct differ *k, const struct diff_item *it)
{
	if (it->kind == DIFF_PAGE)
		k->st->pages++;
	else if (it->kind == DIFF_ENTRY)
		k->st->changed++;
	if (!k->fn(k->arg, it)) {
		k->st->stopped = true;
		return false;
	}
	return true;
}

/* Compare the bytes of the pages a leaf maps on both sides, 4 KiB at a
 * time (a large page: every 4 KiB page of it). */
static bool pages(struct differ *k, unsigned lvl, uint64_t va, uint64_t span,
		  uint64_t fa, uint64_t fb)
{
	uint8_t pa[FMT_PAGE_SIZE], pb[FMT_PAGE_SIZE];

	for (uint64_t off = 0; off < span; off += FMT_PAGE_SIZE) {
		if (va + off < k->lo || va + off > k->last)
			continue;
		if (++k->st->entries > k->budget) {
			k->st->budget_hit = true;
			return false;
		}
		const uint8_t *x = fmt_page(k->a, (fa + off) >> FMT_PAGE_SHIFT, pa,
					    NULL);
		const uint8_t *y = fmt_page(k->b, (fb + off) >> FMT_PAGE_SHIFT, pb,
					    NULL);
		if (!x || !y || !memcmp(x, y, FMT_PAGE_SIZE))
			continue;
		unsigned n = 0;
		for (size_t i = 0; i < FMT_PAGE_SIZE; i++)
			n += x[i] != y[i];
		struct diff_item it = { .kind = DIFF_PAGE, .lvl = lvl,
					.va = va + off, .span = FMT_PAGE_SIZE,
					.frame_old = fa + off, .frame_new = fb + off,
					.bytes = n };
		if (!emit(k, &it))
			return false;
	}
	return true;
}

static bool visit(struct differ *k, unsigned lvl, uint64_t ta, bool ha,
		  uint64_t tb, bool hb, uint64_t va_base)
{
	const struct pt_level_desc *ld = &k->d->lv[lvl];
	unsigned n = 1u << ld->bits, es = k->d->esize;
	uint8_t pa[FMT_PAGE_SIZE], pb[FMT_PAGE_SIZE];

	ha = ha && fmt_read(k->a, ta, pa, (size_t)n * es, NULL) == 0;
	hb = hb && fmt_read(k->b, tb, pb, (size_t)n * es, NULL) == 0;
	if (!ha && !hb)
		return true;
	if (ha != hb) {	/* one side's table is not in its dump */
		struct diff_item it = { .kind = DIFF_TABLE, .lvl = lvl,
					.va = va_base,
					.span = (uint64_t)n << ld->shift,
					.in_old = ha, .in_new = hb };
		return emit(k, &it);
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t span = 1ull << ld->shift;
		uint64_t va = pt_entry_va(k->d, lvl, va_base, i);
		if (va + (span - 1) < k->lo || va > k->last)
			continue;
		if (++k->st->entries > k->budget) {
			k->st->budget_hit = true;
			return false;
		}
		uint64_t ra = pt_entry_raw(pa, es, i), rb = pt_entry_raw(pb, es, i);
		struct pte_info ia, ib;
		pte_decode(&k->ca->pte, ld->role, ra, &ia);
		pte_decode(&k->cb->pte, ld->role, rb, &ib);
		if (ra != rb) {
			struct diff_item it = { .kind = DIFF_ENTRY, .lvl = lvl,
						.va = va, .span = span, .old = ra,
						.new = rb };
			if (!emit(k, &it))
				return false;
		}
		if (!ia.present || !ib.present)
			continue;	/* appeared or went: said above */
		bool leaf_a = ia.large || ld->role == PTE_ROLE_LEAF;
		bool leaf_b = ib.large || ld->role == PTE_ROLE_LEAF;
		if (leaf_a && leaf_b) {
			uint64_t sz = leaf_a && ia.large ? 1ull << ia.large_shift :
				      FMT_PAGE_SIZE;
			if (!pages(k, lvl, va, sz, ia.frame, ib.frame))
				return false;
		} else if (!leaf_a && !leaf_b) {
			/* the same entry may lead to a table whose content
			 * changed: always compare below */
			if (!visit(k, lvl + 1, ia.frame, true, ib.frame, true, va))
				return false;
		}
	}
	return true;
}

int diff_walk(const struct fmt_source *a, const struct pt_ctx *ca,
	      const struct fmt_source *b, const struct pt_ctx *cb,
	      uint64_t lo, uint64_t last, diff_fn fn, void *arg,
	      struct diff_stats *st, struct err *e)
{
	memset(st, 0, sizeof(*st));
	if (ca->pte.mode != cb->pte.mode || !pt_mode_get(ca->pte.mode))
		return err_set(e, "the two dumps do not use the same paging mode");
	struct differ k = { a, b, ca, cb, pt_mode_get(ca->pte.mode), lo, last,
			    map_budget(a) + map_budget(b), fn, arg, st };
	visit(&k, 0, pt_root(ca), true, pt_root(cb), true, 0);
	return 0;
}

static bool collect(void *arg, const struct diff_item *d)
{
	struct diff_set *set = arg;

	if (set->n == DIFF_SET_MAX) {
		set->truncated = true;
		return false;
	}
	if (fmt_grow(&set->it, &set->cap, set->n + 1, sizeof(*set->it)) < 0)
		return false;
	set->it[set->n++] = *d;
	return true;
}

int diff_collect(const struct fmt_source *a, const struct pt_ctx *ca,
		 const struct fmt_source *b, const struct pt_ctx *cb,
		 struct diff_set *set, struct err *e)
{
	struct diff_stats st;

	memset(set, 0, sizeof(*set));
	/* the walk visits in VA order already: no sort needed */
	return diff_walk(a, ca, b, cb, 0, UINT64_MAX, collect, set, &st, e);
}

void diff_set_free(struct diff_set *set)
{
	free(set->it);
	memset(set, 0, sizeof(*set));
}

const struct diff_item *diff_at(const struct diff_set *set, uint64_t va)
{
	const struct diff_item *best = NULL;

	/* items are in VA order of their start; a few cover va */
	size_t lo = 0, hi = set->n;
	while (lo < hi) {	/* first item starting after va */
		size_t mid = lo + (hi - lo) / 2;
		if (set->it[mid].va <= va)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i-- > 0;) {
		const struct diff_item *d = &set->it[i];
		if (va - d->va < d->span && (!best || d->span < best->span))
			best = d;
		if (va - d->va >= (1ull << 39) && d->span <= (1ull << 39))
			break;	/* far behind: nothing wider covers va */
	}
	return best;
}

bool diff_next(const struct diff_set *set, uint64_t va, int dir,
	       uint64_t *out)
{
	uint64_t page = va & ~(uint64_t)0xFFF;
	bool found = false;

	for (size_t i = 0; i < set->n; i++) {
		uint64_t v = set->it[i].va & ~(uint64_t)0xFFF;
		if (dir > 0 && v > page && (!found || v < *out)) {
			*out = v;
			found = true;
		} else if (dir < 0 && v < page && (!found || v > *out)) {
			*out = v;
			found = true;
		}
	}
	return found;
}
