/* x86 paging as one architecture value (arch/arch.h): the four forms,
 * where CR3 points, and what a present entry maps, allows and reserves
 * (Intel SDM vol. 3A ch. 4, tables 4-4..4-19; doc/PAGING.md, "Paging
 * modes" and "Entry bits").  Adding an architecture is a file like this
 * one and a row in src/pt.c's list. */
#include "config.h"

#include "arch.h"
#include "pt.h"
#include "pt_loop.h"
#include "x86.h"

/* The four forms as parts (doc/PAGING.md, Paging modes): each level's
 * index width from the root down, 4 KiB pages. */
static const struct pt_form_spec forms[] = {
	{ PW_MODE_X86, "x86", "x86", 4, 32, 12, 2, {
		{ "PDE", "PDE", "PD", 10, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 10, PTE_ROLE_LEAF },
	} },
	{ PW_MODE_PAE, "pae", "PAE", 8, 32, 12, 3, {
		{ "PDPTE", "PPE", "PDPT", 2, PTE_ROLE_PDPTE_PAE },
		{ "PDE", "PDE", "PD", 9, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 9, PTE_ROLE_LEAF },
	} },
	{ PW_MODE_X64, "x64", "4-level", 8, 48, 12, 4, {
		{ "PML4E", "PXE", "PML4", 9, PTE_ROLE_TABLE },
		{ "PDPTE", "PPE", "PDPT", 9, PTE_ROLE_PDPT },
		{ "PDE", "PDE", "PD", 9, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 9, PTE_ROLE_LEAF },
	} },
	{ PW_MODE_LA57, "la57", "5-level", 8, 57, 12, 5, {
		{ "PML5E", "PML5E", "PML5", 9, PTE_ROLE_TABLE },
		{ "PML4E", "PXE", "PML4", 9, PTE_ROLE_TABLE },
		{ "PDPTE", "PPE", "PDPT", 9, PTE_ROLE_PDPT },
		{ "PDE", "PDE", "PD", 9, PTE_ROLE_PD },
		{ "PTE", "PTE", "PT", 9, PTE_ROLE_LEAF },
	} },
};

static const struct pt_arch_alias aliases[] = {
	{ "2l", PW_MODE_X86 }, { "i386", PW_MODE_X86 },
	{ "3l", PW_MODE_PAE },
	{ "4l", PW_MODE_X64 }, { "amd64", PW_MODE_X64 },
	{ "5l", PW_MODE_LA57 },
};

static const struct pte_flag flags[] = {
	/* bit, name, desc, column, leaf name and column, 8-byte only, in
	 * a PAE PDPTE, WinDbg position and letters (doc/PAGING.md,
	 * "Windows: the !pte flag string"), shows a large page */
	{ X86_PTE_BIT_P, "P", "present", 'P', NULL, 0, false, true,
	  10, 'V', '-', false },
	{ X86_PTE_BIT_RW, "W", "writable", 'W', NULL, 0, false, false,
	  8, 'W', 'R', false },
	{ X86_PTE_BIT_US, "U", "user", 'U', NULL, 0, false, false,
	  7, 'U', 'K', false },
	{ X86_PTE_BIT_PWT, "PWT", "write-through", 'T', NULL, 0, false, true,
	  6, 'T', '-', false },
	{ X86_PTE_BIT_PCD, "PCD", "cache disabled", 'C', NULL, 0, false, true,
	  5, 'N', '-', false },
	{ X86_PTE_BIT_A, "A", "accessed", 'A', NULL, 0, false, true,
	  4, 'A', '-', false },
	{ X86_PTE_BIT_D, "D", "dirty", 'D', NULL, 0, false, true,
	  3, 'D', '-', false },
	{ X86_PTE_BIT_PS, "PS", "large page", 'S', "PAT", 'p', false, true,
	  2, 'L', '-', true },
	{ X86_PTE_BIT_G, "G", "global", 'G', NULL, 0, false, true,
	  1, 'G', '-', false },
	{ X86_PTE_BIT_NX, "NX", "no execute", 'X', NULL, 0, true, false,
	  9, '-', 'E', false },
};

static uint64_t bits(unsigned hi, unsigned lo)
{
	return (hi >= 63 ? ~0ull : ((1ull << (hi + 1)) - 1)) & ~((1ull << lo) - 1);
}

/* CR3: a 4 KiB-aligned PD (32-bit), a 32-byte-aligned PDPT (PAE), or a
 * PML4/PML5 below MAXPHYADDR with PCID and bit 63 masked (IA-32e). */
static inline uint64_t x86_root(const struct pt_mode_desc *d, uint64_t cr3,
				unsigned maxphy)
{
	switch (d->mode) {
	case PW_MODE_X86: return cr3 & 0xFFFFF000u;
	case PW_MODE_PAE: return cr3 & 0xFFFFFFE0u;
	default: return cr3 & ((1ull << maxphy) - 1) & ~0xFFFull;
	}
}

/* A 4 MiB page (32-bit PDE with PS) takes PSE-36's bits 13..20 as PA
 * bits 32..39; in 8-byte entries the address is bits 51:12, a 2 MiB or
 * 1 GiB page's low bits being PAT and reserved. */
static inline uint64_t x86_frame(const struct pt_mode_desc *d,
				 enum pte_role role, uint64_t raw,
				 unsigned *large_shift)
{
	*large_shift = 0;
	if (d->esize == 4) {
		if (role == PTE_ROLE_PD && (raw & X86_PTE_PS)) {
			*large_shift = 22;
			return (raw & 0xFFC00000u) | ((raw & 0x001FE000u) << 19);
		}
		return raw & 0xFFFFF000u;
	}
	uint64_t addr = raw & 0x000FFFFFFFFFF000ull;
	if ((raw & X86_PTE_PS) && (role == PTE_ROLE_PD || role == PTE_ROLE_PDPT)) {
		*large_shift = role == PTE_ROLE_PD ? 21 : 30;
		addr &= ~((1ull << *large_shift) - 1);
	}
	return addr;
}

/* R/W, U/S and, in 8-byte entries, XD; a PAE PDPTE has none of them.
 * Reserved: bit 21 of a 4 MiB PDE; 62:M (PAE) or 51:M (IA-32e, which
 * ignores 62:52); a PAE PDPTE's 2:1, 8:5 and XD; PS in a PML4E/PML5E;
 * 13 up to the page size in a large page (bit 12 is its PAT). */
static void x86_decode(const struct pt_mode_desc *d, unsigned maxphy,
		       struct pte_info *o)
{
	uint64_t raw = o->raw, rsvd;
	bool wide = d->esize == 8;
	unsigned ls;

	o->frame = x86_frame(d, o->role, raw, &ls);
	o->large = ls != 0;
	o->large_shift = ls;
	o->perm = (struct pte_perms){ true, raw & X86_PTE_RW, raw & X86_PTE_US,
				      !(wide && (raw & X86_PTE_NX)) };
	if (!wide) {
		o->rsvd = o->large ? raw & (1u << 21) : 0;
		return;
	}
	rsvd = d->mode == PW_MODE_PAE ? bits(62, maxphy) :
	       maxphy < 52 ? bits(51, maxphy) : 0;
	switch (o->role) {
	case PTE_ROLE_PDPTE_PAE:
		o->perm = (struct pte_perms){ false, true, true, true };
		rsvd |= bits(2, 1) | bits(8, 5) | X86_PTE_NX;
		break;
	case PTE_ROLE_TABLE:
		rsvd |= X86_PTE_PS;
		break;
	case PTE_ROLE_PD:
	case PTE_ROLE_PDPT:
		if (o->large)
			rsvd |= bits(o->large_shift - 1, 13);
		break;
	case PTE_ROLE_LEAF:
		break;
	}
	o->rsvd = raw & rsvd;
}

static enum pt_stop x86_translate(const struct fmt_source *src,
				  const struct pt_ctx *c,
				  const struct pt_mode_desc *d, uint64_t va,
				  uint64_t *pa, unsigned *page_shift)
{
	return pt_translate_with(src, c, d, X86_PTE_P, x86_root, x86_frame,
				 va, pa, page_shift);
}

const struct pt_arch pt_arch_x86 = {
	"x86", forms, sizeof(forms) / sizeof(forms[0]),
	aliases, sizeof(aliases) / sizeof(aliases[0]),
	X86_PTE_P, x86_root, x86_decode, x86_translate,
	flags, sizeof(flags) / sizeof(flags[0]),
};
