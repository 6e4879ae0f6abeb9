/* Decoding one paging entry: hardware flags, WinDbg's flag string, Windows
 * software (invalid) PTEs and Linux non-present entries.  Everything shown
 * about an entry comes from a decoded struct pte_info, never from raw bits
 * twice. */
#ifndef PW_PTE_H
#define PW_PTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"

#define X86_PTE_BIT_P 0
#define X86_PTE_BIT_RW 1
#define X86_PTE_BIT_US 2
#define X86_PTE_BIT_PWT 3
#define X86_PTE_BIT_PCD 4
#define X86_PTE_BIT_A 5
#define X86_PTE_BIT_D 6
#define X86_PTE_BIT_PS 7
#define X86_PTE_BIT_G 8
#define X86_PTE_BIT_NX 63
#define X86_PTE_P (1ull << X86_PTE_BIT_P)
#define X86_PTE_RW (1ull << X86_PTE_BIT_RW)
#define X86_PTE_US (1ull << X86_PTE_BIT_US)
#define X86_PTE_PWT (1ull << X86_PTE_BIT_PWT)
#define X86_PTE_PCD (1ull << X86_PTE_BIT_PCD)
#define X86_PTE_A (1ull << X86_PTE_BIT_A)
#define X86_PTE_D (1ull << X86_PTE_BIT_D)
#define X86_PTE_PS (1ull << X86_PTE_BIT_PS)
#define X86_PTE_G (1ull << X86_PTE_BIT_G)
#define X86_PTE_NX (1ull << X86_PTE_BIT_NX)

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
};

/* The flag rows, in display order. */
const struct pte_flag *pte_flags(size_t *n);

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
void pte_flag_header(char *buf, size_t len);

void pte_decode(const struct pte_ctx *c, enum pte_role role, uint64_t raw,
		struct pte_info *out);

/* What a present entry points to (doc/PAGING.md, "Entry bits"): the
 * frame of the next table or of the page, and, when it maps a large page
 * (PS in a PDE, or in an IA-32e PDPTE), the page's size as a shift, else
 * 0.  wide: 8-byte entries (PAE, IA-32e), else 32-bit paging, where a
 * 4 MiB page's frame takes PSE-36's bits 13..20 as PA bits 32..39.  The
 * one rule pte_decode and the translate-only walk (pt_translate) share;
 * inline, as walks call it at every level. */
static inline uint64_t pte_present_frame(bool wide, enum pte_role role,
					 uint64_t raw, unsigned *large_shift)
{
	*large_shift = 0;
	if (!wide) {
		if (role == PTE_ROLE_PD && (raw & X86_PTE_PS)) {
			*large_shift = 22;
			return (raw & 0xFFC00000u) | ((raw & 0x001FE000u) << 19);
		}
		return raw & 0xFFFFF000u;
	}
	uint64_t addr = raw & 0x000FFFFFFFFFF000ull;	/* bits 51:12 */
	if ((raw & X86_PTE_PS) && (role == PTE_ROLE_PD || role == PTE_ROLE_PDPT)) {
		*large_shift = role == PTE_ROLE_PD ? 21 : 30;
		addr &= ~((1ull << *large_shift) - 1);	/* 12..: PAT, reserved */
	}
	return addr;
}

/* What a present entry allows (doc/PAGING.md, "Entry bits"): R/W, U/S
 * and, in 8-byte entries, XD; a PAE PDPTE has none of them. */
static inline struct pte_perms pte_present_perms(bool wide, enum pte_role role,
						 uint64_t raw)
{
	struct pte_perms p = { true, true, true, true };

	if (role == PTE_ROLE_PDPTE_PAE) {
		p.has = false;
		return p;
	}
	p.write = raw & X86_PTE_RW;
	p.user = raw & X86_PTE_US;
	p.exec = !(wide && (raw & X86_PTE_NX));
	return p;
}

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
unsigned pte_maxphy(const struct pte_ctx *c);

#endif
