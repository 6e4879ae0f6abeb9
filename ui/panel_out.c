/* The output view (a command's text, scrollable, over the lower panels)
 * and the help overlay. */
#include "config.h"

#include "app.h"

#include <string.h>

static int count_lines(const char *t)
{
	int n = 0;

	for (; *t; t++)
		n += *t == '\n';
	return n;
}

static void out_draw(struct ui_app *a, WINDOW *w, int h, int wd)
{
	const char *t = ob_str(&a->out);
	int total = count_lines(t), rows = h - 2;

	if (a->out_top > total - rows)
		a->out_top = total - rows;
	if (a->out_top < 0)
		a->out_top = 0;
	ui_box(a, w, h, wd, a->ascii ?
	       "Output - Esc closes, arrows and PgUp/PgDn scroll" :
	       "Output \xc2\xb7 Esc closes, \xe2\x86\x91\xe2\x86\x93 PgUp PgDn scroll",
	       a->focus == F_OUT);
	for (int skip = a->out_top; skip > 0 && *t; skip--)
		t = strchr(t, '\n') ? strchr(t, '\n') + 1 : t + strlen(t);
	for (int r = 0; r < rows && *t; r++) {
		size_t n = strcspn(t, "\n");
		char line[512];
		snprintf(line, sizeof(line), "%.*s", (int)(n < 511 ? n : 511), t);
		ui_put(w, r + 1, 1, wd - 2, line);
		t += n + (t[n] == '\n');
	}
}

static enum ui_result out_key(struct ui_app *a, int ch)
{
	int page = a->L.out.h - 3;

	switch (ch) {
	case 27: case 'q':
		a->out_open = false;
		a->focus = F_VIRT;
		return UI_REDRAW_ALL;
	case KEY_UP: case 'k': a->out_top--; return UI_HANDLED;
	case KEY_DOWN: case 'j': a->out_top++; return UI_HANDLED;
	case KEY_PPAGE: a->out_top -= page; return UI_HANDLED;
	case KEY_NPAGE: a->out_top += page; return UI_HANDLED;
	default: return UI_IGNORED;
	}
}

const struct ui_panel_ops ui_out_ops = { out_draw, out_key };

static const char *const help_lines[] = {
	"Moving",
	"  n ]  p [       next / previous virtual page",
	"  } {            next / previous page whose state differs",
	"  arrows h j k l move the byte cursor (in the map: the page)",
	"  PgUp PgDn      scroll by a screen",
	"  g  G           go to a virtual / physical address",
	"  /              search bytes (61 62) or \"text\"; Esc stops it",
	"Panels",
	"  Tab            focus the next panel",
	"  Enter          (walk) show that level's table page",
	"  Esc            back to the frame, close the output",
	"Other",
	"  :              command: !pte !vtop db !db map rmap .cr3 help",
	"  s              write a text screenshot",
	"  ?              this help        q  quit",
	"Page states",
	"  V valid  L large  d demand-zero  t transition  o paged out",
	"  p prototype  r reserved  . not committed  _ no table",
	"  ? not in dump  n PROT_NONE  s software  ! bad  x non-canonical",
	"  - free (minidump region data)",
};

void ui_help_draw(struct ui_app *a)
{
	int n = (int)(sizeof(help_lines) / sizeof(help_lines[0]));
	int h = n + 2, wd = 70;

	if (h > a->rows)
		h = a->rows;
	if (wd > a->cols)
		wd = a->cols;
	WINDOW *w = newwin(h, wd, (a->rows - h) / 2, (a->cols - wd) / 2);
	if (!w)
		return;
	werase(w);
	ui_box(a, w, h, wd, "Help - any key closes", true);
	for (int i = 0; i < n && i < h - 2; i++) {
		wattrset(w, help_lines[i][0] != ' ' ? ui_attr(a, R_HEADER) : A_NORMAL);
		ui_put(w, i + 1, 2, wd - 4, help_lines[i]);
	}
	wnoutrefresh(w);
	delwin(w);
}
