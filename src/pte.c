/* Entry decoding: what a valid entry maps, allows and reserves is its
 * architecture's to say (arch/arch.h; x86: arch/x86.c), what a
 * non-present entry holds the OS's (os/os_pte.h: Windows, Linux).  No
 * memory access here. */
#include "config.h"

#include "pte.h"

#include "arch.h"
#include "os_pte.h"
#include "pt.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const struct pte_flag *pte_flags(enum pw_mode m, size_t *n)
{
	const struct pt_arch *a = pt_mode_or_default(m)->arch;
	*n = a->nflags;
	return a->flags;
}

static bool wide(enum pw_mode m)
{
	return pt_mode_or_default(m)->esize == 8;
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

void pte_flag_header(enum pw_mode m, char *buf, size_t len)
{
	size_t k = 0, n;
	const struct pte_flag *f = pte_flags(m, &n);

	for (size_t i = 0; i < n && k + 2 < len; i++) {
		if (i)
			buf[k++] = ' ';
		buf[k++] = f[i].col;
	}
	buf[k] = '\0';
}

void pte_decode(const struct pte_ctx *c, enum pte_role role, uint64_t raw,
		struct pte_info *o)
{
	pte_decode_in(pt_mode_or_default(c->mode), c, role, raw, o);
}

void pte_decode_in(const struct pt_mode_desc *d, const struct pte_ctx *c,
		   enum pte_role role, uint64_t raw, struct pte_info *o)
{
	memset(o, 0, sizeof(*o));
	if (d->esize == 4)
		raw &= 0xFFFFFFFFu;
	o->raw = raw;
	o->role = role;
	if (raw & d->arch->valid) {
		/* The address field as stored; an address at or above
		 * MAXPHYADDR is the walk's to report (PT_BEYOND_MAXPHY). */
		o->present = true;
		o->kind = PTE_HW;
		d->arch->decode(d, pte_maxphy(c), o);
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
	size_t n;
	const struct pte_flag *ft = pte_flags(c->mode, &n);
	for (size_t i = 0; i < n; i++) {
		const struct pte_flag *f = &ft[i];
		/* L is a large page, not the bit: PS in a PML4E is reserved */
		bool set = f->large ? in->large : (in->raw >> f->bit) & 1;
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

