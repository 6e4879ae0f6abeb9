/* The output view (a command's text, scrollable, over the lower panels)
 * and the help overlay. */
#include "config.h"

#include "app.h"
#include "windows.h"

#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "pgstate.h"

static int count_lines(const char *t)
{
	int n = 0;

	for (; *t; t++)
		n += *t == '\n';
	return n;
}

/* The panel's state: the text it shows and the command that wrote it;
 * sel >= 0 makes it a pick list (ps), that line selected. */
struct out {
	struct outbuf text;
	char cmd[96];
	bool open;
	int top, sel;
	int left;	/* characters of each line scrolled off to the left */
	int widest;	/* the longest line's characters (set with the text) */
};

/* The characters (UTF-8 code points) of the longest line of t. */
static int widest_line(const char *t)
{
	int most = 0, n = 0;

	for (; *t; t++) {
		if (*t == '\n')
			n = 0;
		else if ((*t & 0xc0) != 0x80 && ++n > most)
			most = n;
	}
	return most;
}

/* How far the lines can scroll left: the longest's overhang. */
static int left_max(const struct ui_app *a, const struct out *o)
{
	int over = o->widest - (a->L.out.w - 2);

	return over > 0 ? over : 0;
}

static void out_init(void *st)
{
	struct out *o = st;

	ob_init(&o->text);
	o->sel = -1;
}

static void out_fini(void *st)
{
	ob_fini(&((struct out *)st)->text);
}

bool ui_out_is_open(const struct ui_app *a)
{
	return ((const struct out *)a->panel[F_OUT].st)->open;
}

/* The first line shown: top, kept between 0 and the last screenful. */
static int top_of(const struct ui_app *a, const struct out *o, int top)
{
	int total = count_lines(ob_str(&o->text)), rows = a->L.out.h - 2;

	if (top > total - rows)
		top = total - rows;
	return top < 0 ? 0 : top;
}

void ui_out_show(struct ui_app *a, const char *cmd, struct outbuf *text,
		 bool pick)
{
	struct out *o = a->panel[F_OUT].st;
	struct outbuf t = o->text;

	o->text = *text;
	*text = t;
	ob_reset(text);
	snprintf(o->cmd, sizeof(o->cmd), "%s", cmd);
	o->sel = -1;
	o->left = 0;
	o->widest = widest_line(ob_str(&o->text));
	if (o->text.len) {
		o->open = true;
		o->top = 0;
		a->focus = F_OUT;
	}
	if (!pick)
		return;
	/* the task shown (>) selected */
	const char *s = ob_str(&o->text), *m = strstr(s, "\n>");
	o->sel = 1;
	if (m)
		for (o->sel = 0; s <= m; s++)
			o->sel += *s == '\n';
	int rows = a->L.out.h - 2;
	if (o->sel >= rows)
		o->top = o->sel - rows / 2;
}

static void out_draw(const struct ui_app *a, const void *st, WINDOW *w,
		     int h, int wd)
{
	const struct out *o = st;
	const char *t = ob_str(&o->text);
	int rows = h - 2, top = top_of(a, o, o->top);
	char title[200];

	/* the command first: a screenshot says what produced the text; lines
	 * wider than the panel scroll sideways too, and the title says how
	 * far they are */
	int most = left_max(a, o), left = o->left < most ? o->left : most;
	char side[40] = "";
	if (left)
		snprintf(side, sizeof(side), a->ascii ? " (column %d)" :
			 " \xc2\xb7 column %d", left + 1);
	snprintf(title, sizeof(title), a->ascii ? ":%s - Esc closes, arrows%s "
		 "and PgUp/PgDn scroll%s" : ":%s \xc2\xb7 Esc closes, "
		 "\xe2\x86\x91\xe2\x86\x93%s PgUp PgDn scroll%s", o->cmd,
		 a->ascii || !most ? "" : "\xe2\x86\x90\xe2\x86\x92",
		 side);
	ui_box(a, w, h, wd, title, a->focus == F_OUT);
	for (int skip = top; skip > 0 && *t; skip--)
		t = strchr(t, '\n') ? strchr(t, '\n') + 1 : t + strlen(t);
	for (int r = 0; r < rows && *t; r++) {
		size_t n = strcspn(t, "\n"), k = 0;
		char line[512];
		/* the first left characters off, a character at a time */
		for (int c = 0; c < left && k < n; c++)
			while (++k < n && (t[k] & 0xc0) == 0x80)
				;
		n -= k;
		snprintf(line, sizeof(line), "%.*s", (int)(n < 511 ? n : 511),
			 t + k);
		n += k;
		bool sel = o->sel == top + r;
		if (sel)
			wattron(w, A_REVERSE);
		ui_put(w, r + 1, 1, wd - 2, line);
		if (sel)
			wattroff(w, A_REVERSE);
		t += n + (t[n] == '\n');
	}
}

/* Line i of the output (without its newline) into buf. */
static void out_line(const struct out *o, int i, char *buf, size_t len)
{
	const char *t = ob_str(&o->text);

	for (; i > 0 && *t; i--)
		t = strchr(t, '\n') ? strchr(t, '\n') + 1 : t + strlen(t);
	size_t n = strcspn(t, "\n");
	snprintf(buf, len, "%.*s", (int)(n < len - 1 ? n : len - 1), t);
}

/* Whether line i of a pick list is a task: the '>' column, a space, then
 * its id, alone (a Windows Cid in hex, a Linux pid in decimal); not the
 * header ("     CID": C is a hex digit), the count or a note. */
static bool task_line(const struct ui_app *a, const struct out *o, int i,
		      int *pid)
{
	char line[512];
	int id, n = 0;

	out_line(o, i, line, sizeof(line));
	if ((line[0] != ' ' && line[0] != '>') || line[1] != ' ')
		return false;
	return sscanf(line + 1, win_loaded(a->s) ? "%x%n" : "%d%n",
		      pid ? pid : &id, &n) == 1 && line[1 + n] == ' ';
}

/* The process list: ps's lines, one selected; Enter switches to it.
 * Only task lines are selected: not the header, the count, or a note
 * before them (a Windows build read with a nearer one's layout). */
static enum ui_result pick_key(struct ui_app *a, struct out *o, int ch)
{
	int total = count_lines(ob_str(&o->text)), rows = a->L.out.h - 2;
	int pid, first = 0, last = total - 1, was = o->sel;

	switch (ch) {
	case KEY_UP: case 'k': o->sel--; break;
	case KEY_DOWN: case 'j': o->sel++; break;
	case KEY_PPAGE: o->sel -= rows; break;
	case KEY_NPAGE: o->sel += rows; break;
	case '\n': case '\r': case KEY_ENTER:
		if (task_line(a, o, o->sel, &pid)) {
			char cmd[32];
			snprintf(cmd, sizeof(cmd), win_loaded(a->s) ?
				 ".process /p %x" : ".process %d", pid);
			ui_app_command(a, cmd);
			return UI_REDRAW_ALL;
		}
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
	while (first < total && !task_line(a, o, first, NULL))
		first++;
	while (last > first && !task_line(a, o, last, NULL))
		last--;
	if (first >= total)	/* no task at all */
		o->sel = was;
	else if (o->sel < first)
		o->sel = first;
	else if (o->sel > last)
		o->sel = last;
	if (o->sel < o->top)
		o->top = o->sel;
	if (o->sel >= o->top + rows)
		o->top = o->sel - rows + 1;
	return UI_HANDLED;
}

/* The keys: a pick list's first, then scrolling. */
static enum ui_result k_pick(struct ui_app *a, void *st, int ch)
{
	struct out *o = st;

	o->top = top_of(a, o, o->top);
	return o->sel >= 0 ? pick_key(a, o, ch) : UI_IGNORED;
}

static enum ui_result k_scroll(struct ui_app *a, void *st, int ch)
{
	struct out *o = st;
	int page = a->L.out.h - 3;

	if (k_pick(a, st, ch) != UI_IGNORED)
		return UI_HANDLED;
	switch (ch) {
	case KEY_UP: case 'k': o->top--; break;
	case KEY_DOWN: case 'j': o->top++; break;
	case KEY_PPAGE: o->top -= page; break;
	case KEY_NPAGE: o->top += page; break;
	}
	o->top = top_of(a, o, o->top);
	return UI_HANDLED;
}

/* Left and right: the lines sideways, 8 characters a step, when one is
 * wider than the panel (else the keys are the global ones). */
static enum ui_result k_side(struct ui_app *a, void *st, int ch)
{
	struct out *o = st;
	int most = left_max(a, o);

	if (!most)
		return UI_IGNORED;
	o->left += ch == KEY_LEFT || ch == 'h' ? -8 : 8;
	if (o->left > most)
		o->left = most;
	if (o->left < 0)
		o->left = 0;
	return UI_HANDLED;
}

static enum ui_result k_close(struct ui_app *a, void *st, int ch)
{
	(void)ch;
	((struct out *)st)->open = false;
	a->focus = F_VIRT;
	return UI_REDRAW_ALL;
}

static const struct ui_key out_keys[] = {
	{ { KEY_UP, 'k', KEY_DOWN, 'j', KEY_PPAGE, KEY_NPAGE }, k_scroll,
	  { "Panels", "arrows PgUp/Dn", "(output) scroll a command's output",
	    NULL, 0 } },
	{ { KEY_LEFT, 'h', KEY_RIGHT, 'l' }, k_side, { "Panels",
	  "Left Right", "(output) pan lines wider than it, 8 columns a step",
	  NULL, 0 } },
	{ { '\n', '\r', KEY_ENTER }, k_pick, { 0 } },
	{ { 27, 'q' }, k_close, { "Panels", "Esc  q", "(output) close it; q "
	  "quits only when none is open", NULL, 0 } },
};

static void out_event(struct ui_app *a, void *st, enum ui_event ev,
		      uint64_t arg)
{
	(void)a;
	(void)arg;
	if (ev == UE_CLOSE)
		((struct out *)st)->open = false;
}

const struct ui_panel_ops ui_out_ops = {
	.size = sizeof(struct out), .init = out_init, .fini = out_fini,
	.draw = out_draw, .event = out_event,
	.keys = out_keys, .nkeys = sizeof(out_keys) / sizeof(out_keys[0]),
};

/* The help overlay's lines, from the tables that define what they list:
 * the keys (ui_key_docs), the commands (cmd_table) and the page states
 * (pgstate_desc), words wrapped to width. */
static int help_text(char lines[][96], int max, int width)
{
	size_t nc;
	const struct ui_key_doc *k[UI_KEY_DOCS_MAX];
	size_t nk = ui_key_docs(k, UI_KEY_DOCS_MAX);
	const struct cmd *c = cmd_table(&nc);
	const char *group = NULL;
	int n = 0;

#define LINE(...) do { if (n < max) snprintf(lines[n++], 96, __VA_ARGS__); } while (0)
	for (size_t i = 0; i < nk; i++) {
		if (!group || strcmp(group, k[i]->group))
			LINE("%s", group = k[i]->group);
		/* wrapped at a space to the width, under the first line */
		const char *w = k[i]->what, *keys = k[i]->keys;
		int room = width - 17;
		while ((int)strlen(w) > room && room > 8) {
			int cut = room;
			while (cut > 0 && w[cut] != ' ')
				cut--;
			if (!cut)
				cut = room;
			LINE("  %-15s%.*s", keys, cut, w);
			keys = "";
			w += cut + (w[cut] == ' ');
		}
		LINE("  %-15s%s", keys, w);
	}
	/* wrapped lists, each after its heading on the same row (80x24 has
	 * no row to spare): items apart by one space (command names) or two
	 * (states, whose names have spaces) */
	for (int list = 0; list < 2; list++) {
		char row[96];
		snprintf(row, sizeof(row), "%s:", list ? "Page states" :
			 "Commands");
		size_t count = list ? PGS_COUNT : nc;
		for (size_t i = 0; i < count; i++) {
			char item[48];
			if (list) {
				const struct pgstate_desc *d = pgstate_desc(
					(enum pgstate)i);
				snprintf(item, sizeof(item), "%c %s", d->letter == ' ' ?
					 '_' : d->letter, d->name);
			} else {
				snprintf(item, sizeof(item), "%s", c[i].name);
			}
			const char *gap = !i || !row[1] ? " " : list ? "  " : " ";
			if ((int)(strlen(row) + strlen(gap) + strlen(item)) > width) {
				LINE("%s", row);
				snprintf(row, sizeof(row), " ");
				gap = " ";
			}
			strncat(row, gap, sizeof(row) - strlen(row) - 1);
			strncat(row, item, sizeof(row) - strlen(row) - 1);
		}
		LINE("%s", row);
	}
#undef LINE
	return n;
}

/* The overlay at this terminal: its lines, its width and how many of
 * them show at once (all, or the rows there are: it then scrolls). */
#define HELP_MAX 64
struct help {
	char lines[HELP_MAX][96];
	int n, wd, shown;
};

static void help_layout(const struct ui_app *a, struct help *h)
{
	h->wd = a->cols < 80 ? a->cols : 80;	/* the lists wrap to it */
	h->n = help_text(h->lines, HELP_MAX, h->wd - 4);
	h->shown = h->n < a->rows - 2 ? h->n : a->rows - 2;
}

static int help_top_max(const struct help *h)
{
	return h->n > h->shown ? h->n - h->shown : 0;
}

bool ui_help_scroll(struct ui_app *a, int ch)
{
	struct help h;

	help_layout(a, &h);
	int most = help_top_max(&h), top = a->help_top;
	if (!most)
		return false;
	switch (ch) {
	case KEY_UP: case 'k': top--; break;
	case KEY_DOWN: case 'j': top++; break;
	case KEY_PPAGE: top -= h.shown; break;
	case KEY_NPAGE: case ' ': top += h.shown; break;
	case KEY_HOME: top = 0; break;
	case KEY_END: top = most; break;
	default: return false;
	}
	a->help_top = top < 0 ? 0 : top > most ? most : top;
	return true;
}

void ui_help_draw(const struct ui_app *a)
{
	static struct help h;	/* 6 KB: off the stack */
	char title[80];

	help_layout(a, &h);
	int wd = h.wd, hgt = h.shown + 2, most = help_top_max(&h);
	int top = a->help_top > most ? most : a->help_top;
	WINDOW *w = newwin(hgt, wd, (a->rows - hgt) / 2, (a->cols - wd) / 2);
	if (!w)
		return;
	werase(w);
	if (most)
		snprintf(title, sizeof(title), "Help, lines %d-%d of %d - arrows "
			 "PgUp/Dn scroll, other keys close", top + 1,
			 top + h.shown, h.n);
	else
		snprintf(title, sizeof(title), "Help - any key closes");
	ui_box(a, w, hgt, wd, title, true);
	for (int i = 0; i < h.shown; i++) {
		const char *l = h.lines[top + i];
		wattrset(w, l[0] != ' ' ? ui_attr(a, R_HEADER) : A_NORMAL);
		ui_put(w, i + 1, 2, wd - 4, l);
	}
	wnoutrefresh(w);
	delwin(w);
}
