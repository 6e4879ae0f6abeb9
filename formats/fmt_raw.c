/* Raw physical images (pmemsave, .raw, .mem, LiME padded): file offset =
 * PA - base.  Matches anything, so it is probed last.  No CR3 or mode: the
 * user gives them. */
#include "config.h"

#include "fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static enum fmt_probe fmt_raw_probe(const struct fmt_file *f, struct err *e)
{
	(void)e;
	return f->size >= FMT_PAGE_SIZE ? FMT_MATCH : FMT_NOMATCH;
}

static int fmt_raw_open(struct fmt_source *src, struct err *e)
{
	if (src->raw_base & (FMT_PAGE_SIZE - 1))
		return err_set(e, "raw base 0x%" PRIx64 " is not page aligned",
			       src->raw_base);
	if (src->raw_base + src->file.size < src->raw_base)
		return err_set(e, "raw base 0x%" PRIx64 " overflows", src->raw_base);
	snprintf(src->desc, sizeof(src->desc), "raw physical image");
	src->mode = PW_MODE_NONE;
	src->os = PW_OS_NONE;
	fmt_info_add(src, "base", "0x%" PRIx64, src->raw_base);
	fmt_info_add(src, "size", "%zu bytes (%zu pages)", src->file.size,
		     src->file.size / FMT_PAGE_SIZE);
	return fmt_range_add(src, src->raw_base, src->file.size, e);
}

static int fmt_raw_read(const struct fmt_source *src, uint64_t pa, void *dst,
			size_t len, struct err *e)
{
	if (pa < src->raw_base || pa - src->raw_base > src->file.size ||
	    len > src->file.size - (pa - src->raw_base))
		return err_set(e, "PA 0x%" PRIx64 " is not in the dump", pa);
	memcpy(dst, src->file.data + (pa - src->raw_base), len);
	return 0;
}

static bool fmt_raw_present(const struct fmt_source *src, uint64_t pfn)
{
	if (pfn > UINT64_MAX >> FMT_PAGE_SHIFT)
		return false;
	uint64_t pa = pfn << FMT_PAGE_SHIFT;
	return pa >= src->raw_base && pa - src->raw_base < src->file.size;
}

static const uint8_t *fmt_raw_page(const struct fmt_source *src, uint64_t pfn)
{
	uint64_t pa = pfn << FMT_PAGE_SHIFT;

	if (pa < src->raw_base || pa - src->raw_base > src->file.size ||
	    FMT_PAGE_SIZE > src->file.size - (pa - src->raw_base))
		return NULL;
	return src->file.data + (pa - src->raw_base);
}

/* The next page with data after pfn: skip the file's holes. */
static uint64_t fmt_raw_next_data(const struct fmt_source *src, uint64_t pfn)
{
	const struct fmt_file *f = &src->file;
	uint64_t pa = pfn << FMT_PAGE_SHIFT;

	if (!f->extents || pfn > UINT64_MAX >> FMT_PAGE_SHIFT || pa < src->raw_base)
		return pfn;
	uint64_t off = pa - src->raw_base;
	size_t lo = 0, hi = f->nextents;	/* first extent ending past off */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (f->extents[mid].off + f->extents[mid].len <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == f->nextents)
		return UINT64_MAX;
	if (f->extents[lo].off <= off)
		return pfn;
	return (src->raw_base + f->extents[lo].off) >> FMT_PAGE_SHIFT;
}

const struct fmt_ops fmt_raw_ops = {
	.name = "raw",
	.probe = fmt_raw_probe,
	.open = fmt_raw_open,
	.read = fmt_raw_read,
	.present = fmt_raw_present,
	.close = NULL,
	.page = fmt_raw_page,
	.next_data = fmt_raw_next_data,
};
