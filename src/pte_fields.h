/* Entries as named bit fields (doc/PAGING.md, "Windows: entries as bit
 * fields"): the structure WinDbg's dx shows, in the layout of the dump's
 * mode and Windows build. */
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
/* The structure Windows reads an entry of this kind as. */
enum pte_struct pte_struct_of(const struct pte_info *in);
/* raw's fields in structure st, low bits first, every bit listed; the
 * count (0: no such layout), *title the structure's name. */
size_t pte_fields(const struct pte_ctx *c, enum pte_struct st, uint64_t raw,
		  struct pte_field *out, size_t max, const char **title);

#endif
