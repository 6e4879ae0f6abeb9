/* Paging modes as data, and the generic walk that keeps every level (the
 * walk panel and !pte show all of them). */
#ifndef PW_PT_H
#define PW_PT_H

#include <stdbool.h>
#include <stdint.h>

#include "fmt.h"
#include "pte.h"

#define PT_MAX_LEVELS 5

struct pt_level_desc {
	const char *name;	/* "PDE" */
	const char *wname;	/* WinDbg's: "PXE", "PPE", "PDE", "PTE" */
	const char *table;	/* the table it lives in: "PD" */
	unsigned shift;		/* VA bit of the index's low end */
	unsigned bits;		/* index width */
	enum pte_role role;
};

struct pt_arch;

struct pt_mode_desc {
	const struct pt_arch *arch;	/* its decoder and flags (arch/arch.h) */
	enum pw_mode mode;
	const char *name;	/* "pae" */
	const char *label;	/* "PAE" */
	unsigned nlv;
	unsigned esize;		/* entry size in bytes */
	unsigned va_bits;
	struct pt_level_desc lv[PT_MAX_LEVELS];
	unsigned page_shift;	/* the smallest page: 12 (4 KiB) on x86 */
};

/* A paging form as its parts: the levels from the root down (names,
 * index width, role), the entry size, the VA width and the smallest page.
 * pt_form_build makes the walk's description of it, each level's shift
 * computed from the widths below it; -1 when the parts do not add up
 * (the widths and the page must cover the VA width exactly). The modes
 * below are built this way; another architecture's form would be too. */
struct pt_form_spec {
	enum pw_mode mode;
	const char *name, *label;
	unsigned esize, va_bits, page_shift, nlv;
	struct {
		const char *name, *wname, *table;
		unsigned bits;
		enum pte_role role;
	} lv[PT_MAX_LEVELS];
};
int pt_form_build(const struct pt_arch *a, const struct pt_form_spec *sp,
		  struct pt_mode_desc *out);

/* The size of d's smallest page, and how many entries a level-i table
 * holds. */
static inline uint64_t pt_page_size(const struct pt_mode_desc *d)
{
	return 1ull << d->page_shift;
}

static inline unsigned pt_table_entries(const struct pt_mode_desc *d,
					unsigned i)
{
	return 1u << d->lv[i].bits;
}

/* NULL for PW_MODE_NONE. */
const struct pt_mode_desc *pt_mode_get(enum pw_mode m);
/* m's form, or when there is none (a flat image) the one a lone entry is
 * read with: the first architecture's widest. */
const struct pt_mode_desc *pt_mode_or_default(enum pw_mode m);
/* Parse "x86", "pae", "x64", "la57" (and "4l", "5l"); PW_MODE_NONE if not. */
/* "x86, pae, x64, la57": every mode's name, from the mode table. */
const char *pt_mode_names(char *buf, size_t len);
enum pw_mode pt_mode_parse(const char *s);

enum pt_stop {
	PT_OK,
	PT_NONCANONICAL,	/* IA-32e VA not sign-extended, or > 32 bits */
	PT_NOT_PRESENT,		/* P=0 at level stop_lvl */
	PT_BEYOND_MAXPHY,	/* the entry at stop_lvl points past MAXPHYADDR */
	PT_TABLE_NOT_IN_DUMP,	/* the table page at stop_lvl is not in the dump */
	PT_TABLE_UNREADABLE,	/* it is in the dump but cannot be read (a
				   kdump page that fails to decompress) */
	PT_NO_ROOT,		/* no CR3 / mode */
	PT_NO_PAGING,		/* minidump: the address is read as it is */
};

struct pt_level {
	const char *name;	/* "PDE" */
	enum pte_role role;
	unsigned index;
	uint64_t entry_pa;
	uint64_t raw;
	bool read;		/* false: the table page is not in the dump */
	struct pte_info info;
};

/* An operating system's view of a range of addresses (Linux: a VMA), set
 * on the session by the OS layer; pgstate uses it to tell free, reserved
 * and committed-but-not-faulted apart where the entries are empty. */
struct os_area {
	uint64_t start, end;	/* [start, end): start, size order for lookup */
	unsigned prot;		/* 1 read, 2 write, 4 execute */
	bool file;		/* file-backed (else anonymous) */
	bool reserved;		/* allocated, not committed: an empty entry
				   there is reserved (a Windows reserve-only
				   VAD, a Linux VMA without access) */
	uint32_t protect;	/* Windows: the VAD's PAGE_* value, else 0 */
	uint64_t node;		/* the OS's record (VAD), 0 if none */
};

struct pt_walk {
	uint64_t va;
	struct pt_level lv[PT_MAX_LEVELS];
	unsigned nlv;		/* levels visited (the last may be unread) */
	enum pt_stop stop;
	unsigned stop_lvl;
	uint64_t pa;		/* PT_OK: translation of va */
	uint64_t page_pa;	/* PT_OK: base of the (large) page */
	unsigned page_shift;	/* 12, 21, 22 or 30 */
	bool frame_in_dump;	/* PT_OK: the frame is in the image */
	bool writable, user, nx;	/* effective over all levels */
	/* Levels whose entry has bits set that the SDM reserves (bit i =
	 * level i).  They never stop the walk: see doc/PAGING.md, "What
	 * stops a walk". */
	unsigned rsvd_levels;
	/* PT_NO_PAGING: the region holding va (NULL if none), and whether
	 * the source has region data at all */
	const struct fmt_region *region;
	bool has_regions;
	/* The OS area holding va (NULL if none), and whether the session
	 * knows the areas of va's half of the address space at all */
	const struct os_area *area;
	bool has_areas;
};

struct pt_ctx {
	struct pte_ctx pte;	/* mode, os, maxphy, build */
	uint64_t cr3;
};

/* PA of the top-level table for this CR3 (PCID, flags, bit 63 masked). */
uint64_t pt_root(const struct pt_ctx *c);
bool pt_va_is_canonical(enum pw_mode m, uint64_t va);
/* Entry i of a table page of e-byte entries (4 or 8). */
uint64_t pt_entry_raw(const uint8_t *page, unsigned e, unsigned i);
/* Sign-extend an IA-32e VA from its top bit (47 or 56). */
uint64_t pt_va_canon(enum pw_mode m, uint64_t va);
/* The VA entry i of a level-lvl table covers, the table covering from
 * va_base (canonical at the top level).  Inline: enumerations call it
 * for every entry. */
static inline uint64_t pt_entry_va(const struct pt_mode_desc *d, unsigned lvl,
				   uint64_t va_base, unsigned i)
{
	uint64_t va = va_base + ((uint64_t)i << d->lv[lvl].shift);
	return lvl == 0 ? pt_va_canon(d->mode, va) : va;
}
/* Index into the level-lvl table for va. */
static inline unsigned pt_index(const struct pt_mode_desc *d, unsigned lvl,
				uint64_t va)
{
	return (unsigned)((va >> d->lv[lvl].shift) & ((1u << d->lv[lvl].bits) - 1));
}

/* Whether va is canonical in d: below 4 GiB for a 32-bit VA, else the
 * bits above the top one are copies of it. */
static inline bool pt_canonical(const struct pt_mode_desc *d, uint64_t va)
{
	return d->va_bits == 32 ? va <= 0xFFFFFFFFu :
	       (uint64_t)((int64_t)(va << (64 - d->va_bits)) >>
			  (64 - d->va_bits)) == va;
}

/* Walk va; always fills w (stop says how far it got).  Never fails. */
void pt_walk(const struct fmt_source *src, const struct pt_ctx *c,
	     uint64_t va, struct pt_walk *w);
/* The same through form d, which need not be one of the listed
 * architectures' (c gives the root register, MAXPHYADDR and the OS). */
void pt_walk_in(const struct fmt_source *src, const struct pt_ctx *c,
		const struct pt_mode_desc *d, uint64_t va, struct pt_walk *w);

/* The translation alone, for callers that need only the PA (the OS
 * layer's structure reads, hex reads by VA): the same stops and the same
 * PA as pt_walk, without recording or decoding the levels.  *pa (and
 * *page_shift, when not NULL) are set only when it returns PT_OK. */
enum pt_stop pt_translate(const struct fmt_source *src, const struct pt_ctx *c,
			  uint64_t va, uint64_t *pa, unsigned *page_shift);

/* len bytes of virtual memory at va through c's tables, a page at a time
 * (an OS layer reading kernel structures through the kernel's own root);
 * -1 if a page is not mapped or not in the dump.  pt_read_ptr: a
 * pointer of psize bytes (4 or 8), pt_read_u32: 4 bytes, little-endian. */
int pt_read_va(const struct fmt_source *src, const struct pt_ctx *c,
	       uint64_t va, void *buf, size_t len);
int pt_read_ptr(const struct fmt_source *src, const struct pt_ctx *c,
		unsigned psize, uint64_t va, uint64_t *out);
int pt_read_u32(const struct fmt_source *src, const struct pt_ctx *c,
		uint64_t va, uint32_t *out);

/* The size of the VA span around w->va whose every walk ends as w's: the
 * page it maps (a large one whole), the span of the entry it found not
 * present, the parent entry's span of a table it could not read; a page
 * otherwise.  Every page of it has the walk's state (within one OS
 * area), so scans step by it: a terabyte with no tables costs a few
 * walks. */
uint64_t pt_walk_span(const struct pt_mode_desc *d, const struct pt_walk *w);

const char *pt_stop_text(enum pt_stop s);

#endif
