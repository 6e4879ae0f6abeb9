/* Linux kernel symbols without debug info: the kernel's own kallsyms
 * tables, found through VMCOREINFO and read from the dump through the
 * page tables (doc/LINUX.md, Kernel symbols). */
#ifndef PW_KSYMS_H
#define PW_KSYMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

/* Reads len bytes of kernel VA space; 0, or -1 if any is missing. */
typedef int (*ksyms_read_fn)(void *arg, uint64_t va, void *buf, size_t len);

struct ksyms_tables {	/* kernel VAs of the tables (VMCOREINFO) */
	uint64_t num_syms, names, token_table, token_index, offsets,
		relative_base;
	/* x86-64 (CONFIG_KALLSYMS_ABSOLUTE_PERCPU): an offset >= 0 is the
	 * address itself; else every offset is relative_base + offset */
	bool absolute_percpu;
};

struct ksym {
	uint64_t addr;
	char type;	/* 'T', 'D', 't', ... as /proc/kallsyms */
	char *name;
};

struct ksyms {
	struct ksym *sym;	/* sorted by address */
	size_t n;
};

/* Decode every symbol; -1 with e set saying what is wrong. */
int ksyms_load(const struct ksyms_tables *t, ksyms_read_fn rd, void *arg,
	       struct ksyms *k, struct err *e);
/* A System.map or /proc/kallsyms file ("ADDR TYPE NAME" lines; [module]
 * suffixes and malformed lines skipped), sorted.  -1 with e set. */
int ksyms_load_file(const char *path, struct ksyms *k, struct err *e);
/* Shift every address by delta (a System.map's against a KASLR kernel). */
void ksyms_shift(struct ksyms *k, uint64_t delta);
void ksyms_free(struct ksyms *k);
/* The symbol called name, or NULL. */
const struct ksym *ksyms_find(const struct ksyms *k, const char *name);
/* The symbol at or before addr (absolute ones skipped), or NULL. */
const struct ksym *ksyms_at(const struct ksyms *k, uint64_t addr);

#endif
