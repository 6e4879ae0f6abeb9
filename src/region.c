/* Naming minidump region fields. */
#include "config.h"

#include "region.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *region_state_name(uint32_t state)
{
	switch (state) {
	case FMT_MEM_COMMIT: return "MEM_COMMIT";
	case FMT_MEM_RESERVE: return "MEM_RESERVE";
	case FMT_MEM_FREE: return "MEM_FREE";
	default: return "MEM_?";
	}
}

const char *region_type_name(uint32_t type)
{
	switch (type) {
	case 0: return "-";
	case 0x20000: return "MEM_PRIVATE";
	case 0x40000: return "MEM_MAPPED";
	case 0x1000000: return "MEM_IMAGE";
	default: return "MEM_?";
	}
}

const char *region_protect_name(uint32_t p, char *buf, size_t len)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ 0x01, "PAGE_NOACCESS" }, { 0x02, "PAGE_READONLY" },
		{ 0x04, "PAGE_READWRITE" }, { 0x08, "PAGE_WRITECOPY" },
		{ 0x10, "PAGE_EXECUTE" }, { 0x20, "PAGE_EXECUTE_READ" },
		{ 0x40, "PAGE_EXECUTE_READWRITE" },
		{ 0x80, "PAGE_EXECUTE_WRITECOPY" }, { 0x100, "PAGE_GUARD" },
		{ 0x200, "PAGE_NOCACHE" }, { 0x400, "PAGE_WRITECOMBINE" },
	};
	size_t n = 0;

	buf[0] = '\0';
	if (!p)
		return snprintf(buf, len, "0"), buf;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (!(p & names[i].bit))
			continue;
		int k = snprintf(buf + n, len - n, "%s%s", n ? "|" : "",
				 names[i].name);
		if (k < 0 || (size_t)k >= len - n)
			break;
		n += (size_t)k;
		p &= ~names[i].bit;
	}
	if (p && n < len)
		snprintf(buf + n, len - n, "%s0x%" PRIx32, n ? "|" : "", p);
	return buf;
}

void region_line(const struct fmt_region *r, struct outbuf *out)
{
	char prot[96];

	ob_printf(out, "%016" PRIx64 "-%016" PRIx64 " %12" PRIx64 " %-11s %-22s "
		  "%s\n", r->base, r->base + r->size, r->size,
		  region_state_name(r->state),
		  region_protect_name(r->protect, prot, sizeof(prot)),
		  region_type_name(r->type));
}
