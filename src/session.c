/* Session: source + address space + cursor, and the per-page walk cache
 * (direct-mapped, invalidated by bumping a generation on any change). */
#include "config.h"

#include "session.h"

#include "diff.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aspace.h"
#include "dtbscan.h"
#include "le.h"
#include "os_pte.h"

#define CACHE_SLOTS 1024

struct cache_slot {
	uint64_t vpn;
	uint64_t gen;	/* 0 = empty */
	struct pt_walk w;
};

struct session {
	struct fmt_source *src;
	struct aspace as;	/* the address space shown */
	uint64_t va;
	int self_idx;	/* -2 unknown, -1 none */
	uint64_t gen;
	uint64_t hits, miss;
	char root_note[160];
	sess_progress_fn progress;
	void *progress_arg;
	struct session *other;	/* --diff: the snapshot compared with */
	struct diff_set diff;	/* with other, once computed */
	bool diff_done;
	void *os;		/* OS layer state */
	void (*os_free)(void *);
	char *btf_file, *kallsyms_file;
	/* Address spaces left for another (.cr3, .process): each keeps its
	 * root, mode, areas and name, so going back finds them as they were */
	struct aspace saved[SESS_SPACES_MAX];
	size_t nsaved;
	struct cache_slot cache[CACHE_SLOTS];
};

void sess_set_other(struct session *s, struct session *other)
{
	if (s->other && s->other != other)
		sess_free(s->other);
	s->other = other;
	diff_set_free(&s->diff);
	s->diff_done = false;
}

const struct diff_set *sess_diff(struct session *s)
{
	struct err e;

	if (!s->other)
		return NULL;
	if (!s->diff_done) {
		s->diff_done = true;
		if (!sess_has_root(s) || !sess_has_root(s->other) ||
		    !as_has_tables(&s->as) || !as_has_tables(&s->other->as) ||
		    diff_collect(s->src, &s->as.ctx, s->other->src,
				 &s->other->as.ctx,
				 &s->diff, &e) < 0)
			return NULL;
	}
	return &s->diff;
}

struct session *sess_other(const struct session *s)
{
	return s->other;
}

void sess_set_progress(struct session *s, sess_progress_fn fn, void *arg)
{
	s->progress = fn;
	s->progress_arg = arg;
}

bool sess_progress(struct session *s, const char *what, uint64_t done)
{
	return !s->progress || s->progress(s->progress_arg, what, done);
}

struct session *sess_new(struct fmt_source *src)
{
	struct session *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->src = src;
	s->gen = 1;
	s->self_idx = -2;
	struct pt_ctx c = { .pte = { .mode = src->mode, .os = src->os,
				     .maxphy = 52, .win_build = src->os_build },
			    .cr3 = src->cr3 };
	as_init(&s->as, src, &c, src->has_cr3);
	return s;
}

#define VMCOREINFO_MAX (1u << 20)

/* --vmcoreinfo: the text of a file, bounded. */
static int read_vmcoreinfo(struct fmt_source *src, const char *path,
			   struct err *e)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(VMCOREINFO_MAX + 1);
	size_t n = 0;

	if (!f || !buf) {
		free(buf);
		if (f)
			fclose(f);
		return err_set(e, "--vmcoreinfo %s: %s", path,
			       f ? "out of memory" : strerror(errno));
	}
	n = fread(buf, 1, VMCOREINFO_MAX + 1, f);
	fclose(f);
	if (n > VMCOREINFO_MAX || memchr(buf, '\0', n)) {
		free(buf);
		return err_set(e, "--vmcoreinfo %s: not VMCOREINFO text (over "
			       "1 MiB, or binary)", path);
	}
	buf[n] = '\0';
	free(src->vmcoreinfo);
	src->vmcoreinfo = buf;
	return 0;
}

int sess_open(const char *path, const struct sess_opts *o,
	      struct session **out, struct err *e)
{
	struct fmt_open_opts fo = { o->format, o->raw_base };
	struct fmt_source *src;

	if (fmt_open(path, &fo, &src, e) < 0)
		return -1;
	if (o->vmcoreinfo && read_vmcoreinfo(src, o->vmcoreinfo, e) < 0) {
		fmt_close(src);
		return -1;
	}
	if (o->vmcoreinfo && src->os == PW_OS_NONE)
		src->os = PW_OS_LINUX;
	struct session *s = sess_new(src);
	if (!s) {
		fmt_close(src);
		return err_set(e, "out of memory");
	}
	if ((o->btf && !(s->btf_file = strdup(o->btf))) ||
	    (o->kallsyms && !(s->kallsyms_file = strdup(o->kallsyms)))) {
		err_set(e, "out of memory");
		goto fail;
	}
	if ((o->btf || o->kallsyms) && src->os == PW_OS_NONE)
		s->as.ctx.pte.os = PW_OS_LINUX;
	if (o->mode != PW_MODE_NONE)
		s->as.ctx.pte.mode = o->mode;
	if (o->has_os)
		s->as.ctx.pte.os = o->os;
	if (o->maxphy)
		s->as.ctx.pte.maxphy = o->maxphy;
	if (o->has_cr3 && sess_set_cr3(s, o->cr3, e) < 0) {
		err_prefix(e, "%s: --cr3", path);
		goto fail;
	}
	/* No OS from the file or the user: the root's shape may tell (a
	 * Linux kernel half, a Windows self-map), for software PTEs. */
	if (!o->has_os && s->as.ctx.pte.os == PW_OS_NONE && sess_has_root(s) &&
	    as_has_tables(&s->as))
		s->as.ctx.pte.os = dtb_guess_os(src, s->as.ctx.cr3, s->as.ctx.pte.mode);
	*out = s;
	return 0;
fail:
	sess_free(s);
	return -1;
}

void sess_free(struct session *s)
{
	if (!s)
		return;
	sess_free(s->other);
	diff_set_free(&s->diff);
	sess_set_os_state(s, NULL, NULL);
	as_clear_areas(&s->as);
	for (size_t i = 0; i < s->nsaved; i++)
		as_clear_areas(&s->saved[i]);
	free(s->btf_file);
	free(s->kallsyms_file);
	fmt_close(s->src);
	free(s);
}

const struct fmt_source *sess_source(const struct session *s)
{
	return s->src;
}

const struct pt_ctx *sess_ctx(const struct session *s)
{
	return &s->as.ctx;
}

const struct aspace *sess_aspace(const struct session *s)
{
	return &s->as;
}

const struct pt_mode_desc *sess_mode(const struct session *s)
{
	return pt_mode_get(s->as.ctx.pte.mode);
}

bool sess_has_root(const struct session *s)
{
	return as_has_root(&s->as);
}

int sess_need_root(const struct session *s, struct err *e)
{
	if (sess_has_root(s))
		return 0;
	if (!sess_mode(s) && !s->as.has_cr3)
		return err_set(e, "%s: no page-table root: this %s has no CR3 or "
			       "paging mode; give --cr3 PA and --mode "
			       "x86|pae|x64|la57, or --cr3 auto", s->src->path,
			       s->src->desc);
	if (!sess_mode(s))
		return err_set(e, "%s: paging mode unknown: give --mode "
			       "x86|pae|x64|la57", s->src->path);
	return err_set(e, "%s: no CR3: give --cr3 PA (or .cr3 VALUE)",
		       s->src->path);
}

const char *sess_btf_file(const struct session *s)
{
	return s->btf_file;
}

const char *sess_kallsyms_file(const struct session *s)
{
	return s->kallsyms_file;
}

void *sess_os_state(const struct session *s)
{
	return s->os;
}

void sess_set_os_state(struct session *s, void *state, void (*fn)(void *))
{
	if (s->os && s->os_free)
		s->os_free(s->os);
	s->os = state;
	s->os_free = fn;
}

/* Keep the space shown (if it has a root) among the saved ones, replacing
 * an older copy of it; the oldest goes when the list is full.  The saved
 * copy takes the areas over. */
static void save_space(struct session *s)
{
	if (!s->as.has_cr3)
		return;
	size_t i = 0;
	while (i < s->nsaved && (s->saved[i].ctx.cr3 != s->as.ctx.cr3 ||
				 s->saved[i].ctx.pte.mode != s->as.ctx.pte.mode))
		i++;
	if (i < s->nsaved) {
		as_clear_areas(&s->saved[i]);
	} else if (s->nsaved == SESS_SPACES_MAX) {
		as_clear_areas(&s->saved[0]);
		memmove(&s->saved[0], &s->saved[1],
			(SESS_SPACES_MAX - 1) * sizeof(s->saved[0]));
		i = SESS_SPACES_MAX - 1;
	} else {
		i = s->nsaved++;
	}
	s->saved[i] = s->as;
	s->as.areas = NULL;
	s->as.nareas = 0;
}

/* The saved space with this root and mode back in place: its areas and
 * name return; false if there is none. */
static bool restore_space(struct session *s)
{
	for (size_t i = 0; i < s->nsaved; i++) {
		struct aspace *v = &s->saved[i];
		if (v->ctx.cr3 != s->as.ctx.cr3 ||
		    v->ctx.pte.mode != s->as.ctx.pte.mode)
			continue;
		s->as.areas = v->areas;
		s->as.nareas = v->nareas;
		s->as.areas_lo = v->areas_lo;
		s->as.areas_hi = v->areas_hi;
		snprintf(s->as.name, sizeof(s->as.name), "%s", v->name);
		memmove(v, v + 1, (s->nsaved - i - 1) * sizeof(*v));
		s->nsaved--;
		return true;
	}
	return false;
}

size_t sess_spaces(const struct session *s, struct sess_space *out,
		   size_t max)
{
	size_t n = 0;

	if (s->as.has_cr3 && n < max)
		out[n++] = (struct sess_space){ s->as.ctx.cr3, s->as.ctx.pte.mode,
			s->as.nareas, s->as.name, true };
	for (size_t i = s->nsaved; i-- > 0 && n < max;)	/* newest first */
		out[n++] = (struct sess_space){ s->saved[i].ctx.cr3,
			s->saved[i].ctx.pte.mode, s->saved[i].nareas,
			s->saved[i].name, false };
	return n;
}

void sess_set_areas(struct session *s, struct os_area *a, size_t n,
		    uint64_t lo, uint64_t hi, const char *name)
{
	as_clear_areas(&s->as);
	s->as.areas = a;
	s->as.nareas = n;
	s->as.areas_lo = lo;
	s->as.areas_hi = hi;
	snprintf(s->as.name, sizeof(s->as.name), "%s", name ? name : "");
	s->gen++;	/* cached walks carry no areas, but views key on it */
}

const struct os_area *sess_area(const struct session *s, uint64_t va,
				bool *known)
{
	return as_area(&s->as, va, known);
}

bool sess_area_edge(const struct session *s, uint64_t va, int dir,
		    uint64_t *edge)
{
	return as_area_edge(&s->as, va, dir, edge);
}

const char *sess_space_name(const struct session *s)
{
	return s->as.name[0] ? s->as.name : NULL;
}

static void invalidate(struct session *s)
{
	s->gen++;
	s->self_idx = -2;
	diff_set_free(&s->diff);	/* another root: compare again */
	s->diff_done = false;
}

int sess_set_cr3(struct session *s, uint64_t cr3, struct err *e)
{
	struct pt_ctx c = s->as.ctx;

	if (!as_has_tables(&s->as))
		return err_set(e, "a minidump has no page tables: there is no CR3 "
			       "to set");
	c.cr3 = cr3;
	if (pt_mode_get(c.pte.mode)) {
		uint64_t root = pt_root(&c);
		if (!fmt_present(s->src, root >> FMT_PAGE_SHIFT))
			return err_set(e, "CR3 0x%" PRIx64 ": the top-level table "
				       "at PA 0x%" PRIx64 " is not in the image",
				       cr3, root);
	}
	if (s->as.has_cr3 && s->as.ctx.cr3 == cr3)
		return 0;	/* already shown: areas and name kept */
	save_space(s);
	as_clear_areas(&s->as);
	s->as.ctx.cr3 = cr3;
	s->as.has_cr3 = true;
	restore_space(s);
	invalidate(s);
	return 0;
}

void sess_set_mode(struct session *s, enum pw_mode m)
{
	s->as.ctx.pte.mode = m;
	invalidate(s);
}

void sess_set_os(struct session *s, enum pw_os os)
{
	s->as.ctx.pte.os = os;
	invalidate(s);
}

uint64_t sess_va(const struct session *s)
{
	return s->va;
}

void sess_set_va(struct session *s, uint64_t va)
{
	s->va = va;
}

void sess_walk(struct session *s, uint64_t va, struct pt_walk *w)
{
	uint64_t vpn = va >> 12;
	struct cache_slot *c = &s->cache[vpn % CACHE_SLOTS];

	/* no root, or a flat space (a lookup of its region): nothing worth
	 * caching */
	if (!sess_has_root(s) || !as_has_tables(&s->as))
		return as_walk(&s->as, va, w);
	if (c->gen != s->gen || c->vpn != vpn) {
		s->miss++;
		as_walk(&s->as, va & ~0xFFFull, &c->w);
		c->gen = s->gen;
		c->vpn = vpn;
	} else {
		s->hits++;
	}
	*w = c->w;
	w->va = va;
	w->area = sess_area(s, va, &w->has_areas);
	if (w->stop == PT_OK)
		w->pa = w->page_pa | (va & ((1ull << w->page_shift) - 1));
}

enum pt_stop sess_translate(const struct session *s, uint64_t va,
			    uint64_t *pa)
{
	return as_translate(&s->as, va, pa);
}

size_t sess_read(struct session *s, bool virt, uint64_t addr, uint8_t *buf,
		 bool *ok, size_t len)
{
	size_t got = 0, i = 0;

	while (i < len) {
		uint64_t a = addr + i;
		size_t n = FMT_PAGE_SIZE - (size_t)(a & (FMT_PAGE_SIZE - 1));
		enum pt_stop st = PT_OK;
		uint64_t pa = a;

		if (n > len - i)
			n = len - i;
		if (virt)
			st = as_translate(&s->as, a, &pa);
		bool have = st == PT_OK || st == PT_NO_PAGING;
		if (have && fmt_read(s->src, pa, buf + i, n, NULL) == 0) {
			for (size_t k = 0; k < n; k++)
				ok[i + k] = true;
			got += n;
		} else if (have && st == PT_NO_PAGING) {
			/* captured ranges need not cover whole pages */
			for (size_t k = 0; k < n; k++) {
				ok[i + k] = fmt_read(s->src, pa + k, buf + i + k, 1,
						     NULL) == 0;
				got += ok[i + k];
				if (!ok[i + k])
					buf[i + k] = 0;
			}
		} else {
			memset(buf + i, 0, n);
			for (size_t k = 0; k < n; k++)
				ok[i + k] = false;
		}
		i += n;
	}
	return got;
}

int sess_self_index(struct session *s)
{
	if (s->self_idx != -2)
		return s->self_idx;
	s->self_idx = -1;
	if (!sess_has_root(s) || s->as.ctx.pte.mode != PW_MODE_X64)
		return -1;
	uint64_t root = pt_root(&s->as.ctx);
	uint8_t page[FMT_PAGE_SIZE];
	if (fmt_read(s->src, root, page, sizeof(page), NULL) < 0)
		return -1;
	s->self_idx = pte_win_self_index(page, root);
	return s->self_idx;
}

int sess_selfmap_va(struct session *s, unsigned lvl, uint64_t va,
		    uint64_t *out)
{
	if (s->as.ctx.pte.os != PW_OS_WINDOWS || !sess_has_root(s))
		return -1;
	int si = s->as.ctx.pte.mode == PW_MODE_X64 ? sess_self_index(s) : 0;
	return si < 0 ? -1 : pte_win_selfmap_va(s->as.ctx.pte.mode,
						(unsigned)si, lvl, va, out);
}

int sess_selfmap_inverse(struct session *s, uint64_t addr, uint64_t *va)
{
	if (s->as.ctx.pte.os != PW_OS_WINDOWS || !sess_has_root(s))
		return -1;
	int si = s->as.ctx.pte.mode == PW_MODE_X64 ? sess_self_index(s) : 0;
	return si < 0 ? -1 : pte_win_selfmap_inverse(s->as.ctx.pte.mode,
						     (unsigned)si, addr, va);
}

void sess_cache_stats(const struct session *s, uint64_t *hits, uint64_t *miss)
{
	*hits = s->hits;
	*miss = s->miss;
}

uint64_t sess_generation(const struct session *s)
{
	return s->gen;
}

void sess_set_root_note(struct session *s, const char *text)
{
	snprintf(s->root_note, sizeof(s->root_note), "%s", text);
}

const char *sess_root_note(const struct session *s)
{
	return s->root_note;
}
