/* Entry decoding: hardware layouts from the SDM (vol. 3A ch. 4, tables
 * 4-4..4-19); what a non-present entry holds is the OS's to say (os/
 * os_pte.h: Windows, Linux).  No memory access here. */
#include "config.h"

#include "pte.h"

#include "le.h"
#include "os_pte.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static const struct pte_flag flag_table[] = {
	/* bit, name, desc, column (leaf), 8-byte only, in a PAE PDPTE,
	 * WinDbg position and letters (doc/PAGING.md, "Windows: the !pte
	 * flag string") */
	{ X86_PTE_BIT_P, "P", "present", 'P', NULL, 0, false, true,
	  10, 'V', '-' },
	{ X86_PTE_BIT_RW, "W", "writable", 'W', NULL, 0, false, false,
	  8, 'W', 'R' },
	{ X86_PTE_BIT_US, "U", "user", 'U', NULL, 0, false, false,
	  7, 'U', 'K' },
	{ X86_PTE_BIT_PWT, "PWT", "write-through", 'T', NULL, 0, false, true,
	  6, 'T', '-' },
	{ X86_PTE_BIT_PCD, "PCD", "cache disabled", 'C', NULL, 0, false, true,
	  5, 'N', '-' },
	{ X86_PTE_BIT_A, "A", "accessed", 'A', NULL, 0, false, true,
	  4, 'A', '-' },
	{ X86_PTE_BIT_D, "D", "dirty", 'D', NULL, 0, false, true,
	  3, 'D', '-' },
	{ X86_PTE_BIT_PS, "PS", "large page", 'S', "PAT", 'p', false, true,
	  2, 'L', '-' },
	{ X86_PTE_BIT_G, "G", "global", 'G', NULL, 0, false, true,
	  1, 'G', '-' },
	{ X86_PTE_BIT_NX, "NX", "no execute", 'X', NULL, 0, true, false,
	  9, '-', 'E' },
};

const struct pte_flag *pte_flags(size_t *n)
{
	*n = sizeof(flag_table) / sizeof(flag_table[0]);
	return flag_table;
}

static uint64_t bits(unsigned hi, unsigned lo)
{
	return (hi >= 63 ? ~0ull : ((1ull << (hi + 1)) - 1)) & ~((1ull << lo) - 1);
}

static bool wide(enum pw_mode m)
{
	return m != PW_MODE_X86;
}

struct pte_flag_shown pte_flag_show(const struct pte_ctx *c,
				    enum pte_role role,
				    const struct pte_flag *f, uint64_t raw)
{
	bool leaf = role == PTE_ROLE_LEAF && f->leaf_name;
	struct pte_flag_shown v = {
		leaf ? f->leaf_name : f->name,
		!f->wide_only || wide(c->mode),
		(raw >> f->bit) & 1, '-'
	};

	if (v.exists && v.set)
		v.col = leaf ? f->leaf_col : f->col;
	return v;
}

void pte_flag_header(char *buf, size_t len)
{
	size_t k = 0;

	for (size_t i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]) &&
	     k + 2 < len; i++) {
		if (i)
			buf[k++] = ' ';
		buf[k++] = flag_table[i].col;
	}
	buf[k] = '\0';
}

unsigned pte_maxphy(const struct pte_ctx *c)
{
	unsigned m = c->maxphy ? c->maxphy : 52;
	return m < 32 ? 32 : m > 52 ? 52 : m;
}

/* Present entries: frame, large-page size, reserved bits. */
static void decode_present(const struct pte_ctx *c, enum pte_role role,
			   uint64_t raw, struct pte_info *o)
{
	/* The address field as stored; an address at or above MAXPHYADDR is
	 * reported by the walk (PT_BEYOND_MAXPHY), not cut off here. */
	unsigned ls;

	o->present = true;
	o->kind = PTE_HW;
	o->perm = pte_present_perms(wide(c->mode), role, raw);
	o->frame = pte_present_frame(wide(c->mode), role, raw, &ls);
	o->large = ls != 0;
	o->large_shift = ls;
	if (!wide(c->mode)) {
		/* 32-bit paging: a 4 MiB PDE reserves bit 21 (SDM table 4-4) */
		o->rsvd = ls ? raw & (1u << 21) : 0;
		return;
	}
	/* PAE entries reserve 62:M; IA-32e ignores 62:52 and reserves 51:M. */
	uint64_t rsvd = c->mode == PW_MODE_PAE ? bits(62, pte_maxphy(c)) :
			(pte_maxphy(c) < 52 ? bits(51, pte_maxphy(c)) : 0);
	switch (role) {
	case PTE_ROLE_PDPTE_PAE:
		rsvd |= bits(2, 1) | bits(8, 5) | X86_PTE_NX;
		break;
	case PTE_ROLE_TABLE:
		rsvd |= X86_PTE_PS;
		break;
	case PTE_ROLE_PD:
	case PTE_ROLE_PDPT:
		/* Large leaf: bit 12 is PAT, the bits below the page size
		 * down to 13 are reserved (SDM tables 4-9, 4-15, 4-17). */
		if (ls)
			rsvd |= bits(ls - 1, 13);
		break;
	case PTE_ROLE_LEAF:
		break;
	}
	o->rsvd = raw & rsvd;
}

void pte_decode(const struct pte_ctx *c, enum pte_role role, uint64_t raw,
		struct pte_info *o)
{
	memset(o, 0, sizeof(*o));
	if (!wide(c->mode))
		raw &= 0xFFFFFFFFu;
	o->raw = raw;
	o->role = role;
	if (raw & X86_PTE_P) {
		decode_present(c, role, raw, o);
		return;
	}
	if (raw == 0) {
		o->kind = PTE_ZERO;
		return;
	}
	/* the OS's reading of the bits the CPU ignores (os/os_pte.h) */
	const struct os_entry_ops *ops = os_entry_ops(c->os);
	if (ops) {
		ops->decode(c, raw, o);
		return;
	}
	o->kind = PTE_SOFT;
}

void pte_flag_string(const struct pte_ctx *c, const struct pte_info *in,
		     char *b)
{
	/* position 0: bit 9, which Windows uses for copy-on-write (a
	 * software bit, not a row of the hardware table) */
	memset(b, '-', 11);
	b[0] = (in->raw & (1u << 9)) ? 'C' : '-';
	for (size_t i = 0; i < sizeof(flag_table) / sizeof(flag_table[0]); i++) {
		const struct pte_flag *f = &flag_table[i];
		/* L is a large page, not the bit: PS in a PML4E is reserved */
		bool set = f->bit == X86_PTE_BIT_PS ? in->large :
			   (in->raw >> f->bit) & 1;
		if (f->wide_only && !wide(c->mode))
			set = false;	/* no XD: always executable */
		b[f->wd_pos] = set ? f->wd_set : f->wd_clear;
		/* A PAE PDPTE has no U/S, R/W or XD bits: nothing to say */
		if (in->role == PTE_ROLE_PDPTE_PAE && !f->pdpte_pae)
			b[f->wd_pos] = '-';
	}
	b[11] = '\0';
}

unsigned pte_invalid_lines(const struct pte_ctx *c, const struct pte_info *in,
			   char lines[][64], unsigned max)
{
	char pbuf[40];
	unsigned n = 0;
	bool wide_va = c->mode == PW_MODE_X64 || c->mode == PW_MODE_LA57;

#define LINE(...) do { if (n < max) snprintf(lines[n++], 64, __VA_ARGS__); } while (0)
	switch (in->kind) {
	case PTE_HW:
	case PTE_ZERO:
		return 0;
	case PTE_WIN_DEMAND_ZERO:
		LINE("DemandZero");
		break;
	case PTE_WIN_TRANSITION:
		LINE("Transition: %" PRIx64, in->frame >> 12);
		break;
	case PTE_WIN_PAGEFILE:
		LINE("PageFile:  %2u", in->file);
		LINE("Offset: %" PRIx64, in->offset);
		break;
	case PTE_WIN_PROTOTYPE:
		if (wide_va)
			LINE("Proto: %016" PRIX64, in->proto);
		else
			LINE("Proto: %08" PRIX64, in->proto & 0xFFFFFFFFu);
		break;
	case PTE_WIN_VAD:
		LINE("Unknown (VAD describes the commit)");
		break;
	case PTE_WIN_DECOMMITTED:
		LINE("Decommitted");
		break;
	case PTE_LINUX_SWAP:
		LINE("Swap type: %u", in->file);
		LINE("Swap offset: %" PRIx64, in->offset);
		return n;
	case PTE_LINUX_PROTNONE:
		LINE("PROT_NONE pfn %" PRIx64, in->frame >> 12);
		return n;
	case PTE_SOFT:
		LINE("software bits %" PRIx64, in->raw);
		return n;
	case PTE_KIND_COUNT:
		return n;
	}
	if (in->has_prot)
		LINE("Protect: %x - %s", in->prot,
		     pte_protect_name(in->prot, pbuf, sizeof(pbuf)));
#undef LINE
	return n;
}

const char *pte_kind_name(enum pte_kind k)
{
	switch (k) {
	case PTE_HW: return "valid";
	case PTE_ZERO: return "zero";
	case PTE_WIN_DEMAND_ZERO: return "demand-zero";
	case PTE_WIN_TRANSITION: return "transition";
	case PTE_WIN_PAGEFILE: return "page file";
	case PTE_WIN_PROTOTYPE: return "prototype";
	case PTE_WIN_VAD: return "VAD";
	case PTE_WIN_DECOMMITTED: return "decommitted";
	case PTE_LINUX_SWAP: return "swap";
	case PTE_LINUX_PROTNONE: return "PROT_NONE";
	case PTE_SOFT: return "software";
	case PTE_KIND_COUNT: break;
	}
	return "?";
}

