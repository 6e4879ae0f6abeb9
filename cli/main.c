/* pagewalk's entry point: options, opening the dump, -c commands or the
 * interface.  The only place that decides the exit status or prints to
 * stderr. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cjson.h"
#include "cmd.h"
#include "dtbscan.h"
#include "fmt.h"
#include "os.h"
#include "session.h"
#include "text.h"
#include "ui.h"

/* A -c command or a -f file of commands, in the order given. */
struct cmd_arg {
	const char *text;
	bool file;
};

/* --json: one JSON document per command instead of its text. */
static bool json_lines;

struct opts {
	struct sess_opts so;
	struct cmd_arg *cmds;
	int ncmds;
	size_t cmds_cap;
	bool info, ascii, no_color, no_mouse, light, has_va, cr3_auto;
	const char *shot_formats, *lesson, *shot_dir;
	const char *keys, *shot;
	const char *diff;	/* --diff: the second snapshot */
	const char *va_text;	/* -a that is not a number: a symbol? */
	int cols, rows;
	uint64_t va;
	const char *path;
};

static void usage(FILE *f)
{
	char modes[64], oses[64], formats[128];

	pt_mode_names(modes, sizeof(modes));
	pw_os_names(oses, sizeof(oses));
	fmt_names(formats, sizeof(formats));
	fprintf(f,
"Usage: pagewalk [OPTIONS] [DUMP]\n"
"Explore the page tables of a memory image: Windows crash dumps (32-bit\n"
"PAE and non-PAE, 64-bit; run-based and bitmap), ELF cores (QEMU, vmcore),\n"
"kdump-compressed files (zlib, LZO, snappy, zstd; flattened too), LiME,\n"
"Windows user-mode minidumps (regions, no page tables) and raw images.\n"
"With no DUMP, opens the bundled teaching sample (seed-pae-3-touched.dmp).\n"
"\n"
"  -c, --command CMD    run CMD, print its output, exit (repeatable)\n"
"  -f, --file FILE      run the commands in FILE (- for standard input):\n"
"                       one a line, '#' starts a comment line\n"
"      --info           print what was detected in the dump and exit\n"
"      --diff FILE      compare with FILE, a later dump of the same machine\n"
"                       (same options): the diff command; alone, runs it\n"
"      --json           print each command's result as one JSON document\n"
"                       a line (doc/JSON.md), instead of its text\n"
"      --cr3 PA|auto    page-table root (overrides the dump's); auto: scan\n"
"                       the image and take the best candidate (dtbscan)\n"
"      --mode MODE      paging mode: %s\n"
"      --os OS          how to read non-present entries: %s\n"
"  -a, --address VA     start at this virtual address\n"
"      --format NAME    skip detection: %s\n"
"      --base PA        raw images: physical address of the first byte\n"
"      --vmcoreinfo FILE  Linux: VMCOREINFO text for a dump without it (a\n"
"                       raw image); gives kernel symbols, ps, maps, page\n"
"      --btf FILE       Linux: the kernel's BTF (/sys/kernel/btf/vmlinux),\n"
"                       for a kernel that carries none in memory\n"
"      --kallsyms FILE  Linux: System.map or /proc/kallsyms, for kernels\n"
"                       whose VMCOREINFO lacks the kallsyms tables\n"
"      --maxphyaddr N   physical-address width in bits, decimal, 32..52\n"
"                       (default 52)\n"
"      --ascii          draw with ASCII instead of UTF-8 box characters\n"
"      --no-color       monochrome (also when NO_COLOR is set)\n"
"      --no-mouse       leave the mouse to the terminal (text selection)\n"
"      --theme light    dark ink on white (projectors, handouts); dark is\n"
"                       the default\n"
"      --screenshot-format LIST  what s writes: txt (default), html, svg,\n"
"                       ansi, or several: txt,html\n"
"      --keys KEYS      run the interface headless and feed it KEYS:\n"
"                       characters stand for themselves; <Enter> <Tab>\n"
"                       <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn>\n"
"                       <Home> <End> <BS> <Space> <lt> <C-x> name others\n"
"                       (<Shot>: a picture of a --screenshot series)\n"
"      --screenshot FILE  write the final screen: .txt, .html, .svg or .ansi\n"
"                       (with --keys, or alone for the first screen); a\n"
"                       name with %%d (or %%02d) writes a series: the first\n"
"                       screen, then one after each key or each <Shot>\n"
"      --size COLSxROWS screen size for headless rendering (default 80x24)\n"
"      --lesson FILE    play a lesson (steps of keys and commands, each with\n"
"                       a caption): > and < step; with --screenshot-dir DIR,\n"
"                       write every step there (NN.txt/.html/.svg) and an\n"
"                       index.html of slides\n"
"  -h, --help           show this help and exit\n"
"  -V, --version        show the version and exit\n"
"", modes, oses, formats);
	/* the lists below come from the tables that define them */
	size_t n;
	const struct cmd *c = cmd_table(&n);
	fputs("\nCommands (-c, -f and the ':' prompt):\n", f);
	for (size_t i = 0; i < n; i++) {
		/* the help wrapped at 78 columns under its own column */
		const char *h = c[i].help;
		fprintf(f, "  %-26s ", c[i].usage);
		while (strlen(h) > 49) {
			int cut = 49;
			while (cut > 0 && h[cut] != ' ')
				cut--;
			if (!cut)
				break;
			fprintf(f, "%.*s\n%29s", cut, h, "");
			h += cut + 1;
		}
		fprintf(f, "%s\n", h);
	}
	fputs("Numbers are hex unless written 0n123.\n\nInterface keys:\n", f);
	const struct ui_key_doc *k[UI_KEY_DOCS_MAX];
	n = ui_key_docs(k, UI_KEY_DOCS_MAX);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "  %-15s %s\n", k[i]->keys, k[i]->what);
	fprintf(f,
"\n"
"Codecs built in:" PW_CODECS ".\n"
"\n"
"Every -c and -f command runs, in order, even after one fails.  An answer\n"
"about the dump (not mapped, table page not in the image) is a success.\n"
"Exit status: 0 on success; 1 when the dump cannot be opened, an option is\n"
"wrong, any command failed (one message each on stderr) or the output\n"
"could not be written.\n");
}

static const char *bundled_sample(void)
{
	static const char *const dirs[] = { PW_SAMPLEDIR, PW_SRC_SAMPLEDIR };
	static char path[4096];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, sizeof(path), "%s/seed-pae-3-touched.dmp", dirs[i]);
		if (access(path, R_OK) == 0)
			return path;
	}
	return NULL;
}

/* Text bound for the terminal, escaped (text.h): command output keeps its
 * lines; a message is one line. */
static void put_safe(FILE *f, const char *s, bool lines)
{
	char buf[4096];
	size_t n = strlen(s);

	while (n) {
		size_t used = text_escape(s, n, lines, buf, sizeof(buf));
		fputs(buf, f);
		if (!used)
			break;
		s += used;
		n -= used;
	}
}

static void message(const char *msg)
{
	fputs("pagewalk: ", stderr);
	put_safe(stderr, msg, false);
	fputc('\n', stderr);
}

static int fail(const char *msg)
{
	message(msg);
	return 1;
}

static int parse_args(int argc, char **argv, struct opts *o, struct err *e)
{
	enum { O_CR3 = 256, O_MODE, O_OS, O_FORMAT, O_BASE, O_INFO, O_ASCII,
	       O_MAXPHY, O_KEYS, O_SHOT, O_SIZE, O_NOCOLOR, O_JSON, O_DIFF,
	       O_SHOTFMT, O_NOMOUSE, O_LESSON, O_SHOTDIR, O_THEME, O_VMCI, O_BTF, O_KSYMS };
	static const struct option lo[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "file", required_argument, NULL, 'f' },
		{ "address", required_argument, NULL, 'a' },
		{ "cr3", required_argument, NULL, O_CR3 },
		{ "mode", required_argument, NULL, O_MODE },
		{ "os", required_argument, NULL, O_OS },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "base", required_argument, NULL, O_BASE },
		{ "vmcoreinfo", required_argument, NULL, O_VMCI },
		{ "btf", required_argument, NULL, O_BTF },
		{ "kallsyms", required_argument, NULL, O_KSYMS },
		{ "maxphyaddr", required_argument, NULL, O_MAXPHY },
		{ "info", no_argument, NULL, O_INFO },
		{ "json", no_argument, NULL, O_JSON },
		{ "diff", required_argument, NULL, O_DIFF },
		{ "screenshot-format", required_argument, NULL, O_SHOTFMT },
		{ "no-mouse", no_argument, NULL, O_NOMOUSE },
		{ "theme", required_argument, NULL, O_THEME },
		{ "lesson", required_argument, NULL, O_LESSON },
		{ "screenshot-dir", required_argument, NULL, O_SHOTDIR },
		{ "ascii", no_argument, NULL, O_ASCII },
		{ "no-color", no_argument, NULL, O_NOCOLOR },
		{ "keys", required_argument, NULL, O_KEYS },
		{ "screenshot", required_argument, NULL, O_SHOT },
		{ "size", required_argument, NULL, O_SIZE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;
	uint64_t v;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":c:f:a:hV", lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
		case 'f': {
			if (fmt_grow(&o->cmds, &o->cmds_cap, (size_t)o->ncmds + 1,
				     sizeof(*o->cmds)) < 0)
				return err_set(e, "out of memory");
			o->cmds[o->ncmds++] = (struct cmd_arg){ optarg, ch == 'f' };
			break;
		}
		case 'a':	/* a number now, a kernel symbol once open */
			if (cmd_parse_num(optarg, &o->va, e) < 0)
				o->va_text = optarg;
			o->has_va = true;
			break;
		case O_CR3:
			if (!strcmp(optarg, "auto")) {
				o->cr3_auto = true;
				break;
			}
			if (cmd_parse_num(optarg, &o->so.cr3, e) < 0)
				return err_prefix(e, "--cr3");
			o->so.has_cr3 = true;
			break;
		case O_MODE:
			o->so.mode = pt_mode_parse(optarg);
			if (o->so.mode == PW_MODE_NONE) {
				char names[64];
				return err_set(e, "--mode: '%s' is not one of %s",
					       optarg, pt_mode_names(names,
								     sizeof(names)));
			}
			break;
		case O_OS:
			o->so.has_os = true;
			o->so.os = pw_os_parse(optarg);
			if (o->so.os == PW_OS_COUNT) {
				char names[64];
				return err_set(e, "--os: '%s' is not one of %s",
					       optarg, pw_os_names(names,
								   sizeof(names)));
			}
			break;
		case O_FORMAT:
			o->so.format = optarg;
			break;
		case O_BASE:
			if (cmd_parse_num(optarg, &o->so.raw_base, e) < 0)
				return err_prefix(e, "--base");
			break;
		case O_VMCI:
			o->so.vmcoreinfo = optarg;
			break;
		case O_BTF:
			o->so.btf = optarg;
			break;
		case O_KSYMS:
			o->so.kallsyms = optarg;
			break;
		case O_MAXPHY: {
			/* A width in bits: decimal, unlike addresses. */
			char *end;
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (errno || end == optarg || *end || v < 32 || v > 52)
				return err_set(e, "--maxphyaddr: '%s' is not a "
					       "width in bits from 32 to 52",
					       optarg);
			o->so.maxphy = (unsigned)v;
			break;
		}
		case O_INFO:
			o->info = true;
			break;
		case O_JSON:
			json_lines = true;
			break;
		case O_DIFF:
			o->diff = optarg;
			break;
		case O_ASCII:
			o->ascii = true;
			break;
		case O_NOCOLOR:
			o->no_color = true;
			break;
		case O_NOMOUSE:
			o->no_mouse = true;
			break;
		case O_THEME:
			if (strcmp(optarg, "light") && strcmp(optarg, "dark"))
				return err_set(e, "--theme: '%s' is not dark or light",
					       optarg);
			o->light = !strcmp(optarg, "light");
			break;
		case O_LESSON:
			o->lesson = optarg;
			break;
		case O_SHOTDIR:
			o->shot_dir = optarg;
			break;
		case O_SHOTFMT:
			for (const char *p = optarg; *p;) {
				size_t n = strcspn(p, ",");
				if (!((n == 3 && (!strncmp(p, "txt", 3) ||
						  !strncmp(p, "svg", 3))) ||
				      (n == 4 && (!strncmp(p, "html", 4) ||
						  !strncmp(p, "ansi", 4)))))
					return err_set(e, "--screenshot-format: '%s' is "
						       "not a list of txt, html, svg, "
						       "ansi", optarg);
				p += n + (p[n] == ',');
			}
			o->shot_formats = optarg;
			break;
		case O_KEYS:
			o->keys = optarg;
			break;
		case O_SHOT:
			o->shot = optarg;
			break;
		case O_SIZE: {
			char x;
			int end = 0;
			if (sscanf(optarg, "%d%c%d%n", &o->cols, &x, &o->rows,
				   &end) != 3 || optarg[end] ||
			    (x != 'x' && x != 'X') || o->cols < 1 || o->rows < 1 ||
			    o->cols > 1000 || o->rows > 1000)
				return err_set(e, "--size: '%s' is not COLSxROWS "
					       "(e.g. 80x24)", optarg);
			break;
		}
		case 'h':
			usage(stdout);
			exit(0);
		case 'V':
			printf("pagewalk %s\n", PACKAGE_VERSION);
			exit(0);
		case ':':
			return err_set(e, "option %s needs a value",
				       argv[optind - 1]);
		default:
			return err_set(e, "unknown option %s (see --help)",
				       argv[optind - 1]);
		}
	}
	if (optind + 1 < argc)
		return err_set(e, "one DUMP at a time (got '%s' and '%s')",
			       argv[optind], argv[optind + 1]);
	o->path = optind < argc ? argv[optind] : bundled_sample();
	/* The teaching sample opens where the seed's story happens. */
	if (optind >= argc && !o->has_va) {
		o->va = 0x1f0000;
		o->has_va = true;
	}
	if (!o->path)
		return err_set(e, "no DUMP given and the bundled sample is not "
			       "installed");
	return 0;
}

/* --cr3 auto: the best-ranked candidate of the scan; its mode and OS
 * too, unless given. */
static int auto_root(struct session *s, const struct opts *o, struct err *e)
{
	struct dtb_cand c[DTB_MAX];
	char note[160];

	int n = dtb_scan(sess_source(s), c, DTB_MAX, e);
	if (n < 0)
		return err_prefix(e, "--cr3 auto");
	if (n == 0)
		return err_set(e, "%s: --cr3 auto: no page-table root found "
			       "(looked for Windows self-maps and Linux kernel "
			       "tables in every x86 mode)", sess_source(s)->path);
	if (!dtb_plausible(&c[0]))
		return err_set(e, "%s: --cr3 auto: none of %d candidates is "
			       "plausible (each maps mostly outside the image); "
			       "see dtbscan", sess_source(s)->path, n);
	if (o->so.mode == PW_MODE_NONE)
		sess_set_mode(s, c[0].mode);
	if (!o->so.has_os)
		sess_set_os(s, c[0].os);
	if (sess_set_cr3(s, c[0].cr3, e) < 0)
		return -1;
	snprintf(note, sizeof(note), "(--cr3 auto: best of %d candidates, %s)",
		 n, c[0].why);
	sess_set_root_note(s, note);
	return 0;
}

/* Set when the dump shrank under us: nothing more is run. */
static bool stop;

/* {"command", "ok", "result" | "error"} on one line (doc/JSON.md);
 * jansson escapes every control and non-ASCII character. */
static void put_json(const char *cmd, int failed, struct outbuf *out,
		     const struct err *e)
{
	json_t *doc = json_object(), *res = cj_take(out);

	json_object_set_new(doc, "command", cj_text(cmd));
	json_object_set_new(doc, "ok", json_boolean(!failed));
	if (failed) {
		json_object_set_new(doc, "error", cj_text(e->msg));
		json_decref(res);
	} else {
		json_object_set_new(doc, "result", res ? res : json_object());
	}
	char *text = json_dumps(doc, JSON_COMPACT | JSON_ENSURE_ASCII);
	if (text)
		printf("%s\n", text);
	free(text);
	json_decref(doc);
}

/* Run one command; its output goes out, a failure to stderr.  Returns 1
 * if it failed, 0 if not: the next command runs either way. */
static int run_one(struct session *s, const char *cmd, struct outbuf *out)
{
	struct err e;

	if (json_lines)
		cj_want(out);
	int failed = cmd_run(s, cmd, out, &e) < 0;

	if (json_lines)
		put_json(cmd, failed, out, &e);
	else
		put_safe(stdout, ob_str(out), true);
	ob_reset(out);
	if (failed) {
		fflush(stdout);
		message(e.msg);
	}
	if (fmt_shrunk(sess_source(s))) {
		fflush(stdout);
		snprintf(e.msg, sizeof(e.msg), "%s: the file shrank while open "
			 "(its lost bytes read as zero): stopped",
			 sess_source(s)->path);
		message(e.msg);
		stop = true;
		return 1;
	}
	return failed;
}

/* -f FILE (or -): one command per line; blank lines and lines whose
 * first non-blank character is '#' are skipped. */
static int run_file(struct session *s, const char *path, struct outbuf *out)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int failed = 0;

	if (!f) {
		struct err e;
		err_set(&e, "-f %s: %s", path, strerror(errno));
		return fail(e.msg);
	}
	while (!stop && (n = getline(&line, &cap, f)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		const char *p = line + strspn(line, " \t");
		if (*p && *p != '#')
			failed |= run_one(s, p, out);
	}
	if (ferror(f)) {
		struct err e;
		err_set(&e, "-f %s: %s", path, strerror(errno));
		failed = fail(e.msg);
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return failed;
}

/* Every command runs, in order; the exit status is 1 if any failed
 * (doc/PAGING.md, "Exit status of commands") or if the output could not
 * be written. */
static int run_commands(struct session *s, const struct opts *o)
{
	struct outbuf out;
	int failed = 0;

	ob_init(&out);
	if (o->info)
		failed |= run_one(s, "info", &out);
	for (int i = 0; i < o->ncmds && !stop; i++)
		failed |= o->cmds[i].file ? run_file(s, o->cmds[i].text, &out) :
			  run_one(s, o->cmds[i].text, &out);
	ob_fini(&out);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "pagewalk: writing the output: %s\n",
			strerror(errno ? errno : EIO));
		failed = 1;
	}
	return failed;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct session *s;
	struct err e = { "" };
	int rc;

	setlocale(LC_ALL, "");
	if (parse_args(argc, argv, &o, &e) < 0 ||
	    sess_open(o.path, &o.so, &s, &e) < 0) {
		free(o.cmds);
		return fail(e.msg);
	}
	if (o.cr3_auto && auto_root(s, &o, &e) < 0) {
		sess_free(s);
		free(o.cmds);
		return fail(e.msg);
	}
	if (o.diff) {	/* the second snapshot, opened the same way */
		struct session *b;
		if (sess_open(o.diff, &o.so, &b, &e) < 0 ||
		    (o.cr3_auto && auto_root(b, &o, &e) < 0)) {
			sess_free(s);
			free(o.cmds);
			return fail(e.msg);
		}
		sess_set_other(s, b);
		/* alone and without a terminal, --diff runs the diff command;
		 * on a terminal, the interface marks the changes */
		if (!o.info && !o.ncmds && !o.keys && !o.shot && !o.shot_dir &&
		    !isatty(STDOUT_FILENO) &&
		    fmt_grow(&o.cmds, &o.cmds_cap, 1, sizeof(*o.cmds)) == 0)
			o.cmds[o.ncmds++] = (struct cmd_arg){ "diff", false };
	}
	if (o.va_text && cmd_parse_va(s, o.va_text, &o.va, &e) < 0) {
		sess_free(s);
		free(o.cmds);
		err_prefix(&e, "--address");
		return fail(e.msg);
	}
	if (o.has_va)
		sess_set_va(s, o.va);
	/* the OS's view of the process the dump stopped in (its VADs or
	 * VMAs give page states), for commands as for the interface */
	os_attach_current(s);
	/* Box drawing needs a UTF-8 locale; anything else gets ASCII. */
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	struct ui_opts uo = { .ascii = o.ascii || !utf8, .no_color = o.no_color,
			      .keys = o.keys, .cols = o.cols, .rows = o.rows,
			      .screenshot = o.shot, .shot_formats = o.shot_formats,
			      .no_mouse = o.no_mouse, .light = o.light,
			      .lesson = o.lesson,
			      .shot_dir = o.shot_dir };
	if (o.info || o.ncmds)
		rc = run_commands(s, &o);
	else if (o.keys || o.shot || o.shot_dir)
		rc = ui_headless(s, &uo, &e) < 0 ? fail(e.msg) : 0;
	else
		rc = ui_run(s, &uo, &e) < 0 ? fail(e.msg) : 0;
	sess_free(s);
	free(o.cmds);
	return rc;
}
