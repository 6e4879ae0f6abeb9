/* Address-space enumeration over the mode table; bounded by a budget of
 * table entries examined (doc/PAGING.md, What stops a walk). */
#include "config.h"

#include "map.h"

#include "arch.h"
#include "aspace.h"

#include "le.h"

#include <stdlib.h>
#include <string.h>


struct walker {
	const struct fmt_source *src;
	const struct pt_ctx *c;
	const struct pt_mode_desc *d;
	uint64_t lo, last, budget;
	map_fn fn;
	void *arg;
	struct map_stats *st;
	bool all;		/* every range, not only the mapped ones */
	struct map_leaf pending;	/* all: a run being gathered */
	bool has_pending;
};

const char *map_kind_name(enum map_kind k)
{
	static const char *const names[MAP_KIND_COUNT] = {
		[MAP_MAPPED] = "mapped", [MAP_HOLE] = "hole",
		[MAP_MISSING] = "not in dump", [MAP_BAD] = "bad entry",
		[MAP_GAP] = "non-canonical", [MAP_REGION] = "region",
	};
	return k < MAP_KIND_COUNT ? names[k] : "?";
}

static bool flush(struct walker *k)
{
	if (!k->has_pending)
		return true;
	k->has_pending = false;
	if (!k->fn(k->arg, &k->pending)) {
		k->st->stopped = true;
		return false;
	}
	return true;
}

/* all: one range that is not mapped, joined to the run before it when
 * of the same kind and level and contiguous. */
static bool emit_other(struct walker *k, enum map_kind kind, unsigned lvl,
		       uint64_t va, uint64_t size, uint64_t raw)
{
	struct map_leaf *p = &k->pending;

	if (k->has_pending && p->kind == kind && p->level == lvl &&
	    p->va + p->size == va) {
		p->size += size;
		return true;
	}
	if (!flush(k))
		return false;
	*p = (struct map_leaf){ .va = va, .size = size, .raw = raw,
				.kind = kind, .level = lvl };
	k->has_pending = true;
	return true;
}

static bool visit(struct walker *k, unsigned lvl, uint64_t table,
		  uint64_t va_base, bool w, bool u, bool nx)
{
	const struct pt_level_desc *ld = &k->d->lv[lvl];
	unsigned n = 1u << ld->bits, es = k->d->esize;
	uint8_t page[FMT_PAGE_SIZE];

	uint64_t span = 1ull << ld->shift;
	if (fmt_read(k->src, table, page, (size_t)n * es, NULL) < 0) {
		k->st->missing_tables++;
		if (!k->all || !lvl)	/* no root table: nothing to say */
			return true;
		return emit_other(k, MAP_MISSING, lvl, va_base, span * n, 0);
	}
	/* IA-32e: the non-canonical gap lies between the top table's two
	 * halves */
	unsigned half = lvl == 0 && k->d->va_bits != 32 ? n / 2 : n;
	for (unsigned i = 0; i < n; i++) {
		uint64_t va = pt_entry_va(k->d, lvl, va_base, i);
		if (i == half && k->all && k->lo < va &&
		    k->last >= 1ull << (k->d->va_bits - 1) &&
		    !emit_other(k, MAP_GAP, 0, 1ull << (k->d->va_bits - 1),
				va - (1ull << (k->d->va_bits - 1)), 0))
			return false;
		if (va + (span - 1) < k->lo || va > k->last)
			continue;
		if (++k->st->entries > k->budget) {
			k->st->budget_hit = true;
			return false;
		}
		uint64_t raw = es == 8 ? le_u64(page + 8 * i) : le_u32(page + 4 * i);
		/* most entries are not present: no decode for them */
		if (!(raw & k->d->arch->valid)) {
			if (k->all && !emit_other(k, MAP_HOLE, lvl, va, span, 0))
				return false;
			continue;
		}
		struct pte_info in;
		pte_decode_in(k->d, &k->c->pte, ld->role, raw, &in);
		/* Reserved bits do not stop a walk (doc/PAGING.md); an
		 * address past MAXPHYADDR does. */
		if (!in.present || in.frame >> pte_maxphy(&k->c->pte)) {
			if (k->all && !emit_other(k, in.present ? MAP_BAD :
						  MAP_HOLE, lvl, va, span, raw))
				return false;
			continue;
		}
		bool w2 = w && in.perm.write, u2 = u && in.perm.user,
		     nx2 = nx || !in.perm.exec;
		if (in.large || ld->role == PTE_ROLE_LEAF) {
			struct map_leaf l = { va, span, in.frame, raw, w2, u2, nx2,
					      MAP_MAPPED, lvl };
			k->st->leaves++;
			if (!flush(k))
				return false;
			if (!k->fn(k->arg, &l)) {
				k->st->stopped = true;
				return false;
			}
			continue;
		}
		if (!visit(k, lvl + 1, in.frame, va, w2, u2, nx2))
			return false;
	}
	return true;
}

uint64_t map_budget(const struct fmt_source *src)
{
	uint64_t pages = fmt_pages_present(src);

	/* Without aliasing, each table page present holds 512 entries: a
	 * walk that examines far more is going round tables that point at
	 * each other. */
	if (!src->nranges || pages > (MAP_DEFAULT_BUDGET - MAP_BUDGET_SLACK) / 512)
		return MAP_DEFAULT_BUDGET;
	return pages * 512 + MAP_BUDGET_SLACK;
}

static void walk(const struct fmt_source *src, const struct pt_ctx *c,
		 uint64_t lo, uint64_t last, uint64_t budget, map_fn fn,
		 void *arg, struct map_stats *st, bool all)
{
	struct walker k = { src, c, pt_mode_get(c->pte.mode), lo, last,
			    budget ? budget : map_budget(src), fn, arg, st,
			    .all = all };

	memset(st, 0, sizeof(*st));
	if (k.d && visit(&k, 0, pt_root(c), 0, true, true, false))
		flush(&k);
}

void map_walk(const struct fmt_source *src, const struct pt_ctx *c,
	      uint64_t lo, uint64_t last, uint64_t budget, map_fn fn,
	      void *arg, struct map_stats *st)
{
	walk(src, c, lo, last, budget, fn, arg, st, false);
}

void map_walk_all(const struct fmt_source *src, const struct pt_ctx *c,
		  uint64_t lo, uint64_t last, uint64_t budget, map_fn fn,
		  void *arg, struct map_stats *st)
{
	walk(src, c, lo, last, budget, fn, arg, st, true);
}

struct collect {
	struct map_list *ml;
	bool oom;
};

static bool same(const struct map_list *ml, const struct map_range *r,
		 const struct map_leaf *l)
{
	return r->last + 1 == l->va &&
	       (!(ml->merge & MAP_MERGE_U) || r->u == l->u) &&
	       (!(ml->merge & MAP_MERGE_W) || r->w == l->w) &&
	       (!(ml->merge & MAP_MERGE_NX) || r->nx == l->nx);
}

static bool add_leaf(void *arg, const struct map_leaf *l)
{
	struct collect *co = arg;
	struct map_list *ml = co->ml;

	if (ml->n && same(ml, &ml->r[ml->n - 1], l)) {
		ml->r[ml->n - 1].last = l->va + (l->size - 1);
		ml->r[ml->n - 1].pages += l->size >> 12;
		return true;
	}
	if (ml->max && ml->n == ml->max) {
		ml->truncated = true;
		return false;
	}
	if (fmt_grow(&ml->r, &ml->cap, ml->n + 1, sizeof(*ml->r)) < 0) {
		co->oom = true;
		return false;
	}
	ml->r[ml->n++] = (struct map_range){ l->va, l->va + (l->size - 1),
					     l->u, l->w, l->nx, l->size >> 12 };
	return true;
}

int map_collect(const struct aspace *a, uint64_t lo, uint64_t last,
		uint64_t budget, struct map_list *ml, struct map_stats *st,
		struct err *e)
{
	struct collect co = { ml, false };

	as_visit(a, lo, last, budget, add_leaf, &co, st);
	if (co.oom)
		return err_set(e, "out of memory while listing mappings");
	return 0;
}
