/* kallsyms decoding (see ksyms.h).  The tables, as Linux 6.1 lays them out
 * (kernel/kallsyms.c, scripts/kallsyms.c):
 *   kallsyms_num_syms     u32: how many symbols
 *   kallsyms_names        per symbol: a length (one byte; two when the high
 *                         bit is set: low 7 bits, then 8 more) and that many
 *                         token numbers; the first decoded char is the type
 *   kallsyms_token_table  256 NUL-ended strings
 *   kallsyms_token_index  u16[256]: each token's offset in the table
 *   kallsyms_offsets      s32 per symbol; with absolute per-CPU symbols
 *                         (x86-64), >= 0 is the address itself, < 0 is
 *                         kallsyms_relative_base - 1 - offset
 *   kallsyms_relative_base  u64
 * Every size read from the dump is bounded before use. */
#include "config.h"

#include "ksyms.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "le.h"

#define MAX_SYMS (1u << 21)	/* real kernels: 100k-300k */
#define MAX_NAMES (64u << 20)

/* The names table, read page by page as far as the symbols need. */
struct names {
	ksyms_read_fn rd;
	void *arg;
	uint64_t va;
	uint8_t *p;
	size_t have, cap;
};

static bool ensure(struct names *nm, size_t need)
{
	while (nm->have < need) {
		if (nm->have == nm->cap) {
			if (nm->cap >= MAX_NAMES)
				return false;
			uint8_t *g = realloc(nm->p, nm->cap * 2);
			if (!g)
				return false;
			nm->p = g;
			nm->cap *= 2;
		}
		uint64_t va = nm->va + nm->have;
		size_t chunk = FMT_PAGE_SIZE - (size_t)(va & (FMT_PAGE_SIZE - 1));
		if (chunk > nm->cap - nm->have)
			chunk = nm->cap - nm->have;
		/* to the end of the page; or, where memory ends sooner,
		 * only what is needed */
		if (nm->rd(nm->arg, va, nm->p + nm->have, chunk) < 0) {
			chunk = need - nm->have;
			if (chunk > nm->cap - nm->have)
				chunk = nm->cap - nm->have;
			if (nm->rd(nm->arg, va, nm->p + nm->have, chunk) < 0)
				return false;
		}
		nm->have += chunk;
	}
	return true;
}

static int by_addr(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

int ksyms_load(const struct ksyms_tables *tb, ksyms_read_fn rd, void *arg,
	       struct ksyms *k, struct err *e)
{
	uint8_t b[8], *names = NULL;
	char tokens[256][64];

	memset(k, 0, sizeof(*k));
	if (rd(arg, tb->num_syms, b, 4) < 0)
		return err_set(e, "kallsyms_num_syms at %" PRIx64 " cannot be read",
			       tb->num_syms);
	uint32_t nsyms = le_u32(b);
	if (!nsyms || nsyms > MAX_SYMS)
		return err_set(e, "kallsyms_num_syms is %" PRIu32 ": not plausible",
			       nsyms);
	/* the 256 tokens */
	uint8_t idx[512];
	if (rd(arg, tb->token_index, idx, sizeof(idx)) < 0)
		return err_set(e, "kallsyms_token_index at %" PRIx64 " cannot be "
			       "read", tb->token_index);
	for (int t = 0; t < 256; t++) {
		/* byte by byte: the table may end where memory does */
		uint64_t at = tb->token_table + le_u16(idx + 2 * t);
		size_t n = 0;
		for (; n < sizeof(tokens[t]) - 1; n++) {
			if (rd(arg, at + n, &tokens[t][n], 1) < 0)
				return err_set(e, "kallsyms_token_table: token %d "
					       "at %" PRIx64 " cannot be read", t,
					       at);
			if (!tokens[t][n])
				break;
		}
		tokens[t][n] = '\0';
	}
	uint64_t base;
	if (rd(arg, tb->relative_base, b, 8) < 0)
		return err_set(e, "kallsyms_relative_base cannot be read");
	base = le_u64(b);
	/* the names: read as far as the symbols need */
	struct names nm = { rd, arg, tb->names, malloc(1u << 16), 0, 1u << 16 };
	size_t pos = 0;
	names = nm.p;
	k->sym = calloc(nsyms, sizeof(*k->sym));
	if (!k->sym || !names) {
		free(names);
		ksyms_free(k);
		return err_set(e, "out of memory for %" PRIu32 " symbols", nsyms);
	}
	int32_t *off = malloc((size_t)nsyms * 4);
	if (!off || rd(arg, tb->offsets, off, (size_t)nsyms * 4) < 0) {
		free(off);
		free(names);
		ksyms_free(k);
		return err_set(e, "kallsyms_offsets (%" PRIu32 " entries) cannot "
			       "be read", nsyms);
	}
	for (uint32_t i = 0; i < nsyms; i++) {
		if (!ensure(&nm, pos + 1))
			break;
		names = nm.p;
		size_t len = names[pos++];
		if (len & 0x80) {
			if (!ensure(&nm, pos + 1))
				break;
			names = nm.p;
			len = (len & 0x7f) | ((size_t)names[pos++] << 7);
		}
		if (!ensure(&nm, pos + len))
			break;
		names = nm.p;
		char name[1024];
		size_t nl = 0;
		for (size_t j = 0; j < len; j++) {
			const char *t = tokens[names[pos + j]];
			size_t tl = strlen(t);
			if (nl + tl >= sizeof(name))
				tl = sizeof(name) - 1 - nl;
			memcpy(name + nl, t, tl);
			nl += tl;
		}
		name[nl] = '\0';
		pos += len;
		int32_t o = (int32_t)le_u32((const uint8_t *)&off[i]);
		if (!tb->absolute_percpu)
			k->sym[k->n].addr = (base + (uint32_t)o) & 0xffffffffu;
		else if (o >= 0)
			k->sym[k->n].addr = (uint64_t)o;
		else
			k->sym[k->n].addr = base - 1 - (int64_t)o;
		k->sym[k->n].type = nl ? name[0] : '?';
		k->sym[k->n].name = strdup(nl > 1 ? name + 1 : "");
		if (!k->sym[k->n].name)
			break;
		k->n++;
	}
	free(off);
	free(nm.p);
	if (k->n != nsyms) {
		size_t got = k->n;
		ksyms_free(k);
		return err_set(e, "kallsyms_names ended after %zu of %" PRIu32
			       " symbols", got, nsyms);
	}
	qsort(k->sym, k->n, sizeof(*k->sym), by_addr);
	return 0;
}

int ksyms_load_file(const char *path, struct ksyms *k, struct err *e)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t cap = 0;

	memset(k, 0, sizeof(*k));
	if (!f)
		return err_set(e, "--kallsyms %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char type, name[512], *end;
		uint64_t a = strtoull(line, &end, 16);
		if (end == line || sscanf(end, " %c %511s", &type, name) != 2)
			continue;
		if (k->n == MAX_SYMS)
			break;
		if (k->n == cap) {
			size_t nc = cap ? cap * 2 : 4096;
			struct ksym *g = realloc(k->sym, nc * sizeof(*g));
			if (!g)
				break;
			k->sym = g;
			cap = nc;
		}
		if (!(k->sym[k->n].name = strdup(name)))
			break;
		k->sym[k->n].addr = a;
		k->sym[k->n].type = type;
		k->n++;
	}
	fclose(f);
	if (!k->n)
		return err_set(e, "--kallsyms %s: no \"ADDRESS TYPE NAME\" lines",
			       path);
	qsort(k->sym, k->n, sizeof(*k->sym), by_addr);
	return 0;
}

void ksyms_shift(struct ksyms *k, uint64_t delta)
{
	for (size_t i = 0; i < k->n; i++)
		k->sym[i].addr += delta;
}

void ksyms_free(struct ksyms *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->sym[i].name);
	free(k->sym);
	memset(k, 0, sizeof(*k));
}

const struct ksym *ksyms_find(const struct ksyms *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->sym[i].name, name))
			return &k->sym[i];
	return NULL;
}

const struct ksym *ksyms_at(const struct ksyms *k, uint64_t addr)
{
	size_t lo = 0, hi = k->n;

	while (lo < hi) {	/* first symbol above addr */
		size_t mid = lo + (hi - lo) / 2;
		if (k->sym[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* absolute symbols (per-CPU offsets) are not addresses */
	while (lo && (k->sym[lo - 1].type == 'A' || k->sym[lo - 1].type == 'a'))
		lo--;
	return lo ? &k->sym[lo - 1] : NULL;
}
