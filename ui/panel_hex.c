/* The virtual-page and physical-page panels: hexdumps with an offset
 * column and a byte cursor; the physical panel can instead show one table
 * page of the walk, one decoded entry per row (Enter on a walk level). */
#include "config.h"

#include "app.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "region.h"
#include "session.h"
#include "view.h"

bool ui_hex_hit(const struct ui_app *a, int y, int x, unsigned *off)
{
	int n = a->L.hex_bytes, h = a->L.virt.h;
	unsigned ps = view_page_size(a->s);
	int top = view_hex_top(a->s, h - 2, n, (int)(sess_va(a->s) & (ps - 1)));
	int r = y - 1, c = x - 1 - 4;	/* after the 3-digit label and mark */

	if (r < 0 || r >= h - 2 || c < 0)
		return false;
	int i = c < 3 * n ? c / 3 : c - 3 * n - 2;	/* hex, or the text */
	if (i < 0 || i >= n || (top + r) * n + i >= (int)ps)
		return false;
	*off = (unsigned)((top + r) * n + i);
	return true;
}

/* Rows of the page at base (the view model's, src/rows.c); cur is the
 * cursor's offset (or -1).  Each row is written as one chtype string
 * with waddchnstr: no per-character processing. */
static void hex_rows(struct ui_app *a, WINDOW *w, int h, int wd, bool virt,
		     uint64_t base, int cur, int skip)
{
	int n = a->L.hex_bytes, rows = h - 2 - skip;
	int total = (int)view_page_size(a->s) / n;
	int top = view_hex_top(a->s, h - 2 - skip, n, cur);
	/* chtype strings skip the background: normal cells get the paper */
	attr_t at[4] = { [VC_NORMAL] = ui_paper(a), [VC_DIM] = ui_attr(a, R_DIM),
			 [VC_CURSOR] = ui_attr(a, R_CURSOR) };
	chtype line[VIEW_HEX_COLS + 1];
	struct view_hex_row r;

	for (int i = 0; i < rows && top + i < total; i++) {
		view_hex_row(a->s, virt, base, (unsigned)((top + i) * n), n, cur,
			     &r);
		for (unsigned k = 0; k < r.len; k++)
			line[k] = (chtype)(unsigned char)r.text[k] |
				  at[r.cell[k] & 3] | (r.cell[k] & VC_CHANGED ?
				  A_UNDERLINE | A_BOLD : 0);
		line[r.len] = 0;
		mvwaddchnstr(w, i + 1 + skip, 1, line, (int)r.len < wd - 2 ?
			     (int)r.len : wd - 2);
	}
}

static void virt_draw(struct ui_app *a, WINDOW *w, int h, int wd)
{
	uint64_t va = sess_va(a->s), mask = view_page_size(a->s) - 1;
	char title[96];

	view_virt_title(a->s, va, a->ascii, title, sizeof(title));
	ui_box(a, w, h, wd, title, a->focus == F_VIRT);
	hex_rows(a, w, h, wd, true, va & ~mask, (int)(va & mask), 0);
}

static enum ui_result virt_key(struct ui_app *a, int ch)
{
	(void)a;
	(void)ch;
	return UI_IGNORED;	/* cursor keys are handled by the root */
}

const struct ui_panel_ops ui_virt_ops = { virt_draw, virt_key };

/* ---- physical panel ---------------------------------------------------- */

/* A click on a table page's row: the VA that entry covers. */
bool ui_table_hit(struct ui_app *a, int y, uint64_t *va)
{
	struct pt_walk pw;
	unsigned idx[VIEW_TABLE_MAX], nshow, at;

	sess_walk(a->s, sess_va(a->s), &pw);
	if (!sess_mode(a->s) || !pw.nlv || !a->table_mode)
		return false;
	unsigned lvl = view_level_of(&pw, a->walk_sel);
	int rows = a->L.phys.h - 2, r = y - 1;
	nshow = view_table_shown(a->s, &pw, lvl, a->table_hide_zero, idx, &at);
	int top = view_table_top(at, nshow, rows, a->phys_top);
	if (r < 0 || r >= rows || (unsigned)(top + r) >= nshow)
		return false;
	*va = view_table_va(a->s, &pw, lvl, idx[top + r]);
	a->phys_top = top;	/* the rows stay where they were */
	return true;
}

static void table_draw(struct ui_app *a, WINDOW *w, int h, int wd,
		       const struct pt_walk *pw)
{
	unsigned lvl = view_level_of(pw, a->walk_sel);
	unsigned idx[VIEW_TABLE_MAX], nshow, at;
	char title[96];
	int rows = h - 2;
	struct view_line l;

	view_table_title(a->s, pw, lvl, a->table_hide_zero, title, sizeof(title));
	ui_box(a, w, h, wd, title, a->focus == F_PHYS);
	nshow = view_table_shown(a->s, pw, lvl, a->table_hide_zero, idx, &at);
	int top = view_table_top(at, nshow, rows, a->phys_top);
	a->phys_top = top;
	/* wide enough: the VA each entry covers */
	bool vacol = wd - 2 >= 60;
	for (int r = 0; r < rows && (unsigned)(top + r) < nshow; r++) {
		view_table_line(a->s, pw, lvl, idx[top + r], vacol, &l);
		wattrset(w, ui_role_attr(a, l.role, l.state));
		ui_put(w, r + 1, 1, wd - 2, l.text);
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
	struct view_phys p;

	sess_walk(a->s, va, &pw);
	view_phys_of(a->s, &pw, a->table_mode, a->pa_mode, a->pa_cursor, h >= 8,
		     &p);
	switch (p.kind) {
	case VP_REGIONS:
		regions_draw(a, w, h, wd, &pw);
		return;
	case VP_TABLE:
		table_draw(a, w, h, wd, &pw);
		return;
	case VP_FRAME: {
		unsigned ps = view_page_size(a->s);
		ui_box(a, w, h, wd, p.title, a->focus == F_PHYS);
		wattrset(w, ui_attr(a, R_DIM));
		for (unsigned i = 0; i < p.nlines; i++)
			ui_put(w, 1 + (int)i, 1, wd - 2, p.lines[i]);
		wattrset(w, A_NORMAL);
		hex_rows(a, w, h, wd, false, p.pa & ~(uint64_t)(ps - 1),
			 (int)(p.pa & (ps - 1)), (int)p.nlines);
		return;
	}
	case VP_NONE:
		ui_box(a, w, h, wd, p.title, a->focus == F_PHYS);
		wattrset(w, ui_attr(a, R_DIM));
		for (unsigned i = 0; i < p.nlines; i++)
			ui_put(w, 1 + (int)i, 1, wd - 2, p.lines[i]);
		wattrset(w, A_NORMAL);
		return;
	}
}

/* Up and down in a table page move the cursor entry by entry (over the
 * empty ones when they are hidden): the walk, and so every panel, follow. */
static void table_step(struct ui_app *a, int dir)
{
	struct pt_walk pw;
	uint64_t va;

	sess_walk(a->s, sess_va(a->s), &pw);
	if (!view_table_step(a->s, &pw, view_level_of(&pw, a->walk_sel),
			     a->table_hide_zero, dir, &va)) {
		ui_app_message(a, false, "%s of the table", dir < 0 ? "start" : "end");
		return;
	}
	sess_set_va(a->s, va);
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
		unsigned lvl = view_level_of(&pw, a->walk_sel);
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
