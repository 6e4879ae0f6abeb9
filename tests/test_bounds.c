/* Bounded work on hostile structures: the audit's reproducers, built here,
 * each finishing within 2 s and 256 MiB (address space reserved
 * included), and saying what it cut. */
#include "config.h"

#include "builders.h"

#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "ksyms.h"
#include "le.h"
#include "outbuf.h"
#include "session.h"
#include "view.h"

#define MAX_SECONDS 2.0
#define MAX_GROWTH_KIB (256 * 1024)

static char tmpdir[256];

static const char *spit(const char *name, const struct buf *b)
{
	return spit_in(tmpdir, name, b);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* VmPeak (address space, reserved included) in KiB. */
static long vm_peak(void)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "VmPeak: %ld kB", &kib) == 1)
			break;
	if (f)
		fclose(f);
	return kib;
}

static struct session *open_x64(const char *path, uint64_t cr3)
{
	struct sess_opts o = { .has_cr3 = true, .cr3 = cr3, .mode = PW_MODE_X64,
			       .has_os = true, .os = PW_OS_NONE };
	struct session *s;
	struct err e;
	if (sess_open(path, &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	return s;
}

/* Run cmd; check time and the output's size; return the output. */
static char *timed(struct session *s, const char *cmd, size_t max_out)
{
	struct outbuf out;
	struct err e;
	ob_init(&out);
	double t0 = now();
	int rc = cmd_run(s, cmd, &out, &e);
	double dt = now() - t0;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("# %-40s %.3f s, %zu bytes of output, peak RSS %ld KiB\n", cmd,
	       dt, out.len, ru.ru_maxrss);
	assert_int_equal(rc, 0);
	assert_true(dt < MAX_SECONDS);
	assert_true(ru.ru_maxrss < MAX_GROWTH_KIB);
	assert_true(out.len <= max_out);
	char *text = strdup(ob_str(&out));
	ob_fini(&out);
	return text;
}

/* A 12 KiB raw x64 image: every PML4E points at one PDPT whose 512
 * entries are 1 GiB pages far past the end of the image. */
static void huge_pages_past_the_image(void **st)
{
	(void)st;
	struct buf b = { 0 };
	put(&b, NULL, 3 * 4096);
	memcpy(b.p, "ab", 2);
	for (int i = 0; i < 512; i++) {
		le_put64(b.p + 4096 + 8 * i, 0x2000 | 0x67);
		le_put64(b.p + 8192 + 8 * i, ((uint64_t)(i + 1) << 30) | 0xe7);
	}
	struct session *s = open_x64(spit("huge.raw", &b), 0x1000);
	free(b.p);
	/* F3: 378 s before */
	char *t = timed(s, "search 61 62", 4096);
	assert_non_null(strstr(t, "not found"));
	assert_non_null(strstr(t, "stopped: entry limit"));
	free(t);
	t = timed(s, "rmap 40000", 1 << 20);
	free(t);
	uint64_t va;
	double t0 = now();
	view_next_change(s, 0, 1, &va);
	printf("# } from 0: %.3f s\n", now() - t0);
	assert_true(now() - t0 < MAX_SECONDS);
	sess_free(s);
}

/* F5: 4-level tables where every entry of every level is the same
 * table: 722 MB of `map ... tlb` before. */
static void tables_that_all_point_at_one_page(void **st)
{
	(void)st;
	struct buf b = { 0 };
	put(&b, NULL, 3 * 4096);
	for (int i = 0; i < 512; i++)
		le_put64(b.p + 4096 + 8 * i, 0x1000 | 0x67);
	struct session *s = open_x64(spit("loop.raw", &b), 0x1000);
	free(b.p);
	char *t = timed(s, "map L ffffffffffffffff tlb", 8u << 20);
	assert_non_null(strstr(t, "(stopped: entry limit, the tables may loop)"));
	free(t);
	t = timed(s, "map 0 L ffffffffffffffff", 8u << 20);
	assert_non_null(strstr(t, "the tables may loop"));
	free(t);
	t = timed(s, "rmap 1", 1u << 20);
	assert_non_null(strstr(t, "(stopped: "));
	free(t);
	sess_free(s);
}

/* F18: a 12 KiB flattened kdump whose header claims a bitmap of 2^36
 * pages, with one record at 2^40 making the logical file that large:
 * 12 GiB of address space was reserved before it failed. */
static void flattened_kdump_with_a_far_record(void **st)
{
	(void)st;
	uint8_t h[4096] = { 0 }, sub[4096] = { 0 };
	struct buf f;
	kdump_header(h, true, 1u << 24, 1u << 31);
	le_put64(sub + 0x60, 1ull << 36);	/* max_mapnr */
	flat_header(&f);
	flat_record(&f, 0, h, sizeof(h));
	flat_record(&f, 4096, sub, sizeof(sub));
	flat_record(&f, 1ull << 40, "x", 1);
	flat_end(&f);
	const char *path = spit("far.kdump", &f);
	free(f.p);
	long before = vm_peak();
	double t0 = now();
	struct fmt_source *src;
	struct err e;
	assert_int_equal(fmt_open(path, NULL, &src, &e), -1);
	printf("# %s\n# %.3f s, VmPeak +%ld KiB\n", e.msg, now() - t0,
	       vm_peak() - before);
	assert_non_null(strstr(e.msg, "2nd bitmap"));
	assert_true(now() - t0 < MAX_SECONDS);
	assert_true(vm_peak() - before < MAX_GROWTH_KIB);
}

/* F6: 16 MiB of flattened records alternating between two far-apart
 * logical offsets: 1,068 MB resident to open before. */
static void flattened_kdump_alternating_records(void **st)
{
	(void)st;
	uint8_t h[4096] = { 0 }, sub[4096] = { 0 };
	struct buf f;
	kdump_header(h, true, 2, 64);
	flat_header(&f);
	flat_record(&f, 0, h, sizeof(h));
	flat_record(&f, 4096, sub, sizeof(sub));
	for (uint64_t i = 0; f.n < (16u << 20); i++)
		flat_record(&f, (i & 1 ? 1ull << 40 : 1ull << 20) + i, "y", 1);
	flat_end(&f);
	const char *path = spit("alt.kdump", &f);
	free(f.p);
	long before = vm_peak();
	double t0 = now();
	struct fmt_source *src;
	struct err e;
	int rc = fmt_open(path, NULL, &src, &e);
	printf("# %s\n# %.3f s, VmPeak +%ld KiB\n", rc < 0 ? e.msg : "opened",
	       now() - t0, vm_peak() - before);
	if (rc == 0)
		fmt_close(src);
	assert_true(now() - t0 < MAX_SECONDS);
	assert_true(vm_peak() - before < MAX_GROWTH_KIB);
}

/* F7: many Linux-looking top-level tables whose kernel halves all lead
 * to one PDPT -> one PD of 2 MiB pages: each was ranked by a walk of its
 * own (28.5 s on a 24 MiB kdump); subtrees are now ranked once. */
static void dtbscan_many_candidates_sharing_tables(void **st)
{
	(void)st;
	struct buf b = { 0 };
	put(&b, NULL, (3 + 64) * 4096);
	for (int i = 0; i < 512; i++) {
		le_put64(b.p + 4096 + 8 * i, 0x2000 | 0x63);
		le_put64(b.p + 8192 + 8 * i, 0xe3);
	}
	for (int c = 0; c < 64; c++)
		for (int i = 256; i < 512; i++)
			le_put64(b.p + (3 + c) * 4096 + 8 * i, 0x1000 | 0x63);
	struct session *s;
	struct sess_opts o = { 0 };
	struct err e;
	if (sess_open(spit("cands.raw", &b), &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	free(b.p);
	char *t = timed(s, "dtbscan", 1 << 20);
	assert_non_null(strstr(t, "64 candidates"));
	assert_non_null(strstr(t, "kernel half shared by 64"));
	free(t);
	sess_free(s);
}

/* Issue 12 #7: --cr3 auto on a 16 GiB sparse raw image read every page,
 * holes included (18.5 s and 9.2 GB resident at 16 GiB): holes are now
 * skipped (SEEK_DATA/SEEK_HOLE), so the cost follows the data. */
static void dtbscan_skips_the_holes_of_a_sparse_image(void **st)
{
	(void)st;
	struct buf b = { 0 };
	char path[600];
	put(&b, NULL, 3 * 4096);
	/* a Linux-looking PML4 at 8 GiB + 0x2000 whose kernel half leads to a
	 * PDPT and a PD of 2 MiB pages inside the image */
	uint64_t at = 8ull << 30;
	for (int i = 0; i < 512; i++) {
		le_put64(b.p + 4096 + 8 * i, (at + 0x0000) | 0x63);	/* PD */
		if (i >= 256)
			le_put64(b.p + 8192 + 8 * i, (at + 0x1000) | 0x63);
	}
	for (int i = 0; i < 512; i++)
		le_put64(b.p + 8 * i, (at + ((uint64_t)i << 21)) | 0xe3);
	snprintf(path, sizeof(path), "%s/sparse16.raw", tmpdir);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fseeko(f, (off_t)at, SEEK_SET), 0);
	assert_int_equal(fwrite(b.p, 1, b.n, f), b.n);
	assert_int_equal(ftruncate(fileno(f), (off_t)(16ull << 30)), 0);
	fclose(f);
	free(b.p);
	struct session *s;
	struct sess_opts o = { 0 };
	struct err e;
	if (sess_open(path, &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	char *t = timed(s, "dtbscan", 1 << 20);
	assert_non_null(strstr(t, "200002000"));
	free(t);
	sess_free(s);
}

/* kallsyms tables built by hand (the fuzz seed): three symbols, one
 * with the two-byte length of 6.1, offsets under both per-CPU rules;
 * then every cut of the file fails with a message, never a crash. */
struct kmem {
	const uint8_t *p;
	size_t n;
};

static int kread(void *arg, uint64_t va, void *buf, size_t len)
{
	const struct kmem *m = arg;
	uint64_t base = 0xffffffff81000000ull;

	if (va < base || va - base > m->n || len > m->n - (va - base))
		return -1;
	memcpy(buf, m->p + (va - base), len);
	return 0;
}

static void kallsyms_tables_decode_and_cuts_fail(void **st)
{
	(void)st;
	char path[1024];
	const char *src = getenv("PW_SRCDIR");
	snprintf(path, sizeof(path), "%s/tests/fuzz/corpus/ksyms/"
		 "seed-three-symbols", src ? src : ".");
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	uint8_t buf[4096];
	size_t n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	const uint64_t base = 0xffffffff81000000ull;
	struct ksyms_tables tb = {
		base + le_u32(buf), base + le_u32(buf + 4), base + le_u32(buf + 8),
		base + le_u32(buf + 12), base + le_u32(buf + 16),
		base + le_u32(buf + 20), true };
	struct kmem m = { buf, n };
	struct ksyms k;
	struct err e;
	if (ksyms_load(&tb, kread, &m, &k, &e) < 0)
		fail_msg("%s", e.msg);
	assert_int_equal(k.n, 3);
	const struct ksym *y = ksyms_find(&k, "init_task");
	assert_non_null(y);
	assert_int_equal(y->type, 'T');
	assert_int_equal(y->addr, 0x1000);	/* >= 0: absolute */
	y = ksyms_find(&k, "linux_banner");
	assert_non_null(y);
	assert_int_equal(y->addr, base - 1 + 5);	/* < 0: from the base */
	assert_int_equal(ksyms_at(&k, base + 100)->addr, base + 4);
	size_t longest = 0;
	for (size_t i = 0; i < k.n; i++)
		if (strlen(k.sym[i].name) > longest)
			longest = strlen(k.sym[i].name);
	assert_int_equal(longest, 2 * 129 - 1);	/* 129 tokens "ab", less 'a' */
	ksyms_free(&k);
	tb.absolute_percpu = false;	/* i386: base + (u32)offset */
	assert_int_equal(ksyms_load(&tb, kread, &m, &k, &e), 0);
	assert_int_equal(ksyms_find(&k, "init_task")->addr,
			 (base + 0x1000) & 0xffffffffu);
	ksyms_free(&k);
	for (size_t cut = 0; cut < n; cut++) {
		struct kmem c = { buf, cut };
		if (ksyms_load(&tb, kread, &c, &k, &e) == 0)
			fail_msg("cut at %zu decoded", cut);
		assert_true(e.msg[0] != '\0');
	}
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pw-test-bounds-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 99;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kallsyms_tables_decode_and_cuts_fail),
		cmocka_unit_test(huge_pages_past_the_image),
		cmocka_unit_test(tables_that_all_point_at_one_page),
		cmocka_unit_test(flattened_kdump_with_a_far_record),
		cmocka_unit_test(flattened_kdump_alternating_records),
		cmocka_unit_test(dtbscan_many_candidates_sharing_tables),
		cmocka_unit_test(dtbscan_skips_the_holes_of_a_sparse_image),
	};
	int rc = cmocka_run_group_tests_name("bounds", tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 99;
	return rc;
}
