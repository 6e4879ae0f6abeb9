/* Lessons: a plain-text script of steps played through the interface.
 *
 *   # a comment
 *   step The caption of step 1
 *   keys nn}<Tab>          keys, in --keys notation
 *   cmd !pte 1f0000        a command, run as the ':' prompt runs it
 *   step ...
 *
 * Each step starts from where the one before left the interface; its
 * caption shows in the status line ("Step 3/15: ...").  Headless, every
 * step is written to a folder as NN.txt, NN.html and NN.svg, with an
 * index.html that shows them as slides.  Interactively, > and < go to
 * the next and the previous step (the steps are replayed from the start:
 * a step is the sum of those before it). */
#include "config.h"

#include "app.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "session.h"
#include "text.h"

#define MAX_STEPS 256
#define MAX_ACTIONS 4096

struct action {
	bool cmd;	/* a command line, or keys */
	char *text;
	int step;
};

struct lesson {
	char *caption[MAX_STEPS];
	int nsteps;
	struct action act[MAX_ACTIONS];
	int nact;
};

static void lesson_free(struct lesson *l)
{
	for (int i = 0; i < l->nsteps; i++)
		free(l->caption[i]);
	for (int i = 0; i < l->nact; i++)
		free(l->act[i].text);
	free(l);
}

static struct lesson *lesson_read(const char *path, struct err *e)
{
	FILE *f = fopen(path, "r");
	struct lesson *l = calloc(1, sizeof(*l));
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;

	if (!f || !l) {
		if (f)
			fclose(f);
		free(l);
		err_set(e, "%s: cannot read the lesson: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = getline(&line, &cap, f)) >= 0) {
		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		char *p = line + strspn(line, " \t");
		if (!*p || *p == '#')
			continue;
		size_t w = strcspn(p, " \t");
		char *arg = p + w + strspn(p + w, " \t");
		if (w == 4 && !strncmp(p, "step", 4)) {
			if (l->nsteps == MAX_STEPS) {
				err_set(e, "%s:%d: more than %d steps", path, lineno,
					MAX_STEPS);
				goto bad;
			}
			l->caption[l->nsteps++] = strdup(arg);
		} else if ((w == 4 && !strncmp(p, "keys", 4)) ||
			   (w == 3 && !strncmp(p, "cmd", 3))) {
			if (!l->nsteps) {
				err_set(e, "%s:%d: '%.*s' before the first step", path,
					lineno, (int)w, p);
				goto bad;
			}
			if (l->nact == MAX_ACTIONS) {
				err_set(e, "%s:%d: too many actions", path, lineno);
				goto bad;
			}
			l->act[l->nact++] = (struct action){ w == 3, strdup(arg),
							     l->nsteps - 1 };
		} else {
			err_set(e, "%s:%d: expected step, keys or cmd, not '%.*s'",
				path, lineno, (int)w, p);
			goto bad;
		}
	}
	free(line);
	fclose(f);
	if (!l->nsteps) {
		err_set(e, "%s: no step in the lesson", path);
		lesson_free(l);
		return NULL;
	}
	return l;
bad:
	free(line);
	fclose(f);
	lesson_free(l);
	return NULL;
}

/* Play step k's actions on the interface; -1 with e set on a bad key. */
static int play_step(struct ui_app *a, const struct lesson *l, int k,
		     struct err *e)
{
	int keys[1024];

	for (int i = 0; i < l->nact; i++) {
		const struct action *x = &l->act[i];
		if (x->step != k)
			continue;
		if (x->cmd) {
			ui_app_command(a, x->text);
			continue;
		}
		int n = ui_keys_parse(x->text, keys, 1024, e);
		if (n < 0)
			return -1;
		for (int j = 0; j < n; j++)
			if (keys[j] != UI_KEY_SHOT)
				ui_app_key(a, keys[j]);
	}
	/* the caption takes the hint row; the status line stays */
	snprintf(a->caption, sizeof(a->caption), "%d/%d %s", k + 1, l->nsteps,
		 l->caption[k]);
	a->msg[0] = '\0';
	return 0;
}

static void html_escaped(FILE *f, const char *s)
{
	char buf[1024];
	text_escape(s, strlen(s), false, buf, sizeof(buf));
	for (const char *p = buf; *p; p++) {
		if (*p == '<')
			fputs("&lt;", f);
		else if (*p == '>')
			fputs("&gt;", f);
		else if (*p == '&')
			fputs("&amp;", f);
		else
			fputc(*p, f);
	}
}

/* Interactive: the lesson, and the step shown. */
struct ui_lesson {
	struct lesson *l;
	int step;
	uint64_t va0;	/* where step 1 starts */
};

struct ui_lesson *ui_lesson_open(struct ui_app *a, const char *path,
				 struct err *e)
{
	struct ui_lesson *u = calloc(1, sizeof(*u));
	if (!u) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (!(u->l = lesson_read(path, e))) {
		free(u);
		return NULL;
	}
	u->va0 = sess_va(a->s);
	u->step = -1;
	return u;
}

void ui_lesson_free(struct ui_lesson *u)
{
	if (!u)
		return;
	lesson_free(u->l);
	free(u);
}

void ui_lesson_go(struct ui_app *a, struct ui_lesson *u, int dir)
{
	struct err e;
	int to = u->step + dir;

	if (to < 0 || to >= u->l->nsteps) {
		ui_app_message(a, false, "%s of the lesson (%d steps)", to < 0 ?
			       "start" : "end", u->l->nsteps);
		return;
	}
	/* a step is what all the ones before it did: replay from the start */
	sess_set_va(a->s, u->va0);
	a->help_open = false;
	ui_app_event(a, UE_CLOSE, 0);
	a->focus = F_VIRT;
	for (int k = 0; k <= to; k++)
		if (play_step(a, u->l, k, &e) < 0) {
			ui_app_message(a, true, "%s", e.msg);
			return;
		}
	u->step = to;
}

int ui_lesson_headless(struct ui_app *a, const char *path, const char *dir,
		       struct err *e)
{
	static const char *const ext[] = { "txt", "html", "svg" };
	struct lesson *l = lesson_read(path, e);
	char name[4200];
	int rc = 0;

	if (!l)
		return -1;
	if (mkdir(dir, 0755) < 0 && errno != EEXIST) {
		lesson_free(l);
		return err_set(e, "%s: cannot make the folder: %s", dir,
			       strerror(errno));
	}
	for (int k = 0; k < l->nsteps && rc == 0; k++) {
		if (play_step(a, l, k, e) < 0) {
			rc = -1;
			break;
		}
		ui_app_draw(a);
		for (int x = 0; x < 3 && rc == 0; x++) {
			snprintf(name, sizeof(name), "%s/%02d.%s", dir, k + 1, ext[x]);
			rc = ui_shot_write(a, name, false, e);
		}
	}
	/* index.html: the steps as slides, one per screen, arrow keys */
	snprintf(name, sizeof(name), "%s/index.html", dir);
	int fd = rc == 0 ? open(name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC |
				O_NOFOLLOW, 0644) : -1;
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (rc == 0 && !f) {
		rc = err_set(e, "%s: cannot write: %s", name, strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if (f) {
		fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
		      "<title>pagewalk lesson</title><style>\n"
		      "body{font-family:sans-serif;margin:0;background:#fff;color:#222}\n"
		      "section{display:none;padding:2ch}section.on{display:block}\n"
		      "h2{font-size:1.2em}img{max-width:100%}\n"
		      "</style></head><body>\n", f);
		for (int k = 0; k < l->nsteps; k++) {
			fprintf(f, "<section id=\"s%d\"%s><h2>%d/%d. ", k + 1,
				k ? "" : " class=\"on\"", k + 1, l->nsteps);
			html_escaped(f, l->caption[k]);
			fprintf(f, "</h2><img src=\"%02d.svg\" alt=\"step %d\"></section>\n",
				k + 1, k + 1);
		}
		fprintf(f, "<script>\nvar n=%d,i=1;function go(d){document.getElementById"
			"('s'+i).className='';i=Math.min(n,Math.max(1,i+d));"
			"document.getElementById('s'+i).className='on';}\n"
			"document.onkeydown=function(e){if(e.key=='ArrowRight'||"
			"e.key==' ')go(1);if(e.key=='ArrowLeft')go(-1);};\n"
			"document.onclick=function(){go(1);};\n</script>\n"
			"</body></html>\n", l->nsteps);
		if (fclose(f) != 0)
			rc = err_set(e, "%s: cannot write", name);
	}
	lesson_free(l);
	return rc;
}
