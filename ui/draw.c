/* Drawing helpers shared by the panels: colours with a monochrome
 * fallback, boxes (UTF-8 line drawing or ASCII), clipped UTF-8 text. */
#include "config.h"

#include "app.h"

#include "text.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "session.h"

enum { P_BORDER = 1, P_TITLE, P_CURSOR, P_DIM, P_STATUS, P_ERROR, P_HEADER,
       P_VALID, P_DZ, P_SOFT, P_MISSING, P_LARGE, P_PAPER };

void ui_colors_init(struct ui_app *a)
{
	a->color = !a->o.no_color && !getenv("NO_COLOR") && has_colors();
	if (!a->color)
		return;
	start_color();
	use_default_colors();
	if (a->o.light) {
		/* dark ink on white paper, for projectors and handouts: every
		 * pair on an explicit white background */
		init_pair(P_PAPER, COLOR_BLACK, COLOR_WHITE);
		init_pair(P_BORDER, COLOR_BLUE, COLOR_WHITE);
		init_pair(P_TITLE, COLOR_BLUE, COLOR_WHITE);
		init_pair(P_CURSOR, COLOR_BLACK, COLOR_YELLOW);
		init_pair(P_DIM, COLOR_BLUE, COLOR_WHITE);
		init_pair(P_STATUS, COLOR_WHITE, COLOR_BLUE);
		init_pair(P_ERROR, COLOR_WHITE, COLOR_RED);
		init_pair(P_HEADER, COLOR_MAGENTA, COLOR_WHITE);
		init_pair(P_VALID, COLOR_GREEN, COLOR_WHITE);
		init_pair(P_DZ, COLOR_RED, COLOR_WHITE);
		init_pair(P_SOFT, COLOR_MAGENTA, COLOR_WHITE);
		init_pair(P_MISSING, COLOR_RED, COLOR_WHITE);
		init_pair(P_LARGE, COLOR_BLUE, COLOR_WHITE);
		return;
	}
	init_pair(P_BORDER, COLOR_CYAN, -1);
	init_pair(P_TITLE, COLOR_CYAN, -1);
	init_pair(P_CURSOR, COLOR_BLACK, COLOR_YELLOW);
	init_pair(P_DIM, COLOR_BLUE, -1);
	init_pair(P_STATUS, COLOR_BLACK, COLOR_CYAN);
	init_pair(P_ERROR, COLOR_WHITE, COLOR_RED);
	init_pair(P_HEADER, COLOR_YELLOW, -1);
	init_pair(P_VALID, COLOR_GREEN, -1);
	init_pair(P_DZ, COLOR_YELLOW, -1);
	init_pair(P_SOFT, COLOR_MAGENTA, -1);
	init_pair(P_MISSING, COLOR_RED, -1);
	init_pair(P_LARGE, COLOR_CYAN, -1);
}

attr_t ui_attr(const struct ui_app *a, enum ui_role r)
{
	bool c = a->color;

	switch (r) {
	case R_NORMAL: return A_NORMAL;
	case R_BORDER: return c ? COLOR_PAIR(P_BORDER) : A_NORMAL;
	case R_TITLE: return c ? COLOR_PAIR(P_TITLE) : A_NORMAL;
	case R_FOCUS: return A_BOLD | (c ? COLOR_PAIR(P_TITLE) : A_REVERSE);
	case R_CURSOR: return c ? COLOR_PAIR(P_CURSOR) | A_BOLD : A_REVERSE;
	case R_DIM: return c ? COLOR_PAIR(P_DIM) : A_DIM;
	case R_STATUS: return c ? COLOR_PAIR(P_STATUS) : A_REVERSE;
	case R_ERROR: return c ? COLOR_PAIR(P_ERROR) | A_BOLD : A_REVERSE | A_BOLD;
	case R_HEADER: return c ? COLOR_PAIR(P_HEADER) : A_UNDERLINE;
	case R_SELECT: return A_REVERSE;
	case R_ROLE_COUNT: break;
	}
	return A_NORMAL;
}

/* A view-model row's role (src/rows.h) as attributes. */
attr_t ui_role_attr(const struct ui_app *a, enum view_role r, enum pgstate st)
{
	switch (r) {
	case VR_NORMAL: return A_NORMAL;
	case VR_DIM: return ui_attr(a, R_DIM);
	case VR_ERROR: return ui_attr(a, R_ERROR);
	case VR_SELECT: return ui_attr(a, R_SELECT);
	case VR_HEADER: return ui_attr(a, R_HEADER);
	case VR_STATE: return ui_state_attr(a, st);
	}
	return A_NORMAL;
}

/* Without colour the letters already differ; bold marks what is
 * resident and dim what holds nothing. */
attr_t ui_state_attr(const struct ui_app *a, enum pgstate st)
{
	bool c = a->color;

	switch (st) {
	case PGS_VALID: return c ? COLOR_PAIR(P_VALID) | A_BOLD : A_BOLD;
	case PGS_LARGE: return c ? COLOR_PAIR(P_LARGE) | A_BOLD : A_BOLD;
	case PGS_DEMAND_ZERO:
	case PGS_FILE_UNREAD:
	case PGS_GUARD:
		return c ? COLOR_PAIR(P_DZ) | A_BOLD : A_UNDERLINE;
	case PGS_TRANSITION:
	case PGS_PAGED_OUT:
	case PGS_PROTOTYPE:
	case PGS_PROTNONE:
	case PGS_SOFTWARE:
		return c ? COLOR_PAIR(P_SOFT) : A_NORMAL;
	case PGS_RESERVED:
	case PGS_DECOMMITTED:
	case PGS_NOT_COMMITTED:
	case PGS_NO_TABLE:
	case PGS_NONCANONICAL:
	case PGS_FREE:
		return c ? COLOR_PAIR(P_DIM) : A_DIM;
	case PGS_NOT_IN_DUMP:
	case PGS_BAD:
		return c ? COLOR_PAIR(P_MISSING) : A_NORMAL;
	case PGS_COUNT:
		break;
	}
	return A_NORMAL;
}

void ui_put(WINDOW *w, int y, int x, int n, const char *s)
{
	mbstate_t ps;
	int col = 0;
	char safe[1024];

	/* No control sequence from a dump reaches the screen (text.h). */
	text_escape(s, strlen(s), false, safe, sizeof(safe));
	s = safe;
	wmove(w, y, x);
	/* ASCII needs no conversion: the common case, and the fast one -
	 * one chtype string in the window's current attributes. */
	const char *p = s;
	while (*p && !(*p & 0x80) && p - s < n)
		p++;
	if (!*p || p - s == n) {
		chtype line[512];
		attr_t at = getattrs(w);
		/* a chtype string skips the window's background colour */
		if (!(at & A_COLOR))
			at |= getbkgd(w) & A_COLOR;
		int k = 0;
		for (; s < p && k < 511; s++)
			line[k++] = (chtype)(unsigned char)*s | at;
		line[k] = 0;
		waddchnstr(w, line, k);
		wmove(w, y, x + k);
		return;
	}
	memset(&ps, 0, sizeof(ps));
	while (*s && col < n) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s, MB_CUR_MAX, &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			waddch(w, '?');
			s++;
			col++;
			memset(&ps, 0, sizeof(ps));
			continue;
		}
		int cw = wcwidth(wc);
		if (cw < 0)
			cw = 1;
		if (col + cw > n)
			break;
		waddnstr(w, s, (int)k);
		s += k;
		col += cw;
	}
}

attr_t ui_paper(const struct ui_app *a)
{
	return a->color && a->o.light ? COLOR_PAIR(P_PAPER) : A_NORMAL;
}

void ui_box(const struct ui_app *a, WINDOW *w, int h, int wd,
	    const char *title, bool focused)
{
	wattrset(w, ui_attr(a, R_BORDER));
	/* the focused panel's frame is drawn double (ASCII: '='), so that
	 * screenshots without colour show it too */
	if (a->ascii)
		wborder(w, '|', '|', focused ? '=' : '-', focused ? '=' : '-',
			'+', '+', '+', '+');
	else if (focused)
		wborder_set(w, WACS_D_VLINE, WACS_D_VLINE, WACS_D_HLINE,
			    WACS_D_HLINE, WACS_D_ULCORNER, WACS_D_URCORNER,
			    WACS_D_LLCORNER, WACS_D_LRCORNER);
	else
		box(w, 0, 0);
	(void)h;
	if (!title || wd < 6)
		return;
	wattrset(w, ui_attr(a, focused ? R_FOCUS : R_TITLE));
	mvwaddch(w, 0, 1, ' ');
	ui_put(w, 0, 2, wd - 5, title);
	waddch(w, ' ');
	wattrset(w, A_NORMAL);
}

