/* pagewalk's entry point: options, opening the dump, -c commands or the
 * interface.  The only place that decides the exit status or prints to
 * stderr. */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cmd.h"
#include "dtbscan.h"
#include "session.h"
#include "../ui/ui.h"

#define MAX_CMDS 64

struct opts {
	struct sess_opts so;
	const char *cmds[MAX_CMDS];
	int ncmds;
	bool info, ascii, no_color, has_va, cr3_auto;
	const char *keys, *shot;
	int cols, rows;
	uint64_t va;
	const char *path;
};

static void usage(FILE *f)
{
	fprintf(f,
"Usage: pagewalk [OPTIONS] [DUMP]\n"
"Explore the page tables of a memory image: Windows crash dumps (32-bit\n"
"PAE and non-PAE, 64-bit; run-based and bitmap), ELF cores (QEMU, vmcore),\n"
"kdump-compressed files (zlib, LZO, snappy, zstd; flattened too), LiME,\n"
"Windows user-mode minidumps (regions, no page tables) and raw images.\n"
"With no DUMP, opens the bundled teaching sample (seed-pae-3-touched.dmp).\n"
"\n"
"  -c, --command CMD    run CMD, print its output, exit (repeatable)\n"
"      --info           print what was detected in the dump and exit\n"
"      --cr3 PA|auto    page-table root (overrides the dump's); auto: scan\n"
"                       the image and take the best candidate (dtbscan)\n"
"      --mode MODE      paging mode: x86 (32-bit 2-level), pae, x64, la57\n"
"      --os OS          how to read non-present entries: windows, linux, none\n"
"  -a, --address VA     start at this virtual address\n"
"      --format NAME    skip detection: windows-dmp, elf, kdump, lime,\n"
"                       minidump or raw\n"
"      --base PA        raw images: physical address of the first byte\n"
"      --maxphyaddr N   physical-address width, 32..52 (default 52)\n"
"      --ascii          draw with ASCII instead of UTF-8 box characters\n"
"      --no-color       monochrome (also when NO_COLOR is set)\n"
"      --keys KEYS      run the interface headless and feed it KEYS:\n"
"                       characters stand for themselves; <Enter> <Tab>\n"
"                       <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn>\n"
"                       <Home> <End> <BS> <Space> <lt> <C-x> name others\n"
"      --screenshot FILE  write the final screen: .txt, .html or .ansi\n"
"                       (with --keys, or alone for the first screen)\n"
"      --size COLSxROWS screen size for headless rendering (default 80x24)\n"
"  -h, --help           show this help and exit\n"
"  -V, --version        show the version and exit\n"
"\n"
"Commands (-c and the ':' prompt): !pte VA, !vtop [CR3] VA, pte VALUE [LEVEL],\n"
"db/dw/dd/dq VA [L n], !db/!dw/!dd/!dq PA [L n], map [VA] [L n],\n"
".cr3 [VALUE [MODE]], .process [EPROCESS],\n"
"search PATTERN, rmap PFN, dtbscan, info, help.\n"
"Numbers are hex unless written 0n123.\n"
"\n"
"Interface keys: n/p page, }/{ next state change, arrows move, g/G go to,\n"
"/ search, Tab panel, Enter table page, : command, s screenshot, ? help, q quit.\n"
"\n"
"Codecs built in:" PW_CODECS ".\n"
"\n"
"Exit status: 0 on success, 1 on a user error (one message on stderr).\n");
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

static int fail(const char *msg)
{
	fprintf(stderr, "pagewalk: %s\n", msg);
	return 1;
}

static int parse_args(int argc, char **argv, struct opts *o, struct err *e)
{
	enum { O_CR3 = 256, O_MODE, O_OS, O_FORMAT, O_BASE, O_INFO, O_ASCII,
	       O_MAXPHY, O_KEYS, O_SHOT, O_SIZE, O_NOCOLOR };
	static const struct option lo[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "address", required_argument, NULL, 'a' },
		{ "cr3", required_argument, NULL, O_CR3 },
		{ "mode", required_argument, NULL, O_MODE },
		{ "os", required_argument, NULL, O_OS },
		{ "format", required_argument, NULL, O_FORMAT },
		{ "base", required_argument, NULL, O_BASE },
		{ "maxphyaddr", required_argument, NULL, O_MAXPHY },
		{ "info", no_argument, NULL, O_INFO },
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
	while ((ch = getopt_long(argc, argv, ":c:a:hV", lo, NULL)) != -1) {
		switch (ch) {
		case 'c':
			if (o->ncmds == MAX_CMDS)
				return err_set(e, "too many -c commands");
			o->cmds[o->ncmds++] = optarg;
			break;
		case 'a':
			if (cmd_parse_num(optarg, &o->va, e) < 0)
				return err_prefix(e, "--address");
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
			if (o->so.mode == PW_MODE_NONE)
				return err_set(e, "--mode: '%s' is not x86, pae, "
					       "x64 or la57", optarg);
			break;
		case O_OS:
			o->so.has_os = true;
			if (!strcasecmp(optarg, "windows"))
				o->so.os = PW_OS_WINDOWS;
			else if (!strcasecmp(optarg, "linux"))
				o->so.os = PW_OS_LINUX;
			else if (!strcasecmp(optarg, "none"))
				o->so.os = PW_OS_NONE;
			else
				return err_set(e, "--os: '%s' is not windows, "
					       "linux or none", optarg);
			break;
		case O_FORMAT:
			o->so.format = optarg;
			break;
		case O_BASE:
			if (cmd_parse_num(optarg, &o->so.raw_base, e) < 0)
				return err_prefix(e, "--base");
			break;
		case O_MAXPHY:
			if (cmd_parse_num(optarg, &v, e) < 0 || v < 0x20 || v > 0x34)
				return err_set(e, "--maxphyaddr: give a width "
					       "from 0n32 to 0n52 (hex by default: "
					       "20..34)");
			o->so.maxphy = (unsigned)v;
			break;
		case O_INFO:
			o->info = true;
			break;
		case O_ASCII:
			o->ascii = true;
			break;
		case O_NOCOLOR:
			o->no_color = true;
			break;
		case O_KEYS:
			o->keys = optarg;
			break;
		case O_SHOT:
			o->shot = optarg;
			break;
		case O_SIZE: {
			char x;
			if (sscanf(optarg, "%d%c%d", &o->cols, &x, &o->rows) != 3 ||
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
		return err_set(e, "%s: --cr3 auto: no page-table root found (no "
			       "Windows self-map, no Linux x86-64 kernel table)",
			       sess_source(s)->path);
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

static int run_commands(struct session *s, const struct opts *o)
{
	struct outbuf out;
	struct err e;
	int rc = 0;

	ob_init(&out);
	if (o->info) {
		cmd_run(s, "info", &out, &e);
		fputs(ob_str(&out), stdout);
		ob_reset(&out);
	}
	for (int i = 0; i < o->ncmds; i++) {
		if (cmd_run(s, o->cmds[i], &out, &e) < 0) {
			fputs(ob_str(&out), stdout);
			fflush(stdout);
			fprintf(stderr, "pagewalk: %s\n", e.msg);
			rc = 1;
			break;
		}
		fputs(ob_str(&out), stdout);
		ob_reset(&out);
	}
	ob_fini(&out);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct session *s;
	struct err e = { "" };
	int rc;

	setlocale(LC_ALL, "");
	if (parse_args(argc, argv, &o, &e) < 0)
		return fail(e.msg);
	if (sess_open(o.path, &o.so, &s, &e) < 0)
		return fail(e.msg);
	if (o.cr3_auto && auto_root(s, &o, &e) < 0) {
		sess_free(s);
		return fail(e.msg);
	}
	if (o.has_va)
		sess_set_va(s, o.va);
	/* Box drawing needs a UTF-8 locale; anything else gets ASCII. */
	bool utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	struct ui_opts uo = { .ascii = o.ascii || !utf8, .no_color = o.no_color,
			      .keys = o.keys, .cols = o.cols, .rows = o.rows,
			      .screenshot = o.shot };
	if (o.info || o.ncmds)
		rc = run_commands(s, &o);
	else if (o.keys || o.shot)
		rc = ui_headless(s, &uo, &e) < 0 ? fail(e.msg) : 0;
	else
		rc = ui_run(s, &uo, &e) < 0 ? fail(e.msg) : 0;
	sess_free(s);
	return rc;
}
