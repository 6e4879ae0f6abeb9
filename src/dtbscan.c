/* Page-table root scan, every x86 mode (doc/FORMATS.md, "Finding a
 * page-table root").  Windows: a top-level table with exactly one
 * self-referencing entry (x64: index 0x100-0x1ff, present, writable, not
 * large, frame == itself - MemProcFS's test; no entry with PCD set -
 * Volatility's) or the low stub's saved CR3; 32-bit: entry 0x300; PAE: a
 * PD whose entry 3 maps itself, then the 32-byte PDPT that lists PD0..PD3.
 * Linux x86-64: a top-level table with at least 8 present kernel-half
 * entries including 511 (kernel text), every present entry sane; whether
 * it is a PML4 or a PML5 is decided by walking it both ways.  Linux i386:
 * a 2-level PD whose kernel quarter (768-1023) is populated, or a PAE PDPT
 * (4 present entries, 32-byte aligned) whose last PD maps the kernel.
 * Candidates are ranked by plausibility: most of what they map lies in
 * the image, their kernel half is shared with other candidates, they map
 * user pages that are not 1:1. */
#include "config.h"

#include "dtbscan.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "le.h"
#include "map.h"
#include "pt.h"
#include "os_pte.h"

#define ADDR 0x000FFFFFFFFFF000ull
#define POPULATE (2u << 20)
#define RANK_BUDGET (1u << 20)	/* entries examined per subtree */
#define SCAN_BUDGET (1u << 23)	/* ... and by a whole scan's ranking */

struct scan {
	const struct fmt_source *src;
	struct dtb_cand *c;
	size_t n, max;
	uint64_t pae_pd3[DTB_MAX];	/* PAE: self-mapping PD #3 pages */
	uint64_t pae_pd[DTB_MAX][4];
	size_t npae;
	uint64_t scanned;	/* pages looked at */
	const uint8_t *rel_lo, *rel_hi;	/* lent pages read since the last
					   release */
	/* a file the loader lends in place: read CHUNK bytes at a time
	 * into chunk with pread (no page of the mapping faulted in: the
	 * kernel copies from its cache), -1 / NULL when not */
	int fd;
	uint8_t *chunk;
	uint64_t chunk_off;	/* file offset of chunk[0] */
	size_t chunk_len;
};

static void add(struct scan *s, uint64_t cr3, enum pw_mode m, enum pw_os os,
		const char *why, unsigned top, uint64_t sig)
{
	for (size_t i = 0; i < s->n; i++)	/* found twice: keep the first */
		if (s->c[i].cr3 == cr3 && s->c[i].mode == m)
			return;
	if (s->n < s->max)
		s->c[s->n++] = (struct dtb_cand){ .cr3 = cr3, .mode = m, .os = os,
						  .why = why, .top_entries = top,
						  .kernel_sig = sig };
}

/* FNV-1a: signatures of kernel halves, which every process shares. */
static uint64_t fnv(const uint8_t *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 0x100000001b3ull;
	return h;
}

/* The detectors' first tests run on every page of the image: a sieve
 * that may say yes wrongly (the exact test follows) but never no wrongly.
 * maybe_any: whether an 8-byte entry at p + stride * k (k < n; stride a
 * multiple of 16) may have (entry & mask) == want.  It compares the low
 * 32 bits only, over 16 bytes at a time and without a branch until the
 * end (GCC's and clang's vector types: SSE2's compare of four 32-bit
 * lanes on x86, plain code elsewhere).  A big-endian host, whose lanes
 * would hold swapped bytes, always says maybe. */
static bool maybe_any(const uint8_t *p, unsigned n, unsigned stride,
		      uint64_t mask, uint64_t want)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	typedef uint32_t u32x4 __attribute__((vector_size(16)));
	const u32x4 m = { (uint32_t)mask, 0, (uint32_t)mask, 0 },
		    w = { (uint32_t)want, 0, (uint32_t)want, 0 };
	u32x4 hit = { 0, 0, 0, 0 };
	/* lanes 0 and 2: the low halves of the two entries in 16 bytes */
	/* 64 bytes per round: n a multiple of 8 */
	if (stride == 8) {
		for (unsigned k = 0; k < n; k += 8) {
			u32x4 a[4];
			memcpy(a, p + 8 * k, sizeof(a));
			hit |= (u32x4)((a[0] & m) == w) | (u32x4)((a[1] & m) == w) |
			       (u32x4)((a[2] & m) == w) | (u32x4)((a[3] & m) == w);
		}
		return (hit[0] | hit[2]) != 0;
	}
	for (unsigned k = 0; k < n; k++) {	/* entry k * stride only */
		u32x4 a;
		memcpy(&a, p + stride * k, sizeof(a));
		hit |= (u32x4)((a & m) == w);
	}
	return hit[0] != 0;
#else
	(void)p; (void)n; (void)stride; (void)mask; (void)want;
	return true;
#endif
}

static bool windows_x64(const struct scan *s, const uint8_t *p, uint64_t pa)
{
	/* most pages have no kernel-half entry pointing at themselves: the
	 * sieve says so before anything else */
	if (!maybe_any(p + 8 * 0x100, 256, 8, ADDR, pa))
		return false;
	unsigned present = 0;
	for (unsigned i = 0; i < 512; i++) {
		uint64_t e = le_u64(p + 8 * i);
		present += e & 1;
		if ((e & 1) && (e & 0x10))
			return false;		/* PCD in a PML4: not one */
	}
	(void)s;
	/* a real PML4 maps a few dozen 512 GiB slots; a full table page
	 * that happens to hold its own address (a page table of the direct
	 * map) is not one, and ranking it would walk 2 million entries */
	return present <= 256 && pte_win_self_index(p, pa) >= 0;
}

static bool linux_x64(const struct scan *s, const uint8_t *p, unsigned *top)
{
	unsigned kernel = 0, all = 0;

	if (!(le_u64(p + 8 * 511) & 1))	/* most pages: rejected at once */
		return false;
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

/* Windows x64's PROCESSOR_START_BLOCK in the first MiB (doc/FORMATS.md, Finding a page-table root;
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

/* Entry i of the table at pa, if present and not large: the next
 * table's address; 0 if not. */
static uint64_t next_table(const struct fmt_source *src, uint64_t pa,
			   unsigned i)
{
	uint8_t b[8];

	if (fmt_read(src, pa + 8ull * i, b, 8, NULL) < 0)
		return 0;
	uint64_t e = le_u64(b);
	return (e & 1) && !(e & 0x80) ? e & ADDR : 0;
}

/* Linux x86-64 maps its text at 0xffffffff80000000 with 2 MiB pages in a
 * PD reached through top-level entry 511 then PDPT entry 510 (4-level),
 * or 511, 511, 510 (5-level; the kernel uses the same top-level indices
 * in both, so only the depth tells them apart).  The mode under which
 * that PD holds at least half large pages (KASLR leaves some of the
 * text in 4 KiB pages); PW_MODE_NONE if neither. */
static enum pw_mode linux_depth(const struct fmt_source *src, uint64_t top)
{
	uint64_t t4 = next_table(src, top, 511);
	uint64_t cand[2] = { next_table(src, t4, 510),
			     next_table(src, next_table(src, t4, 511), 510) };
	uint8_t pd[FMT_PAGE_SIZE];

	for (unsigned k = 0; k < 2; k++) {
		unsigned present = 0, large = 0;
		if (!cand[k] || fmt_read(src, cand[k], pd, sizeof(pd), NULL) < 0)
			continue;
		for (unsigned i = 0; i < 512; i++) {
			uint64_t e = le_u64(pd + 8 * i);
			present += e & 1;
			large += (e & 0x81) == 0x81;
		}
		if (present >= 2 && large * 2 >= present)
			return k ? PW_MODE_LA57 : PW_MODE_X64;
	}
	return PW_MODE_NONE;
}

/* Linux i386 maps physical memory from PAGE_OFFSET 0xc0000000 (the
 * default 3G/1G split): a real table translates a few of those addresses
 * to VA - PAGE_OFFSET. */
static bool linux_i386_direct_map(const struct fmt_source *src, uint64_t cr3,
				  enum pw_mode m)
{
	static const uint64_t va[] = { 0xc0001000, 0xc0400000, 0xc0800000 };
	struct pt_ctx c = { .pte = { .mode = m, .maxphy = 52 }, .cr3 = cr3 };
	struct pt_walk w;

	for (size_t i = 0; i < sizeof(va) / sizeof(va[0]); i++) {
		pt_walk(src, &c, va[i], &w);
		if (w.stop != PT_OK || w.pa != va[i] - 0xc0000000u)
			return false;
	}
	return true;
}

/* Linux i386, 2-level: the kernel quarter (3 GiB and up, entries
 * 768-1023) holds at least 8 present entries including 768 (the start of
 * the direct map); every present entry that is not a 4 MiB page points to
 * a page table in the image. */
static bool linux_x86(const struct scan *s, const uint8_t *p, unsigned *top)
{
	unsigned kernel = 0, all = 0;

	if (!(le_u32(p + 4 * 768) & 1))	/* most pages: rejected at once */
		return false;
	for (unsigned i = 0; i < 1024; i++) {
		uint32_t e = le_u32(p + 4 * i);
		if (!(e & 1))
			continue;
		/* a table in the image, or a 4 MiB page without bit 21 */
		if (!(e & 0x80) ? !fmt_present(s->src, e >> 12) : (e & 0x200000))
			return false;
		all++;
		kernel += i >= 768;
	}
	*top = all;
	return kernel >= 8 && (le_u32(p + 4 * 768) & 1);
}

/* A PAE PDPTE as Linux writes it: present, an address in the image, no
 * bits but P, PWT, PCD and A (QEMU's guests have A set) below, none
 * above the address. */
static bool pdpte_ok(const struct scan *s, uint64_t e)
{
	return (e & 1) && !(e & ~(ADDR | 0x39)) && (e & ADDR) &&
	       fmt_present(s->src, (e & ADDR) >> 12);
}

/* Linux i386 PAE: 4 present PDPTEs at a 32-byte boundary (Linux fills
 * all four), distinct PDs, and the last PD maps the kernel: at least 8
 * present entries.  The kernel PD is shared by every process. */
static void linux_pae(struct scan *s, const uint8_t *p, uint64_t pa)
{
	uint8_t pd[FMT_PAGE_SIZE];

	/* no word at a 32-byte boundary whose low half may start a PDPTE
	 * (present, nothing set but P, PWT, PCD, A and the address): the
	 * case of most pages */
	if (!maybe_any(p, 128, 32, 0xFC7, 1))
		return;
	for (unsigned off = 0; off < 4096; off += 32) {
		uint64_t e[4];
		bool ok = true;
		for (unsigned i = 0; i < 4 && ok; i++) {
			e[i] = le_u64(p + off + 8 * i);
			ok = pdpte_ok(s, e[i]);
			for (unsigned j = 0; j < i && ok; j++)
				ok = (e[j] & ADDR) != (e[i] & ADDR);
		}
		if (!ok || fmt_read(s->src, e[3] & ADDR, pd, sizeof(pd), NULL) < 0)
			continue;
		unsigned kernel = 0;
		for (unsigned i = 0; i < 512; i++)
			kernel += le_u64(pd + 8 * i) & 1;
		if (kernel >= 8 && linux_i386_direct_map(s->src, pa + off,
							 PW_MODE_PAE))
			add(s, pa + off, PW_MODE_PAE, PW_OS_LINUX, "Linux i386 PAE "
			    "PDPT", 4, e[3] & ADDR);
	}
}

static void page(struct scan *s, const uint8_t *p, uint64_t pa)
{
	unsigned top;

	low_stub(s, p, pa);

	if (windows_x64(s, p, pa))
		add(s, pa, PW_MODE_X64, PW_OS_WINDOWS, "Windows x64 self-map", 0, 0);
	else if (linux_x64(s, p, &top)) {
		enum pw_mode m = linux_depth(s->src, pa);
		if (m != PW_MODE_NONE)
			add(s, pa, m, PW_OS_LINUX, m == PW_MODE_LA57 ?
			    "Linux x86-64 PML5" : "Linux x86-64 PML4", top,
			    fnv(p + 256 * 8, 256 * 8));
	}
	if (linux_x86(s, p, &top) &&
	    linux_i386_direct_map(s->src, pa, PW_MODE_X86))
		add(s, pa, PW_MODE_X86, PW_OS_LINUX, "Linux i386 PD", top,
		    fnv(p + 768 * 4, 256 * 4));
	linux_pae(s, p, pa);
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

/* The copy in chunk of the lent page p (read in when p is past it), or
 * NULL: use p itself. */
static const uint8_t *chunk_page(struct scan *s, const uint8_t *p)
{
	const struct fmt_file *f = &s->src->file;

	if (!p || !s->chunk || p < f->data || p >= f->data + f->size ||
	    !fmt_lent_stays(s->src, p))
		return NULL;
	uint64_t off = (uint64_t)(p - f->data);
	if (off < s->chunk_off || off + FMT_PAGE_SIZE > s->chunk_off + s->chunk_len) {
		s->chunk_off = off;
		ssize_t n = pread(s->fd, s->chunk, POPULATE, (off_t)off);
		s->chunk_len = n > 0 ? (size_t)n : 0;
		if (s->chunk_len < FMT_PAGE_SIZE)
			return NULL;
	}
	return s->chunk + (off - s->chunk_off);
}

static void each_page(struct scan *s, page_fn fn)
{
	uint8_t buf[FMT_PAGE_SIZE];

	for (size_t r = 0; r < s->src->nranges; r++) {
		const struct fmt_range *g = &s->src->ranges[r];
		uint64_t pa = (g->pa + 0xFFF) & ~0xFFFull;
		for (; pa + FMT_PAGE_SIZE <= g->pa + g->len; pa += FMT_PAGE_SIZE) {
			/* a sparse file's holes are zeros: no table there */
			uint64_t next = fmt_next_data(s->src, pa >> FMT_PAGE_SHIFT);
			if (next != pa >> FMT_PAGE_SHIFT) {
				if (next == UINT64_MAX || next << FMT_PAGE_SHIFT >=
				    g->pa + g->len)
					break;
				pa = (next << FMT_PAGE_SHIFT) - FMT_PAGE_SIZE;
				continue;
			}
			const uint8_t *p = fmt_page(s->src, pa >> FMT_PAGE_SHIFT,
						    buf, NULL);
			const uint8_t *q = chunk_page(s, p);
			if (!q && p && p != buf) {
				/* through the mapping: each 2 MiB of the file
				 * mapped in at once, the lent pages read given
				 * back every 8 MiB (resident memory stays flat
				 * whatever the size) */
				if (((uintptr_t)(p - s->src->file.data) &
				     (POPULATE - 1)) == 0)
					fmt_populate(s->src, p, POPULATE);
				if (!s->rel_lo || p < s->rel_lo)
					s->rel_lo = p;
				if (p + FMT_PAGE_SIZE > s->rel_hi)
					s->rel_hi = p + FMT_PAGE_SIZE;
			}
			if (q || p)
				fn(s, q ? q : p, pa);
			if (++s->scanned % 2048 == 0) {
				fmt_release(s->src, s->rel_lo, s->rel_hi);
				s->rel_lo = s->rel_hi = NULL;
			}
		}
	}
}

struct tally {
	uint64_t user, kernel, ident, in_image;
	bool wide;
	const struct fmt_source *src;
};

static bool count(void *arg, const struct map_leaf *l)
{
	struct tally *t = arg;
	/* a leaf whose first frame is in the image (large pages are often
	 * dumped in part; MMIO never is) */
	if (fmt_present(t->src, l->pa >> 12))
		t->in_image += l->size >> 12;
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

/* Plausible: at least half of what it maps lies in the image (a page
 * that merely looks like a table maps far outside it). */
bool dtb_plausible(const struct dtb_cand *c)
{
	uint64_t all = c->user_pages + c->kernel_pages;
	return all && c->in_image_pages >= all / 2;
}

/* Real PGDs share their kernel half; a page that merely looks like one
 * does not.  Plausible first, most shared next, then a process (user
 * pages) over the kernel's own tables, then size. */
static int by_size(const void *a, const void *b)
{
	const struct dtb_cand *x = a, *y = b;
	if (dtb_plausible(x) != dtb_plausible(y))
		return dtb_plausible(x) ? -1 : 1;
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

/* Ranking walks each candidate's tree, one top-level entry at a time.
 * Candidates share subtrees (hostile images repeat one entry everywhere),
 * so the tally of a user-half subtree is remembered by (mode, index,
 * entry) - the index matters there, for the identity count; the kernel
 * half is counted table by table (kcount below) - and the whole scan's
 * walking has one budget. */
#define MEMO_SLOTS (1u << 16)

struct memo {
	uint64_t raw;
	uint32_t idx;
	uint8_t mode;
	bool used;
	struct tally t;
};

/* Below the top level, a kernel-half table's tally does not depend on
 * where it hangs (no identity count there), so it is remembered by
 * (mode, level, table address): a table that many entries point to -
 * Linux's espfix area maps one page 65536 times - is counted once. */
#define KSUB_SLOTS (1u << 14)

struct ksub {
	uint64_t table, pages, in_image;
	uint8_t mode, lvl;
	bool used;
};

struct ranker {
	const struct fmt_source *src;
	struct memo *m;		/* MEMO_SLOTS, or NULL: no memory */
	struct ksub *k;		/* KSUB_SLOTS, or NULL */
	uint64_t left;		/* entries the scan may still examine */
};

static struct ksub *ksub_slot(struct ranker *r, enum pw_mode m, unsigned lvl,
			      uint64_t table)
{
	if (!r->k)
		return NULL;
	uint64_t h = (table ^ ((uint64_t)lvl << 56) ^ ((uint64_t)m << 60)) *
		     0x9E3779B97F4A7C15ull;
	for (unsigned k = 0; k < 32; k++) {
		struct ksub *e = &r->k[((h >> 50) + k) & (KSUB_SLOTS - 1)];
		if (!e->used || (e->table == table && e->lvl == lvl &&
				 e->mode == m))
			return e;
	}
	return NULL;
}

static bool kcount(struct ranker *r, const struct pt_ctx *c,
		   const struct pt_mode_desc *md, unsigned lvl, uint64_t table,
		   struct tally *t);

/* Pages one kernel-half entry of a level-lvl table maps, added to t:
 * false when the scan's budget ran out. */
static bool kentry(struct ranker *r, const struct pt_ctx *c,
		   const struct pt_mode_desc *md, unsigned lvl, uint64_t raw,
		   struct tally *t)
{
	const struct pt_level_desc *ld = &md->lv[lvl];
	struct pte_info in;

	if (!(raw & 1))
		return true;
	pte_decode(&c->pte, ld->role, raw, &in);
	if (!in.present || in.frame >> pte_maxphy(&c->pte))
		return true;
	if (in.large || ld->role == PTE_ROLE_LEAF) {
		uint64_t size = in.large ? 1ull << (in.large_shift - 12) : 1;
		t->kernel += size;
		t->in_image += fmt_present(r->src, in.frame >> 12) ? size : 0;
		return true;
	}
	return kcount(r, c, md, lvl + 1, in.frame, t);
}

/* Pages mapped under the level-lvl table at `table` (kernel half): false
 * when the scan's budget ran out. */
static bool kcount(struct ranker *r, const struct pt_ctx *c,
		   const struct pt_mode_desc *md, unsigned lvl, uint64_t table,
		   struct tally *t)
{
	struct ksub *m = ksub_slot(r, md->mode, lvl, table);
	if (m && m->used) {
		t->kernel += m->pages;
		t->in_image += m->in_image;
		return true;
	}
	unsigned n = 1u << md->lv[lvl].bits, es = md->esize;
	uint8_t page[FMT_PAGE_SIZE];
	struct tally sub = { 0 };

	if (fmt_read(r->src, table, page, (size_t)n * es, NULL) < 0)
		return true;
	for (unsigned i = 0; i < n; i++) {
		if (!r->left)
			return false;
		r->left--;
		uint64_t raw = es == 8 ? le_u64(page + 8 * i) : le_u32(page + 4 * i);
		if (!kentry(r, c, md, lvl, raw, &sub))
			return false;
	}
	if (m)
		*m = (struct ksub){ table, sub.kernel, sub.in_image,
				    (uint8_t)md->mode, (uint8_t)lvl, true };
	t->kernel += sub.kernel;
	t->in_image += sub.in_image;
	return true;
}

static struct memo *memo_slot(struct ranker *r, enum pw_mode m, unsigned i,
			      uint64_t raw)
{
	if (!r->m)
		return NULL;
	uint64_t h = (raw ^ ((uint64_t)i << 52) ^ ((uint64_t)m << 62)) *
		     0x9E3779B97F4A7C15ull;
	for (unsigned k = 0; k < 64; k++) {
		struct memo *e = &r->m[((h >> 48) + k) & (MEMO_SLOTS - 1)];
		if (!e->used || (e->raw == raw && e->idx == i && e->mode == m))
			return e;
	}
	return NULL;	/* crowded: walk it without remembering */
}

static void rank(struct ranker *r, struct dtb_cand *d)
{
	struct pt_ctx c = { .pte = { .mode = d->mode, .os = d->os,
				     .maxphy = 52 }, .cr3 = d->cr3 };
	const struct pt_mode_desc *md = pt_mode_get(d->mode);
	bool wide = d->mode == PW_MODE_X64 || d->mode == PW_MODE_LA57;
	struct tally sum = { .wide = wide, .src = r->src };
	uint8_t top[FMT_PAGE_SIZE];
	unsigned n = 1u << md->lv[0].bits, es = md->esize, shift = md->lv[0].shift;
	uint64_t root = pt_root(&c);

	if (fmt_read(r->src, root, top, (size_t)n * es, NULL) < 0)
		return;
	for (unsigned i = 0; i < n; i++) {
		uint64_t raw = es == 8 ? le_u64(top + 8 * i) : le_u32(top + 4 * i);
		if (!(raw & 1))
			continue;
		struct tally t = { .wide = wide, .src = r->src };
		if (i >= n / 2) {	/* the kernel half: tables counted once */
			if (r->left)
				kentry(r, &c, md, 0, raw, &t);
			sum.kernel += t.kernel;
			sum.in_image += t.in_image;
			continue;
		}
		struct memo *e = memo_slot(r, d->mode, i, raw);
		if (e && e->used) {
			t = e->t;
		} else if (r->left) {
			uint64_t lo = pt_va_canon(d->mode, (uint64_t)i << shift);
			struct map_stats st;
			map_walk(r->src, &c, lo, lo + ((1ull << shift) - 1),
				 r->left < RANK_BUDGET ? r->left : RANK_BUDGET,
				 count, &t, &st);
			r->left -= st.entries < r->left ? st.entries : r->left;
			if (e)
				*e = (struct memo){ raw, i, (uint8_t)d->mode, true, t };
		}
		sum.user += t.user;
		sum.kernel += t.kernel;
		sum.ident += t.ident;
		sum.in_image += t.in_image;
	}
	d->user_pages = sum.user;
	d->kernel_pages = sum.kernel;
	d->ident_pages = sum.ident;
	d->in_image_pages = sum.in_image;
}

/* Page-table isolation (Linux PTI, Windows KVA shadow): the user-mode
 * top-level table is the page after the kernel's (CR3 | 0x1000), with
 * the same user half and a few of the kernel's entries (the entry
 * trampolines, through tables of their own).
 * The pair is one candidate: the user table, as CR3 holds it while the
 * CPU runs in user mode, with the kernel table named. */
bool dtb_pti_user_half(const struct fmt_source *src, uint64_t pa)
{
	uint8_t k[FMT_PAGE_SIZE], u[FMT_PAGE_SIZE];

	if ((pa & 0x1FFF) || fmt_read(src, pa, k, sizeof(k), NULL) < 0 ||
	    fmt_read(src, pa + 0x1000, u, sizeof(u), NULL) < 0)
		return false;
	/* the same user half, but Linux sets NX in the kernel's copy of user
	 * entries */
	unsigned user = 0, ku = 0, kk = 0, j;
	for (j = 0; j < 256; j++) {
		uint64_t ek = le_u64(k + 8 * j), eu = le_u64(u + 8 * j);
		if ((ek ^ eu) << 1)
			return false;
		user += eu & 1;
	}
	if (!user)
		return false;
	/* a few kernel entries, each where the kernel has one */
	bool subset = true;
	for (; j < 512; j++) {
		bool pk = le_u64(k + 8 * j) & 1, pu = le_u64(u + 8 * j) & 1;
		kk += pk;
		ku += pu;
		subset &= pk || !pu;
	}
	return subset && ku && ku < kk;
}

static void pti_pairs(struct ranker *r, struct dtb_cand *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct dtb_cand *d = &out[i];
		if (d->os != PW_OS_LINUX ||
		    (d->mode != PW_MODE_X64 && d->mode != PW_MODE_LA57) ||
		    !dtb_pti_user_half(r->src, d->cr3))
			continue;
		struct dtb_cand pair = *d;
		pair.pti_kernel = d->cr3;
		pair.cr3 = d->cr3 | 0x1000;
		pair.why = d->mode == PW_MODE_LA57 ? "Linux x86-64 PML5, PTI user "
			   "half" : "Linux x86-64 PML4, PTI user half";
		rank(r, &pair);
		*d = pair;
	}
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
	/* a sparse file's pages go through the mapping (its holes skipped,
	 * not read as zeros) */
	s->fd = src->file.extents ? -1 :
		open(src->file.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	s->chunk = s->fd >= 0 ? malloc(POPULATE) : NULL;
	each_page(s, page);
	if (s->npae) {
		s->chunk_len = 0;
		each_page(s, pae_pdpt);
	}
	free(s->chunk);
	if (s->fd >= 0)
		close(s->fd);
	struct ranker r = { src, calloc(MEMO_SLOTS, sizeof(struct memo)),
			    calloc(KSUB_SLOTS, sizeof(struct ksub)), SCAN_BUDGET };
	for (size_t i = 0; i < s->n; i++)
		rank(&r, &out[i]);
	for (size_t i = 0; i < s->n; i++)
		for (size_t j = 0; j < s->n; j++)
			out[i].shared += out[i].os == PW_OS_LINUX &&
					 out[j].mode == out[i].mode &&
					 out[j].kernel_sig == out[i].kernel_sig;
	pti_pairs(&r, out, s->n);
	free(r.m);
	free(r.k);
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

	if (mode == PW_MODE_PAE) {
		/* the page holding the PDPT: is its 32-byte slot one? */
		struct dtb_cand c[DTB_MAX];
		uint64_t page_pa = cr3 & 0xFFFFF000u;
		if (fmt_read(src, page_pa, p, sizeof(p), NULL) < 0)
			return PW_OS_NONE;
		s.c = c;
		s.max = DTB_MAX;
		linux_pae(&s, p, page_pa);
		for (size_t i = 0; i < s.n; i++)
			if (c[i].cr3 == (cr3 & 0xFFFFFFE0u))
				return PW_OS_LINUX;
		return PW_OS_NONE;
	}
	if (fmt_read(src, pa, p, sizeof(p), NULL) < 0)
		return PW_OS_NONE;
	if (mode == PW_MODE_X86)
		return linux_x86(&s, p, &top) ? PW_OS_LINUX : PW_OS_NONE;
	if (windows_x64(&s, p, pa))
		return PW_OS_WINDOWS;
	if (linux_x64(&s, p, &top))
		return PW_OS_LINUX;
	/* a PTI user half: the kernel's table is the page before */
	if ((pa & 0x1000) && fmt_read(src, pa - 0x1000, p, sizeof(p), NULL) == 0 &&
	    linux_x64(&s, p, &top))
		return PW_OS_LINUX;
	return PW_OS_NONE;
}
