/* The page map: every page of the current page table's span, one cell
 * each, lettered and coloured by state, the cursor's page marked, and a
 * legend of the states on screen.  Arrows move the cursor page by page. */
#include "config.h"

#include "app.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff.h"
#include "session.h"

/* The panel's state: the map of the span around the cursor, a memo
 * (view_map_fill refills it only when the span or the session changed),
 * so drawing a const panel may still bring it up to date. */
struct map {
	struct view_map *m;
};

static void map_init(void *st)
{
	((struct map *)st)->m = calloc(1, sizeof(struct view_map));
}

static void map_fini(void *st)
{
	free(((struct map *)st)->m);
}

/* The map of the cursor's span, up to date (NULL: out of memory). */
static struct view_map *map_of(const struct ui_app *a)
{
	struct view_map *m = ((const struct map *)a->panel[F_MAP].st)->m;

	if (m)
		view_map_fill(a->s, sess_va(a->s), m);
	return m;
}

/* Legend items for the states present, packed into lines of width wd. */
static int legend(const struct ui_app *a, const struct view_map *m,
		  WINDOW *w, int y, int wd, bool draw)
{
	int x = 1, lines = 1;

	for (int st = 0; st < PGS_COUNT; st++) {
		if (!m->count[st])
			continue;
		const struct pgstate_desc *d = pgstate_desc((enum pgstate)st);
		int len = 2 + (int)strlen(d->name) + 2;
		if (x > 1 && x + len > wd - 1) {
			x = 1;
			lines++;
			y++;
		}
		if (draw) {
			wattrset(w, ui_state_attr(a, (enum pgstate)st));
			mvwaddch(w, y, x, (chtype)(d->letter == ' ' ? '_' : d->letter));
			wattrset(w, ui_attr(a, R_DIM));
			ui_put(w, y, x + 2, wd - 2 - x - 2, d->name);
		}
		x += len;
	}
	wattrset(w, A_NORMAL);
	return lines;
}

/* Which rows of cells are on screen (the cursor's near the middle). */
static void rows_shown(const struct ui_app *a, const struct view_map *m,
		       WINDOW *w, int h, int wd, int *cols, int *nrows,
		       int *avail, int *top)
{

	*cols = a->L.map_cols;
	*nrows = (int)m->n / *cols;
	*avail = h - 2 - legend(a, m, w, 0, wd, false);
	if (*avail < 1)
		*avail = 1;
	int crow = (int)m->cur / *cols;
	*top = *nrows <= *avail ? 0 : crow - *avail / 2;
	if (*top > *nrows - *avail)
		*top = *nrows - *avail;
	if (*top < 0)
		*top = 0;
}

bool ui_map_hit(const struct ui_app *a, int y, int x, uint64_t *va)
{
	WINDOW *w = a->win[F_MAP];
	int h = a->L.map.h, wd = a->L.map.w, cols, nrows, avail, top;
	const struct view_map *m = map_of(a);

	if (!w || !m || !m->valid)
		return false;
	rows_shown(a, m, w, h, wd, &cols, &nrows, &avail, &top);
	int r = y - 1, c = x - 5;
	if (r < 0 || r >= avail || top + r >= nrows || c < 0 || c >= cols ||
	    c + 5 >= wd - 1)
		return false;
	*va = m->base + (uint64_t)((top + r) * cols + c) * view_page_size(a->s);
	return true;
}

static void map_draw(const struct ui_app *a, const void *st, WINDOW *w,
		     int h, int wd)
{
	const struct view_map *m = map_of(a);
	char title[96];
	struct view_map_row row;

	(void)st;
	if (!m)
		return;
	view_map_title(a->s, m, title, sizeof(title));
	ui_box(a, w, h, wd, title, a->focus == F_MAP);
	int cols, nrows, avail, top;
	rows_shown(a, m, w, h, wd, &cols, &nrows, &avail, &top);
	for (int r = 0; r < avail && top + r < nrows; r++) {
		view_map_row(a->s, m, (unsigned)(top + r), (unsigned)cols, &row);
		wattrset(w, ui_role_attr(a, row.role, 0));
		ui_put(w, r + 1, 1, 4, row.label);
		chtype cells[VIEW_MAP_COLS + 1];
		int k = 0;
		for (unsigned c = 0; c < row.n && (int)c + 5 < wd - 1; c++) {
			const struct view_map_cell *x = &row.cell[c];
			attr_t at = x->cursor ? ui_attr(a, R_CURSOR) :
				    ui_state_attr(a, x->state);
			if (!(at & A_COLOR))	/* chtype strings skip the background */
				at |= ui_paper(a);
			if (x->changed)
				at |= A_UNDERLINE | A_BOLD;
			cells[k++] = (chtype)(unsigned char)x->letter | at;
		}
		cells[k] = 0;
		mvwaddchnstr(w, r + 1, 5, cells, k);
	}
	legend(a, m, w, h - 1 - legend(a, m, w, 0, wd, false), wd, true);
}

static enum ui_result k_cell(struct ui_app *a, void *st, int ch)
{
	uint64_t va = sess_va(a->s), ps = view_page_size(a->s);
	const struct view_map *m = map_of(a);
	int64_t step;

	(void)st;
	switch (ch) {
	case KEY_LEFT: case 'h': step = -1; break;
	case KEY_RIGHT: case 'l': step = 1; break;
	case KEY_UP: case 'k': step = -a->L.map_cols; break;
	case KEY_DOWN: case 'j': step = a->L.map_cols; break;
	default: return UI_IGNORED;	/* not in the table */
	}
	uint64_t nva = va + (uint64_t)step * ps;
	/* stay inside the map's span: moving out is what n/p are for */
	if (m && (nva & ~((uint64_t)m->n * ps - 1)) == m->base)
		sess_set_va(a->s, nva);
	return UI_HANDLED;
}

static const struct ui_key map_keys[] = {
	{ { KEY_LEFT, 'h', KEY_RIGHT, 'l', KEY_UP, 'k', KEY_DOWN, 'j' },
	  k_cell, { 0 } },
};

const struct ui_panel_ops ui_map_ops = {
	.size = sizeof(struct map), .init = map_init, .fini = map_fini,
	.draw = map_draw,
	.keys = map_keys, .nkeys = sizeof(map_keys) / sizeof(map_keys[0]),
};
