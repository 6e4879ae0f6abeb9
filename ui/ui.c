/* A first, small interface: the walk (as !pte prints it), the virtual page
 * and a status line; n/p step pages, q quits.  The full panel set arrives
 * with the interface issue. */
#include "config.h"

#include "ui.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "outbuf.h"
#include "pgstate.h"
#include "session.h"

static void draw_text(WINDOW *w, int y0, int rows, int cols, const char *text)
{
	int y = y0;

	for (const char *p = text; *p && y < y0 + rows; y++) {
		size_t n = strcspn(p, "\n");
		mvwaddnstr(w, y, 0, p, (int)(n < (size_t)cols ? n : (size_t)cols));
		p += n;
		if (*p)
			p++;
	}
}

static void draw(struct session *s, WINDOW *w)
{
	struct outbuf out;
	struct err e;
	struct pt_walk pw;
	char cmd[64], vabuf[24];
	int rows, cols;

	getmaxyx(w, rows, cols);
	werase(w);
	ob_init(&out);
	uint64_t va = sess_va(s) & ~0xFFFull;
	snprintf(cmd, sizeof(cmd), "!pte %" PRIx64, va);
	if (cmd_run(s, cmd, &out, &e) < 0)
		ob_printf(&out, "%s\n", e.msg);
	ob_puts(&out, "\n");
	snprintf(cmd, sizeof(cmd), "db %" PRIx64 " L80", va);
	if (cmd_run(s, cmd, &out, &e) < 0)
		ob_printf(&out, "%s\n", e.msg);
	sess_set_va(s, va);
	draw_text(w, 0, rows - 1, cols, ob_str(&out));
	ob_fini(&out);
	sess_walk(s, va, &pw);
	const struct pgstate_desc *sd = pgstate_desc(pgstate_of_walk(&pw));
	char status[256];
	snprintf(status, sizeof(status), " %s | %s | %s | n/p: page  q: quit",
		 sess_source(s)->path, cmd_fmt_va(s, va, vabuf), sd->name);
	wattron(w, A_REVERSE);
	mvwhline(w, rows - 1, 0, ' ', cols);
	mvwaddnstr(w, rows - 1, 0, status, cols);
	wattroff(w, A_REVERSE);
	wrefresh(w);
}

int ui_run(struct session *s, const struct ui_opts *o, struct err *e)
{
	(void)o;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(e, "the interface needs a terminal "
			       "(use -c CMD for plain output)");
	if (sess_need_root(s, e) < 0)
		return -1;
	if (!initscr())
		return err_set(e, "cannot initialise the terminal");
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	for (;;) {
		draw(s, stdscr);
		int ch = getch();
		uint64_t va = sess_va(s);
		if (ch == 'q' || ch == 'Q')
			break;
		if (ch == 'n' || ch == ']' || ch == KEY_NPAGE)
			sess_set_va(s, va + 0x1000);
		else if (ch == 'p' || ch == '[' || ch == KEY_PPAGE)
			sess_set_va(s, va - 0x1000);
	}
	endwin();
	return 0;
}
