/* The four x86 paging modes as forms built from their parts (SDM vol. 3A
 * ch. 4; doc/PAGING.md, Paging modes) and one generic walk over them. */
#include "config.h"

#include "pt.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "le.h"

/* The four x86 forms, as parts (doc/PAGING.md, Paging modes): each
 * level's index width from the root down, 4 KiB pages. */
static const struct pt_form_spec specs[] = {
	{ PW_MODE_X86, "x86", "x86", 4, 32, 12, 2, {
		{ "PDE", "PDE", "PD", 10, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 10, PTE_ROLE_LEAF },
	} },
	{ PW_MODE_PAE, "pae", "PAE", 8, 32, 12, 3, {
		{ "PDPTE", "PPE", "PDPT", 2, PTE_ROLE_PDPTE_PAE },
		{ "PDE", "PDE", "PD", 9, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 9, PTE_ROLE_LEAF },
	} },
	{ PW_MODE_X64, "x64", "4-level", 8, 48, 12, 4, {
		{ "PML4E", "PXE", "PML4", 9, PTE_ROLE_TABLE },
		{ "PDPTE", "PPE", "PDPT", 9, PTE_ROLE_PDPT },
		{ "PDE", "PDE", "PD", 9, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 9, PTE_ROLE_LEAF },
	} },
	{ PW_MODE_LA57, "la57", "5-level", 8, 57, 12, 5, {
		{ "PML5E", "PML5E", "PML5", 9, PTE_ROLE_TABLE },
		{ "PML4E", "PXE", "PML4", 9, PTE_ROLE_TABLE },
		{ "PDPTE", "PPE", "PDPT", 9, PTE_ROLE_PDPT },
		{ "PDE", "PDE", "PD", 9, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 9, PTE_ROLE_LEAF },
	} },
};
#define NMODES (sizeof(specs) / sizeof(specs[0]))

int pt_form_build(const struct pt_form_spec *sp, struct pt_mode_desc *out)
{
	unsigned shift = sp->page_shift;

	if (!sp->nlv || sp->nlv > PT_MAX_LEVELS ||
	    (sp->esize != 4 && sp->esize != 8) || sp->va_bits > 64)
		return -1;
	memset(out, 0, sizeof(*out));
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

/* The modes' descriptions, built from their parts on first use. */
static const struct pt_mode_desc *modes(void)
{
	static struct pt_mode_desc built[NMODES];
	static bool done;

	if (!done) {
		for (size_t i = 0; i < NMODES; i++)
			if (pt_form_build(&specs[i], &built[i]) < 0)
				memset(&built[i], 0, sizeof(built[i]));
		done = true;
	}
	return built;
}

const struct pt_mode_desc *pt_mode_get(enum pw_mode m)
{
	/* the rows are in enum order after PW_MODE_NONE: index directly */
	size_t i = (size_t)m - PW_MODE_X86;

	if (m == PW_MODE_NONE || i >= NMODES)
		return NULL;
	const struct pt_mode_desc *d = &modes()[i];
	return d->mode == m && d->nlv ? d : NULL;
}

const char *pt_mode_names(char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < NMODES; i++)
		k = fmt_join(buf, len, k, ", ", specs[i].name);
	return buf;
}

enum pw_mode pt_mode_parse(const char *s)
{
	if (!strcasecmp(s, "x86") || !strcasecmp(s, "2l") || !strcasecmp(s, "i386"))
		return PW_MODE_X86;
	if (!strcasecmp(s, "pae") || !strcasecmp(s, "3l"))
		return PW_MODE_PAE;
	if (!strcasecmp(s, "x64") || !strcasecmp(s, "4l") || !strcasecmp(s, "amd64"))
		return PW_MODE_X64;
	if (!strcasecmp(s, "la57") || !strcasecmp(s, "5l"))
		return PW_MODE_LA57;
	return PW_MODE_NONE;
}

uint64_t pt_root(const struct pt_ctx *c)
{
	unsigned m = c->pte.maxphy ? c->pte.maxphy : 52;

	switch (c->pte.mode) {
	case PW_MODE_X86: return c->cr3 & 0xFFFFF000u;
	case PW_MODE_PAE: return c->cr3 & 0xFFFFFFE0u;	/* 32-byte PDPT */
	case PW_MODE_X64:
	case PW_MODE_LA57:
		return c->cr3 & ((1ull << m) - 1) & ~0xFFFull;
	case PW_MODE_NONE:
	case PW_MODE_COUNT:
		break;
	}
	return 0;
}

bool pt_va_is_canonical(enum pw_mode m, uint64_t va)
{
	const struct pt_mode_desc *d = pt_mode_get(m);

	if (!d)
		return false;
	if (d->va_bits == 32)
		return va <= 0xFFFFFFFFu;
	return pt_va_canon(m, va) == va;
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

unsigned pt_index(const struct pt_mode_desc *d, unsigned lvl, uint64_t va)
{
	return (unsigned)((va >> d->lv[lvl].shift) & ((1u << d->lv[lvl].bits) - 1));
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
	const struct pt_mode_desc *d = pt_mode_get(c->pte.mode);

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

/* canonical: 32-bit modes below 4 GiB; else the bits above the top one
 * are copies of it */
static inline bool canonical(const struct pt_mode_desc *d, uint64_t va)
{
	return d->va_bits == 32 ? va <= 0xFFFFFFFFu :
	       (uint64_t)((int64_t)(va << (64 - d->va_bits)) >>
			  (64 - d->va_bits)) == va;
}

/* Read the entry at pa: from the table page in place when the loader
 * lends it, else copied.  PT_OK, or why it cannot be read. */
static inline enum pt_stop read_entry(const struct fmt_source *src,
				      unsigned esize, uint64_t pa,
				      uint64_t *raw)
{
	const uint8_t *p = fmt_page_lent(src, pa >> FMT_PAGE_SHIFT);
	uint8_t buf[8];

	if (p)
		p += pa & (FMT_PAGE_SIZE - 1);
	else if (fmt_read(src, pa, buf, esize, NULL) == 0)
		p = buf;
	else
		return fmt_present(src, pa >> FMT_PAGE_SHIFT) ?
		       PT_TABLE_UNREADABLE : PT_TABLE_NOT_IN_DUMP;
	*raw = esize == 8 ? le_u64(p) : le_u32(p);
	return PT_OK;
}

static void walk_levels(const struct fmt_source *src, const struct pt_ctx *c,
			const struct pt_mode_desc *d, uint64_t va,
			struct pt_walk *w)
{
	uint64_t table;

	if (!d)
		return stop_at(w, PT_NO_ROOT, 0);
	if (!canonical(d, va))
		return stop_at(w, PT_NONCANONICAL, 0);
	table = pt_root(c);
	unsigned maxphy = pte_maxphy(&c->pte);	/* once, not per level */
	for (unsigned i = 0; i < d->nlv; i++) {
		struct pt_level *l = &w->lv[i];
		const struct pt_level_desc *ld = &d->lv[i];

		w->nlv = i + 1;
		l->name = ld->name;
		l->role = ld->role;
		l->index = pt_index(d, i, va);
		l->entry_pa = table + (uint64_t)l->index * d->esize;
		enum pt_stop why = read_entry(src, d->esize, l->entry_pa, &l->raw);
		if (why != PT_OK) {
			l->read = false;
			l->raw = 0;
			memset(&l->info, 0, sizeof(l->info));
			return stop_at(w, why, i);
		}
		l->read = true;
		pte_decode(&c->pte, ld->role, l->raw, &l->info);
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

	if (!d)
		return PT_NO_ROOT;
	if (!canonical(d, va))
		return PT_NONCANONICAL;
	uint64_t table = pt_root(c);
	unsigned maxphy = pte_maxphy(&c->pte);
	bool wide = d->esize == 8;
	for (unsigned i = 0; i < d->nlv; i++) {
		enum pte_role role = d->lv[i].role;
		uint64_t raw = 0;
		unsigned ls;
		enum pt_stop why = read_entry(src, d->esize, table +
					      pt_index(d, i, va) * d->esize,
					      &raw);
		if (why != PT_OK)
			return why;
		if (!(raw & X86_PTE_P))
			return PT_NOT_PRESENT;
		uint64_t frame = pte_present_frame(wide, role, raw, &ls);
		if (frame >> maxphy)
			return PT_BEYOND_MAXPHY;
		if (ls || role == PTE_ROLE_LEAF) {
			unsigned sh = ls ? ls : 12;
			*pa = frame | (va & ((1ull << sh) - 1));
			if (page_shift)
				*page_shift = sh;
			return PT_OK;
		}
		table = frame;
	}
	return PT_NO_ROOT;	/* not reached: the last level is a leaf */
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
