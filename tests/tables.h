/* Helpers for tests that build page tables in an in-memory source. */
#ifndef PW_TEST_TABLES_H
#define PW_TEST_TABLES_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "fmt.h"
#include "pt.h"

/* Entry idx of the table at pa (8-byte entries). */
static inline void e64(struct fmt_source *m, uint64_t table, unsigned idx,
		       uint64_t v)
{
	assert_int_equal(fmt_mem_put64(m, table + 8ull * idx, v), 0);
}

static inline void e32(struct fmt_source *m, uint64_t table, unsigned idx,
		       uint32_t v)
{
	assert_int_equal(fmt_mem_put32(m, table + 4ull * idx, v), 0);
}

static inline void page(struct fmt_source *m, uint64_t pa)
{
	assert_int_equal(fmt_mem_set_page(m, pa >> 12, NULL), 0);
}

/* Each test gets a fresh in-memory source in `m`. */
static struct fmt_source *m;

static inline int mem_setup(void **st)
{
	(void)st;
	m = fmt_mem_new();
	return m ? 0 : -1;
}

static inline int mem_teardown(void **st)
{
	(void)st;
	fmt_close(m);
	return 0;
}

static inline struct pt_ctx ctx(enum pw_mode mode, uint64_t cr3)
{
	struct pt_ctx c = { .pte = { .mode = mode, .os = PW_OS_NONE,
				     .maxphy = 52 }, .cr3 = cr3 };
	return c;
}

#endif
