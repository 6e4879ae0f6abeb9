/* Fidelity against a real guest: shared/data/x64-4l holds the physical
 * memory of a Linux guest under QEMU and QEMU's own view of its paging.
 * Every mapping of `info tlb` must resolve to the same physical address and
 * flags, every page the workload saw in /proc/self/pagemap must translate to
 * its frame, `gva2gpa` must agree page by page, and the enumeration must
 * reproduce `info mem` range for range.  Skips (77) when the data or xz is
 * missing; never passes silently. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aspace.h"
#include "cmd.h"
#include "map.h"
#include "session.h"

static char tmpdir[256], data[1024];
static struct session *s;

/* The same moment in three forms: raw (CR3 from registers.txt, given as
 * options), ELF core and flattened kdump (CR3 and mode from their QEMU
 * CPU note, checked against registers.txt). */
static const struct form {
	const char *name, *file;
	bool xz, from_note;
} forms[] = {
	{ "raw", "guest.raw.xz", true, false },
	{ "elf", "guest.elf.xz", true, true },
	{ "kdump", "guest.kdump-zlib", false, true },
};
static const struct form *form;

static FILE *open_text(const char *name, bool xz)
{
	char path[2048], cmd[4096];

	if (!xz) {
		snprintf(path, sizeof(path), "%s/x64-4l/%s", data, name);
		return fopen(path, "r");
	}
	snprintf(cmd, sizeof(cmd), "xz -dc '%s/x64-4l/%s'", data, name);
	return popen(cmd, "r");
}

/* CR3 and CR4 from QEMU's `info registers`, not from this test. */
static void read_registers(uint64_t *cr3, uint64_t *cr4)
{
	FILE *f = open_text("registers.txt", false);
	char line[512];

	assert_non_null(f);
	*cr3 = *cr4 = 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "CR3=");
		if (p)
			*cr3 = strtoull(p + 4, NULL, 16);
		if ((p = strstr(line, "CR4=")))
			*cr4 = strtoull(p + 4, NULL, 16);
	}
	fclose(f);
}

static int setup(void **st)
{
	char cmd[4096], path[1200];
	uint64_t cr3, cr4;
	struct err e;

	(void)st;
	read_registers(&cr3, &cr4);
	snprintf(path, sizeof(path), "%s/x64-4l/%s", data, form->file);
	if (form->xz) {
		snprintf(path, sizeof(path), "%s/guest.%s", tmpdir, form->name);
		snprintf(cmd, sizeof(cmd), "xz -dc '%s/x64-4l/%s' > '%s'", data,
			 form->file, path);
		if (system(cmd) != 0)
			return -1;
	}
	struct sess_opts o = { .has_os = true, .os = PW_OS_LINUX };
	if (!form->from_note) {
		o.has_cr3 = true;
		o.cr3 = cr3;
		/* CR4.LA57 is bit 12 */
		o.mode = (cr4 >> 12) & 1 ? PW_MODE_LA57 : PW_MODE_X64;
	}
	if (sess_open(path, &o, &s, &e) < 0) {
		fprintf(stderr, "%s\n", e.msg);
		return -1;
	}
	if (form->from_note && (sess_ctx(s)->cr3 != cr3 ||
				sess_ctx(s)->pte.mode != PW_MODE_X64)) {
		fprintf(stderr, "%s: CR3 %" PRIx64 " from the file, registers say %"
			PRIx64 "\n", form->name, sess_ctx(s)->cr3, cr3);
		return -1;
	}
	/* Without --os, the root's shape (a Linux kernel half) says linux. */
	struct sess_opts guess = o;
	struct session *g;
	guess.has_os = false;
	if (sess_open(path, &guess, &g, &e) < 0)
		return -1;
	enum pw_os os = sess_ctx(g)->pte.os;
	sess_free(g);
	if (os != PW_OS_LINUX) {
		fprintf(stderr, "%s: OS guessed as %s, not linux\n", form->name,
			pw_os_name(os));
		return -1;
	}
	if (form->xz)
		unlink(path);	/* still mapped; frees the disk early */
	return 0;
}

static int teardown(void **st)
{
	(void)st;
	sess_free(s);
	return 0;
}

/* QEMU's info tlb letters, in its order, and the leaf bits they show. */
static const struct { char c; unsigned bit; } tlb_bits[] = {
	{ 'X', 63 }, { 'G', 8 }, { 'P', 7 }, { 'D', 6 }, { 'A', 5 },
	{ 'C', 4 }, { 'T', 3 }, { 'U', 2 }, { 'W', 1 },
};

static void info_tlb_mappings_match(void **st)
{
	(void)st;
	FILE *f = open_text("tlb.txt.xz", true);
	char line[256], flags[16];
	uint64_t va, pa;
	unsigned total = 0, ok = 0, translated = 0;
	struct pt_walk w;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 ": %" SCNx64 " %15s", &va, &pa, flags) != 3)
			continue;
		total++;
		pa &= 0x000ffffffffff000ull;
		sess_walk(s, va, &w);
		uint64_t tpa = 0;
		if (pt_translate(sess_source(s), sess_ctx(s), va, &tpa, NULL) !=
		    w.stop || tpa != w.pa)
			printf("# translate %016" PRIx64 ": stop %d pa %" PRIx64
			       "\n", va, w.stop, tpa);
		else
			translated++;
		if (w.stop != PT_OK || w.page_pa != pa) {
			if (total - ok < 5)
				printf("# mismatch %016" PRIx64 ": want %" PRIx64
				       " got stop %d pa %" PRIx64 "\n", va, pa,
				       w.stop, w.page_pa);
			continue;
		}
		uint64_t raw = w.lv[w.stop_lvl].raw;
		bool same = strlen(flags) == 9;
		for (size_t i = 0; same && i < 9; i++)
			same = (flags[i] != '-') == (((raw >> tlb_bits[i].bit) & 1) != 0) &&
			       (flags[i] == '-' || flags[i] == tlb_bits[i].c);
		ok += same;
		if (!same && total - ok < 5)
			printf("# flags %016" PRIx64 ": want %s got raw %016" PRIx64
			       "\n", va, flags, raw);
	}
	pclose(f);
	printf("# %s: info tlb: %u of %u mappings match (PA and flags)\n",
	       form->name, ok, total);
	assert_true(total > 70000);
	assert_int_equal(ok, total);
	/* pt_translate, the PA-only path, gives the walk's PA for each */
	assert_int_equal(translated, total);
}

static void pagemap_frames_and_gva2gpa_match(void **st)
{
	(void)st;
	FILE *f = open_text("serial.log", false);
	char line[512], region[32];
	uint64_t va, pfn;
	int present;
	unsigned total = 0, ok = 0;
	struct pt_walk w;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "PM ");
		if (!p || sscanf(p, "PM %31s %" SCNx64 " present=%d", region, &va,
				 &present) != 3)
			continue;
		char *q = strstr(p, "pfn=");
		assert_non_null(q);
		pfn = strtoull(q + 4, NULL, 16);
		total++;
		sess_walk(s, va, &w);
		/* Linux counts a PROT_NONE page as present: its entry has
		 * P=0 and the frame stored inverted. */
		const struct pte_info *in = &w.lv[w.stop_lvl].info;
		if (present && w.stop == PT_NOT_PRESENT)
			ok += in->kind == PTE_LINUX_PROTNONE &&
			      in->frame >> 12 == pfn;
		else if (present)
			ok += w.stop == PT_OK && w.pa >> 12 == pfn;
		else
			ok += w.stop != PT_OK;
	}
	fclose(f);
	printf("# %s: pagemap: %u of %u workload pages match\n", form->name, ok,
	       total);
	assert_true(total >= 500);
	assert_int_equal(ok, total);

	f = open_text("gva2gpa.tsv", false);
	assert_non_null(f);
	total = ok = 0;
	while (fgets(line, sizeof(line), f)) {
		char ans[64] = "";
		uint64_t gpa;
		if (sscanf(line, "%31s %" SCNx64 " %63[^\n]", region, &va, ans) != 3)
			continue;
		total++;
		sess_walk(s, va, &w);
		if (sscanf(ans, "gpa: %" SCNx64, &gpa) == 1)
			ok += w.stop == PT_OK && w.pa == gpa;
		else
			ok += w.stop != PT_OK && strstr(ans, "Unmapped") != NULL;
	}
	fclose(f);
	printf("# %s: gva2gpa: %u of %u answers match\n", form->name, ok, total);
	assert_true(total >= 500);
	assert_int_equal(ok, total);
}

static void map_matches_info_mem(void **st)
{
	(void)st;
	struct map_list ml = { .merge = MAP_MERGE_U | MAP_MERGE_W };
	struct map_stats ms;
	struct err e;
	FILE *f = open_text("mem.txt.xz", true);
	char line[256], prot[8];
	uint64_t start, end, size;
	size_t n = 0, ok = 0;

	assert_int_equal(map_collect(sess_aspace(s), 0, UINT64_MAX,
				     0, &ml, &ms, &e), 0);
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%" SCNx64 "-%" SCNx64 " %" SCNx64 " %7s", &start,
			   &end, &size, prot) != 4)
			continue;
		if (n < ml.n) {
			const struct map_range *r = &ml.r[n];
			bool same = r->start == start && r->last + 1 == end &&
				    r->u == (prot[0] == 'u') &&
				    r->w == (prot[2] == 'w');
			if (!same && n - ok < 5)
				printf("# range %zu: want %s", n, line);
			ok += same;
		}
		n++;
	}
	pclose(f);
	printf("# %s: info mem: %zu of %zu ranges match (pagewalk found %zu; "
	       "%" PRIu64 " entries examined)\n", form->name, ok, n, ml.n,
	       ms.entries);
	assert_false(ms.budget_hit);
	assert_int_equal(ml.n, n);
	assert_int_equal(ok, n);
	free(ml.r);
}

/* The command itself, in QEMU's layouts: byte for byte `info mem` and
 * `info tlb` (the files have CRLF line ends). */
static void same_as_file(const char *cmd, const char *file)
{
	struct outbuf out;
	struct err e;
	FILE *f = open_text(file, true);
	char line[256];
	size_t lines = 0, same = 0;

	ob_init(&out);
	assert_int_equal(cmd_run(s, cmd, &out, &e), 0);
	const char *p = ob_str(&out);
	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = '\0';
		size_t n = strcspn(p, "\n");
		same += strlen(line) == n && !strncmp(p, line, n);
		p += n + (p[n] == '\n');
		lines++;
	}
	pclose(f);
	printf("# %s: '%s': %zu of %zu lines of %s identical%s\n", form->name,
	       cmd, same, lines, file, *p ? " (extra output!)" : "");
	assert_true(lines > 1000);
	assert_int_equal(same, lines);
	assert_string_equal(p, "");
	ob_fini(&out);
}

static void map_command_prints_info_mem_and_tlb(void **st)
{
	(void)st;
	same_as_file("map L20000 qemu", "mem.txt.xz");
	same_as_file("map L20000 tlb", "tlb.txt.xz");
}

/* diff: every form against the kdump of the same moment: the same
 * tables and the same bytes, so nothing differs (and a lot was compared). */
static void same_moment_has_no_difference(void **st)
{
	(void)st;
	char path[1200];
	struct session *k;
	struct sess_opts o = { .has_os = true, .os = PW_OS_LINUX };
	struct outbuf out;
	struct err e;

	snprintf(path, sizeof(path), "%s/x64-4l/guest.kdump-zlib", data);
	if (sess_open(path, &o, &k, &e) < 0)
		fail_msg("%s", e.msg);
	sess_set_other(s, k);
	ob_init(&out);
	assert_int_equal(cmd_run(s, "diff", &out, &e), 0);
	const char *t = strstr(ob_str(&out), "0 entries and 0 pages differ; ");
	printf("# %s vs kdump: %s", form->name, t ? t : ob_str(&out));
	assert_non_null(t);
	assert_true(strtoull(t + strlen("0 entries and 0 pages differ; "), NULL,
			     10) > 100000);
	ob_fini(&out);
	sess_set_other(s, NULL);
}

int main(void)
{
	const char *d = getenv("PW_DATA");
	char probe[1200];

	snprintf(data, sizeof(data), "%s", d ? d : "../shared/data");
	snprintf(probe, sizeof(probe), "%s/x64-4l/guest.raw.xz", data);
	if (access(probe, R_OK) != 0) {
		printf("SKIP: real-guest data not found at %s (set PW_DATA)\n", data);
		return 77;
	}
	if (system("xz --version >/dev/null 2>&1") != 0) {
		printf("SKIP: xz is not installed\n");
		return 77;
	}
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pw-test-real-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 99;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(info_tlb_mappings_match),
		cmocka_unit_test(pagemap_frames_and_gva2gpa_match),
		cmocka_unit_test(map_matches_info_mem),
		cmocka_unit_test(map_command_prints_info_mem_and_tlb),
		cmocka_unit_test(same_moment_has_no_difference),
	};
	int rc = 0;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		form = &forms[i];
		printf("# real guest x64-4l, %s form\n", form->name);
		rc |= cmocka_run_group_tests_name("real", tests, setup, teardown);
	}
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 99;
	return rc;
}
