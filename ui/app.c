/* The UI root: builds windows from the layout, routes keys (global keys
 * first, then the focused panel), runs commands from the prompt, and draws
 * every panel in one frame.  Panels never call one another: keys move the
 * session's cursor and the root redraws everything. */
#include "config.h"

#include "app.h"

#include "linux.h"
#include "os.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "diff.h"
#include "session.h"

static const struct ui_panel_ops *const panel_kinds[F_COUNT] = {
	[F_VIRT] = &ui_virt_ops, [F_WALK] = &ui_walk_ops,
	[F_PHYS] = &ui_phys_ops, [F_MAP] = &ui_map_ops, [F_OUT] = &ui_out_ops,
};

static const struct ui_rect *rect_of(const struct ui_app *a, enum ui_focus f)
{
	switch (f) {
	case F_VIRT: return &a->L.virt;
	case F_WALK: return &a->L.walk;
	case F_PHYS: return &a->L.phys;
	case F_MAP: return &a->L.map;
	case F_OUT: return &a->L.out;
	case F_COUNT: break;
	}
	return &a->L.virt;
}

static void free_windows(struct ui_app *a)
{
	for (int i = 0; i < F_COUNT; i++) {
		if (a->win[i])
			delwin(a->win[i]);
		a->win[i] = NULL;
	}
	if (a->prompt_win)
		delwin(a->prompt_win);
	if (a->status_win)
		delwin(a->status_win);
	a->prompt_win = a->status_win = NULL;
}

void ui_app_resize(struct ui_app *a, int rows, int cols)
{
	const struct pt_mode_desc *d = sess_mode(a->s);

	free_windows(a);
	a->rows = rows;
	a->cols = cols;
	ui_layout_compute(rows, cols, d ? d->nlv : 4, &a->L);
	clearok(curscr, TRUE);
	if (a->L.too_small)
		return;
	for (int i = 0; i < F_COUNT; i++) {
		const struct ui_rect *r = rect_of(a, (enum ui_focus)i);
		a->win[i] = newwin(r->h, r->w, r->y, r->x);
	}
	a->prompt_win = newwin(1, cols, a->L.prompt.y, 0);
	a->status_win = newwin(1, cols, a->L.status.y, 0);
	for (int i = 0; i < F_COUNT; i++)
		if (a->win[i]) {
			keypad(a->win[i], TRUE);
			wbkgdset(a->win[i], ' ' | ui_paper(a));
		}
	if (a->prompt_win)
		wbkgdset(a->prompt_win, ' ' | ui_paper(a));
}

struct ui_app *ui_app_new(struct session *s, const struct ui_opts *o,
			  struct err *e)
{
	struct ui_app *a = calloc(1, sizeof(*a));

	if (!a) {
		err_set(e, "out of memory");
		return NULL;
	}
	a->s = s;
	a->o = *o;
	ob_init(&a->scratch);
	for (int i = 0; i < F_COUNT; i++) {
		const struct ui_panel_ops *ops = panel_kinds[i];
		a->panel[i].ops = ops;
		if (ops->size && !(a->panel[i].st = calloc(1, ops->size))) {
			ui_app_free(a);
			err_set(e, "out of memory");
			return NULL;
		}
		if (ops->init)
			ops->init(a->panel[i].st);
	}
	/* The OS's view of the process the dump stopped in, from the start
	 * (Linux: symbols, types and VMAs, about 20 ms; Windows: the process
	 * list and VADs); what is missing is said when a command needs it */
	os_attach_current(s);
	a->ascii = o->ascii;
	ui_colors_init(a);
	curs_set(0);
	ui_app_resize(a, LINES, COLS);
	return a;
}

void ui_app_free(struct ui_app *a)
{
	if (!a)
		return;
	ui_prompt_free(a->prompt);
	ui_lesson_free(a->lesson);
	free_windows(a);
	for (int i = 0; i < F_COUNT; i++) {
		if (a->panel[i].st && a->panel[i].ops->fini)
			a->panel[i].ops->fini(a->panel[i].st);
		free(a->panel[i].st);
	}
	ob_fini(&a->scratch);
	free(a);
}

void ui_app_message(struct ui_app *a, bool error, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

static void draw_status(struct ui_app *a)
{
	WINDOW *w = a->status_win;
	char text[512];

	werase(w);
	wbkgdset(w, ' ' | (a->msg[0] && a->msg_error ? ui_attr(a, R_ERROR) :
			   ui_attr(a, R_STATUS)));
	wattrset(w, a->msg[0] && a->msg_error ? ui_attr(a, R_ERROR) :
		 ui_attr(a, R_STATUS));
	mvwhline(w, 0, 0, ' ', a->cols);
	if (a->msg[0]) {
		ui_put(w, 0, 1, a->cols - 2, a->msg);
	} else {
		size_t k = 0;
		uint64_t pa;
		if (ui_phys_detached(a, &pa))
			k = (size_t)snprintf(text, sizeof(text), "PA %" PRIx64
					     " detached: no virtual page maps it "
					     "(Esc)%s", pa,
					     a->ascii ? " | " : " \xc2\xb7 ");
		view_status(a->s, sess_va(a->s), a->ascii, text + k,
			    sizeof(text) - k);
		ui_put(w, 0, 1, a->cols - 10, text);
		mvwaddstr(w, 0, a->cols - 8, "? help");
	}
	wbkgdset(w, ' ');
	wattrset(w, A_NORMAL);
	wnoutrefresh(w);
}

void ui_app_status_now(struct ui_app *a, const char *fmt, ...)
{
	va_list ap;

	if (!a->status_win)
		return;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof(a->msg), fmt, ap);
	va_end(ap);
	a->msg_error = false;
	draw_status(a);
	doupdate();
}

static void draw_prompt(struct ui_app *a)
{
	WINDOW *w = a->prompt_win;

	werase(w);
	if (a->prompt && ui_prompt_active(a->prompt)) {
		ui_prompt_draw(a->prompt, w, a->cols);
	} else if (a->caption[0]) {	/* a lesson step */
		wattrset(w, ui_attr(a, R_HEADER));
		ui_put(w, 0, 0, a->cols, a->caption);
		wattrset(w, A_NORMAL);
	} else {
		char hint[256];
		size_t k = 0;
		const struct ui_key_doc *kd[UI_KEY_DOCS_MAX];
		size_t n = ui_key_docs(kd, UI_KEY_DOCS_MAX);
		hint[0] = '\0';
		for (int at = 1; at <= (int)n; at++)
			for (size_t i = 0; i < n; i++)
				if (kd[i]->hint_at == at && k < sizeof(hint))
					k += (size_t)snprintf(hint + k, sizeof(hint) - k,
							      "%s%s", k ? (a->ascii ?
							      "  " : " \xc2\xb7 ") :
							      "", kd[i]->hint);
		wattrset(w, ui_attr(a, R_DIM));
		ui_put(w, 0, 0, a->cols, hint);
		wattrset(w, A_NORMAL);
	}
	wnoutrefresh(w);
}

void ui_app_draw(struct ui_app *a)
{
	if (a->L.too_small) {
		erase();
		mvprintw(0, 0, "pagewalk needs at least %dx%d; this terminal is "
			 "%dx%d.", UI_MIN_COLS, UI_MIN_ROWS, a->cols, a->rows);
		mvprintw(1, 0, "Enlarge it, or press q to quit.");
		wnoutrefresh(stdscr);
		doupdate();
		return;
	}
	/* F_OUT comes last: it lies over the lower panels when open. */
	for (int i = 0; i < F_COUNT; i++) {
		if (i == F_OUT && !ui_out_is_open(a))
			continue;
		const struct ui_rect *r = rect_of(a, (enum ui_focus)i);
		werase(a->win[i]);
		a->panel[i].ops->draw(a, a->panel[i].st, a->win[i], r->h, r->w);
		wnoutrefresh(a->win[i]);
	}
	draw_status(a);
	draw_prompt(a);
	if (a->help_open)
		ui_help_draw(a);
	doupdate();
}

/* ---- keys ------------------------------------------------------------- */

void ui_app_event(struct ui_app *a, enum ui_event ev, uint64_t arg)
{
	for (int i = 0; i < F_COUNT; i++)
		if (a->panel[i].ops->event)
			a->panel[i].ops->event(a, a->panel[i].st, ev, arg);
}

static void move_va(struct ui_app *a, uint64_t va)
{
	bool changed = va != sess_va(a->s);

	sess_set_va(a->s, va);
	ui_app_event(a, UE_MOVED, changed);
}

/* A jump (g, G, a search hit, a command, a click in the map): the place
 * left is remembered, so - or Backspace can return to it. */
static void jump_va(struct ui_app *a, uint64_t va)
{
	uint64_t from = sess_va(a->s);

	if (va != from) {
		if (a->nback == UI_BACK_MAX) {
			memmove(a->back, a->back + 1, (UI_BACK_MAX - 1) *
				sizeof(a->back[0]));
			a->nback--;
		}
		a->back[a->nback++] = from;
	}
	move_va(a, va);
}

static void step_bytes(struct ui_app *a, int64_t delta)
{
	uint64_t va = sess_va(a->s), nva = va + (uint64_t)delta;
	uint64_t mask = view_page_size(a->s) - 1;

	/* Crossing a page boundary goes through view_step_page so the
	 * non-canonical hole is skipped. */
	if ((nva ^ va) & ~mask) {
		uint64_t p = view_step_page(a->s, va, delta > 0 ? 1 : -1);
		if (p == va)
			return;
		nva = (p & ~mask) | (nva & mask);
	}
	move_va(a, nva);
}

static void screenshot(struct ui_app *a)
{
	char path[64];
	struct err e;
	struct stat st;

	/* The first free name; a name taken since (or a planted symlink,
	 * which lstat sees) is skipped, never written through. */
	err_set(&e, "no free name pagewalk-shot-N.txt in this folder");
	/* every format asked for (--screenshot-format: txt by default) under
	 * one number that none of them has yet */
	const char *list = a->o.shot_formats ? a->o.shot_formats : "txt";
	char fmts[4][8];
	int nf = 0;
	for (const char *p = list; *p && nf < 4; ) {
		size_t n = strcspn(p, ",");
		snprintf(fmts[nf++], sizeof(fmts[0]), "%.*s", (int)(n < 7 ? n : 7), p);
		p += n + (p[n] == ',');
	}
	for (unsigned tries = 0; tries < 100000; tries++) {
		bool taken = false;
		++a->shots;
		for (int i = 0; i < nf && !taken; i++) {
			snprintf(path, sizeof(path), "pagewalk-shot-%u.%s", a->shots,
				 fmts[i]);
			taken = lstat(path, &st) == 0;
		}
		if (taken)
			continue;
		int i = 0;
		for (; i < nf; i++) {
			snprintf(path, sizeof(path), "pagewalk-shot-%u.%s", a->shots,
				 fmts[i]);
			if (ui_shot_write(a, path, true, &e) < 0)
				break;
		}
		if (i == nf) {
			snprintf(path, sizeof(path), "pagewalk-shot-%u.%s", a->shots,
				 fmts[0]);
			ui_app_message(a, false, "screenshot written to ./%s%s", path,
				       nf > 1 ? " (and the other formats)" : "");
			return;
		}
		if (i > 0 || (errno != EEXIST && errno != ELOOP))
			break;
	}
	ui_app_message(a, true, "%s", e.msg);
}

static void open_prompt(struct ui_app *a, enum prompt_kind k, const char *text)
{
	if (!a->prompt)
		return;
	a->pk = k;
	ui_prompt_open(a->prompt, k, text);
}

static void do_search(struct ui_app *a, const char *pattern);
static void do_search_dir(struct ui_app *a, const char *pattern, bool back);

/* ---- the root's keys: one table (keys, handler, how help lists them) -- */

static enum ui_result k_page(struct ui_app *a, void *st, int ch)
{
	(void)st;
	move_va(a, view_step_page(a->s, sess_va(a->s),
				  ch == 'n' || ch == ']' ? 1 : -1));
	return UI_HANDLED;
}

/* } {: the next page whose state differs; ) (: --diff's next change. */
static enum ui_result k_change(struct ui_app *a, void *st, int ch)
{
	uint64_t va = sess_va(a->s), to;
	int dir = ch == '}' || ch == ')' ? 1 : -1;

	(void)st;
	if (ch == '}' || ch == '{') {
		switch (view_seek_change(a->s, va, dir, &to)) {
		case VIEW_FOUND:
			move_va(a, to);
			break;
		case VIEW_NONE:
			ui_app_message(a, false, "no page %s with another state",
				       dir > 0 ? "after" : "before");
			break;
		case VIEW_BUDGET:	/* where it stopped: again goes on */
			move_va(a, to | (va & (view_page_size(a->s) - 1)));
			ui_app_message(a, false, "%u steps alike (a table under "
				       "every page?): stopped here; %c goes on",
				       VIEW_STEPS, ch);
			break;
		}
		return UI_HANDLED;
	}
	const struct diff_set *ds = sess_diff(a->s);
	if (!ds)
		ui_app_message(a, false, "no snapshot to compare (--diff FILE)");
	else if (!diff_next(ds, va, dir, &to))
		ui_app_message(a, false, "no change %s", dir > 0 ? "after" :
			       "before");
	else
		jump_va(a, to);
	return UI_HANDLED;
}

static enum ui_result k_bytes(struct ui_app *a, void *st, int ch)
{
	int bpr = a->L.hex_bytes ? a->L.hex_bytes : 16;
	int page = (a->L.virt.h - 2) * bpr;

	(void)st;
	switch (ch) {
	case KEY_LEFT: case 'h': step_bytes(a, -1); break;
	case KEY_RIGHT: case 'l': step_bytes(a, 1); break;
	case KEY_UP: case 'k': step_bytes(a, -bpr); break;
	case KEY_DOWN: case 'j': step_bytes(a, bpr); break;
	case KEY_PPAGE: step_bytes(a, -page); break;
	case KEY_NPAGE: step_bytes(a, page); break;
	}
	return UI_HANDLED;
}

static enum ui_result k_goto(struct ui_app *a, void *st, int ch)
{
	(void)st;
	if (ch == 'g' || ch == 'G') {
		open_prompt(a, ch == 'g' ? PK_GOTO_VA : PK_GOTO_PA, ch == 'g' ?
			    "go to VA: " : "go to PA: ");
		return UI_HANDLED;
	}
	if (!a->nback)	/* - or Backspace: back where a jump left */
		ui_app_message(a, false, "nowhere to go back to");
	else
		move_va(a, a->back[--a->nback]);
	return UI_HANDLED;
}

static enum ui_result k_search(struct ui_app *a, void *st, int ch)
{
	(void)st;
	if (ch == '/')
		open_prompt(a, PK_SEARCH, "search: ");
	else if (!a->last_search[0])	/* . next, , previous */
		ui_app_message(a, false, "no search yet (/ starts one)");
	else
		do_search_dir(a, a->last_search, ch == ',');
	return UI_HANDLED;
}

static enum ui_result k_tab(struct ui_app *a, void *st, int ch)
{
	(void)st, (void)ch;
	do
		a->focus = (enum ui_focus)((a->focus + 1) % F_COUNT);
	while ((a->focus == F_OUT && !ui_out_is_open(a)) ||
	       (ui_out_is_open(a) && (a->focus == F_PHYS || a->focus == F_MAP)));
	if (a->focus == F_WALK) {
		struct pt_walk pw;
		sess_walk(a->s, sess_va(a->s), &pw);
		a->level = pw.nlv ? pw.nlv - 1 : 0;
	}
	return UI_HANDLED;
}

static enum ui_result k_escape(struct ui_app *a, void *st, int ch)
{
	(void)st, (void)ch;
	ui_app_event(a, UE_ESCAPE, 0);
	return UI_HANDLED;
}

static enum ui_result k_command(struct ui_app *a, void *st, int ch)
{
	(void)st, (void)ch;
	open_prompt(a, PK_CMD, ":");
	return UI_HANDLED;
}

/* f: the selected (or last) level's entry as bit fields. */
static enum ui_result fields_key(struct ui_app *a)
{
	struct pt_walk pw;
	char line[64];

	sess_walk(a->s, sess_va(a->s), &pw);
	if (!pw.nlv) {
		ui_app_message(a, false, "no entry here (no page tables)");
		return UI_HANDLED;
	}
	unsigned l = a->focus == F_WALK && a->level < pw.nlv ? a->level :
		     pw.nlv - 1;
	if (!pw.lv[l].read) {
		ui_app_message(a, false, "the %s is not in the dump",
			       pw.lv[l].name);
		return UI_HANDLED;
	}
	snprintf(line, sizeof(line), "fields %" PRIx64, pw.lv[l].raw);
	ui_app_command(a, line);
	return UI_HANDLED;
}

static enum ui_result k_other(struct ui_app *a, void *st, int ch)
{
	char line[48];

	(void)st;
	switch (ch) {
	case 'e':	/* the cursor's walk, told step by step */
		snprintf(line, sizeof(line), "explain %" PRIx64, sess_va(a->s));
		ui_app_command(a, line);
		return UI_HANDLED;
	case 'f':
		return fields_key(a);
	case 'P':
		ui_app_command(a, "ps");
		return UI_REDRAW_ALL;
	default:	/* > <: a lesson's next and previous step */
		if (!a->lesson)
			return UI_IGNORED;
		ui_lesson_go(a, a->lesson, ch == '>' ? 1 : -1);
		return UI_HANDLED;
	}
}

static enum ui_result k_misc(struct ui_app *a, void *st, int ch)
{
	(void)st;
	if (ch == 'q' || ch == 'Q')
		return UI_QUIT;
	if (ch == 's')
		screenshot(a);
	else {
		a->help_open = true;
		a->help_top = 0;
	}
	return UI_HANDLED;
}

static enum ui_result k_resize(struct ui_app *a, void *st, int ch)
{
	(void)a, (void)st, (void)ch;
	return UI_REDRAW_ALL;
}

/* The keys every panel shares, tried after the focused panel's.  A row's
 * doc is what the help overlay, the hint bar and --help list (in this
 * order, then the panels' documented rows). */
static const struct ui_key root_keys[] = {
	{ { 'n', ']', 'p', '[' }, k_page, { "Moving", "n ]  p [", "next / "
	  "previous virtual page (or the wheel)", "n/p page", 4 } },
	{ { '}', '{', ')', '(' }, k_change, { "Moving", "} {  ) (", "next / "
	  "previous page whose state differs; (--diff) change", "}/{ state",
	  5 } },
	{ { KEY_LEFT, 'h', KEY_RIGHT, 'l', KEY_UP, 'k', KEY_DOWN, 'j',
	    KEY_PPAGE, KEY_NPAGE }, k_bytes, { "Moving", "arrows PgUp/Dn",
	  "move the byte cursor, a screen (in the map: the page)", NULL, 0 } },
	{ { 'g', 'G', '-', KEY_BACKSPACE, 127, 8 }, k_goto, { "Moving",
	  "g  G  -  BS", "go to a VA / a PA; - or BS: back to where a jump "
	  "left", "g/G go to", 3 } },
	{ { '/', '.', ',' }, k_search, { "Moving", "/  .  ,", "search bytes "
	  "(61 62) or \"text\"; . next hit, , previous", "/ search", 2 } },
	{ { '\t' }, k_tab, { "Panels", "Tab, click", "next panel; a click: "
	  "that panel, or map page", "Tab panel", 6 } },
	{ { 27 }, k_escape, { "Panels", "Esc", "back to the frame, close the "
	  "output", NULL, 0 } },
	{ { ':' }, k_command, { "Other", ":", "command line (Tab completes a "
	  "command's name)", ": cmd", 1 } },
	{ { 'e', 'f', 'P', '>', '<' }, k_other, { "Other", "e  f  P  >  <",
	  "explain walk; fields; processes (Enter switches); lesson", NULL,
	  0 } },
	{ { 's', '?', 'q', 'Q' }, k_misc, { "Other", "s  ?  q", "screenshot "
	  "(--screenshot-format); help; quit", "q quit", 7 } },
	{ { KEY_RESIZE }, k_resize, { NULL, NULL, NULL, NULL, 0 } },
};

enum ui_result ui_keys_run(const struct ui_key *t, size_t n,
			   struct ui_app *a, void *st, int ch)
{
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < UI_KEY_CODES && t[i].codes[k]; k++)
			if (t[i].codes[k] == ch)
				return t[i].fn(a, st, ch);
	return UI_IGNORED;
}

/* Every table: the root's, then the panels' in focus order. */
static size_t key_tables(const struct ui_key **t, size_t *n, size_t max)
{
	size_t k = 0;

	t[k] = root_keys;
	n[k++] = sizeof(root_keys) / sizeof(root_keys[0]);
	for (int i = 0; i < F_COUNT && k < max; i++)
		if (panel_kinds[i]->nkeys) {
			t[k] = panel_kinds[i]->keys;
			n[k++] = panel_kinds[i]->nkeys;
		}
	return k;
}

size_t ui_key_docs(const struct ui_key_doc **out, size_t max)
{
	const struct ui_key *t[F_COUNT + 1];
	size_t n[F_COUNT + 1], k = 0, nt = key_tables(t, n, F_COUNT + 1);
	const char *groups[8];
	size_t ng = 0;

	/* the groups in the order they first appear, each row under its own */
	for (size_t j = 0; j < nt; j++)
		for (size_t i = 0; i < n[j]; i++) {
			const char *g = t[j][i].doc.group;
			size_t x = 0;
			while (g && x < ng && strcmp(groups[x], g))
				x++;
			if (g && x == ng && ng < 8)
				groups[ng++] = g;
		}
	for (size_t x = 0; x < ng; x++)
		for (size_t j = 0; j < nt; j++)
			for (size_t i = 0; i < n[j]; i++)
				if (t[j][i].doc.group && k < max &&
				    !strcmp(t[j][i].doc.group, groups[x]))
					out[k++] = &t[j][i].doc;
	return k;
}

bool ui_key_bound(int ch)
{
	const struct ui_key *t[F_COUNT + 1];
	size_t n[F_COUNT + 1], nt = key_tables(t, n, F_COUNT + 1);

	for (size_t j = 0; j < nt; j++)
		for (size_t i = 0; i < n[j]; i++)
			for (size_t k = 0; k < UI_KEY_CODES && t[j][i].codes[k]; k++)
				if (t[j][i].codes[k] == ch)
					return true;
	return false;
}

enum ui_result ui_app_click(struct ui_app *a, int y, int x, int button)
{
	uint64_t va = sess_va(a->s), mask = view_page_size(a->s) - 1;

	a->msg[0] = '\0';
	if (a->help_open && (button == 4 || button == 5))	/* the wheel */
		return ui_help_scroll(a, button == 4 ? KEY_UP : KEY_DOWN) ?
		       UI_REDRAW_ALL : UI_HANDLED;
	if (a->help_open || a->L.too_small || ui_prompt_active(a->prompt))
		return UI_HANDLED;
	if (button == 4 || button == 5) {	/* the wheel: a page */
		move_va(a, view_step_page(a->s, va, button == 4 ? -1 : 1) |
			(va & mask));
		return UI_HANDLED;
	}
	for (int f = 0; f < F_COUNT; f++) {
		const struct ui_rect *r = rect_of(a, (enum ui_focus)f);
		if (!a->win[f] || y < r->y || y >= r->y + r->h || x < r->x ||
		    x >= r->x + r->w)
			continue;
		if (f == F_OUT && !ui_out_is_open(a))
			continue;
		if (ui_out_is_open(a) && (f == F_PHYS || f == F_MAP))
			continue;	/* under the output panel */
		a->focus = (enum ui_focus)f;
		uint64_t hit;
		unsigned off;
		if (f == F_MAP && ui_map_hit(a, y - r->y, x - r->x, &hit))
			jump_va(a, hit | (va & mask));
		else if (f == F_VIRT && ui_hex_hit(a, y - r->y, x - r->x, &off))
			move_va(a, (va & ~mask) | off);
		else if (f == F_PHYS && ui_table_hit(a, y - r->y, &hit))
			sess_set_va(a->s, hit);	/* that entry, table kept */
		else if (f == F_WALK) {	/* a level's row selects it */
			int row = y - r->y - 2;	/* under the header */
			int lv = row < 0 ? -1 : a->L.walk_wide ? row : row / 2;
			const struct pt_mode_desc *md = sess_mode(a->s);
			if (md && lv >= 0 && lv < (int)md->nlv) {
				a->level = (unsigned)lv;
				ui_app_event(a, UE_LEVEL, 0);
			}
		}
		return UI_HANDLED;
	}
	return UI_IGNORED;
}

enum ui_result ui_app_key(struct ui_app *a, int ch)
{
	if (ch >= UI_KEY_CLICK)
		return ui_app_click(a, (ch - UI_KEY_CLICK) >> 10,
				    (ch - UI_KEY_CLICK) & 1023, 1);
	if (a->prompt && ui_prompt_active(a->prompt)) {
		ui_prompt_key(a->prompt, ch);
		return UI_HANDLED;
	}
	a->msg[0] = '\0';
	if (a->help_open) {
		if (!ui_help_scroll(a, ch))
			a->help_open = false;
		return UI_REDRAW_ALL;
	}
	if (a->L.too_small)
		return ch == 'q' || ch == 'Q' ? UI_QUIT : UI_IGNORED;
	const struct ui_panel *p = &a->panel[a->focus];
	enum ui_result r = ui_keys_run(p->ops->keys, p->ops->nkeys, a, p->st, ch);
	if (r != UI_IGNORED)
		return r;
	return ui_keys_run(root_keys, sizeof(root_keys) / sizeof(root_keys[0]),
			   a, NULL, ch);
}

/* ---- prompt lines ----------------------------------------------------- */

void ui_app_command(struct ui_app *a, const char *line)
{
	struct err e;

	ob_reset(&a->scratch);
	uint64_t before = sess_va(a->s), cr3 = sess_ctx(a->s)->cr3;
	int rc = cmd_run(a->s, line, &a->scratch, &e);
	a->msg[0] = '\0';	/* a progress line, if any */
	if (rc < 0) {
		ui_app_message(a, true, "%s", e.msg);
		if (!a->scratch.len)
			return;	/* the output shown stays */
	}
	if (sess_va(a->s) != before || sess_ctx(a->s)->cr3 != cr3) {
		uint64_t nva = sess_va(a->s);
		sess_set_va(a->s, before);
		jump_va(a, nva);
	}
	/* ps is a pick list: the task shown (>) selected, Enter switches */
	ui_out_show(a, line, &a->scratch, rc == 0 && !strcmp(line, "ps"));
}

static void goto_addr(struct ui_app *a, const char *text, bool phys)
{
	uint64_t v;
	struct err e;

	if (cmd_parse_va(a->s, text, &v, &e) < 0) {
		ui_app_message(a, true, "%s", e.msg);
		return;
	}
	if (!phys) {
		jump_va(a, v);
		return;
	}
	/* Every panel follows: the cursor moves to the first virtual page
	 * that maps the frame.  If none does, the physical panel shows the
	 * frame alone and says it is detached. */
	uint64_t va, n;
	int r = view_rmap(a->s, v, &va, &n, &e);
	if (r > 0) {
		jump_va(a, va);
		if (n > 1)
			ui_app_message(a, false, "PA %" PRIx64 " is VA %" PRIx64
				       " (the first of %" PRIu64 " virtual pages: "
				       ":rmap %" PRIx64 " lists them)", v, va, n,
				       v / view_page_size(a->s));
		return;
	}
	ui_app_event(a, UE_DETACH, v);
	if (!fmt_present(sess_source(a->s), v >> FMT_PAGE_SHIFT))
		ui_app_message(a, true, "PA %" PRIx64 " is not in the dump "
			       "and no virtual page maps it", v);
	else if (r < 0)
		ui_app_message(a, false, "%s: physical panel detached (Esc)", e.msg);
}

/* A search from just after the cursor; the hit becomes a jump. */
static void do_search_dir(struct ui_app *a, const char *pattern, bool back)
{
	char cmd[600];
	struct err e;

	snprintf(cmd, sizeof(cmd), "%s %s", back ? "searchback" : "search",
		 pattern);
	ob_reset(&a->scratch);
	uint64_t before = sess_va(a->s);
	if (cmd_run(a->s, cmd, &a->scratch, &e) < 0) {
		ui_app_message(a, true, "%s", e.msg);
		return;
	}
	uint64_t hit = sess_va(a->s);
	sess_set_va(a->s, before);
	jump_va(a, hit);
	ui_app_message(a, hit == before, "%.*s", (int)strcspn(ob_str(&a->scratch),
		       "\n"), ob_str(&a->scratch));
}

static void do_search(struct ui_app *a, const char *pattern)
{
	do_search_dir(a, pattern, false);
}

void ui_app_on_line(struct ui_app *a, const char *line)
{
	enum prompt_kind k = a->pk;

	a->pk = PK_NONE;
	if (!line || !*line)
		return;
	switch (k) {
	case PK_CMD:
		ui_app_command(a, line);
		break;
	case PK_GOTO_VA:
	case PK_GOTO_PA:
		goto_addr(a, line, k == PK_GOTO_PA);
		break;
	case PK_SEARCH:
		snprintf(a->last_search, sizeof(a->last_search), "%s", line);
		do_search(a, line);
		break;
	case PK_NONE:
	case PK_COUNT:
		break;
	}
}
