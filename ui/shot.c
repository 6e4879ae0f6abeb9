/* Screenshots: the composed screen (curscr) read back cell by cell, as
 * plain text (.txt), HTML with colours (.html) or ANSI escapes (.ansi).
 * The same text dump serves the golden-screen tests. */
#include "config.h"

#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <wchar.h>

struct cell {
	char text[8];	/* UTF-8 */
	attr_t attr;
	short pair;
	int width;	/* 2: a wide character, whose second cell (which
			   curses reads as the same character) is skipped */
};

/* Line-drawing characters are stored as VT100 letters with A_ALTCHARSET. */
static const char *acs_text(wchar_t c, bool ascii)
{
	static const struct { wchar_t c; const char *u, *a; } m[] = {
		{ 'q', "\xe2\x94\x80", "-" }, { 'x', "\xe2\x94\x82", "|" },
		{ 'l', "\xe2\x94\x8c", "+" }, { 'k', "\xe2\x94\x90", "+" },
		{ 'm', "\xe2\x94\x94", "+" }, { 'j', "\xe2\x94\x98", "+" },
		{ 't', "\xe2\x94\x9c", "+" }, { 'u', "\xe2\x94\xa4", "+" },
		{ 'w', "\xe2\x94\xac", "+" }, { 'v', "\xe2\x94\xb4", "+" },
		{ 'n', "\xe2\x94\xbc", "+" },
	};
	for (size_t i = 0; i < sizeof(m) / sizeof(m[0]); i++)
		if (m[i].c == c)
			return ascii ? m[i].a : m[i].u;
	return NULL;
}

static void read_cell(const struct ui_app *a, int y, int x, struct cell *c)
{
	cchar_t cc;
	wchar_t wch[CCHARW_MAX + 1] = { 0 };
	mbstate_t ps;

	memset(c, 0, sizeof(*c));
	c->width = 1;
	memset(&ps, 0, sizeof(ps));
	if (mvwin_wch(curscr, y, x, &cc) == ERR ||
	    getcchar(&cc, wch, &c->attr, &c->pair, NULL) == ERR) {
		strcpy(c->text, " ");
		return;
	}
	const char *box = c->attr & A_ALTCHARSET ? acs_text(wch[0], a->ascii) : NULL;
	if (box) {
		snprintf(c->text, sizeof(c->text), "%s", box);
	} else if (wch[0] == 0) {
		strcpy(c->text, " ");
	} else {
		size_t k = wcrtomb(c->text, wch[0], &ps);
		if (k == (size_t)-1)
			strcpy(c->text, "?");
		else
			c->text[k] = '\0';
		if (k != (size_t)-1 && wcwidth(wch[0]) == 2 && x + 1 < a->cols)
			c->width = 2;
	}
	c->attr &= ~(A_ALTCHARSET | A_COLOR);
}

void ui_shot_text(const struct ui_app *a, struct outbuf *out)
{
	struct cell c;

	for (int y = 0; y < a->rows; y++) {
		size_t start = out->len;
		size_t keep = start;	/* length without trailing blanks */
		for (int x = 0; x < a->cols; x += c.width) {
			read_cell(a, y, x, &c);
			ob_puts(out, c.text);
			if (strcmp(c.text, " ") != 0)
				keep = out->len;
		}
		out->len = keep;
		if (out->buf)
			out->buf[keep] = '\0';
		ob_puts(out, "\n");
	}
}

/* HTML screenshots carry both palettes: dark by default, light when the
 * viewer prefers it or prints (slides, paper); every text colour meets
 * 4.5:1 contrast on its background, dim text included (no opacity). */
static const char html_head[] =
	"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	"<title>pagewalk</title>\n<style>\n"
	"pre.pw{font-family:monospace;line-height:1.2;padding:1ch;"
	"color:#ccc;background:#111}\n"
	".pw .f0{color:#111}.pw .f1{color:#f66}.pw .f2{color:#3c3}"
	".pw .f3{color:#dd4}.pw .f4{color:#69f}.pw .f5{color:#e6e}"
	".pw .f6{color:#4dd}.pw .f7{color:#ddd}\n"
	".pw .b0{background:#111}.pw .b1{background:#933}.pw .b2{background:#363}"
	".pw .b3{background:#663}.pw .b4{background:#246}.pw .b5{background:#636}"
	".pw .b6{background:#366}.pw .b7{background:#ccc}\n"
	".pw .dim{color:#999}.pw .bold{font-weight:bold}"
	".pw .ul{text-decoration:underline}\n"
	"@media (prefers-color-scheme: light), print {\n"
	"pre.pw{color:#222;background:#fff}\n"
	".pw .f0{color:#111}.pw .f1{color:#b00}.pw .f2{color:#070}"
	".pw .f3{color:#750}.pw .f4{color:#14a}.pw .f5{color:#909}"
	".pw .f6{color:#066}.pw .f7{color:#222}\n"
	".pw .b0{background:#fff}.pw .b1{background:#fcc}.pw .b2{background:#cfc}"
	".pw .b3{background:#fd6}.pw .b4{background:#cdf}.pw .b5{background:#fcf}"
	".pw .b6{background:#cff}.pw .b7{background:#333;color:#fff}\n"
	".pw .dim{color:#555}}\n"
	"</style></head>\n<body><pre class=\"pw\">\n";

static void colors_of(const struct cell *c, int *fg, int *bg)
{
	short f = -1, b = -1;

	if (c->pair > 0)
		pair_content(c->pair, &f, &b);
	*fg = f;
	*bg = b;
	if (c->attr & A_REVERSE) {
		*fg = b < 0 ? 0 : b;
		*bg = f < 0 ? 7 : f;
	}
}

static void html_open(struct outbuf *o, const struct cell *c)
{
	int fg, bg;

	colors_of(c, &fg, &bg);
	ob_printf(o, "<span class=\"");
	if (c->attr & A_DIM)	/* dim wins over a colour: one contrast */
		ob_puts(o, "dim");
	else if (fg >= 0 && fg < 8)
		ob_printf(o, "f%d", fg);
	if (bg >= 0 && bg < 8)
		ob_printf(o, " b%d", bg);
	if (c->attr & A_BOLD)
		ob_puts(o, " bold");
	if (c->attr & A_UNDERLINE)
		ob_puts(o, " ul");
	ob_puts(o, "\">");
}

static void ansi_open(struct outbuf *o, const struct cell *c)
{
	short f = -1, b = -1;

	if (c->pair > 0)
		pair_content(c->pair, &f, &b);
	ob_puts(o, "\033[0");
	if (c->attr & A_BOLD) ob_puts(o, ";1");
	if (c->attr & A_DIM) ob_puts(o, ";2");
	if (c->attr & A_UNDERLINE) ob_puts(o, ";4");
	if (c->attr & A_REVERSE) ob_puts(o, ";7");
	if (f >= 0 && f < 8) ob_printf(o, ";%d", 30 + f);
	if (b >= 0 && b < 8) ob_printf(o, ";%d", 40 + b);
	ob_puts(o, "m");
}

static void styled(const struct ui_app *a, struct outbuf *o, bool html)
{
	struct cell c, prev;

	if (html)
		ob_puts(o, html_head);
	for (int y = 0; y < a->rows; y++) {
		bool open = false;
		for (int x = 0; x < a->cols; x += c.width) {
			read_cell(a, y, x, &c);
			if (!open || c.attr != prev.attr || c.pair != prev.pair) {
				if (open && html)
					ob_puts(o, "</span>");
				if (html)
					html_open(o, &c);
				else
					ansi_open(o, &c);
				open = true;
				prev = c;
			}
			if (html && strchr("<>&", c.text[0]) && c.text[1] == '\0')
				ob_puts(o, c.text[0] == '<' ? "&lt;" :
					c.text[0] == '>' ? "&gt;" : "&amp;");
			else
				ob_puts(o, c.text);
		}
		ob_puts(o, html ? (open ? "</span>\n" : "\n") : "\033[0m\n");
	}
	if (html)
		ob_puts(o, "</pre></body></html>\n");
}

/* SVG: one <text> per row in a monospace font, a <tspan> per run of one
 * style, backgrounds as rectangles; the light palette (slides). */
static const char *const svg_fg[8] = { "#111", "#b00", "#070", "#750", "#14a",
				       "#909", "#066", "#222" };
static const char *const svg_bg[8] = { "#fff", "#fcc", "#cfc", "#fd6", "#cdf",
				       "#fcf", "#cff", "#333" };

static void svg(const struct ui_app *a, struct outbuf *o)
{
	const int cw = 8, lh = 16;	/* cell width, line height (px) */
	struct cell c;

	ob_printf(o, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
		  "height=\"%d\" font-family=\"monospace\" font-size=\"13\">\n"
		  "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>\n",
		  a->cols * cw, a->rows * lh);
	for (int y = 0; y < a->rows; y++) {
		for (int x = 0; x < a->cols; x++) {	/* backgrounds */
			int fg, bg;
			read_cell(a, y, x, &c);
			colors_of(&c, &fg, &bg);
			if (bg >= 0 && bg < 8 && bg != 0)
				ob_printf(o, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
					  "height=\"%d\" fill=\"%s\"/>\n", x * cw,
					  y * lh, cw, lh, svg_bg[bg]);
		}
		ob_printf(o, "<text y=\"%d\" xml:space=\"preserve\">", y * lh + 12);
		for (int x = 0; x < a->cols; x += c.width) {
			int fg, bg;
			read_cell(a, y, x, &c);
			colors_of(&c, &fg, &bg);
			const char *fill = c.attr & A_DIM ? "#555" :
					   fg >= 0 && fg < 8 ? svg_fg[fg] : "#222";
			ob_printf(o, "<tspan x=\"%d\" fill=\"%s\"%s>", x * cw, fill,
				  c.attr & A_BOLD ? " font-weight=\"bold\"" : "");
			if (strchr("<>&", c.text[0]) && c.text[1] == '\0')
				ob_puts(o, c.text[0] == '<' ? "&lt;" :
					c.text[0] == '>' ? "&gt;" : "&amp;");
			else
				ob_puts(o, c.text);
			ob_puts(o, "</tspan>");
		}
		ob_puts(o, "</text>\n");
	}
	ob_puts(o, "</svg>\n");
}

int ui_shot_write(const struct ui_app *a, const char *path, bool excl,
		  struct err *e)
{
	struct outbuf o;
	const char *dot = strrchr(path, '.');
	bool to_stdout = strcmp(path, "-") == 0;

	ob_init(&o);
	if (dot && strcmp(dot, ".html") == 0)
		styled(a, &o, true);
	else if (dot && strcmp(dot, ".ansi") == 0)
		styled(a, &o, false);
	else if (dot && strcmp(dot, ".svg") == 0)
		svg(a, &o);
	else if (to_stdout || (dot && strcmp(dot, ".txt") == 0))
		ui_shot_text(a, &o);
	else {
		ob_fini(&o);
		return err_set(e, "%s: screenshot name must end in .txt, .html, "
			       ".svg or .ansi", path);
	}
	/* Never through a symlink; with excl, never over any file. */
	int fd = to_stdout ? -1 : open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
				       O_NOFOLLOW | (excl ? O_EXCL : O_TRUNC),
				       0644);
	if (!to_stdout && fd < 0) {
		int err = errno;
		ob_fini(&o);
		err_set(e, "%s: cannot write the screenshot: %s", path,
			err == ELOOP ? "it is a symbolic link" : strerror(err));
		errno = err;	/* the caller may try another name */
		return -1;
	}
	FILE *f = to_stdout ? stdout : fdopen(fd, "w");
	if (!f)
		close(fd);
	int rc = f && fwrite(ob_str(&o), 1, o.len, f) == o.len ? 0 : -1;
	if (f && !to_stdout && fclose(f) != 0)
		rc = -1;
	if (o.oom)
		rc = -1;
	ob_fini(&o);
	if (rc < 0)
		return err_set(e, "%s: cannot write the screenshot", path);
	return 0;
}
