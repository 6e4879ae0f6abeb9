/* Minidump regions in words: MEM_* states and types, PAGE_* protections
 * (FORMATS.md (b), winnt.h values). */
#ifndef PW_REGION_H
#define PW_REGION_H

#include <stddef.h>
#include <stdint.h>

#include "fmt.h"
#include "outbuf.h"

const char *region_state_name(uint32_t state);
const char *region_type_name(uint32_t type);
/* "PAGE_READWRITE", "PAGE_READONLY|PAGE_GUARD", "0" ... into buf. */
const char *region_protect_name(uint32_t protect, char *buf, size_t len);
/* One line: "base-end size STATE PROTECT TYPE" (addresses 16 digits). */
void region_line(const struct fmt_region *r, struct outbuf *out);

#endif
