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
static void put_line(const struct ui_app *a, WINDOW *w, int y, int wd,
		     const struct view_line *l)
{
	wattrset(w, ui_role_attr(a, l->role, l->state));
	ui_put(w, y, 1, wd - 2, l->text);
	wattrset(w, A_NORMAL);
}

static void walk_draw(const struct ui_app *a, const void *st, WINDOW *w,
		      int h, int wd)
{
	struct pt_walk pw;
	struct view_walk v;
	int y = 1;

	sess_walk(a->s, sess_va(a->s), &pw);
	(void)st;
	view_walk_text(a->s, &pw, a->focus == F_WALK ? (int)a->level : -1,
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

/* The walk has no state of its own: the selected level is the root's
 * (the physical panel shows its table, f its fields). */
static enum ui_result k_level(struct ui_app *a, void *st, int ch)
{
	struct pt_walk pw;

	(void)st;
	sess_walk(a->s, sess_va(a->s), &pw);
	a->level = view_level_of(&pw, a->level);
	if ((ch == KEY_UP || ch == 'k') && a->level > 0)
		a->level--;
	else if ((ch == KEY_DOWN || ch == 'j') && a->level + 1 < pw.nlv)
		a->level++;
	ui_app_event(a, UE_LEVEL, 0);
	return UI_HANDLED;
}

static enum ui_result k_table(struct ui_app *a, void *st, int ch)
{
	struct pt_walk pw;

	(void)st, (void)ch;
	sess_walk(a->s, sess_va(a->s), &pw);
	if (pw.nlv > 0 && pw.lv[0].read)
		ui_app_event(a, UE_TABLE, 0);
	return UI_HANDLED;
}

/* Enter's doc covers the table's own keys too (ui/panel_hex.c). */
static const struct ui_key walk_keys[] = {
	{ { KEY_UP, 'k', KEY_DOWN, 'j' }, k_level, { 0 } },
	{ { '\n', '\r', KEY_ENTER }, k_table, { "Panels", "Enter  u  z",
	  "(walk) its table; in a table: into, up, hide empty", NULL, 0 } },
};

const struct ui_panel_ops ui_walk_ops = {
	.draw = walk_draw,
	.keys = walk_keys, .nkeys = sizeof(walk_keys) / sizeof(walk_keys[0]),
};
