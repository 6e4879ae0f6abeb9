/* The UI root (the one mutable global of the interface lives in app.c):
 * layout, focus, the panels' shared state, key routing.  Internal to ui/. */
#ifndef PW_APP_H
#define PW_APP_H

#include <curses.h>
#include <stdbool.h>
#include <stdint.h>

#include "err.h"
#include "layout.h"
#include "outbuf.h"
#include "rows.h"
#include "ui.h"
#include "view.h"

struct session;
struct ui_prompt;

enum ui_result { UI_IGNORED, UI_HANDLED, UI_REDRAW_ALL, UI_QUIT };

enum ui_focus { F_VIRT, F_WALK, F_PHYS, F_MAP, F_OUT, F_COUNT };

enum ui_role {
	R_NORMAL, R_BORDER, R_TITLE, R_FOCUS, R_CURSOR, R_DIM, R_STATUS,
	R_ERROR, R_HEADER, R_SELECT, R_ROLE_COUNT
};

#define UI_BACK_MAX 64

enum prompt_kind {
	PK_NONE, PK_CMD, PK_GOTO_VA, PK_GOTO_PA, PK_SEARCH, PK_COUNT
};

/* What the root tells every panel (ui_app_event): the panels never call
 * one another, they hear what happened and keep their own state. */
enum ui_event {
	UE_MOVED,	/* the cursor's VA moved by a key or a jump (arg: 1
			   if it changed) */
	UE_LEVEL,	/* another level of the walk was selected */
	UE_TABLE,	/* show the selected level's table (Enter on a level) */
	UE_ESCAPE,	/* back to the frame (Esc) */
	UE_DETACH,	/* show the frame at PA arg, which no page maps (G) */
	UE_CLOSE,	/* close what lies over the panels (a lesson step) */
};

struct ui_app;

/* One row of a key table: the keys it takes (ncurses codes, up to
 * UI_KEY_CODES, 0 ends), the handler (st: the panel's state, NULL for the
 * root's), and how the help, the hint bar and --help list it (doc.group
 * NULL: not listed). */
#define UI_KEY_CODES 12
struct ui_key {
	int codes[UI_KEY_CODES];
	enum ui_result (*fn)(struct ui_app *a, void *st, int ch);
	struct ui_key_doc doc;
};

/* The row of t that takes ch runs; UI_IGNORED when none does (or its
 * handler declines). */
enum ui_result ui_keys_run(const struct ui_key *t, size_t n,
			   struct ui_app *a, void *st, int ch);

/* A panel: an object with its own state (st, ops->size bytes, zeroed,
 * then init), drawn from that state and the view model without changing
 * either (draw gets them const), changed by keys and events. */
struct ui_panel_ops {
	size_t size;
	void (*init)(void *st);
	void (*fini)(void *st);
	void (*draw)(const struct ui_app *a, const void *st, WINDOW *w, int h,
		     int wd);
	/* its keys, tried before the root's when it has the focus */
	const struct ui_key *keys;
	size_t nkeys;
	void (*event)(struct ui_app *a, void *st, enum ui_event ev,
		      uint64_t arg);
};

struct ui_panel {
	const struct ui_panel_ops *ops;
	void *st;
};

extern const struct ui_panel_ops ui_virt_ops, ui_phys_ops, ui_walk_ops,
	ui_map_ops, ui_out_ops;

/* The root: the terminal, the layout, the focus and the interface's
 * cursor, which every panel shows: the session's VA and the selected
 * level of its walk (level).  The rest of the state is the panels'. */
struct ui_app {
	struct session *s;
	struct ui_opts o;
	bool ascii, color;
	int rows, cols;
	struct ui_layout L;
	WINDOW *win[F_COUNT];
	WINDOW *prompt_win, *status_win;
	struct ui_panel panel[F_COUNT];
	enum ui_focus focus;
	unsigned level;		/* the walk's selected level */
	struct outbuf scratch;	/* a command's output, before the output
				   panel takes it */
	bool help_open;
	int help_top;		/* the help's first line shown */
	char msg[256];
	bool msg_error;
	struct ui_prompt *prompt;
	enum prompt_kind pk;
	unsigned shots;
	struct ui_lesson *lesson;	/* being played, or NULL */
	char caption[200];	/* a lesson step's caption, on the hint row */
	uint64_t back[UI_BACK_MAX];	/* where jumps came from (- returns) */
	char last_search[256];	/* . repeats it */
	int nback;
};

/* Tell every panel what happened. */
void ui_app_event(struct ui_app *a, enum ui_event ev, uint64_t arg);

/* What the panels answer about themselves (each in its own file). */
/* The physical panel shows the frame at *pa, which no page maps (G). */
bool ui_phys_detached(const struct ui_app *a, uint64_t *pa);
/* The output panel is open over the lower panels. */
bool ui_out_is_open(const struct ui_app *a);
/* The output panel takes the text of command cmd (o is left empty) and
 * opens if there is any; pick: a process list (ps), one line selected,
 * Enter switches to it. */
void ui_out_show(struct ui_app *a, const char *cmd, struct outbuf *o,
		 bool pick);

/* Set up the root on the current ncurses screen (after newterm). */
struct ui_app *ui_app_new(struct session *s, const struct ui_opts *o,
			  struct err *e);
void ui_app_free(struct ui_app *a);
/* Handle one key (ncurses code); UI_QUIT ends the loop. */
enum ui_result ui_app_key(struct ui_app *a, int ch);
/* Redraw every panel and the bars, then doupdate. */
void ui_app_draw(struct ui_app *a);
/* Re-read the terminal size and rebuild the windows. */
void ui_app_resize(struct ui_app *a, int rows, int cols);
/* Run a command line as the prompt would. */
void ui_app_command(struct ui_app *a, const char *line);
/* Show a one-line message in the status bar until the next key. */
void ui_app_message(struct ui_app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Show a message in the status bar now, mid-work (progress). */
void ui_app_status_now(struct ui_app *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The byte of the virtual hexdump at (y, x) of its window: its offset. */
bool ui_hex_hit(const struct ui_app *a, int y, int x, unsigned *off);
/* A click on row y of the physical panel's table page: the VA its entry
 * covers (false: not on an entry, or no table shown). */
bool ui_table_hit(struct ui_app *a, int y, uint64_t *va);
/* The page-map cell at (y, x) of its window: its page's VA. */
bool ui_map_hit(const struct ui_app *a, int y, int x, uint64_t *va);
/* A mouse press at screen (y, x): button 1 focuses the panel there (and
 * in the page map moves the cursor to that page), 4 and 5 (the wheel)
 * step back and forth a page. */
enum ui_result ui_app_click(struct ui_app *a, int y, int x, int button);

/* The help overlay (panel_out.c), drawn over everything. */
void ui_help_draw(const struct ui_app *a);
/* A key that scrolls the help taller than the terminal: true when it
 * did (the overlay stays open). */
bool ui_help_scroll(struct ui_app *a, int ch);

/* Drawing helpers (draw.c). */
attr_t ui_attr(const struct ui_app *a, enum ui_role r);
attr_t ui_state_attr(const struct ui_app *a, enum pgstate st);
attr_t ui_role_attr(const struct ui_app *a, enum view_role r, enum pgstate st);
/* The windows' background: white paper in the light theme. */
attr_t ui_paper(const struct ui_app *a);
void ui_colors_init(struct ui_app *a);
void ui_box(const struct ui_app *a, WINDOW *w, int h, int wd,
	    const char *title, bool focused);
/* Print at most n columns of s (UTF-8) at y, x. */
void ui_put(WINDOW *w, int y, int x, int n, const char *s);

/* The prompt (prompt.c, the only file that includes readline). */
struct ui_prompt *ui_prompt_new(struct ui_app *a, bool history);
void ui_prompt_free(struct ui_prompt *p);
/* Open the line for kind k: Up and Down recall that kind's history. */
void ui_prompt_open(struct ui_prompt *p, enum prompt_kind k, const char *text);
void ui_prompt_feed(struct ui_prompt *p, int byte);
/* Give a key (ncurses code) to readline; arrows become escape sequences. */
void ui_prompt_key(struct ui_prompt *p, int ch);
bool ui_prompt_active(const struct ui_prompt *p);
void ui_prompt_cancel(struct ui_prompt *p);
void ui_prompt_draw(struct ui_prompt *p, WINDOW *w, int wd);
/* Called by the prompt with each finished line (NULL: cancelled). */
void ui_app_on_line(struct ui_app *a, const char *line);

/* Lessons (lesson.c). */
struct ui_lesson;
/* Headless: play every step, writing NN.txt/.html/.svg and index.html
 * into dir. */
int ui_lesson_headless(struct ui_app *a, const char *path, const char *dir,
		       struct err *e);
struct ui_lesson *ui_lesson_open(struct ui_app *a, const char *path,
				 struct err *e);
void ui_lesson_free(struct ui_lesson *u);
/* The next (dir 1) or previous (-1) step. */
void ui_lesson_go(struct ui_app *a, struct ui_lesson *u, int dir);

/* Screenshots (shot.c): the composed screen as text, HTML or ANSI. */
/* Write the screen to path (.txt, .html, .ansi, or - for standard
 * output), never through a symbolic link; with excl, only as a new file. */
int ui_shot_write(const struct ui_app *a, const char *path, bool excl,
		  struct err *e);
void ui_shot_text(const struct ui_app *a, struct outbuf *out);

/* Key notation for --keys (keys.c): "nn}<Tab><Enter>" -> key codes;
 * <Shot> gives UI_KEY_SHOT, a picture point for a screenshot series. */
#define UI_KEY_SHOT (KEY_MAX + 1)
/* <Click Y X> (tests, --keys): a button-1 press at screen row Y, column X. */
#define UI_KEY_CLICK (KEY_MAX + 16)
#define UI_KEY_CLICK_OF(y, x) (UI_KEY_CLICK + ((y) << 10) + (x))
int ui_keys_parse(const char *spec, int *keys, int max, struct err *e);

#endif
