/* ELF cores, kdump-compressed files, LiME and minidumps: files built here
 * byte by byte from doc/FORMATS.md's layouts (and the two real
 * minidumps), then broken on purpose: each bad input must give one
 * message naming the file and the offset, or, for one bad compressed
 * page, leave that page unreadable and the rest working.  Also: opening
 * a multi-GiB sparse image costs metadata time, not size. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "builders.h"
#include "aspace.h"
#include "cmd.h"
#include "dtbscan.h"
#include "fmt.h"
#include "le.h"
#include "outbuf.h"
#include "pgstate.h"
#include "session.h"
#include "view.h"

#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static const char *spit(const char *name, const struct buf *b)
{
	return spit_in(tmpdir, name, b);
}

static struct fmt_source *open_ok(const char *path)
{
	struct fmt_source *src = NULL;
	struct err e;
	if (fmt_open(path, NULL, &src, &e) < 0)
		fail_msg("%s", e.msg);
	return src;
}

static void expect_bad(const char *name, const struct buf *b, const char *p1,
		       const char *p2)
{
	struct fmt_source *src = NULL;
	struct err e;
	const char *path = spit(name, b);

	assert_int_equal(fmt_open(path, NULL, &src, &e), -1);
	printf("# %s\n", e.msg);
	assert_non_null(strstr(e.msg, path));
	assert_non_null(strstr(e.msg, p1));
	if (p2)
		assert_non_null(strstr(e.msg, p2));
}

/* ---- ELF --------------------------------------------------------------- */
static void elf_core_with_qemu_note(void **st)
{
	(void)st;
	struct buf b;
	uint8_t c;
	struct err e;

	build_elf(&b, false);
	struct fmt_source *src = open_ok(spit("core.elf", &b));
	assert_string_equal(src->ops->name, "elf");
	assert_true(src->has_cr3);
	assert_int_equal(src->cr3, 0x2000);
	assert_int_equal(src->mode, PW_MODE_X64);
	assert_int_equal(src->nranges, 2);
	assert_int_equal(src->ranges[0].pa, 0x1000);
	assert_int_equal(src->ranges[0].len, 0x2000);	/* p_filesz, not memsz */
	assert_int_equal(fmt_read(src, 0x1000, &c, 1, &e), 0);
	assert_int_equal(c, 'x');
	assert_int_equal(fmt_read(src, 0x100000, &c, 1, &e), 0);
	assert_int_equal(c, 'y');
	assert_false(fmt_present(src, 0x3));	/* past p_filesz */
	assert_int_equal(fmt_read(src, 0x3000, &c, 1, &e), -1);
	fmt_close(src);
	free(b.p);
}

/* ELF32 (an i386 guest): 52-byte header, 32-byte program headers; the
 * QEMU note with CR4.PAE set and no long mode means PAE paging. */
static void elf32_core(void **st)
{
	(void)st;
	struct buf b = { 0 };
	uint8_t eh[52] = { 0x7f, 'E', 'L', 'F', 1, 1, 1 };
	uint8_t c;
	struct err e;

	le_put16(eh + 0x10, 4);
	le_put16(eh + 0x12, 3);		/* EM_386 */
	le_put32(eh + 0x1c, 52);	/* phoff */
	le_put16(eh + 0x2a, 32);
	le_put16(eh + 0x2c, 2);
	put(&b, eh, 52);
	size_t ph = put(&b, NULL, 2 * 32);
	size_t note = b.n;
	qemu_note(&b, 0x80000011, 0x7f2124c0, 0x20);
	size_t data = put(&b, NULL, 4096);
	b.p[data + 5] = 'z';
	le_put32(b.p + ph, 4);			/* PT_NOTE */
	le_put32(b.p + ph + 4, (uint32_t)note);
	le_put32(b.p + ph + 0x10, (uint32_t)(data - note));
	le_put32(b.p + ph + 32, 1);		/* PT_LOAD */
	le_put32(b.p + ph + 32 + 4, (uint32_t)data);
	le_put32(b.p + ph + 32 + 0xc, 0x7f212000);
	le_put32(b.p + ph + 32 + 0x10, 4096);
	le_put32(b.p + ph + 32 + 0x14, 4096);
	struct fmt_source *src = open_ok(spit("core32.elf", &b));
	assert_int_equal(src->mode, PW_MODE_PAE);
	assert_int_equal(src->cr3, 0x7f2124c0);
	assert_string_equal(src->machine, "i386");
	assert_int_equal(fmt_read(src, 0x7f212005, &c, 1, &e), 0);
	assert_int_equal(c, 'z');
	fmt_close(src);
	free(b.p);
}

/* A vmcore-style ELF: no QEMU note; VMCOREINFO gives the kernel root:
 * PA = SYMBOL(swapper_pg_dir) - 0xffffffff80000000 + phys_base. */
static void elf_vmcoreinfo_root(void **st)
{
	(void)st;
	struct buf b;
	static const char text[] = "OSRELEASE=6.1.0-test\nPAGESIZE=4096\n"
		"SYMBOL(swapper_pg_dir)=ffffffff82a0c000\nNUMBER(phys_base)=0\n"
		"NUMBER(pgtable_l5_enabled)=0\n";

	build_vmcore_elf(&b, text, sizeof(text));
	struct fmt_source *src = open_ok(spit("vmcore.elf", &b));
	assert_true(src->has_cr3);
	assert_int_equal(src->cr3, 0x2a0c000);
	assert_int_equal(src->mode, PW_MODE_X64);
	assert_int_equal(src->os, PW_OS_LINUX);
	bool seen = false;
	for (unsigned i = 0; i < src->ninfo; i++)
		seen |= !strcmp(src->info[i].key, "OSRELEASE") &&
			!strcmp(src->info[i].val, "6.1.0-test");
	assert_true(seen);
	fmt_close(src);
	free(b.p);
}

static void elf_bad_inputs(void **st)
{
	(void)st;
	struct buf b;

	build_elf(&b, true);
	expect_bad("overlap.elf", &b, "overlaps", NULL);
	free(b.p);
	build_elf(&b, false);
	size_t full = b.n;
	b.n = 40;
	expect_bad("trunc.elf", &b, "ELF header truncated", NULL);
	b.n = full;
	le_put64(b.p + 64 + 56 + 8, full);	/* PT_LOAD offset at EOF */
	expect_bad("seg.elf", &b, "offset 0x78", "past end of file");
	free(b.p);
	build_elf(&b, false);
	le_put16(b.p + 0x38, 60000);		/* phnum */
	expect_bad("phnum.elf", &b, "offset 0x40", "do not fit");
	le_put16(b.p + 0x38, 3);
	le_put32(b.p + 64 + 3 * 56 + 4, 0x10000);	/* note descsz lies */
	expect_bad("note.elf", &b, "ELF note", "runs past its area");
	free(b.p);
}

/* ---- LiME --------------------------------------------------------------- */
static void lime_ranges(void **st)
{
	(void)st;
	struct buf b = { 0 };
	uint8_t c;
	struct err e;

	lime_range(&b, 0x0, 0x2000, 'a');
	lime_range(&b, 0x100000, 0x1000, 'b');
	struct fmt_source *src = open_ok(spit("ok.lime", &b));
	assert_string_equal(src->ops->name, "lime");
	assert_int_equal(src->nranges, 2);
	assert_int_equal(fmt_read(src, 0x100fff, &c, 1, &e), 0);
	assert_int_equal(c, 'b');
	assert_false(fmt_present(src, 0x2));
	fmt_close(src);
	lime_range(&b, 0x80000, 0x1000, 'c');	/* before the previous one */
	expect_bad("order.lime", &b, "offset 0x3048", "overlaps or precedes");
	free(b.p);
	b = (struct buf){ 0 };
	lime_range(&b, 0x0, 0x2000, 'a');
	b.n -= 1;
	expect_bad("trunc.lime", &b, "offset 0x8", "past end of file");
	le_put32(b.p + 4, 2);
	expect_bad("version.lime", &b, "offset 0x4", "version 2");
	free(b.p);
}

/* ---- kdump: build_kdump's PFNs 1..6 use each codec, the last none ---- */
static void kdump_codecs_and_bad_pages(void **st)
{
	(void)st;
	struct buf b;
	size_t desc_at;
	struct err e;
	uint8_t c;

	build_kdump(&b, &desc_at);
	struct fmt_source *src = open_ok(spit("ok.kdump", &b));
	assert_string_equal(src->ops->name, "kdump");
	assert_int_equal(src->cr3, 0x3000);
	assert_int_equal(src->mode, PW_MODE_X64);
	assert_false(fmt_present(src, 0));
	for (int i = 0; i < 5; i++) {
		int rc = fmt_read(src, (uint64_t)(i + 1) << 12 | 0x123, &c, 1, &e);
		printf("# pfn %d codec 0x%x: %s\n", i + 1, codecs[i],
		       rc == 0 ? "read" : e.msg);
		assert_int_equal(rc, 0);
		assert_int_equal(c, 'A' + i);
	}
	/* PFN 6 has flag 0x40, no codec: that page only is unreadable */
	assert_int_equal(fmt_read(src, 6 << 12, &c, 1, &e), -1);
	printf("# %s\n", e.msg);
	assert_non_null(strstr(e.msg, "unknown codec"));
	assert_int_equal(fmt_read(src, 5 << 12, &c, 1, &e), 0);
	fmt_close(src);
	/* corrupt the zlib page: unreadable with a message, others fine */
	uint64_t zoff = le_u64(b.p + desc_at + 24);
	memset(b.p + zoff + 2, 0xff, 8);
	src = open_ok(spit("badpage.kdump", &b));
	assert_int_equal(fmt_read(src, 2 << 12, &c, 1, &e), -1);
	printf("# %s\n", e.msg);
	assert_non_null(strstr(e.msg, "does not inflate"));
	/* and is not inflated again (F4: 7.3 s a key when it was) */
	assert_int_equal(fmt_read(src, 2 << 12, &c, 1, &e), -1);
	assert_non_null(strstr(e.msg, "it failed before"));
	assert_int_equal(fmt_read(src, 3 << 12, &c, 1, &e), 0);
	assert_int_equal(c, 'C');
	fmt_close(src);
	/* a descriptor pointing past the end */
	le_put64(b.p + desc_at + 48, b.n + 100);
	src = open_ok(spit("desc.kdump", &b));
	assert_int_equal(fmt_read(src, 3 << 12, &c, 1, &e), -1);
	assert_non_null(strstr(e.msg, "past end of file"));
	fmt_close(src);
	/* lying sizes: bitmap too small for max_mapnr; truncated file */
	le_put32(b.p + 0x1b8, 1u << 20);
	le_put64(b.p + 4096 + 0x60, 1u << 20);
	expect_bad("mapnr.kdump", &b, "cannot hold", NULL);
	le_put32(b.p + 0x1b4, 1u << 20);	/* bitmap_blocks: 4 GiB */
	expect_bad("bitmap.kdump", &b, "offset 0x2000", "bitmaps of 1048576 "
		   "blocks run past end of file");
	free(b.p);
	build_kdump(&b, &desc_at);
	b.n = desc_at + 24;
	expect_bad("cut.kdump", &b, "page descriptors do not fit", NULL);
	free(b.p);
}

/* An i386 kdump: makedumpfile's 32-bit disk_dump_header (block_size at
 * 0x1a0) and packed sub-header (notes at 0x20/0x28, max_mapnr_64 at
 * 0x48), or QEMU's 64-bit layout with machine "i686" (QEMU writes it
 * whenever its dump is ELFCLASS64).  The layout is read from the header's
 * content; the QEMU note without long mode and with PAE gives PAE. */
static void kdump_i386(bool m64)
{
	struct buf b = { 0 };
	uint8_t h[4096] = { 0 }, sub[4096] = { 0 }, bm[2 * 4096] = { 0 }, c;
	struct err e;

	kdump_header_as(h, m64, "i686", 2, 16);
	le_put32(h + 0x1a0, 12345);	/* 64-bit layout: tv_usec here */
	if (!m64)
		le_put32(h + 0x1a0, 4096);
	put(&b, h, 4096);
	struct buf n = { 0 };
	qemu_note(&n, 0x80000011, 0x7f2124c0, 0x20);
	le_put64(sub + (m64 ? 0x30 : 0x20), 4096 + 0x100);
	if (m64)
		le_put64(sub + 0x38, n.n);
	else
		le_put32(sub + 0x28, (uint32_t)n.n);
	le_put64(sub + (m64 ? 0x60 : 0x48), 16);
	memcpy(sub + 0x100, n.p, n.n);
	free(n.p);
	put(&b, sub, 4096);
	bm[4096] = 0x02;		/* PFN 1 dumped */
	put(&b, bm, sizeof(bm));
	size_t desc = put(&b, NULL, 24);
	uint8_t page[4096];
	memset(page, 'P', sizeof(page));
	size_t at = put(&b, page, sizeof(page));
	le_put64(b.p + desc, at);
	le_put32(b.p + desc + 8, 4096);
	struct fmt_source *src = open_ok(spit("i386.kdump", &b));
	assert_string_equal(src->machine, "i386");
	assert_int_equal(src->mode, PW_MODE_PAE);
	assert_int_equal(src->cr3, 0x7f2124c0);
	assert_int_equal(fmt_read(src, 0x1fff, &c, 1, &e), 0);
	assert_int_equal(c, 'P');
	assert_false(fmt_present(src, 2));
	fmt_close(src);
	free(b.p);
}

static void kdump_i386_layout(void **st)
{
	(void)st;
	kdump_i386(false);
}

static void kdump_i386_in_qemus_64bit_layout(void **st)
{
	(void)st;
	kdump_i386(true);
}

/* The same file in makedumpfile's flattened form: records out of order. */
/* A kdump of `pages` pages in which page n is dumped when bit n of bm
 * is set (every page when bm is NULL), holding its PFN in its first 8
 * bytes; zlib-compressed when built in, else stored. */
static void build_pfn_kdump(struct buf *b, uint64_t pages, const uint8_t *bm)
{
	uint64_t bytes = (pages + 7) / 8, blocks = (bytes + 4095) / 4096;
	uint8_t h[4096] = { 0 }, sub[4096] = { 0 };
#ifdef HAVE_ZLIB
	const int codec = KD_ZLIB;
#else
	const int codec = 0;
#endif

	memset(b, 0, sizeof(*b));
	kdump_header(h, true, (uint32_t)(2 * blocks), (uint32_t)pages);
	put(b, h, 4096);
	put(b, sub, 4096);
	size_t first = put(b, NULL, 4096 * blocks);	/* 1st bitmap */
	size_t second = put(b, NULL, 4096 * blocks);
	uint64_t n = 0;
	for (uint64_t pfn = 0; pfn < pages; pfn++)
		if (!bm || (bm[pfn / 8] >> (pfn % 8) & 1)) {
			b->p[first + pfn / 8] |= (uint8_t)(1u << (pfn % 8));
			b->p[second + pfn / 8] |= (uint8_t)(1u << (pfn % 8));
			n++;
		}
	size_t desc_at = put(b, NULL, n * 24);
	for (uint64_t pfn = 0, i = 0; pfn < pages; pfn++) {
		if (bm && !(bm[pfn / 8] >> (pfn % 8) & 1))
			continue;
		uint8_t page[4096] = { 0 }, z[8192];
		le_put64(page, pfn);
		size_t len = compress_page(codec, page, z);
		size_t at = put(b, z, len);
		le_put64(b->p + desc_at + 24 * i, at);
		le_put32(b->p + desc_at + 24 * i + 8, (uint32_t)len);
		le_put32(b->p + desc_at + 24 * i + 12, len == 4096 ? 0 :
			 (uint32_t)codec);
		i++;
	}
}

/* A kdump lends pages from a cache that reuses its slots, and fmt.c
 * remembers recent lookups: with twice as many pages as the cache holds,
 * a random order of lookups must still get every page's own bytes (each
 * page holds its PFN), never a slot some other page has taken since. */
static void kdump_lent_pages_follow_the_cache(void **st)
{
	(void)st;
	struct buf b;

	build_pfn_kdump(&b, 2048, NULL);
	struct fmt_source *src = open_ok(spit("many.kdump", &b));
	uint64_t x = 12345, wrong = 0;
	for (unsigned i = 0; i < 50000; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		/* mostly a small working set, now and then anywhere */
		uint64_t pfn = (x >> 33) % (i % 7 ? 300 : 2048);
		const uint8_t *p = fmt_page_lent(src, pfn);
		assert_non_null(p);
		wrong += le_u64(p) != pfn;
	}
	assert_int_equal(wrong, 0);
	fmt_close(src);
	free(b.p);
}

/* The 2nd bitmap says which pages are dumped and, counted, where each
 * one's descriptor is (one rank per 512 pages, filled from the bitmap's
 * runs at open): with runs and gaps of every length across many rank
 * groups, every dumped page reads as itself, every other one is absent,
 * and the ranges list the runs. */
static void kdump_sparse_bitmap_finds_every_page(void **st)
{
	(void)st;
	enum { PAGES = 5000 };
	uint8_t bm[(PAGES + 7) / 8] = { 0 };
	uint64_t x = 7, pfn = 0, dumped = 0;
	struct buf b;
	struct err e;

	while (pfn < PAGES) {	/* alternating runs of 1..1100 pages */
		x = x * 6364136223846793005ull + 1;
		uint64_t len = 1 + (x >> 33) % ((x >> 20) & 1 ? 1100 : 40);
		for (uint64_t i = 0; i < len && pfn < PAGES; i++, pfn++)
			if (dumped % 2)
				bm[pfn / 8] |= (uint8_t)(1u << (pfn % 8));
		dumped++;
	}
	build_pfn_kdump(&b, PAGES, bm);
	struct fmt_source *src = open_ok(spit("sparse.kdump", &b));
	uint64_t in_ranges = 0, set = 0;
	for (size_t r = 0; r < src->nranges; r++)
		in_ranges += src->ranges[r].len >> 12;
	for (pfn = 0; pfn < PAGES; pfn++) {
		bool want = bm[pfn / 8] >> (pfn % 8) & 1;
		uint8_t v[8];
		set += want;
		assert_int_equal(fmt_present(src, pfn), want);
		assert_int_equal(fmt_read(src, pfn << 12, v, 8, &e), want ? 0 : -1);
		if (want)
			assert_int_equal(le_u64(v), pfn);
	}
	assert_int_equal(in_ranges, set);
	fmt_close(src);
	free(b.p);
}

static void kdump_flattened(void **st)
{
	(void)st;
	struct buf plain, f;
	size_t desc_at;
	uint8_t c;
	struct err e;

	build_kdump(&plain, &desc_at);
	flat_header(&f);
	/* pieces of 5000 bytes, written last to first */
	size_t nrec = (plain.n + 4999) / 5000;
	for (size_t i = nrec; i-- > 0;) {
		uint64_t off = i * 5000, len = plain.n - off < 5000 ? plain.n - off : 5000;
		flat_record(&f, off, plain.p + off, len);
	}
	flat_end(&f);
	struct fmt_source *src = open_ok(spit("flat.kdump", &f));
	assert_int_equal(fmt_read(src, 4 << 12, &c, 1, &e), 0);
	assert_int_equal(c, 'D');
	fmt_close(src);
	/* records far apart (three of 200 KiB first, past the dump's own
	 * bytes: their headers are read a page at a time, the next ones
	 * guessed), then the dump's pieces */
	struct buf g;
	flat_header(&g);
	uint8_t *zeros = calloc(1, 200 << 10);
	assert_non_null(zeros);
	for (uint64_t i = 0; i < 3; i++)
		flat_record(&g, ((plain.n + 4095) & ~4095ull) + i * (200 << 10),
			    zeros, 200 << 10);
	free(zeros);
	for (size_t i = 0; i < nrec; i++) {
		uint64_t off = i * 5000, len = plain.n - off < 5000 ? plain.n - off : 5000;
		flat_record(&g, off, plain.p + off, len);
	}
	flat_end(&g);
	src = open_ok(spit("far.kdump", &g));
	assert_int_equal(fmt_read(src, 4 << 12, &c, 1, &e), 0);
	assert_int_equal(c, 'D');
	fmt_close(src);
	free(g.p);
	f.n -= 16;	/* no end marker */
	expect_bad("noend.kdump", &f, "no end marker", NULL);
	/* two records claiming the same bytes */
	f.n += 16;
	uint8_t *first = f.p + 4096;
	memcpy(first, f.p + 4096 + 16 + (plain.n - (nrec - 1) * 5000), 8);
	expect_bad("overlap.kdump", &f, "records overlap", NULL);
	free(plain.p);
	free(f.p);
}

/* ---- minidumps ------------------------------------------------------- */
static const char *mdmp(const char *name)
{
	static char path[1024];
	const char *d = getenv("PW_DATA");
	snprintf(path, sizeof(path), "%s/windows-minidumps/%s",
		 d ? d : "../shared/data", name);
	return access(path, R_OK) == 0 ? path : NULL;
}

/* A session on the minidump name; the test is skipped without the data. */
static struct session *mdmp_session(const char *name)
{
	const char *p = mdmp(name);
	struct session *s;
	struct sess_opts o = { 0 };
	struct err e;

	if (!p)
		skip();
	assert_int_equal(sess_open(p, &o, &s, &e), 0);
	return s;
}

static void minidump_regions(void **st)
{
	(void)st;
	const char *p = mdmp("breakpad-tiny-exe-with-cet-xsave-x64.dmp");
	if (!p)
		skip();
	struct fmt_source *src = open_ok(p);
	unsigned counts[3] = { 0 };
	for (size_t i = 0; i < src->nregions; i++)
		counts[src->regions[i].state == FMT_MEM_COMMIT ? 0 :
		       src->regions[i].state == FMT_MEM_RESERVE ? 1 : 2]++;
	/* shared/data/windows-minidumps/README.md: two readers agree */
	printf("# regions %zu: %u committed, %u reserved, %u free; %zu ranges\n",
	       src->nregions, counts[0], counts[1], counts[2], src->nranges);
	assert_int_equal(src->nregions, 557);
	assert_int_equal(counts[0], 363);
	assert_int_equal(counts[1], 67);
	assert_int_equal(counts[2], 127);
	assert_true(src->identity);
	assert_string_equal(src->machine, "AMD64");
	fmt_close(src);
	/* the state the session derives: captured, committed-only, reserved */
	struct session *s;
	struct sess_opts o = { 0 };
	struct err e;
	assert_int_equal(sess_open(p, &o, &s, &e), 0);
	struct pt_walk w;
	sess_walk(s, 0xcbc80b8000ull, &w);
	assert_int_equal(pgstate_of_walk(&w), PGS_VALID);
	sess_walk(s, 0xcbc80bb000ull, &w);
	assert_int_equal(pgstate_of_walk(&w), PGS_RESERVED);
	sess_walk(s, 0x10000, &w);
	assert_int_equal(pgstate_of_walk(&w), PGS_FREE);
	sess_walk(s, 0x7ffe0000, &w);		/* committed, not captured */
	assert_int_equal(pgstate_of_walk(&w), PGS_NOT_IN_DUMP);
	sess_free(s);
	p = mdmp("breakpad-minidump2-x86-xp.dmp");
	src = open_ok(p);
	assert_int_equal(src->nranges, 3);
	assert_int_equal(src->nregions, 0);
	assert_string_equal(src->machine, "x86");
	fmt_close(src);
}

/* A minidump is a flat address space: search and rmap go through its
 * captured ranges, which start and end inside pages.  A pattern taken
 * from the dump inside a part-captured page, and one across a page
 * boundary inside a range, are found where they are; rmap of a frame
 * captured in part names its page. */
static void minidump_search_and_rmap(void **st)
{
	(void)st;
	struct session *s = mdmp_session("breakpad-tiny-exe-with-cet-xsave-x64.dmp");
	struct err e;
	uint8_t pat[8];
	bool ok[8];
	/* 2a658530750-2a65853078a: one part of a page; cbc80b8f80-
	 * cbc80ba788: across pages b8000 (from f80), b9000 and ba000 */
	static const uint64_t at[] = { 0x2a658530760ull, 0xcbc80b8ffcull,
				       0xcbc80ba780ull };
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(sess_read(s, true, at[i], pat, ok, 8), 8);
		uint64_t from = 0, hit = 0;
		bool seen = false;
		for (int n = 0; n < 100000 && !seen; n++) {
			if (view_search(s, from, pat, 8, 1u << 30, &hit, &e) != 1)
				break;
			uint8_t b[8];
			assert_int_equal(sess_read(s, true, hit, b, ok, 8), 8);
			assert_memory_equal(b, pat, 8);
			seen = hit == at[i];
			from = hit + 1;
		}
		assert_true(seen);
	}
	struct outbuf out;
	ob_init(&out);
	assert_int_equal(cmd_run(s, "rmap 2a658530", &out, &e), 0);
	assert_non_null(strstr(out.buf, "000002a6`58530000"));
	assert_non_null(strstr(out.buf, "1 virtual page maps"));
	ob_fini(&out);
	sess_free(s);
}

/* !address on a minidump: the MemoryInfoList region holding the address,
 * in WinDbg's layout; an address no region lists is free between its
 * neighbours; a dump without the list says so. */
static void minidump_address(void **st)
{
	(void)st;
	struct session *s = mdmp_session("breakpad-tiny-exe-with-cet-xsave-x64.dmp");
	struct sess_opts o = { 0 };
	struct err e;
	struct outbuf out;
	char want[160];
	const struct fmt_region *r = fmt_region_find(sess_source(s),
						     0xcbc80bb000ull);
	assert_non_null(r);
	assert_int_equal(r->state, FMT_MEM_RESERVE);
	ob_init(&out);
	assert_int_equal(cmd_run(s, "!address cbc80bb000", &out, &e), 0);
	snprintf(want, sizeof(want), "Base Address:           %016" PRIx64
		 "\nEnd Address:            %016" PRIx64 "\n", r->base,
		 r->base + r->size);
	assert_non_null(strstr(out.buf, want));
	assert_non_null(strstr(out.buf, "MEM_RESERVE"));
	assert_non_null(strstr(out.buf, "MEM_PRIVATE"));
	snprintf(want, sizeof(want), "Allocation Base:        %016" PRIx64 "\n",
		 r->alloc_base);
	assert_non_null(strstr(out.buf, want));
	/* the README's first region starts at 7ffe0000: below it, free */
	ob_reset(&out);
	assert_int_equal(cmd_run(s, "!address 10000", &out, &e), 0);
	assert_non_null(strstr(out.buf, "Usage:                  Free\n"
			       "Base Address:           0000000000000000\n"
			       "End Address:            000000007ffe0000\n"));
	ob_fini(&out);
	sess_free(s);
	const char *p = mdmp("breakpad-minidump2-x86-xp.dmp");
	assert_int_equal(sess_open(p, &o, &s, &e), 0);
	ob_init(&out);
	assert_int_equal(cmd_run(s, "!address 0", &out, &e), -1);
	assert_non_null(strstr(e.msg, "no MemoryInfoList"));
	ob_fini(&out);
	sess_free(s);
}

/* A minidump's every range (as_visit_all): contiguous from 0 to the top,
 * the captured bytes exactly the dump's ranges, the rest regions the
 * MemoryInfoList describes or holes none does. */
struct pieces {
	uint64_t next, mapped, region_bytes;
	unsigned n, holes;
	bool ordered;
};

static bool piece(void *arg, const struct map_leaf *l)
{
	struct pieces *p = arg;
	p->ordered &= l->va == p->next;
	p->next = l->va + l->size;
	p->n++;
	if (l->kind == MAP_MAPPED)
		p->mapped += l->size;
	else if (l->kind == MAP_REGION)
		p->region_bytes += l->size;
	else
		p->holes += l->kind == MAP_HOLE;
	return true;
}

static void minidump_every_range(void **st)
{
	(void)st;
	struct session *s = mdmp_session("breakpad-tiny-exe-with-cet-xsave-x64.dmp");
	struct map_stats ms;
	struct pieces pc = { .ordered = true };
	const struct fmt_source *src = sess_source(s);
	as_visit_all(sess_aspace(s), 0, UINT64_MAX, 0, piece, &pc, &ms);
	assert_true(pc.ordered);
	assert_int_equal(pc.next, 0);	/* ends at the top */
	uint64_t captured = 0;
	for (size_t k = 0; k < src->nranges; k++)
		captured += src->ranges[k].len;
	assert_int_equal(pc.mapped, captured);
	assert_true(pc.region_bytes > 0);
	assert_true(pc.holes >= 1);	/* the kernel half: in no region */
	assert_false(ms.budget_hit);
	sess_free(s);
}

static void minidump_bad_inputs(void **st)
{
	(void)st;
	const char *p = mdmp("breakpad-tiny-exe-with-cet-xsave-x64.dmp");
	if (!p)
		skip();
	FILE *f = fopen(p, "rb");
	struct buf b = { 0 };
	uint8_t tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
		put(&b, tmp, n);
	fclose(f);
	/* stream 7 (MemoryInfoList, directory entry 5) claims more bytes */
	le_put32(b.p + 0x20 + 12 * 5 + 4, 0x100000);
	expect_bad("stream.dmp", &b, "offset 0x5c", "past end of file");
	le_put32(b.p + 0x20 + 12 * 5 + 4, 26752);
	/* MemoryList (entry 7 at 0x9dd0): more ranges than it holds */
	le_put32(b.p + 0x9dd0, 1000);
	expect_bad("count.dmp", &b, "offset 0x9dd0", "1000 ranges");
	b.n = 16;
	expect_bad("short.dmp", &b, "header truncated", NULL);
	free(b.p);
}

/* ---- roots ------------------------------------------------------------ */
static void dtbscan_on_samples(void **st)
{
	(void)st;
	char path[1024];
	const char *srcdir = getenv("PW_SRCDIR") ? getenv("PW_SRCDIR") : ".";
	static const struct { const char *f; uint64_t cr3; enum pw_mode mode; } c[] = {
		{ "seed-pae-3-touched.dmp", 0x7f2124c0, PW_MODE_PAE },
		{ "seed-x64-3-touched.dmp", 0x1aa000, PW_MODE_X64 },
		{ "seed-x86-3-touched.dmp", 0x3f2000, PW_MODE_X86 },
	};
	for (size_t i = 0; i < 3; i++) {
		struct dtb_cand d[DTB_MAX];
		struct err e;
		snprintf(path, sizeof(path), "%s/samples/%s", srcdir, c[i].f);
		struct fmt_source *src = open_ok(path);
		int n = dtb_scan(src, d, DTB_MAX, &e);
		assert_true(n >= 1);
		/* the header's own DirectoryTableBase is found and ranked first */
		assert_int_equal(d[0].cr3, c[i].cr3);
		assert_int_equal(d[0].mode, c[i].mode);
		fmt_close(src);
	}
}

/* A raw x64 Windows image with only the low stub to go by: the PML4 at
 * 0x5000 has no self-map, the PROCESSOR_START_BLOCK at 0x3000 names it. */
static void dtbscan_finds_the_low_stub(void **st)
{
	(void)st;
	struct buf b = { 0 };
	struct dtb_cand d[DTB_MAX];
	struct err e;

	put(&b, NULL, 0x10000);
	le_put64(b.p + 0x3000, 0x00000001000600E9ull);
	le_put64(b.p + 0x3070, 0xFFFFF80012345678ull & ~3ull);
	le_put64(b.p + 0x30a0, 0x5000);
	le_put64(b.p + 0x5000, 0x6067);		/* PML4 0 -> PDPT */
	le_put64(b.p + 0x6000, 0x7067);		/* PDPT 0 -> PD */
	le_put64(b.p + 0x7000, 0x8067);		/* PD 0 -> PT */
	le_put64(b.p + 0x8008, 0x9067);		/* PT 1 -> page 9000 */
	struct fmt_source *src = open_ok(spit("lowstub.raw", &b));
	int n = dtb_scan(src, d, DTB_MAX, &e);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].cr3, 0x5000);
	assert_int_equal(d[0].mode, PW_MODE_X64);
	assert_int_equal(d[0].user_pages, 1);
	assert_string_equal(d[0].why, "Windows x64 low stub");
	fmt_close(src);
	free(b.p);
}

/* Linux i386 tables in a raw image of 9 MiB: the kernel quarter maps the
 * direct map (VA 0xc0000000 + PA) through page tables, 8 PDEs; one user
 * page.  2-level PD at 0x5000, or a PAE PDPT in a 32-byte slot. */
static void linux_i386_image(struct buf *b, bool pae)
{
	memset(b, 0, sizeof(*b));
	put(b, NULL, 0x900000);
	for (unsigned i = 0; i < 8; i++) {
		uint64_t pt = 0x10000 + 0x1000ull * i;
		/* the PT maps its first 4 pages: PA i * 4 MiB for the three
		 * the scan checks, pages inside the image for the rest */
		for (unsigned j = 0; j < 4; j++) {
			uint64_t pte = (i < 3 ? 0x400000ull * i : 0x200000 +
					0x4000ull * i) + 0x1000ull * j;
			pte |= 0x163;
			if (pae)
				le_put64(b->p + pt + 8 * j, pte);
			else
				le_put32(b->p + pt + 4 * j, (uint32_t)pte);
		}
		if (pae)	/* PD 3 (VA c0000000): entry 2i per 4 MiB */
			le_put64(b->p + 0x8000 + 8 * (2 * i), pt | 0x63);
		else
			le_put32(b->p + 0x5000 + 4 * (768 + i), (uint32_t)pt | 0x63);
	}
	if (pae) {
		/* PDPT at 0x6040 (32-byte slot): 4 PDs, bit 5 set as QEMU's */
		for (unsigned i = 0; i < 4; i++)
			le_put64(b->p + 0x6040 + 8 * i, (0x7000ull + (i == 3 ?
				 0x1000 : 0x100000 + 0x1000 * i)) | 0x21);
		le_put64(b->p + 0x107000, 0x20067);	/* user PD0 -> PT */
		le_put64(b->p + 0x20008, 0x30067);
	} else {
		le_put32(b->p + 0x5000, 0x20067);	/* user PT */
		le_put32(b->p + 0x20004, 0x30067);
		/* a 4 MiB kernel page in the image (the direct map's kind):
		 * counted, and counted as in the image */
		le_put32(b->p + 0x5000 + 4 * 800, 0x400000 | 0x1e3);
	}
}

static void dtbscan_linux_i386_2level_and_pae(void **st)
{
	(void)st;
	struct buf b;
	struct dtb_cand d[DTB_MAX];
	struct err e;

	linux_i386_image(&b, false);
	struct fmt_source *src = open_ok(spit("linux-x86.raw", &b));
	int n = dtb_scan(src, d, DTB_MAX, &e);
	assert_int_equal(n, 1);
	assert_int_equal(d[0].cr3, 0x5000);
	assert_int_equal(d[0].mode, PW_MODE_X86);
	assert_int_equal(d[0].os, PW_OS_LINUX);
	assert_int_equal(d[0].user_pages, 1);
	assert_int_equal(d[0].kernel_pages, 32 + 1024);
	assert_true(d[0].in_image_pages >= 1024);
	assert_true(dtb_plausible(&d[0]));
	assert_int_equal(dtb_guess_os(src, 0x5000, PW_MODE_X86), PW_OS_LINUX);
	fmt_close(src);
	free(b.p);

	linux_i386_image(&b, true);
	src = open_ok(spit("linux-pae.raw", &b));
	n = dtb_scan(src, d, DTB_MAX, &e);
	assert_true(n >= 1);
	assert_int_equal(d[0].cr3, 0x6040);
	assert_int_equal(d[0].mode, PW_MODE_PAE);
	assert_int_equal(d[0].os, PW_OS_LINUX);
	assert_int_equal(d[0].user_pages, 1);
	assert_int_equal(dtb_guess_os(src, 0x6040, PW_MODE_PAE), PW_OS_LINUX);
	fmt_close(src);
	free(b.p);
}

/* Linux x86-64: the same top-level indices in 4- and 5-level paging; the
 * depth of the kernel text's 2 MiB pages (511, 510 or 511, 511, 510)
 * tells them apart.  With PTI, the user table is the next page: the pair
 * is one candidate, the user table, naming the kernel's. */
static void linux_x64_image(struct buf *b, bool la57, bool pti)
{
	uint64_t top = 0x10000, t = top;

	memset(b, 0, sizeof(*b));
	put(b, NULL, 0x800000);
	if (la57) {		/* PML5 511 -> PML4 at 0x11000 */
		le_put64(b->p + top + 8 * 511, 0x11063);
		t = 0x11000;
	}
	le_put64(b->p + t + 8 * 511, 0x12063);		/* -> PDPT */
	le_put64(b->p + 0x12000 + 8 * 510, 0x13063);	/* -> text PD */
	for (unsigned i = 0; i < 3; i++)		/* 2 MiB text pages */
		le_put64(b->p + 0x13000 + 8 * i, (0x200000ull * (i + 1)) | 0x1e3);
	for (unsigned i = 0; i < 8; i++)	/* more kernel entries */
		le_put64(b->p + top + 8 * (300 + i), (0x20000ull + 0x1000 * i) | 0x63);
	/* user: top entry 0 -> ... -> one 4 KiB page at PA 0x50000 */
	le_put64(b->p + top, (pti ? 0x8000000000000000ull : 0) | 0x30067);
	uint64_t t2 = la57 ? 0x34000 : 0x31000;
	if (la57)
		le_put64(b->p + 0x30000, 0x31067);
	le_put64(b->p + (la57 ? 0x31000 : 0x30000), 0x32067);
	le_put64(b->p + 0x32000, 0x33067);
	le_put64(b->p + 0x33008, 0x50067);
	(void)t2;
	if (pti) {	/* user table: user half, and one kernel entry */
		le_put64(b->p + top + 0x1000, 0x30067);
		le_put64(b->p + top + 0x1000 + 8 * 300, 0x40063);
	}
}

static void dtbscan_linux_x64_depth_and_pti(void **st)
{
	(void)st;
	static const struct { bool la57, pti; } c[] = {
		{ false, false }, { true, false }, { false, true },
	};
	for (size_t i = 0; i < 3; i++) {
		struct buf b;
		struct dtb_cand d[DTB_MAX];
		struct err e;
		linux_x64_image(&b, c[i].la57, c[i].pti);
		struct fmt_source *src = open_ok(spit("linux-x64.raw", &b));
		int n = dtb_scan(src, d, DTB_MAX, &e);
		assert_true(n >= 1);
		assert_int_equal(d[0].os, PW_OS_LINUX);
		assert_int_equal(d[0].mode, c[i].la57 ? PW_MODE_LA57 : PW_MODE_X64);
		assert_int_equal(d[0].cr3, c[i].pti ? 0x11000 : 0x10000);
		assert_int_equal(d[0].pti_kernel, c[i].pti ? 0x10000 : 0);
		assert_int_equal(d[0].user_pages, 1);
		assert_int_equal(dtb_guess_os(src, d[0].cr3, d[0].mode),
				 PW_OS_LINUX);
		fmt_close(src);
		free(b.p);
	}
}

/* ---- speed: opening is proportional to metadata, not size ------------- */
static double open_ms(const char *path)
{
	struct timespec t0, t1;
	struct fmt_source *src;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	src = open_ok(path);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fmt_close(src);
	return (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
}

static void sparse_multi_gib_images_open_fast(void **st)
{
	(void)st;
	static const char *const kinds[] = { "raw", "elf", "lime", "kdump",
					     "dmp" };
	double ms[5];
	char path[600];

	for (int i = 0; i < 5; i++) {
		snprintf(path, sizeof(path), "%s/big.%s", tmpdir, kinds[i]);
		assert_int_equal(write_sparse(path, kinds[i], 16ull << 30), 0);
		ms[i] = open_ms(path);
		unlink(path);
	}
	printf("# open 16 GiB sparse: raw %.2f ms, ELF %.2f ms, LiME %.2f ms, "
	       "kdump %.2f ms, Windows bitmap dump %.2f ms\n", ms[0], ms[1],
	       ms[2], ms[3], ms[4]);
	/* metadata-bound: far below what reading 16 GiB would take */
	assert_true(ms[0] < 500 && ms[1] < 500 && ms[2] < 500 && ms[3] < 2000 &&
		    ms[4] < 2000);
}

/* A dump that shrinks while open: reads of the lost pages fail with a
 * message (they would raise SIGBUS), the rest still reads, and a FIFO is
 * refused instead of blocking the open. */
static void file_shrinking_while_open(void **st)
{
	(void)st;
	struct buf b = { 0 };
	uint8_t page[4096];
	struct err e;

	for (int i = 0; i < 16; i++) {
		memset(page, 'A' + i, sizeof(page));
		put(&b, page, sizeof(page));
	}
	const char *path = spit("shrinks.raw", &b);
	free(b.p);
	struct fmt_source *src = open_ok(path);
	assert_int_equal(fmt_read(src, 0x3000, page, 8, &e), 0);
	assert_int_equal(page[0], 'D');
	assert_false(fmt_shrunk(src));
	assert_int_equal(truncate(path, 8192), 0);
	assert_int_equal(fmt_read(src, 0x5000, page, 8, &e), -1);
	printf("# %s\n", e.msg);
	assert_non_null(strstr(e.msg, "shrank while open"));
	assert_true(fmt_shrunk(src));
	fmt_close(src);

	char fifo[1024];
	snprintf(fifo, sizeof(fifo), "%s/fifo", tmpdir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(fmt_open(fifo, NULL, &src, &e), -1);
	assert_non_null(strstr(e.msg, "not a regular file"));
}

int main(void)
{
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pw-test-formats-XXXXXX");
	if (!mkdtemp(tmpdir))
		return 99;
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(elf_core_with_qemu_note),
		cmocka_unit_test(elf32_core),
		cmocka_unit_test(elf_vmcoreinfo_root),
		cmocka_unit_test(elf_bad_inputs),
		cmocka_unit_test(lime_ranges),
		cmocka_unit_test(kdump_codecs_and_bad_pages),
		cmocka_unit_test(kdump_flattened),
		cmocka_unit_test(kdump_lent_pages_follow_the_cache),
		cmocka_unit_test(kdump_sparse_bitmap_finds_every_page),
		cmocka_unit_test(kdump_i386_layout),
		cmocka_unit_test(kdump_i386_in_qemus_64bit_layout),
		cmocka_unit_test(minidump_regions),
		cmocka_unit_test(minidump_search_and_rmap),
		cmocka_unit_test(minidump_address),
		cmocka_unit_test(minidump_every_range),
		cmocka_unit_test(minidump_bad_inputs),
		cmocka_unit_test(dtbscan_on_samples),
		cmocka_unit_test(dtbscan_finds_the_low_stub),
		cmocka_unit_test(dtbscan_linux_i386_2level_and_pae),
		cmocka_unit_test(dtbscan_linux_x64_depth_and_pti),
		cmocka_unit_test(sparse_multi_gib_images_open_fast),
		cmocka_unit_test(file_shrinking_while_open),
	};
	int rc = cmocka_run_group_tests_name("formats", tests, NULL, NULL);
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	if (system(cmd) != 0)
		return 99;
	return rc;
}
