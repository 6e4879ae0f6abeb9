/* In-memory physical source: the test double for everything above formats/.
 * Pages are kept sorted by PFN; a missing page reads as "not in dump". */
#include "config.h"

#include "fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"

struct mem_page {
	uint64_t pfn;
	bool unreadable;	/* present, but reads fail (a bad kdump page) */
	uint8_t data[FMT_PAGE_SIZE];
};

struct mem_priv {
	struct mem_page *pages;
	size_t n, cap;
};

static struct mem_page *find(const struct mem_priv *m, uint64_t pfn)
{
	size_t lo = 0, hi = m->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (m->pages[mid].pfn == pfn)
			return &m->pages[mid];
		if (m->pages[mid].pfn < pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static struct mem_page *get_or_add(struct mem_priv *m, uint64_t pfn)
{
	struct mem_page *p = find(m, pfn);
	size_t at = 0;

	if (p)
		return p;
	if (fmt_grow(&m->pages, &m->cap, m->n + 1, sizeof(*m->pages)) < 0)
		return NULL;
	while (at < m->n && m->pages[at].pfn < pfn)
		at++;
	memmove(&m->pages[at + 1], &m->pages[at], (m->n - at) * sizeof(*p));
	m->n++;
	m->pages[at].pfn = pfn;
	m->pages[at].unreadable = false;
	memset(m->pages[at].data, 0, FMT_PAGE_SIZE);
	return &m->pages[at];
}

struct fmt_source *fmt_mem_new(void)
{
	struct fmt_source *src = calloc(1, sizeof(*src));

	if (!src)
		return NULL;
	src->priv = calloc(1, sizeof(struct mem_priv));
	src->path = strdup("(memory)");
	if (!src->priv || !src->path) {
		free(src->priv);
		free(src->path);
		free(src);
		return NULL;
	}
	src->ops = &fmt_mem_ops;
	snprintf(src->desc, sizeof(src->desc), "in-memory test image");
	return src;
}

int fmt_mem_set_page(struct fmt_source *src, uint64_t pfn, const void *page)
{
	struct mem_page *p = get_or_add(src->priv, pfn);

	if (!p)
		return -1;
	if (page)
		memcpy(p->data, page, FMT_PAGE_SIZE);
	return 0;
}

int fmt_mem_set_unreadable(struct fmt_source *src, uint64_t pfn)
{
	struct mem_page *p = get_or_add(src->priv, pfn);

	if (!p)
		return -1;
	p->unreadable = true;
	return 0;
}

int fmt_mem_put64(struct fmt_source *src, uint64_t pa, uint64_t v)
{
	struct mem_page *p = get_or_add(src->priv, pa >> FMT_PAGE_SHIFT);

	if (!p || (pa & 0xfff) > FMT_PAGE_SIZE - 8)
		return -1;
	le_put64(p->data + (pa & 0xfff), v);
	return 0;
}

int fmt_mem_put32(struct fmt_source *src, uint64_t pa, uint32_t v)
{
	struct mem_page *p = get_or_add(src->priv, pa >> FMT_PAGE_SHIFT);

	if (!p || (pa & 0xfff) > FMT_PAGE_SIZE - 4)
		return -1;
	le_put32(p->data + (pa & 0xfff), v);
	return 0;
}

static enum fmt_probe fmt_mem_probe(const struct fmt_file *f, struct err *e)
{
	(void)f;
	(void)e;
	return FMT_NOMATCH;
}

static int fmt_mem_open(struct fmt_source *src, struct err *e)
{
	(void)src;
	return err_set(e, "in-memory sources are made with fmt_mem_new");
}

static int fmt_mem_read(const struct fmt_source *src, uint64_t pa, void *dst,
			size_t len, struct err *e)
{
	const struct mem_page *p = find(src->priv, pa >> FMT_PAGE_SHIFT);

	if (!p)
		return err_set(e, "PA 0x%" PRIx64 " is not in the dump", pa);
	if (p->unreadable)
		return err_set(e, "PA 0x%" PRIx64 " cannot be read", pa);
	memcpy(dst, p->data + (pa & 0xfff), len);
	return 0;
}

static bool fmt_mem_present(const struct fmt_source *src, uint64_t pfn)
{
	return find(src->priv, pfn) != NULL;
}

static void fmt_mem_close(struct fmt_source *src)
{
	struct mem_priv *m = src->priv;

	if (m)
		free(m->pages);
	free(m);
	src->priv = NULL;
}

const struct fmt_ops fmt_mem_ops = {
	.name = "memory",
	.probe = fmt_mem_probe,
	.open = fmt_mem_open,
	.read = fmt_mem_read,
	.present = fmt_mem_present,
	.close = fmt_mem_close,
};
