/* Windows user-mode minidumps (MDMP): captured memory from MemoryList and
 * Memory64List, region state (reserved / committed / free), protection and
 * type from MemoryInfoList, the architecture from SystemInfo
 * (doc/FORMATS.md,
 * Windows user-mode minidumps).  No page tables: addresses are virtual and read as
 * they are; the session sees src->identity. */
#include "config.h"

#include "fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"

#define S_MEMORY 5
#define S_SYSINFO 7
#define S_MEMORY64 9
#define S_MEMINFO 16
#define MAX_STREAMS 4096
#define MAX_ITEMS (1u << 22)

struct mrange {	/* start, length first: fmt_span_find */
	uint64_t va, len, off;
};

struct mdmp {
	struct mrange *r;
	size_t n, cap;
};

static enum fmt_probe fmt_mdmp_probe(const struct fmt_file *f, struct err *e)
{
	err_set(e, "offset 0: expected the minidump signature MDMP");
	if (f->size < 4 || memcmp(f->data, "MDMP", 4) != 0)
		return FMT_NOMATCH;
	if (f->size < 0x20) {
		err_set(e, "offset 0: minidump header truncated (%zu bytes)",
			f->size);
		return FMT_BROKEN;
	}
	return FMT_MATCH;
}

static int add(struct mdmp *m, uint64_t va, uint64_t len, uint64_t off,
	       struct err *e)
{
	if (!len)
		return 0;
	if (fmt_grow(&m->r, &m->cap, m->n + 1, sizeof(*m->r)) < 0)
		return err_set(e, "out of memory");
	m->r[m->n++] = (struct mrange){ va, len, off };
	return 0;
}

/* Is [off, off+len) inside the file? */
static bool fits(const struct fmt_source *src, uint64_t off, uint64_t len)
{
	return off <= src->file.size && len <= src->file.size - off;
}

static int memory_list(struct fmt_source *src, struct mdmp *m, uint64_t at,
		       uint64_t size, struct err *e)
{
	const uint8_t *d = src->file.data;
	if (size < 4)
		return err_set(e, "offset 0x%" PRIx64 ": MemoryList too short", at);
	uint32_t n = le_u32(d + at);
	if (n > MAX_ITEMS || (size - 4) / 16 < n)
		return err_set(e, "offset 0x%" PRIx64 ": MemoryList says %" PRIu32
			       " ranges; the stream holds %" PRIu64, at, n,
			       (size - 4) / 16);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = d + at + 4 + 16 * (uint64_t)i;
		uint64_t va = le_u64(p), len = le_u32(p + 8), off = le_u32(p + 12);
		if (!fits(src, off, len))
			return err_set(e, "offset 0x%" PRIx64 ": range %" PRIu32
				       " (%" PRIu64 " bytes at file offset 0x%"
				       PRIx64 ") runs past end of file",
				       at + 4 + 16 * (uint64_t)i, i, len, off);
		if (add(m, va, len, off, e) < 0)
			return -1;
	}
	return 0;
}

static int memory64_list(struct fmt_source *src, struct mdmp *m, uint64_t at,
			 uint64_t size, struct err *e)
{
	const uint8_t *d = src->file.data;
	if (size < 16)
		return err_set(e, "offset 0x%" PRIx64 ": Memory64List too short", at);
	uint64_t n = le_u64(d + at), off = le_u64(d + at + 8);
	if (n > MAX_ITEMS || (size - 16) / 16 < n)
		return err_set(e, "offset 0x%" PRIx64 ": Memory64List says %" PRIu64
			       " ranges; the stream holds %" PRIu64, at, n,
			       (size - 16) / 16);
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *p = d + at + 16 + 16 * i;
		uint64_t va = le_u64(p), len = le_u64(p + 8);
		if (!fits(src, off, len))
			return err_set(e, "offset 0x%" PRIx64 ": range %" PRIu64
				       " (%" PRIu64 " bytes at file offset 0x%"
				       PRIx64 ") runs past end of file",
				       at + 16 + 16 * i, i, len, off);
		if (add(m, va, len, off, e) < 0)
			return -1;
		off += len;
	}
	return 0;
}

static int memory_info(struct fmt_source *src, uint64_t at, uint64_t size,
		       struct err *e)
{
	const uint8_t *d = src->file.data;
	if (size < 16)
		return err_set(e, "offset 0x%" PRIx64 ": MemoryInfoList too short",
			       at);
	uint32_t hs = le_u32(d + at), es = le_u32(d + at + 4);
	uint64_t n = le_u64(d + at + 8);
	if (hs < 16 || es < 0x30 || hs > size || n > MAX_ITEMS ||
	    (size - hs) / es < n)
		return err_set(e, "offset 0x%" PRIx64 ": MemoryInfoList header "
			       "(%" PRIu32 "-byte header, %" PRIu32 "-byte entries, "
			       "%" PRIu64 " entries) does not fit its %" PRIu64
			       " bytes", at, hs, es, n, size);
	if (src->regions)	/* sized from this stream, filled from both */
		return err_set(e, "offset 0x%" PRIx64 ": a second MemoryInfoList "
			       "stream", at);
	src->regions = calloc(n ? n : 1, sizeof(*src->regions));
	if (!src->regions)
		return err_set(e, "out of memory");
	unsigned counts[3] = { 0 };
	for (uint64_t i = 0; i < n; i++) {
		const uint8_t *p = d + at + hs + es * i;
		struct fmt_region *r = &src->regions[src->nregions];
		r->base = le_u64(p);
		r->alloc_base = le_u64(p + 8);
		r->alloc_protect = le_u32(p + 0x10);
		r->size = le_u64(p + 0x18);
		r->state = le_u32(p + 0x20);
		r->protect = le_u32(p + 0x24);
		r->type = le_u32(p + 0x28);
		if (!r->size || r->base + r->size < r->base)
			return err_set(e, "offset 0x%" PRIx64 ": region %" PRIu64
				       " of %" PRIu64 " bytes at 0x%" PRIx64 " is "
				       "empty or wraps", at + hs + es * i, i, r->size,
				       r->base);
		counts[r->state == FMT_MEM_COMMIT ? 0 :
		       r->state == FMT_MEM_RESERVE ? 1 : 2]++;
		src->nregions++;
	}
	size_t bad = fmt_spans_sort(src->regions, src->nregions,
				    sizeof(*src->regions));
	if (bad)
		return err_set(e, "offset 0x%" PRIx64 ": regions at 0x%" PRIx64
			       " and 0x%" PRIx64 " overlap", at,
			       src->regions[bad - 1].base, src->regions[bad].base);
	fmt_info_add(src, "regions", "%zu: %u committed, %u reserved, %u free",
		     src->nregions, counts[0], counts[1], counts[2]);
	return 0;
}

static void sysinfo(struct fmt_source *src, uint64_t at, uint64_t size)
{
	const uint8_t *d = src->file.data;
	if (size < 0x18)
		return;
	uint16_t arch = le_u16(d + at);
	snprintf(src->machine, sizeof(src->machine), "%s",
		 arch == 0 ? "x86" : arch == 9 ? "AMD64" : arch == 12 ? "ARM64" :
		 arch == 5 ? "ARM" : "unknown");
	src->os_build = le_u32(d + at + 16);
	fmt_info_add(src, "system", "%s, Windows %" PRIu32 ".%" PRIu32 " build %"
		     PRIu32, src->machine, le_u32(d + at + 8), le_u32(d + at + 12),
		     le_u32(d + at + 16));
}

static int fmt_mdmp_open(struct fmt_source *src, struct err *e)
{
	const uint8_t *d = src->file.data;
	struct mdmp *m = calloc(1, sizeof(*m));

	if (!m)
		return err_set(e, "out of memory");
	src->priv = m;
	uint32_t n = le_u32(d + 8), dir = le_u32(d + 12);
	if (n > MAX_STREAMS || !fits(src, dir, 12ull * n))
		return err_set(e, "offset 0x8: %" PRIu32 " streams at 0x%" PRIx32
			       " do not fit in the file", n, dir);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *p = d + dir + 12 * (uint64_t)i;
		uint32_t type = le_u32(p), size = le_u32(p + 4), at = le_u32(p + 8);
		if (type != S_MEMORY && type != S_MEMORY64 && type != S_MEMINFO &&
		    type != S_SYSINFO)
			continue;
		if (!fits(src, at, size))
			return err_set(e, "offset 0x%" PRIx64 ": stream %" PRIu32
				       " (%" PRIu32 " bytes at 0x%" PRIx32 ") runs "
				       "past end of file", dir + 12 * (uint64_t)i,
				       type, size, at);
		int rc = type == S_MEMORY ? memory_list(src, m, at, size, e) :
			 type == S_MEMORY64 ? memory64_list(src, m, at, size, e) :
			 type == S_MEMINFO ? memory_info(src, at, size, e) : 0;
		if (type == S_SYSINFO)
			sysinfo(src, at, size);
		if (rc < 0)
			return -1;
	}
	size_t bad = fmt_spans_sort(m->r, m->n, sizeof(*m->r));
	if (bad)
		return err_set(e, "captured ranges at 0x%" PRIx64 " and 0x%" PRIx64
			       " overlap", m->r[bad - 1].va, m->r[bad].va);
	for (size_t i = 0; i < m->n; i++) {
		if (fmt_range_add(src, m->r[i].va, m->r[i].len, e) < 0)
			return -1;
	}
	src->identity = true;
	src->os = PW_OS_WINDOWS;
	src->mode = PW_MODE_NONE;
	snprintf(src->desc, sizeof(src->desc), "Windows minidump (%s)",
		 src->machine[0] ? src->machine : "unknown");
	if (!src->nregions)
		fmt_info_add(src, "region data", "none (no MemoryInfoList)");
	return 0;
}

static const struct mrange *find(const struct mdmp *m, uint64_t va)
{
	return fmt_span_find(m->r, m->n, sizeof(*m->r), va);
}

static int fmt_mdmp_read(const struct fmt_source *src, uint64_t va, void *dst,
			 size_t len, struct err *e)
{
	uint8_t *out = dst;

	while (len) {	/* captured ranges need not be page aligned */
		const struct mrange *r = find(src->priv, va);
		if (!r)
			return err_set(e, "VA 0x%" PRIx64 " was not captured", va);
		uint64_t n = r->len - (va - r->va);
		if (n > len)
			n = len;
		memcpy(out, src->file.data + r->off + (va - r->va), (size_t)n);
		out += n;
		va += n;
		len -= (size_t)n;
	}
	return 0;
}

static bool fmt_mdmp_present(const struct fmt_source *src, uint64_t pfn)
{
	const struct mdmp *m = src->priv;
	uint64_t va = pfn << FMT_PAGE_SHIFT;

	if (find(m, va))
		return true;
	/* a range starting inside the page */
	size_t lo = 0, hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->r[mid].va < va)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < m->n && m->r[lo].va - va < FMT_PAGE_SIZE;
}

static void fmt_mdmp_close(struct fmt_source *src)
{
	struct mdmp *m = src->priv;

	if (m)
		free(m->r);
	free(m);
	src->priv = NULL;
}

const struct fmt_ops fmt_mdmp_ops = {
	.name = "minidump",
	.probe = fmt_mdmp_probe,
	.open = fmt_mdmp_open,
	.read = fmt_mdmp_read,
	.present = fmt_mdmp_present,
	.close = fmt_mdmp_close,
};
