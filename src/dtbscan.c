/* Page-table root scan.  Windows: a top-level table with exactly one
 * self-referencing entry (x64: index 0x100-0x1ff, present, writable, not
 * large, frame == itself - MemProcFS's test; no entry with PCD set -
 * Volatility's) or the low stub's saved CR3; 32-bit: entry 0x300; PAE: a
 * PD whose entry 3 maps itself,
 * then the 32-byte PDPT that lists PD0..PD3.  Linux x86-64: a PML4 with
 * at least 8 present kernel-half entries including 511 (kernel text), and
 * every present entry sane.  Candidates are ranked by pages mapped. */
#include "config.h"

#include "dtbscan.h"

#include <stdlib.h>
#include <string.h>

#include "le.h"
#include "map.h"
#include "pt.h"

#define ADDR 0x000FFFFFFFFFF000ull
#define RANK_BUDGET (1u << 20)	/* entries examined per candidate */

struct scan {
	const struct fmt_source *src;
	struct dtb_cand *c;
	size_t n, max;
	uint64_t pae_pd3[DTB_MAX];	/* PAE: self-mapping PD #3 pages */
	uint64_t pae_pd[DTB_MAX][4];
	size_t npae;
};

static void add(struct scan *s, uint64_t cr3, enum pw_mode m, enum pw_os os,
		const char *why, unsigned top, uint64_t sig)
{
	for (size_t i = 0; i < s->n; i++)	/* found twice: keep the first */
		if (s->c[i].cr3 == cr3 && s->c[i].mode == m)
			return;
	if (s->n < s->max)
		s->c[s->n++] = (struct dtb_cand){ cr3, m, os, why, 0, 0, 0, top, sig, 0 };
}

/* FNV-1a over the kernel half: every process's PGD shares it. */
static uint64_t kernel_sig(const uint8_t *p)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (unsigned i = 256 * 8; i < 4096; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

static bool windows_x64(const struct scan *s, const uint8_t *p, uint64_t pa)
{
	int self = -1;

	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = le_u64(p + 8 * i);
		if ((e & 1) && (e & 0x10))
			return false;		/* PCD in a PML4: not one */
		if (i >= 0x100 && (e & 0x0000FFFFFFFFF083ull) == (pa | 3)) {
			if (self >= 0)
				return false;
			self = (int)i;
		}
	}
	(void)s;
	return self >= 0;
}

static bool linux_x64(const struct scan *s, const uint8_t *p, unsigned *top)
{
	unsigned kernel = 0, all = 0;

	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = le_u64(p + 8 * i);
		if (!(e & 1))
			continue;
		/* PS is reserved in a PML4E; the next table must be dumped */
		if ((e & 0x80) || !fmt_present(s->src, (e & ADDR) >> 12))
			return false;
		all++;
		kernel += i >= 256;
	}
	*top = all;
	return kernel >= 8 && (le_u64(p + 8 * 511) & 1);
}

/* Windows x64's PROCESSOR_START_BLOCK in the first MiB (FORMATS.md (g),
 * MemProcFS's test): a jmp and fixed fields, the kernel entry at +0x70,
 * CR3 at +0xA0. */
static void low_stub(struct scan *s, const uint8_t *p, uint64_t pa)
{
	uint64_t cr3 = le_u64(p + 0xa0);

	if (pa < 0x1000 || pa >= 0x100000 ||
	    (le_u64(p) & 0xFFFFFFFFFFFF00FFull) != 0x00000001000600E9ull ||
	    (le_u64(p + 0x70) & 0xFFFFF80000000003ull) != 0xFFFFF80000000000ull ||
	    (cr3 & 0xFFFFFF0000000FFFull) || !cr3 ||
	    !fmt_present(s->src, cr3 >> 12))
		return;
	add(s, cr3, PW_MODE_X64, PW_OS_WINDOWS, "Windows x64 low stub", 0, 0);
}

static void page(struct scan *s, const uint8_t *p, uint64_t pa)
{
	unsigned top;

	low_stub(s, p, pa);

	if (windows_x64(s, p, pa))
		add(s, pa, PW_MODE_X64, PW_OS_WINDOWS, "Windows x64 self-map", 0, 0);
	else if (linux_x64(s, p, &top))
		add(s, pa, PW_MODE_X64, PW_OS_LINUX, "Linux x86-64 PML4", top,
		    kernel_sig(p));
	/* 32-bit: PD entry 0x300 maps the PD itself */
	uint32_t e32 = le_u32(p + 0x300 * 4);
	if ((e32 & 1) && !(e32 & 0x80) && (e32 & 0xFFFFF000u) == pa)
		add(s, pa, PW_MODE_X86, PW_OS_WINDOWS, "Windows x86 self-map", 0, 0);
	/* PAE: PD #3 whose entries 0-3 are PD0..PD3, entry 3 being itself */
	uint64_t e3 = le_u64(p + 3 * 8);
	if ((e3 & 1) && !(e3 & 0x80) && (e3 & ADDR) == pa && s->npae < DTB_MAX) {
		bool ok = true;
		for (unsigned i = 0; i < 4 && ok; i++) {
			uint64_t e = le_u64(p + 8 * i);
			ok = (e & 1) && !(e & 0x80);
			s->pae_pd[s->npae][i] = e & ADDR;
		}
		if (ok)
			s->pae_pd3[s->npae++] = pa;
	}
}

/* The PDPT: 4 entries at a 32-byte boundary pointing to PD0..PD3. */
static void pae_pdpt(struct scan *s, const uint8_t *p, uint64_t pa)
{
	for (unsigned off = 0; off < 4096; off += 32)
		for (size_t k = 0; k < s->npae; k++) {
			/* a PD's own first entries would match too */
			bool ok = pa != s->pae_pd3[k] && pa != s->pae_pd[k][0] &&
				  pa != s->pae_pd[k][1] && pa != s->pae_pd[k][2];
			for (unsigned i = 0; i < 4 && ok; i++) {
				uint64_t e = le_u64(p + off + 8 * i);
				ok = (e & 1) && (e & ADDR) == s->pae_pd[k][i];
			}
			if (ok)
				add(s, pa + off, PW_MODE_PAE, PW_OS_WINDOWS,
				    "Windows PAE self-map", 0, 0);
		}
}

typedef void (*page_fn)(struct scan *, const uint8_t *, uint64_t);

static void each_page(struct scan *s, page_fn fn)
{
	uint8_t buf[FMT_PAGE_SIZE];

	for (size_t r = 0; r < s->src->nranges; r++) {
		const struct fmt_range *g = &s->src->ranges[r];
		uint64_t pa = (g->pa + 0xFFF) & ~0xFFFull;
		for (; pa + FMT_PAGE_SIZE <= g->pa + g->len; pa += FMT_PAGE_SIZE)
			if (fmt_read(s->src, pa, buf, sizeof(buf), NULL) == 0)
				fn(s, buf, pa);
	}
}

struct tally {
	uint64_t user, kernel, ident;
	bool wide;
};

static bool count(void *arg, const struct map_leaf *l)
{
	struct tally *t = arg;
	/* the kernel half: top bit of the VA (bit 31 in 32-bit modes) */
	if (t->wide ? l->va >> 63 : l->va >> 31) {
		t->kernel += l->size >> 12;
	} else {
		t->user += l->size >> 12;
		/* 1:1 low memory (Linux's real-mode trampoline) is no process */
		t->ident += l->va == l->pa ? l->size >> 12 : 0;
	}
	return true;
}

/* Real PGDs share their kernel half; a page that merely looks like one
 * does not.  Most shared first, then a process (user pages) over the
 * kernel's own tables, then size. */
static int by_size(const void *a, const void *b)
{
	const struct dtb_cand *x = a, *y = b;
	if (x->shared != y->shared)
		return x->shared < y->shared ? 1 : -1;
	uint64_t sx = x->user_pages + x->kernel_pages;
	uint64_t sy = y->user_pages + y->kernel_pages;
	uint64_t ux = x->user_pages - x->ident_pages;
	uint64_t uy = y->user_pages - y->ident_pages;
	if (ux != uy)	/* a process over the kernel's own tables */
		return ux < uy ? 1 : -1;
	return sx < sy ? 1 : sx > sy ? -1 : (x->cr3 > y->cr3) - (x->cr3 < y->cr3);
}

int dtb_scan(const struct fmt_source *src, struct dtb_cand *out, size_t max,
	     struct err *e)
{
	struct scan *s = calloc(1, sizeof(*s));

	if (!s)
		return err_set(e, "out of memory");
	if (src->identity) {
		free(s);
		return err_set(e, "a minidump has no page tables to find");
	}
	s->src = src;
	s->c = out;
	s->max = max < DTB_MAX ? max : DTB_MAX;
	each_page(s, page);
	if (s->npae)
		each_page(s, pae_pdpt);
	for (size_t i = 0; i < s->n; i++) {
		struct pt_ctx c = { .pte = { .mode = out[i].mode, .os = out[i].os,
					     .maxphy = 52 }, .cr3 = out[i].cr3 };
		struct tally t = { 0, 0, 0, out[i].mode == PW_MODE_X64 ||
					  out[i].mode == PW_MODE_LA57 };
		struct map_stats st;
		map_walk(src, &c, 0, UINT64_MAX, RANK_BUDGET, count, &t, &st);
		out[i].user_pages = t.user;
		out[i].kernel_pages = t.kernel;
		out[i].ident_pages = t.ident;
	}
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < s->n; j++)
			out[i].shared += out[i].os == PW_OS_LINUX &&
					 out[j].kernel_sig == out[i].kernel_sig;
	if (s->n > 1)	/* qsort(NULL, 0) is undefined */
		qsort(out, s->n, sizeof(*out), by_size);
	int n = (int)s->n;
	free(s);
	return n;
}

enum pw_os dtb_guess_os(const struct fmt_source *src, uint64_t cr3,
			enum pw_mode mode)
{
	struct scan s = { .src = src };
	uint8_t p[FMT_PAGE_SIZE];
	uint64_t pa = cr3 & ADDR;
	unsigned top;

	if (mode != PW_MODE_X64 || fmt_read(src, pa, p, sizeof(p), NULL) < 0)
		return PW_OS_NONE;
	if (windows_x64(&s, p, pa))
		return PW_OS_WINDOWS;
	if (linux_x64(&s, p, &top))
		return PW_OS_LINUX;
	return PW_OS_NONE;
}
