/* Windows kernel crash dumps: 32-bit PAGEDUMP (PAE and non-PAE) and 64-bit
 * PAGEDU64, run-based (DumpType 1) and bitmap (2 with an SDMP header, 5, 6).
 * Both layouts become one sorted run list {pfn, count, file offset}.
 * Offsets: doc/FORMATS.md, Windows crash dumps. */
#include "config.h"

#include "fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"

#define WDMP_HDR32 0x1000u
#define WDMP_HDR64 0x2000u
#define WDMP_UNSET32 0x45474150u	/* "PAGE": header fill, never written */
#define WDMP_MAX_RUNS32 86u
#define WDMP_MAX_RUNS64 42u
/* PFNs above 2^40 (4 PiB of RAM) are not a real machine. */
#define WDMP_MAX_PFN (1ull << 40)

struct wdmp_run {	/* start, length first: fmt_span_find */
	uint64_t pfn, count, off;
};

struct wdmp {
	struct wdmp_run *runs;
	size_t nruns, cap;
	bool is64;
	uint32_t dump_type;
};

struct hdr_layout {
	size_t hdr_size, dtb, machine, nproc, bugcheck, bugparams, param_size,
	       memdesc, dump_type, req_space, major, minor;
	/* kernel addresses, pointer-sized (param_size) */
	size_t pfn_db, process_head, module_list, kd_block;
	/* the CONTEXT of the crashing thread and the EXCEPTION_RECORD */
	size_t context, exception;
};

static const struct hdr_layout lay32 = {
	.hdr_size = WDMP_HDR32, .dtb = 0x10, .machine = 0x20, .nproc = 0x24,
	.bugcheck = 0x28, .bugparams = 0x2c, .param_size = 4, .memdesc = 0x64,
	.dump_type = 0xf88, .req_space = 0xfa0, .major = 0x08, .minor = 0x0c,
	.pfn_db = 0x14, .process_head = 0x1c, .module_list = 0x18,
	.kd_block = 0x60, .context = 0x320, .exception = 0x7d0,
};

static const struct hdr_layout lay64 = {
	.hdr_size = WDMP_HDR64, .dtb = 0x10, .machine = 0x30, .nproc = 0x34,
	.bugcheck = 0x38, .bugparams = 0x40, .param_size = 8, .memdesc = 0x88,
	.dump_type = 0xf98, .req_space = 0xfa0, .major = 0x08, .minor = 0x0c,
	.pfn_db = 0x18, .process_head = 0x28, .module_list = 0x20,
	.kd_block = 0x80, .context = 0x348, .exception = 0xf00,
};

/* A pointer-sized header field; 0 when it still holds the "PAGE" fill. */
static uint64_t kptr(const uint8_t *d, const struct hdr_layout *L, size_t at)
{
	if (!memcmp(d + at, "PAGEPAGE", L->param_size))
		return 0;
	return L->param_size == 8 ? le_u64(d + at) : le_u32(d + at);
}

/* Where CONTEXT keeps each register (doc/FORMATS.md, "The context
 * record"); -1: not in it.  x86: the 32-bit registers, rax standing for
 * eax. */
static const int16_t ctx32[FMT_REG_COUNT] = {
	[FMT_REG_RAX] = 0xb0, [FMT_REG_RBX] = 0xa4, [FMT_REG_RCX] = 0xac,
	[FMT_REG_RDX] = 0xa8, [FMT_REG_RSI] = 0xa0, [FMT_REG_RDI] = 0x9c,
	[FMT_REG_RSP] = 0xc4, [FMT_REG_RBP] = 0xb4, [FMT_REG_RIP] = 0xb8,
	[FMT_REG_RFLAGS] = 0xc0, [FMT_REG_R8] = -1, [FMT_REG_R9] = -1,
	[FMT_REG_R10] = -1, [FMT_REG_R11] = -1, [FMT_REG_R12] = -1,
	[FMT_REG_R13] = -1, [FMT_REG_R14] = -1, [FMT_REG_R15] = -1,
	[FMT_REG_CR0] = -1, [FMT_REG_CR2] = -1, [FMT_REG_CR3] = -1,
	[FMT_REG_CR4] = -1,
};
static const int16_t ctx64[FMT_REG_COUNT] = {
	[FMT_REG_RAX] = 0x78, [FMT_REG_RCX] = 0x80, [FMT_REG_RDX] = 0x88,
	[FMT_REG_RBX] = 0x90, [FMT_REG_RSP] = 0x98, [FMT_REG_RBP] = 0xa0,
	[FMT_REG_RSI] = 0xa8, [FMT_REG_RDI] = 0xb0, [FMT_REG_R8] = 0xb8,
	[FMT_REG_R9] = 0xc0, [FMT_REG_R10] = 0xc8, [FMT_REG_R11] = 0xd0,
	[FMT_REG_R12] = 0xd8, [FMT_REG_R13] = 0xe0, [FMT_REG_R14] = 0xe8,
	[FMT_REG_R15] = 0xf0, [FMT_REG_RIP] = 0xf8, [FMT_REG_RFLAGS] = 0x44,
	[FMT_REG_CR0] = -1, [FMT_REG_CR2] = -1, [FMT_REG_CR3] = -1,
	[FMT_REG_CR4] = -1,
};

/* The crashing thread's registers from the header's CONTEXT, when its
 * ContextFlags say which parts were saved (CONTEXT_CONTROL: the stack,
 * frame and instruction pointers and flags; CONTEXT_INTEGER: the rest);
 * cr3 is the header's DirectoryTableBase; cr2 the address of an access
 * violation in the header's EXCEPTION_RECORD (the faulting address the
 * CPU put in cr2). */
static void context_regs(struct fmt_source *src, const struct wdmp *w,
			 const struct hdr_layout *L)
{
	const uint8_t *c = src->file.data + L->context;
	const int16_t *at = w->is64 ? ctx64 : ctx32;
	uint32_t flags = le_u32(c + (w->is64 ? 0x30 : 0));
	uint32_t arch = w->is64 ? 0x100000u : 0x10000u;

	src->regs[FMT_REG_CR3] = src->cr3;
	src->regs_valid = 1u << FMT_REG_CR3;
	/* the architecture's bit and nothing beyond the known flags (the
	 * "PAGE" fill of a header never written fails this) */
	if ((flags & arch) && !(flags & ~(arch | 0x7fu | 0xd8000000u))) {
		for (unsigned r = 0; r < FMT_REG_COUNT; r++) {
			if (at[r] < 0)
				continue;
			bool control = r == FMT_REG_RSP || r == FMT_REG_RIP ||
				       r == FMT_REG_RFLAGS ||
				       (!w->is64 && r == FMT_REG_RBP);
			if (!(flags & (control ? 1u : 2u)))
				continue;
			/* EFlags is 32 bits in both */
			src->regs[r] = w->is64 && r != FMT_REG_RFLAGS ?
				       le_u64(c + at[r]) : le_u32(c + at[r]);
			src->regs_valid |= 1u << r;
		}
	}
	const uint8_t *x = src->file.data + L->exception;
	uint32_t code = le_u32(x), nparams = le_u32(x + (w->is64 ? 0x18 : 0x10));
	if (code == 0xc0000005u && nparams >= 2 && nparams <= 15) {
		src->regs[FMT_REG_CR2] = w->is64 ? le_u64(x + 0x28) :
					 le_u32(x + 0x18);
		src->regs_valid |= 1u << FMT_REG_CR2;
	}
	src->has_regs = true;
	src->regs_from = "context record in the dump header";
}

static enum fmt_probe fmt_wdmp_probe(const struct fmt_file *f, struct err *e)
{
	/* The message only matters when the user forced this format. */
	err_set(e, "offset 0: expected the signature PAGEDUMP or PAGEDU64");
	if (f->size < 8 || memcmp(f->data, "PAGE", 4) != 0)
		return FMT_NOMATCH;
	bool is64 = memcmp(f->data + 4, "DU64", 4) == 0;
	if (!is64 && memcmp(f->data + 4, "DUMP", 4) != 0)
		return FMT_NOMATCH;
	size_t need = is64 ? WDMP_HDR64 : WDMP_HDR32;
	if (f->size < need) {
		err_set(e, "offset 0x%zx: Windows crash dump header truncated "
			"(file has %zu bytes, header needs %zu)",
			f->size, f->size, need);
		return FMT_BROKEN;
	}
	return FMT_MATCH;
}

static int add_run(struct wdmp *w, uint64_t pfn, uint64_t count, uint64_t off,
		   struct err *e)
{
	if (fmt_grow(&w->runs, &w->cap, w->nruns + 1, sizeof(*w->runs)) < 0)
		return err_set(e, "out of memory");
	w->runs[w->nruns++] = (struct wdmp_run){ pfn, count, off };
	return 0;
}

/* Run table (PHYSICAL_MEMORY_DESCRIPTOR): page data follows the header,
 * runs back to back in table order. */
static int read_runs(struct fmt_source *src, struct wdmp *w,
		     const struct hdr_layout *L, struct err *e)
{
	const uint8_t *d = src->file.data;
	size_t md = L->memdesc;
	uint32_t nruns = le_u32(d + md);
	uint32_t max = w->is64 ? WDMP_MAX_RUNS64 : WDMP_MAX_RUNS32;
	size_t run0 = md + (w->is64 ? 0x10 : 0x8), rsz = w->is64 ? 16 : 8;
	uint64_t off = L->hdr_size;

	if (nruns == WDMP_UNSET32)
		return err_set(e, "offset 0x%zx: run count never written "
			       "(\"PAGE\" fill) in a run-based dump", md);
	if (nruns == 0 || nruns > max)
		return err_set(e, "offset 0x%zx: %" PRIu32 " physical memory runs "
			       "(expected 1 to %" PRIu32 ")", md, nruns, max);
	for (uint32_t i = 0; i < nruns; i++) {
		const uint8_t *r = d + run0 + i * rsz;
		uint64_t base = w->is64 ? le_u64(r) : le_u32(r);
		uint64_t cnt = w->is64 ? le_u64(r + 8) : le_u32(r + 4);
		size_t roff = run0 + i * rsz;
		if (cnt == 0)
			continue;
		if (base >= WDMP_MAX_PFN || cnt > WDMP_MAX_PFN - base)
			return err_set(e, "offset 0x%zx: run %" PRIu32 " (base page "
				       "0x%" PRIx64 ", %" PRIu64 " pages) is beyond "
				       "any physical address", roff, i, base, cnt);
		if (cnt > (src->file.size - off) / FMT_PAGE_SIZE ||
		    off > src->file.size)
			return err_set(e, "offset 0x%zx: run %" PRIu32 " (%" PRIu64
				       " pages at file offset 0x%" PRIx64 ") ends "
				       "past end of file (%zu bytes)", roff, i,
				       cnt, off, src->file.size);
		if (add_run(w, base, cnt, off, e) < 0)
			return -1;
		off += cnt * FMT_PAGE_SIZE;
	}
	return 0;
}

struct bm_runs {
	struct wdmp *w;
	struct err *e;
	size_t size, bitmap_at;
	uint64_t off;		/* file offset of the next stored page */
};

/* Pages are stored in increasing PFN order: each run follows the last. */
static int bitmap_run(void *arg, uint64_t pfn, uint64_t count)
{
	struct bm_runs *r = arg;

	if (count > (r->size - r->off) / FMT_PAGE_SIZE)
		return err_set(r->e, "offset 0x%zx: bitmap lists pages up to PFN "
			       "0x%" PRIx64 " but the file ends at 0x%zx",
			       r->bitmap_at, pfn + count - 1, r->size);
	if (add_run(r->w, pfn, count, r->off, r->e) < 0)
		return -1;
	r->off += count * FMT_PAGE_SIZE;
	return 0;
}

/* Bitmap dumps (SDMP/FDMP header after the main header): bit n set means
 * PFN n is stored; pages are stored in increasing PFN order from FirstPage. */
static int read_bitmap(struct fmt_source *src, struct wdmp *w,
		       const struct hdr_layout *L, struct err *e)
{
	const uint8_t *d = src->file.data;
	size_t b = L->hdr_size, size = src->file.size;

	if (size < b + 0x38)
		return err_set(e, "offset 0x%zx: bitmap header truncated", b);
	if (memcmp(d + b, "SDMP", 4) != 0 && memcmp(d + b, "FDMP", 4) != 0)
		return err_set(e, "offset 0x%zx: expected bitmap signature "
			       "SDMP or FDMP", b);
	uint64_t first = le_u64(d + b + 0x20);
	uint64_t bits = le_u64(d + b + 0x30);
	if (bits == 0 || bits > WDMP_MAX_PFN)
		return err_set(e, "offset 0x%zx: bitmap size %" PRIu64 " bits is "
			       "not plausible", b + 0x30, bits);
	uint64_t bytes = (bits + 7) / 8;
	if (bytes > size - (b + 0x38))
		return err_set(e, "offset 0x%zx: bitmap of %" PRIu64 " bytes is "
			       "larger than the file (%zu bytes)", b + 0x38,
			       bytes, size);
	if (first < b + 0x38 + bytes || first > size)
		return err_set(e, "offset 0x%zx: first page at 0x%" PRIx64
			       " overlaps the bitmap or lies past end of file",
			       b + 0x20, first);
	struct bm_runs r = { w, e, size, b + 0x38, first };
	if (fmt_bitmap_runs(d + b + 0x38, bits, bitmap_run, &r) < 0)
		return -1;
	uint64_t off = r.off;
	fmt_info_add(src, "bitmap", "%" PRIu64 " bits, %" PRIu64 " pages stored "
		     "(header says %" PRIu64 ")", bits,
		     (off - first) / FMT_PAGE_SIZE, le_u64(d + b + 0x28));
	return 0;
}

static const char *dump_type_name(uint32_t t)
{
	switch (t) {
	case 1: return "full (runs)";
	case 2: return "kernel summary (bitmap)";
	case 5: return "full (bitmap)";
	case 6: return "kernel (bitmap)";
	default: return "unsupported";
	}
}

static int finish_runs(struct fmt_source *src, struct wdmp *w, struct err *e)
{
	size_t bad = fmt_spans_sort(w->runs, w->nruns, sizeof(*w->runs));
	if (bad)
		return err_set(e, "physical memory runs overlap at PFN 0x%" PRIx64,
			       w->runs[bad].pfn);
	for (size_t i = 0; i < w->nruns; i++) {
		if (fmt_range_add(src, w->runs[i].pfn << FMT_PAGE_SHIFT,
				  w->runs[i].count << FMT_PAGE_SHIFT, e) < 0)
			return -1;
	}
	if (w->nruns == 0)
		return err_set(e, "the dump holds no pages");
	return 0;
}

static void describe(struct fmt_source *src, const struct wdmp *w,
		     const struct hdr_layout *L)
{
	const uint8_t *d = src->file.data;
	uint32_t mach = le_u32(d + L->machine);
	uint64_t p[4];

	for (int i = 0; i < 4; i++)
		p[i] = L->param_size == 8 ?
		       le_u64(d + L->bugparams + 8 * i) :
		       le_u32(d + L->bugparams + 4 * i);
	snprintf(src->machine, sizeof(src->machine), "%s",
		 mach == 0x14c ? "i386" : mach == 0x8664 ? "AMD64" :
		 mach == 0xaa64 ? "ARM64" : "unknown");
	snprintf(src->desc, sizeof(src->desc), "Windows crash dump (%s)",
		 src->mode == PW_MODE_PAE ? "PAE" :
		 src->mode == PW_MODE_X86 ? "x86" : "x64");
	fmt_info_add(src, "signature", "%.8s", (const char *)d);
	fmt_info_add(src, "version", "%" PRIu32 ".%" PRIu32,
		     le_u32(d + L->major), le_u32(d + L->minor));
	fmt_info_add(src, "machine", "0x%" PRIx32 " (%s)", mach, src->machine);
	fmt_info_add(src, "processors", "%" PRIu32, le_u32(d + L->nproc));
	fmt_info_add(src, "bugcheck", "0x%08" PRIx32 " (0x%" PRIx64 ", 0x%"
		     PRIx64 ", 0x%" PRIx64 ", 0x%" PRIx64 ")",
		     le_u32(d + L->bugcheck), p[0], p[1], p[2], p[3]);
	fmt_info_add(src, "dump type", "%" PRIu32 " - %s", w->dump_type,
		     dump_type_name(w->dump_type));
	fmt_info_add(src, "runs", "%zu", w->nruns);
	const struct { const char *key; uint64_t v; } ka[] = {
		{ "PFN database", src->win.pfn_database },
		{ "process list", src->win.ps_active_process_head },
		{ "module list", src->win.ps_loaded_module_list },
		{ "KdDebuggerData", src->win.kd_debugger_data_block },
	};
	static const char *const field[] = { "PfnDataBase", "PsActiveProcessHead",
		"PsLoadedModuleList", "KdDebuggerDataBlock" };
	for (size_t i = 0; i < sizeof(ka) / sizeof(ka[0]); i++) {
		if (ka[i].v)
			fmt_info_add(src, ka[i].key, "0x%" PRIx64 " (%s)", ka[i].v,
				     field[i]);
		else
			fmt_info_add(src, ka[i].key, "not given (%s)", field[i]);
	}
}

static const struct wdmp_run *lookup(const struct wdmp *w, uint64_t pfn);

static int fmt_wdmp_open(struct fmt_source *src, struct err *e)
{
	const uint8_t *d = src->file.data;
	struct wdmp *w = calloc(1, sizeof(*w));

	if (!w)
		return err_set(e, "out of memory");
	src->priv = w;
	w->is64 = memcmp(d + 4, "DU64", 4) == 0;
	const struct hdr_layout *L = w->is64 ? &lay64 : &lay32;
	w->dump_type = le_u32(d + L->dump_type);
	src->os = PW_OS_WINDOWS;
	src->has_cr3 = true;
	src->cr3 = w->is64 ? le_u64(d + L->dtb) : le_u32(d + L->dtb);
	src->mode = w->is64 ? PW_MODE_X64 : d[0x5c] ? PW_MODE_PAE : PW_MODE_X86;
	src->os_build = le_u32(d + L->minor);	/* MinorVersion: the build */
	src->win.pfn_database = kptr(d, L, L->pfn_db);
	src->win.ps_active_process_head = kptr(d, L, L->process_head);
	src->win.ps_loaded_module_list = kptr(d, L, L->module_list);
	src->win.kd_debugger_data_block = kptr(d, L, L->kd_block);
	context_regs(src, w, L);
	int rc;
	switch (w->dump_type) {
	case 1:
		rc = read_runs(src, w, L, e);
		break;
	case 2: case 5: case 6:
		rc = read_bitmap(src, w, L, e);
		break;
	default:
		return err_set(e, "offset 0x%zx: DumpType %" PRIu32 " is not "
			       "supported (expected 1, 2, 5 or 6)",
			       L->dump_type, w->dump_type);
	}
	if (rc < 0 || finish_runs(src, w, e) < 0)
		return -1;
	/* The root table must be in the image (doc/PAGING.md, The root). */
	uint64_t root = src->cr3 & (w->is64 ? 0x000FFFFFFFFFF000ull :
				    src->mode == PW_MODE_PAE ? 0xFFFFFFE0u :
				    0xFFFFF000u);
	if (!lookup(w, root >> FMT_PAGE_SHIFT))
		return err_set(e, "offset 0x%zx: DirectoryTableBase 0x%" PRIx64
			       " points outside the image (PA 0x%" PRIx64
			       " is not in the dump)", L->dtb, src->cr3, root);
	describe(src, w, L);
	return 0;
}

static const struct wdmp_run *lookup(const struct wdmp *w, uint64_t pfn)
{
	return fmt_span_find(w->runs, w->nruns, sizeof(*w->runs), pfn);
}

static int fmt_wdmp_read(const struct fmt_source *src, uint64_t pa, void *dst,
			 size_t len, struct err *e)
{
	const struct wdmp_run *r = lookup(src->priv, pa >> FMT_PAGE_SHIFT);

	if (!r)
		return err_set(e, "PA 0x%" PRIx64 " is not in the dump", pa);
	uint64_t off = r->off + ((pa >> FMT_PAGE_SHIFT) - r->pfn) * FMT_PAGE_SIZE +
		       (pa & (FMT_PAGE_SIZE - 1));
	memcpy(dst, src->file.data + off, len);	/* bounds checked at open */
	return 0;
}

static bool fmt_wdmp_present(const struct fmt_source *src, uint64_t pfn)
{
	return lookup(src->priv, pfn) != NULL;
}

static void fmt_wdmp_close(struct fmt_source *src)
{
	struct wdmp *w = src->priv;

	if (w)
		free(w->runs);
	free(w);
	src->priv = NULL;
}

static const uint8_t *fmt_wdmp_page(const struct fmt_source *src,
				    uint64_t pfn)
{
	const struct wdmp_run *r = lookup(src->priv, pfn);

	if (!r)
		return NULL;
	return src->file.data + r->off + (pfn - r->pfn) * FMT_PAGE_SIZE;
}

const struct fmt_ops fmt_wdmp_ops = {
	.name = "windows-dmp",
	.probe = fmt_wdmp_probe,
	.open = fmt_wdmp_open,
	.read = fmt_wdmp_read,
	.present = fmt_wdmp_present,
	.close = fmt_wdmp_close,
	.page = fmt_wdmp_page,
};
