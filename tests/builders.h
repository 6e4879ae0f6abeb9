/* Builders for test images, byte by byte from doc/FORMATS.md: an ELF64
 * core with a QEMU CPU note, LiME ranges, a kdump file whose six pages use
 * each codec.  Shared by test_formats and test_fuzz (static: one user
 * per program). */
#ifndef PW_TEST_BUILDERS_H
#define PW_TEST_BUILDERS_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <sys/types.h>
#include <unistd.h>
#include <cmocka.h>

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif
#ifdef HAVE_LZO
#include <lzo/lzo1x.h>
#endif
#ifdef HAVE_SNAPPY
#include <snappy-c.h>
#endif

#include "le.h"

/* A growing byte buffer for building files. */
struct buf {
	uint8_t *p;
	size_t n;
	size_t cap;	/* grows by doubling: files of a million records */
};

static inline size_t put(struct buf *b, const void *d, size_t n)
{
	size_t at = b->n;
	if (b->n + n > b->cap || !b->p) {
		size_t cap = b->cap > 4096 ? b->cap : 4096;
		while (cap < b->n + n)
			cap *= 2;
		b->p = realloc(b->p, cap);
		b->cap = cap;
	}
	assert_non_null(b->p);
	if (d)
		memcpy(b->p + b->n, d, n);
	else
		memset(b->p + b->n, 0, n);
	b->n += n;
	return at;
}

static inline void qemu_note(struct buf *b, uint64_t cr0, uint64_t cr3, uint64_t cr4)
{
	uint8_t h[12], desc[0x1b8] = { 0 };
	le_put32(h, 5);
	le_put32(h + 4, sizeof(desc));
	le_put32(h + 8, 0);
	put(b, h, 12);
	put(b, "QEMU\0\0\0", 8);	/* name padded to 4 */
	le_put32(desc, 1);
	le_put32(desc + 4, sizeof(desc));
	le_put64(desc + 0x188, cr0);
	le_put64(desc + 0x1a0, cr3);
	le_put64(desc + 0x1a8, cr4);
	put(b, desc, sizeof(desc));
}

/* ELF64 core: header, PT_NOTE with a QEMU CPU note, two PT_LOADs. */
static inline void build_elf(struct buf *b, bool overlap)
{
	uint8_t eh[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	memset(b, 0, sizeof(*b));
	le_put16(eh + 0x10, 4);		/* ET_CORE */
	le_put16(eh + 0x12, 62);	/* x86-64 */
	le_put64(eh + 0x20, 64);	/* phoff */
	le_put16(eh + 0x36, 56);
	le_put16(eh + 0x38, 3);
	put(b, eh, 64);
	size_t ph = put(b, NULL, 3 * 56);
	size_t note = b->n;
	qemu_note(b, 0x80050033, 0x2000, 0x20);	/* PG, PAE: long mode */
	size_t note_len = b->n - note;
	size_t data = put(b, NULL, 3 * 4096);
	b->p[data] = 'x';
	b->p[data + 2 * 4096] = 'y';
	/* PT_NOTE */
	le_put32(b->p + ph, 4);
	le_put64(b->p + ph + 8, note);
	le_put64(b->p + ph + 0x20, note_len);
	/* PT_LOAD: PA 0x1000, 2 pages in the file, 4 in memory */
	uint8_t *l = b->p + ph + 56;
	le_put32(l, 1);
	le_put64(l + 8, data);
	le_put64(l + 0x18, 0x1000);
	le_put64(l + 0x20, 0x2000);
	le_put64(l + 0x28, 0x4000);
	/* PT_LOAD: PA 0x100000 (or overlapping at 0x2000), 1 page */
	l = b->p + ph + 112;
	le_put32(l, 1);
	le_put64(l + 8, data + 2 * 4096);
	le_put64(l + 0x18, overlap ? 0x4000 : 0x100000);
	le_put64(l + 0x20, 0x1000);
	le_put64(l + 0x28, overlap ? 0x3000 : 0x1000);
}

/* build_elf with its QEMU note replaced by a VMCOREINFO note holding
 * text (len bytes): a vmcore as the kernel writes it. */
static inline void build_vmcore_elf(struct buf *b, const char *text,
				    size_t len)
{
	uint8_t h[12];

	build_elf(b, false);
	/* rename the QEMU note so only VMCOREINFO counts */
	size_t note = le_u64(b->p + 64 + 8);
	memcpy(b->p + note + 12, "XEMU", 4);
	size_t at = b->n;
	le_put32(h, 11);
	le_put32(h + 4, (uint32_t)len);
	le_put32(h + 8, 0);
	put(b, h, 12);
	put(b, "VMCOREINFO\0\0", 12);
	put(b, text, len);
	put(b, NULL, (4 - len % 4) % 4);
	le_put64(b->p + 64 + 8, at);		/* PT_NOTE: just this note */
	le_put64(b->p + 64 + 0x20, b->n - at);
}

static inline void lime_range(struct buf *b, uint64_t s, uint64_t len, uint8_t fill)
{
	uint8_t h[32] = { 0 };
	le_put32(h, 0x4C694D45);
	le_put32(h + 4, 1);
	le_put64(h + 8, s);
	le_put64(h + 16, s + len - 1);
	put(b, h, 32);
	size_t at = put(b, NULL, len);
	memset(b->p + at, fill, len);
}

enum { KD_ZLIB = 1, KD_LZO = 2, KD_SNAPPY = 4, KD_ZSTD = 0x20 };

static inline size_t compress_page(int codec, const uint8_t *in, uint8_t *out)
{
	switch (codec) {
#ifdef HAVE_ZLIB
	case KD_ZLIB: {
		uLongf n = 8192;
		assert_int_equal(compress2(out, &n, in, 4096, 6), Z_OK);
		return n;
	}
#endif
#ifdef HAVE_ZSTD
	case KD_ZSTD:
		return ZSTD_compress(out, 8192, in, 4096, 3);
#endif
#ifdef HAVE_LZO
	case KD_LZO: {
		static uint8_t wrk[LZO1X_1_MEM_COMPRESS];
		lzo_uint n = 8192;
		assert_int_equal(lzo1x_1_compress(in, 4096, out, &n, wrk), LZO_E_OK);
		return n;
	}
#endif
#ifdef HAVE_SNAPPY
	case KD_SNAPPY: {
		size_t n = 8192;
		assert_int_equal(snappy_compress((const char *)in, 4096,
						 (char *)out, &n), SNAPPY_OK);
		return n;
	}
#endif
	default:
		memcpy(out, in, 4096);
		return 4096;
	}
}

static const int codecs[] = { 0, KD_ZLIB, KD_LZO, KD_SNAPPY, KD_ZSTD, 0x40 };

/* disk_dump_header (version 6, 4 KiB blocks, one sub-header block) in
 * the 64-bit layout, or the i386 one (fields 12 bytes earlier). */
static inline void kdump_header_as(uint8_t *h, bool m64, const char *machine,
				   uint32_t bitmap_blocks, uint32_t max_mapnr)
{
	size_t o = m64 ? 0x1ac : 0x1a0;

	memcpy(h, "KDUMP   ", 8);
	le_put32(h + 8, 6);
	memcpy(h + 0x0c + 4 * 65, machine, strlen(machine));
	le_put32(h + o, 4096);			/* block_size */
	le_put32(h + o + 4, 1);			/* sub_hdr_size */
	le_put32(h + o + 8, bitmap_blocks);
	le_put32(h + o + 12, max_mapnr);
}

/* The machine name that goes with the layout, as makedumpfile writes. */
static inline void kdump_header(uint8_t *h, bool m64, uint32_t bitmap_blocks,
				uint32_t max_mapnr)
{
	kdump_header_as(h, m64, m64 ? "x86_64" : "i686", bitmap_blocks,
			max_mapnr);
}

static inline void build_kdump(struct buf *b, size_t *desc_at)
{
	uint8_t h[4096] = { 0 }, sub[4096] = { 0 }, bm[2 * 4096] = { 0 };
	memset(b, 0, sizeof(*b));
	kdump_header(h, true, 2, 64);
	put(b, h, 4096);
	/* sub-header: notes right after it in the same block */
	struct buf n = { 0 };
	qemu_note(&n, 0x80050033, 0x3000, 0x20);
	le_put64(sub + 0x30, 4096 + 0x100);
	le_put64(sub + 0x38, n.n);
	memcpy(sub + 0x100, n.p, n.n);
	le_put64(sub + 0x60, 64);
	free(n.p);
	put(b, sub, 4096);
	for (int pfn = 1; pfn <= 6; pfn++) {	/* 2nd bitmap */
		bm[4096 + pfn / 8] |= (uint8_t)(1 << (pfn % 8));
		bm[pfn / 8] |= (uint8_t)(1 << (pfn % 8));
	}
	put(b, bm, sizeof(bm));
	*desc_at = put(b, NULL, 6 * 24);
	for (int i = 0; i < 6; i++) {
		uint8_t page[4096], z[8192];
		memset(page, 'A' + i, sizeof(page));
		size_t len = compress_page(codecs[i], page, z);
		size_t at = put(b, z, len);
		uint8_t *d = b->p + *desc_at + 24 * i;
		le_put64(d, at);
		le_put32(d + 8, (uint32_t)len);
		le_put32(d + 12, (uint32_t)codecs[i]);
	}
}

/* Write b to dir/name; the path (static, until the next call). */
static inline const char *spit_in(const char *dir, const char *name,
				  const struct buf *b)
{
	static char path[1024];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(b->p, 1, b->n, f), b->n);
	fclose(f);
	return path;
}

/* makedumpfile's flattened form: a 4 KiB header, then records of
 * (big-endian logical offset, length, data), then an end marker. */
static inline void flat_header(struct buf *f)
{
	uint8_t hdr[4096] = "makedumpfile";
	memset(f, 0, sizeof(*f));
	hdr[23] = 1;	/* type 1 */
	hdr[31] = 1;	/* version 1 */
	put(f, hdr, sizeof(hdr));
}

static inline void flat_record(struct buf *f, uint64_t lo, const void *d,
			       uint64_t len)
{
	uint8_t r[16];
	for (int k = 0; k < 8; k++) {
		r[7 - k] = (uint8_t)(lo >> (8 * k));
		r[15 - k] = (uint8_t)(len >> (8 * k));
	}
	put(f, r, 16);
	put(f, d, len);
}

static inline void flat_end(struct buf *f)
{
	uint8_t end[16];
	memset(end, 0xff, 8);
	memset(end + 8, 0, 8);
	put(f, end, 16);
}

/* Sparse images of size bytes (a multiple of 4 GiB... any multiple of
 * 32 KiB) in each format, all pages present, data left as holes: what
 * opening costs when only the metadata is read.  kind: "raw", "elf",
 * "lime", "kdump", "dmp".  Writes path; -1 if the file system refused. */
static inline int write_sparse(const char *path, const char *kind,
			       uint64_t size)
{
	struct buf b = { 0 };
	uint64_t tail = 0;	/* file size past the built head */
	uint64_t pages = size >> 12, half = pages / 8;

	if (!strcmp(kind, "raw")) {
		tail = size;
	} else if (!strcmp(kind, "elf")) {	/* one PT_LOAD of size */
		build_elf(&b, false);
		le_put64(b.p + 64 + 56 + 0x20, size);
		le_put64(b.p + 64 + 56 + 0x28, size);
		le_put64(b.p + 64 + 112 + 0x18, size * 2);
		tail = le_u64(b.p + 64 + 56 + 8) + size;
	} else if (!strcmp(kind, "lime")) {	/* one range of size */
		uint8_t h[32] = { 0 };
		le_put32(h, 0x4C694D45);
		le_put32(h + 4, 1);
		le_put64(h + 16, size - 1);
		put(&b, h, 32);
		tail = 32 + size;
	} else if (!strcmp(kind, "kdump")) {	/* every page dumped */
		uint8_t hd[4096] = { 0 };
		kdump_header(hd, true, (uint32_t)(2 * half / 4096), (uint32_t)pages);
		put(&b, hd, 4096);
		put(&b, NULL, 4096);
		size_t bm = put(&b, NULL, 2 * half);
		memset(b.p + bm, 0xff, 2 * half);
		tail = b.n + pages * 24 + 4096;
	} else {	/* Windows 64-bit bitmap dump */
		size_t wh = put(&b, NULL, 0x2000 + 0x38 + half);
		for (size_t i = 0; i < 0x2000; i += 4)
			memcpy(b.p + wh + i, "PAGE", 4);
		memcpy(b.p + 4, "DU64", 4);
		le_put64(b.p + 0x10, 0x1000);		/* DirectoryTableBase */
		le_put32(b.p + 0xf98, 5);		/* full, bitmap */
		memcpy(b.p + 0x2000, "FDMP", 4);
		memcpy(b.p + 0x2004, "DUMP", 4);
		uint64_t first = (0x2000 + 0x38 + half + 0xfff) & ~0xfffull;
		le_put64(b.p + 0x2020, first);
		le_put64(b.p + 0x2028, pages);
		le_put64(b.p + 0x2030, pages);
		memset(b.p + 0x2038, 0xff, half);
		tail = first + size;
	}
	FILE *f = fopen(path, "wb");
	int rc = f && (!b.n || fwrite(b.p, 1, b.n, f) == b.n) ? 0 : -1;
	if (f && fclose(f) != 0)
		rc = -1;
	free(b.p);
	if (rc == 0 && truncate(path, (off_t)tail) != 0)
		rc = -1;
	return rc;
}

#endif
