/* Physical-memory sources: one const ops table per dump format, probed in
 * order by fmt_open().  This layer knows nothing of paging beyond the
 * metadata a file header states (CR3, paging mode, OS). */
#ifndef PW_FMT_H
#define PW_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

#define FMT_PAGE_SIZE 4096u
#define FMT_PAGE_SHIFT 12
#define FMT_INFO_MAX 40

/* Paging modes (named here because headers state them). */
enum pw_mode {
	PW_MODE_NONE,	/* unknown: must be given with --mode */
	PW_MODE_X86,	/* 32-bit, 2 levels */
	PW_MODE_PAE,	/* PAE, 3 levels */
	PW_MODE_X64,	/* IA-32e, 4 levels */
	PW_MODE_LA57,	/* IA-32e, 5 levels */
	PW_MODE_COUNT
};

enum pw_os { PW_OS_NONE, PW_OS_WINDOWS, PW_OS_LINUX, PW_OS_COUNT };

enum fmt_probe { FMT_NOMATCH, FMT_MATCH, FMT_BROKEN };

/* The file as the probes see it: a read-only mapping. */
struct fmt_extent {	/* start, length first: fmt_span_find */
	uint64_t off, len;
};

struct fmt_file {
	const char *path;
	const uint8_t *data;
	size_t size;
	/* A sparse file's data extents (SEEK_DATA/SEEK_HOLE), sorted; NULL
	 * when it has no holes (or too many extents to list): then all of
	 * it may hold data.  Holes read as zero. */
	struct fmt_extent *extents;
	size_t nextents;
	int watch;	/* 1 + slot in fmt.c's table of mappings, 0: none */
};

struct fmt_range {
	uint64_t pa;
	uint64_t len;
};

/* A region of a user-mode address space (minidump MemoryInfoList). */
struct fmt_region {	/* base, size first: fmt_span_find */
	uint64_t base, size, alloc_base;
	uint32_t state;		/* MEM_COMMIT 0x1000, MEM_RESERVE 0x2000,
				   MEM_FREE 0x10000 */
	uint32_t protect, alloc_protect, type;
};

#define FMT_MEM_COMMIT 0x1000u
#define FMT_MEM_RESERVE 0x2000u
#define FMT_MEM_FREE 0x10000u
/* ... and its type */
#define FMT_MEM_PRIVATE 0x20000u
#define FMT_MEM_MAPPED 0x40000u
#define FMT_MEM_IMAGE 0x1000000u

/* CPU registers a dump may hold (x86: the 64-bit names; a 32-bit guest's
 * eax is rax's low half). */
enum fmt_reg {
	FMT_REG_RAX, FMT_REG_RBX, FMT_REG_RCX, FMT_REG_RDX, FMT_REG_RSI,
	FMT_REG_RDI, FMT_REG_RSP, FMT_REG_RBP, FMT_REG_R8, FMT_REG_R9,
	FMT_REG_R10, FMT_REG_R11, FMT_REG_R12, FMT_REG_R13, FMT_REG_R14,
	FMT_REG_R15, FMT_REG_RIP, FMT_REG_RFLAGS, FMT_REG_CR0, FMT_REG_CR2,
	FMT_REG_CR3, FMT_REG_CR4, FMT_REG_COUNT
};
/* "rax" ... "cr4"; NULL past the end. */
const char *fmt_reg_name(unsigned i);
/* The 32-bit name of register i as WinDbg spells it ("eax", "eip",
 * "efl", "cr2"); NULL for r8-r15 and past the end. */
const char *fmt_reg_name32(unsigned i);

struct fmt_kv {
	char key[28];
	char val[100];
};

struct fmt_source;

struct fmt_ops {
	const char *name;	/* "windows-dmp", "raw", ... */
	enum fmt_probe (*probe)(const struct fmt_file *f, struct err *e);
	int (*open)(struct fmt_source *src, struct err *e);
	/* Read len bytes at pa; the range never crosses a page boundary.
	 * Returns 0, or -1 if the page is not in the dump. */
	int (*read)(const struct fmt_source *src, uint64_t pa, void *dst,
		    size_t len, struct err *e);
	bool (*present)(const struct fmt_source *src, uint64_t pfn);
	void (*close)(struct fmt_source *src);
	/* Optional: the whole page's bytes where they lie (the mapping, or
	 * a decompressed page valid until the next access), or NULL (then
	 * read says why).  Saves a copy when scanning.  Walks ask for the
	 * same few table pages again and again, so
	 * fmt.c remembers recent (pfn, page) answers: a loader that reuses
	 * a buffer it has lent (kdump's cache) calls fmt_lent_forget first. */
	const uint8_t *(*page)(const struct fmt_source *src, uint64_t pfn);
	/* Optional: the first page at or after pfn that may hold anything
	 * but zeros (a sparse file's holes are skipped); scans that look
	 * for non-zero structures use it. */
	uint64_t (*next_data)(const struct fmt_source *src, uint64_t pfn);
};

/* Kernel addresses a Windows crash dump's header gives (doc/FORMATS.md,
 * Windows crash dumps); 0 when the field is unset ("PAGE") or the dump is
 * another kind. */
struct fmt_winhdr {
	uint64_t pfn_database;		/* MmPfnDatabase: MMPFN of PFN 0 */
	uint64_t ps_active_process_head;	/* LIST_ENTRY of EPROCESSes */
	uint64_t ps_loaded_module_list;
	uint64_t kd_debugger_data_block;
};

struct fmt_source {
	char *path;
	const struct fmt_ops *ops;
	struct fmt_file file;	/* mapping owned by fmt.c (may be empty) */
	void *priv;		/* the loader's own state */
	struct fmt_lent *lent;	/* recent page lookups, or NULL */
	uint64_t raw_base;	/* raw images: PA of file offset 0 */

	/* Metadata, filled by open. */
	char desc[80];		/* "Windows crash dump (PAE, 3 runs)" */
	bool has_cr3;
	uint64_t cr3;
	enum pw_mode mode;
	enum pw_os os;
	uint32_t os_build;	/* Windows build number, 0 if unknown */
	struct fmt_winhdr win;
	char machine[16];
	struct fmt_range *ranges;	/* sorted by fmt_open */	/* physical ranges, ascending */
	size_t nranges;
	size_t ranges_cap;
	/* Minidumps: no page tables; addresses are virtual and read as they
	 * are (identity), and regions say reserved / committed / free. */
	bool identity;
	char *vmcoreinfo;	/* Linux's VMCOREINFO text (NUL-ended), or NULL */
	/* The first CPU's registers (QEMU's CPU note, or NT_PRSTATUS), in
	 * the order of fmt_reg_name; has_regs false if the dump has none */
	uint64_t regs[FMT_REG_COUNT];
	bool has_regs;
	uint32_t regs_valid;	/* bit i: regs[i] was in the dump */
	const char *regs_from;	/* "QEMU note", "NT_PRSTATUS" */
	struct fmt_region *regions;	/* ascending by base; may be empty */
	size_t nregions;
	struct fmt_kv info[FMT_INFO_MAX];	/* shown by --info */
	unsigned ninfo;
};

struct fmt_open_opts {
	const char *format;	/* NULL: detect from content */
	uint64_t raw_base;
};

/* Open path read-only and detect its format.  On success *out is a new
 * source (free with fmt_close); on failure -1 with e naming the file. */
int fmt_open(const char *path, const struct fmt_open_opts *o,
	     struct fmt_source **out, struct err *e);
void fmt_close(struct fmt_source *src);

/* Read len bytes at pa, any alignment; -1 if any page is missing. */
int fmt_read(const struct fmt_source *src, uint64_t pa, void *dst, size_t len,
	     struct err *e);
/* The first page at or after pfn that lies in one of src's ranges
 * (UINT64_MAX: none).  A source without ranges returns pfn: no skipping.
 * Bounded work over huge mappings: skip what cannot be read. */
uint64_t fmt_next_present(const struct fmt_source *src, uint64_t pfn);
/* The first page at or after pfn that may hold anything but zeros
 * (UINT64_MAX: none); pfn itself when the loader cannot tell. */
uint64_t fmt_next_data(const struct fmt_source *src, uint64_t pfn);
/* Pages in src's ranges: what work over the dump may scale with. */
uint64_t fmt_pages_present(const struct fmt_source *src);
/* Sort src->ranges by address (fmt_open does, after a loader). */
void fmt_ranges_sort(struct fmt_source *src);

/* Has the file shrunk under its mapping since it was opened?  Its lost
 * pages then read as zero (instead of SIGBUS), and fmt_read fails. */
bool fmt_shrunk(const struct fmt_source *src);

/* Scans that will read the len bytes from `from` on, a page lent from the
 * file's mapping, say so first: they are mapped in with one call instead
 * of a page fault for every few pages (Linux's MADV_POPULATE_READ; else,
 * or for another pointer or a sparse file, nothing happens). */
void fmt_populate(const struct fmt_source *src, const void *from, size_t len);

/* Scans that touch every page of a large image call this for what they
 * have read, [from, to) of pages lent by fmt_page: those pages stop
 * counting in this process's resident memory (they stay in the page
 * cache; pointers into the mapping stay valid).  Anything else: ignored. */
void fmt_release(const struct fmt_source *src, const void *from,
		 const void *to);

/* A loader is about to reuse the buffer it lent for pfn: lookups of pfn
 * must ask it again. */
void fmt_lent_forget(const struct fmt_source *src, uint64_t pfn);

/* The page's 4096 bytes in place, or NULL when the loader cannot lend
 * them (then fmt_read says whether they can be read at all). */
const uint8_t *fmt_page_lent(const struct fmt_source *src, uint64_t pfn);
/* A lent page that lies in the file's mapping stays where it is, whatever
 * else is read while the source is open (a kdump's decompressed pages do
 * not: the next lookup may reuse their buffer). */
static inline bool fmt_lent_stays(const struct fmt_source *src,
				  const uint8_t *p)
{
	return src->file.data && p >= src->file.data &&
	       p < src->file.data + src->file.size;
}

/* The page's 4096 bytes: in place when the loader can, else copied into
 * buf; NULL with e set if they cannot be read. */
const uint8_t *fmt_page(const struct fmt_source *src, uint64_t pfn,
			uint8_t *buf, struct err *e);

bool fmt_present(const struct fmt_source *src, uint64_t pfn);

/* Add a line to src->info (silently dropped past FMT_INFO_MAX). */
void fmt_info_add(struct fmt_source *src, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Append a range to src->ranges, merging with the previous one. */
int fmt_range_add(struct fmt_source *src, uint64_t pa, uint64_t len,
		  struct err *e);

/* Call fn(arg, first, count) for every run of set bits in the first
 * nbits bits of bm (bit n = byte n/8, bit n%8), in order, 64 bits at a
 * time.  Stops and returns -1 when fn does. */
int fmt_bitmap_runs(const uint8_t *bm, uint64_t nbits,
		    int (*fn)(void *arg, uint64_t first, uint64_t count),
		    void *arg);

/* Make room for need items of size bytes in *arr (holding *cap),
 * doubling; -1 if that overflows or memory runs out (*arr unchanged). */
int fmt_grow(void *arr, size_t *cap, size_t need, size_t size);

/* Sort n spans (elements of size bytes whose first two members are
 * uint64_t start and length) by start; the index of the first span that
 * overlaps the one before it, or 0 if none does. */
size_t fmt_spans_sort(void *arr, size_t n, size_t size);

/* Binary search n elements of size bytes, sorted and not overlapping,
 * whose first two members are uint64_t start and length: the element
 * whose [start, start + length) holds key, or NULL. */
const void *fmt_span_find(const void *arr, size_t n, size_t size,
			  uint64_t key);

/* The text of KEY in the dump's VMCOREINFO ("OSRELEASE") into buf, or
 * NULL if absent; cut to len - 1 bytes. */
const char *fmt_vmcoreinfo_str(const struct fmt_source *src, const char *key,
			       char *buf, size_t len);
/* Its value as a number: hexadecimal for SYMBOL() and KERNELOFFSET,
 * decimal (signed) otherwise; false if absent or not a number. */
bool fmt_vmcoreinfo(const struct fmt_source *src, const char *key,
		    uint64_t *val);

/* The region containing va, or NULL. */
const struct fmt_region *fmt_region_find(const struct fmt_source *src,
					 uint64_t va);

const char *pw_os_name(enum pw_os os);
/* "windows-dmp, elf, kdump, lime, minidump, raw": every loader's name,
 * from the probe table, for --help and messages. */
const char *fmt_names(char *buf, size_t len);
/* Append item to the list in buf (len bytes, k used), after sep unless it
 * is the first; the new k (at least len once full: nothing more added).
 * Every "a, b, c" list the program prints goes through it. */
size_t fmt_join(char *buf, size_t len, size_t k, const char *sep,
		const char *item);
/* "windows" -> PW_OS_WINDOWS ...; PW_OS_COUNT if not an OS name. */
enum pw_os pw_os_parse(const char *s);
/* "windows, linux, none" from the OS enum. */
const char *pw_os_names(char *buf, size_t len);

/* Loaders (one file each). */
extern const struct fmt_ops fmt_wdmp_ops;
extern const struct fmt_ops fmt_raw_ops;
extern const struct fmt_ops fmt_elf_ops;
extern const struct fmt_ops fmt_kdump_ops;
extern const struct fmt_ops fmt_lime_ops;
extern const struct fmt_ops fmt_mdmp_ops;
extern const struct fmt_ops fmt_mem_ops;

/* In-memory source for tests: pages set one by one. */
struct fmt_source *fmt_mem_new(void);
int fmt_mem_set_page(struct fmt_source *src, uint64_t pfn, const void *page);
/* The page stays present but every read of it fails. */
int fmt_mem_set_unreadable(struct fmt_source *src, uint64_t pfn);
/* Write one little-endian 64- or 32-bit value; the page is created zeroed. */
int fmt_mem_put64(struct fmt_source *src, uint64_t pa, uint64_t v);
int fmt_mem_put32(struct fmt_source *src, uint64_t pa, uint32_t v);

#endif
