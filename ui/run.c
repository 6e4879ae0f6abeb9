/* Running the interface: on the terminal (signals restore it, input is
 * drained before each frame so a held key never lags) or headless on a
 * virtual xterm screen for --keys/--screenshot, tests and the benchmark. */
#include "config.h"

#include "app.h"

#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "session.h"

#define MAX_KEYS 100000

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

/* A crash must not leave the terminal raw: restore it, then die of the
 * same signal (SA_RESETHAND put the default action back). */
static void on_fatal(int sig)
{
	endwin();
	raise(sig);
}

static void catch_signals(bool on)
{
	static const int fatal[] = { SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on ? on_signal : SIG_DFL;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on ? on_fatal : SIG_DFL;
	sa.sa_flags = SA_RESETHAND;
	for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
		sigaction(fatal[i], &sa, NULL);
}

/* Long work (a search) calls this every few MiB: show how far it got;
 * Esc, q or Ctrl-C stop it (Ctrl-C stops only the work, not the
 * interface); other keys typed meanwhile are dropped. */
static bool progress(void *arg, const char *what, uint64_t done)
{
	struct ui_app *a = arg;
	int ch;

	if (got_signal == SIGINT)
		got_signal = 0;
	else if (got_signal)
		return false;
	else {
		wtimeout(stdscr, 0);
		while ((ch = wgetch(stdscr)) != ERR && ch != 27 && ch != 'q' &&
		       ch != 3)
			;
		if (ch == ERR) {
			ui_app_status_now(a, "%s: %" PRIu64 " MiB read "
					  "(Esc stops)", what, done >> 20);
			return true;
		}
	}
	return false;
}

/* One key and everything it asks for; false when the user quits. */
static bool handle(struct ui_app *a, int ch)
{
	if (ch == KEY_RESIZE) {
		ui_app_resize(a, LINES, COLS);
		return true;
	}
	if (ch == KEY_MOUSE) {
		MEVENT ev;
		if (getmouse(&ev) == OK)
			ui_app_click(a, ev.y, ev.x, ev.bstate & BUTTON4_PRESSED ? 4 :
				     ev.bstate & BUTTON5_PRESSED ? 5 : 1);
		return true;
	}
	return ui_app_key(a, ch) != UI_QUIT;
}

int ui_run(struct session *s, const struct ui_opts *o, struct err *e)
{
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(e, "the interface needs a terminal (use -c CMD for "
			       "plain output, or --keys with --screenshot)");
	if (sess_need_root(s, e) < 0)
		return -1;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr)
		return err_set(e, "cannot use the terminal type '%s'",
			       getenv("TERM") ? getenv("TERM") : "(unset)");
	set_term(scr);
	const char *cup = tigetstr("cup");
	if (!cup || cup == (char *)-1) {	/* TERM=dumb and the like */
		endwin();
		delscreen(scr);
		return err_set(e, "the terminal type '%s' cannot move the cursor "
			       "(try TERM=xterm-256color; or use -c CMD, or "
			       "--keys with --screenshot)", getenv("TERM") ?
			       getenv("TERM") : "(unset)");
	}
	catch_signals(true);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	wnoutrefresh(stdscr);	/* stdscr stays untouched: wgetch won't redraw */
	struct ui_app *a = ui_app_new(s, o, e);
	if (a && o->lesson && !(a->lesson = ui_lesson_open(a, o->lesson, e))) {
		ui_app_free(a);
		a = NULL;
	}
	if (a && a->lesson)
		ui_lesson_go(a, a->lesson, 1);
	if (a) {
		a->prompt = ui_prompt_new(a, true);
		sess_set_progress(s, progress, a);
		if (!o->no_mouse) {
			mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED |
				  BUTTON5_PRESSED, NULL);
			mouseinterval(0);
		}
	}
	bool run = a != NULL;
	while (run && !got_signal && !fmt_shrunk(sess_source(s))) {
		ui_app_draw(a);
		wtimeout(stdscr, 250);
		int ch = wgetch(stdscr);
		if (ch == ERR)
			continue;
		run = handle(a, ch);
		/* Drain what is already typed before drawing again. */
		wtimeout(stdscr, 0);
		while (run && (ch = wgetch(stdscr)) != ERR)
			run = handle(a, ch);
	}
	sess_set_progress(s, NULL, NULL);
	ui_app_free(a);
	endwin();
	delscreen(scr);
	catch_signals(false);
	if (got_signal)
		return err_set(e, "interrupted by signal %d", (int)got_signal);
	if (fmt_shrunk(sess_source(s)))
		return err_set(e, "%s: the file shrank while open (its lost bytes "
			       "read as zero): stopped", sess_source(s)->path);
	return a ? 0 : -1;
}

/* A screenshot series: the path holds one %d (or %02d...) that numbers
 * the pictures.  The name of picture n, or -1 if the pattern holds
 * anything else after a '%' (no format string reaches printf). */
static int series_name(const char *pat, unsigned n, char *buf, size_t len)
{
	const char *pc = strchr(pat, '%');
	const char *p = pc + 1;
	int width = 0;

	if (*p == '0')
		p++;
	while (*p >= '0' && *p <= '9' && width < 10)
		width = width * 10 + (*p++ - '0');
	if (*p != 'd' || strchr(p + 1, '%'))
		return -1;
	snprintf(buf, len, "%.*s%0*u%s", (int)(pc - pat), pat, width, n, p + 1);
	return 0;
}

int ui_headless(struct session *s, const struct ui_opts *o, struct err *e)
{
	int nkeys = 0, *keys = malloc(MAX_KEYS * sizeof(*keys));

	if (!keys)
		return err_set(e, "out of memory");
	if (sess_need_root(s, e) < 0 ||
	    (o->keys && (nkeys = ui_keys_parse(o->keys, keys, MAX_KEYS, e)) < 0)) {
		free(keys);
		return -1;
	}
	FILE *out = fopen("/dev/null", "w"), *in = fopen("/dev/null", "r");
	if (!out || !in) {
		if (out) fclose(out);
		if (in) fclose(in);
		free(keys);
		return err_set(e, "cannot open /dev/null");
	}
	use_env(FALSE);
	SCREEN *scr = newterm("xterm", out, in);
	if (!scr) {
		fclose(out);
		fclose(in);
		free(keys);
		return err_set(e, "cannot set up a virtual xterm screen "
			       "(terminfo for xterm missing?)");
	}
	set_term(scr);
	typeahead(-1);	/* no input to peek at: never poll /dev/null */
	resizeterm(o->rows ? o->rows : 24, o->cols ? o->cols : 80);
	struct ui_app *a = ui_app_new(s, o, e);
	int rc = a ? 0 : -1;
	/* --screenshot 'step-%02d.txt': a series, picture 0 first, then one
	 * at each <Shot> or, when there is none, after every key */
	bool series = o->screenshot && strchr(o->screenshot, '%');
	bool marks = false;
	unsigned shot = 0;
	char name[1024];
	for (int i = 0; i < nkeys; i++)
		marks |= keys[i] == UI_KEY_SHOT;
	if (series && series_name(o->screenshot, 0, name, sizeof(name)) < 0)
		rc = err_set(e, "--screenshot: '%s': a series takes one %%d "
			     "(or %%02d...) and no other %%", o->screenshot);
	if (a && rc == 0 && o->lesson) {
		a->prompt = ui_prompt_new(a, false);
		rc = ui_lesson_headless(a, o->lesson, o->shot_dir ? o->shot_dir :
					".", e);
	} else if (a && rc == 0) {
		a->prompt = ui_prompt_new(a, false);
		ui_app_draw(a);
		if (series) {
			series_name(o->screenshot, shot++, name, sizeof(name));
			rc = ui_shot_write(a, name, false, e);
		}
		for (int i = 0; i < nkeys && rc == 0 &&
		     !fmt_shrunk(sess_source(s)); i++) {
			if (keys[i] != UI_KEY_SHOT &&
			    ui_app_key(a, keys[i]) == UI_QUIT)
				break;
			ui_app_draw(a);
			if (series && (marks ? keys[i] == UI_KEY_SHOT : true)) {
				series_name(o->screenshot, shot++, name, sizeof(name));
				rc = ui_shot_write(a, name, false, e);
			}
		}
		if (o->screenshot && !series && rc == 0)
			rc = ui_shot_write(a, o->screenshot, false, e);
	}
	ui_app_free(a);
	endwin();
	delscreen(scr);
	fclose(out);
	fclose(in);
	free(keys);
	return rc;
}
