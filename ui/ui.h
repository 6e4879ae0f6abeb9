/* The interactive interface (ncurses).  Everything it shows is computed in
 * src/; this layer lays text out and routes keys. */
#ifndef PW_UI_H
#define PW_UI_H

#include <stdbool.h>

#include "err.h"

struct session;

struct ui_opts {
	bool ascii;		/* ASCII borders instead of UTF-8 box drawing */
	bool no_color;		/* monochrome (also when NO_COLOR is set) */
	const char *keys;	/* headless: keys to feed, see ui_keys_parse */
	int cols, rows;		/* headless: screen size (default 80x24) */
	const char *screenshot;	/* headless: where to write the last screen */
	const char *shot_formats;	/* s writes these: "txt,html" (NULL: txt) */
	bool no_mouse;		/* leave the mouse to the terminal */
	bool light;		/* dark ink on white (projectors, handouts) */
	const char *lesson;	/* a lesson to play (ui/lesson.c) */
	const char *shot_dir;	/* headless: write the lesson's steps here */
};

/* The interface's keys, as the help overlay, the hint bar and --help
 * list them: the doc of a row of the key tables that dispatch them (the
 * root's in ui/app.c, each panel's in its file, next to the code they
 * drive). */
struct ui_key_doc {
	const char *group;	/* "Moving", "Panels", "Other" */
	const char *keys;	/* "n ]  p [" */
	const char *what;	/* "next / previous virtual page" */
	const char *hint;	/* the hint bar's words, or NULL */
	int hint_at;		/* its place in the hint bar (1 first) */
};
#define UI_KEY_DOCS_MAX 32
/* Every documented row, grouped (the groups in the order they first
 * appear, the root's rows before the panels'): at most max into out. */
size_t ui_key_docs(const struct ui_key_doc **out, size_t max);
/* Whether some key table binds ncurses key code ch. */
bool ui_key_bound(int ch);

/* Run the interface on the terminal until the user quits.  -1 with e set
 * if it cannot start (no terminal, no page-table root). */
int ui_run(struct session *s, const struct ui_opts *o, struct err *e);

/* Run the same interface without a terminal: feed o->keys, then write
 * the final screen to o->screenshot (.txt, .html or .ansi; "-" = stdout
 * as text). */
int ui_headless(struct session *s, const struct ui_opts *o, struct err *e);

#endif
