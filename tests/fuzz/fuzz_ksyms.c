/* The kallsyms decoder (os/ksyms.c) on hostile tables: the input is the
 * kernel's memory at KBASE; its first 24 bytes give the six tables'
 * offsets in it (num_syms, names, token_table, token_index, offsets,
 * relative_base, little-endian u32), byte 24's low bit the per-CPU rule. */
#include "config.h"

#include "fuzz.h"

#include <string.h>

#include "ksyms.h"
#include "le.h"

#define KBASE 0xffffffff81000000ull

const char *fuzz_format;

struct mem {
	const uint8_t *p;
	size_t n;
};

static int rd(void *arg, uint64_t va, void *buf, size_t len)
{
	const struct mem *m = arg;

	if (va < KBASE || va - KBASE > m->n || len > m->n - (va - KBASE))
		return -1;
	memcpy(buf, m->p + (va - KBASE), len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct mem m = { data, size };
	struct ksyms_tables tb;
	struct ksyms k;
	struct err e;

	if (size < 25)
		return 0;
	uint64_t *at[] = { &tb.num_syms, &tb.names, &tb.token_table,
			   &tb.token_index, &tb.offsets, &tb.relative_base };
	for (int i = 0; i < 6; i++)
		*at[i] = KBASE + le_u32(data + 4 * i);
	tb.absolute_percpu = data[24] & 1;
	if (ksyms_load(&tb, rd, &m, &k, &e) == 0) {
		ksyms_find(&k, "init_task");
		ksyms_at(&k, KBASE + size / 2);
		ksyms_free(&k);
	}
	return 0;
}
