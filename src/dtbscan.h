/* Finding page-table roots in an image without metadata (FORMATS.md (g)):
 * Windows self-referencing top-level tables (x64, 32-bit, PAE) and Linux
 * x86-64 top-level tables (a populated kernel half), ranked by how much
 * each one maps. */
#ifndef PW_DTBSCAN_H
#define PW_DTBSCAN_H

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
	unsigned top_entries;	/* present top-level entries */
	uint64_t kernel_sig;	/* Linux: hash of the kernel half */
	unsigned shared;	/* Linux: candidates with the same kernel half */
};

/* Scan every page of src; fill up to max candidates, best first.
 * Returns the number found (0: none), -1 on error. */
int dtb_scan(const struct fmt_source *src, struct dtb_cand *out, size_t max,
	     struct err *e);

/* The OS whose tables the root at cr3 looks like (same tests as the
 * scan): PW_OS_NONE when neither. */
enum pw_os dtb_guess_os(const struct fmt_source *src, uint64_t cr3,
			enum pw_mode mode);

#endif
