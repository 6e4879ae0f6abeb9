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

/* as_visit_all: every range of the space once, in order, contiguous from
 * 0 to the top, each with its outcome: the mapped leaves, runs of
 * not-present entries per level, a table not in the dump, an entry past
 * MAXPHYADDR and the non-canonical gap. */
struct ranges {
	uint64_t va[256], size[256];
	enum map_kind kind[256];
	unsigned level[256], n;
};

static bool record_all(void *arg, const struct map_leaf *l)
{
	struct ranges *r = arg;
	if (r->n < 256) {
		r->va[r->n] = l->va;
		r->size[r->n] = l->size;
		r->kind[r->n] = l->kind;
		r->level[r->n] = l->level;
	}
	r->n++;
	return true;
}

static int find(const struct ranges *r, uint64_t va)
{
	for (unsigned i = 0; i < r->n; i++)
		if (va - r->va[i] < r->size[i])
			return (int)i;
	return -1;
}

static void every_range_once_with_its_outcome(void **st)
{
	(void)st;
	struct pt_ctx c = ctx(PW_MODE_X64, 0x10000);
	struct ranges *r = calloc(1, sizeof(*r));
	struct map_stats ms;

	build();
	c.pte.maxphy = 36;
	e64(m, 0x11000, 4, 0x99067);		/* PD at 99000: not in the dump */
	e64(m, 0x13000, 5, (1ull << 40) | 0x67);	/* past MAXPHYADDR */
	as_visit_all(space(&c), 0, UINT64_MAX, 0, record_all, r, &ms);
	assert_in_range(r->n, 10, 255);
	/* contiguous from 0, ending at the top (the sizes wrap to 0) */
	uint64_t at = 0;
	for (unsigned i = 0; i < r->n; i++) {
		assert_int_equal(r->va[i], at);
		at += r->size[i];
	}
	assert_int_equal(at, 0);
	int i = find(r, 0);
	assert_int_equal(r->kind[i], MAP_HOLE);	/* PT entry 0 */
	assert_int_equal(r->level[i], 3);
	assert_int_equal(r->size[i], 0x1000);
	i = find(r, 0x2000);
	assert_int_equal(r->kind[i], MAP_MAPPED);
	assert_int_equal(r->va[i], 0x2000);
	i = find(r, 0x4000);
	assert_int_equal(r->kind[i], MAP_HOLE);
	assert_int_equal(r->va[i], 0x4000);
	assert_int_equal(r->size[i], 0x1000);	/* ends at the bad entry */
	i = find(r, 0x5000);
	assert_int_equal(r->kind[i], MAP_BAD);
	assert_int_equal(r->level[i], 3);
	i = find(r, 0x6000);		/* the rest of the PT, one run */
	assert_int_equal(r->kind[i], MAP_HOLE);
	assert_int_equal(r->va[i], 0x6000);
	assert_int_equal(r->va[i] + r->size[i], 0x200000);
	i = find(r, 0x100000000ull);
	assert_int_equal(r->kind[i], MAP_MISSING);
	assert_int_equal(r->level[i], 2);
	assert_int_equal(r->va[i], 0x100000000ull);
	assert_int_equal(r->size[i], 0x40000000);
	i = find(r, 0x0000800000000000ull);
	assert_int_equal(r->kind[i], MAP_GAP);
	assert_int_equal(r->va[i], 0x0000800000000000ull);
	assert_int_equal(r->size[i], 0xffff000000000000ull);
	i = find(r, 0xFFFFFFFF80000000ull);
	assert_int_equal(r->kind[i], MAP_MAPPED);
	/* PML4E 1..255 empty: one run at level 0 */
	i = find(r, 0x0000008000000000ull);
	assert_int_equal(r->kind[i], MAP_HOLE);
	assert_int_equal(r->level[i], 0);
	assert_int_equal(r->va[i] + r->size[i], 0x0000800000000000ull);
	/* the mapped ranges are map_walk's leaves, no more, no fewer */
	unsigned mapped = 0;
	for (unsigned k = 0; k < r->n; k++)
		mapped += r->kind[k] == MAP_MAPPED;
	assert_int_equal(mapped, ms.leaves);
	/* a range inside: clipped to the entries meeting it */
	r->n = 0;
	as_visit_all(space(&c), 0x3000, 0x5fff, 0, record_all, r, &ms);
	assert_int_equal(r->n, 3);
	assert_int_equal(r->kind[0], MAP_MAPPED);
	assert_int_equal(r->kind[2], MAP_BAD);
	free(r);
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
		T(every_range_once_with_its_outcome),
#undef T
	};
	return cmocka_run_group_tests_name("map", tests, NULL, NULL);
}
