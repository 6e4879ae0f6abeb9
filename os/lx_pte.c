/* Linux's reading of entries (os_pte.h): swap and PROT_NONE entries as
 * doc/PAGING.md, "Linux: entries that are not present", describes them,
 * and the names of the kernel's software bits. */
#include "config.h"

#include "os_pte.h"
#include "x86.h"

#include <stdio.h>

static uint64_t bits(unsigned hi, unsigned lo)
{
	return (hi >= 63 ? ~0ull : ((1ull << (hi + 1)) - 1)) & ~((1ull << lo) - 1);
}

static bool wide(enum pw_mode m)
{
	return m != PW_MODE_X86;
}

void lx_pte_decode(const struct pte_ctx *c, uint64_t raw,
		   struct pte_info *o)
{
	if (!wide(c->mode)) {
		/* i386 2-level: no inverted PFNs (pgtable-2level.h). */
		if (raw & X86_PTE_G) {
			o->kind = PTE_LINUX_PROTNONE;
			o->frame = raw & 0xFFFFF000u;
		} else {
			o->kind = PTE_LINUX_SWAP;
			o->file = (raw >> 1) & 0x1f;
			o->offset = (raw & 0xFFFFFFFFu) >> 9;
		}
		return;
	}
	/* L1TF: non-present entries store the PFN / offset complemented
	 * (pgtable-invert.h); _PAGE_PROTNONE reuses the G bit. */
	if (raw & X86_PTE_G) {
		o->kind = PTE_LINUX_PROTNONE;
		o->frame = ~raw & bits(pte_maxphy(c) - 1, 12);
	} else {
		o->kind = PTE_LINUX_SWAP;
		o->file = (unsigned)(raw >> 59);
		o->offset = (~raw << 5) >> 14;
	}
}

void pte_linux_flags(const struct pte_ctx *c, uint64_t raw, char *buf,
		     size_t len)
{
	static const struct { unsigned bit; const char *name; } soft[] = {
		{ 9, "special" }, { 10, "uffd-wp" }, { 11, "soft-dirty" },
		{ 58, "devmap" },
	};
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(soft) / sizeof(soft[0]); i++) {
		if (soft[i].bit >= 32 && c->mode == PW_MODE_X86)
			continue;
		if ((raw >> soft[i].bit) & 1)
			k = fmt_join(buf, len, k, " ", soft[i].name);
	}
	if (!k)
		snprintf(buf, len, "-");
}
