/* The command line: GNU readline's callback interface inside the ncurses
 * screen.  Readline never touches the terminal: we hand it bytes
 * (rl_getc_function), draw its line ourselves, and get finished lines
 * through on_line.  Arrow keys come from ncurses (keypad on) as KEY_*
 * codes and are turned back into the ANSI sequences readline binds by
 * default.  Readline's hooks take no user pointer, hence `active`.
 * Readline has one history; each prompt kind keeps its own by swapping
 * readline's history state when a prompt opens, and its own file. */
#include "config.h"

#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <wchar.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "cmd.h"

struct ui_prompt {
	struct ui_app *a;
	bool active;
	int pending;
	bool has_pending;
	enum prompt_kind kind;	/* whose history readline holds now */
	HISTORY_STATE *hist[PK_COUNT];	/* the others' (NULL: empty) */
	char *file[PK_COUNT];	/* NULL: not kept (headless) */
	FILE *devnull;
};

static const char *const hist_name[PK_COUNT] = {
	[PK_CMD] = "history", [PK_GOTO_VA] = "history-va",
	[PK_GOTO_PA] = "history-pa", [PK_SEARCH] = "history-search",
};

static struct ui_prompt *active;

static int prompt_getc(FILE *f)
{
	(void)f;
	if (active && active->has_pending) {
		active->has_pending = false;
		return active->pending;
	}
	return EOF;
}

static int prompt_input_available(void)
{
	return active && active->has_pending;
}

static void prompt_redisplay(void)
{
	/* Drawn by ui_prompt_draw in the next frame. */
}

static void prompt_prep(int meta)
{
	(void)meta;
}

static void prompt_deprep(void)
{
}

static void on_line(char *line)
{
	struct ui_prompt *p = active;

	if (!p) {
		free(line);
		return;
	}
	p->active = false;
	rl_callback_handler_remove();
	if (line && *line) {
		const char *f = p->file[p->kind];
		add_history(line);
		if (f && append_history(1, f) == 0)
			history_truncate_file(f, 1000);
	}
	ui_app_on_line(p->a, line);
	free(line);
}

static char *complete_cmd(const char *text, int state)
{
	static size_t i, len;
	size_t n;
	const struct cmd *t = cmd_table(&n);

	if (state == 0) {
		i = 0;
		len = strlen(text);
	}
	while (i < n) {
		const char *name = t[i++].name;
		if (strncmp(name, text, len) == 0)
			return strdup(name);
	}
	return NULL;
}

static char **prompt_complete(const char *text, int start, int end)
{
	(void)end;
	rl_attempted_completion_over = 1;	/* no file names */
	if (!active || active->a->pk != PK_CMD || start != 0)
		return NULL;
	return rl_completion_matches(text, complete_cmd);
}

/* Several matches: list them in the status bar instead of letting
 * readline print over the screen. */
static void prompt_show_matches(char **matches, int n, int maxlen)
{
	char buf[256] = "";

	(void)maxlen;
	for (int i = 1; i <= n; i++) {
		strncat(buf, matches[i], sizeof(buf) - strlen(buf) - 2);
		strncat(buf, " ", sizeof(buf) - strlen(buf) - 1);
	}
	if (active)
		ui_app_message(active->a, false, "%s", buf);
}

/* The history directory (created private), or NULL. */
static char *history_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	char dir[4096];

	if (xdg && *xdg)
		snprintf(dir, sizeof(dir), "%s/pagewalk", xdg);
	else if (home && *home)
		snprintf(dir, sizeof(dir), "%s/.local/state/pagewalk", home);
	else
		return NULL;
	/* mkdir -p, private */
	for (char *q = dir + 1; *q; q++) {
		if (*q != '/')
			continue;
		*q = '\0';
		mkdir(dir, 0700);
		*q = '/';
	}
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return NULL;
	return strdup(dir);
}

/* dir/name, created private if missing, or NULL. */
static char *history_file(const char *dir, const char *name)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);

	if (!path)
		return NULL;
	snprintf(path, len, "%s/%s", dir, name);
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC |
		      O_NOFOLLOW, 0600);
	if (fd < 0) {
		free(path);
		return NULL;
	}
	fchmod(fd, 0600);
	close(fd);
	return path;
}

/* Make k's history readline's, keeping the current one aside. */
static void history_switch(struct ui_prompt *p, enum prompt_kind k)
{
	static HISTORY_STATE empty;

	if (k == p->kind)
		return;
	free(p->hist[p->kind]);
	p->hist[p->kind] = history_get_history_state();
	history_set_history_state(p->hist[k] ? p->hist[k] : &empty);
	p->kind = k;
}

struct ui_prompt *ui_prompt_new(struct ui_app *a, bool history)
{
	struct ui_prompt *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->a = a;
	p->devnull = fopen("/dev/null", "w+");
	rl_readline_name = "pagewalk";
	rl_catch_signals = 0;
	rl_catch_sigwinch = 0;
	rl_change_environment = 0;
	rl_prep_term_function = prompt_prep;
	rl_deprep_term_function = prompt_deprep;
	rl_getc_function = prompt_getc;
	rl_input_available_hook = prompt_input_available;
	rl_redisplay_function = prompt_redisplay;
	rl_attempted_completion_function = prompt_complete;
	rl_completion_display_matches_hook = prompt_show_matches;
	if (p->devnull)
		rl_outstream = rl_instream = p->devnull;
	using_history();
	p->kind = PK_CMD;
	char *dir = history ? history_dir() : NULL;
	for (int k = PK_CMD; k < PK_COUNT && dir; k++) {
		history_switch(p, (enum prompt_kind)k);
		if ((p->file[k] = history_file(dir, hist_name[k])))
			read_history(p->file[k]);
	}
	free(dir);
	return p;
}

void ui_prompt_free(struct ui_prompt *p)
{
	if (!p)
		return;
	if (p->active) {
		rl_callback_sigcleanup();
		rl_clear_message();
		rl_callback_handler_remove();
	}
	if (active == p)
		active = NULL;
	if (p->devnull)
		fclose(p->devnull);
	rl_outstream = rl_instream = NULL;
	for (int k = PK_CMD; k < PK_COUNT; k++) {
		history_switch(p, (enum prompt_kind)k);
		clear_history();
		free(p->file[k]);
	}
	/* readline still points at the last array; free the others' */
	for (int k = PK_CMD; k < PK_COUNT; k++) {
		if (p->hist[k] && k != (int)p->kind)
			free(p->hist[k]->entries);
		free(p->hist[k]);
	}
	free(p);
}

void ui_prompt_open(struct ui_prompt *p, enum prompt_kind k, const char *text)
{
	if (k > PK_NONE && k < PK_COUNT)
		history_switch(p, k);
	active = p;
	p->active = true;
	rl_callback_handler_install(text, on_line);
	/* bytes >= 0x80 are text (UTF-8), never Meta- commands, whatever the
	 * locale (after the install: readline's first initialisation sets
	 * these from the locale) */
	rl_variable_bind("convert-meta", "off");
	rl_variable_bind("input-meta", "on");
	rl_variable_bind("output-meta", "on");
}

/* The longest line the prompt keeps (bytes): a command, or a search for
 * a few thousand bytes.  Without a bound, killing a line and yanking it
 * twice, again and again, doubles it each time (the ui fuzzer's
 * timeout in readline's realloc). */
#define PROMPT_MAX_LINE 8192

void ui_prompt_feed(struct ui_prompt *p, int byte)
{
	active = p;
	p->pending = byte;
	p->has_pending = true;
	rl_callback_read_char();	/* may call on_line */
	if (p->active && rl_line_buffer && rl_end > PROMPT_MAX_LINE) {
		int end = PROMPT_MAX_LINE;	/* on a character's first byte */
		while (end > 0 && (rl_line_buffer[end] & 0xc0) == 0x80)
			end--;
		rl_end = end;
		rl_line_buffer[end] = '\0';
		if (rl_point > rl_end)
			rl_point = rl_end;
		ui_app_message(p->a, true, "the line is cut at %d bytes",
			       PROMPT_MAX_LINE);
	}
}

void ui_prompt_cancel(struct ui_prompt *p)
{
	if (!p->active)
		return;
	p->active = false;
	/* an incremental search (Ctrl-R) in progress keeps a saved prompt
	 * and message that removing the handler alone would leak */
	rl_callback_sigcleanup();
	rl_clear_message();
	rl_callback_handler_remove();
	ui_app_on_line(p->a, NULL);
}

void ui_prompt_key(struct ui_prompt *p, int ch)
{
	const char *seq = NULL;

	switch (ch) {
	case 27: ui_prompt_cancel(p); return;
	case KEY_LEFT: seq = "\033[D"; break;
	case KEY_RIGHT: seq = "\033[C"; break;
	case KEY_UP: seq = "\033[A"; break;
	case KEY_DOWN: seq = "\033[B"; break;
	case KEY_HOME: seq = "\033[H"; break;
	case KEY_END: seq = "\033[F"; break;
	case KEY_DC: seq = "\033[3~"; break;
	case KEY_BACKSPACE: case 8: ch = 127; break;
	case KEY_ENTER: case '\r': ch = '\n'; break;
	default: break;
	}
	if (seq) {
		for (; *seq && p->active; seq++)
			ui_prompt_feed(p, (unsigned char)*seq);
		return;
	}
	if (ch >= 0 && ch < 256)
		ui_prompt_feed(p, ch);
}

bool ui_prompt_active(const struct ui_prompt *p)
{
	return p && p->active;
}

/* Columns taken by the first n bytes of s (UTF-8). */
static int columns(const char *s, int n)
{
	mbstate_t ps;
	int col = 0;

	memset(&ps, 0, sizeof(ps));
	for (int i = 0; i < n;) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, (size_t)(n - i), &ps);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			i++;
			col++;
			memset(&ps, 0, sizeof(ps));
			continue;
		}
		int w = wcwidth(wc);
		col += w < 0 ? 1 : w;
		i += (int)k;
	}
	return col;
}

void ui_prompt_draw(struct ui_prompt *p, WINDOW *w, int wd)
{
	const char *pr = rl_display_prompt ? rl_display_prompt : "";
	const char *buf = rl_line_buffer ? rl_line_buffer : "";
	int pcols = columns(pr, (int)strlen(pr));
	int cur = columns(buf, rl_point);
	int room = wd - pcols - 1, skip = 0, cskip = 0;
	int len = (int)strlen(buf);
	mbstate_t ps;

	(void)p;
	/* Keep the cursor on screen: scroll the line by whole characters,
	 * in one pass (a pasted line of thousands of characters redraws at
	 * every key) */
	memset(&ps, 0, sizeof(ps));
	while (room > 0 && cur - cskip >= room && skip < len) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, buf + skip, (size_t)(len - skip), &ps);
		int cw = 1;
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			k = 1;
			memset(&ps, 0, sizeof(ps));
		} else if (wcwidth(wc) >= 0) {
			cw = wcwidth(wc);
		}
		skip += (int)k;
		cskip += cw;
	}
	wattrset(w, A_BOLD);
	ui_put(w, 0, 0, wd, pr);
	wattrset(w, A_NORMAL);
	ui_put(w, 0, pcols, wd - pcols, buf + skip);
	int x = pcols + cur - cskip;
	if (x >= wd)
		x = wd - 1;
	chtype under = mvwinch(w, 0, x) & A_CHARTEXT;
	mvwaddch(w, 0, x, (under ? under : ' ') | A_REVERSE);
}
