/* Loaders: the Windows crash dump samples (runs and bitmap, 32 and 64 bit),
 * raw images, and hostile files - each bad input gives one message naming
 * the file, the offset and the problem. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt.h"
#include "le.h"
#include "session.h"

static char tmpdir[256];

static const char *sample(const char *name)
{
	static char path[1024];
	const char *src = getenv("PW_SRCDIR");

	snprintf(path, sizeof(path), "%s/samples/%s", src ? src : ".", name);
	return path;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	uint8_t *b = malloc(*len + 0x10000);
	assert_non_null(b);
	assert_int_equal(fread(b, 1, *len, f), *len);
	fclose(f);
	return b;
}

static const char *spit(const char *name, const uint8_t *b, size_t len)
{
	static char path[1024];

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	fclose(f);
	return path;
}

static void pae_seed_header(void **st)
{
	(void)st;
	struct fmt_source *src;
	struct err e;
	uint8_t buf[16];

	assert_int_equal(fmt_open(sample("seed-pae-3-touched.dmp"), NULL, &src, &e), 0);
	assert_string_equal(src->ops->name, "windows-dmp");
	assert_true(src->has_cr3);
	assert_int_equal(src->cr3, 0x7f2124c0);
	assert_int_equal(src->mode, PW_MODE_PAE);
	assert_int_equal(src->os, PW_OS_WINDOWS);
	assert_string_equal(src->machine, "i386");
	/* the frame the seed dumps with !db 69fc8000 */
	assert_true(fmt_present(src, 0x69fc8));
	assert_false(fmt_present(src, 0x69fc9));
	assert_int_equal(fmt_read(src, 0x69fc8ff8, buf, 8, &e), 0);
	assert_memory_equal(buf, "aaaaaaaa", 8);
	assert_int_equal(fmt_read(src, 0x69fc9000, buf, 8, &e), -1);
	fmt_close(src);
}

static void x86_and_x64_headers(void **st)
{
	(void)st;
	struct fmt_source *src;
	struct err e;

	assert_int_equal(fmt_open(sample("seed-x86-3-touched.dmp"), NULL, &src, &e), 0);
	assert_int_equal(src->mode, PW_MODE_X86);
	assert_int_equal(src->cr3, 0x3f2000);
	fmt_close(src);
	/* 64-bit, bitmap (DumpType 5) */
	assert_int_equal(fmt_open(sample("seed-x64-3-touched.dmp"), NULL, &src, &e), 0);
	assert_int_equal(src->mode, PW_MODE_X64);
	assert_int_equal(src->cr3, 0x1aa000);
	assert_string_equal(src->machine, "AMD64");
	assert_true(fmt_present(src, 0x2fc8));
	assert_true(fmt_present(src, 0x1ad));
	assert_false(fmt_present(src, 0x1ae));
	uint8_t b[8];
	assert_int_equal(fmt_read(src, 0x2c49000, b, 2, &e), 0);
	assert_int_equal(b[0], 'a');
	assert_int_equal(b[1], 0);
	fmt_close(src);
	/* 64-bit, runs (DumpType 1) */
	assert_int_equal(fmt_open(sample("large-x64.dmp"), NULL, &src, &e), 0);
	assert_true(fmt_present(src, 0x40000));
	assert_int_equal(fmt_read(src, 0x40000000, b, 1, &e), 0);
	assert_int_equal(b[0], 'G');
	fmt_close(src);
}

/* The kernel addresses a crash dump's header gives: 0 while a field
 * still holds the "PAGE" fill, else the value, 4 or 8 bytes wide. */
static void windows_header_kernel_addresses(void **st)
{
	(void)st;
	struct fmt_source *src;
	struct err e;
	size_t len;
	static const struct {
		const char *name;
		size_t pfn, head, mods, kd, width;
	} c[] = {
		{ "seed-pae-3-touched.dmp", 0x14, 0x1c, 0x18, 0x60, 4 },
		{ "seed-x64-3-touched.dmp", 0x18, 0x28, 0x20, 0x80, 8 },
	};
	for (size_t i = 0; i < 2; i++) {
		uint8_t *b = slurp(sample(c[i].name), &len);
		memcpy(b + c[i].pfn, "PAGEPAGE", c[i].width);
		memcpy(b + c[i].head, "PAGEPAGE", c[i].width);
		assert_int_equal(fmt_open(spit("hdr.dmp", b, len), NULL, &src, &e), 0);
		assert_int_equal(src->win.pfn_database, 0);
		assert_int_equal(src->win.ps_active_process_head, 0);
		fmt_close(src);
		uint64_t kbase = c[i].width == 8 ? 0xfffff80000000000ull :
			       0x80000000u;
		for (size_t k = 0; k < c[i].width; k++) {
			b[c[i].pfn + k] = (uint8_t)((kbase + 0x4000000) >> (8 * k));
			b[c[i].head + k] = (uint8_t)((kbase + 0x2b7ae98) >> (8 * k));
			b[c[i].mods + k] = (uint8_t)((kbase + 0x2b82850) >> (8 * k));
			b[c[i].kd + k] = (uint8_t)((kbase + 0x2b69c28) >> (8 * k));
		}
		assert_int_equal(fmt_open(spit("hdr.dmp", b, len), NULL, &src, &e), 0);
		assert_int_equal(src->win.pfn_database, kbase + 0x4000000);
		assert_int_equal(src->win.ps_active_process_head, kbase + 0x2b7ae98);
		assert_int_equal(src->win.ps_loaded_module_list, kbase + 0x2b82850);
		assert_int_equal(src->win.kd_debugger_data_block, kbase + 0x2b69c28);
		fmt_close(src);
		free(b);
	}
}

static void raw_image_reads_at_offset(void **st)
{
	(void)st;
	uint8_t img[8192];
	struct fmt_source *src;
	struct err e;
	struct fmt_open_opts o = { .raw_base = 0x100000 };
	uint8_t b[4];

	for (size_t i = 0; i < sizeof(img); i++)
		img[i] = (uint8_t)(i >> 4);
	const char *p = spit("img.raw", img, sizeof(img));
	assert_int_equal(fmt_open(p, &o, &src, &e), 0);
	assert_string_equal(src->ops->name, "raw");
	assert_false(src->has_cr3);
	assert_int_equal(src->nranges, 1);
	assert_int_equal(src->ranges[0].pa, 0x100000);
	assert_int_equal(fmt_read(src, 0x101010, b, 1, &e), 0);
	assert_int_equal(b[0], (uint8_t)(0x1010 >> 4));
	assert_int_equal(fmt_read(src, 0x102000, b, 1, &e), -1);
	assert_int_equal(fmt_read(src, 0xff000, b, 1, &e), -1);
	fmt_close(src);
}

/* Open a modified copy of a sample and expect the message to contain
 * every one of the given pieces. */
static void expect_bad(const char *name, const uint8_t *b, size_t len,
		       const char *fmt, const char *p1, const char *p2)
{
	struct fmt_source *src = NULL;
	struct err e;
	struct fmt_open_opts o = { .format = fmt };
	const char *path = spit(name, b, len);

	assert_int_equal(fmt_open(path, &o, &src, &e), -1);
	assert_null(src);
	printf("# %s\n", e.msg);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, p1));
	if (p2)
		assert_non_null(strstr(e.msg, p2));
}

static void bad_wrong_magic_when_forced(void **st)
{
	(void)st;
	uint8_t b[8192] = "PAGEDUMX";
	expect_bad("magic.dmp", b, sizeof(b), "windows-dmp", "offset 0",
		   "PAGEDUMP");
}

static void bad_truncated_header(void **st)
{
	(void)st;
	size_t len;
	uint8_t *b = slurp(sample("seed-pae-1-reserved.dmp"), &len);
	expect_bad("trunc32.dmp", b, 0x800, NULL, "header truncated", "0x800");
	free(b);
	b = slurp(sample("seed-x64-1-reserved.dmp"), &len);
	expect_bad("trunc64.dmp", b, 0x1fff, NULL, "header truncated", NULL);
	free(b);
}

static void bad_runs(void **st)
{
	(void)st;
	size_t len;
	uint8_t *b = slurp(sample("seed-pae-1-reserved.dmp"), &len);
	uint32_t keep = le_u32(b + 0x64);

	/* run 0 claims 0x10000 pages: past the end of the file */
	uint32_t pages0 = le_u32(b + 0x64 + 8 + 4);
	le_put32(b + 0x64 + 8 + 4, 0x10000);
	expect_bad("runs-eof.dmp", b, len, NULL, "offset 0x6c",
		   "past end of file");
	le_put32(b + 0x64 + 8 + 4, pages0);
	/* run count never written, zero, and above the 86 that fit */
	le_put32(b + 0x64, 0x45474150);
	expect_bad("runs-unset.dmp", b, len, NULL, "offset 0x64", "never written");
	le_put32(b + 0x64, 0);
	expect_bad("runs-zero.dmp", b, len, NULL, "offset 0x64", "0 physical");
	le_put32(b + 0x64, 87);
	expect_bad("runs-many.dmp", b, len, NULL, "offset 0x64", "87");
	le_put32(b + 0x64, keep);
	/* truncating the file cuts the last run */
	expect_bad("runs-cut.dmp", b, len - 0x1000, NULL, "past end of file", NULL);
	/* a run beyond any physical address */
	le_put32(b + 0x64 + 8, 0xFFFFFFFFu);
	le_put32(b + 0x64 + 12, 0xFFFFFFFFu);
	free(b);
	b = slurp(sample("large-x64.dmp"), &len);
	le_put64(b + 0x88 + 16, 0xFFFFFFFFFFFFFF00ull);
	expect_bad("runs-huge.dmp", b, len, NULL, "offset 0x98",
		   "beyond any physical address");
	free(b);
}

struct runs {
	uint64_t first[400], count[400];
	unsigned n, stop_after;
};

static int note_run(void *arg, uint64_t first, uint64_t count)
{
	struct runs *r = arg;
	if (r->n == r->stop_after)
		return -1;
	r->first[r->n] = first;
	r->count[r->n++] = count;
	return 0;
}

/* fmt_bitmap_runs works 64 bits at a time: the same runs as reading bit
 * by bit, for random bitmaps of every length up to 300 bits (runs across
 * words, a bitmap ending inside a word or byte, whose bytes past the end
 * are not read: the buffer is exactly as long as the bits), and it stops
 * when the callback says so. */
static void bitmap_runs_match_bit_by_bit(void **st)
{
	(void)st;
	uint64_t x = 99;
	for (uint64_t nbits = 0; nbits <= 300; nbits++) {
		for (int round = 0; round < 20; round++) {
			size_t bytes = (size_t)(nbits + 7) / 8;
			uint8_t *bm = malloc(bytes ? bytes : 1);
			for (size_t i = 0; i < bytes; i++) {
				x = x * 6364136223846793005ull + 1;
				/* dense, sparse or mixed bytes */
				uint8_t b = (uint8_t)(x >> 40);
				bm[i] = round % 3 == 0 ? b : round % 3 == 1 ?
					(b & 7 ? 0xff : b) : (b & 7 ? 0 : b);
			}
			struct runs want = { .stop_after = ~0u },
				    got = { .stop_after = ~0u };
			uint64_t start = 0;
			bool in = false;
			for (uint64_t n = 0; n <= nbits; n++) {
				bool bit = n < nbits && (bm[n / 8] >> (n % 8) & 1);
				if (bit && !in)
					start = n;
				if (!bit && in)
					note_run(&want, start, n - start);
				in = bit;
			}
			assert_int_equal(fmt_bitmap_runs(bm, nbits, note_run, &got), 0);
			assert_int_equal(got.n, want.n);
			for (unsigned i = 0; i < want.n; i++) {
				assert_int_equal(got.first[i], want.first[i]);
				assert_int_equal(got.count[i], want.count[i]);
			}
			if (want.n > 1) {
				struct runs cut = { .stop_after = 1 };
				assert_int_equal(fmt_bitmap_runs(bm, nbits, note_run,
								 &cut), -1);
				assert_int_equal(cut.n, 1);
			}
			free(bm);
		}
	}
}

static void bad_bitmap(void **st)
{
	(void)st;
	size_t len;
	uint8_t *b = slurp(sample("seed-x64-3-touched.dmp"), &len);
	uint64_t bits = le_u64(b + 0x2030);

	le_put64(b + 0x2030, 8ull * len + 64);
	expect_bad("bm-large.dmp", b, len, NULL, "offset 0x2038",
		   "larger than the file");
	le_put64(b + 0x2030, bits);
	/* more bits set than pages stored */
	b[0x2038] = 0xff;
	expect_bad("bm-pages.dmp", b, len, NULL, "offset 0x2038", "file ends");
	free(b);
	b = slurp(sample("seed-x64-3-touched.dmp"), &len);
	memcpy(b + 0x2000, "XDMP", 4);
	expect_bad("bm-sig.dmp", b, len, NULL, "offset 0x2000", "SDMP");
	free(b);
}

static void bad_dump_type(void **st)
{
	(void)st;
	size_t len;
	uint8_t *b = slurp(sample("seed-pae-1-reserved.dmp"), &len);
	le_put32(b + 0xf88, 4);
	expect_bad("type.dmp", b, len, NULL, "offset 0xf88", "DumpType 4");
	free(b);
}

static void bad_tiny_or_empty_file(void **st)
{
	(void)st;
	uint8_t b[100] = { 0 };
	expect_bad("tiny.bin", b, sizeof(b), NULL, "not recognised", NULL);
	expect_bad("empty.bin", b, 0, NULL, "empty", NULL);
}

static void bad_cr3_outside_image(void **st)
{
	(void)st;
	struct session *s = NULL;
	struct err e;
	struct sess_opts o = { .has_cr3 = true, .cr3 = 0x7ff000000ull };

	assert_int_equal(sess_open(sample("seed-pae-3-touched.dmp"), &o, &s, &e), -1);
	printf("# %s\n", e.msg);
	assert_non_null(strstr(e.msg, "not in the image"));
	assert_non_null(strstr(e.msg, "seed-pae-3-touched.dmp"));
	assert_null(s);
	/* a header whose own DirectoryTableBase lies outside */
	size_t len;
	uint8_t *b = slurp(sample("seed-pae-3-touched.dmp"), &len);
	le_put32(b + 0x10, 0x10000000);
	const char *p = spit("dtb.dmp", b, len);
	struct sess_opts none = { 0 };
	assert_int_equal(sess_open(p, &none, &s, &e), -1);
	printf("# %s\n", e.msg);
	assert_non_null(strstr(e.msg, p));
	assert_non_null(strstr(e.msg, "offset 0x10: DirectoryTableBase"));
	free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pae_seed_header),
		cmocka_unit_test(x86_and_x64_headers),
		cmocka_unit_test(windows_header_kernel_addresses),
		cmocka_unit_test(raw_image_reads_at_offset),
		cmocka_unit_test(bad_wrong_magic_when_forced),
		cmocka_unit_test(bad_truncated_header),
		cmocka_unit_test(bad_runs),
		cmocka_unit_test(bad_bitmap),
		cmocka_unit_test(bitmap_runs_match_bit_by_bit),
		cmocka_unit_test(bad_dump_type),
		cmocka_unit_test(bad_tiny_or_empty_file),
		cmocka_unit_test(bad_cr3_outside_image),
	};
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pw-test-fmt-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 99;
	int rc = cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 99;
	return rc;
}
