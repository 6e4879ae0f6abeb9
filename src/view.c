/* View computations for the interface: page map, state-change stepping,
 * status line, search.  Pure functions of the session; no curses. */
#include "config.h"

#include "view.h"

#include "linux.h"
#include "windows.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aspace.h"
#include "bytes.h"
#include "map.h"
#include "region.h"
#include "session.h"

/* The map shows what one leaf table covers: the span of the level above
 * the leaf (x86 4 MiB, else 2 MiB), in the form's smallest pages; a
 * flat space (no form), 2 MiB of 4 KiB pages. */
static void map_span(const struct session *s, unsigned *sh, unsigned *page)
{
	const struct pt_mode_desc *d = sess_mode(s);

	*page = d ? d->page_shift : FMT_PAGE_SHIFT;
	*sh = d && d->nlv >= 2 ? d->lv[d->nlv - 2].shift : 21;
	if (*sh - *page > 10)	/* VIEW_MAP_MAX pages at most */
		*sh = *page + 10;
}

void view_map_fill(struct session *s, uint64_t va, struct view_map *m)
{
	unsigned sh, pg;
	map_span(s, &sh, &pg);
	uint64_t base = va & ~((1ull << sh) - 1);

	m->cur = (unsigned)((va >> pg) & ((1u << (sh - pg)) - 1));
	if (m->valid && m->base == base && m->gen == sess_generation(s))
		return;
	m->base = base;
	m->n = 1u << (sh - pg);
	m->gen = sess_generation(s);
	m->valid = true;
	pgstate_of_range(s, base, m->n, m->st);
	memset(m->count, 0, sizeof(m->count));
	for (unsigned i = 0; i < m->n; i++)
		m->count[m->st[i]]++;
}

static enum pgstate state_at(struct session *s, uint64_t va,
			     struct pt_walk *w)
{
	sess_walk(s, va, w);
	return pgstate_of_walk(w);
}

/* Lowest VA of the upper half, and the size of the lower half. */
static uint64_t half(const struct pt_mode_desc *d)
{
	return 1ull << (d->va_bits - 1);
}

/* Minidump: a reserved or free region has one state throughout, so it is
 * crossed whole; committed regions go page by page (captured or not). */
static bool advance_region(const struct pt_walk *w, uint64_t cur, int dir,
			   uint64_t *nxt)
{
	const struct fmt_region *r = w->region;

	if (r && r->state != FMT_MEM_COMMIT) {
		uint64_t end = (r->base + r->size + 0xFFF) & ~0xFFFull;
		if (dir > 0) {
			if (end == 0)
				return false;
			*nxt = end;
		} else {
			if ((r->base & ~0xFFFull) == 0)
				return false;
			*nxt = (r->base & ~0xFFFull) - 4096;
		}
		return true;
	}
	if (!r && w->has_regions && dir > 0)
		return false;	/* past the last region: nothing more */
	if ((dir > 0 && cur >= ~0xFFFull) || (dir < 0 && cur == 0))
		return false;
	*nxt = dir > 0 ? cur + 4096 : cur - 4096;
	return true;
}

unsigned view_page_size(const struct session *s)
{
	const struct pt_mode_desc *d = sess_mode(s);

	return d ? (unsigned)pt_page_size(d) : FMT_PAGE_SIZE;
}

static bool advance(struct session *s, uint64_t cur, int dir, uint64_t *nxt)
{
	const struct pt_mode_desc *d = sess_mode(s);
	struct pt_walk w;
	enum pgstate st = state_at(s, cur, &w);

	if (w.stop == PT_NO_PAGING)
		return advance_region(&w, cur, dir, nxt);
	if (!d)
		return false;
	uint64_t page = pt_page_size(d);
	if (st == PGS_NONCANONICAL) {
		if (d->va_bits == 32)
			return false;
		*nxt = dir > 0 ? ~(half(d) - 1) : half(d) - page;
		return true;
	}
	uint64_t span = pt_walk_span(d, &w), start = cur & ~(span - 1), edge;
	if (dir > 0) {
		uint64_t n = start + span;
		if (n == 0 || (d->va_bits == 32 && n > 0xFFFFFFFFu))
			return false;
		/* an empty subtree may hold VMA edges: do not skip them */
		if (sess_area_edge(s, cur, 1, &edge) && edge < n)
			n = edge & ~(page - 1);
		*nxt = n > cur ? n : cur + page;
	} else {
		if (start == 0)
			return false;
		uint64_t n = start - page;
		if (sess_area_edge(s, cur, -1, &edge) && edge > start &&
		    edge <= cur)
			n = (edge & ~(page - 1)) - page;
		*nxt = n;
	}
	return true;
}

enum view_seek view_seek_change(struct session *s, uint64_t va, int dir,
				uint64_t *out)
{
	struct pt_walk w;
	uint64_t cur = va & ~(uint64_t)(view_page_size(s) - 1);
	enum pgstate s0 = state_at(s, cur, &w);
	const struct os_area *a0 = w.area;	/* a VMA edge is a change too */

	for (unsigned budget = VIEW_STEPS; budget > 0; budget--) {
		uint64_t nxt;
		if (!advance(s, cur, dir, &nxt))
			return VIEW_NONE;
		if (state_at(s, nxt, &w) != s0 || w.area != a0) {
			*out = nxt;
			return VIEW_FOUND;
		}
		cur = nxt;
	}
	*out = cur;
	return VIEW_BUDGET;
}

bool view_next_change(struct session *s, uint64_t va, int dir, uint64_t *out)
{
	uint64_t to;

	if (view_seek_change(s, va, dir, &to) != VIEW_FOUND)
		return false;
	*out = to;
	return true;
}

uint64_t view_step_page(const struct session *s, uint64_t va, int dir)
{
	uint64_t next;

	uint64_t mask = view_page_size(s) - 1;

	return as_next_page(sess_aspace(s), va & ~mask, dir, &next) ?
	       next | (va & mask) : va;
}

static const char *base_name(const char *p)
{
	const char *b = strrchr(p, '/');
	return b ? b + 1 : p;
}

const char *view_frame_note(const struct session *s, uint64_t pfn,
			    char *buf, size_t len)
{
	struct lx *l = lx_loaded(s);
	struct lx_page p;
	struct err e;

	if (!l || lx_page(l, pfn, &p, &e) < 0)
		return NULL;
	snprintf(buf, len, "%s r%" PRId32 " m%" PRId32, p.mapping_kind,
		 p.refcount, p.mapcount);
	return buf;
}

unsigned view_frame_pfn(const struct session *s, uint64_t pfn,
			char lines[2][64])
{
	return win_pfn_lines(win_loaded(s), pfn, lines);
}

const char *view_kernel_region(const struct session *s, uint64_t va)
{
	struct lx *l = lx_loaded(s);
	uint64_t lo, hi;
	const char *r = l ? lx_region(l, va, &lo, &hi) : NULL;

	return r && strcmp(r, "user") ? r : NULL;
}

size_t view_area_text(const struct session *s, const struct pt_walk *w,
		      bool brief, char *buf, size_t len)
{
	const struct os_area *a = w->area;
	bool win = sess_ctx(s)->pte.os == PW_OS_WINDOWS;
	char p[64];

	buf[0] = '\0';
	if (!w->has_areas)
		return 0;
	if (!a)
		return (size_t)snprintf(buf, len, "%s", win ? "in no VAD" :
					"in no VMA");
	if (win) {
		int aw = brief ? 1 : sess_mode(s) && sess_mode(s)->va_bits == 32 ?
			 8 : 16;
		return (size_t)snprintf(buf, len, "VAD %0*" PRIx64 "-%0*" PRIx64
					" %s%s", aw, a->start, aw, a->end - 1,
					(brief ? region_protect_short :
					 region_protect_name)(a->protect, p,
							      sizeof(p)),
					a->file ? brief ? " map" : " mapped" : "");
	}
	return (size_t)snprintf(buf, len, "VMA %" PRIx64 "-%" PRIx64 " %c%c%c %s",
				a->start, a->end, a->prot & 1 ? 'r' : '-',
				a->prot & 2 ? 'w' : '-', a->prot & 4 ? 'x' : '-',
				a->file ? "file" : "anonymous");
}

void view_status(struct session *s, uint64_t va, bool ascii, char *buf,
		 size_t len)
{
	const struct fmt_source *src = sess_source(s);
	const struct pt_mode_desc *d = sess_mode(s);
	const char *dot = ascii ? " | " : " \xc2\xb7 ";
	const char *arrow = ascii ? " -> " : " \xe2\x86\x92 ";
	struct pt_walk w;
	char pa[40];
	int wd = d && d->va_bits == 32 ? 8 : 16;

	/* Most telling first: a narrow terminal cuts the end. */
	sess_walk(s, va, &w);
	if (w.stop == PT_NO_PAGING) {
		snprintf(buf, len, "%016" PRIx64 "%s%s%s%s%s%s%s%s", va, dot,
			 pgstate_desc(pgstate_of_walk(&w))->name, dot,
			 w.region ? region_state_name(w.region->state) : "no region",
			 dot, base_name(src->path), dot, src->desc);
		return;
	}
	if (w.stop == PT_OK)
		snprintf(pa, sizeof(pa), "%08" PRIx64, w.pa);
	else
		snprintf(pa, sizeof(pa), "-");
	const char *task = sess_space_name(s), *kreg = view_kernel_region(s, va);
	char cr3[96];
	snprintf(cr3, sizeof(cr3), "%s%s%s%sCR3 %" PRIx64, kreg ? kreg : "",
		 kreg ? dot : "", task ? task : "", task ? " " : "",
		 sess_ctx(s)->cr3);
	snprintf(buf, len, "%0*" PRIx64 "%s%s%s%s%s%s%s%s%s%s", wd, va, arrow,
		 pa, dot, pgstate_desc(pgstate_of_walk(&w))->name, dot, cr3, dot,
		 base_name(src->path), dot, src->desc);
}

int view_parse_pattern(const char *t, uint8_t *out, size_t max, struct err *e)
{
	size_t n = 0;

	while (isspace((unsigned char)*t))
		t++;
	if (*t == '"' || *t == '\'') {
		char q = *t++;
		const char *end = strrchr(t, q);
		if (!end)
			return err_set(e, "unterminated text: close it with %c", q);
		for (; t < end; t++) {
			if (n == max)
				return err_set(e, "pattern longer than %zu bytes", max);
			out[n++] = (uint8_t)*t;
		}
	} else {
		while (*t) {
			if (isspace((unsigned char)*t)) {
				t++;
				continue;
			}
			if (!isxdigit((unsigned char)t[0]) ||
			    !isxdigit((unsigned char)t[1]))
				return err_set(e, "'%s' is not hex bytes or \"text\"", t);
			if (n == max)
				return err_set(e, "pattern longer than %zu bytes", max);
			char two[3] = { t[0], t[1], 0 };
			out[n++] = (uint8_t)strtoul(two, NULL, 16);
			t += 2;
		}
	}
	if (n == 0)
		return err_set(e, "empty pattern");
	return (int)n;
}

/* Pages searched by one bytes_find at most (1 MiB): budget and progress are
 * checked between runs. */
#define SEARCH_RUN 256

struct search {
	struct session *s;
	const struct fmt_source *src;
	uint64_t steps;		/* pages looked at, read or skipped */
	uint64_t told;		/* steps at the last progress report */
	bool cancelled;
	uint64_t from, budget, scanned;
	const uint8_t *pat;
	size_t len;
	uint8_t page[FMT_PAGE_SIZE];	/* a page the loader cannot lend */
	uint8_t tail[256];	/* the last len-1 bytes of the page before */
	uint8_t stitch[512];	/* tail + the next page's first len-1 bytes */
	size_t keep;		/* bytes in tail */
	uint64_t keep_end;	/* VA just past them */
	bool found;
	uint64_t hit;
	bool want_last;		/* the last hit before limit, not the first */
	uint64_t limit;
	const uint8_t *pend;	/* a run of lent pages not scanned yet */
	size_t pend_len;
	uint64_t pend_va;
};

/* A hit at va: the first ends the search; looking for the last before
 * limit, it is kept and the search goes on.  false: stop. */
static bool take(struct search *k, uint64_t va)
{
	if (k->want_last && va >= k->limit)
		return false;
	k->found = true;
	k->hit = va;
	return k->want_last;
}

/* The first match at or after offset `from` of n bytes at p, or NULL. */
static const uint8_t *find_in(const uint8_t *p, size_t n, size_t from,
			      const uint8_t *pat, size_t len)
{
	if (from >= n)
		return NULL;
	return bytes_find(p + from, n - from, pat, len);
}

/* Keep the last len - 1 bytes of what was scanned up to the end of the
 * piece just searched (p[lo, hi)): a match across into what comes next
 * starts there.  A piece shorter than that adds to the tail kept. */
static void keep_tail(struct search *k, const uint8_t *p, size_t lo, size_t hi)
{
	size_t want = k->len - 1, piece = hi - lo;

	if (piece >= want) {
		memcpy(k->tail, p + hi - want, want);
		k->keep = want;
		return;
	}
	uint8_t t[sizeof(k->tail) * 2];
	memcpy(t, k->tail, k->keep);
	memcpy(t + k->keep, p + lo, piece);
	size_t n = k->keep + piece, keep = n < want ? n : want;
	memcpy(k->tail, t + n - keep, keep);
	k->keep = keep;
}

/* Search p[lo, hi), the bytes at VA va + lo on: first a match across the
 * boundary with what was scanned just before (it starts in the tail kept,
 * so it comes first), then the piece.  false: stop. */
static bool scan_piece(struct search *k, const uint8_t *p, size_t lo,
		       size_t hi, uint64_t va)
{
	if (va + lo != k->keep_end)
		k->keep = 0;
	size_t skip = va + lo < k->from ? (size_t)(k->from - va) : lo;
	if (k->keep && memchr(k->tail, k->pat[0], k->keep)) {
		size_t more = hi - lo < k->len - 1 ? hi - lo : k->len - 1;
		memcpy(k->stitch, k->tail, k->keep);
		memcpy(k->stitch + k->keep, p + lo, more);
		uint64_t sbase = va + lo - k->keep;
		size_t start = k->from > sbase ? (size_t)(k->from - sbase) : 0;
		const uint8_t *h;
		while ((h = find_in(k->stitch, k->keep + more, start, k->pat,
				    k->len)) &&
		       (size_t)(h - k->stitch) < k->keep) {
			if (!take(k, sbase + (uint64_t)(h - k->stitch)))
				return false;
			start = (size_t)(h - k->stitch) + 1;
		}
	}
	const uint8_t *h;
	for (size_t at = skip; (h = find_in(p, hi, at, k->pat, k->len));
	     at = (size_t)(h - p) + 1)
		if (!take(k, va + (uint64_t)(h - p)))
			return false;
	keep_tail(k, p, lo, hi);
	k->keep_end = va + hi;
	return true;
}

/* The pending run: whole pages the loader lends, one after another in
 * memory and in VA, gathered across leaves (a process's 4 KiB pages
 * backed by consecutive frames are one scan, not one per page). */
static bool flush(struct search *k)
{
	size_t n = k->pend_len;

	k->pend_len = 0;
	return n ? scan_piece(k, k->pend, 0, n, k->pend_va) : true;
}

static bool search_leaf(void *arg, const struct map_leaf *l)
{
	struct search *k = arg;
	/* page by page; a flat space's captured range may start and end
	 * inside a page, and those pages are read in part */
	uint64_t lead = l->va & 0xFFF, base = l->va - lead;
	uint64_t span = lead + l->size;		/* bytes from base to the end */
	uint64_t pbase = l->pa - lead;		/* PA of base */
	uint64_t o = k->from > base ? (k->from - base) & ~0xFFFull : 0;

	for (; o < span; o += FMT_PAGE_SIZE) {
		uint64_t va = base + o;
		if (k->scanned >= k->budget)
			return false;
		if (++k->steps - k->told >= 1024 && (k->told = k->steps) &&
		    !sess_progress(k->s, "searching", k->scanned)) {
			k->cancelled = true;
			return false;
		}
		/* frames not in the dump: jump to the next one that is (a
		 * 1 GiB page past the image is one step, not 262144) */
		uint64_t pfn = (pbase + o) >> FMT_PAGE_SHIFT;
		uint64_t next = fmt_next_present(k->src, pfn);
		if (next != pfn) {
			if (!flush(k))
				return false;
			if (next == UINT64_MAX ||
			    (next - pfn) >= (span - o) >> FMT_PAGE_SHIFT)
				return true;
			o += ((next - pfn) << FMT_PAGE_SHIFT) - FMT_PAGE_SIZE;
			k->keep = 0;
			continue;
		}
		/* the bytes of this page in the leaf: p[lo, hi) */
		size_t lo = o ? 0 : (size_t)lead, run = 1;
		size_t hi = span - o < FMT_PAGE_SIZE ? (size_t)(span - o) :
			    FMT_PAGE_SIZE;
		const uint8_t *p;
		if (lo == 0 && hi == FMT_PAGE_SIZE) {
			/* in place when the loader can lend the page (no
			 * copy); and the pages after it in the leaf that it
			 * lends right after it in memory (a raw image's
			 * contiguous frames): one scan for the run, and for
			 * the runs of the next leaves that continue it */
			p = fmt_page(k->src, pfn, k->page, NULL);
			if (p && fmt_lent_stays(k->src, p)) {
				while (run < SEARCH_RUN &&
				       o + (run + 1) * FMT_PAGE_SIZE <= span &&
				       fmt_page_lent(k->src, pfn + run) ==
				       p + run * FMT_PAGE_SIZE)
					run++;
				hi = run * FMT_PAGE_SIZE;
				k->scanned += hi;
				k->steps += run - 1;
				o += (run - 1) * FMT_PAGE_SIZE;
				if (k->pend_len && va == k->pend_va + k->pend_len &&
				    p == k->pend + k->pend_len &&
				    k->pend_len + hi <= SEARCH_RUN * FMT_PAGE_SIZE) {
					k->pend_len += hi;
					continue;
				}
				if (!flush(k))
					return false;
				k->pend = p;
				k->pend_va = va;
				k->pend_len = hi;
				continue;
			}
		} else {
			p = fmt_read(k->src, pbase + o + lo, k->page + lo, hi - lo,
				     NULL) == 0 ? k->page : NULL;
		}
		/* a page scanned now (a copy, or a buffer the loader reuses) */
		if (!flush(k))
			return false;
		if (!p) {
			k->keep = 0;
			continue;
		}
		k->scanned += hi - lo;
		if (!scan_piece(k, p, lo, hi, va))
			return false;
	}
	return true;
}

static int search(struct session *s, uint64_t va, const uint8_t *pat,
		  size_t len, uint64_t max_bytes, bool back, uint64_t *hit,
		  struct err *e)
{
	struct map_stats st;

	if (sess_need_root(s, e) < 0)
		return -1;
	if (len == 0 || len > 256)
		return err_set(e, "pattern must be 1 to 256 bytes");
	struct search *k = calloc(1, sizeof(*k));
	if (!k)
		return err_set(e, "out of memory");
	k->s = s;
	k->src = sess_source(s);
	k->from = back ? 0 : va;
	k->budget = max_bytes;
	k->pat = pat;
	k->len = len;
	k->want_last = back;
	k->limit = va;
	if (back && !va) {
		free(k);
		return 0;
	}
	as_visit(sess_aspace(s), k->from & ~0xFFFull, back ? va - 1 : UINT64_MAX,
		 0, search_leaf, k, &st);
	if (!k->cancelled)
		flush(k);	/* the run the visit ended in */
	/* backwards, a hit counts only if the scan reached the cursor */
	int found = k->cancelled ? 3 : k->found && !back ? 1 :
		    st.budget_hit ? 2 : k->scanned >= k->budget && back ? 0 :
		    k->found ? 1 : 0;
	if (found == 1)
		*hit = k->hit;
	free(k);
	return found;
}

int view_search(struct session *s, uint64_t va, const uint8_t *pat,
		size_t len, uint64_t max_bytes, uint64_t *hit, struct err *e)
{
	return search(s, va, pat, len, max_bytes, false, hit, e);
}

int view_search_back(struct session *s, uint64_t va, const uint8_t *pat,
		     size_t len, uint64_t max_bytes, uint64_t *hit,
		     struct err *e)
{
	return search(s, va, pat, len, max_bytes, true, hit, e);
}

struct rmap {
	uint64_t pa, first, n;
};

static bool rmap_leaf(void *arg, const struct map_leaf *l)
{
	struct rmap *r = arg;

	if (r->pa >= l->pa && r->pa - l->pa < l->size &&
	    r->n++ == 0)
		r->first = l->va + (r->pa - l->pa);
	return true;
}

int view_rmap(struct session *s, uint64_t pa, uint64_t *first, uint64_t *n,
	      struct err *e)
{
	struct rmap r = { pa, 0, 0 };
	struct map_stats st;

	if (sess_need_root(s, e) < 0)
		return -1;
	as_visit(sess_aspace(s), 0, UINT64_MAX, 0, rmap_leaf, &r, &st);
	*first = r.first;
	*n = r.n;
	return r.n > 0;
}
