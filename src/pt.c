/* Paging forms built from their parts, each architecture's (arch/), and
 * one generic walk over them (doc/PAGING.md, Paging modes). */
#include "config.h"

#include "pt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "arch.h"
#include "le.h"
#include "pt_loop.h"

/* The architectures, each with its forms (arch/arch.h).  Another one is
 * a file in arch/ and a row here. */
static const struct pt_arch *const archs[] = { &pt_arch_x86 };
#define NARCHS (sizeof(archs) / sizeof(archs[0]))

int pt_form_build(const struct pt_arch *a, const struct pt_form_spec *sp,
		  struct pt_mode_desc *out)
{
	unsigned shift = sp->page_shift;

	if (!sp->nlv || sp->nlv > PT_MAX_LEVELS ||
	    (sp->esize != 4 && sp->esize != 8) || sp->va_bits > 64)
		return -1;
	memset(out, 0, sizeof(*out));
	out->arch = a;
	out->mode = sp->mode;
	out->name = sp->name;
	out->label = sp->label;
	out->nlv = sp->nlv;
	out->esize = sp->esize;
	out->va_bits = sp->va_bits;
	out->page_shift = sp->page_shift;
	/* from the leaf up: each level's index starts where the one below
	 * ends */
	for (unsigned i = sp->nlv; i-- > 0;) {
		if (!sp->lv[i].bits || sp->lv[i].bits > 16)
			return -1;
		out->lv[i] = (struct pt_level_desc){ sp->lv[i].name,
			sp->lv[i].wname, sp->lv[i].table, shift, sp->lv[i].bits,
			sp->lv[i].role };
		shift += sp->lv[i].bits;
	}
	return shift == sp->va_bits ? 0 : -1;
}

/* Every architecture's forms built from their parts on first use,
 * indexed by mode. */
static const struct pt_mode_desc *modes(void)
{
	static struct pt_mode_desc built[PW_MODE_COUNT];
	static bool done;

	if (!done) {
		for (size_t i = 0; i < NARCHS; i++)
			for (size_t j = 0; j < archs[i]->nforms; j++) {
				const struct pt_form_spec *sp = &archs[i]->forms[j];
				struct pt_mode_desc d;
				if ((unsigned)sp->mode < PW_MODE_COUNT &&
				    pt_form_build(archs[i], sp, &d) == 0)
					built[sp->mode] = d;
			}
		done = true;
	}
	return built;
}

const struct pt_mode_desc *pt_mode_get(enum pw_mode m)
{
	if ((unsigned)m >= PW_MODE_COUNT)
		return NULL;
	const struct pt_mode_desc *d = &modes()[m];
	return d->nlv ? d : NULL;
}

const struct pt_mode_desc *pt_mode_or_default(enum pw_mode m)
{
	const struct pt_mode_desc *d = pt_mode_get(m);

	/* the first architecture's widest form */
	for (size_t j = archs[0]->nforms; !d && j-- > 0;)
		d = pt_mode_get(archs[0]->forms[j].mode);
	return d;
}

const char *pt_mode_names(char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NARCHS; i++)
		for (size_t j = 0; j < archs[i]->nforms; j++)
			k = fmt_join(buf, len, k, ", ", archs[i]->forms[j].name);
	return buf;
}

enum pw_mode pt_mode_parse(const char *s)
{
	for (size_t i = 0; i < NARCHS; i++) {
		const struct pt_arch *a = archs[i];
		for (size_t j = 0; j < a->nforms; j++)
			if (!strcasecmp(s, a->forms[j].name))
				return a->forms[j].mode;
		for (size_t j = 0; j < a->naliases; j++)
			if (!strcasecmp(s, a->aliases[j].name))
				return a->aliases[j].mode;
	}
	return PW_MODE_NONE;
}

uint64_t pt_root(const struct pt_ctx *c)
{
	const struct pt_mode_desc *d = pt_mode_get(c->pte.mode);

	return d ? d->arch->root(d, c->cr3, pte_maxphy(&c->pte)) : 0;
}

bool pt_va_is_canonical(enum pw_mode m, uint64_t va)
{
	const struct pt_mode_desc *d = pt_mode_get(m);

	return d && pt_canonical(d, va);
}

uint64_t pt_va_canon(enum pw_mode m, uint64_t va)
{
	const struct pt_mode_desc *d = pt_mode_get(m);

	if (!d || d->va_bits == 32)
		return va & 0xFFFFFFFFu;
	unsigned top = d->va_bits - 1;
	uint64_t low = va & ((1ull << d->va_bits) - 1);
	return (va >> top) & 1 ? low | ~((1ull << d->va_bits) - 1) : low;
}

uint64_t pt_entry_raw(const uint8_t *page, unsigned e, unsigned i)
{
	return e == 8 ? le_u64(page + (size_t)i * 8) : le_u32(page + (size_t)i * 4);
}

static void stop_at(struct pt_walk *w, enum pt_stop s, unsigned lvl)
{
	w->stop = s;
	w->stop_lvl = lvl;
}

static void walk_levels(const struct fmt_source *src, const struct pt_ctx *c,
			const struct pt_mode_desc *d, uint64_t va,
			struct pt_walk *w);

void pt_walk(const struct fmt_source *src, const struct pt_ctx *c,
	     uint64_t va, struct pt_walk *w)
{
	pt_walk_in(src, c, pt_mode_get(c->pte.mode), va, w);
}

void pt_walk_in(const struct fmt_source *src, const struct pt_ctx *c,
		const struct pt_mode_desc *d, uint64_t va, struct pt_walk *w)
{
	/* Every field set here or level by level (the levels the walk does
	 * not reach are zeroed at the end): no 600-byte memset per walk. */
	w->va = va;
	w->nlv = 0;
	w->stop = PT_NO_ROOT;
	w->stop_lvl = 0;
	w->pa = w->page_pa = 0;
	w->page_shift = 0;
	w->frame_in_dump = w->nx = false;
	w->writable = w->user = true;
	w->rsvd_levels = 0;
	w->region = NULL;
	w->has_regions = false;
	w->area = NULL;
	w->has_areas = false;
	walk_levels(src, c, d, va, w);
	if (w->nlv < PT_MAX_LEVELS)
		memset(&w->lv[w->nlv], 0, (PT_MAX_LEVELS - w->nlv) *
		       sizeof(w->lv[0]));
}

static void walk_levels(const struct fmt_source *src, const struct pt_ctx *c,
			const struct pt_mode_desc *d, uint64_t va,
			struct pt_walk *w)
{
	uint64_t table;

	if (!d)
		return stop_at(w, PT_NO_ROOT, 0);
	if (!pt_canonical(d, va))
		return stop_at(w, PT_NONCANONICAL, 0);
	unsigned maxphy = pte_maxphy(&c->pte);	/* once, not per level */
	table = d->arch->root(d, c->cr3, maxphy);
	for (unsigned i = 0; i < d->nlv; i++) {
		struct pt_level *l = &w->lv[i];
		const struct pt_level_desc *ld = &d->lv[i];

		w->nlv = i + 1;
		l->name = ld->name;
		l->role = ld->role;
		l->index = pt_index(d, i, va);
		l->entry_pa = table + (uint64_t)l->index * d->esize;
		enum pt_stop why = pt_read_entry(src, d->esize, l->entry_pa, &l->raw);
		if (why != PT_OK) {
			l->read = false;
			l->raw = 0;
			memset(&l->info, 0, sizeof(l->info));
			return stop_at(w, why, i);
		}
		l->read = true;
		pte_decode_in(d, &c->pte, ld->role, l->raw, &l->info);
		if (!l->info.present)
			return stop_at(w, PT_NOT_PRESENT, i);
		/* Reserved bits are marked, not obeyed: the machine that
		 * wrote the image translated through them (doc/PAGING.md). */
		if (l->info.rsvd)
			w->rsvd_levels |= 1u << i;
		if (l->info.frame >> maxphy)
			return stop_at(w, PT_BEYOND_MAXPHY, i);
		/* every level must allow it (a PAE PDPTE has no say) */
		w->writable &= l->info.perm.write;
		w->user &= l->info.perm.user;
		w->nx |= !l->info.perm.exec;
		if (l->info.large || ld->role == PTE_ROLE_LEAF) {
			unsigned sh = l->info.large ? l->info.large_shift : 12;
			w->page_shift = sh;
			w->page_pa = l->info.frame;
			w->pa = l->info.frame | (va & ((1ull << sh) - 1));
			w->frame_in_dump = fmt_present(src, w->pa >> FMT_PAGE_SHIFT);
			return stop_at(w, PT_OK, i);
		}
		table = l->info.frame;
	}
	stop_at(w, PT_NO_ROOT, 0);	/* not reached: the last level is a leaf */
}

enum pt_stop pt_translate(const struct fmt_source *src, const struct pt_ctx *c,
			  uint64_t va, uint64_t *pa, unsigned *page_shift)
{
	const struct pt_mode_desc *d = pt_mode_get(c->pte.mode);

	return d ? d->arch->translate(src, c, d, va, pa, page_shift) :
		   PT_NO_ROOT;
}

/* The span a walk stopped at or mapped covers (pt.h). */
uint64_t pt_walk_span(const struct pt_mode_desc *d, const struct pt_walk *w)
{
	unsigned i = w->stop_lvl;

	switch (w->stop) {
	case PT_OK:
		return 1ull << w->page_shift;
	case PT_NOT_PRESENT:
	case PT_BEYOND_MAXPHY:
		return 1ull << d->lv[i].shift;
	case PT_TABLE_NOT_IN_DUMP:
	case PT_TABLE_UNREADABLE:
		return i ? 1ull << d->lv[i - 1].shift : pt_page_size(d);
	case PT_NONCANONICAL:
	case PT_NO_ROOT:
	case PT_NO_PAGING:
		break;
	}
	return pt_page_size(d);
}

const char *pt_stop_text(enum pt_stop s)
{
	switch (s) {
	case PT_OK: return "translated";
	case PT_NONCANONICAL: return "non-canonical address";
	case PT_NOT_PRESENT: return "not present";
	case PT_BEYOND_MAXPHY: return "address beyond MAXPHYADDR";
	case PT_TABLE_NOT_IN_DUMP: return "table page not in the dump";
	case PT_TABLE_UNREADABLE: return "table page in the dump but unreadable";
	case PT_NO_ROOT: return "no page-table root (give --cr3 and --mode)";
	case PT_NO_PAGING: return "no page tables (minidump)";
	}
	return "?";
}

int pt_read_va(const struct fmt_source *src, const struct pt_ctx *c,
	       uint64_t va, void *buf, size_t len)
{
	uint8_t *b = buf;

	while (len) {
		uint64_t pa;
		size_t n = FMT_PAGE_SIZE - (size_t)(va & (FMT_PAGE_SIZE - 1));
		if (n > len)
			n = len;
		if (pt_translate(src, c, va, &pa, NULL) != PT_OK ||
		    fmt_read(src, pa, b, n, NULL) < 0)
			return -1;
		b += n;
		va += n;
		len -= n;
	}
	return 0;
}

int pt_read_ptr(const struct fmt_source *src, const struct pt_ctx *c,
		unsigned psize, uint64_t va, uint64_t *out)
{
	uint8_t b[8];

	if (pt_read_va(src, c, va, b, psize) < 0)
		return -1;
	*out = psize == 8 ? le_u64(b) : le_u32(b);
	return 0;
}

int pt_read_u32(const struct fmt_source *src, const struct pt_ctx *c,
		uint64_t va, uint32_t *out)
{
	uint8_t b[4];

	if (pt_read_va(src, c, va, b, 4) < 0)
		return -1;
	*out = le_u32(b);
	return 0;
}
