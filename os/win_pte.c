/* Windows' reading of entries (os_pte.h): software PTEs as doc/PAGING.md,
 * "Windows: entries that are not present", describes them, the protection
 * names, and the self-map ("Windows: the self-map"). */
#include "config.h"

#include "os_pte.h"
#include "x86.h"

#include <stdio.h>

#include "le.h"

enum pte_layout pte_layout_of(const struct pte_ctx *c)
{
	switch (c->mode) {
	case PW_MODE_X86: return PTE_LAYOUT_X86;
	case PW_MODE_PAE:
		return c->win_build >= 17763 ? PTE_LAYOUT_PAE_1809 : PTE_LAYOUT_PAE;
	case PW_MODE_NONE:
	case PW_MODE_X64:
	case PW_MODE_LA57:
	case PW_MODE_COUNT:
		break;
	}
	return c->win_build >= 17134 ? PTE_LAYOUT_X64_1803 : PTE_LAYOUT_X64;
}

void win_pte_decode(const struct pte_ctx *c, uint64_t raw,
		    struct pte_info *o)
{
	enum pte_layout L = pte_layout_of(c);
	uint64_t pf_high;

	o->prot = (raw >> 5) & 0x1f;
	o->has_prot = true;
	if (raw & (1u << 10)) {
		o->kind = PTE_WIN_PROTOTYPE;
		switch (L) {
		case PTE_LAYOUT_X86:
			o->has_prot = false;
			o->proto = 0x80000000u | ((raw >> 1) & 0x7FFFFC00u) |
				   ((raw << 1) & 0x3FFu);
			break;
		case PTE_LAYOUT_PAE:
			o->prot = (raw >> 11) & 0x1f;
			o->proto = raw >> 32;
			break;
		case PTE_LAYOUT_PAE_1809:
			o->proto = raw >> 32;
			break;
		case PTE_LAYOUT_X64:
			o->prot = (raw >> 11) & 0x1f;
			o->proto = (raw >> 16) | 0xFFFF000000000000ull;
			break;
		case PTE_LAYOUT_X64_1803:
			o->proto = (raw >> 16) | 0xFFFF000000000000ull;
			break;
		}
		return;
	}
	if (raw & (1u << 11)) {
		o->kind = PTE_WIN_TRANSITION;
		o->frame = raw & (L == PTE_LAYOUT_X86 ? 0xFFFFF000ull :
				  L == PTE_LAYOUT_PAE ||
				  L == PTE_LAYOUT_PAE_1809 ? 0x3FFFFFF000ull :
				  L == PTE_LAYOUT_X64 ? 0x0000FFFFFFFFF000ull :
				  0x000FFFFFFFFFF000ull);
		return;
	}
	if (L == PTE_LAYOUT_X86) {
		o->file = (raw >> 1) & 0xf;
		pf_high = (raw >> 12) & 0xFFFFF;
	} else {
		o->file = L == PTE_LAYOUT_X64_1803 || L == PTE_LAYOUT_PAE_1809 ?
			  (raw >> 12) & 0xf : (raw >> 1) & 0xf;
		pf_high = raw >> 32;
	}
	o->offset = pf_high;
	/* MM_DECOMMIT (0x10 << 5 = 0x200) has no page file either: test it
	 * before demand-zero, or a decommitted page reads as committed. */
	if (o->prot == 0x10)
		o->kind = PTE_WIN_DECOMMITTED;
	else if (o->file == 0 && pf_high == 0)
		o->kind = PTE_WIN_DEMAND_ZERO;
	else if (pf_high == (L == PTE_LAYOUT_X86 ? 0xFFFFFull : 0xFFFFFFFFull))
		o->kind = PTE_WIN_VAD;
	else
		o->kind = PTE_WIN_PAGEFILE;
}

static const char *const prot_base[8] = {
	"NoAccess", "Readonly", "Execute", "ExecuteRead",
	"ReadWrite", "WriteCopy", "ReadWriteExecute", "ReadWriteExecuteCopy",
};

const char *pte_protect_name(unsigned prot, char *buf, size_t len)
{
	static const char *const mod[4] = { "", "NoCache ", "Guard ",
					    "WriteCombine " };
	prot &= 0x1f;
	if (prot == 0x10)
		return "Decommitted";
	if (prot == 0x18)
		return "NoAccess";
	if (prot == 0x08)
		return "NoCache";
	snprintf(buf, len, "%s%s", mod[prot >> 3], prot_base[prot & 7]);
	return buf;
}

int pte_win_self_index(const uint8_t *pml4, uint64_t pa)
{
	int found = -1;

	for (unsigned i = 0x100; i < 0x200; i++) {
		uint64_t e = le_u64(pml4 + 8 * i);
		if ((e & (X86_PTE_P | X86_PTE_RW | X86_PTE_PS)) ==
		    (X86_PTE_P | X86_PTE_RW) &&
		    (e & 0x000FFFFFFFFFF000ull) == pa) {
			if (found >= 0)
				return -1;
			found = (int)i;
		}
	}
	return found;
}

int pte_win_selfmap_va(enum pw_mode m, unsigned self, unsigned lvl,
		       uint64_t va, uint64_t *out)
{
	switch (m) {
	case PW_MODE_X86:	/* PD index 0x300 maps the PD */
		va &= 0xFFFFFFFFu;
		*out = lvl == 0 ? 0xC0300000u + (va >> 22) * 4 :
		       0xC0000000u + (va >> 12) * 4;
		return 0;
	case PW_MODE_PAE:	/* PD #3 entries 0-3 map PD0-PD3 */
		va &= 0xFFFFFFFFu;
		if (lvl == 0)
			return -1;
		*out = lvl == 1 ? 0xC0600000u + (va >> 21) * 8 :
		       0xC0000000u + (va >> 12) * 8;
		return 0;
	case PW_MODE_X64: {
		uint64_t S = self;
		uint64_t base = 0xFFFF000000000000ull | (S << 39);
		uint64_t v = va & 0x0000FFFFFFFFFFFFull;
		/* lvl 0 = PXE ... 3 = PTE: each level up adds S once more */
		for (unsigned j = 1; j <= 3 - lvl; j++)
			base |= S << (39 - 9 * j);
		*out = base + (v >> (12 + 9 * (3 - lvl))) * 8;
		return 0;
	}
	case PW_MODE_LA57:
	case PW_MODE_NONE:
	case PW_MODE_COUNT:
		break;
	}
	return -1;
}

int pte_win_selfmap_inverse(enum pw_mode m, unsigned self, uint64_t addr,
			    uint64_t *va)
{
	uint64_t base, span, esize;

	switch (m) {
	case PW_MODE_X86:
		base = 0xC0000000u, span = 0x400000u, esize = 4;
		break;
	case PW_MODE_PAE:
		base = 0xC0000000u, span = 0x800000u, esize = 8;
		break;
	case PW_MODE_X64:
		base = 0xFFFF000000000000ull | (uint64_t)self << 39;
		span = 1ull << 39, esize = 8;
		break;
	default:
		return -1;
	}
	if (addr < base || addr - base >= span)
		return -1;
	uint64_t v = (addr - base) / esize << 12;
	if (m == PW_MODE_X64 && (v & (1ull << 47)))
		v |= 0xFFFF000000000000ull;	/* canonical: sign-extended */
	*va = v;
	return 0;
}
