/* The translate-only walk as an inline template: each architecture
 * instantiates it with its own frame rule (arch/x86.c's x86_translate), so
 * the rule is inlined into the loop that runs at every level of every
 * lookup instead of called through a pointer (doc/ARCHITECTURE.md, "An
 * architecture").  Only architecture files include this. */
#ifndef PW_PT_LOOP_H
#define PW_PT_LOOP_H

#include "le.h"
#include "pt.h"

/* The entry of e bytes at pa: from the table page in place when the
 * loader lends it, else copied.  PT_OK, or why it cannot be read. */
static inline enum pt_stop pt_read_entry(const struct fmt_source *src,
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

/* Where a valid entry of the given role points, and the page's size as a
 * shift when it maps one (else 0). */
typedef uint64_t pt_frame_fn(const struct pt_mode_desc *d, enum pte_role role,
			     uint64_t raw, unsigned *large_shift);

/* The root table's address for a root register's value. */
typedef uint64_t pt_root_fn(const struct pt_mode_desc *d, uint64_t reg,
			    unsigned maxphy);

/* pt_translate for the forms of one architecture: valid is the bit that
 * makes an entry valid, root and frame its rules (inlined when the caller
 * passes its own static functions). */
static inline enum pt_stop pt_translate_with(const struct fmt_source *src,
					     const struct pt_ctx *c,
					     const struct pt_mode_desc *d,
					     uint64_t valid, pt_root_fn *root,
					     pt_frame_fn *frame, uint64_t va,
					     uint64_t *pa, unsigned *page_shift)
{
	if (!pt_canonical(d, va))
		return PT_NONCANONICAL;
	unsigned maxphy = pte_maxphy(&c->pte);
	uint64_t table = root(d, c->cr3, maxphy);
	for (unsigned i = 0; i < d->nlv; i++) {
		enum pte_role role = d->lv[i].role;
		uint64_t raw = 0;
		unsigned ls;
		enum pt_stop why = pt_read_entry(src, d->esize, table +
						 pt_index(d, i, va) * d->esize,
						 &raw);
		if (why != PT_OK)
			return why;
		if (!(raw & valid))
			return PT_NOT_PRESENT;
		uint64_t f = frame(d, role, raw, &ls);
		if (f >> maxphy)
			return PT_BEYOND_MAXPHY;
		if (ls || role == PTE_ROLE_LEAF) {
			unsigned sh = ls ? ls : d->page_shift;
			*pa = f | (va & ((1ull << sh) - 1));
			if (page_shift)
				*page_shift = sh;
			return PT_OK;
		}
		table = f;
	}
	return PT_NO_ROOT;	/* not reached: the last level is a leaf */
}

#endif
