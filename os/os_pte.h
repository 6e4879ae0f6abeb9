/* OS operations on entries: how an operating system reads the bits of a
 * paging entry that the CPU ignores (doc/PAGING.md, "Windows: entries
 * that are not present", "Linux: entries that are not present"), and
 * Windows' self-map.  One row per OS in os_entry_ops; the core's
 * pte_decode asks it about every non-present, non-zero entry.  Adding an
 * OS's reading of entries: a decoder file here and a row. */
#ifndef PW_OS_PTE_H
#define PW_OS_PTE_H

#include <stddef.h>
#include <stdint.h>

#include "pte.h"

struct os_entry_ops {
	enum pw_os os;
	/* a non-present entry that is not zero: its kind and what it
	 * keeps (frame, page file and offset, protection...) into o, whose
	 * raw, role and present fields are already set */
	void (*decode)(const struct pte_ctx *c, uint64_t raw,
		       struct pte_info *o);
};

/* The row of os, or NULL when no OS is known (the entry is "software"). */
const struct os_entry_ops *os_entry_ops(enum pw_os os);

/* ---- Windows (os/win_pte.c) ---- */

void win_pte_decode(const struct pte_ctx *c, uint64_t raw,
		    struct pte_info *o);

/* Windows software-PTE layouts (doc/PAGING.md, Windows: entries that
 * are not present). */
enum pte_layout {
	PTE_LAYOUT_X86,
	PTE_LAYOUT_PAE,		/* Win7 .. Win10 1803 */
	PTE_LAYOUT_X64,		/* Win7 .. Win10 1709 */
	PTE_LAYOUT_X64_1803,	/* build 17134 and later */
	PTE_LAYOUT_PAE_1809,	/* build 17763 and later */
};

/* The layout c's mode and build use. */
enum pte_layout pte_layout_of(const struct pte_ctx *c);

/* WinDbg's name for protection values, e.g. 4 -> "ReadWrite". */
const char *pte_protect_name(unsigned prot, char *buf, size_t len);

/* Windows x64's self-map (doc/PAGING.md, "Windows: the self-map"): the
 * index of the one kernel-half entry of the PML4 page at pa that is
 * present, writable, not large and points at the page itself; -1 when
 * none is, or more than one.  The session's PTE addresses and dtbscan's
 * Windows roots both rest on this one test. */
int pte_win_self_index(const uint8_t *pml4, uint64_t pa);

/* The VA through which Windows shows the level-lvl entry for va (doc/
 * PAGING.md, "Windows: the self-map"); self: the x64 PML4 index from
 * pte_win_self_index.  -1 where the mode has none (the PAE PDPT, 5
 * levels). */
int pte_win_selfmap_va(enum pw_mode m, unsigned self, unsigned lvl,
		       uint64_t va, uint64_t *out);
/* The inverse: the VA whose PTE sits at addr, when addr is inside the
 * self-map's array of PTEs (x86 C0000000-C03FFFFF, PAE C0000000-C07FFFFF,
 * x64 the 512 GiB at index self); -1 otherwise.  WinDbg's
 * MiGetVirtualAddressMappedByPte, !pte2va. */
int pte_win_selfmap_inverse(enum pw_mode m, unsigned self, uint64_t addr,
			    uint64_t *va);

/* ---- Linux (os/lx_pte.c) ---- */

void lx_pte_decode(const struct pte_ctx *c, uint64_t raw,
		   struct pte_info *o);

/* Linux's software bits of a present entry, by the kernel's names
 * (arch/x86/include/asm/pgtable_types.h): "soft-dirty uffd-wp", or "-"
 * when none is set.  64-bit entries only have bit 58 (devmap). */
void pte_linux_flags(const struct pte_ctx *c, uint64_t raw, char *buf,
		     size_t len);

#endif
