/* Page states (doc/PAGING.md, Page states), one letter each (readable
 * without colour), computed from walks. */
#ifndef PW_PGSTATE_H
#define PW_PGSTATE_H

#include <stddef.h>
#include <stdint.h>

#include "pt.h"

struct session;

enum pgstate {
	PGS_VALID,		/* resident 4 KiB page */
	PGS_LARGE,		/* resident, inside a large page */
	PGS_DEMAND_ZERO,	/* committed, never touched */
	PGS_TRANSITION,
	PGS_PAGED_OUT,		/* page file / swap */
	PGS_PROTOTYPE,
	PGS_RESERVED,		/* known from region data */
	PGS_NOT_COMMITTED,	/* zero PTE, region unknown */
	PGS_NO_TABLE,		/* a higher level is not present */
	PGS_NOT_IN_DUMP,	/* table or frame missing from the image */
	PGS_PROTNONE,		/* Linux PROT_NONE: frame kept, no access */
	PGS_SOFTWARE,		/* other non-present software entry */
	PGS_BAD,		/* beyond MAXPHYADDR, or table unreadable */
	PGS_NONCANONICAL,
	PGS_FREE,		/* not allocated (region data, no VMA) */
	PGS_FILE_UNREAD,	/* committed file page, not yet read */
	PGS_GUARD,		/* Windows: committed, a guard page */
	PGS_DECOMMITTED,	/* Windows: MM_DECOMMIT, released */
	PGS_COUNT
};

struct pgstate_desc {
	char letter;
	const char *name;	/* "demand-zero" */
	const char *desc;	/* "committed, never touched" */
};

const struct pgstate_desc *pgstate_desc(enum pgstate st);
/* The same in the OS's words: a Linux dump says "no VMA", "PROT_NONE
 * VMA", "not yet faulted", "swap" (same letters and names). */
const struct pgstate_desc *pgstate_desc_os(enum pgstate st, enum pw_os os);
enum pgstate pgstate_of_walk(const struct pt_walk *w);
/* States of n consecutive pages from va (page aligned down). */
void pgstate_of_range(struct session *s, uint64_t va, size_t n,
		      enum pgstate *out);

#endif
