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
	case FMT_MEM_PRIVATE: return "MEM_PRIVATE";
	case FMT_MEM_MAPPED: return "MEM_MAPPED";
	case FMT_MEM_IMAGE: return "MEM_IMAGE";
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
		return snprintf(buf, len, "-"), buf;
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

const char *region_protect_short(uint32_t p, char *buf, size_t len)
{
	static const char *const base[8] = {
		"NA", "R", "RW", "WC", "X", "RX", "RWX", "XWC",
	};
	static const struct { uint32_t bit; const char *name; } mods[] = {
		{ 0x100, "+G" }, { 0x200, "+NC" }, { 0x400, "+WCB" },
	};
	size_t n = 0;
	int k;

	buf[0] = '\0';
	if (!p)
		return snprintf(buf, len, "-"), buf;
	for (unsigned i = 0; i < 8; i++) {
		if (!(p & (1u << i)))
			continue;
		k = snprintf(buf + n, len - n, "%s%s", n ? "|" : "", base[i]);
		if (k < 0 || (size_t)k >= len - n)
			return buf;
		n += (size_t)k;
	}
	for (size_t i = 0; i < sizeof(mods) / sizeof(mods[0]); i++) {
		if (!(p & mods[i].bit))
			continue;
		k = snprintf(buf + n, len - n, "%s", mods[i].name);
		if (k < 0 || (size_t)k >= len - n)
			return buf;
		n += (size_t)k;
	}
	if (p & ~0x7FFu)
		snprintf(buf + n, len - n, "+0x%" PRIx32, p & ~0x7FFu);
	return buf;
}

const char *region_protect_shown(const struct fmt_region *r, bool brief,
				 char *buf, size_t len)
{
	char tmp[96];
	const char *(*name)(uint32_t, char *, size_t) =
		brief ? region_protect_short : region_protect_name;

	if (r->protect || r->state != FMT_MEM_RESERVE || !r->alloc_protect)
		return name(r->protect, buf, len);
	snprintf(buf, len, "(%s)", name(r->alloc_protect, tmp, sizeof(tmp)));
	return buf;
}

static int hex_digits(uint64_t v)
{
	int n = 1;

	while (v >>= 4)
		n++;
	return n;
}

void region_table(const struct fmt_source *src, size_t top, size_t rows,
		  const struct fmt_region *cur, int width, struct outbuf *out)
{
	size_t end = top + rows < src->nregions ? top + rows : src->nregions;
	int bw = 8, sw = 4, full = 0;
	char prot[96];

	if (top >= end)
		return;
	for (size_t i = top; i < end; i++) {
		const struct fmt_region *g = &src->regions[i];
		int pw = (int)strlen(region_protect_shown(g, false, prot,
							  sizeof(prot)));
		if (hex_digits(g->base) > bw)
			bw = hex_digits(g->base);
		if (hex_digits(g->size) > sw)
			sw = hex_digits(g->size);
		if (pw > full)
			full = pw;
	}
	/* ">base size STATE   PROT": 1 + bw + 1 + sw + 1 + 7 + 1 */
	bool brief = 1 + bw + 1 + sw + 9 + full > width;
	for (size_t i = top; i < end; i++) {
		const struct fmt_region *g = &src->regions[i];
		const char *st = g->state == FMT_MEM_COMMIT ? "COMMIT" :
				 g->state == FMT_MEM_RESERVE ? "RESERVE" :
				 g->state == FMT_MEM_FREE ? "FREE" : "?";
		ob_printf(out, "%c%*" PRIx64 " %*" PRIx64 " %-7s %s\n",
			  g == cur ? '>' : ' ', bw, g->base, sw, g->size, st,
			  region_protect_shown(g, brief, prot, sizeof(prot)));
	}
}

void region_line(const struct fmt_region *r, struct outbuf *out)
{
	char prot[96];

	ob_printf(out, "%016" PRIx64 "-%016" PRIx64 " %12" PRIx64 " %-11s %-22s "
		  "%s\n", r->base, r->base + r->size, r->size,
		  region_state_name(r->state),
		  region_protect_shown(r, false, prot, sizeof(prot)),
		  region_type_name(r->type));
}
