/* The virtual-page and physical-page panels: hexdumps with an offset
 * column and a byte cursor; the physical panel can instead show one table
 * page of the walk, one decoded entry per row (Enter on a walk level). */
#include "config.h"

#include "app.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "le.h"
#include "region.h"
#include "session.h"
#include "view.h"

/* The first row of the page shown, the cursor's a third of the way down. */
static int hex_top(const struct ui_app *a, int h, int cur)
{
	int n = a->L.hex_bytes, rows = h - 2, total = 4096 / n;
	int top = (cur >= 0 ? cur / n : 0) - rows / 3;

	if (top > total - rows)
		top = total - rows;
	return top < 0 ? 0 : top;
}

bool ui_hex_hit(const struct ui_app *a, int y, int x, unsigned *off)
{
	int n = a->L.hex_bytes, h = a->L.virt.h;
	int top = hex_top(a, h, (int)(sess_va(a->s) & 0xFFF));
	int r = y - 1, c = x - 1 - 4;	/* after the 3-digit label and mark */

	if (r < 0 || r >= h - 2 || c < 0)
		return false;
	int i = c < 3 * n ? c / 3 : c - 3 * n - 2;	/* hex, or the text */
	if (i < 0 || i >= n || (top + r) * n + i >= 4096)
		return false;
	*off = (unsigned)((top + r) * n + i);
	return true;
}

/* Rows of the page starting at base; cur is the cursor's offset (or -1).
 * Each row is built as one chtype string and written with waddchnstr:
 * no per-character processing, and a separator takes the attributes of
 * the byte after it, so runs of dim bytes need no attribute changes. */
static void hex_rows(struct ui_app *a, WINDOW *w, int h, int wd, bool virt,
		     uint64_t base, int cur, int skip)
{
	static const char hex[] = "0123456789abcdef";
	int n = a->L.hex_bytes, rows = h - 2 - skip, total = 4096 / n;
	int top = hex_top(a, h - skip, cur);
	attr_t dim = ui_attr(a, R_DIM), curs = ui_attr(a, R_CURSOR);
	attr_t norm = ui_paper(a);	/* chtype strings skip the background */
	uint8_t b[32];
	bool ok[32];
	chtype line[3 + 2 + 32 * 3 + 2 + 32 + 1];

	int crow = cur >= 0 ? cur / n : 0;
	/* --diff: bytes that differ in the other snapshot are underlined */
	struct session *other = virt ? sess_other(a->s) : NULL;
	uint8_t ob[32];
	bool ook[32];
	for (int r = 0; r < rows && top + r < total; r++) {
		int off = (top + r) * n, k = 0;
		sess_read(a->s, virt, base + (uint64_t)off, b, ok, (size_t)n);
		if (other)
			sess_read(other, true, base + (uint64_t)off, ob, ook,
				  (size_t)n);
		for (int i = 8; i >= 0; i -= 4)
			line[k++] = (chtype)hex[(off >> i) & 15] | dim;
		/* '>' on the cursor's row: visible without colour too */
		line[k++] = (cur >= 0 && top + r == crow ? '>' : ' ') | dim;
		for (int i = 0; i < n; i++) {
			attr_t plain = ok[i] && b[i] ? norm : dim;
			if (other && (ok[i] != ook[i] || (ok[i] && b[i] != ob[i])))
				plain |= A_UNDERLINE | A_BOLD;
			attr_t at = off + i == cur ? curs : plain;
			line[k++] = ' ' | plain;
			line[k++] = (chtype)(ok[i] ? hex[b[i] >> 4] : '?') | at;
			line[k++] = (chtype)(ok[i] ? hex[b[i] & 15] : '?') | at;
		}
		line[k++] = ' ' | dim;
		line[k++] = ' ' | dim;
		for (int i = 0; i < n; i++) {
			bool pr = ok[i] && isprint(b[i]);
			chtype c = !ok[i] ? '?' : pr ? (chtype)b[i] : '.';
			line[k++] = c | (off + i == cur ? curs : pr ? norm : dim);
		}
		line[k] = 0;
		mvwaddchnstr(w, r + 1 + skip, 1, line, k < wd - 2 ? k : wd - 2);
	}
}

static void virt_draw(struct ui_app *a, WINDOW *w, int h, int wd)
{
	uint64_t va = sess_va(a->s);
	struct pt_walk pw;
	char title[96], vb[24];

	sess_walk(a->s, va, &pw);
	enum pgstate st = pgstate_of_walk(&pw);
	const struct pt_mode_desc *d = sess_mode(a->s);
	snprintf(vb, sizeof(vb), "%0*" PRIx64, d && d->va_bits == 32 ? 8 : 12,
		 va & ~(uint64_t)0xFFF);
	snprintf(title, sizeof(title), "VA %s %s %s", vb,
		 a->ascii ? "-" : "\xc2\xb7", pgstate_desc(st)->name);
	ui_box(a, w, h, wd, title, a->focus == F_VIRT);
	hex_rows(a, w, h, wd, true, va & ~0xFFFull, (int)(va & 0xFFF), 0);
}

static enum ui_result virt_key(struct ui_app *a, int ch)
{
	(void)a;
	(void)ch;
	return UI_IGNORED;	/* cursor keys are handled by the root */
}

const struct ui_panel_ops ui_virt_ops = { virt_draw, virt_key };

/* ---- physical panel ---------------------------------------------------- */

/* The entry at index i of the table the walk's level lvl lives in. */
static bool table_entry(struct ui_app *a, const struct pt_walk *pw,
			unsigned lvl, unsigned i, uint64_t *raw)
{
	const struct pt_mode_desc *d = sess_mode(a->s);
	uint64_t table = pw->lv[lvl].entry_pa -
			 (uint64_t)pw->lv[lvl].index * d->esize;
	uint8_t b[8];

	if (fmt_read(sess_source(a->s), table + (uint64_t)i * d->esize, b,
		     d->esize, NULL) < 0)
		return false;
	*raw = d->esize == 8 ? le_u64(b) : le_u32(b);
	return true;
}

/* The rows a table page shows: every entry, or (z) those that are not
 * zero, in idx (*nshow of them); returns the first row shown. */
static int table_rows(struct ui_app *a, const struct pt_walk *pw,
		      unsigned lvl, int rows, unsigned idx[1024],
		      unsigned *nshow)
{
	const struct pt_mode_desc *d = sess_mode(a->s);
	const struct pt_level *l = &pw->lv[lvl];
	unsigned n = 1u << d->lv[lvl].bits, at = 0;

	*nshow = 0;
	for (unsigned i = 0; i < n && i < 1024; i++) {
		uint64_t raw;
		if (a->table_hide_zero && i != l->index &&
		    table_entry(a, pw, lvl, i, &raw) && !raw)
			continue;
		if (i == l->index)
			at = *nshow;
		idx[(*nshow)++] = i;
	}
	int top = a->phys_top >= 0 ? a->phys_top : (int)at - rows / 2;
	if (top > (int)*nshow - rows)
		top = (int)*nshow - rows;
	return top < 0 ? 0 : top;
}

/* A click on a table page's row: the VA that entry covers. */
bool ui_table_hit(struct ui_app *a, int y, uint64_t *va)
{
	const struct pt_mode_desc *d = sess_mode(a->s);
	struct pt_walk pw;
	unsigned idx[1024], nshow;

	sess_walk(a->s, sess_va(a->s), &pw);
	if (!d || !pw.nlv || !a->table_mode)
		return false;
	unsigned lvl = a->walk_sel < pw.nlv ? a->walk_sel : pw.nlv - 1;
	int rows = a->L.phys.h - 2, r = y - 1;
	int top = table_rows(a, &pw, lvl, rows, idx, &nshow);
	if (r < 0 || r >= rows || (unsigned)(top + r) >= nshow)
		return false;
	uint64_t span = 1ull << d->lv[lvl].shift;
	uint64_t base = (pw.va & ~(span - 1)) -
			(uint64_t)pw.lv[lvl].index * span;
	*va = pt_va_canon(d->mode, base + (uint64_t)idx[top + r] * span);
	a->phys_top = top;	/* the rows stay where they were */
	return true;
}

static void table_draw(struct ui_app *a, WINDOW *w, int h, int wd,
		       const struct pt_walk *pw)
{
	const struct pt_mode_desc *d = sess_mode(a->s);
	unsigned lvl = a->walk_sel < pw->nlv ? a->walk_sel : pw->nlv - 1;
	const struct pt_level *l = &pw->lv[lvl];
	unsigned es = d->esize;
	uint64_t table = l->entry_pa - (uint64_t)l->index * es;
	char title[96], line[160], flags[12];
	int rows = h - 2;

	snprintf(title, sizeof(title), "Table %s #%" PRIx64 " (%s %x)%s",
		 d->lv[lvl].table, table, l->name, l->index,
		 a->table_hide_zero ? ", empty hidden" : "");
	ui_box(a, w, h, wd, title, a->focus == F_PHYS);
	unsigned idx[1024], nshow;
	int top = table_rows(a, pw, lvl, rows, idx, &nshow);
	a->phys_top = top;
	/* wide enough: the VA each entry covers */
	bool vacol = wd - 2 >= 60;
	uint64_t span = 1ull << d->lv[lvl].shift;
	uint64_t vbase = (pw->va & ~(span - 1)) - (uint64_t)l->index * span;
	for (int r = 0; r < rows && (unsigned)(top + r) < nshow; r++) {
		unsigned i = idx[top + r];
		uint8_t b[8];
		struct pte_info in;
		char vcol[24] = "";
		if (vacol)
			snprintf(vcol, sizeof(vcol), "%0*" PRIx64 " ",
				 d->va_bits == 32 ? 8 : 16, pt_va_canon(d->mode,
				 vbase + (uint64_t)i * span));
		if (fmt_read(sess_source(a->s), table + (uint64_t)i * es, b, es,
			     NULL) < 0) {
			snprintf(line, sizeof(line), "%3x  %snot in dump", i, vcol);
		} else {
			uint64_t raw = es == 8 ? le_u64(b) : le_u32(b);
			pte_decode(&sess_ctx(a->s)->pte, d->lv[lvl].role, raw, &in);
			pte_flag_string(&sess_ctx(a->s)->pte, &in, flags);
			/* '>' marks the walk's entry even without colour */
			char mark = i == l->index ? '>' : ' ';
			if (in.present)
				snprintf(line, sizeof(line), "%3x%c%s%0*" PRIX64 " %s "
					 "%s", i, mark, vcol, (int)es * 2, raw, flags,
					 in.large ? "large" : "valid");
			else
				snprintf(line, sizeof(line), "%3x%c%s%0*" PRIX64 " %s",
					 i, mark, vcol, (int)es * 2, raw,
					 pte_kind_name(in.kind));
			wattrset(w, in.present ? A_NORMAL : ui_attr(a, R_DIM));
		}
		if (i == l->index)
			wattrset(w, ui_attr(a, R_SELECT));
		ui_put(w, r + 1, 1, wd - 2, line);
		wattrset(w, A_NORMAL);
	}
}

/* Minidump: the regions around the cursor, from MemoryInfoList. */
static void regions_draw(struct ui_app *a, WINDOW *w, int h, int wd,
			 const struct pt_walk *pw)
{
	const struct fmt_source *src = sess_source(a->s);
	int rows = h - 2;
	char line[200];

	ui_box(a, w, h, wd, "Regions (MemoryInfoList)", a->focus == F_PHYS);
	if (!src->nregions) {
		ui_put(w, 1, 1, wd - 2, "no region data in this minidump");
		return;
	}
	size_t cur = pw->region ? (size_t)(pw->region - src->regions) : 0;
	size_t top = cur > (size_t)rows / 2 ? cur - (size_t)rows / 2 : 0;
	if (top + (size_t)rows > src->nregions)
		top = src->nregions > (size_t)rows ? src->nregions - (size_t)rows : 0;
	struct outbuf ob;
	ob_init(&ob);
	region_table(src, top, (size_t)rows, pw->region, wd - 2, &ob);
	const char *p = ob_str(&ob);
	for (int r = 0; r < rows && *p; r++) {
		size_t n = strcspn(p, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		wattrset(w, line[0] == '>' ? ui_attr(a, R_SELECT) : A_NORMAL);
		ui_put(w, r + 1, 1, wd - 2, line);
		p += n + (p[n] == '\n');
	}
	ob_fini(&ob);
	wattrset(w, A_NORMAL);
}

static void phys_draw(struct ui_app *a, WINDOW *w, int h, int wd)
{
	uint64_t va = sess_va(a->s);
	struct pt_walk pw;
	char title[96];

	sess_walk(a->s, va, &pw);
	if (pw.stop == PT_NO_PAGING && !a->pa_mode) {
		regions_draw(a, w, h, wd, &pw);
		return;
	}
	if (a->table_mode && pw.nlv > 0 && pw.lv[0].read) {
		table_draw(a, w, h, wd, &pw);
		return;
	}
	/* A transition or PROT_NONE entry still names its frame, and the
	 * frame's bytes are in the image: show them. */
	const struct pte_info *li = pw.nlv ? &pw.lv[pw.stop_lvl].info : NULL;
	bool kept = pw.stop == PT_NOT_PRESENT && li &&
		    (li->kind == PTE_WIN_TRANSITION || li->kind == PTE_LINUX_PROTNONE);
	if (a->pa_mode || pw.stop == PT_OK || kept) {
		uint64_t pa = a->pa_mode ? a->pa_cursor :
			      kept ? li->frame | (va & 0xFFF) : pw.pa;
		bool in = fmt_present(sess_source(a->s), pa >> 12);
		if (a->pa_mode)
			snprintf(title, sizeof(title), "PA %08" PRIx64
				 " detached%s", pa & ~(uint64_t)0xFFF,
				 in ? "" : ", not in dump");
		else {
			/* Linux: the frame's struct page in a few words */
			char pg[64];
			const char *note = view_frame_note(a->s, pa >> 12, pg,
							   sizeof(pg));
			snprintf(title, sizeof(title), note ? "PA %08" PRIx64
				 " pfn %" PRIx64 "%s%s%s%s" : "PA %08" PRIx64
				 " (pfn %" PRIx64 ")%s%s%s%s",
				 pa & ~(uint64_t)0xFFF, pa >> 12,
				 in ? "" : " not in dump",
				 kept ? " kept frame" : "", note ? " " : "",
				 note ? note : "");
		}
		ui_box(a, w, h, wd, title, a->focus == F_PHYS);
		/* Windows: the frame's PFN database entry above its bytes */
		char pl[2][64];
		unsigned np = h >= 8 ? view_frame_pfn(a->s, pa >> 12, pl) : 0;
		wattrset(w, ui_attr(a, R_DIM));
		for (unsigned i = 0; i < np; i++)
			ui_put(w, 1 + (int)i, 1, wd - 2, pl[i]);
		wattrset(w, A_NORMAL);
		hex_rows(a, w, h, wd, false, pa & ~0xFFFull, (int)(pa & 0xFFF),
			 (int)np);
		return;
	}
	const struct pgstate_desc *sd = pgstate_desc_os(pgstate_of_walk(&pw),
						sess_ctx(a->s)->pte.os);
	ui_box(a, w, h, wd, "PA", a->focus == F_PHYS);
	wattrset(w, ui_attr(a, R_DIM));
	snprintf(title, sizeof(title), "No frame: %s", sd->name);
	ui_put(w, 1, 1, wd - 2, title);
	snprintf(title, sizeof(title), "(%s)", sd->desc);
	ui_put(w, 2, 1, wd - 2, title);
	ui_put(w, 4, 1, wd - 2, "Tab, then Enter on a level: its table.");
	wattrset(w, A_NORMAL);
}

/* Up and down in a table page move the cursor entry by entry (over the
 * empty ones when they are hidden): the walk, and so every panel, follow. */
static void table_step(struct ui_app *a, int dir)
{
	const struct pt_mode_desc *d = sess_mode(a->s);
	struct pt_walk pw;
	uint64_t va = sess_va(a->s), raw;

	sess_walk(a->s, va, &pw);
	unsigned lvl = a->walk_sel < pw.nlv ? a->walk_sel : pw.nlv - 1;
	unsigned n = 1u << d->lv[lvl].bits, shift = d->lv[lvl].shift;
	int i = (int)pw.lv[lvl].index;
	do
		i += dir;
	while (i >= 0 && i < (int)n && a->table_hide_zero &&
	       table_entry(a, &pw, lvl, (unsigned)i, &raw) && !raw);
	if (i < 0 || i >= (int)n) {
		ui_app_message(a, false, "%s of the table", dir < 0 ? "start" : "end");
		return;
	}
	uint64_t span = 1ull << shift;
	uint64_t base = (va & ~(span - 1)) - (uint64_t)pw.lv[lvl].index * span;
	sess_set_va(a->s, pt_va_canon(d->mode, base + (uint64_t)i * span));
	a->phys_top = -1;
}

static enum ui_result phys_key(struct ui_app *a, int ch)
{
	if (!a->table_mode)
		return UI_IGNORED;
	switch (ch) {
	case KEY_UP: case 'k':
		table_step(a, -1);
		return UI_HANDLED;
	case KEY_DOWN: case 'j':
		table_step(a, 1);
		return UI_HANDLED;
	case '\n': case KEY_ENTER: {	/* into what the entry maps */
		struct pt_walk pw;
		sess_walk(a->s, sess_va(a->s), &pw);
		unsigned lvl = a->walk_sel < pw.nlv ? a->walk_sel : pw.nlv - 1;
		const struct pte_info *in = &pw.lv[lvl].info;
		if (!in->present) {
			ui_app_message(a, false, "a not-present entry leads nowhere");
		} else if (in->large || lvl + 1 >= sess_mode(a->s)->nlv) {
			a->table_mode = false;	/* the page itself */
		} else {
			a->walk_sel = lvl + 1;
			a->phys_top = -1;
		}
		return UI_HANDLED;
	}
	case 'u':	/* up to the table that holds this one */
		if (a->walk_sel > 0)
			a->walk_sel--;
		a->phys_top = -1;
		return UI_HANDLED;
	case 'z':
		a->table_hide_zero = !a->table_hide_zero;
		a->phys_top = -1;
		return UI_HANDLED;
	case KEY_PPAGE:
		a->phys_top = a->phys_top > 16 ? a->phys_top - 16 : 0;
		return UI_HANDLED;
	case KEY_NPAGE:
		a->phys_top += 16;
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

const struct ui_panel_ops ui_phys_ops = { phys_draw, phys_key };
