/* kdump-compressed files (makedumpfile, QEMU dump-guest-memory -z/-l/-s),
 * plain or in makedumpfile's flattened form (big-endian records that say
 * where each piece belongs: indexed, not rewritten).  The 2nd bitmap says
 * which PFNs were dumped; a rank table turns a PFN into its page
 * descriptor; pages are decompressed on demand into a small cache
 * (doc/FORMATS.md, kdump-compressed files). */
#include "config.h"

#include "fmt.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt_note.h"
#include "le.h"

#ifdef HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef HAVE_LZO
#include <lzo/lzo1x.h>
#endif
#ifdef HAVE_SNAPPY
#include <snappy-c.h>
#endif
#ifdef HAVE_ZSTD
#include <zstd.h>
#endif

#define KD_ZLIB 0x1
#define KD_LZO 0x2
#define KD_SNAPPY 0x4
#define KD_ZSTD 0x20
#define KD_DESC 24
/* Decompressed pages kept: 1024 (4 MiB), slot by a hash of the PFN so
 * that page tables a fixed stride apart do not evict one another. */
#define KD_CACHE_BITS 10
#define KD_CACHE (1u << KD_CACHE_BITS)
#define KD_MAX_RECORDS (1u << 24)
/* The rank table holds one count per 8 words (512 pages): an eighth of
 * the memory to fill at open, at most 7 more popcounts per lookup. */
#define RANK_SHIFT 3
#define RANK_WORDS (1u << RANK_SHIFT)

struct rec {
	uint64_t lo, len, off;	/* logical offset, length, file offset */
};

struct kdump {
	/* flattened: records sorted by logical offset; else nrec == 0 */
	struct rec *rec;
	size_t nrec;
	uint64_t lsize;		/* logical file size */
	uint32_t block;
	uint64_t max_mapnr;
	const uint8_t *bitmap;	/* 2nd bitmap: in the mapping (plain files)
				   or a copy (bitmap_copy, flattened) */
	uint8_t *bitmap_copy;
	uint32_t *rank;		/* set bits before each RANK_WORDS words */
	uint64_t desc_at, ndesc;
	uint64_t cache_pfn[KD_CACHE];
	bool cache_ok[KD_CACHE];
	uint8_t *cache;		/* KD_CACHE pages */
	uint8_t *zbuf;		/* compressed page */
	uint8_t *bad;		/* a bit per dumped page that failed to
				   decompress (NULL until one does) */
	const struct fmt_source *src;
};

static enum fmt_probe fmt_kdump_probe(const struct fmt_file *f, struct err *e)
{
	err_set(e, "offset 0: expected \"KDUMP   \", \"DISKDUMP\" or a "
		"flattened makedumpfile header");
	if (f->size < 8)
		return FMT_NOMATCH;
	if (!memcmp(f->data, "KDUMP   ", 8) || !memcmp(f->data, "DISKDUMP", 8))
		return FMT_MATCH;
	if (f->size >= 16 && !memcmp(f->data, "makedumpfile\0", 13)) {
		if (f->size < 0x1000) {
			err_set(e, "offset 0: flattened header truncated (%zu bytes,"
				" need 4096)", f->size);
			return FMT_BROKEN;
		}
		return FMT_MATCH;
	}
	return FMT_NOMATCH;
}

static uint64_t be64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

/* Record headers are read with pread through a window, not through the
 * mapping: touching one header in every few pages of a 64 GiB file made
 * those pages resident (430 MB); the data is only mapped when read. */
struct hdr_reader {
	int fd;
	uint64_t start, len;	/* the window's file offset and bytes */
	uint64_t ahead;		/* headers guessed up to here */
	uint8_t buf[1 << 16];
};
#define HDR_GUESS 32u

static const uint8_t *hdr_at(struct hdr_reader *h, const uint8_t *map,
			     uint64_t at)
{
	if (h->fd < 0)
		return map + at;
	if (at < h->start || at + 16 > h->start + h->len) {
		/* records far apart (a sparse dump's big records): read the
		 * header's page alone, not 64 KiB of what follows it.  For a
		 * sparse 64 GiB dump of 1 MiB records (390 headers) on this
		 * machine: the first open after writing it 93 -> 2.3 ms, from
		 * a cold page cache 43 -> 34 ms (the rest is the 4 MiB
		 * bitmap's own reads) */
		size_t want = sizeof(h->buf);
		uint64_t stride = at - h->start;
		if (h->len && stride > 2 * sizeof(h->buf)) {
			want = 8192 - (size_t)(at & 4095);
			/* and, each header saying where the next is, a cold
			 * file costs one disk read after another: ask for the
			 * pages where the next ones would be if the records
			 * keep this size (a guess; a wrong one costs a page) */
			if (at >= h->ahead) {
				for (unsigned i = 1; i <= HDR_GUESS; i++)
					(void)posix_fadvise(h->fd, (off_t)((at +
						i * stride) & ~4095ull), 8192,
						POSIX_FADV_WILLNEED);
				h->ahead = at + HDR_GUESS / 2 * stride;
			}
		}
		ssize_t n = pread(h->fd, h->buf, want, (off_t)at);
		if (n < 16)
			return map + at;	/* checked against size already */
		h->start = at;
		h->len = (uint64_t)n;
	}
	return h->buf + (at - h->start);
}

static int index_records(struct fmt_source *src, struct kdump *k,
			 struct hdr_reader *hr, struct err *e);
static int sort_records(struct kdump *k, struct err *e);

/* Index the flattened records: (offset, size) big-endian, then data. */
static int index_flat(struct fmt_source *src, struct kdump *k, struct err *e)
{
	struct hdr_reader *hr = malloc(sizeof(*hr));

	if (!hr)
		return err_set(e, "out of memory");
	hr->fd = open(src->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	hr->start = hr->len = hr->ahead = 0;
	int rc = index_records(src, k, hr, e);
	if (hr->fd >= 0)
		close(hr->fd);
	free(hr);
	return rc < 0 ? -1 : sort_records(k, e);
}

static int index_records(struct fmt_source *src, struct kdump *k,
			 struct hdr_reader *hr, struct err *e)
{
	const uint8_t *d = src->file.data;
	size_t size = src->file.size, cap = 0;
	uint64_t at = 0x1000;

	if (be64(d + 16) != 1 || be64(d + 24) != 1)
		return err_set(e, "offset 0x10: flattened type/version %" PRIu64
			       "/%" PRIu64 " (expected 1/1)", be64(d + 16),
			       be64(d + 24));
	for (;;) {
		if (size - at < 16)
			return err_set(e, "offset 0x%" PRIx64 ": flattened record "
				       "header truncated (no end marker)", at);
		const uint8_t *h = hdr_at(hr, d, at);
		int64_t lo = (int64_t)be64(h);
		uint64_t len = be64(h + 8);
		if (lo == -1)
			break;
		if (lo < 0 || len > size - at - 16)
			return err_set(e, "offset 0x%" PRIx64 ": flattened record "
				       "of %" PRIu64 " bytes at %" PRId64 " runs past "
				       "end of file", at, len, lo);
		if (k->nrec == KD_MAX_RECORDS)
			return err_set(e, "more than %u flattened records",
				       KD_MAX_RECORDS);
		if (fmt_grow(&k->rec, &cap, k->nrec + 1, sizeof(*k->rec)) < 0)
			return err_set(e, "out of memory");
		if (len)
			k->rec[k->nrec++] = (struct rec){ (uint64_t)lo, len, at + 16 };
		at += 16 + len;
	}
	return 0;
}

static int sort_records(struct kdump *k, struct err *e)
{
	size_t bad = fmt_spans_sort(k->rec, k->nrec, sizeof(*k->rec));
	if (bad)
		return err_set(e, "file offset 0x%" PRIx64 ": flattened records "
			       "overlap at logical offset 0x%" PRIx64,
			       k->rec[bad].off - 16, k->rec[bad].lo);
	for (size_t i = 0; i < k->nrec; i++) {
		if (k->rec[i].lo + k->rec[i].len > k->lsize)
			k->lsize = k->rec[i].lo + k->rec[i].len;
	}
	return 0;
}

/* The record holding logical offset lo, or NULL (a hole, or past the
 * end). */
static const struct rec *rec_at(const struct kdump *k, uint64_t lo)
{
	size_t a = 0, b = k->nrec;

	while (a < b) {		/* last record starting at or before lo */
		size_t m = a + (b - a) / 2;
		if (k->rec[m].lo <= lo)
			a = m + 1;
		else
			b = m;
	}
	if (a == 0 || lo - k->rec[a - 1].lo >= k->rec[a - 1].len)
		return NULL;
	return &k->rec[a - 1];
}

/* Read the logical (un-flattened) file; -1 for a hole or past the end. */
static int lread(const struct kdump *k, uint64_t lo, void *dst, size_t len)
{
	const uint8_t *d = k->src->file.data;
	uint8_t *out = dst;

	if (!k->rec) {
		if (lo > k->lsize || len > k->lsize - lo)
			return -1;
		memcpy(dst, d + lo, len);
		return 0;
	}
	while (len) {
		const struct rec *r = rec_at(k, lo);
		if (!r)
			return -1;
		size_t n = r->len - (lo - r->lo) < len ?
			   (size_t)(r->len - (lo - r->lo)) : len;
		memcpy(out, d + r->off + (lo - r->lo), n);
		out += n;
		lo += n;
		len -= n;
	}
	return 0;
}

/* Is the logical range [lo, lo+len) all in the file?  Checked before
 * allocating for it: sizes in the header may lie, and a flattened file's
 * logical size may be mostly holes. */
static bool lpresent(const struct kdump *k, uint64_t lo, uint64_t len)
{
	if (!k->rec)
		return lo <= k->lsize && len <= k->lsize - lo;
	while (len) {
		const struct rec *r = rec_at(k, lo);
		if (!r)
			return false;
		uint64_t n = r->len - (lo - r->lo) < len ? r->len - (lo - r->lo) :
			     len;
		lo += n;
		len -= n;
	}
	return true;
}

/* One pass over the 2nd bitmap (fmt_bitmap_runs, a word at a time) fills
 * both the source's ranges and the rank table: rank[g], the set bits
 * before bit 64 * RANK_WORDS * g, is the count before the run that holds
 * or follows that bit, plus the run's bits before it. */
struct range_arg {
	struct fmt_source *src;
	struct err *e;
	uint32_t *rank;
	uint64_t groups;	/* rank has groups + 1 entries */
	uint64_t next;		/* the first group not filled yet */
	uint64_t n;		/* set bits so far */
};

static int add_range(void *arg, uint64_t pfn, uint64_t count)
{
	struct range_arg *r = arg;
	const uint64_t bits = 64 * RANK_WORDS;

	for (; r->next <= r->groups && r->next * bits < pfn + count; r->next++)
		r->rank[r->next] = (uint32_t)(r->n + (r->next * bits > pfn ?
						      r->next * bits - pfn : 0));
	r->n += count;
	return fmt_range_add(r->src, pfn << 12, count << 12, r->e);
}

static int read_bitmap(struct fmt_source *src, struct kdump *k, uint64_t at,
		       uint64_t blocks, struct err *e)
{
	uint64_t half = blocks * k->block / 2;

	if (half * 8 < k->max_mapnr)
		return err_set(e, "offset 0x1b4: bitmap of %" PRIu64 " blocks cannot "
			       "hold %" PRIu64 " pages (max_mapnr)", blocks,
			       k->max_mapnr);
	if (at > k->lsize || blocks * k->block > k->lsize - at)
		return err_set(e, "offset 0x%" PRIx64 ": bitmaps of %" PRIu64
			       " blocks run past end of file", at, blocks);
	uint64_t bytes = (k->max_mapnr + 7) / 8;
	uint64_t words = (bytes + 7) / 8;
	if (!lpresent(k, at + half, bytes))
		return err_set(e, "offset 0x%" PRIx64 ": 2nd bitmap (%" PRIu64
			       " bytes) is not in the file", at + half, bytes);
	k->rank = calloc(((words + RANK_WORDS - 1) >> RANK_SHIFT) + 1,
			 sizeof(*k->rank));
	if (!k->rank)
		return err_set(e, "out of memory for a bitmap of %" PRIu64 " bytes",
			       bytes);
	/* a plain file: the bitmap is read where it lies (whole words of
	 * the mapping); a flattened one is gathered into a copy */
	if (!k->rec && at + half + words * 8 <= k->lsize) {
		k->bitmap = k->src->file.data + at + half;
	} else {
		if (!(k->bitmap_copy = calloc(words, 8)))
			return err_set(e, "out of memory for a bitmap of %" PRIu64
				       " bytes", bytes);
		if (lread(k, at + half, k->bitmap_copy, bytes) < 0)
			return err_set(e, "offset 0x%" PRIx64 ": 2nd bitmap (%"
				       PRIu64 " bytes) is not in the file",
				       at + half, bytes);
		k->bitmap = k->bitmap_copy;
	}
	struct range_arg ra = { src, e, k->rank,
				(words + RANK_WORDS - 1) >> RANK_SHIFT, 0, 0 };
	if (fmt_bitmap_runs(k->bitmap, k->max_mapnr, add_range, &ra) < 0)
		return -1;
	for (; ra.next <= ra.groups; ra.next++)	/* past the last run */
		k->rank[ra.next] = (uint32_t)ra.n;
	k->ndesc = ra.n;
	if (k->ndesc > UINT32_MAX)
		return err_set(e, "%" PRIu64 " dumped pages: too many", k->ndesc);
	return 0;
}

static int parse(struct fmt_source *src, struct kdump *k, struct err *e)
{
	uint8_t h[0x1d0], sub[0x68];	/* header up to tasks[] */
	struct fmt_notes notes = { 0 };

	if (lread(k, 0, h, sizeof(h)) < 0)
		return err_set(e, "offset 0: disk_dump_header truncated");
	if (memcmp(h, "KDUMP   ", 8) && memcmp(h, "DISKDUMP", 8))
		return err_set(e, "offset 0: expected \"KDUMP   \" in the "
			       "disk_dump_header");
	/* The layout (64-bit: block_size at 0x1ac, or i386's packed one at
	 * 0x1a0) is read from the content: QEMU writes the 64-bit layout for
	 * i386 guests too when its dump is ELFCLASS64 (doc/FORMATS.md, kdump-compressed files).
	 * utsname.machine breaks a tie and says whether it is long mode. */
	const char *mach = (const char *)h + 0x0c + 4 * 65;
	bool x86_64 = !strncmp(mach, "x86_64", 7);
	bool i386 = !strncmp(mach, "i686", 5) || !strncmp(mach, "i386", 5);
	bool at64 = le_u32(h + 0x1ac) == 4096, at32 = le_u32(h + 0x1a0) == 4096;
	bool m64 = at64 && at32 ? !i386 : at64 || (!at32 && x86_64);
	size_t o = m64 ? 0x1ac : 0x1a0;
	k->block = le_u32(h + o);
	uint32_t subblocks = le_u32(h + o + 4), bmblocks = le_u32(h + o + 8);
	k->max_mapnr = le_u32(h + o + 12);
	uint32_t version = le_u32(h + 8), status = le_u32(h + (m64 ? 0x1a8 : 0x19c));
	if (k->block != 4096)
		return err_set(e, "offset 0x%zx: block size %" PRIu32 " (expected "
			       "4096 for x86)", o, k->block);
	if (subblocks > (1u << 20) || bmblocks == 0 || bmblocks > (1u << 28))
		return err_set(e, "offset 0x%zx: sub-header %" PRIu32 " blocks, "
			       "bitmap %" PRIu32 " blocks: not plausible", o + 4,
			       subblocks, bmblocks);
	if (lread(k, k->block, sub, sizeof(sub)) < 0)
		return err_set(e, "offset 0x%x: kdump sub-header truncated", k->block);
	uint64_t phys_base = m64 ? le_u64(sub) : le_u32(sub);
	/* kdump_sub_header: 64-bit layout, or i386's packed one */
	size_t o_mapnr = m64 ? 0x60 : 0x48, o_note = m64 ? 0x30 : 0x20;
	if (version >= 6 && le_u64(sub + o_mapnr))
		k->max_mapnr = le_u64(sub + o_mapnr);
	if (k->max_mapnr > (1ull << 36))
		return err_set(e, "max_mapnr %" PRIu64 " is not plausible",
			       k->max_mapnr);
	if (version >= 4) {
		uint64_t noff = le_u64(sub + o_note);
		uint64_t nsize = m64 ? le_u64(sub + 0x38) : le_u32(sub + 0x28);
		uint8_t *nb = nsize && nsize < (1u << 24) && lpresent(k, noff, nsize) ?
			      malloc(nsize) : NULL;
		if (nsize && (!nb || lread(k, noff, nb, nsize) < 0)) {
			free(nb);
			return err_set(e, "offset 0x%zx: notes (%" PRIu64 " bytes at 0x%"
				       PRIx64 ") are not in the file",
				       k->block + o_note, nsize, noff);
		}
		int rc = nb ? fmt_notes_parse(src, &notes, nb, nsize, noff, e) : 0;
		free(nb);
		if (rc < 0)
			return -1;
	}
	uint64_t bm_at = (1 + (uint64_t)subblocks) * k->block;
	if (read_bitmap(src, k, bm_at, bmblocks, e) < 0)
		return -1;
	k->desc_at = bm_at + (uint64_t)bmblocks * k->block;
	uint8_t last[KD_DESC];
	if (k->ndesc && lread(k, k->desc_at + (k->ndesc - 1) * KD_DESC, last,
			      KD_DESC) < 0)
		return err_set(e, "offset 0x%" PRIx64 ": %" PRIu64 " page "
			       "descriptors do not fit in the file", k->desc_at,
			       k->ndesc);
	bool long_mode = x86_64 || (!i386 && m64);
	fmt_notes_apply(src, &notes, long_mode);
	src->os = PW_OS_LINUX;
	snprintf(src->machine, sizeof(src->machine), "%s",
		 long_mode ? "x86_64" : "i386");
	snprintf(src->desc, sizeof(src->desc), "kdump-compressed%s",
		 k->rec ? " (flattened)" : "");
	fmt_info_add(src, "header", "version %" PRIu32 ", status 0x%" PRIx32
		     ", machine %.10s", version, status, mach);
	fmt_info_add(src, "pages", "%" PRIu64 " dumped of %" PRIu64, k->ndesc,
		     k->max_mapnr);
	fmt_info_add(src, "phys_base", "0x%" PRIx64, phys_base);
	if (k->rec)
		fmt_info_add(src, "records", "%zu flattened records", k->nrec);
	return 0;
}

static int fmt_kdump_open(struct fmt_source *src, struct err *e)
{
	struct kdump *k = calloc(1, sizeof(*k));

	if (!k)
		return err_set(e, "out of memory");
	src->priv = k;
	k->src = src;
	k->lsize = src->file.size;
	k->cache = malloc((size_t)KD_CACHE * FMT_PAGE_SIZE);
	k->zbuf = malloc(2 * FMT_PAGE_SIZE);
	if (!k->cache || !k->zbuf)
		return err_set(e, "out of memory");
	if (!memcmp(src->file.data, "makedumpfile", 12)) {
		k->lsize = 0;
		if (index_flat(src, k, e) < 0)
			return -1;
	}
	return parse(src, k, e);
}

static bool bit(const struct kdump *k, uint64_t pfn)
{
	return pfn < k->max_mapnr && (k->bitmap[pfn / 8] >> (pfn % 8)) & 1;
}

/* Dumped pages before pfn (pfn < max_mapnr): the group's count, the
 * whole words before pfn's in the group, then its word's lower bits. */
static uint64_t desc_index(const struct kdump *k, uint64_t pfn)
{
	uint64_t w = pfn / 64, mask = (1ull << (pfn % 64)) - 1;
	uint64_t n = k->rank[w >> RANK_SHIFT];

	for (uint64_t g = w & ~(uint64_t)(RANK_WORDS - 1); g < w; g++)
		n += (uint64_t)__builtin_popcountll(le_u64(k->bitmap + 8 * g));
	return n + (uint64_t)__builtin_popcountll(
		le_u64(k->bitmap + 8 * w) & mask);
}

static int inflate_page(const struct kdump *k, uint32_t flags,
			const uint8_t *in, size_t n, uint8_t *out, struct err *e)
{
	size_t want = FMT_PAGE_SIZE;

	if (flags & ~(uint32_t)(KD_ZLIB | KD_LZO | KD_SNAPPY | KD_ZSTD))
		return err_set(e, "compression flags 0x%" PRIx32 ": unknown codec",
			       flags);
	switch (flags) {
	case 0:
		if (n != want)
			return err_set(e, "stored page of %zu bytes", n);
		memcpy(out, in, want);
		return 0;
#ifdef HAVE_ZLIB
	case KD_ZLIB: {
		uLongf got = want;
		if (uncompress(out, &got, in, n) != Z_OK || got != want)
			return err_set(e, "zlib data does not inflate to a page");
		return 0;
	}
#endif
#ifdef HAVE_LZO
	case KD_LZO: {
		lzo_uint got = want;
		if (lzo1x_decompress_safe(in, n, out, &got, NULL) != LZO_E_OK ||
		    got != want)
			return err_set(e, "LZO data does not decompress to a page");
		return 0;
	}
#endif
#ifdef HAVE_SNAPPY
	case KD_SNAPPY: {
		size_t got = want;
		if (snappy_uncompress((const char *)in, n, (char *)out, &got) !=
		    SNAPPY_OK || got != want)
			return err_set(e, "snappy data does not decompress to a page");
		return 0;
	}
#endif
#ifdef HAVE_ZSTD
	case KD_ZSTD: {
		size_t got = ZSTD_decompress(out, want, in, n);
		if (ZSTD_isError(got) || got != want)
			return err_set(e, "zstd data does not decompress to a page");
		return 0;
	}
#endif
	default:
		(void)k;
		return err_set(e, "compression flags 0x%" PRIx32 ": codec not built "
			       "into this pagewalk (or unknown)", flags);
	}
}

/* The page's bytes, decompressed through the cache; NULL if unreadable. */
static const uint8_t *page(const struct fmt_source *src, uint64_t pfn,
			   struct err *e)
{
	struct kdump *k = src->priv;
	size_t slot = (size_t)((pfn * 0x9E3779B97F4A7C15ull) >> (64 - KD_CACHE_BITS));
	uint8_t *out = k->cache + slot * FMT_PAGE_SIZE, d[KD_DESC];

	if (k->cache_ok[slot] && k->cache_pfn[slot] == pfn)
		return out;
	if (!bit(k, pfn)) {
		err_set(e, "PA 0x%" PRIx64 " is not in the dump (excluded)",
			pfn << FMT_PAGE_SHIFT);
		return NULL;
	}
	uint64_t idx = desc_index(k, pfn), at = k->desc_at + idx * KD_DESC;
	if (k->bad && (k->bad[idx / 8] >> (idx % 8) & 1)) {
		/* a page that failed once is not decompressed again */
		err_set(e, "offset 0x%" PRIx64 ": page PFN 0x%" PRIx64 " does not "
			"decompress (it failed before)", at, pfn);
		return NULL;
	}
	if (lread(k, at, d, KD_DESC) < 0) {
		err_set(e, "offset 0x%" PRIx64 ": page descriptor missing", at);
		return NULL;
	}
	uint64_t off = le_u64(d);
	uint32_t size = le_u32(d + 8), flags = le_u32(d + 12);
	if (size > 2 * FMT_PAGE_SIZE || lread(k, off, k->zbuf, size) < 0) {
		err_set(e, "offset 0x%" PRIx64 ": page PFN 0x%" PRIx64 " (%" PRIu32
			" bytes at 0x%" PRIx64 ") is past end of file", at, pfn,
			size, off);
		return NULL;
	}
	if (k->cache_ok[slot])
		fmt_lent_forget(src, k->cache_pfn[slot]);	/* reused */
	k->cache_ok[slot] = false;
	if (inflate_page(k, flags, k->zbuf, size, out, e) < 0) {
		err_prefix(e, "offset 0x%" PRIx64 ": page PFN 0x%" PRIx64, off, pfn);
		if (!k->bad)
			k->bad = calloc((size_t)(k->ndesc / 8 + 1), 1);
		if (k->bad)
			k->bad[idx / 8] |= (uint8_t)(1u << (idx % 8));
		return NULL;
	}
	k->cache_ok[slot] = true;
	k->cache_pfn[slot] = pfn;
	return out;
}

static const uint8_t *fmt_kdump_page(const struct fmt_source *src,
				     uint64_t pfn)
{
	return page(src, pfn, NULL);
}

static int fmt_kdump_read(const struct fmt_source *src, uint64_t pa,
			  void *dst, size_t len, struct err *e)
{
	const uint8_t *p = page(src, pa >> FMT_PAGE_SHIFT, e);

	if (!p)
		return -1;
	memcpy(dst, p + (pa & (FMT_PAGE_SIZE - 1)), len);
	return 0;
}

static bool fmt_kdump_present(const struct fmt_source *src, uint64_t pfn)
{
	return bit(src->priv, pfn);
}

static void fmt_kdump_close(struct fmt_source *src)
{
	struct kdump *k = src->priv;

	if (k) {
		free(k->rec);
		free(k->bad);
		free(k->bitmap_copy);
		free(k->rank);
		free(k->cache);
		free(k->zbuf);
	}
	free(k);
	src->priv = NULL;
}

const struct fmt_ops fmt_kdump_ops = {
	.name = "kdump",
	.probe = fmt_kdump_probe,
	.open = fmt_kdump_open,
	.read = fmt_kdump_read,
	.present = fmt_kdump_present,
	.close = fmt_kdump_close,
	.page = fmt_kdump_page,
};
