/* Page-state classification (doc/PAGING.md, Page states). */
#include "config.h"

#include "pgstate.h"

#include <assert.h>

#include "session.h"

static const struct pgstate_desc descs[] = {
	[PGS_VALID] = { 'V', "valid", "resident" },
	[PGS_LARGE] = { 'L', "large", "resident in a large page" },
	[PGS_DEMAND_ZERO] = { 'd', "demand-zero", "committed, never touched" },
	[PGS_TRANSITION] = { 't', "transition", "on a standby/modified list" },
	[PGS_PAGED_OUT] = { 'o', "paged out", "in the page file / swap" },
	[PGS_PROTOTYPE] = { 'p', "prototype", "shared, via a prototype PTE" },
	[PGS_RESERVED] = { 'r', "reserved", "reserved, not committed" },
	[PGS_NOT_COMMITTED] = { '.', "not committed", "zero PTE" },
	[PGS_NO_TABLE] = { ' ', "no table", "a higher level is not present" },
	[PGS_NOT_IN_DUMP] = { '?', "not in dump", "missing from the image" },
	[PGS_PROTNONE] = { 'n', "PROT_NONE", "frame kept, no access" },
	[PGS_SOFTWARE] = { 's', "software", "other non-present entry" },
	[PGS_BAD] = { '!', "bad entry", "beyond MAXPHYADDR or unreadable" },
	[PGS_NONCANONICAL] = { 'x', "non-canonical", "no translation" },
	[PGS_FREE] = { '-', "free", "not allocated (no region or VMA)" },
	[PGS_FILE_UNREAD] = { 'f', "unread",
			      "committed, file page not yet read" },
	[PGS_GUARD] = { 'g', "guard",
			"committed, guard page: the first touch faults" },
	[PGS_DECOMMITTED] = { 'D', "decommitted",
			      "was committed, released (MM_DECOMMIT)" },
};

static_assert(sizeof(descs) / sizeof(descs[0]) == PGS_COUNT,
	      "one description per page state");

const struct pgstate_desc *pgstate_desc(enum pgstate st)
{
	return &descs[st < PGS_COUNT ? st : PGS_SOFTWARE];
}

/* Linux's record of an address space is its VMAs, and its words are its
 * own (doc/LINUX.md, Page states from VMAs): only the descriptions
 * differ; letters and names are the table's above. */
static const char *const linux_words[PGS_COUNT] = {
	[PGS_DEMAND_ZERO] = "anonymous, not yet faulted",
	[PGS_FILE_UNREAD] = "file, not yet read in",
	[PGS_RESERVED] = "PROT_NONE VMA, nothing committed",
	[PGS_FREE] = "no VMA",
	[PGS_PAGED_OUT] = "in swap",
	[PGS_NOT_COMMITTED] = "zero entry, VMAs not known (.process)",
};

/* Windows's record is its VADs (doc/WINDOWS.md, Page states from VADs). */
static const char *const windows_words[PGS_COUNT] = {
	[PGS_RESERVED] = "in a reserve-only VAD, not committed",
	[PGS_FREE] = "no VAD",
	[PGS_NOT_COMMITTED] = "zero PTE, VADs not known (.process)",
	[PGS_FILE_UNREAD] = "mapped view, page not yet read in",
};

const struct pgstate_desc *pgstate_desc_os(enum pgstate st, enum pw_os os)
{
	static struct pgstate_desc os_descs[PGS_COUNT];
	const char *const *words = os == PW_OS_LINUX ? linux_words :
				   os == PW_OS_WINDOWS ? windows_words : NULL;

	if (!words || st >= PGS_COUNT || !words[st])
		return pgstate_desc(st);
	os_descs[st] = descs[st];
	os_descs[st].desc = words[st];
	return &os_descs[st];
}

static enum pgstate of_entry(const struct pte_info *in, bool leaf)
{
	switch (in->kind) {
	case PTE_HW: return PGS_VALID;
	case PTE_ZERO: return leaf ? PGS_NOT_COMMITTED : PGS_NO_TABLE;
	case PTE_WIN_DEMAND_ZERO:
		if (!leaf)
			return PGS_NO_TABLE;
		/* MM_GUARD_PAGE (0x10) over an access (0x10 alone is
		 * MM_DECOMMIT, its own kind) */
		return in->has_prot && (in->prot & 0x18) == 0x10 ? PGS_GUARD :
		       PGS_DEMAND_ZERO;
	case PTE_WIN_DECOMMITTED: return leaf ? PGS_DECOMMITTED : PGS_NO_TABLE;
	case PTE_WIN_TRANSITION: return PGS_TRANSITION;
	case PTE_WIN_PAGEFILE: return PGS_PAGED_OUT;
	case PTE_WIN_PROTOTYPE: return PGS_PROTOTYPE;
	case PTE_LINUX_SWAP: return PGS_PAGED_OUT;
	case PTE_LINUX_PROTNONE: return PGS_PROTNONE;
	case PTE_WIN_VAD:
	case PTE_SOFT:
	case PTE_KIND_COUNT:
		break;
	}
	return PGS_SOFTWARE;
}

/* Minidump: MemoryInfoList says reserved / committed / free exactly;
 * committed pages are resident when captured. */
static enum pgstate of_region(const struct pt_walk *w)
{
	if (!w->has_regions)
		return w->frame_in_dump ? PGS_VALID : PGS_NOT_IN_DUMP;
	if (!w->region || w->region->state == FMT_MEM_FREE)
		return PGS_FREE;
	if (w->region->state == FMT_MEM_RESERVE)
		return PGS_RESERVED;
	return w->frame_in_dump ? PGS_VALID : PGS_NOT_IN_DUMP;
}

static enum pgstate of_paged(const struct pt_walk *w);

/* Where the OS's areas are known (Linux VMAs, Windows VADs), empty
 * entries say more: outside every area the page is free; in a reserved
 * one (a reserve-only VAD, a VMA without access) reserved; else it is
 * committed but not yet faulted in (anonymous: demand-zero; file-backed:
 * not yet read). */
enum pgstate pgstate_of_walk(const struct pt_walk *w)
{
	enum pgstate st = of_paged(w);

	if (!w->has_areas || (st != PGS_NOT_COMMITTED && st != PGS_NO_TABLE))
		return st;
	if (!w->area)
		return PGS_FREE;
	if (w->area->reserved)
		return PGS_RESERVED;
	if (w->area->protect & 0x100)	/* PAGE_GUARD from the VAD */
		return PGS_GUARD;
	return w->area->file ? PGS_FILE_UNREAD : PGS_DEMAND_ZERO;
}

static enum pgstate of_paged(const struct pt_walk *w)
{
	switch (w->stop) {
	case PT_OK:
		/* A large page is drawn as such even where the image lacks
		 * some of its frames (a dump often holds only part of it). */
		if (w->page_shift > 12)
			return PGS_LARGE;
		return w->frame_in_dump ? PGS_VALID : PGS_NOT_IN_DUMP;
	case PT_NONCANONICAL:
		return PGS_NONCANONICAL;
	case PT_NOT_PRESENT:
		return of_entry(&w->lv[w->stop_lvl].info,
				w->lv[w->stop_lvl].role == PTE_ROLE_LEAF);
	case PT_BEYOND_MAXPHY:
	case PT_TABLE_UNREADABLE:
		return PGS_BAD;
	case PT_NO_PAGING:
		return of_region(w);
	case PT_TABLE_NOT_IN_DUMP:
	case PT_NO_ROOT:
		break;
	}
	return PGS_NOT_IN_DUMP;
}

void pgstate_of_range(struct session *s, uint64_t va, size_t n,
		      enum pgstate *out)
{
	struct pt_walk w;

	va &= ~0xFFFull;
	for (size_t i = 0; i < n; i++) {
		sess_walk(s, va + i * 4096, &w);
		out[i] = pgstate_of_walk(&w);
	}
}
