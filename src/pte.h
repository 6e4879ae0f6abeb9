/* Decoding one paging entry: what a valid entry maps and allows (asked of
 * its architecture, arch/arch.h), WinDbg's flag string, and what an OS
 * keeps in a non-present one (os/os_pte.h).  Everything shown about an
 * entry comes from a decoded struct pte_info, never from raw bits twice. */
#ifndef PW_PTE_H
#define PW_PTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

/* Where an entry sits decides what bit 7 and the address field mean. */
enum pte_role {
	PTE_ROLE_TABLE,		/* points to a table; PS reserved (PML5E/PML4E) */
	PTE_ROLE_PDPTE_PAE,	/* PAE PDPTE: only P, PWT, PCD, address */
	PTE_ROLE_PD,		/* PDE: PS=1 maps 2 MiB (4 MiB in 32-bit) */
	PTE_ROLE_PDPT,		/* IA-32e PDPTE: PS=1 maps 1 GiB */
	PTE_ROLE_LEAF,		/* 4 KiB PTE: bit 7 is PAT */
};

enum pte_kind {
	PTE_HW,			/* present */
	PTE_ZERO,		/* all zero */
	PTE_WIN_DEMAND_ZERO,
	PTE_WIN_TRANSITION,
	PTE_WIN_PAGEFILE,
	PTE_WIN_PROTOTYPE,
	PTE_WIN_VAD,		/* PageFileHigh all ones: commit in the VAD */
	PTE_WIN_DECOMMITTED,
	PTE_LINUX_SWAP,
	PTE_LINUX_PROTNONE,
	PTE_SOFT,		/* not present, OS unknown */
	PTE_KIND_COUNT
};

struct pte_ctx {
	enum pw_mode mode;
	enum pw_os os;
	unsigned maxphy;	/* MAXPHYADDR, 32..52 */
	unsigned win_build;	/* 0 = unknown (pre-1803 layout) */
};

/* What a present entry allows, in words any architecture has.  has:
 * false when the entry holds no such bits and restricts nothing (x86's
 * PAE PDPTE). */
struct pte_perms {
	bool has, write, user, exec;
};

struct pte_info {
	uint64_t raw;
	enum pte_role role;
	enum pte_kind kind;
	bool present;
	struct pte_perms perm;	/* present entries */
	bool large;		/* PS=1 in a PDE/PDPTE */
	unsigned large_shift;	/* 21, 22 or 30 when large */
	uint64_t frame;		/* PA of table/page (present, transition,
				   protnone) */
	uint64_t rsvd;		/* reserved bits set in a present entry */
	unsigned prot;		/* Windows protection, 5 bits */
	bool has_prot;
	unsigned file;		/* page-file number / swap type */
	uint64_t offset;	/* page-file offset in pages / swap offset */
	uint64_t proto;		/* prototype PTE address */
};

/* One row per hardware flag, in the order the walk panel's columns,
 * `pte`, `!pte`'s flag string and --json show them: the one table they
 * all read (pte_flag_show). */
struct pte_flag {
	unsigned bit;
	const char *name;	/* "NX" */
	const char *desc;	/* "no execute" */
	char col;		/* the walk panel's column letter */
	const char *leaf_name;	/* the bit's name in a 4 KiB PTE, when it
				   differs ("PAT"), with its letter */
	char leaf_col;
	bool wide_only;		/* 8-byte entries only (XD) */
	bool pdpte_pae;		/* defined in a PAE PDPTE */
	/* WinDbg's 11-letter string: position, letter when set, when clear */
	int wd_pos;
	char wd_set, wd_clear;
	bool large;		/* shows the entry's large page (decoded),
				   not the raw bit, which may be reserved */
};

/* The flag rows of m's architecture, in display order (the first
 * architecture's when m is PW_MODE_NONE). */
const struct pte_flag *pte_flags(enum pw_mode m, size_t *n);

/* How row f shows for an entry (role, raw value) under c's mode: its
 * name there, whether the entry has the bit at all (XD in 32-bit
 * paging: no), whether it is set, and its column letter ('-' when clear
 * or absent). */
struct pte_flag_shown {
	const char *name;
	bool exists, set;
	char col;
};
struct pte_flag_shown pte_flag_show(const struct pte_ctx *c,
				    enum pte_role role,
				    const struct pte_flag *f, uint64_t raw);
/* The column letters of every row, space-separated ("P W U T C A D S G
 * X"), for a header; buf >= 2 * rows. */
void pte_flag_header(enum pw_mode m, char *buf, size_t len);

void pte_decode(const struct pte_ctx *c, enum pte_role role, uint64_t raw,
		struct pte_info *out);
/* The same with c's form already looked up (d: pt_mode_or_default), for
 * the walks, which decode at every level. */
struct pt_mode_desc;
void pte_decode_in(const struct pt_mode_desc *d, const struct pte_ctx *c,
		   enum pte_role role, uint64_t raw, struct pte_info *out);

/* WinDbg's 11-character string, e.g. "---DA--UWEV"; buf >= 12 bytes. */
void pte_flag_string(const struct pte_ctx *c, const struct pte_info *in,
		     char *buf);

/* The lines WinDbg prints under "not valid" for an invalid entry
 * ("DemandZero", "Protect: 4 - ReadWrite").  Returns the line count. */
unsigned pte_invalid_lines(const struct pte_ctx *c, const struct pte_info *in,
			   char lines[][64], unsigned max);

/* Short name of the kind: "demand-zero", "page file", ... */
const char *pte_kind_name(enum pte_kind k);

/* MAXPHYADDR in bits (32..52; 52 when not known). */
static inline unsigned pte_maxphy(const struct pte_ctx *c)
{
	unsigned m = c->maxphy ? c->maxphy : 52;
	return m < 32 ? 32 : m > 52 ? 52 : m;
}

#endif
