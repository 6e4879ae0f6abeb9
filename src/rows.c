/* The view model (rows.h): the interface's panels as rows of text with
 * roles. */
#include "config.h"

#include "rows.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "le.h"
#include "region.h"
#include "session.h"
#include "view.h"
#include "os_pte.h"

static struct view_line *add_row(struct view_walk *v, enum view_role role)
{
	struct view_line *l = &v->rows[v->nrows++];

	memset(l, 0, sizeof(*l));
	l->role = role;
	return l;
}

/* ---- walk panel -------------------------------------------------------- */

unsigned view_level_of(const struct pt_walk *pw, unsigned sel)
{
	return sel < pw->nlv || !pw->nlv ? sel : pw->nlv - 1;
}

/* The narrow layout has no room for a header over the flag columns:
 * the set flags by name instead ("P W U A D NX"). */
static void flag_names(const struct pte_ctx *c, const struct pt_level *l,
		       char *buf, size_t len)
{
	size_t n, k = 0;
	const struct pte_flag *f = pte_flags(c->mode, &n);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		struct pte_flag_shown v = pte_flag_show(c, l->role, &f[i], l->raw);
		if (v.exists && v.set)
			k = fmt_join(buf, len, k, " ", v.name);
	}
}

/* "P W U T C A D S G X": flag letters when set, '-' when clear (the
 * architecture's flag table, arch/x86.c). */
static void flag_cols(const struct pte_ctx *c, const struct pt_level *l,
		      char *buf)
{
	size_t n;
	const struct pte_flag *f = pte_flags(c->mode, &n);
	char *p = buf;

	for (size_t i = 0; i < n; i++) {
		*p++ = pte_flag_show(c, l->role, &f[i], l->raw).col;
		*p++ = ' ';
	}
	p[-1] = '\0';
}

static void level_rows(struct session *s, const struct pt_walk *pw,
		       unsigned i, bool sel, bool wide, int width,
		       struct view_walk *v)
{
	const struct pt_level *l = &pw->lv[i];
	const struct pte_ctx *c = &sess_ctx(s)->pte;
	int vw = sess_mode(s)->esize * 2;
	char flags[40], cols[24], val[24], rsvd[32] = "";

	if (l->read) {
		snprintf(val, sizeof(val), "%0*" PRIX64, vw, l->raw);
		/* WinDbg prints flags only for valid entries; on Linux the
		 * kernel's software bits say more */
		if (l->info.present && c->os == PW_OS_LINUX)
			pte_linux_flags(c, l->raw, flags, sizeof(flags));
		else if (l->info.present)
			pte_flag_string(c, &l->info, flags);
		else
			snprintf(flags, sizeof(flags), "%s",
				 pte_kind_name(l->info.kind));
		if (l->info.present)
			flag_cols(c, l, cols);
		else
			snprintf(cols, sizeof(cols), "(not present)");
		/* Reserved bits do not stop the walk; they are marked. */
		if (l->info.present && l->info.rsvd)
			snprintf(rsvd, sizeof(rsvd), "rsvd %" PRIx64,
				 l->info.rsvd);
	} else {
		snprintf(val, sizeof(val), "%.*s", vw, "????????????????");
		snprintf(flags, sizeof(flags), "not in dump");
		snprintf(cols, sizeof(cols), "%s", "");
	}
	enum view_role role = sel ? VR_SELECT : !l->read ? VR_ERROR :
			      !l->info.present ? VR_DIM : VR_NORMAL;
	struct view_line *r = add_row(v, role);
	r->level_start = true;
	if (wide) {
		/* '!' after the value marks reserved bits, the bits follow
		 * the flags when there is room; '>' after the name marks the
		 * selected level without colour too */
		char *line = r->text;
		snprintf(line, sizeof(r->text), "%-5s%c%3x  #%-9" PRIx64 " %-16s%c "
			 "%-19s  %s%s%s", l->name, sel ? '>' : ' ', l->index,
			 l->entry_pa, val,
			 rsvd[0] ? '!' : ' ', cols, flags, rsvd[0] ? "  " : "",
			 rsvd);
		if ((int)strlen(line) > width)	/* no room: the '!' only */
			line[strlen(line) - strlen(rsvd) - (rsvd[0] ? 2 : 0)] = '\0';
		return;
	}
	snprintf(r->text, sizeof(r->text), "%-5s%c%3x %-16s %s", l->name,
		 sel ? '>' : ' ', l->index, val, flags);
	char names[40];
	if (l->read && l->info.present)
		flag_names(c, l, names, sizeof(names));
	else
		snprintf(names, sizeof(names), "%s", cols);
	r = add_row(v, sel ? role : VR_DIM);
	snprintf(r->text, sizeof(r->text), "%-6s#%-9" PRIx64 " %s",
		 rsvd[0] ? "rsvd!" : "", l->entry_pa, names);
}

/* The last two rows: where the walk ended, and how to read it. */
static void result_rows(struct session *s, const struct pt_walk *pw,
			int width, bool ascii, struct view_walk *v)
{
	const struct pte_ctx *c = &sess_ctx(s)->pte;
	const struct pt_mode_desc *d = sess_mode(s);
	enum pgstate st = pgstate_of_walk(pw);
	const char *ok = ascii ? "->" : "\xe2\x86\x92";
	const char *no = ascii ? "x" : "\xe2\x9c\x97";
	char l1[200] = "", l2[200] = "", lines[8][64];
	size_t n1 = sizeof(l1), n2 = sizeof(l2);
	unsigned last = pw->nlv ? pw->nlv - 1 : 0;

	memset(v->result, 0, sizeof(v->result));
	v->result[0].role = VR_STATE;
	v->result[0].state = st;
	v->result[1].role = VR_DIM;
	switch (pw->stop) {
	case PT_OK: {
		static const char *const sz[] = { [12] = "4 KiB", [21] = "2 MiB",
						  [22] = "4 MiB", [30] = "1 GiB" };
		unsigned ps = d ? d->page_shift : 12;
		snprintf(l1, n1, "%s PA %08" PRIx64 "  pfn %" PRIx64 "  %s "
			 "page%s", ok, pw->pa, pw->pa >> ps, pw->page_shift <
			 sizeof(sz) / sizeof(sz[0]) && sz[pw->page_shift] ?
			 sz[pw->page_shift] : "?",
			 pw->frame_in_dump ? "" : " (not in dump)");
		snprintf(l2, n2, "%s %s %s", pw->user ? "user" : "kernel",
			 pw->writable ? "rw" : "ro", pw->nx ? "nx" : "x");
		break;
	}
	case PT_NOT_PRESENT: {
		const struct pt_level *l = &pw->lv[pw->stop_lvl];
		snprintf(l1, n1, "%s %s not valid: %s", no, l->name,
			 l->raw ? pte_kind_name(l->info.kind) :
			 pgstate_desc(st)->name);
		unsigned n = pte_invalid_lines(c, &l->info, lines, 8);
		for (unsigned i = 0; i < n; i++) {
			if (i)
				strncat(l2, ascii ? " | " : " \xc2\xb7 ",
					n2 - strlen(l2) - 1);
			strncat(l2, lines[i], n2 - strlen(l2) - 1);
		}
		/* too long for the panel: the same facts in fewer words
		 * (the kind is on the line above) rather than cut mid-word */
		if ((int)strlen(l2) > width && l->info.has_prot) {
			char p[40], off[48] = "";
			if (l->info.kind == PTE_WIN_PAGEFILE)
				snprintf(off, sizeof(off), "file %u offset %" PRIx64
					 " ", l->info.file, l->info.offset);
			else if (l->info.kind == PTE_WIN_TRANSITION)
				snprintf(off, sizeof(off), "pfn %" PRIx64 " ",
					 l->info.frame >> d->page_shift);
			else if (l->info.kind == PTE_WIN_PROTOTYPE)
				snprintf(off, sizeof(off), "proto %" PRIX64 " ",
					 l->info.proto);
			snprintf(l2, n2, "%sprot %x %s", off, l->info.prot,
				 pte_protect_name(l->info.prot, p, sizeof(p)));
		}
		break;
	}
	case PT_TABLE_NOT_IN_DUMP:
	case PT_TABLE_UNREADABLE:
		snprintf(l1, n1, "%s %s at #%" PRIx64 " %s", no,
			 d->lv[pw->stop_lvl].table, pw->lv[pw->stop_lvl].entry_pa &
			 ~(pt_page_size(d) - 1), pw->stop == PT_TABLE_UNREADABLE ?
			 "unreadable" : "not in the dump");
		break;
	case PT_BEYOND_MAXPHY:
		snprintf(l1, n1, "%s %s -> %" PRIx64 ": beyond MAXPHYADDR",
			 no, pw->lv[pw->stop_lvl].name,
			 pw->lv[pw->stop_lvl].info.frame);
		break;
	case PT_NONCANONICAL:
		snprintf(l1, n1, "%s non-canonical address", no);
		break;
	case PT_NO_ROOT:
		snprintf(l1, n1, "%s no page-table root", no);
		break;
	case PT_NO_PAGING:
		snprintf(l1, n1, "%s %s", pw->frame_in_dump ? ok : no,
			 pw->frame_in_dump ? "captured in the dump" : "not captured");
		break;
	}
	/* Windows: where the entry that decided it sits in the self-map. */
	uint64_t sva;
	char at[48] = "";
	if (sess_selfmap_va(s, last, pw->va, &sva) == 0)
		snprintf(at, sizeof(at), "%s at %0*" PRIX64, d->lv[last].wname,
			 d->va_bits == 32 ? 8 : 16, sva);
	/* an empty entry, or no table: the process's VAD or the task's VMA
	 * tells (reserved, committed, free) */
	char area[96];
	if (pw->stop != PT_OK && (pw->stop != PT_NOT_PRESENT ||
				  !pw->lv[pw->stop_lvl].raw) &&
	    view_area_text(s, pw, width < 58, area, sizeof(area))) {
		if (at[0] && (int)(strlen(area) + 2 + strlen(at)) <= width)
			snprintf(l2, n2, "%s  %s", area, at);
		else
			snprintf(l2, n2, "%s", area);
	} else if (at[0] && !l2[0]) {
		snprintf(l2, n2, "%s", at);
	} else if (at[0] && pw->stop == PT_OK) {
		char perm[64];
		snprintf(perm, sizeof(perm), "%s", l2);
		snprintf(l2, n2, "%s  %s", at, perm);
	}
	/* --diff: what this page's walk was in the other snapshot */
	const struct diff_set *ds = sess_diff(s);
	const struct diff_item *di = ds ? diff_at(ds, pw->va) : NULL;
	if (di && di->kind == DIFF_ENTRY)
		snprintf(l2, n2, "then %s %0*" PRIX64 " (--diff)",
			 d->lv[di->lvl].name, (int)d->esize * 2, di->new);
	else if (di && di->kind == DIFF_PAGE)
		snprintf(l2, n2, "then %u bytes differ (--diff)", di->bytes);
	memcpy(v->result[0].text, l1, sizeof(l1));
	memcpy(v->result[1].text, l2, sizeof(l2));
}

/* Minidump: no levels to show; the region from MemoryInfoList instead. */
static void region_rows(const struct pt_walk *pw, struct view_walk *v)
{
	const struct fmt_region *r = pw->region;
	char prot[96];

	snprintf(add_row(v, VR_NORMAL)->text, sizeof(v->rows[0].text),
		 "no page tables: user-mode minidump");
	if (!r) {
		snprintf(add_row(v, VR_NORMAL)->text, sizeof(v->rows[0].text),
			 "%s", pw->has_regions ? "in no region: free" :
			 "no region data (no MemoryInfoList)");
		return;
	}
	snprintf(add_row(v, VR_NORMAL)->text, sizeof(v->rows[0].text),
		 "region %" PRIx64 "-%" PRIx64, r->base, r->base + r->size);
	struct view_line *l = add_row(v, VR_STATE);
	l->state = pgstate_of_walk(pw);
	snprintf(l->text, sizeof(l->text), "%s %s", region_state_name(r->state),
		 region_type_name(r->type));
	snprintf(add_row(v, VR_NORMAL)->text, sizeof(v->rows[0].text),
		 "protect %s", region_protect_name(r->protect, prot, sizeof(prot)));
	if (r->state == FMT_MEM_FREE)
		return;
	snprintf(add_row(v, VR_NORMAL)->text, sizeof(v->rows[0].text),
		 "alloc %" PRIx64 " %s", r->alloc_base,
		 region_protect_name(r->alloc_protect, prot, sizeof(prot)));
}

void view_walk_text(struct session *s, const struct pt_walk *pw, int sel,
		    bool wide, int width, bool ascii, struct view_walk *v)
{
	const struct pt_mode_desc *d = sess_mode(s);

	memset(v, 0, sizeof(*v));
	if (pw->stop == PT_NO_PAGING) {
		v->region = true;
		snprintf(v->title, sizeof(v->title), "Region");
		region_rows(pw, v);
		result_rows(s, pw, width, ascii, v);
		return;
	}
	const char *kreg = view_kernel_region(s, pw->va);
	snprintf(v->title, sizeof(v->title), "Walk  %s  CR3 %" PRIx64 "%s%s",
		 d ? d->label : "?", sess_ctx(s)->cr3, kreg ? "  " : "",
		 kreg ? kreg : "");
	const char *last = sess_ctx(s)->pte.os == PW_OS_LINUX ? "linux" :
			   "windbg";
	char cols[40];
	pte_flag_header(sess_ctx(s)->pte.mode, cols, sizeof(cols));
	v->head.role = VR_HEADER;
	if (wide)
		snprintf(v->head.text, sizeof(v->head.text), "lvl   idx  entry@     "
			 "value             %s  %s", cols, last);
	else
		snprintf(v->head.text, sizeof(v->head.text), "lvl   idx value     "
			 "       %s", last);
	unsigned lsel = sel < 0 ? ~0u : view_level_of(pw, (unsigned)sel);
	for (unsigned i = 0; i < pw->nlv; i++)
		level_rows(s, pw, i, i == lsel, wide, width, v);
	result_rows(s, pw, width, ascii, v);
}

/* ---- hexdumps ---------------------------------------------------------- */

void view_virt_title(struct session *s, uint64_t va, bool ascii, char *buf,
		     size_t len)
{
	const struct pt_mode_desc *d = sess_mode(s);
	struct pt_walk pw;

	sess_walk(s, va, &pw);
	snprintf(buf, len, "VA %0*" PRIx64 " %s %s", d && d->va_bits == 32 ?
		 8 : 12, va & ~(uint64_t)(view_page_size(s) - 1),
		 ascii ? "-" : "\xc2\xb7", pgstate_desc(pgstate_of_walk(&pw))->name);
}

int view_hex_top(const struct session *s, int rows, int n, int cur)
{
	int total = (int)view_page_size(s) / n;
	int top = (cur >= 0 ? cur / n : 0) - rows / 3;

	if (top > total - rows)
		top = total - rows;
	return top < 0 ? 0 : top;
}

void view_hex_row(struct session *s, bool virt, uint64_t base, unsigned off,
		  int n, int cur, struct view_hex_row *r)
{
	static const char hex[] = "0123456789abcdef";
	uint8_t b[VIEW_HEX_MAX], ob[VIEW_HEX_MAX];
	bool ok[VIEW_HEX_MAX], ook[VIEW_HEX_MAX];
	unsigned k = 0;
	int crow = cur >= 0 ? cur / n : -1;

	if (n > VIEW_HEX_MAX)
		n = VIEW_HEX_MAX;
	sess_read(s, virt, base + off, b, ok, (size_t)n);
	/* --diff: bytes that differ in the other snapshot are marked */
	struct session *other = virt ? sess_other(s) : NULL;
	if (other)
		sess_read(other, true, base + off, ob, ook, (size_t)n);
#define CELL(c, role) (r->text[k] = (char)(c), r->cell[k++] = (uint8_t)(role))
	for (int i = 8; i >= 0; i -= 4)
		CELL(hex[(off >> i) & 15], VC_DIM);
	/* '>' on the cursor's row: visible without colour too */
	CELL(crow >= 0 && (int)off / n == crow ? '>' : ' ', VC_DIM);
	for (int i = 0; i < n; i++) {
		int plain = ok[i] && b[i] ? VC_NORMAL : VC_DIM;
		if (other && (ok[i] != ook[i] || (ok[i] && b[i] != ob[i])))
			plain |= VC_CHANGED;
		int at = (int)off + i == cur ? VC_CURSOR : plain;
		CELL(' ', plain);	/* the separator takes its byte's role */
		CELL(ok[i] ? hex[b[i] >> 4] : '?', at);
		CELL(ok[i] ? hex[b[i] & 15] : '?', at);
	}
	CELL(' ', VC_DIM);
	CELL(' ', VC_DIM);
	for (int i = 0; i < n; i++) {
		bool pr = ok[i] && isprint(b[i]);
		CELL(!ok[i] ? '?' : pr ? b[i] : '.', (int)off + i == cur ?
		     VC_CURSOR : pr ? VC_NORMAL : VC_DIM);
	}
#undef CELL
	r->text[k] = '\0';
	r->len = k;
}

/* ---- the page map -------------------------------------------------------- */

void view_map_title(struct session *s, const struct view_map *m, char *buf,
		    size_t len)
{
	const struct pt_mode_desc *d = sess_mode(s);
	const char *kreg = view_kernel_region(s, sess_va(s));

	/* base, span (the page table's reach) and the cursor's index */
	snprintf(buf, len, "Page map %0*" PRIx64 " +%uM @%x%s%s",
		 d && d->va_bits == 32 ? 8 : 12, m->base, m->n / 256, m->cur,
		 kreg ? "  " : "", kreg ? kreg : "");
}

void view_map_row(struct session *s, const struct view_map *m, unsigned row,
		  unsigned cols, struct view_map_row *out)
{
	const struct diff_set *diff = sess_diff(s);
	uint64_t ps = view_page_size(s);
	bool changed = false;

	if (cols > VIEW_MAP_COLS)
		cols = VIEW_MAP_COLS;
	out->n = 0;
	for (unsigned c = 0; c < cols && row * cols + c < m->n; c++) {
		unsigned i = row * cols + c;
		const struct pgstate_desc *d = pgstate_desc(m->st[i]);
		struct view_map_cell *x = &out->cell[out->n++];
		x->letter = d->letter == ' ' ? '_' : d->letter;
		x->state = m->st[i];
		x->cursor = i == m->cur;
		x->changed = diff && diff_at(diff, m->base + (uint64_t)i * ps);
		changed |= x->changed;
	}
	/* '>' marks the cursor's row even without colour; '*' a row holding
	 * a page that changed since the --diff snapshot */
	bool cur = m->cur / cols == row;
	snprintf(out->label, sizeof(out->label), "%03x%c", row * cols,
		 cur ? '>' : changed ? '*' : ' ');
	out->role = cur ? VR_HEADER : VR_DIM;
}

/* ---- a table page ------------------------------------------------------- */

static uint64_t table_base(const struct session *s, const struct pt_walk *pw,
			   unsigned lvl)
{
	return pw->lv[lvl].entry_pa -
	       (uint64_t)pw->lv[lvl].index * sess_mode(s)->esize;
}

/* The entry at index i of the table the walk's level lvl lives in. */
static bool table_entry(struct session *s, const struct pt_walk *pw,
			unsigned lvl, unsigned i, uint64_t *raw)
{
	unsigned es = sess_mode(s)->esize;
	uint8_t b[8];

	if (fmt_read(sess_source(s), table_base(s, pw, lvl) + (uint64_t)i * es,
		     b, es, NULL) < 0)
		return false;
	*raw = es == 8 ? le_u64(b) : le_u32(b);
	return true;
}

unsigned view_table_shown(struct session *s, const struct pt_walk *pw,
			  unsigned lvl, bool hide_zero, unsigned *idx,
			  unsigned *at)
{
	const struct pt_level *l = &pw->lv[lvl];
	unsigned n = pt_table_entries(sess_mode(s), lvl), k = 0;

	*at = 0;
	for (unsigned i = 0; i < n && i < VIEW_TABLE_MAX; i++) {
		uint64_t raw;
		if (hide_zero && i != l->index && table_entry(s, pw, lvl, i, &raw) &&
		    !raw)
			continue;
		if (i == l->index)
			*at = k;
		idx[k++] = i;
	}
	return k;
}

int view_table_top(unsigned at, unsigned n, int rows, int want)
{
	int top = want >= 0 ? want : (int)at - rows / 2;

	if (top > (int)n - rows)
		top = (int)n - rows;
	return top < 0 ? 0 : top;
}

void view_table_title(struct session *s, const struct pt_walk *pw,
		      unsigned lvl, bool hide_zero, char *buf, size_t len)
{
	const struct pt_level *l = &pw->lv[lvl];

	snprintf(buf, len, "Table %s #%" PRIx64 " (%s %x)%s",
		 sess_mode(s)->lv[lvl].table, table_base(s, pw, lvl), l->name,
		 l->index, hide_zero ? ", empty hidden" : "");
}

uint64_t view_table_va(struct session *s, const struct pt_walk *pw,
		       unsigned lvl, unsigned i)
{
	const struct pt_mode_desc *d = sess_mode(s);
	uint64_t span = 1ull << d->lv[lvl].shift;
	uint64_t base = (pw->va & ~(span - 1)) -
			(uint64_t)pw->lv[lvl].index * span;

	return pt_va_canon(d->mode, base + (uint64_t)i * span);
}

void view_table_line(struct session *s, const struct pt_walk *pw,
		     unsigned lvl, unsigned i, bool vacol, struct view_line *l)
{
	const struct pt_mode_desc *d = sess_mode(s);
	const struct pte_ctx *c = &sess_ctx(s)->pte;
	unsigned es = d->esize;
	char vcol[24] = "", flags[12];
	uint64_t raw;

	memset(l, 0, sizeof(*l));
	if (vacol)
		snprintf(vcol, sizeof(vcol), "%0*" PRIx64 " ",
			 d->va_bits == 32 ? 8 : 16, view_table_va(s, pw, lvl, i));
	l->role = i == pw->lv[lvl].index ? VR_SELECT : VR_NORMAL;
	if (!table_entry(s, pw, lvl, i, &raw)) {
		snprintf(l->text, sizeof(l->text), "%3x  %snot in dump", i, vcol);
		return;
	}
	struct pte_info in;
	pte_decode(c, d->lv[lvl].role, raw, &in);
	pte_flag_string(c, &in, flags);
	if (!in.present && l->role != VR_SELECT)
		l->role = VR_DIM;
	/* '>' marks the walk's entry even without colour */
	char mark = i == pw->lv[lvl].index ? '>' : ' ';
	if (in.present)
		snprintf(l->text, sizeof(l->text), "%3x%c%s%0*" PRIX64 " %s %s",
			 i, mark, vcol, (int)es * 2, raw, flags,
			 in.large ? "large" : "valid");
	else
		snprintf(l->text, sizeof(l->text), "%3x%c%s%0*" PRIX64 " %s", i,
			 mark, vcol, (int)es * 2, raw, pte_kind_name(in.kind));
}

bool view_table_step(struct session *s, const struct pt_walk *pw,
		     unsigned lvl, bool hide_zero, int dir, uint64_t *va)
{
	int n = (int)pt_table_entries(sess_mode(s), lvl);
	int i = (int)pw->lv[lvl].index;
	uint64_t raw;

	do
		i += dir;
	while (i >= 0 && i < n && hide_zero &&
	       table_entry(s, pw, lvl, (unsigned)i, &raw) && !raw);
	if (i < 0 || i >= n)
		return false;
	*va = view_table_va(s, pw, lvl, (unsigned)i);
	return true;
}

/* ---- the physical panel ------------------------------------------------- */

unsigned view_regions(struct session *s, const struct pt_walk *pw, int rows,
		      int width, struct view_line *out, unsigned max)
{
	const struct fmt_source *src = sess_source(s);
	unsigned n = 0;

	if (!max || rows < 1)
		return 0;
	if (!src->nregions) {
		memset(out, 0, sizeof(*out));
		snprintf(out->text, sizeof(out->text),
			 "no region data in this minidump");
		return 1;
	}
	/* the walk's region in the middle, the table filling the rows */
	size_t cur = pw->region ? (size_t)(pw->region - src->regions) : 0;
	size_t top = cur > (size_t)rows / 2 ? cur - (size_t)rows / 2 : 0;
	if (top + (size_t)rows > src->nregions)
		top = src->nregions > (size_t)rows ? src->nregions - (size_t)rows : 0;
	struct outbuf ob;
	ob_init(&ob);
	region_table(src, top, (size_t)rows, pw->region, width, &ob);
	for (const char *p = ob_str(&ob); *p && n < max && (int)n < rows; n++) {
		size_t k = strcspn(p, "\n");
		memset(&out[n], 0, sizeof(out[n]));
		snprintf(out[n].text, sizeof(out[n].text), "%.*s", (int)k, p);
		out[n].role = p[0] == '>' ? VR_SELECT : VR_NORMAL;
		p += k + (p[k] == '\n');
	}
	ob_fini(&ob);
	return n;
}

void view_phys_of(struct session *s, const struct pt_walk *pw, bool table,
		  bool detached, uint64_t pa_cursor, bool room,
		  struct view_phys *p)
{
	unsigned ps = view_page_size(s);
	uint64_t mask = ps - 1;

	memset(p, 0, sizeof(*p));
	if (pw->stop == PT_NO_PAGING && !detached) {
		p->kind = VP_REGIONS;
		snprintf(p->title, sizeof(p->title), "Regions (MemoryInfoList)");
		return;
	}
	if (table && pw->nlv > 0 && pw->lv[0].read) {
		p->kind = VP_TABLE;
		return;		/* the title is view_table_title's */
	}
	/* A transition or PROT_NONE entry still names its frame, and the
	 * frame's bytes are in the image: show them. */
	const struct pte_info *li = pw->nlv ? &pw->lv[pw->stop_lvl].info : NULL;
	bool kept = pw->stop == PT_NOT_PRESENT && li &&
		    (li->kind == PTE_WIN_TRANSITION || li->kind == PTE_LINUX_PROTNONE);
	if (detached || pw->stop == PT_OK || kept) {
		uint64_t pa = detached ? pa_cursor :
			      kept ? li->frame | (pw->va & mask) : pw->pa;
		unsigned shift = (unsigned)__builtin_ctz(ps);
		bool in = fmt_present(sess_source(s), pa >> FMT_PAGE_SHIFT);
		p->kind = VP_FRAME;
		p->pa = pa;
		if (detached) {
			snprintf(p->title, sizeof(p->title), "PA %08" PRIx64
				 " detached%s", pa & ~mask, in ? "" :
				 ", not in dump");
		} else {
			/* Linux: the frame's struct page in a few words */
			char pg[64];
			const char *note = view_frame_note(s, pa >> shift, pg,
							   sizeof(pg));
			snprintf(p->title, sizeof(p->title), note ? "PA %08" PRIx64
				 " pfn %" PRIx64 "%s%s%s%s" : "PA %08" PRIx64
				 " (pfn %" PRIx64 ")%s%s%s%s", pa & ~mask,
				 pa >> shift, in ? "" : " not in dump",
				 kept ? " kept frame" : "", note ? " " : "",
				 note ? note : "");
		}
		/* Windows: the frame's PFN database entry above its bytes */
		char pl[2][64];
		p->nlines = room ? view_frame_pfn(s, pa >> shift, pl) : 0;
		for (unsigned i = 0; i < p->nlines; i++)
			snprintf(p->lines[i], sizeof(p->lines[i]), "%s", pl[i]);
		return;
	}
	const struct pgstate_desc *sd = pgstate_desc_os(pgstate_of_walk(pw),
						sess_ctx(s)->pte.os);
	p->kind = VP_NONE;
	snprintf(p->title, sizeof(p->title), "PA");
	snprintf(p->lines[0], sizeof(p->lines[0]), "No frame: %s", sd->name);
	snprintf(p->lines[1], sizeof(p->lines[1]), "(%s)", sd->desc);
	snprintf(p->lines[3], sizeof(p->lines[3]),
		 "Tab, then Enter on a level: its table.");
	p->nlines = 4;
}
