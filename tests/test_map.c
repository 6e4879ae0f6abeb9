/* Enumeration: leaves in VA order, merging, large pages, ranges, and hostile
 * tables (self-references, every entry pointing at one table) that must
 * stop within the budget instead of hanging. */
#include "config.h"

#include "tables.h"

#include <stdlib.h>
#include <stdio.h>
#include <time.h>

#include "aspace.h"
#include "map.h"

/* The tables in m as an address space rooted by c. */
static const struct aspace *space(const struct pt_ctx *c)
{
	static struct aspace a;
	as_init(&a, m, c, true);
	return &a;
}

struct seen {
	uint64_t va[64], size[64];
	unsigned n;
};

static bool record(void *arg, const struct map_leaf *l)
{
	struct seen *s = arg;
	if (s->n < 64) {
		s->va[s->n] = l->va;
		s->size[s->n] = l->size;
	}
	s->n++;
	return true;
}

static void build(void)
{
	e64(m, 0x10000, 0, 0x11067);			/* PML4E 0 */
	e64(m, 0x10000, 0x1ff, 0x15063);		/* PML4E 511: kernel */
	e64(m, 0x11000, 0, 0x12067);
	e64(m, 0x11000, 3, 0x00000000C00000E3ull);	/* 1 GiB at C0000000 */
	e64(m, 0x12000, 0, 0x13067);
	e64(m, 0x12000, 1, 0x006000E7);			/* 2 MiB at 200000 */
	e64(m, 0x13000, 1, 0x21067);			/* 4 KiB at 1000 */
	e64(m, 0x13000, 2, 0x22065);			/* read-only */
	e64(m, 0x13000, 3, 0x23067);
	e64(m, 0x13000, 9, 0x80);			/* not present */
	e64(m, 0x15000, 0x1fe, 0x16063);
	e64(m, 0x16000, 0, 0x17063);
	e64(m, 0x17000, 0, 0x18063);			/* kernel 4 KiB */
}

static void leaves_in_order_with_large_pages(void **st)
{
	(void)st;
	struct pt_ctx c = ctx(PW_MODE_X64, 0x10000);
	struct seen s = { .n = 0 };
	struct map_stats ms;

	build();
	map_walk(m, &c, 0, UINT64_MAX, 0, record, &s, &ms);
	assert_int_equal(s.n, 6);
	assert_int_equal(s.va[0], 0x1000);
	assert_int_equal(s.va[1], 0x2000);
	assert_int_equal(s.va[2], 0x3000);
	assert_int_equal(s.va[3], 0x200000);
	assert_int_equal(s.size[3], 0x200000);
	assert_int_equal(s.va[4], 0xC0000000);
	assert_int_equal(s.size[4], 0x40000000);
	/* PML4 511, PDPT 510: sign-extended kernel address */
	assert_int_equal(s.va[5], 0xFFFFFFFF80000000ull);
	assert_false(ms.budget_hit);
	assert_int_equal(ms.missing_tables, 0);
}

static void ranges_merge_by_flags(void **st)
{
	(void)st;
	struct pt_ctx c = ctx(PW_MODE_X64, 0x10000);
	struct map_list ml = { .merge = MAP_MERGE_U | MAP_MERGE_W };
	struct map_stats ms;
	struct err e;

	build();
	assert_int_equal(map_collect(space(&c), 0, UINT64_MAX, 0, &ml, &ms, &e), 0);
	/* 1000 rw, 2000 ro, 3000 rw (not adjacent to 200000), 2M, 1G, kernel */
	assert_int_equal(ml.n, 6);
	assert_int_equal(ml.r[0].start, 0x1000);
	assert_int_equal(ml.r[0].last, 0x1fff);
	assert_false(ml.r[1].w);
	assert_int_equal(ml.r[3].start, 0x200000);
	assert_int_equal(ml.r[3].pages, 512);
	assert_false(ml.r[5].u);
	free(ml.r);
	/* without W in the merge key, 1000-3fff becomes one range */
	ml = (struct map_list){ .merge = MAP_MERGE_U };
	assert_int_equal(map_collect(space(&c), 0, UINT64_MAX, 0, &ml, &ms, &e), 0);
	assert_int_equal(ml.r[0].last, 0x3fff);
	assert_int_equal(ml.r[0].pages, 3);
	free(ml.r);
}

static void range_restricts_the_walk(void **st)
{
	(void)st;
	struct pt_ctx c = ctx(PW_MODE_X64, 0x10000);
	struct seen s = { .n = 0 };
	struct map_stats ms;

	build();
	map_walk(m, &c, 0x2000, 0x200fff, 0, record, &s, &ms);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.va[0], 0x2000);
	assert_int_equal(s.va[2], 0x200000);
}

static void self_reference_loops_are_bounded(void **st)
{
	(void)st;
	/* every PML4 entry points at the PML4 itself: each level reads the
	 * same page again, 512^4 leaves if nothing stopped it */
	for (unsigned i = 0; i < 512; i++)
		e64(m, 0x10000, i, 0x10067);
	struct pt_ctx c = ctx(PW_MODE_X64, 0x10000);
	struct seen s = { .n = 0 };
	struct map_stats ms;
	clock_t t0 = clock();
	map_walk(m, &c, 0, UINT64_MAX, 100000, record, &s, &ms);
	double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
	printf("# budget 100000: %u leaves, %.3f s\n", s.n, secs);
	assert_true(ms.budget_hit);
	assert_true(ms.entries <= 100001);
	assert_true(secs < 5.0);
}

static void every_entry_points_at_one_table(void **st)
{
	(void)st;
	/* PAE: 4 PDPTEs -> one PD whose 512 entries -> one PT of 512 PTEs */
	for (unsigned i = 0; i < 4; i++)
		e64(m, 0x1000, i, 0x2001);
	for (unsigned i = 0; i < 512; i++) {
		e64(m, 0x2000, i, 0x3067);
		e64(m, 0x3000, i, 0x4067);
	}
	struct pt_ctx c = ctx(PW_MODE_PAE, 0x1000);
	struct map_list ml = { .merge = MAP_MERGE_U | MAP_MERGE_W, .max = 10 };
	struct map_stats ms;
	struct err e;
	assert_int_equal(map_collect(space(&c), 0, UINT64_MAX, 0, &ml, &ms, &e), 0);
	/* all 4 GiB mapped, merged into one range */
	assert_int_equal(ml.n, 1);
	assert_int_equal(ml.r[0].pages, 1u << 20);
	assert_false(ms.budget_hit);
	free(ml.r);
}

static void missing_tables_are_counted(void **st)
{
	(void)st;
	e64(m, 0x10000, 0, 0x99067);
	e64(m, 0x10000, 1, 0x98067);
	struct pt_ctx c = ctx(PW_MODE_X64, 0x10000);
	struct seen s = { .n = 0 };
	struct map_stats ms;
	map_walk(m, &c, 0, UINT64_MAX, 0, record, &s, &ms);
	assert_int_equal(s.n, 0);
	assert_int_equal(ms.missing_tables, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, mem_setup, mem_teardown)
		T(leaves_in_order_with_large_pages),
		T(ranges_merge_by_flags),
		T(range_restricts_the_walk),
		T(self_reference_loops_are_bounded),
		T(every_entry_points_at_one_table),
		T(missing_tables_are_counted),
#undef T
	};
	return cmocka_run_group_tests_name("map", tests, NULL, NULL);
}
