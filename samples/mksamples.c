/* pw-mksamples: writes pagewalk's bundled sample dumps into a folder.
 *
 * The seed story (the WinDbg walkthrough the README names): a process
 * reserves 16 pages at VA 001f0000, commits the first, touches it, and the
 * same happens to the next page.  Each image is a Windows crash dump at one
 * moment of that story.  Tables are written entry by entry below, one
 * comment per entry saying which table, which index and why.
 *
 * Usage: pw-mksamples OUTDIR
 *        pw-mksamples --builds OUTDIR   (one image per layout of os/windows.c) */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"

#define PAGE 4096u
#define MAX_PAGES 192

struct image {
	bool is64, pae;
	uint64_t cr3;
	uint32_t major, minor;
	int dump_type;		/* 1 runs, 5 bitmap */
	/* the header's kernel addresses (0: left "PAGE") */
	uint64_t pfn_db, process_head;
	uint64_t next_frame;	/* frames for kernel pages, handed out up */
	/* the crashing thread's CONTEXT (ip 0: none) and, av not 0, an
	 * access violation writing av in the EXCEPTION_RECORD */
	uint64_t ip, sp, bp, ax, av;
	size_t n;
	uint64_t pfn[MAX_PAGES];
	uint8_t *data[MAX_PAGES];
};

static uint8_t *page_of(struct image *im, uint64_t pa)
{
	uint64_t pfn = pa / PAGE;

	for (size_t i = 0; i < im->n; i++)
		if (im->pfn[i] == pfn)
			return im->data[i];
	if (im->n == MAX_PAGES) {
		fprintf(stderr, "pw-mksamples: too many pages\n");
		exit(99);
	}
	im->pfn[im->n] = pfn;
	im->data[im->n] = calloc(1, PAGE);
	if (!im->data[im->n]) {
		fprintf(stderr, "pw-mksamples: out of memory\n");
		exit(99);
	}
	return im->data[im->n++];
}

static void put64(struct image *im, uint64_t pa, uint64_t v)
{
	le_put64(page_of(im, pa) + pa % PAGE, v);
}

static void put32(struct image *im, uint64_t pa, uint32_t v)
{
	le_put32(page_of(im, pa) + pa % PAGE, v);
}

/* Entry idx of the table at pa, in the image's entry size. */
static void entry(struct image *im, uint64_t table, unsigned idx, uint64_t v)
{
	if (im->is64 || im->pae)
		put64(im, table + 8u * idx, v);
	else
		put32(im, table + 4u * idx, (uint32_t)v);
}

static uint64_t get64(struct image *im, uint64_t pa)
{
	return le_u64(page_of(im, pa) + pa % PAGE);
}

static uint32_t get32(struct image *im, uint64_t pa)
{
	return le_u32(page_of(im, pa) + pa % PAGE);
}

static void put_bytes(struct image *im, uint64_t pa, const void *b, size_t n)
{
	memcpy(page_of(im, pa) + pa % PAGE, b, n);
}

static void fill(struct image *im, uint64_t pa, uint8_t byte, size_t len)
{
	memset(page_of(im, pa) + pa % PAGE, byte, len);
}

static void free_image(struct image *im)
{
	for (size_t i = 0; i < im->n; i++)
		free(im->data[i]);
	im->n = 0;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Header: "PAGE" fill, then the fields of DUMP_HEADER32/64 that a reader
 * needs (doc/FORMATS.md, Windows crash dumps). */
static size_t write_header(const struct image *im, uint8_t *h,
			   const uint64_t *pfns, size_t file_size)
{
	size_t hs = im->is64 ? 0x2000 : 0x1000;

	for (size_t i = 0; i < hs; i += 4)
		memcpy(h + i, "PAGE", 4);
	memcpy(h + 4, im->is64 ? "DU64" : "DUMP", 4);
	le_put32(h + 0x08, im->major);
	le_put32(h + 0x0c, im->minor);
	if (im->is64) {
		le_put64(h + 0x10, im->cr3);
		if (im->pfn_db)
			le_put64(h + 0x18, im->pfn_db);
		if (im->process_head)
			le_put64(h + 0x28, im->process_head);
		le_put32(h + 0x30, 0x8664);
		le_put32(h + 0x34, 1);
		le_put32(h + 0x38, 0xE2);	/* MANUALLY_INITIATED_CRASH */
		memset(h + 0x40, 0, 32);
		le_put32(h + 0xf98, (uint32_t)im->dump_type);
		le_put64(h + 0xfa0, file_size);
		if (im->ip) {
			/* CONTEXT at 0x348: ContextFlags (AMD64: control,
			 * integer, segments), EFlags, Rax, Rsp, Rbp, Rip */
			uint8_t *c = h + 0x348;
			memset(c, 0, 0x4d0);
			le_put32(c + 0x30, 0x100007);
			le_put32(c + 0x44, 0x10246);
			le_put64(c + 0x78, im->ax);
			le_put64(c + 0x98, im->sp);
			le_put64(c + 0xa0, im->bp);
			le_put64(c + 0xf8, im->ip);
		}
		if (im->av) {
			/* EXCEPTION_RECORD64 at 0xf00: code, address,
			 * NumberParameters, information: write, address */
			uint8_t *x = h + 0xf00;
			memset(x, 0, 0x98);
			le_put32(x, 0xc0000005u);
			le_put64(x + 0x10, im->ip);
			le_put32(x + 0x18, 2);
			le_put64(x + 0x20, 1);
			le_put64(x + 0x28, im->av);
		}
	} else {
		le_put32(h + 0x10, (uint32_t)im->cr3);
		if (im->pfn_db)
			le_put32(h + 0x14, (uint32_t)im->pfn_db);
		if (im->process_head)
			le_put32(h + 0x1c, (uint32_t)im->process_head);
		le_put32(h + 0x20, 0x14c);
		le_put32(h + 0x24, 1);
		le_put32(h + 0x28, 0xE2);
		memset(h + 0x2c, 0, 16);
		h[0x5c] = im->pae;
		le_put32(h + 0xf88, (uint32_t)im->dump_type);
		le_put64(h + 0xfa0, file_size);
		if (im->ip) {
			/* CONTEXT at 0x320: ContextFlags (i386: control,
			 * integer, segments), Eax, Ebp, Eip, EFlags, Esp */
			uint8_t *c = h + 0x320;
			memset(c, 0, 0x2cc);
			le_put32(c, 0x10007);
			le_put32(c + 0xb0, (uint32_t)im->ax);
			le_put32(c + 0xb4, (uint32_t)im->bp);
			le_put32(c + 0xb8, (uint32_t)im->ip);
			le_put32(c + 0xc0, 0x10246);
			le_put32(c + 0xc4, (uint32_t)im->sp);
		}
		if (im->av) {
			/* EXCEPTION_RECORD32 at 0x7d0 */
			uint8_t *x = h + 0x7d0;
			memset(x, 0, 0x50);
			le_put32(x, 0xc0000005u);
			le_put32(x + 0xc, (uint32_t)im->ip);
			le_put32(x + 0x10, 2);
			le_put32(x + 0x14, 1);
			le_put32(x + 0x18, (uint32_t)im->av);
		}
	}
	if (im->dump_type != 1)
		return hs;
	/* Run table: contiguous PFNs become one run. */
	size_t md = im->is64 ? 0x88 : 0x64, rs = im->is64 ? 16 : 8;
	size_t r0 = md + (im->is64 ? 16 : 8), nr = 0;
	for (size_t i = 0; i < im->n; nr++) {
		size_t j = i + 1;
		while (j < im->n && pfns[j] == pfns[j - 1] + 1)
			j++;
		uint8_t *r = h + r0 + nr * rs;
		if (im->is64) {
			le_put64(r, pfns[i]);
			le_put64(r + 8, j - i);
		} else {
			le_put32(r, (uint32_t)pfns[i]);
			le_put32(r + 4, (uint32_t)(j - i));
		}
		i = j;
	}
	le_put32(h + md, (uint32_t)nr);
	if (im->is64)
		le_put64(h + md + 8, im->n);
	else
		le_put32(h + md + 4, (uint32_t)im->n);
	return hs;
}

static int write_image(struct image *im, const char *dir, const char *name)
{
	uint64_t pfns[MAX_PAGES];
	char path[4096];

	memcpy(pfns, im->pfn, im->n * sizeof(pfns[0]));
	qsort(pfns, im->n, sizeof(pfns[0]), cmp_u64);
	size_t hs = im->is64 ? 0x2000 : 0x1000;
	size_t bm_bits = (size_t)pfns[im->n - 1] + 1;
	size_t bm_hdr = im->dump_type == 1 ? 0 :
			((0x38 + (bm_bits + 7) / 8 + PAGE - 1) / PAGE) * PAGE;
	size_t size = hs + bm_hdr + im->n * PAGE;
	uint8_t *f = calloc(1, size);
	if (!f)
		return -1;
	write_header(im, f, pfns, size);
	if (bm_hdr) {
		uint8_t *b = f + hs;
		memcpy(b, "FDMP", 4);
		memcpy(b + 4, "DUMP", 4);
		le_put64(b + 0x20, hs + bm_hdr);	/* first page */
		le_put64(b + 0x28, im->n);
		le_put64(b + 0x30, bm_bits);
		for (size_t i = 0; i < im->n; i++)
			b[0x38 + pfns[i] / 8] |= (uint8_t)(1u << (pfns[i] % 8));
	}
	for (size_t i = 0; i < im->n; i++) {
		const uint8_t *src = NULL;
		for (size_t k = 0; k < im->n; k++)
			if (im->pfn[k] == pfns[i])
				src = im->data[k];
		memcpy(f + hs + bm_hdr + i * PAGE, src, PAGE);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	FILE *out = fopen(path, "wb");
	int rc = out && fwrite(f, 1, size, out) == size ? 0 : -1;
	if (out && fclose(out) != 0)
		rc = -1;
	free(f);
	if (rc < 0)
		fprintf(stderr, "pw-mksamples: %s: %s\n", path, strerror(errno));
	return rc;
}

/* ---- the seed story, PAE (Windows 7 SP1, 32-bit PAE kernel) ---------- */
#define PAE_CR3 0x7f2124c0u	/* seed: DirBase 7f2124c0 */
#define PAE_PD0 0x71b11000u	/* the seed's PDPTE 0 = 71b11801 */
#define PAE_PT 0x6a1a6000u	/* seed: PDE contains 6A1A6867 */

/* map_va(im, root, va, user) maps the page of va through the tables
 * from root (new tables and a new frame from next_frame, writable;
 * kernel pages global and no-execute on x64, user pages with the User
 * bit) and returns the PA of va.  x64: four levels of 9 bits; PAE: the
 * 2-bit PDPT (whose PD2, 80000000-bfffffff, every process shares), then
 * 9 + 9; 32-bit: 10 + 10. */
static uint64_t map_va(struct image *im, uint64_t root, uint64_t va, bool user)
{
	static const unsigned x64[] = { 39, 30, 21, 12 }, pae[] = { 30, 21, 12 },
			      x86[] = { 22, 12 };
	const unsigned *sh = im->is64 ? x64 : im->pae ? pae : x86;
	unsigned n = im->is64 ? 4 : im->pae ? 3 : 2;
	bool wide = im->is64 || im->pae;
	uint64_t t = root;

	for (unsigned l = 0; l < n; l++) {
		unsigned bits = im->pae && l == 0 ? 2 : wide ? 9 : 10;
		unsigned idx = (unsigned)(va >> sh[l]) & ((1u << bits) - 1);
		uint64_t e = wide ? get64(im, t + 8u * idx) : get32(im, t + 4u * idx);
		if (!(e & 1)) {
			e = im->next_frame | (user ? 0x67 : sh[l] > 12 ? 0x63 :
					      im->is64 ? 0x8000000000000163ull :
					      0x163);
			im->next_frame += PAGE;
			entry(im, t, idx, e);
		}
		t = e & 0x000ffffffffff000ull;
	}
	return t + (va & 0xfff);
}

/* Kernel memory: the page of kernel VA va through the image's own
 * tables (cr3). */
static uint64_t kva(struct image *im, uint64_t va)
{
	return map_va(im, im->cr3, va, false);
}

static void kput32(struct image *im, uint64_t va, uint32_t v)
{
	put32(im, kva(im, va), v);
}

/* The members the 32-bit images carry, per build (doc/WINDOWS.md,
 * "Layouts"; the writer's own copy, as kbuild below for x64): Windows 7
 * SP1, whose MMADDRESS_NODEs hang under an MM_AVL_TABLE, and Windows 10
 * 1809, whose RTL_BALANCED_NODEs hang under an RTL_AVL_TREE.  KPROCESS
 * DirectoryTableBase is at +0x18 in both. */
#define EP_DTB 0x18

struct kbuild32 {
	const char *file;	/* the image --builds writes (the first: the seed samples) */
	uint32_t build;
	uint16_t pid, links, ppid, peb, session, object_table, image,
		 vad_root, handle_count;	/* handle_count 0: none */
	/* the VAD tree: an MM_AVL_TABLE (Windows 7 and 8) whose count word
	 * is at this offset, or 0: an RTL_AVL_TREE */
	uint8_t avl_count;
	/* MMVAD: nodes this far apart, VadFlags, VadFlags1 (0: none) and
	 * Subsection at these offsets; VadFlags' members at these bits */
	uint8_t vad_stride, vad_flags, vad_flags1, vad_subsection;
	uint8_t vf_type, vf_prot, vf_private;
	/* MMPFN (0x1c bytes with PAE) */
	uint8_t pfn_flink, pfn_share, pfn_pte, pfn_refs, pfn_orig, pfn_u4;
};

static const struct kbuild32 kbuilds32[] = {
	{ "seed-pae-*.dmp", 7601, 0xb4, 0xb8, 0x140, 0x1a8, 0x168, 0xf4,
	  0x16c, 0x278, 0x30, 0x14, 0x28, 0x14, 0, 0x24, 20, 24, 31,
	  0x0, 0x4, 0x8, 0xc, 0x10, 0x18 },
	{ "win-9200-x86.dmp", 9200, 0xb4, 0xb8, 0x134, 0x140, 0x144, 0x150,
	  0x170, 0x274, 0, 0xc, 0x50, 0x18, 0x1c, 0x2c, 0, 3, 15,
	  0x0, 0x4, 0x8, 0xc, 0x10, 0x18 },
	{ "win-9600-x86.dmp", 9600, 0xb4, 0xb8, 0x134, 0x140, 0x144, 0x150,
	  0x170, 0x274, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 0, 3, 15,
	  0x0, 0x4, 0x8, 0xc, 0x10, 0x18 },
	{ "win-10240-x86.dmp", 10240, 0xb4, 0xb8, 0x138, 0x144, 0x148, 0x154,
	  0x170, 0x284, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 0, 3, 15,
	  0x0, 0x10, 0x4, 0x14, 0x8, 0x18 },
	{ "win-10586-x86.dmp", 10586, 0xb4, 0xb8, 0x138, 0x144, 0x148, 0x154,
	  0x174, 0x284, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 0, 3, 15,
	  0x0, 0x10, 0x4, 0x14, 0x8, 0x18 },
	{ "win-14393-x86.dmp", 14393, 0xb4, 0xb8, 0x138, 0x144, 0x148, 0x154,
	  0x174, 0x28c, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 0, 3, 15,
	  0x0, 0x10, 0x4, 0x14, 0x8, 0x18 },
	{ "win-16299-x86.dmp", 16299, 0xb4, 0xb8, 0x140, 0x14c, 0x150, 0x15c,
	  0x17c, 0x298, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 0, 3, 15,
	  0x0, 0x10, 0x4, 0x14, 0x8, 0x18 },
	{ "win-17763-x86.dmp", 17763, 0xb4, 0xb8, 0x140, 0x14c, 0x150, 0x15c,
	  0x17c, 0x29c, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 0, 3, 14,
	  0x0, 0x10, 0x4, 0x14, 0x8, 0x18 },
	{ "win-18363-x86.dmp", 18363, 0xb4, 0xb8, 0x140, 0x14c, 0x150, 0x15c,
	  0x17c, 0x310, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 4, 7, 20,
	  0x0, 0x10, 0x4, 0x14, 0x8, 0x18 },
	{ "win-19041-x86.dmp", 19041, 0xe4, 0xe8, 0x170, 0x17c, 0x180, 0x18c,
	  0x1ac, 0x350, 0, 0, 0x50, 0x1c, 0x20, 0x2c, 4, 7, 20,
	  0x0, 0x10, 0x4, 0x14, 0x8, 0x18 },
};

struct seed_proc {
	uint32_t eprocess, pid, ppid, dtb, peb, object_table, handles,
		 session;
	const char *image;
};

/* The process list of the PAE seed: System, smss, explorer and the seed's
 * pagefault.exe ("PROCESS 86346318  SessionId: 1  Cid: 0880  Peb:
 * 7ffd5000  ParentCid: 0e18 / DirBase: 7f2124c0  ObjectTable: 89cb2bf0
 * HandleCount: 7. / Image: pagefault.exe").  The other processes' PDPTs
 * share the seed's PDPT page (each 32 bytes). */
static const struct seed_proc pae_procs[] = {
	{ 0x8526e9e0, 0x4, 0x0, 0x7f212400, 0, 0x89cb2688, 0x221, 0,
	  "System" },
	{ 0x85d1e908, 0x110, 0x4, 0x7f212440, 0x7ffd8000, 0x89cb2a28, 0x1d, 0,
	  "smss.exe" },
	{ 0x86d1c030, 0xe18, 0xdd8, 0x7f212480, 0x7ffdf000, 0x89cb2860, 0x2e0,
	  0x8e1b3000, "explorer.exe" },
	{ 0x86346318, 0x880, 0xe18, PAE_CR3, 0x7ffd5000, 0x89cb2bf0, 0x7,
	  0x8e1b3000, "pagefault.exe" },
};

#define PAE_PROCESS_HEAD 0x82b7ae98u	/* PsActiveProcessHead */
#define PAE_PFN_DB 0x84000000u		/* MmPfnDatabase: MMPFN 0x1c bytes */
#define PAE_VADS 0x863c7008u		/* the pool page of the seed's VADs */

/* A VAD of the seed process: [start, end] pages, MMVAD_FLAGS members. */
struct seed_vad {
	uint64_t start, end;
	uint32_t commit, type, protection;
	bool mem_commit, private_mem;
};

#define PAE_FILES 0x863c8000u	/* a pool page: subsections, files */

/* A file's name in UTF-16 at kernel VA va. */
static void kname(struct image *im, uint64_t va, const char *name)
{
	for (size_t i = 0; name[i]; i++) {
		uint8_t c[2] = { (uint8_t)name[i], 0 };
		put_bytes(im, kva(im, va + 2 * i), c, 2);
	}
}

/* The chain from a mapped VAD to its file's name, 32-bit: a SUBSECTION
 * at at (ControlArea +0), its CONTROL_AREA at +0x40 (FilePointer +0x20,
 * an EX_FAST_REF: a count in the low 3 bits), the FILE_OBJECT at +0x80
 * (FileName +0x30: Length, MaximumLength, Buffer) and the name at
 * +0x100. */
static void pae_file(struct image *im, uint32_t slot, uint32_t at,
		     const char *name)
{
	uint16_t len = (uint16_t)(2 * strlen(name));

	kput32(im, slot, at);
	kput32(im, at, at + 0x40);
	kput32(im, at + 0x40 + 0x20, (at + 0x80) | 1);
	kput32(im, at + 0x80 + 0x30, len | (uint32_t)len << 16);
	kput32(im, at + 0x80 + 0x34, at + 0x100);
	kname(im, at + 0x100, name);
}

/* The seed process's seven VADs in address order make one balanced
 * tree in both images: the fourth (1f0, the reservation) at the root,
 * the second and sixth under it, the rest leaves; -1: none. */
static const int left[7] = { -1, 0, -1, 1, -1, 4, -1 },
		 right[7] = { -1, 2, -1, 5, -1, 6, -1 },
		 parent[7] = { 1, 3, 1, -1, 5, 3, 5 };

static void pae_vads(struct image *im, const struct kbuild32 *kb, int stage)
{
	/* pages in address order: a heap (committed at creation), a view of
	 * a section, the thread's stack (reserved, its top committed), the
	 * seed's 16 reserved pages (NO_ACCESS until committed one by one),
	 * the image, the PEB and the TEB */
	const struct seed_vad v[] = {
		{ 0x100, 0x101, 2, 0, 4, true, true },
		{ 0x102, 0x102, 0, 0, 1, false, false },
		{ 0x170, 0x17f, 4, 0, 4, false, true },
		{ 0x1f0, 0x1ff, stage == 1 ? 0 : stage == 2 ? 1 : 4, 0, 0x18,
		  false, true },
		{ 0x1140, 0x1147, 0, 2, 7, false, false },
		{ 0x7ffd5, 0x7ffd5, 1, 0, 4, true, true },
		{ 0x7ffdf, 0x7ffdf, 1, 0, 4, true, true },
	};
	uint32_t ep = pae_procs[3].eprocess;
#define NODE(i) (PAE_VADS + (uint32_t)kb->vad_stride * (uint32_t)(i))
	for (int i = 0; i < 7; i++) {
		uint32_t node = NODE(i);
		uint32_t l = left[i] < 0 ? 0 : NODE(left[i]),
			 r = right[i] < 0 ? 0 : NODE(right[i]);
		if (kb->avl_count) {
			/* MMADDRESS_NODE (7), MM_AVL_NODE (8): Parent (the
			 * root's: the table's BalancedRoot), LeftChild,
			 * RightChild */
			kput32(im, node, parent[i] < 0 ? ep + kb->vad_root :
			       NODE(parent[i]));
			kput32(im, node + 4, l);
			kput32(im, node + 8, r);
		} else {
			/* RTL_BALANCED_NODE: Left, Right, ParentValue */
			kput32(im, node, l);
			kput32(im, node + 4, r);
			kput32(im, node + 8, parent[i] < 0 ? 0 : NODE(parent[i]));
		}
		kput32(im, node + 0xc, (uint32_t)v[i].start);
		kput32(im, node + 0x10, (uint32_t)v[i].end);
		if (kb->vad_flags1) {
			/* VadFlags; VadFlags1: CommitCharge:31 MemCommit:1 */
			kput32(im, node + kb->vad_flags, v[i].type << kb->vf_type |
			       v[i].protection << kb->vf_prot |
			       (uint32_t)v[i].private_mem << kb->vf_private);
			kput32(im, node + kb->vad_flags1, v[i].commit |
			       (uint32_t)v[i].mem_commit << 31);
		} else {
			/* CommitCharge:19 NoChange:1 VadType:3 MemCommit:1
			 * Protection:5 Spare:2 PrivateMemory:1 */
			kput32(im, node + kb->vad_flags, v[i].commit |
			       v[i].type << kb->vf_type |
			       (uint32_t)v[i].mem_commit << 23 |
			       v[i].protection << kb->vf_prot |
			       (uint32_t)v[i].private_mem << kb->vf_private);
		}
	}
	/* the section view and the image: MMVAD.Subsection -> SUBSECTION ->
	 * CONTROL_AREA -> FILE_OBJECT and its name */
	pae_file(im, NODE(1) + kb->vad_subsection, PAE_FILES,
		 "\\Windows\\Fonts\\StaticCache.dat");
	pae_file(im, NODE(4) + kb->vad_subsection, PAE_FILES + 0x200,
		 "\\Users\\student\\pagefault.exe");
	if (kb->avl_count) {
		/* BalancedRoot.RightChild; DepthOfTree:5, TableType:3,
		 * NumberGenericTableElements: 7 nodes, depth 3 */
		kput32(im, ep + kb->vad_root + 8, NODE(3));
		kput32(im, ep + kb->vad_root + kb->avl_count, 7u << 8 | 3);
	} else {
		kput32(im, ep + kb->vad_root, NODE(3));	/* Root */
	}
#undef NODE
}

/* MMPFN (PAE: 0x1c bytes) of frame pfn. */
static void pae_pfn(struct image *im, const struct kbuild32 *kb, uint32_t pfn,
		    uint32_t flink, uint32_t share, uint32_t pte, uint16_t refs,
		    uint8_t e1, uint8_t prio, uint64_t orig, uint32_t frame)
{
	uint32_t at = PAE_PFN_DB + pfn * 0x1cu;
	uint64_t pa = kva(im, at);

	put32(im, pa + kb->pfn_flink, flink);	/* u1: Flink / WsIndex */
	put32(im, pa + kb->pfn_share, share);	/* u2: Blink / ShareCount */
	put32(im, pa + kb->pfn_pte, pte);	/* PteAddress */
	uint8_t u3[4] = { (uint8_t)refs, (uint8_t)(refs >> 8), e1, prio };
	put_bytes(im, pa + kb->pfn_refs, u3, 4);	/* ReferenceCount, e1 */
	put64(im, pa + kb->pfn_orig, orig);	/* OriginalPte */
	put32(im, pa + kb->pfn_u4, frame);	/* u4: PteFrame, color 0 */
}

/* Process i of the 32-bit list (head -> System -> smss -> explorer ->
 * pagefault): its EPROCESS with kb's offsets and dtb as its
 * DirectoryTableBase; the last one also closes the list at the head. */
static void proc32(struct image *im, const struct kbuild32 *kb, size_t i,
		   uint32_t dtb)
{
	size_t n = sizeof(pae_procs) / sizeof(pae_procs[0]);
	const struct seed_proc *p = &pae_procs[i];
	uint32_t prev = i ? pae_procs[i - 1].eprocess + kb->links :
			PAE_PROCESS_HEAD;
	uint32_t next = i + 1 < n ? pae_procs[i + 1].eprocess + kb->links :
			PAE_PROCESS_HEAD;

	kput32(im, p->eprocess + EP_DTB, dtb);
	kput32(im, p->eprocess + kb->pid, p->pid);
	kput32(im, p->eprocess + kb->links, next);
	kput32(im, p->eprocess + kb->links + 4, prev);
	kput32(im, p->eprocess + kb->ppid, p->ppid);
	kput32(im, p->eprocess + kb->peb, p->peb);
	kput32(im, p->eprocess + kb->object_table, p->object_table);
	kput32(im, p->eprocess + kb->session, p->session);
	put_bytes(im, kva(im, p->eprocess + kb->image), p->image,
		  strlen(p->image));
	/* HANDLE_TABLE.HandleCount */
	if (kb->handle_count)
		kput32(im, p->object_table + kb->handle_count, p->handles);
}

/* The list's head, after every process is written, and the session. */
static void procs32_head(struct image *im, const struct kbuild32 *kb)
{
	size_t n = sizeof(pae_procs) / sizeof(pae_procs[0]);

	kput32(im, PAE_PROCESS_HEAD, pae_procs[0].eprocess + kb->links);
	kput32(im, PAE_PROCESS_HEAD + 4, pae_procs[n - 1].eprocess + kb->links);
	kput32(im, 0x8e1b3000 + 8, 1);	/* MM_SESSION_SPACE.SessionId */
}

static void pae_kernel(struct image *im, const struct kbuild32 *kb, int stage)
{
	im->next_frame = 0x7f302000;	/* above every frame of the story */
	im->process_head = PAE_PROCESS_HEAD;
	im->pfn_db = PAE_PFN_DB;
	/* one empty page directory for the other processes' user halves */
	uint64_t empty = im->next_frame;
	im->next_frame += PAGE;
	page_of(im, empty);
	/* the process list: head -> System -> smss -> explorer -> pagefault */
	size_t n = sizeof(pae_procs) / sizeof(pae_procs[0]);
	for (size_t i = 0; i < n; i++) {
		const struct seed_proc *p = &pae_procs[i];
		proc32(im, kb, i, p->dtb);
		if (p->dtb != PAE_CR3) {
			/* its PDPT: user PDs empty, the shared kernel PD2, and
			 * its own PD3 whose entries 0-3 map its PDs (the
			 * self-map) */
			uint64_t pd3 = im->next_frame;
			im->next_frame += PAGE;
			uint64_t pds[4] = { empty, empty, PAE_PD0 + 2 * PAGE, pd3 };
			for (unsigned k = 0; k < 4; k++) {
				put64(im, p->dtb + 8 * k, pds[k] | 0x801);
				entry(im, pd3, k, pds[k] | 0x63);
			}
		}
	}
	procs32_head(im, kb);
	pae_vads(im, kb, stage);
	/* the PFN database: the page table (its frame: the seed's
	 * "containing page 06A1A6"), and, once touched, the seed's two
	 * pages ("PFN 00069FC8 at address 84B979E0 ... pteaddress C0000F80
	 * ... Cached color 0 Priority 5 / restore pte 00000080 containing
	 * page 06A1A6 Active M / Modified"); before that they are zeroed */
	pae_pfn(im, kb, 0x6a1a6, 0, stage == 3 ? 7 : 5, 0xc0600000, 1, 0x56, 5,
		0x80, 0x71b11);
	for (uint32_t i = 0; i < 2; i++) {
		uint32_t pfn = i ? 0x69c49 : 0x69fc8;
		if (stage == 3)
			pae_pfn(im, kb, pfn, 0x157 + i, 1, 0xc0000f80 + 8 * i, 1, 0x56, 5,
				0x80, 0x6a1a6);
		else
			pae_pfn(im, kb, pfn, 0, 0, 0, 0, 0x40, 5, 0, 0);
	}
}

static void seed_pae(struct image *im, const struct kbuild32 *kb, int stage)
{
	/* the thread of pagefault.exe, writing its first 'a' (stage 1: the
	 * access violation at the reserved page, the seed's "r @cr2") */
	*im = (struct image){ .pae = true, .cr3 = PAE_CR3, .major = 0xf,
			      .minor = kb->build, .dump_type = 1, .ip = 0x01141a2c,
			      .sp = 0x17fd40, .bp = 0x17fd8c, .ax = 0x1f0000,
			      .av = stage == 1 ? 0x1f0000 : 0 };
	/* PDPT (32 bytes at CR3): four page directories, PD0..PD3. */
	for (unsigned i = 0; i < 4; i++)
		entry(im, PAE_CR3, i, (PAE_PD0 + i * PAGE) | 0x801);
	/* PD3 (0xC0000000-): entries 0-3 map PD0-PD3 as page tables, the
	 * self-map that puts PTEs at C0000000 and PDEs at C0600000. */
	for (unsigned i = 0; i < 4; i++)
		entry(im, PAE_PD0 + 3 * PAGE, i, (PAE_PD0 + i * PAGE) | 0x63);
	page_of(im, PAE_PD0 + 1 * PAGE);	/* PD1, PD2: empty but dumped */
	page_of(im, PAE_PD0 + 2 * PAGE);
	/* PD0 index 0 (VA 0-1fffff): the user page table, seed's PDE value. */
	entry(im, PAE_PD0, 0, 0x6A1A6867);
	/* PT index 17d-17f (VA 17d000-17ffff): the thread's stack, resident;
	 * 17c is its guard page (demand-zero, Protect 14 = Guard ReadWrite). */
	for (unsigned i = 0x17d; i <= 0x17f; i++)
		entry(im, PAE_PT, i, (0x6b000000ull + i * PAGE) | 0x8000000000000867ull);
	entry(im, PAE_PT, 0x17c, 0x14 << 5);
	fill(im, 0x6b17f000, 0x5a, 64);
	/* PT index 100 (VA 100000): a page on the standby list (transition,
	 * frame 6b100 still holds its bytes), 101: paged out to pagefile 1 at
	 * page offset 2a5, 102: a shared page via a prototype PTE, read-only.
	 * From 1809 PAE kernels keep the page-file number in bits 15:12 and
	 * a prototype's protection in 9:5 (before: 4:1 and 15:11). */
	bool pae1809 = kb->build >= 17763;
	entry(im, PAE_PT, 0x100, 0x6b100000ull | 0x800 | (4 << 5));
	fill(im, 0x6b100000, 0x74, 32);
	entry(im, PAE_PT, 0x101, (0x2a5ull << 32) | (pae1809 ? 1u << 12 : 1u << 1) |
	      (4 << 5));
	entry(im, PAE_PT, 0x102, (0x8f1c2468ull << 32) | 0x400 |
	      (pae1809 ? 1ull << 5 : 1ull << 11));
	/* The process object: seed's "PROCESS 86346318 ... DirBase:
	 * 7f2124c0".  PD2 index 31 (VA 86200000-863fffff) -> a kernel page
	 * table, its index 146 -> the EPROCESS page; KPROCESS
	 * DirectoryTableBase is at +0x18 on 32-bit Windows.  Frames above
	 * every other one, so the older pages keep their file offsets. */
	entry(im, PAE_PD0 + 2 * PAGE, 0x31, 0x7f300000u | 0x63);
	entry(im, 0x7f300000, 0x146, 0x7f301000u | 0x163);
	put32(im, 0x7f301000 + 0x318 + 0x18, PAE_CR3);
	/* PT index 1f0-1ff (VA 1f0000-1fffff): the 16 reserved pages.  A
	 * reserved page has PTE 0; committing writes 0x80 (DemandZero,
	 * Protect 4); the first touch makes it valid. */
	if (stage == 2)
		entry(im, PAE_PT, 0x1f0, 0x80);
	if (stage == 3) {
		/* seed: contains 8000000069FC8867, pfn 69fc8 ---DA--UW-V */
		entry(im, PAE_PT, 0x1f0, 0x8000000069FC8867ull);
		fill(im, 0x69fc8000, 'a', PAGE);
		/* seed: next page, contains 8000000069C49867, one 'a' */
		entry(im, PAE_PT, 0x1f1, 0x8000000069C49867ull);
		fill(im, 0x69c49000, 'a', 1);
		/* two more pages committed, not touched yet */
		entry(im, PAE_PT, 0x1f2, 0x80);
		entry(im, PAE_PT, 0x1f3, 0x80);
	}
	pae_kernel(im, kb, stage);
}

/* ---- Windows x64 kernels: processes, VADs, the PFN database ---------- */

/* The members the x64 images carry, per build: the writer's own copy of
 * the facts in doc/WINDOWS.md ("Layouts"), so that a wrong offset on the
 * reader's side (os/windows.c) or here shows in the tests. */
/* MMVAD_SHORT: an MMADDRESS_NODE with 64-bit VPNs and flags (7); an
 * MM_AVL_NODE with 32-bit VPNs (8 TB of user space), VadFlags +0x28 and
 * VadFlags1 +0x2c (8); an RTL_BALANCED_NODE with VPN High bytes, VadFlags
 * +0x30 and VadFlags1 +0x34 (8.1 on).  The first two hang under an
 * MM_AVL_TABLE, the last under an RTL_AVL_TREE. */
enum vad_shape { VADS_7, VADS_8, VADS_81 };

struct kbuild {
	const char *file;	/* the image --builds writes */
	uint32_t build;
	uint16_t pid, links, ppid, peb, session, object_table, image,
		 vad_root, handle_count;	/* handle_count 0: none */
	enum vad_shape shape;
	uint8_t vf_type, vf_prot, vf_private, vf_memcommit, commit_bits;
	bool memcommit_in_flags1;
	/* MMPFN (size 0: not written) */
	uint8_t pfn_size, pfn_flink, pfn_blink, pfn_pte, pfn_refs, pfn_orig,
		pfn_u4;
	/* PEB.SessionId, written where the kernel's session structure is
	 * opaque (24H2); 0: not written */
	uint16_t peb_session;
};

static const struct kbuild kbuilds[] = {
	{ "win-7601-x64.dmp", 7601, 0x180, 0x188, 0x290, 0x338, 0x2d8, 0x200,
	  0x2e0, 0x448, 0x58, VADS_7, 52, 56, 63, 55, 51, false,
	  0x30, 0x0, 0x8, 0x10, 0x18, 0x20, 0x28, 0 },
	{ "win-17763-x64.dmp", 17763, 0x2e0, 0x2e8, 0x3e0, 0x3f8, 0x400, 0x418,
	  0x450, 0x628, 0, VADS_81, 0, 3, 14, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-19041-x64.dmp", 19041, 0x440, 0x448, 0x540, 0x550, 0x558, 0x570,
	  0x5a8, 0x7d8, 0, VADS_81, 4, 7, 20, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-26100-x64.dmp", 26100, 0x1d0, 0x1d8, 0x2d0, 0x2e0, 0x2e8, 0x300,
	  0x338, 0x558, 0, VADS_81, 4, 7, 21, 25, 32, false,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0x2c0 },
	/* --builds only, after the rows the samples use */
	{ "win-9200-x64.dmp", 9200, 0x2e0, 0x2e8, 0x3d0, 0x3e8, 0x3f0, 0x408,
	  0x438, 0x590, 0, VADS_8, 0, 3, 15, 31, 31, true,
	  0x30, 0x0, 0x8, 0x10, 0x18, 0x20, 0x28, 0 },
	{ "win-9600-x64.dmp", 9600, 0x2e0, 0x2e8, 0x3d0, 0x3e8, 0x3f0, 0x408,
	  0x438, 0x5d8, 0, VADS_81, 0, 3, 15, 31, 31, true,
	  0x30, 0x0, 0x8, 0x10, 0x18, 0x20, 0x28, 0 },
	{ "win-10240-x64.dmp", 10240, 0x2e8, 0x2f0, 0x3e0, 0x3f8, 0x400, 0x418,
	  0x448, 0x608, 0, VADS_81, 0, 3, 15, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-10586-x64.dmp", 10586, 0x2e8, 0x2f0, 0x3e0, 0x3f8, 0x400, 0x418,
	  0x450, 0x610, 0, VADS_81, 0, 3, 15, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-14393-x64.dmp", 14393, 0x2e8, 0x2f0, 0x3e0, 0x3f8, 0x400, 0x418,
	  0x450, 0x620, 0, VADS_81, 0, 3, 15, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-16299-x64.dmp", 16299, 0x2e0, 0x2e8, 0x3e0, 0x3f8, 0x400, 0x418,
	  0x450, 0x628, 0, VADS_81, 0, 3, 15, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-18363-x64.dmp", 18363, 0x2e8, 0x2f0, 0x3e8, 0x3f8, 0x400, 0x418,
	  0x450, 0x658, 0, VADS_81, 4, 7, 20, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-22000-x64.dmp", 22000, 0x440, 0x448, 0x540, 0x550, 0x558, 0x570,
	  0x5a8, 0x7d8, 0, VADS_81, 4, 7, 21, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
	{ "win-22621-x64.dmp", 22621, 0x440, 0x448, 0x540, 0x550, 0x558, 0x570,
	  0x5a8, 0x7d8, 0, VADS_81, 4, 7, 21, 31, 31, true,
	  0x30, 0x0, 0x18, 0x8, 0x20, 0x10, 0x28, 0 },
};

#define X64_PML4 0x1aa000u
#define X64_PROCESS_HEAD 0xfffff8047a2fb0a0ull	/* PsActiveProcessHead */
#define X64_PFN_DB 0xffff8a8000000000ull		/* MmPfnDatabase */
#define X64_VADS 0xffffa88fc1e0e000ull		/* a pool page of MMVADs */
#define X64_SESSION 0xffffd58cd0a4c000ull	/* session 1 */

static void kput64(struct image *im, uint64_t va, uint64_t v)
{
	put64(im, kva(im, va), v);
}

static void kput32_64(struct image *im, uint64_t va, uint32_t v)
{
	put32(im, kva(im, va), v);
}

static void kput8(struct image *im, uint64_t va, uint8_t v)
{
	put_bytes(im, kva(im, va), &v, 1);
}

#define X64_FILES 0xffffa88fc1e0f000ull	/* subsections, files */

/* As pae_file, 64-bit: CONTROL_AREA.FilePointer +0x40 (a count in the
 * low 4 bits), FILE_OBJECT.FileName +0x58 (Buffer at +8). */
static void x64_file(struct image *im, uint64_t slot, uint64_t at,
		     const char *name)
{
	uint16_t len = (uint16_t)(2 * strlen(name));

	kput64(im, slot, at);
	kput64(im, at, at + 0x40);
	kput64(im, at + 0x40 + 0x40, (at + 0x80) | 3);
	kput32_64(im, at + 0x80 + 0x58, len | (uint32_t)len << 16);
	kput64(im, at + 0x80 + 0x60, at + 0x100);
	kname(im, at + 0x100, name);
}

/* The process list of the x64 images, the seed's pagefault.exe last (its
 * DirBase is the dump's). */
static const struct {
	uint64_t eprocess, pid, ppid, peb, object_table, session;
	uint32_t handles;
	const char *image;
} x64_procs[] = {
	{ 0xffffa88fc0e9c040ull, 0x4, 0x0, 0, 0xffffbe0cd2a04f00ull, 0,
	  0x7b2, "System" },
	{ 0xffffa88fc0e9e080ull, 0x1b8, 0x4, 0x5b2e5d2000ull,
	  0xffffbe0cd2a4c5c0ull, 0, 0x35, "smss.exe" },
	{ 0xffffa88fc0ea0080ull, 0x1134, 0x10b0, 0x9a8c1e000ull,
	  0xffffbe0cd2a4f0c0ull, X64_SESSION, 0x8b1, "explorer.exe" },
	{ 0xffffa88fc0ea2080ull, 0x880, 0x1134, 0x542f6e1000ull,
	  0xffffbe0cd2a4fbc0ull, X64_SESSION, 0x7, "pagefault.exe" },
};

/* The first page of the seed process's image: above 4 GiB of pages (a
 * VPN that needs the High bytes from 8.1 on), but below 8 TB on Windows
 * 8, whose VPNs are 32 bits. */
static uint64_t x64_image_vpn(const struct kbuild *kb)
{
	return kb->shape == VADS_8 ? 0x7f6a1140 : 0x7ff6a1140;
}

/* The seed process's VADs, as in the PAE image. */
static void x64_vads(struct image *im, const struct kbuild *kb, int stage)
{
	uint64_t image = x64_image_vpn(kb);
	const struct seed_vad v[] = {
		{ 0x100, 0x101, 2, 0, 4, true, true },
		{ 0x102, 0x102, 0, 0, 1, false, false },
		{ 0x170, 0x17f, 4, 0, 4, false, true },
		{ 0x1f0, 0x1ff, stage == 1 ? 0 : stage == 2 ? 1 : 4, 0, 0x18,
		  false, true },
		{ 0x542f6e1, 0x542f6e1, 1, 0, 4, true, true },
		{ 0x542f6e3, 0x542f6e4, 2, 0, 4, true, true },
		{ image, image + 7, 0, 2, 7, false, false },
	};
	uint64_t ep = x64_procs[3].eprocess, root = ep + kb->vad_root;
	for (int i = 0; i < 7; i++) {
		uint64_t node = X64_VADS + 0x80u * (uint64_t)i;
		uint64_t l = left[i] < 0 ? 0 : X64_VADS + 0x80u * (uint64_t)left[i];
		uint64_t r = right[i] < 0 ? 0 : X64_VADS + 0x80u * (uint64_t)right[i];
		uint64_t up = parent[i] < 0 ? 0 :
			      X64_VADS + 0x80u * (uint64_t)parent[i];
		if (kb->shape != VADS_81) {
			/* MMADDRESS_NODE, MM_AVL_NODE: Parent, LeftChild,
			 * RightChild */
			kput64(im, node, up ? up : root);
			kput64(im, node + 8, l);
			kput64(im, node + 0x10, r);
		} else {
			/* RTL_BALANCED_NODE: Left, Right, ParentValue */
			kput64(im, node, l);
			kput64(im, node + 8, r);
			kput64(im, node + 0x10, up);
		}
		if (kb->shape == VADS_7) {
			/* StartingVpn, EndingVpn, VadFlags (64 bits each) */
			kput64(im, node + 0x18, v[i].start);
			kput64(im, node + 0x20, v[i].end);
			kput64(im, node + 0x28, v[i].commit |
			       (uint64_t)v[i].type << kb->vf_type |
			       (uint64_t)v[i].mem_commit << kb->vf_memcommit |
			       (uint64_t)v[i].protection << kb->vf_prot |
			       (uint64_t)v[i].private_mem << kb->vf_private);
			continue;
		}
		/* the VPNs' low 32 bits, their High bytes (8.1 on),
		 * VadFlags, then the commit word */
		kput32_64(im, node + 0x18, (uint32_t)v[i].start);
		kput32_64(im, node + 0x1c, (uint32_t)v[i].end);
		if (kb->shape == VADS_81) {
			kput8(im, node + 0x20, (uint8_t)(v[i].start >> 32));
			kput8(im, node + 0x21, (uint8_t)(v[i].end >> 32));
		}
		uint32_t flags = v[i].type << kb->vf_type |
				 v[i].protection << kb->vf_prot |
				 (uint32_t)v[i].private_mem << kb->vf_private;
		uint32_t flags1 = v[i].commit;
		if (kb->memcommit_in_flags1)
			flags1 |= (uint32_t)v[i].mem_commit << kb->vf_memcommit;
		else
			flags |= (uint32_t)v[i].mem_commit << kb->vf_memcommit;
		uint64_t at = node + (kb->shape == VADS_8 ? 0x28 : 0x30);
		kput32_64(im, at, flags);
		kput32_64(im, at + 4, flags1);
	}
	/* the section view and the image: MMVAD.Subsection (+0x48) */
	x64_file(im, X64_VADS + 0x80u * 1 + 0x48, X64_FILES,
		 "\\Windows\\Fonts\\StaticCache.dat");
	x64_file(im, X64_VADS + 0x80u * 6 + 0x48, X64_FILES + 0x200,
		 "\\Users\\student\\pagefault.exe");
	/* MM_AVL_TABLE: the root is BalancedRoot.RightChild (+0x10);
	 * RTL_AVL_TREE: Root (+0) */
	kput64(im, root + (kb->shape != VADS_81 ? 0x10 : 0), X64_VADS + 0x80u * 3);
}

/* MMPFN of frame pfn. */
static void x64_pfn(struct image *im, const struct kbuild *kb, uint64_t pfn,
		    uint64_t flink, uint64_t share, uint64_t pte, uint8_t e1,
		    uint64_t frame)
{
	uint64_t at = X64_PFN_DB + pfn * kb->pfn_size;

	kput64(im, at + kb->pfn_flink, flink);
	kput64(im, at + kb->pfn_blink, share);
	kput64(im, at + kb->pfn_pte, pte);
	uint8_t u3[4] = { 1, 0, e1, 5 };	/* ReferenceCount 1, Priority 5 */
	put_bytes(im, kva(im, at + kb->pfn_refs), u3, 4);
	kput64(im, at + kb->pfn_orig, 0x80);	/* restore pte: DemandZero RW */
	kput64(im, at + kb->pfn_u4, frame);	/* PteFrame, colour 0 */
}

/* The kernel of an x64 image: the process list (each process its own
 * PML4 sharing the kernel half, self-mapped at the same index), the seed
 * process's VADs and, where the build's MMPFN is known, the PFN entries
 * of the seed's pages and of their page table. */
static void x64_kernel(struct image *im, const struct kbuild *kb,
		       unsigned self, int stage)
{
	size_t n = sizeof(x64_procs) / sizeof(x64_procs[0]);
	uint64_t dtb[4];

	im->next_frame = 0x3000000;	/* above every frame of the story */
	im->process_head = X64_PROCESS_HEAD;
	for (size_t i = 0; i < n; i++) {
		dtb[i] = i + 1 == n ? X64_PML4 : im->next_frame;
		if (i + 1 < n)
			im->next_frame += PAGE;
	}
	for (size_t i = 0; i < n; i++) {
		uint64_t ep = x64_procs[i].eprocess;
		uint64_t prev = i ? x64_procs[i - 1].eprocess + kb->links :
				X64_PROCESS_HEAD;
		uint64_t next = i + 1 < n ? x64_procs[i + 1].eprocess + kb->links :
				X64_PROCESS_HEAD;
		kput64(im, ep + 0x28, dtb[i]);	/* KPROCESS.DirectoryTableBase */
		kput64(im, ep + kb->pid, x64_procs[i].pid);
		kput64(im, ep + kb->links, next);
		kput64(im, ep + kb->links + 8, prev);
		kput64(im, ep + kb->ppid, x64_procs[i].ppid);
		kput64(im, ep + kb->peb, x64_procs[i].peb);
		kput64(im, ep + kb->object_table, x64_procs[i].object_table);
		kput64(im, ep + kb->session, x64_procs[i].session);
		const char *name = x64_procs[i].image;
		for (size_t k = 0; name[k]; k++)
			kput8(im, ep + kb->image + k, (uint8_t)name[k]);
		if (kb->handle_count)
			kput32_64(im, x64_procs[i].object_table + kb->handle_count,
				  x64_procs[i].handles);
	}
	kput64(im, X64_PROCESS_HEAD, x64_procs[0].eprocess + kb->links);
	kput64(im, X64_PROCESS_HEAD + 8, x64_procs[n - 1].eprocess + kb->links);
	kput32_64(im, X64_SESSION + 8, 1);	/* MM_SESSION_SPACE.SessionId */
	x64_vads(im, kb, stage);
	if (kb->pfn_size) {
		/* PTEs of the self-map: PTE of va at base + (va >> 12) * 8,
		 * the PDE of va at base + (self << 30) + (va >> 21) * 8 */
		uint64_t base = 0xffff000000000000ull | (uint64_t)self << 39;
		im->pfn_db = X64_PFN_DB;
		x64_pfn(im, kb, 0x1ad, 0, stage == 3 ? 7 : 5,
			base + ((uint64_t)self << 30), 0x56, 0x1ac);
		for (unsigned i = 0; i < 2; i++) {
			uint64_t pfn = i ? 0x2c49 : 0x2fc8;
			if (stage == 3)
				x64_pfn(im, kb, pfn, 0x157 + i, 1,
					base + (0x1f0 + i) * 8, 0x56, 0x1ad);
			else
				x64_pfn(im, kb, pfn, 0, 0, 0, 0x40, 0);
		}
	}
	/* the other processes' PML4s: the kernel half shared, the self-map
	 * entry their own (last: the kernel writes above made the half) */
	for (size_t i = 0; i + 1 < n; i++) {
		page_of(im, dtb[i]);
		for (unsigned k = 256; k < 512; k++) {
			uint64_t e = get64(im, X64_PML4 + 8 * k);
			if (k == self)
				e = 0x8000000000000063ull | dtb[i];
			if (e)
				entry(im, dtb[i], k, e);
		}
	}
	/* the PEBs of the processes in session 1, user pages of their own
	 * tables, with their SessionId */
	for (size_t i = 0; kb->peb_session && i < n; i++)
		if (x64_procs[i].session)
			put32(im, map_va(im, dtb[i], x64_procs[i].peb +
					 kb->peb_session, true), 1);
}

/* ---- the same story, x64 (Windows 10 2004), bitmap dump -------------- */
#define X64_SELF 0x1b3u		/* not the classic 1ed: found, not assumed */

static void x64_story(struct image *im, const struct kbuild *kb,
		      unsigned self, int stage)
{
	*im = (struct image){ .is64 = true, .cr3 = X64_PML4, .major = 0xf,
			      .minor = kb->build, .dump_type = 5,
			      .ip = x64_image_vpn(kb) << 12 | 0x1a2c, .sp = 0x17fd40, .bp = 0x17fd8c,
			      .ax = 0x1f0000, .av = stage == 1 ? 0x1f0000 : 0 };
	/* PML4 index self: points at the PML4 itself (the self-map). */
	entry(im, X64_PML4, self, 0x8000000000000063ull | X64_PML4);
	/* PML4 0 -> PDPT 1ab000, PDPT 0 -> PD 1ac000, PD 0 -> PT 1ad000. */
	entry(im, X64_PML4, 0, 0x1ab867);
	entry(im, 0x1ab000, 0, 0x1ac867);
	entry(im, 0x1ac000, 0, 0x1ad867);
	page_of(im, 0x1ad000);	/* the PT exists even while all PTEs are 0 */
	/* PT 1f0-1ff: the 16 reserved pages (as in the PAE image). */
	if (stage == 2)
		entry(im, 0x1ad000, 0x1f0, 0x80);
	if (stage == 3) {
		entry(im, 0x1ad000, 0x1f0, 0x8000000002FC8867ull);
		fill(im, 0x2fc8000, 'a', PAGE);
		entry(im, 0x1ad000, 0x1f1, 0x8000000002C49867ull);
		fill(im, 0x2c49000, 'a', 1);
		entry(im, 0x1ad000, 0x1f2, 0x80);
		entry(im, 0x1ad000, 0x1f3, 0x80);
	}
	x64_kernel(im, kb, self, stage);
}

static void seed_x64(struct image *im, int stage)
{
	x64_story(im, &kbuilds[2], X64_SELF, stage);
}

/* ---- the same story, 32-bit non-PAE (Windows XP) --------------------- */
#define X86_PD 0x3f2000u

/* MMPFN of the non-PAE kernel (0x18 bytes: its OriginalPte is 4). */
static void x86_pfn(struct image *im, uint32_t pfn, uint32_t flink,
		    uint32_t share, uint32_t pte, uint8_t e1, uint32_t frame)
{
	uint32_t at = PAE_PFN_DB + pfn * 0x18u;

	kput32(im, at, flink);
	kput32(im, at + 4, share);
	kput32(im, at + 8, pte);
	uint8_t u3[4] = { 1, 0, e1, 5 };
	put_bytes(im, kva(im, at + 0xc), u3, 4);
	kput32(im, at + 0x10, 0x80);
	kput32(im, at + 0x14, frame);
}

/* The PAE image's kernel (processes, VADs, files) on Windows 7's non-PAE
 * kernel: the same EPROCESS (its PageDirectoryPte is 8 bytes either
 * way), page-aligned page directories, the 0x18-byte MMPFN. For
 * --builds: the x86 row's other MMPFN. */
static void x86_kernel(struct image *im)
{
	const struct kbuild32 *kb = &kbuilds32[0];	/* Windows 7 SP1 */
	size_t n = sizeof(pae_procs) / sizeof(pae_procs[0]);
	uint64_t dtb[4];

	im->next_frame = 0x7f302000;
	im->process_head = PAE_PROCESS_HEAD;
	im->pfn_db = PAE_PFN_DB;
	for (size_t i = 0; i < n; i++) {
		dtb[i] = i + 1 == n ? X86_PD : im->next_frame;
		if (i + 1 < n)
			im->next_frame += PAGE;
	}
	for (size_t i = 0; i < n; i++)
		proc32(im, kb, i, (uint32_t)dtb[i]);
	procs32_head(im, kb);
	pae_vads(im, kb, 3);
	/* the touched pages and their table: PTEs at C0000000 + (va >> 12)
	 * * 4, the table's own at C0300000 + (va >> 22) * 4 */
	x86_pfn(im, 0x6a1a, 0, 7, 0xc0300000, 0x56, X86_PD >> 12);
	x86_pfn(im, 0x69fc, 0x157, 1, 0xc00007c0, 0x56, 0x6a1a);
	x86_pfn(im, 0x69c4, 0x158, 1, 0xc00007c4, 0x56, 0x6a1a);
	/* the other processes' PDs: the kernel half shared, the self-map
	 * entry (index 0x300) their own */
	for (size_t i = 0; i + 1 < n; i++) {
		page_of(im, dtb[i]);
		for (unsigned k = 0x200; k < 0x400; k++) {
			uint32_t e = get32(im, X86_PD + 4 * k);
			if (k == 0x300)
				e = (uint32_t)dtb[i] | 0x63;
			if (e)
				entry(im, dtb[i], k, e);
		}
	}
}

static void seed_x86(struct image *im, int stage)
{
	*im = (struct image){ .cr3 = X86_PD, .major = 0xf, .minor = 2600,
			      .dump_type = 1 };
	/* PD index 300 (VA C0000000): the PD maps itself (PTEs at C0000000,
	 * PDEs at C0300000). */
	entry(im, X86_PD, 0x300, X86_PD | 0x63);
	/* PD index 0 -> PT 06a1a000 */
	entry(im, X86_PD, 0, 0x06A1A867);
	page_of(im, 0x06a1a000);	/* the PT exists even while all PTEs are 0 */
	if (stage == 2)
		entry(im, 0x06a1a000, 0x1f0, 0x80);
	if (stage == 3) {
		entry(im, 0x06a1a000, 0x1f0, 0x069FC867);
		fill(im, 0x069fc000, 'a', PAGE);
		entry(im, 0x06a1a000, 0x1f1, 0x069C4867);
		fill(im, 0x069c4000, 'a', 1);
		entry(im, 0x06a1a000, 0x1f2, 0x80);
		entry(im, 0x06a1a000, 0x1f3, 0x80);
	}
}

/* ---- large pages: x64 (2 MiB, 1 GiB) and x86 (4 MiB, PSE-36) --------- */
static void large_x64(struct image *im)
{
	*im = (struct image){ .is64 = true, .cr3 = 0x100000, .major = 0xf,
			      .minor = 19041, .dump_type = 1 };
	entry(im, 0x100000, 0x1ed, 0x8000000000100063ull);	/* self-map */
	/* PML4 0 -> PDPT 101000 */
	entry(im, 0x100000, 0, 0x101067);
	/* PDPT 0 -> PD 102000; PDPT 1 (VA 40000000): a 1 GiB page at PA
	 * 40000000 (PS, global, NX). */
	entry(im, 0x101000, 0, 0x102067);
	entry(im, 0x101000, 1, 0x80000000400001E3ull);
	fill(im, 0x40000000, 'G', PAGE);
	/* PD 1 (VA 200000): a 2 MiB page at PA 400000, user, writable. */
	entry(im, 0x102000, 1, 0x4000E7);
	fill(im, 0x400000, 'M', PAGE);
	/* PD 2 (VA 400000) -> PT 103000 with one 4 KiB page. */
	entry(im, 0x102000, 2, 0x103067);
	entry(im, 0x103000, 0, 0x104067);
	fill(im, 0x104000, 'k', PAGE);
}

static void large_x86(struct image *im)
{
	*im = (struct image){ .cr3 = 0x200000, .major = 0xf, .minor = 2600,
			      .dump_type = 1 };
	entry(im, 0x200000, 0x300, 0x200063);	/* self-map */
	/* PD 1 (VA 400000): a 4 MiB page at PA 800000. */
	entry(im, 0x200000, 1, 0x008000E7);
	fill(im, 0x800000, 'F', PAGE);
	/* PD 2 (VA 800000): a 4 MiB page above 4 GiB through PSE-36:
	 * PDE bits 20:13 hold PA bits 39:32 (here 1) -> PA 1_00400000. */
	entry(im, 0x200000, 2, 0x00400000u | (1u << 13) | 0xE3);
	fill(im, 0x100400000ull, 'H', PAGE);
	/* PD 0 -> PT 201000: VA 1000 maps PA 202000. */
	entry(im, 0x200000, 0, 0x201067);
	entry(im, 0x201000, 1, 0x202067);
	fill(im, 0x202000, 's', PAGE);
}

int main(int argc, char **argv)
{
	static const char *const stages[] = { "1-reserved", "2-committed",
					      "3-touched" };
	struct image im;
	char name[64];
	int rc = 0;

	if (argc == 3 && !strcmp(argv[1], "--builds")) {
		/* for the tests: the touched story in every layout */
		for (size_t i = 0; i < sizeof(kbuilds) / sizeof(kbuilds[0]); i++) {
			x64_story(&im, &kbuilds[i], X64_SELF, 3);
			rc |= write_image(&im, argv[2], kbuilds[i].file);
			free_image(&im);
		}
		/* the PAE story in the 32-bit layouts after Windows 7's */
		for (size_t i = 1; i < sizeof(kbuilds32) / sizeof(kbuilds32[0]); i++) {
			seed_pae(&im, &kbuilds32[i], 3);
			rc |= write_image(&im, argv[2], kbuilds32[i].file);
			free_image(&im);
		}
		/* Windows 7 SP1's non-PAE kernel: the x86 story, build 7601 */
		seed_x86(&im, 3);
		im.minor = 7601;
		x86_kernel(&im);
		rc |= write_image(&im, argv[2], "win-7601-x86.dmp");
		free_image(&im);
		return rc ? 1 : 0;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: pw-mksamples OUTDIR\n"
			"       pw-mksamples --builds OUTDIR\n");
		return 2;
	}
	for (int st = 1; st <= 3; st++) {
		snprintf(name, sizeof(name), "seed-pae-%s.dmp", stages[st - 1]);
		seed_pae(&im, &kbuilds32[0], st);	/* Windows 7 SP1 */
		rc |= write_image(&im, argv[1], name);
		free_image(&im);
		snprintf(name, sizeof(name), "seed-x64-%s.dmp", stages[st - 1]);
		seed_x64(&im, st);
		rc |= write_image(&im, argv[1], name);
		free_image(&im);
		snprintf(name, sizeof(name), "seed-x86-%s.dmp", stages[st - 1]);
		seed_x86(&im, st);
		rc |= write_image(&im, argv[1], name);
		free_image(&im);
	}
	/* Windows 11 24H2: the story touched, self-mapped at another index */
	x64_story(&im, &kbuilds[3], 0x13e, 3);
	rc |= write_image(&im, argv[1], "win11-x64.dmp");
	free_image(&im);
	large_x64(&im);
	rc |= write_image(&im, argv[1], "large-x64.dmp");
	free_image(&im);
	large_x86(&im);
	rc |= write_image(&im, argv[1], "large-x86.dmp");
	free_image(&im);
	return rc ? 1 : 0;
}
