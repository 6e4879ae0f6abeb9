/* LiME images: a sequence of 32-byte range headers (magic 0x4C694D45,
 * version 1, first and last physical address, inclusive) each followed by
 * the range's bytes (doc/FORMATS.md, LiME).  Ranges must ascend. */
#include "config.h"

#include "fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"

#define LIME_MAGIC 0x4C694D45u
#define LIME_HDR 32
#define LIME_MAX_RANGES (1u << 20)

struct lrange {	/* start, length first: fmt_span_find */
	uint64_t pa, len, off;
};

struct lime {
	struct lrange *r;
	size_t n;
};

static enum fmt_probe fmt_lime_probe(const struct fmt_file *f, struct err *e)
{
	err_set(e, "offset 0: expected the LiME magic 0x4C694D45 (\"EMiL\")");
	if (f->size < 4 || le_u32(f->data) != LIME_MAGIC)
		return FMT_NOMATCH;
	if (f->size < LIME_HDR) {
		err_set(e, "offset 0: LiME header truncated (%zu bytes)", f->size);
		return FMT_BROKEN;
	}
	return FMT_MATCH;
}

static int fmt_lime_open(struct fmt_source *src, struct err *e)
{
	const uint8_t *d = src->file.data;
	size_t size = src->file.size, cap = 0;
	struct lime *l = calloc(1, sizeof(*l));

	if (!l)
		return err_set(e, "out of memory");
	src->priv = l;
	for (uint64_t at = 0; at < size;) {
		if (size - at < LIME_HDR)
			return err_set(e, "offset 0x%" PRIx64 ": range header "
				       "truncated", at);
		const uint8_t *h = d + at;
		if (le_u32(h) != LIME_MAGIC)
			return err_set(e, "offset 0x%" PRIx64 ": expected the LiME "
				       "magic 0x4C694D45", at);
		if (le_u32(h + 4) != 1)
			return err_set(e, "offset 0x%" PRIx64 ": LiME version %"
				       PRIu32 " (expected 1)", at + 4,
				       le_u32(h + 4));
		uint64_t s = le_u64(h + 8), last = le_u64(h + 16);
		if (last < s || last - s == UINT64_MAX)
			return err_set(e, "offset 0x%" PRIx64 ": range ends (0x%"
				       PRIx64 ") before it starts (0x%" PRIx64 ")",
				       at + 16, last, s);
		uint64_t len = last - s + 1;
		if (len > size - at - LIME_HDR)
			return err_set(e, "offset 0x%" PRIx64 ": range of %" PRIu64
				       " bytes runs past end of file", at + 8, len);
		if (l->n && s < l->r[l->n - 1].pa + l->r[l->n - 1].len)
			return err_set(e, "offset 0x%" PRIx64 ": range at PA 0x%"
				       PRIx64 " overlaps or precedes the previous "
				       "one", at + 8, s);
		if (l->n == LIME_MAX_RANGES)
			return err_set(e, "more than %u ranges", LIME_MAX_RANGES);
		if (fmt_grow(&l->r, &cap, l->n + 1, sizeof(*l->r)) < 0)
			return err_set(e, "out of memory");
		l->r[l->n++] = (struct lrange){ s, len, at + LIME_HDR };
		if (fmt_range_add(src, s, len, e) < 0)
			return -1;
		at += LIME_HDR + len;
	}
	snprintf(src->desc, sizeof(src->desc), "LiME image");
	fmt_info_add(src, "ranges", "%zu", l->n);
	return 0;
}

static const struct lrange *find(const struct lime *l, uint64_t pa)
{
	return fmt_span_find(l->r, l->n, sizeof(*l->r), pa);
}

static int fmt_lime_read(const struct fmt_source *src, uint64_t pa, void *dst,
			 size_t len, struct err *e)
{
	const struct lrange *r = find(src->priv, pa);

	if (!r || len > r->len - (pa - r->pa))
		return err_set(e, "PA 0x%" PRIx64 " is not in the dump", pa);
	memcpy(dst, src->file.data + r->off + (pa - r->pa), len);
	return 0;
}

static bool fmt_lime_present(const struct fmt_source *src, uint64_t pfn)
{
	return pfn <= UINT64_MAX >> FMT_PAGE_SHIFT &&
	       find(src->priv, pfn << FMT_PAGE_SHIFT) != NULL;
}

static void fmt_lime_close(struct fmt_source *src)
{
	struct lime *l = src->priv;

	if (l)
		free(l->r);
	free(l);
	src->priv = NULL;
}

static const uint8_t *fmt_lime_page(const struct fmt_source *src,
				    uint64_t pfn)
{
	uint64_t pa = pfn << FMT_PAGE_SHIFT;
	const struct lrange *r = find(src->priv, pa);

	if (!r || FMT_PAGE_SIZE > r->len - (pa - r->pa))
		return NULL;
	return src->file.data + r->off + (pa - r->pa);
}

const struct fmt_ops fmt_lime_ops = {
	.name = "lime",
	.probe = fmt_lime_probe,
	.open = fmt_lime_open,
	.read = fmt_lime_read,
	.present = fmt_lime_present,
	.close = fmt_lime_close,
	.page = fmt_lime_page,
};
