/* Golden screens: the real interface, headless, replaying the seed's story
 * on seed-pae-3-touched.dmp at 80x24 and 132x43, the x64 sample, and -- when
 * the shared real data is present -- a Linux guest's kdump and a Windows
 * minidump at 80x24 and 100x30, compared with tests/golden/.  On a mismatch the new screen is written next to the
 * golden as .new and a diff is printed; PW_UPDATE_GOLDEN=1 rewrites them. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "pgstate.h"
#include "linux_guest.h"
#include "sample.h"
#include "session.h"
#include "ui.h"
#include "app.h"

static char tmpdir[256];

static const char *srcdir(void)
{
	const char *s = getenv("PW_SRCDIR");
	return s ? s : ".";
}

static struct session *open_seed(const char *name)
{
	return sample_session(name);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *b = calloc(1, (size_t)n + 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

/* Render: open the sample at va, feed keys, return the text screen. */
/* The screen of sample at va after keys, as a screenshot of kind ext;
 * other: the --diff snapshot (NULL: none); light: --theme light. */
static char *render_ex(const char *sample, const char *other, uint64_t va,
		       const char *keys, int cols, int rows, const char *ext,
		       bool ascii, bool color, bool light)
{
	char shot[512];
	struct err e;
	struct session *s = open_seed(sample);
	struct ui_opts o = { .ascii = ascii, .no_color = !color, .keys = keys,
			     .cols = cols, .rows = rows, .screenshot = shot,
			     .light = light };

	if (other)
		sess_set_other(s, open_seed(other));
	snprintf(shot, sizeof(shot), "%s/screen%s", tmpdir, ext);
	sess_set_va(s, va);
	if (ui_headless(s, &o, &e) < 0)
		fail_msg("%s", e.msg);
	sess_free(s);
	char *text = slurp(shot);
	assert_non_null(text);
	return text;
}

static char *render(const char *sample, uint64_t va, const char *keys,
		    int cols, int rows, const char *ext, bool ascii, bool color)
{
	return render_ex(sample, NULL, va, keys, cols, rows, ext, ascii, color,
			 false);
}

/* The screen of dump (a sample's name or a path) at va after keys,
 * against tests/golden/NAME.txt. */
/* got against tests/golden/NAME (created, or rewritten with
 * PW_UPDATE_GOLDEN; a difference leaves NAME.new and fails). */
static void against_golden(const char *name, char *got)
{
	char path[1024], cmd[2200];

	snprintf(path, sizeof(path), "%s/tests/golden/%s", srcdir(), name);
	char *want = slurp(path);
	if (getenv("PW_UPDATE_GOLDEN") || !want) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		printf("# %s: golden %s\n", name, want ? "rewritten" : "created");
	} else if (strcmp(want, got) != 0) {
		char newp[1100];
		snprintf(newp, sizeof(newp), "%s.new", path);
		FILE *f = fopen(newp, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s'", path, newp);
		if (system(cmd) < 0)
			printf("# (diff failed)\n");
		fail_msg("%s: screen differs from the golden (see %s)", name, newp);
	}
	free(want);
	free(got);
}

static void golden_of(const char *dump, uint64_t va, const char *name,
		      const char *keys, int cols, int rows)
{
	char file[256];

	snprintf(file, sizeof(file), "%s.txt", name);
	against_golden(file, render(dump, va, keys, cols, rows, ".txt", true,
				    false));
}

static void golden(const char *name, const char *keys, int cols, int rows)
{
	golden_of("seed-pae-3-touched.dmp", 0x1f0000, name, keys, cols, rows);
}

/* A file of the shared real data, or NULL (the test then says it skips). */
static const char *shared_data(const char *rel, char *buf, size_t len)
{
	const char *d = getenv("PW_DATA");

	snprintf(buf, len, "%s/%s", d ? d : "../shared/data", rel);
	if (access(buf, R_OK) == 0)
		return buf;
	printf("# SKIP: %s is not here\n", buf);
	return NULL;
}

/* The seed's story: touched page, next page, a committed page, the first
 * reserved page, and the PTE level's table. */
static void seed_80x24(void **st)
{
	(void)st;
	golden("seed-80x24-1-touched", "", 80, 24);
	golden("seed-80x24-2-next", "n", 80, 24);
	golden("seed-80x24-3-demand-zero", "nn", 80, 24);
	golden("seed-80x24-4-reserved", "nn}", 80, 24);
	golden("seed-80x24-5-pte-table", "nn}<Tab><Enter>", 80, 24);
}

static void seed_132x43(void **st)
{
	(void)st;
	golden("seed-132x43-1-touched", "", 132, 43);
	golden("seed-132x43-2-next", "n", 132, 43);
	golden("seed-132x43-3-demand-zero", "nn", 132, 43);
	golden("seed-132x43-4-reserved", "nn}", 132, 43);
	golden("seed-132x43-5-pte-table", "nn}<Tab><Enter>", 132, 43);
}

/* The x64 sample: 4-level walk, the touched page and the demand-zero
 * ones after it. */
static void x64_sample(void **st)
{
	(void)st;
	golden_of("seed-x64-3-touched.dmp", 0x1f0000, "x64-80x24-touched", "",
		  80, 24);
	golden_of("seed-x64-3-touched.dmp", 0x1f0000, "x64-100x30-demand-zero",
		  "nn", 100, 30);
}

/* A real Linux guest (QEMU's flattened kdump, shipped data): the
 * workload's touched page, and its PROT_NONE page whose frame the entry
 * keeps. */
static void linux_guest(void **st)
{
	(void)st;
	char buf[1024];
	const char *k = shared_data("x64-4l/guest.kdump-zlib", buf, sizeof(buf));
	if (!k)
		return;
	golden_of(k, 0x7f9f7f7e2000, "linux-80x24-seed", "", 80, 24);
	golden_of(k, 0x7f9f7f3df000, "linux-100x30-protnone", "", 100, 30);
}

/* A real Windows minidump: the region panels, a reserved region (its
 * allocation's protection), the current region marked. */
static void windows_minidump(void **st)
{
	(void)st;
	char buf[1024];
	const char *m = shared_data("windows-minidumps/breakpad-tiny-exe-with-"
				    "cet-xsave-x64.dmp", buf, sizeof(buf));
	if (!m)
		return;
	golden_of(m, 0xcbc80bb000, "minidump-80x24-reserved", "", 80, 24);
	golden_of(m, 0x7fff0000, "minidump-100x30-free", "", 100, 30);
}

static void large_terminal_shows_whole_map_and_wide_walk(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000, "", 200, 60, ".txt",
			 true, false);
	/* 512 cells in rows of 64: labels 000..1c0, all on screen */
	assert_non_null(strstr(t, "000 ------"));	/* free: no VAD */
	assert_non_null(strstr(t, "1c0>"));
	/* one row per level with the flag columns */
	assert_non_null(strstr(t, "P W U T C A D S G X  windbg"));
	assert_non_null(strstr(t, "PTE   1f0  #6a1a6f80  8000000069FC8867  "
			       "P W U - - A D - - X  ---DA--UW-V"));
	free(t);
}

static void too_small_says_so(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000, "", 60, 20, ".txt",
			 true, false);
	assert_non_null(strstr(t, "needs at least 80x24; this terminal is 60x20"));
	free(t);
}

static void prompt_runs_commands_and_moves(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000,
			 ":!pte 1f2000<Enter>", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "+ VA 001f2000 - demand-zero"));
	assert_non_null(strstr(t, "|                            DemandZero"));
	free(t);
	/* Esc closes the output; g goes to a VA; history recalls with Up */
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   ":pte 80<Enter><Esc>g1f1000<Enter>", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "+ VA 001f1000 - valid"));
	assert_null(strstr(t, "Output"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   ":!pte 1f3000<Enter><Esc>:<Up><Enter>", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "VA 001f3000"));
	free(t);
	/* an error goes to the status line */
	t = render("seed-pae-3-touched.dmp", 0x1f0000, ":frob<Enter>", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, "unknown command 'frob'"));
	free(t);
	/* ... and the output shown stays the last command's that wrote one */
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   ":!pte 1f2000<Enter>:frob<Enter>", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "unknown command 'frob'"));
	assert_non_null(strstr(t, ":!pte 1f2000 - Esc closes"));
	assert_non_null(strstr(t, "DemandZero"));
	free(t);
}

/* G moves every panel to the VA that maps the frame; a frame nothing maps
 * leaves the physical panel detached, and says so. */
static void goto_pa_moves_every_panel(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x100000, "G69fc8010<Enter>",
			 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "+ VA 001f0000 - valid"));
	assert_non_null(strstr(t, "+ PA 69fc8000 (pfn 69fc8) "));
	assert_non_null(strstr(t, " 001f0010 -> 69fc8010 | valid"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x100000, "G7f212000<Enter>",
		   80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "+ PA 7f212000 detached -"));
	assert_non_null(strstr(t, " PA 7f212000 detached: no virtual page maps it"));
	free(t);
	/* Esc ends it */
	t = render("seed-pae-3-touched.dmp", 0x100000, "G7f212000<Enter><Esc>",
		   80, 24, ".txt", true, false);
	assert_null(strstr(t, "detached"));
	free(t);
}

/* Each prompt has its own history: Up after ':' recalls a command, not
 * the address typed at 'g'. */
/* A line of thousands of characters at the prompt (a paste) scrolls to
 * keep its end in view, and redrawing it at every key stays linear: it
 * was quadratic, 35 s for 3000 characters (a fuzzer's timeout). */
static void a_long_prompt_line_scrolls(void **st)
{
	(void)st;
	enum { N = 3000 };
	char *keys = malloc(N + 8);
	assert_non_null(keys);
	keys[0] = ':';
	memset(keys + 1, 'a', N);
	memcpy(keys + 1 + N, "XYZ", 4);
	clock_t c0 = clock();
	char *t = render("seed-pae-1-reserved.dmp", 0x1f0000, keys, 80, 24,
			 ".txt", true, false);
	double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
	printf("# %d characters typed at the prompt in %.2f s\n", N + 3, secs);
	assert_true(secs < 10);
	/* the prompt row ends with the line's end (the cursor's cell after
	 * it is blank, trimmed in a text screenshot) */
	assert_non_null(strstr(t, "\n:aaaa"));
	assert_non_null(strstr(t, "aaaaXYZ\n"));
	free(t);
	free(keys);
	/* killing the line and yanking it twice doubles it: 30 times over
	 * would be 8 GB; the line stops at 8192 bytes and says so */
	char doubling[600] = ":abcdefgh";
	for (int i = 0; i < 30; i++)
		strcat(doubling, "<C-u><C-y><C-y>");
	c0 = clock();
	t = render("seed-pae-1-reserved.dmp", 0x1f0000, doubling, 80, 24,
		   ".txt", true, false);
	assert_true((double)(clock() - c0) / CLOCKS_PER_SEC < 10);
	assert_non_null(strstr(t, "abcdefghabcdefgh\n"));
	assert_non_null(strstr(t, "the line is cut at 8192 bytes"));
	free(t);
	/* wide characters: two cells each on screen, once each in a
	 * screenshot (curses reads the second cell as the same character),
	 * and a line of them scrolls by whole characters */
	t = render("seed-pae-1-reserved.dmp", 0x1f0000,
		   ":\xc3\xa9\xe7\x95\x8c\xc3\xa9\xe7\x95\x8c" "END", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, "\n:\xc3\xa9\xe7\x95\x8c\xc3\xa9\xe7\x95\x8c" "END\n"));
	free(t);
	char wide[1024] = ":";
	for (int i = 0; i < 100; i++)
		strcat(wide, "\xe7\x95\x8c");	/* 200 columns */
	strcat(wide, "END");
	t = render("seed-pae-1-reserved.dmp", 0x1f0000, wide, 80, 24, ".txt",
		   true, false);
	/* the row: ':', then 37 of them (74 columns), END, the cursor */
	char want[200] = "\n:";
	for (int i = 0; i < 37; i++)
		strcat(want, "\xe7\x95\x8c");
	strcat(want, "END\n");
	assert_non_null(strstr(t, want));
	free(t);
}

static void each_prompt_has_its_own_history(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000,
			 ":!pte 1f3000<Enter><Esc>g1f1000<Enter>:<Up><Enter>",
			 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "VA 001f3000"));
	assert_null(strstr(t, "unknown command"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   "g1f1000<Enter>:help<Enter><Esc>g1f3000<Enter>g<Up><Up><Enter>",
		   80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "+ VA 001f1000 - valid"));
	free(t);
}

/* The help overlay lists what the tables define: every command and every
 * page state, at 80x24. */
/* P lists the Linux tasks with the one shown selected; Enter switches
 * to it, and the page map then draws the seed region's three states and
 * the free space after it. */
static void p_lists_and_switches_processes(void **st)
{
	(void)st;
	const char *why = NULL, *elf = lg_elf(&why);
	if (!elf) {
		printf("# P not checked: %s\n", why);
		return;
	}
	char *t = render(elf, 0x7fbcd98bb000ull, "P", 100, 30, ".txt", true,
			 false);
	assert_non_null(strstr(t, ">       1       0 R  workload"));
	free(t);
	t = render(elf, 0x7fbcd98bb000ull, "P<Enter><Esc>", 100, 30, ".txt",
		   true, false);
	assert_non_null(strstr(t, "pid 1 workload CR3 61c0000"));
	/* the map rows holding the seed (32 cells a row at this size):
	 * VVVV dddd rrrrrrrr then free */
	assert_non_null(strstr(t, "dddVVVVd "));
	assert_non_null(strstr(t, "dddrrrrrrrr-----"));
	assert_non_null(strstr(t, "V valid  d demand-zero  r reserved  - free"));
	free(t);
}

/* P on a Windows crash dump: its processes, the one shown selected;
 * Enter switches to another, whose name the status line then gives. */
static void windows_process_pick_list(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000, "P", 100, 30, ".txt",
			 true, false);
	assert_non_null(strstr(t, ">    880    e18       1 pagefault.exe"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "P<Up><Enter><Esc>", 100,
		   30, ".txt", true, false);
	assert_non_null(strstr(t, " 001f0000 -> - | free | explorer.exe (0e18) "
			       "CR3 7f212480"));
	free(t);
	/* a build not in the table (MinorVersion 7602): the list starts with
	 * the note that says so; the selection stops at the first process,
	 * not on the note or the header, and Enter there switches */
	char src[1024], path[600];
	snprintf(src, sizeof(src), "%s/samples/seed-pae-3-touched.dmp",
		 srcdir());
	snprintf(path, sizeof(path), "%s/unknown-build.dmp", tmpdir);
	FILE *in = fopen(src, "rb"), *out = fopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	unsigned char buf[65536];
	size_t n, at = 0;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		if (at == 0)
			buf[0x0c] = 7602 & 0xff, buf[0x0d] = 7602 >> 8;
		assert_int_equal(fwrite(buf, 1, n, out), n);
		at += n;
	}
	fclose(in);
	fclose(out);
	t = render(path, 0x1f0000, "P", 100, 30, ".txt", true, false);
	assert_non_null(strstr(t, "(build 7602 is not in the table"));
	free(t);
	t = render(path, 0x1f0000, "P<Up><Up><Up><Up><Up><Enter><Esc>", 100, 30,
		   ".txt", true, false);
	assert_non_null(strstr(t, " 001f0000 -> - | free | System (0004) "));
	free(t);
	unlink(path);
}

/* Lines wider than the output panel pan sideways, 8 characters a Right
 * or Left, no further than the widest line's end; the title says from
 * which column.  Output that fits leaves the keys to the panels. */
static void wide_output_pans(void **st)
{
	(void)st;
	const char *seed = "seed-pae-1-reserved.dmp";
	char *t = render(seed, 0x1f4000, ":!vad<Enter>", 80, 24, ".txt", false,
			 false);
	assert_non_null(strstr(t, ":!vad \xc2\xb7 Esc closes, \xe2\x86\x91"
			       "\xe2\x86\x93\xe2\x86\x90\xe2\x86\x92 PgUp "
			       "PgDn scroll \xe2\x95\x90"));
	assert_null(strstr(t, "StaticCache.dat"));
	free(t);
	t = render(seed, 0x1f4000, ":!vad<Enter><Right><Right><Left>", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, "PgUp/PgDn scroll (column 9) ="));
	assert_non_null(strstr(t, "| level      start      end    commit "));
	assert_non_null(strstr(t, "| ( 3)        100        101          2 "));
	free(t);
	/* the widest line ends at the panel's edge, and no further */
	t = render(seed, 0x1f4000, ":!vad<Enter><Right><Right><Right><Right>"
		   "<Right><Right>", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "READONLY           \\Windows\\Fonts\\"
			       "StaticCache.dat|"));
	free(t);
	t = render(seed, 0x1f4000, ":r<Enter><Right>", 80, 24, ".txt",
		   true, false);
	assert_non_null(strstr(t, ":r - Esc closes, arrows and PgUp/PgDn "
			       "scroll ="));
	assert_non_null(strstr(t, "|eax=001f0000 ebx=00000000"));
	free(t);
}

/* The key tables dispatch what their docs list: every key the help, the
 * hint bar and --help name is bound, and the hint bar's words come from
 * the documented rows, in their order. */
static void documented_keys_are_bound(void **st)
{
	(void)st;
	const struct ui_key_doc *k[UI_KEY_DOCS_MAX];
	size_t n = ui_key_docs(k, UI_KEY_DOCS_MAX), checked = 0;

	assert_in_range(n, 8, UI_KEY_DOCS_MAX - 1);
	for (size_t i = 0; i < n; i++) {
		char keys[64], *save = NULL;
		snprintf(keys, sizeof(keys), "%s", k[i]->keys);
		for (char *w = strtok_r(keys, " ,", &save); w;
		     w = strtok_r(NULL, " ,", &save)) {
			char spec[48];
			int codes[8];
			struct err e;
			if (!strcmp(w, "click"))
				continue;	/* the mouse: ui_app_click */
			if (!strcmp(w, "arrows"))
				snprintf(spec, sizeof(spec), "<Left><Right><Up><Down>");
			else if (!strcmp(w, "PgUp/Dn"))
				snprintf(spec, sizeof(spec), "<PgUp><PgDn>");
			else if (!strcmp(w, "<"))
				snprintf(spec, sizeof(spec), "<lt>");
			else if (strlen(w) > 1)
				snprintf(spec, sizeof(spec), "<%s>", w);
			else
				snprintf(spec, sizeof(spec), "%s", w);
			int nc = ui_keys_parse(spec, codes, 8, &e);
			if (nc < 1)
				fail_msg("%s (in \"%s\")", e.msg, k[i]->keys);
			for (int c = 0; c < nc; c++, checked++)
				if (!ui_key_bound(codes[c]))
					fail_msg("key %s of \"%s\" is not bound", w,
						 k[i]->keys);
		}
	}
	assert_true(checked >= 30);
	assert_false(ui_key_bound('Z'));	/* the check can fail */
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000, "", 120, 30, ".txt",
			 true, false);
	assert_non_null(strstr(t, ": cmd  / search  g/G go to  n/p page  }/{ "
			       "state  Tab panel  q quit"));
	free(t);
}

static void help_lists_every_command_and_state(void **st)
{
	(void)st;
	/* taller than 80x24: its first screen, then its last */
	char *first = render("seed-pae-3-touched.dmp", 0x1f0000, "?", 80, 24,
			     ".txt", true, false);
	char *last = render("seed-pae-3-touched.dmp", 0x1f0000, "?<End>", 80,
			    24, ".txt", true, false);
	size_t n, len = strlen(first) + strlen(last) + 1;
	char *t = malloc(len);
	assert_non_null(t);
	snprintf(t, len, "%s%s", first, last);
	const struct cmd *c = cmd_table(&n);
	for (size_t i = 0; i < n; i++) {
		char word[40];
		snprintf(word, sizeof(word), " %s ", c[i].name);
		if (!strstr(t, word))
			fail_msg("help overlay lacks command %s", c[i].name);
	}
	for (int s = 0; s < PGS_COUNT; s++)
		if (!strstr(t, pgstate_desc((enum pgstate)s)->name))
			fail_msg("help overlay lacks state %s",
				 pgstate_desc((enum pgstate)s)->name);
	free(t);
	free(first);
	free(last);
}

/* The help scrolls when taller than the terminal: its title counts the
 * lines shown, the arrows and PgDn move through it and stop at its ends,
 * and any other key closes it. */
static void help_scrolls_when_taller(void **st)
{
	(void)st;
	const char *dump = "seed-pae-3-touched.dmp";
	char *t = render(dump, 0x1f0000, "?", 80, 24, ".txt", true, false);
	int total = 0;
	const char *at = strstr(t, "Help, lines 1-22 of ");
	assert_non_null(at);
	total = atoi(at + strlen("Help, lines 1-22 of "));
	assert_true(total > 22);
	assert_non_null(strstr(t, "| Moving "));
	assert_null(strstr(t, "decommitted"));
	free(t);

	char want[64];
	snprintf(want, sizeof(want), "Help, lines %d-%d of %d", total - 21,
		 total, total);
	static const char *const to_end[] = { "?<PgDn><PgDn><PgDn>", "?<End>",
					      "?<End><Down>" };
	for (size_t i = 0; i < sizeof(to_end) / sizeof(to_end[0]); i++) {
		t = render(dump, 0x1f0000, to_end[i], 80, 24, ".txt", true,
			   false);
		assert_non_null(strstr(t, want));
		assert_non_null(strstr(t, "decommitted"));
		assert_null(strstr(t, "| Moving "));
		free(t);
	}
	t = render(dump, 0x1f0000, "?<Down><Down>", 80, 24, ".txt", true,
		   false);
	assert_non_null(strstr(t, "Help, lines 3-24 of "));
	free(t);
	t = render(dump, 0x1f0000, "?<End><Up><Home><Up>", 80, 24, ".txt",
		   true, false);
	assert_non_null(strstr(t, "Help, lines 1-22 of "));
	free(t);
	t = render(dump, 0x1f0000, "?<PgDn>x", 80, 24, ".txt", true, false);
	assert_null(strstr(t, "Help"));
	free(t);
	/* where it fits, nothing scrolls and every key closes it */
	t = render(dump, 0x1f0000, "?", 120, 40, ".txt", true, false);
	assert_non_null(strstr(t, "Help - any key closes"));
	assert_non_null(strstr(t, "decommitted"));
	free(t);
	t = render(dump, 0x1f0000, "?<Down>", 120, 40, ".txt", true, false);
	assert_null(strstr(t, "Help"));
	free(t);
}

/* At 80x24 a non-present entry's details are told in fewer words rather
 * than cut mid-word; wide screens keep WinDbg's. */
static void details_fit_at_80x24(void **st)
{
	(void)st;
	static const struct { uint64_t va; const char *narrow, *wide; } c[] = {
		{ 0x101000, "|file 1 offset 2a5 prot 4 ReadWrite    |",
		  "PageFile:   1 | Offset: 2a5 | Protect: 4 - ReadWrite" },
		{ 0x100000, "|pfn 6b100 prot 4 ReadWrite            |",
		  "Transition: 6b100 | Protect: 4 - ReadWrite" },
		{ 0x17c000, "|prot 14 Guard ReadWrite               |",
		  "DemandZero | Protect: 14 - Guard ReadWrite" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *t = render("seed-pae-3-touched.dmp", c[i].va, "", 80, 24,
				 ".txt", true, false);
		if (!strstr(t, c[i].narrow))
			fail_msg("80x24 at %" PRIx64 " lacks '%s'", c[i].va,
				 c[i].narrow);
		free(t);
		t = render("seed-pae-3-touched.dmp", c[i].va, "", 132, 43, ".txt",
			   true, false);
		if (!strstr(t, c[i].wide))
			fail_msg("132x43 at %" PRIx64 " lacks '%s'", c[i].va,
				 c[i].wide);
		free(t);
	}
}

/* The mouse: a press in the page map moves to that page and focuses the
 * map; a press elsewhere focuses that panel. */
static void clicks_focus_and_pick_pages(void **st)
{
	(void)st;
	/* 80x24: the map's cells start at row 12, column 45; row 13 holds
	 * pages 160..17f, so column 73 is 17c, the guard page */
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000, "<Click 13 73>", 80,
			 24, ".txt", true, false);
	assert_non_null(strstr(t, " 0017c000 -> - | guard"));
	assert_non_null(strstr(t, "+ Page map 00000000 +2M @17c ========="));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "<Click 4 50>", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, "CR3 7f2124c0 =============+"));	/* walk */
	assert_non_null(strstr(t, "|PDE  >  0 000000006A1A6867"));	/* level */
	assert_non_null(strstr(t, " 001f0000 -> 69fc8000"));	/* not moved */
	free(t);
	/* a hexdump byte, in the hex columns and in the text column */
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "<Click 3 10>", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, " 001f0011 -> 69fc8011"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "<Click 3 33>", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, " 001f0012 -> 69fc8012"));
	free(t);
	/* a table page's row: that entry's page, the table kept (its rows
	 * 1ec..1f4 at screen rows 12..20; 1f1 on row 17) */
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   "<Tab><Enter><Click 17 5>", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, " 001f1000 -> 69c49000"));
	assert_non_null(strstr(t, "Table PT #6a1a6000 (PTE 1f1)"));
	assert_non_null(strstr(t, "|1f1>8000000069C49867"));
	free(t);
}

/* In a table page: up/down move entry by entry (every panel follows),
 * Enter goes into what the entry maps, u back up, z hides the empty
 * entries; wide screens show the VA each entry covers. */
static void tables_are_navigable(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000,
			 "<Tab><Enter><Tab>kk", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "|1ee>0000000000000000 zero"));
	assert_non_null(strstr(t, " 001ee000 -> - | free"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   "<Tab><Up><Enter><Tab><Enter>", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "+ Table PT #6a1a6000 (PTE 1f0) ="));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   "<Tab><Up><Enter><Tab><Enter>u", 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "+ Table PD #71b11000 (PDE 0) ="));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "<Tab><Enter><Tab>zk", 200,
		   60, ".txt", true, false);
	assert_non_null(strstr(t, "empty hidden"));
	assert_non_null(strstr(t, "|17f>0017f000 800000006B17F867"));
	assert_null(strstr(t, "|1ef "));
	free(t);
}

/* --diff in the interface: ) and ( step through the changes, the walk
 * says what the entry becomes, the page map underlines changed pages and
 * marks their rows with '*'. */
/* The teaching screens at 80x24 and 132x43: the seed's diffs 1 -> 2 and
 * 2 -> 3 on the changed PTE, explain and the bit fields of 001f0000, and
 * the light theme (HTML, colours included). */
static void teaching_goldens(void **st)
{
	(void)st;
	static const int size[][2] = { { 80, 24 }, { 132, 43 } };
	char name[128];

	for (int i = 0; i < 2; i++) {
		int c = size[i][0], r = size[i][1];
		snprintf(name, sizeof(name), "teach-%dx%d-diff-1-2.txt", c, r);
		against_golden(name, render_ex("seed-pae-1-reserved.dmp",
			"seed-pae-2-committed.dmp", 0x1f0000, "", c, r, ".txt",
			true, false, false));
		snprintf(name, sizeof(name), "teach-%dx%d-diff-2-3.txt", c, r);
		against_golden(name, render_ex("seed-pae-2-committed.dmp",
			"seed-pae-3-touched.dmp", 0x1f0000, "", c, r, ".txt",
			true, false, false));
		snprintf(name, sizeof(name), "teach-%dx%d-explain.txt", c, r);
		against_golden(name, render("seed-pae-3-touched.dmp", 0x1f0000,
					    "e", c, r, ".txt", true, false));
		snprintf(name, sizeof(name), "teach-%dx%d-fields.txt", c, r);
		against_golden(name, render("seed-pae-1-reserved.dmp", 0x1f0000,
					    "f", c, r, ".txt", true, false));
		snprintf(name, sizeof(name), "teach-%dx%d-light.html", c, r);
		against_golden(name, render_ex("seed-pae-3-touched.dmp", NULL,
			0x1f0000, "", c, r, ".html", false, true, true));
	}
}

static void diff_in_the_interface(void **st)
{
	(void)st;
	char shot[512], *t;
	struct err e;
	struct session *s = open_seed("seed-pae-2-committed.dmp");
	sess_set_other(s, open_seed("seed-pae-3-touched.dmp"));
	snprintf(shot, sizeof(shot), "%s/diff.txt", tmpdir);
	struct ui_opts o = { .ascii = true, .no_color = true, .keys = "))",
			     .cols = 80, .rows = 24, .screenshot = shot };
	if (ui_headless(s, &o, &e) < 0)
		fail_msg("%s", e.msg);
	t = slurp(shot);
	assert_non_null(strstr(t, " 001f1000 -> - | reserved"));
	assert_non_null(strstr(t, "|then PTE 8000000069C49867 (--diff)"));
	free(t);
	sess_set_va(s, 0x1c0000);
	o.keys = "";
	if (ui_headless(s, &o, &e) < 0)
		fail_msg("%s", e.msg);
	t = slurp(shot);
	assert_non_null(strstr(t, "|1e0*"));	/* a changed row, not the cursor's */
	free(t);
	/* the bytes that differ in the other snapshot are underlined */
	snprintf(shot, sizeof(shot), "%s/diff.html", tmpdir);
	sess_set_va(s, 0x1f0000);
	o.no_color = false;
	if (ui_headless(s, &o, &e) < 0)
		fail_msg("%s", e.msg);
	t = slurp(shot);
	assert_non_null(strstr(t, "bold ul\">"));
	free(t);
	sess_free(s);
}

/* f: the entry of the walk's last level (or the selected one) as bit
 * fields. */
static void f_shows_the_entry_fields(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f2000, "f", 100, 30, ".txt",
			 true, false);
	assert_non_null(strstr(t, "_MMPTE_SOFTWARE (PAE layout) of 0000000000000080"));
	assert_non_null(strstr(t, "( 9: 5) Protection           : 0x4   ReadWrite"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f2000, "<Tab><Up>f", 100, 30,
		   ".txt", true, false);
	assert_non_null(strstr(t, "_MMPTE_HARDWARE (PAE layout) of 000000006A1A6867"));
	free(t);
}

/* - (or Backspace) returns to where jumps left, one by one. */
static void back_returns_from_jumps(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000,
			 "g17c000<Enter>g100000<Enter>-", 80, 24, ".txt", true,
			 false);
	assert_non_null(strstr(t, " 0017c000 -> - | guard"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000,
		   "g17c000<Enter>:!pte 1f2000<Enter><Esc><BS><BS>", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, " 001f0000 -> 69fc8000 | valid"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "-", 80, 24, ".txt", true,
		   false);
	assert_non_null(strstr(t, "nowhere to go back to"));
	free(t);
	/* . repeats the last search from the cursor; - undoes each jump */
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "/61<Enter>..", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, "found at 001f0003"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "/61<Enter>..-", 80, 24,
		   ".txt", true, false);
	assert_non_null(strstr(t, " 001f0002 -> 69fc8002"));
	free(t);
}

/* e: the cursor's walk explained in the output panel. */
static void e_explains_the_walk(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000, "e", 132, 43, ".txt",
			 true, false);
	assert_non_null(strstr(t, "VA 1f0000 in PAE paging"));
	assert_non_null(strstr(t, "PTE address = PT 6a1a6000 + index 1f0 x 8"));
	free(t);
}

static void tab_completes_command_names(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x1f0000, ":!vt<Tab>1f1000<Enter>",
			 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "Virtual address 1f1000 translates to physical "
			       "address 69c49000."));
	free(t);
}

static void search_jumps_to_the_hit(void **st)
{
	(void)st;
	char *t = render("seed-pae-3-touched.dmp", 0x100000, "/\"a\"<Enter>",
			 80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "found at 001f0000"));
	assert_non_null(strstr(t, "+ VA 001f0000 - valid"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x1f0000, "/61 00<Enter>",
		   80, 24, ".txt", true, false);
	assert_non_null(strstr(t, "found at 001f1000"));
	free(t);
}

static void state_stepping_skips_runs(void **st)
{
	(void)st;
	/* from the reserved run after 1f3000, } skips to the end of the PD's
	 * coverage... and { goes back to the demand-zero pages */
	char *t = render("seed-pae-3-touched.dmp", 0x1f4000, "{", 80, 24, ".txt",
			 true, false);
	assert_non_null(strstr(t, "VA 001f3000 - demand-zero"));
	free(t);
	t = render("seed-pae-3-touched.dmp", 0x17c000, "}", 80, 24, ".txt",
		   true, false);
	assert_non_null(strstr(t, "VA 0017d000 - not in dump"));
	free(t);
}

static void html_and_ansi_keep_colours(void **st)
{
	(void)st;
	char *h = render("seed-pae-3-touched.dmp", 0x1f0000, "", 80, 24, ".html",
			 false, true);
	assert_non_null(strstr(h, "<pre class=\"pw\">"));
	assert_non_null(strstr(h, "<span class=\"f2"));	/* valid = green */
	assert_non_null(strstr(h, "prefers-color-scheme: light"));	/* both */
	assert_null(strstr(h, "opacity"));	/* dim is a colour, not faded */
	assert_non_null(strstr(h, "\xe2\x94\x8c"));	/* UTF-8 box corner */
	free(h);
	char *m = render("seed-pae-3-touched.dmp", 0x1f0000, "", 80, 24, ".html",
			 false, false);
	assert_null(strstr(m, "<span class=\"f2"));	/* monochrome */
	free(m);
	/* --theme light: every cell on the white paper, none left on the
	 * terminal's default background */
	{
		char shot[512];
		struct err e;
		struct session *s = open_seed("seed-pae-3-touched.dmp");
		snprintf(shot, sizeof(shot), "%s/light.html", tmpdir);
		struct ui_opts o = { .keys = "", .cols = 80, .rows = 24,
				     .screenshot = shot, .light = true };
		if (ui_headless(s, &o, &e) < 0)
			fail_msg("%s", e.msg);
		sess_free(s);
		char *l = slurp(shot);
		assert_non_null(strstr(l, " b7\">"));
		assert_null(strstr(l, "class=\"\""));
		free(l);
	}
	/* SVG: one text row per screen row, the cursor marks escaped */
	char *g = render("seed-pae-3-touched.dmp", 0x1f0000, "", 80, 24, ".svg",
			 false, true);
	assert_int_equal(strncmp(g, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
				 "width=\"640\" height=\"384\"", 53), 0);
	assert_non_null(strstr(g, "&gt;"));
	assert_null(strstr(g, ">>"));
	assert_non_null(strstr(g, "</svg>\n"));
	size_t rows = 0;
	for (const char *p = g; (p = strstr(p, "<text ")); p++)
		rows++;
	assert_int_equal(rows, 24);
	free(g);
	char *a = render("seed-pae-3-touched.dmp", 0x1f0000, "", 80, 24, ".ansi",
			 false, true);
	assert_non_null(strstr(a, "\033[0;1;32m"));
	free(a);
}

/* samples/seed.lesson rendered to a slide folder: every step's text
 * against tests/golden/lesson/NN.txt, its .html and .svg beside it, and
 * an index.html of slides. */
static void seed_lesson_renders_to_slides(void **st)
{
	(void)st;
	char lesson[1024], dir[600], path[1400], gold[1400];
	struct session *s = open_seed("seed-pae-3-touched.dmp");
	struct err e;

	snprintf(lesson, sizeof(lesson), "%s/samples/seed.lesson", srcdir());
	snprintf(dir, sizeof(dir), "%s/slides", tmpdir);
	sess_set_va(s, 0x1f0000);
	struct ui_opts o = { .ascii = true, .no_color = true, .cols = 80,
			     .rows = 24, .lesson = lesson, .shot_dir = dir };
	if (ui_headless(s, &o, &e) < 0)
		fail_msg("%s", e.msg);
	sess_free(s);
	int steps = 0;
	for (int k = 1; k < 100; k++) {
		snprintf(path, sizeof(path), "%s/%02d.txt", dir, k);
		if (access(path, R_OK) != 0)
			break;
		steps++;
		char *got = slurp(path);
		snprintf(gold, sizeof(gold), "%s/tests/golden/lesson/%02d.txt",
			 srcdir(), k);
		char *want = slurp(gold);
		if (getenv("PW_UPDATE_GOLDEN") || !want) {
			FILE *f = fopen(gold, "w");
			assert_non_null(f);
			fputs(got, f);
			fclose(f);
		} else if (strcmp(want, got) != 0) {
			char cmd[3000];
			snprintf(cmd, sizeof(cmd), "diff -u '%s' '%s'", gold, path);
			if (system(cmd) < 0)
				printf("# (diff failed)\n");
			fail_msg("lesson step %d differs from its golden", k);
		}
		free(want);
		free(got);
		snprintf(path, sizeof(path), "%s/%02d.svg", dir, k);
		char *svg = slurp(path);
		assert_non_null(svg);
		assert_non_null(strstr(svg, "</svg>"));
		free(svg);
	}
	assert_int_equal(steps, 19);
	snprintf(path, sizeof(path), "%s/index.html", dir);
	char *idx = slurp(path);
	assert_non_null(idx);
	assert_non_null(strstr(idx, "<img src=\"19.svg\""));
	free(idx);
}

int main(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	unsetenv("NO_COLOR");
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pw-test-screens-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 99;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_80x24),
		cmocka_unit_test(seed_132x43),
		cmocka_unit_test(x64_sample),
		cmocka_unit_test(linux_guest),
		cmocka_unit_test(windows_minidump),
		cmocka_unit_test(large_terminal_shows_whole_map_and_wide_walk),
		cmocka_unit_test(too_small_says_so),
		cmocka_unit_test(prompt_runs_commands_and_moves),
		cmocka_unit_test(goto_pa_moves_every_panel),
		cmocka_unit_test(each_prompt_has_its_own_history),
		cmocka_unit_test(windows_process_pick_list),
		cmocka_unit_test(wide_output_pans),
		cmocka_unit_test(help_lists_every_command_and_state),
		cmocka_unit_test(help_scrolls_when_taller),
		cmocka_unit_test(a_long_prompt_line_scrolls),
		cmocka_unit_test(documented_keys_are_bound),
		cmocka_unit_test(p_lists_and_switches_processes),
		cmocka_unit_test(teaching_goldens),
		cmocka_unit_test(e_explains_the_walk),
		cmocka_unit_test(back_returns_from_jumps),
		cmocka_unit_test(tables_are_navigable),
		cmocka_unit_test(diff_in_the_interface),
		cmocka_unit_test(f_shows_the_entry_fields),
		cmocka_unit_test(clicks_focus_and_pick_pages),
		cmocka_unit_test(details_fit_at_80x24),
		cmocka_unit_test(tab_completes_command_names),
		cmocka_unit_test(search_jumps_to_the_hit),
		cmocka_unit_test(state_stepping_skips_runs),
		cmocka_unit_test(html_and_ansi_keep_colours),
		cmocka_unit_test(seed_lesson_renders_to_slides),
	};
	int rc = cmocka_run_group_tests_name("screens", tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 99;
	return rc;
}
