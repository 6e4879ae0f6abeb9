/* The virtual-page and physical-page panels: hexdumps with an offset
 * column and a byte cursor; the physical panel can instead show one table
 * page of the walk, one decoded entry per row (Enter on a walk level). */
#include "config.h"

#include "app.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
static void hex_rows(const struct ui_app *a, WINDOW *w, int h, int wd, bool virt,
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

static void virt_draw(const struct ui_app *a, const void *st, WINDOW *w,
		      int h, int wd)
{
	uint64_t va = sess_va(a->s), mask = view_page_size(a->s) - 1;
	char title[96];

	(void)st;
	view_virt_title(a->s, va, a->ascii, title, sizeof(title));
	ui_box(a, w, h, wd, title, a->focus == F_VIRT);
	hex_rows(a, w, h, wd, true, va & ~mask, (int)(va & mask), 0);
}

/* The virtual page has no state of its own: its cursor is the session's
 * VA, which the root's keys move. */
const struct ui_panel_ops ui_virt_ops = { .draw = virt_draw };

/* ---- physical panel ---------------------------------------------------- */

struct phys {
	bool table;		/* the selected level's table page */
	bool hide_zero;		/* ... without its zero entries (z) */
	int top;		/* its first row shown, -1: the walk's entry in
				   the middle */
	bool detached;		/* a frame no page maps (G) */
	uint64_t pa;		/* ... its address */
};

static void phys_init(void *st)
{
	((struct phys *)st)->top = -1;
}

bool ui_phys_detached(const struct ui_app *a, uint64_t *pa)
{
	const struct phys *p = a->panel[F_PHYS].st;

	*pa = p->pa;
	return p->detached;
}

/* The table page's entries shown and the first on screen. */
static int table_top(const struct ui_app *a, const struct phys *p,
		     const struct pt_walk *pw, unsigned *idx, unsigned *nshow)
{
	unsigned at;

	*nshow = view_table_shown(a->s, pw, view_level_of(pw, a->level),
				  p->hide_zero, idx, &at);
	return view_table_top(at, *nshow, a->L.phys.h - 2, p->top);
}

/* A click on a table page's row: the VA that entry covers. */
bool ui_table_hit(struct ui_app *a, int y, uint64_t *va)
{
	struct phys *p = a->panel[F_PHYS].st;
	struct pt_walk pw;
	unsigned idx[VIEW_TABLE_MAX], nshow;

	sess_walk(a->s, sess_va(a->s), &pw);
	if (!sess_mode(a->s) || !pw.nlv || !p->table)
		return false;
	int rows = a->L.phys.h - 2, r = y - 1;
	int top = table_top(a, p, &pw, idx, &nshow);
	if (r < 0 || r >= rows || (unsigned)(top + r) >= nshow)
		return false;
	*va = view_table_va(a->s, &pw, view_level_of(&pw, a->level),
			    idx[top + r]);
	p->top = top;	/* the rows stay where they were */
	return true;
}

static void table_draw(const struct ui_app *a, const struct phys *p,
		       WINDOW *w, int h, int wd, const struct pt_walk *pw)
{
	unsigned lvl = view_level_of(pw, a->level);
	unsigned idx[VIEW_TABLE_MAX], nshow;
	char title[96];
	int rows = h - 2;
	struct view_line l;

	view_table_title(a->s, pw, lvl, p->hide_zero, title, sizeof(title));
	ui_box(a, w, h, wd, title, a->focus == F_PHYS);
	int top = table_top(a, p, pw, idx, &nshow);
	/* wide enough: the VA each entry covers */
	bool vacol = wd - 2 >= 60;
	for (int r = 0; r < rows && (unsigned)(top + r) < nshow; r++) {
		view_table_line(a->s, pw, lvl, idx[top + r], vacol, &l);
		wattrset(w, ui_role_attr(a, l.role, l.state));
		ui_put(w, r + 1, 1, wd - 2, l.text);
		wattrset(w, A_NORMAL);
	}
}

/* Minidump: the regions around the cursor (the view model's lines). */
static void regions_draw(const struct ui_app *a, WINDOW *w, int h, int wd,
			 const struct pt_walk *pw, const char *title)
{
	int rows = h - 2;
	struct view_line *l = rows > 0 ? calloc((size_t)rows, sizeof(*l)) : NULL;

	ui_box(a, w, h, wd, title, a->focus == F_PHYS);
	unsigned n = l ? view_regions(a->s, pw, rows, wd - 2, l,
				      (unsigned)rows) : 0;
	for (unsigned i = 0; i < n; i++) {
		wattrset(w, ui_role_attr(a, l[i].role, l[i].state));
		ui_put(w, (int)i + 1, 1, wd - 2, l[i].text);
	}
	wattrset(w, A_NORMAL);
	free(l);
}

static void phys_draw(const struct ui_app *a, const void *st, WINDOW *w,
		      int h, int wd)
{
	const struct phys *ph = st;
	struct pt_walk pw;
	struct view_phys p;

	sess_walk(a->s, sess_va(a->s), &pw);
	view_phys_of(a->s, &pw, ph->table, ph->detached, ph->pa, h >= 8, &p);
	switch (p.kind) {
	case VP_REGIONS:
		regions_draw(a, w, h, wd, &pw, p.title);
		return;
	case VP_TABLE:
		table_draw(a, ph, w, h, wd, &pw);
		return;
	case VP_FRAME:
	case VP_NONE:
		ui_box(a, w, h, wd, p.title, a->focus == F_PHYS);
		wattrset(w, ui_attr(a, R_DIM));
		for (unsigned i = 0; i < p.nlines; i++)
			ui_put(w, 1 + (int)i, 1, wd - 2, p.lines[i]);
		wattrset(w, A_NORMAL);
		if (p.kind == VP_FRAME) {
			uint64_t mask = view_page_size(a->s) - 1;
			hex_rows(a, w, h, wd, false, p.pa & ~mask,
				 (int)(p.pa & mask), (int)p.nlines);
		}
		return;
	}
}

/* Up and down in a table page move the cursor entry by entry (over the
 * empty ones when they are hidden): the walk, and so every panel, follow. */
static void table_step(struct ui_app *a, struct phys *p, int dir)
{
	struct pt_walk pw;
	uint64_t va;

	sess_walk(a->s, sess_va(a->s), &pw);
	if (!view_table_step(a->s, &pw, view_level_of(&pw, a->level),
			     p->hide_zero, dir, &va)) {
		ui_app_message(a, false, "%s of the table", dir < 0 ? "start" : "end");
		return;
	}
	sess_set_va(a->s, va);
	p->top = -1;
}

/* The keys of a table page (none while the panel shows a frame). */
static enum ui_result k_table(struct ui_app *a, void *st, int ch)
{
	struct phys *p = st;
	struct pt_walk pw;
	unsigned idx[VIEW_TABLE_MAX], n;

	if (!p->table)
		return UI_IGNORED;
	sess_walk(a->s, sess_va(a->s), &pw);
	a->level = view_level_of(&pw, a->level);
	switch (ch) {
	case KEY_UP: case 'k':
		table_step(a, p, -1);
		break;
	case KEY_DOWN: case 'j':
		table_step(a, p, 1);
		break;
	case '\n': case KEY_ENTER: {	/* into what the entry maps */
		const struct pte_info *in = &pw.lv[a->level].info;
		if (!in->present) {
			ui_app_message(a, false, "a not-present entry leads nowhere");
		} else if (in->large || a->level + 1 >= sess_mode(a->s)->nlv) {
			p->table = false;	/* the page itself */
		} else {
			a->level++;
			p->top = -1;
		}
		break;
	}
	case 'u':	/* up to the table that holds this one */
		if (a->level > 0)
			a->level--;
		p->top = -1;
		break;
	case 'z':
		p->hide_zero = !p->hide_zero;
		p->top = -1;
		break;
	case KEY_PPAGE: case KEY_NPAGE: {
		int top = table_top(a, p, &pw, idx, &n);
		top += ch == KEY_NPAGE ? 16 : top > 16 ? -16 : -top;
		p->top = top;
		p->top = table_top(a, p, &pw, idx, &n);
		break;
	}
	}
	return UI_HANDLED;
}

static const struct ui_key phys_keys[] = {
	{ { KEY_UP, 'k', KEY_DOWN, 'j', '\n', KEY_ENTER, 'u', 'z', KEY_PPAGE,
	    KEY_NPAGE }, k_table, { 0 } },
};

static void phys_event(struct ui_app *a, void *st, enum ui_event ev,
		       uint64_t arg)
{
	struct phys *p = st;

	switch (ev) {
	case UE_MOVED:	/* the table stays while the walk or it has focus */
		if (arg && a->focus != F_WALK && a->focus != F_PHYS)
			p->table = false;
		p->detached = false;
		p->top = -1;
		break;
	case UE_LEVEL:
		p->top = -1;
		break;
	case UE_TABLE:
		p->table = true;
		p->top = -1;
		break;
	case UE_ESCAPE:
		p->table = p->detached = false;
		break;
	case UE_DETACH:
		p->detached = true;
		p->table = false;
		p->pa = arg;
		break;
	case UE_CLOSE:
		break;
	}
}

const struct ui_panel_ops ui_phys_ops = {
	.size = sizeof(struct phys), .init = phys_init, .draw = phys_draw,
	.event = phys_event,
	.keys = phys_keys, .nkeys = sizeof(phys_keys) / sizeof(phys_keys[0]),
};
