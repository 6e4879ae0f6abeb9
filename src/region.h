/* Minidump regions in words: MEM_* states and types, PAGE_* protections
 * (doc/FORMATS.md, Windows user-mode minidumps). */
#ifndef PW_REGION_H
#define PW_REGION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fmt.h"
#include "outbuf.h"

const char *region_state_name(uint32_t state);
const char *region_type_name(uint32_t type);
/* "PAGE_READWRITE", "PAGE_READONLY|PAGE_GUARD", "-" (none) ... into buf. */
const char *region_protect_name(uint32_t protect, char *buf, size_t len);
/* The same in a few letters: "RW", "R+G", "RX", "NA", "-" ... */
const char *region_protect_short(uint32_t protect, char *buf, size_t len);
/* The protection to show: a reserved region has none of its own (0), so
 * its allocation's, in parentheses: "(PAGE_READWRITE)" or "(RW)". */
const char *region_protect_shown(const struct fmt_region *r, bool brief,
				 char *buf, size_t len);
/* One line: "base-end size STATE PROTECT TYPE" (addresses 16 digits). */
void region_line(const struct fmt_region *r, struct outbuf *out);
/* The regions panel: rows lines of regions from index top, each at most
 * width columns: a '>' before cur, base and size as wide as the widest
 * shown, COMMIT/RESERVE/FREE, and the protection in full when every
 * line's fits, else in letters. */
void region_table(const struct fmt_source *src, size_t top, size_t rows,
		  const struct fmt_region *cur, int width, struct outbuf *out);

#endif
