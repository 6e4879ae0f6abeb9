/* Finding page-table roots in an image without metadata, in every x86
 * mode: Windows self-referencing top-level tables (x64, 32-bit, PAE) and
 * Linux tables (x86-64 4- and 5-level, PTI pairs, i386 2-level and PAE),
 * ranked by plausibility (doc/FORMATS.md, "Finding a page-table root"). */
#ifndef PW_DTBSCAN_H
#define PW_DTBSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fmt.h"

#define DTB_MAX 64

struct dtb_cand {
	uint64_t cr3;
	enum pw_mode mode;
	enum pw_os os;
	const char *why;	/* static text */
	uint64_t user_pages, kernel_pages;	/* 4 KiB pages mapped */
	uint64_t ident_pages;	/* user pages mapped at VA == PA */
	uint64_t in_image_pages;	/* mapped pages whose frame is dumped */
	uint64_t pti_kernel;	/* PTI pair: the kernel's table (0: none) */
	unsigned top_entries;	/* present top-level entries */
	uint64_t kernel_sig;	/* Linux: hash of the kernel half */
	unsigned shared;	/* Linux: candidates with the same kernel half */
};

/* At least half of what the candidate maps lies in the image. */
bool dtb_plausible(const struct dtb_cand *c);

/* Scan every page of src; fill up to max candidates, best first.
 * Returns the number found (0: none), -1 on error. */
int dtb_scan(const struct fmt_source *src, struct dtb_cand *out, size_t max,
	     struct err *e);

/* The OS whose tables the root at cr3 looks like (same tests as the
 * scan): PW_OS_NONE when neither. */
enum pw_os dtb_guess_os(const struct fmt_source *src, uint64_t cr3,
			enum pw_mode mode);

/* Linux PTI: the page after the top-level table at pa (an 8 KiB-aligned
 * pair) is its user half - the same user entries but for NX, and a few of
 * the kernel's.  Used by dtbscan and by the Linux tasks' roots. */
bool dtb_pti_user_half(const struct fmt_source *src, uint64_t pa);

#endif
