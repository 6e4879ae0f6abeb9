/* What the interface shows, computed here so tests can assert on it: the
 * page map of the region around the cursor, the next page whose state
 * differs, the status line, and pattern search.  No curses. */
#ifndef PW_VIEW_H
#define PW_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "pgstate.h"

struct session;

#define VIEW_MAP_MAX 1024	/* entries of one page table (x86: 1024) */

/* The pages one page table covers (2 MiB, or 4 MiB in 32-bit mode),
 * one state per 4 KiB page. */
struct view_map {
	uint64_t base;		/* VA of the first page */
	unsigned n;		/* 512 or 1024 */
	unsigned cur;		/* index of the cursor's page */
	enum pgstate st[VIEW_MAP_MAX];
	unsigned count[PGS_COUNT];	/* how many cells of each state */
	uint64_t gen;		/* cache key: session generation + base */
	bool valid;
};

/* Fill m for the region containing va (reuses m when it is still valid). */
void view_map_fill(struct session *s, uint64_t va, struct view_map *m);

/* Next (dir > 0) or previous (dir < 0) page whose state or OS area (a
 * Linux VMA) differs from va's, skipping non-present subtrees whole.
 * VIEW_FOUND: *out is that page.  VIEW_NONE: there is none before the
 * end of the address space.  VIEW_BUDGET: VIEW_STEPS steps (a page, or a
 * table's span, each) found none; *out is the last page looked at, from
 * which a next call goes on. */
enum view_seek { VIEW_FOUND, VIEW_NONE, VIEW_BUDGET };
#define VIEW_STEPS (1u << 20)
enum view_seek view_seek_change(struct session *s, uint64_t va, int dir,
				uint64_t *out);
/* The same, true when found. */
bool view_next_change(struct session *s, uint64_t va, int dir, uint64_t *out);

/* The size of the space's pages: its form's smallest page (4 KiB on x86),
 * or the dump's unit for a flat space. */
unsigned view_page_size(const struct session *s);

/* Next page in direction dir, wrapping IA-32e's non-canonical hole. */
uint64_t view_step_page(const struct session *s, uint64_t va, int dir);

/* Linux, once its facts are loaded: the kernel's region holding va
 * ("direct map", "vmalloc", "kernel text"...), or NULL (user space, or
 * nothing known). */
const char *view_kernel_region(const struct session *s, uint64_t va);

/* Linux, once its facts are loaded: a frame's struct page in a few
 * words for the physical panel's title ("anon r1 m1": mapping kind,
 * reference and map counts); NULL if not known. */
const char *view_frame_note(const struct session *s, uint64_t pfn,
			    char *buf, size_t len);

/* Windows, once its facts are loaded: the frame's PFN database entry in
 * two lines for the physical panel (win_pfn_lines); 0 if not known. */
unsigned view_frame_pfn(const struct session *s, uint64_t pfn,
			char lines[2][64]);

/* What the OS's record of the address space says of w's page, once its
 * areas are known (.process, or the process the dump stopped in):
 * Windows "VAD 001f0000-001fffff PAGE_NOACCESS" (brief: letters, "VAD
 * 1f0000-1fffff NA"), Linux "VMA 7f...-7f... rw- anonymous", or "in no
 * VAD" / "in no VMA"; "" (returns 0) when they are not known. */
size_t view_area_text(const struct session *s, const struct pt_walk *w,
		      bool brief, char *buf, size_t len);

/* The status line: file, format, mode, CR3, VA -> PA, state. */
void view_status(struct session *s, uint64_t va, bool ascii, char *buf,
		 size_t len);

/* Parse a search pattern: hex bytes ("61 62 0a", "61620a") or quoted text
 * ("abc" or 'abc').  Returns the length, -1 with e set if malformed. */
int view_parse_pattern(const char *text, uint8_t *out, size_t max,
		       struct err *e);

/* Search the current address space for pat from va (inclusive), only
 * through mapped pages in VA order (frames not in the dump are skipped
 * whole).  Returns 1 with *hit, 0 if not found within max_bytes scanned,
 * 2 if not found before the walk's entry budget ran out (the tables may
 * loop), 3 if the session's progress hook stopped it, -1 on error. */
int view_search(struct session *s, uint64_t va, const uint8_t *pat,
		size_t len, uint64_t max_bytes, uint64_t *hit, struct err *e);

/* The last match that starts before va (same returns; the scan goes
 * from the bottom of the address space up to va). */
int view_search_back(struct session *s, uint64_t va, const uint8_t *pat,
		     size_t len, uint64_t max_bytes, uint64_t *hit,
		     struct err *e);

/* The virtual pages that map physical address pa in the current address
 * space: *n of them (the first *first in VA order).  With no page tables
 * (a minidump) the address is its own VA.  0 if none maps it, 1 if some
 * do, -1 with e set if there is no address space to search. */
int view_rmap(struct session *s, uint64_t pa, uint64_t *first, uint64_t *n,
	      struct err *e);

#endif
