/* The walk panel: one row (or two, when narrow) per paging level from CR3:
 * index, entry address, raw value, flag columns and WinDbg's flag string
 * (on Linux the kernel's software bits: soft-dirty, uffd-wp, special);
 * then where the walk ended.  Up/down select a level, Enter shows its
 * table page in the physical panel. */
#include "config.h"

#include "app.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "rows.h"
#include "session.h"

/* The rows come from the view model (src/rows.c); this lays them out:
 * the levels from the top, the result on the last two rows. */
static void put_line(struct ui_app *a, WINDOW *w, int y, int wd,
		     const struct view_line *l)
{
	wattrset(w, ui_role_attr(a, l->role, l->state));
	ui_put(w, y, 1, wd - 2, l->text);
	wattrset(w, A_NORMAL);
}

static void walk_draw(struct ui_app *a, WINDOW *w, int h, int wd)
{
	struct pt_walk pw;
	struct view_walk v;
	int y = 1;

	sess_walk(a->s, sess_va(a->s), &pw);
	view_walk_text(a->s, &pw, a->focus == F_WALK ? (int)a->walk_sel : -1,
		       a->L.walk_wide, wd - 2, a->ascii, &v);
	ui_box(a, w, h, wd, v.title, a->focus == F_WALK);
	if (v.region) {
		for (unsigned i = 0; i < v.nrows; i++)
			put_line(a, w, y++, wd, &v.rows[i]);
		put_line(a, w, h - 3, wd, &v.result[0]);
		put_line(a, w, h - 2, wd, &v.result[1]);
		return;
	}
	put_line(a, w, y++, wd, &v.head);
	for (unsigned i = 0; i < v.nrows; i++) {
		if (v.rows[i].level_start && y >= h - 3)
			break;
		put_line(a, w, y++, wd, &v.rows[i]);
	}
	if (y < h - 3)
		y = h - 3;
	put_line(a, w, y, wd, &v.result[0]);
	put_line(a, w, y + 1, wd, &v.result[1]);
}

static enum ui_result walk_key(struct ui_app *a, int ch)
{
	struct pt_walk pw;

	sess_walk(a->s, sess_va(a->s), &pw);
	switch (ch) {
	case KEY_UP: case 'k':
		if (a->walk_sel > 0)
			a->walk_sel--;
		if (a->table_mode)
			a->phys_top = -1;
		return UI_HANDLED;
	case KEY_DOWN: case 'j':
		if (a->walk_sel + 1 < pw.nlv)
			a->walk_sel++;
		if (a->table_mode)
			a->phys_top = -1;
		return UI_HANDLED;
	case '\n': case '\r': case KEY_ENTER:
		if (pw.nlv == 0 || !pw.lv[0].read)
			return UI_HANDLED;
		a->table_mode = true;
		a->phys_top = -1;
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

const struct ui_panel_ops ui_walk_ops = { walk_draw, walk_key };
