/* Entries as named bit fields (doc/PAGING.md, "Entries as bit fields"):
 * the structure WinDbg's dx shows, in the layout of the dump's mode and
 * Windows build; for Linux, the kernel's _PAGE_* bits and its swap and
 * PROT_NONE layouts. */
#ifndef PW_PTE_FIELDS_H
#define PW_PTE_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "pte.h"

enum pte_struct {
	PTE_STRUCT_HARDWARE,	/* _MMPTE_HARDWARE */
	PTE_STRUCT_SOFTWARE,	/* _MMPTE_SOFTWARE */
	PTE_STRUCT_TRANSITION,	/* _MMPTE_TRANSITION */
	PTE_STRUCT_PROTOTYPE,	/* _MMPTE_PROTOTYPE */
	PTE_STRUCT_LINUX_PTE,	/* Linux: a present entry, _PAGE_* names */
	PTE_STRUCT_LINUX_SWAP,	/* Linux: a swap entry */
	PTE_STRUCT_LINUX_PROTNONE,	/* Linux: PROT_NONE, frame kept */
	PTE_STRUCT_COUNT
};

struct pte_field {
	unsigned hi, lo;	/* bit range, inclusive */
	const char *name;	/* NULL: bits no field of the layout names */
	uint64_t value;
};

/* "software" -> PTE_STRUCT_SOFTWARE; PTE_STRUCT_COUNT if none. */
enum pte_struct pte_struct_parse(const char *s);
const char *pte_struct_name(enum pte_struct st);
/* The structure the dump's OS reads an entry of this kind as. */
enum pte_struct pte_struct_of(const struct pte_ctx *c,
			      const struct pte_info *in);
/* "hardware, software, ..., protnone" into buf. */
const char *pte_struct_names(char *buf, size_t len);
/* raw's fields in structure st, low bits first, every bit listed; the
 * count (0: no such layout), *title the structure's name. */
size_t pte_fields(const struct pte_ctx *c, enum pte_struct st, uint64_t raw,
		  struct pte_field *out, size_t max, const char **title);

#endif
