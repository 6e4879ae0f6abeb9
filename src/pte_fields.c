/* An entry as named bit fields, the way WinDbg's `dx (_MMPTE_SOFTWARE *)`
 * shows it: one table per structure and layout (doc/PAGING.md, "Entries
 * as bit fields", where each table's source is named).  Bits no
 * field names are shown as "(bits)" so every bit of the entry is listed. */
#include "config.h"

#include "pte_fields.h"
#include "os_pte.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

struct field {
	unsigned hi, lo;
	const char *name;
};

struct layout {
	enum pte_struct st;
	enum pte_layout L;
	const char *title;
	struct field f[20];	/* low bits first; ends with a NULL name */
};

#define END { 0, 0, NULL }

static const struct layout layouts[] = {
	/* hardware entries: the x86 bits with the names Windows gives
	 * them (_MMPTE_HARDWARE) */
	{ PTE_STRUCT_HARDWARE, PTE_LAYOUT_X86, "_MMPTE_HARDWARE", {
		{ 0, 0, "Valid" }, { 1, 1, "Dirty1" }, { 2, 2, "Owner" },
		{ 3, 3, "WriteThrough" }, { 4, 4, "CacheDisable" },
		{ 5, 5, "Accessed" }, { 6, 6, "Dirty" }, { 7, 7, "LargePage" },
		{ 8, 8, "Global" }, { 9, 9, "CopyOnWrite" },
		{ 10, 10, "Prototype" }, { 11, 11, "Write" },
		{ 31, 12, "PageFrameNumber" }, END } },
	{ PTE_STRUCT_HARDWARE, PTE_LAYOUT_PAE, "_MMPTE_HARDWARE", {
		{ 0, 0, "Valid" }, { 1, 1, "Dirty1" }, { 2, 2, "Owner" },
		{ 3, 3, "WriteThrough" }, { 4, 4, "CacheDisable" },
		{ 5, 5, "Accessed" }, { 6, 6, "Dirty" }, { 7, 7, "LargePage" },
		{ 8, 8, "Global" }, { 9, 9, "CopyOnWrite" },
		{ 10, 10, "Prototype" }, { 11, 11, "Write" },
		{ 37, 12, "PageFrameNumber" }, { 62, 38, "reserved1" },
		{ 63, 63, "NoExecute" }, END } },
	{ PTE_STRUCT_HARDWARE, PTE_LAYOUT_PAE_1809, "_MMPTE_HARDWARE", {
		{ 0, 0, "Valid" }, { 1, 1, "Dirty1" }, { 2, 2, "Owner" },
		{ 3, 3, "WriteThrough" }, { 4, 4, "CacheDisable" },
		{ 5, 5, "Accessed" }, { 6, 6, "Dirty" }, { 7, 7, "LargePage" },
		{ 8, 8, "Global" }, { 9, 9, "CopyOnWrite" },
		{ 10, 10, "Unused" }, { 11, 11, "Write" },
		{ 37, 12, "PageFrameNumber" }, { 62, 38, "reserved1" },
		{ 63, 63, "NoExecute" }, END } },
	{ PTE_STRUCT_HARDWARE, PTE_LAYOUT_X64, "_MMPTE_HARDWARE", {
		{ 0, 0, "Valid" }, { 1, 1, "Dirty1" }, { 2, 2, "Owner" },
		{ 3, 3, "WriteThrough" }, { 4, 4, "CacheDisable" },
		{ 5, 5, "Accessed" }, { 6, 6, "Dirty" }, { 7, 7, "LargePage" },
		{ 8, 8, "Global" }, { 9, 9, "CopyOnWrite" },
		{ 10, 10, "Unused" }, { 11, 11, "Write" },
		{ 47, 12, "PageFrameNumber" }, { 51, 48, "reserved1" },
		{ 62, 52, "SoftwareWsIndex" }, { 63, 63, "NoExecute" }, END } },
	{ PTE_STRUCT_HARDWARE, PTE_LAYOUT_X64_1803, "_MMPTE_HARDWARE", {
		{ 0, 0, "Valid" }, { 1, 1, "Dirty1" }, { 2, 2, "Owner" },
		{ 3, 3, "WriteThrough" }, { 4, 4, "CacheDisable" },
		{ 5, 5, "Accessed" }, { 6, 6, "Dirty" }, { 7, 7, "LargePage" },
		{ 8, 8, "Global" }, { 9, 9, "CopyOnWrite" },
		{ 10, 10, "Unused" }, { 11, 11, "Write" },
		{ 51, 12, "PageFrameNumber" }, { 55, 52, "ReservedForSoftware" },
		{ 59, 56, "WsleAge" }, { 62, 60, "WsleProtection" },
		{ 63, 63, "NoExecute" }, END } },
	/* software entries (paged out, demand-zero) */
	{ PTE_STRUCT_SOFTWARE, PTE_LAYOUT_X86, "_MMPTE_SOFTWARE", {
		{ 0, 0, "Valid" }, { 4, 1, "PageFileLow" },
		{ 9, 5, "Protection" }, { 10, 10, "Prototype" },
		{ 11, 11, "Transition" }, { 31, 12, "PageFileHigh" }, END } },
	{ PTE_STRUCT_SOFTWARE, PTE_LAYOUT_PAE, "_MMPTE_SOFTWARE", {
		{ 0, 0, "Valid" }, { 4, 1, "PageFileLow" },
		{ 9, 5, "Protection" }, { 10, 10, "Prototype" },
		{ 11, 11, "Transition" }, { 12, 12, "InStore" },
		{ 31, 13, "Unused1" }, { 63, 32, "PageFileHigh" }, END } },
	{ PTE_STRUCT_SOFTWARE, PTE_LAYOUT_PAE_1809, "_MMPTE_SOFTWARE", {
		{ 0, 0, "Valid" }, { 1, 1, "PageFileReserved" },
		{ 2, 2, "PageFileAllocated" }, { 4, 4, "SwizzleBit" },
		{ 9, 5, "Protection" }, { 10, 10, "Prototype" },
		{ 11, 11, "Transition" }, { 15, 12, "PageFileLow" },
		{ 63, 32, "PageFileHigh" }, END } },
	{ PTE_STRUCT_SOFTWARE, PTE_LAYOUT_X64, "_MMPTE_SOFTWARE", {
		{ 0, 0, "Valid" }, { 4, 1, "PageFileLow" },
		{ 9, 5, "Protection" }, { 10, 10, "Prototype" },
		{ 11, 11, "Transition" }, { 63, 32, "PageFileHigh" }, END } },
	{ PTE_STRUCT_SOFTWARE, PTE_LAYOUT_X64_1803, "_MMPTE_SOFTWARE", {
		{ 0, 0, "Valid" }, { 1, 1, "PageFileReserved" },
		{ 2, 2, "PageFileAllocated" }, { 3, 3, "ColdPage" },
		{ 4, 4, "SwizzleBit" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 11, 11, "Transition" },
		{ 15, 12, "PageFileLow" }, { 25, 16, "UsedPageTableEntries" },
		{ 26, 26, "ShadowStack" }, { 31, 27, "Unused" },
		{ 63, 32, "PageFileHigh" }, END } },
	/* transition entries (still in RAM, on a list) */
	{ PTE_STRUCT_TRANSITION, PTE_LAYOUT_X86, "_MMPTE_TRANSITION", {
		{ 0, 0, "Valid" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 11, 11, "Transition" },
		{ 31, 12, "PageFrameNumber" }, END } },
	{ PTE_STRUCT_TRANSITION, PTE_LAYOUT_PAE, "_MMPTE_TRANSITION", {
		{ 0, 0, "Valid" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 11, 11, "Transition" },
		{ 37, 12, "PageFrameNumber" }, END } },
	{ PTE_STRUCT_TRANSITION, PTE_LAYOUT_PAE_1809, "_MMPTE_TRANSITION", {
		{ 0, 0, "Valid" }, { 1, 1, "Write" }, { 3, 3, "IoTracker" },
		{ 4, 4, "SwizzleBit" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 11, 11, "Transition" },
		{ 37, 12, "PageFrameNumber" }, END } },
	{ PTE_STRUCT_TRANSITION, PTE_LAYOUT_X64, "_MMPTE_TRANSITION", {
		{ 0, 0, "Valid" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 11, 11, "Transition" },
		{ 47, 12, "PageFrameNumber" }, END } },
	{ PTE_STRUCT_TRANSITION, PTE_LAYOUT_X64_1803, "_MMPTE_TRANSITION", {
		{ 0, 0, "Valid" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 11, 11, "Transition" },
		{ 51, 12, "PageFrameNumber" }, END } },
	/* prototype entries (shared memory: the address of a prototype PTE) */
	{ PTE_STRUCT_PROTOTYPE, PTE_LAYOUT_X86, "_MMPTE_PROTOTYPE", {
		{ 0, 0, "Valid" }, { 8, 1, "ProtoAddressLow" },
		{ 9, 9, "ReadOnly" }, { 10, 10, "Prototype" },
		{ 31, 11, "ProtoAddressHigh" }, END } },
	{ PTE_STRUCT_PROTOTYPE, PTE_LAYOUT_PAE, "_MMPTE_PROTOTYPE", {
		{ 0, 0, "Valid" }, { 10, 10, "Prototype" },
		{ 15, 11, "Protection" }, { 31, 16, "Unused" },
		{ 63, 32, "ProtoAddress" }, END } },
	{ PTE_STRUCT_PROTOTYPE, PTE_LAYOUT_PAE_1809, "_MMPTE_PROTOTYPE", {
		{ 0, 0, "Valid" }, { 1, 1, "DemandFillProto" },
		{ 2, 2, "HiberVerifyConverted" }, { 3, 3, "ReadOnly" },
		{ 4, 4, "SwizzleBit" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 11, 11, "Combined" },
		{ 63, 32, "ProtoAddress" }, END } },
	{ PTE_STRUCT_PROTOTYPE, PTE_LAYOUT_X64, "_MMPTE_PROTOTYPE", {
		{ 0, 0, "Valid" }, { 10, 10, "Prototype" },
		{ 15, 11, "Protection" }, { 63, 16, "ProtoAddress" }, END } },
	{ PTE_STRUCT_PROTOTYPE, PTE_LAYOUT_X64_1803, "_MMPTE_PROTOTYPE", {
		{ 0, 0, "Valid" }, { 9, 5, "Protection" },
		{ 10, 10, "Prototype" }, { 63, 16, "ProtoAddress" }, END } },
	/* Linux (arch/x86/include/asm/pgtable_types.h, pgtable_64.h,
	 * pgtable-2level.h, pgtable-3level.h): PAE and x86-64 share the
	 * 64-bit layouts; non-present entries keep the frame or swap offset
	 * complemented (L1TF) except on 2-level i386 */
	{ PTE_STRUCT_LINUX_PTE, PTE_LAYOUT_X86, "pte (_PAGE_*)", {
		{ 0, 0, "PRESENT" }, { 1, 1, "RW" }, { 2, 2, "USER" },
		{ 3, 3, "PWT" }, { 4, 4, "PCD" }, { 5, 5, "ACCESSED" },
		{ 6, 6, "DIRTY" }, { 7, 7, "PSE/PAT" }, { 8, 8, "GLOBAL" },
		{ 9, 9, "SPECIAL" }, { 10, 10, "SOFTW2" },
		{ 11, 11, "SOFT_DIRTY" }, { 31, 12, "pfn" }, END } },
	{ PTE_STRUCT_LINUX_PTE, PTE_LAYOUT_X64, "pte (_PAGE_*)", {
		{ 0, 0, "PRESENT" }, { 1, 1, "RW" }, { 2, 2, "USER" },
		{ 3, 3, "PWT" }, { 4, 4, "PCD" }, { 5, 5, "ACCESSED" },
		{ 6, 6, "DIRTY" }, { 7, 7, "PSE/PAT" }, { 8, 8, "GLOBAL" },
		{ 9, 9, "SPECIAL" }, { 10, 10, "UFFD_WP" },
		{ 11, 11, "SOFT_DIRTY" }, { 51, 12, "pfn" },
		{ 58, 58, "DEVMAP" }, { 62, 59, "PKEY" }, { 63, 63, "NX" },
		END } },
	{ PTE_STRUCT_LINUX_SWAP, PTE_LAYOUT_X86, "swap entry", {
		{ 0, 0, "PRESENT (0)" }, { 5, 1, "type" },
		{ 8, 8, "PROTNONE (0)" }, { 31, 9, "offset" }, END } },
	{ PTE_STRUCT_LINUX_SWAP, PTE_LAYOUT_X64, "swap entry", {
		{ 0, 0, "PRESENT (0)" }, { 1, 1, "SWP_SOFT_DIRTY" },
		{ 2, 2, "SWP_UFFD_WP" }, { 3, 3, "SWP_EXCLUSIVE" },
		{ 7, 7, "PSE (0)" }, { 8, 8, "PROTNONE (0)" },
		{ 58, 9, "~offset" }, { 63, 59, "type" }, END } },
	{ PTE_STRUCT_LINUX_PROTNONE, PTE_LAYOUT_X86, "PROT_NONE entry", {
		{ 0, 0, "PRESENT (0)" }, { 1, 1, "RW" }, { 2, 2, "USER" },
		{ 5, 5, "ACCESSED" }, { 6, 6, "DIRTY" },
		{ 8, 8, "PROTNONE (1)" }, { 11, 11, "SOFT_DIRTY" },
		{ 31, 12, "pfn" }, END } },
	{ PTE_STRUCT_LINUX_PROTNONE, PTE_LAYOUT_X64, "PROT_NONE entry", {
		{ 0, 0, "PRESENT (0)" }, { 1, 1, "RW" }, { 2, 2, "USER" },
		{ 5, 5, "ACCESSED" }, { 6, 6, "DIRTY" },
		{ 8, 8, "PROTNONE (1)" }, { 11, 11, "SOFT_DIRTY" },
		{ 51, 12, "~pfn" }, { 63, 63, "NX" }, END } },
};

static const char *const struct_names[PTE_STRUCT_COUNT] = {
	[PTE_STRUCT_HARDWARE] = "hardware", [PTE_STRUCT_SOFTWARE] = "software",
	[PTE_STRUCT_TRANSITION] = "transition",
	[PTE_STRUCT_PROTOTYPE] = "prototype",
	[PTE_STRUCT_LINUX_PTE] = "pte", [PTE_STRUCT_LINUX_SWAP] = "swap",
	[PTE_STRUCT_LINUX_PROTNONE] = "protnone",
};

enum pte_struct pte_struct_parse(const char *s)
{
	for (int i = 0; i < PTE_STRUCT_COUNT; i++)
		if (!strcmp(s, struct_names[i]))
			return (enum pte_struct)i;
	return PTE_STRUCT_COUNT;
}

const char *pte_struct_names(char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (int i = 0; i < PTE_STRUCT_COUNT; i++)
		k = fmt_join(buf, len, k, ", ", struct_names[i]);
	return buf;
}

const char *pte_struct_name(enum pte_struct st)
{
	return st < PTE_STRUCT_COUNT ? struct_names[st] : "?";
}

enum pte_struct pte_struct_of(const struct pte_ctx *c,
			      const struct pte_info *in)
{
	if (c->os == PW_OS_LINUX && (in->kind == PTE_HW || in->kind == PTE_ZERO))
		return PTE_STRUCT_LINUX_PTE;
	switch (in->kind) {
	case PTE_LINUX_SWAP: return PTE_STRUCT_LINUX_SWAP;
	case PTE_LINUX_PROTNONE: return PTE_STRUCT_LINUX_PROTNONE;
	case PTE_HW: return PTE_STRUCT_HARDWARE;
	case PTE_WIN_TRANSITION: return PTE_STRUCT_TRANSITION;
	case PTE_WIN_PROTOTYPE: return PTE_STRUCT_PROTOTYPE;
	default: return PTE_STRUCT_SOFTWARE;
	}
}

static uint64_t field_value(uint64_t raw, unsigned hi, unsigned lo)
{
	uint64_t mask = hi - lo >= 63 ? ~0ull : (1ull << (hi - lo + 1)) - 1;
	return (raw >> lo) & mask;
}

size_t pte_fields(const struct pte_ctx *c, enum pte_struct st, uint64_t raw,
		  struct pte_field *out, size_t max, const char **title)
{
	enum pte_layout L = pte_layout_of(c);
	unsigned width = c->mode == PW_MODE_X86 ? 32 : 64;

	if (st >= PTE_STRUCT_LINUX_PTE)	/* Linux: 2-level or 64-bit */
		L = c->mode == PW_MODE_X86 ? PTE_LAYOUT_X86 : PTE_LAYOUT_X64;
	const struct layout *lay = NULL;
	size_t n = 0;

	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (layouts[i].st == st && layouts[i].L == L)
			lay = &layouts[i];
	if (!lay)
		return 0;
	*title = lay->title;
	unsigned next = 0;	/* lowest bit not yet listed */
	for (const struct field *f = lay->f; f->name && n < max; f++) {
		if (f->lo > next && n < max)	/* bits no field names */
			out[n++] = (struct pte_field){ f->lo - 1, next, NULL,
				field_value(raw, f->lo - 1, next) };
		if (n < max)
			out[n++] = (struct pte_field){ f->hi, f->lo, f->name,
				field_value(raw, f->hi, f->lo) };
		next = f->hi + 1;
	}
	if (next < width && n < max)
		out[n++] = (struct pte_field){ width - 1, next, NULL,
			field_value(raw, width - 1, next) };
	return n;
}
