/* View computations behind the interface: the page map's states, stepping
 * to the next state change (skipping holes and the non-canonical gap),
 * search patterns and search across page boundaries. */
#include "config.h"

#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "le.h"
#include "region.h"
#include "sample.h"
#include "session.h"
#include "bytes.h"
#include "view.h"

static struct session *seed(void)
{
	return sample_session("seed-pae-3-touched.dmp");
}

static void map_counts_the_seed_table(void **st)
{
	(void)st;
	struct session *s = seed();
	struct view_map *vm = calloc(1, sizeof(*vm));

	view_map_fill(s, 0x1f1234, vm);
	assert_int_equal(vm->base, 0);
	assert_int_equal(vm->n, 512);
	assert_int_equal(vm->cur, 0x1f1);
	/* samples/mksamples.c: stack 17d-17f (only 17f's frame dumped), guard
	 * 17c, transition 100, page file 101, prototype 102, touched 1f0-1f1,
	 * committed 1f2-1f3 */
	assert_int_equal(vm->count[PGS_VALID], 3);
	assert_int_equal(vm->count[PGS_NOT_IN_DUMP], 2);
	assert_int_equal(vm->count[PGS_DEMAND_ZERO], 2);
	assert_int_equal(vm->count[PGS_GUARD], 1);	/* Protect 14 */
	assert_int_equal(vm->st[0x17c], PGS_GUARD);
	assert_int_equal(vm->count[PGS_TRANSITION], 1);
	assert_int_equal(vm->count[PGS_PAGED_OUT], 1);
	assert_int_equal(vm->count[PGS_PROTOTYPE], 1);
	assert_int_equal(vm->count[PGS_NOT_COMMITTED], 512 - 11);
	assert_int_equal(vm->st[0x1f2], PGS_DEMAND_ZERO);
	free(vm);
	sess_free(s);
}

static void next_change_steps_over_runs(void **st)
{
	(void)st;
	struct session *s = seed();
	uint64_t va;

	assert_true(view_next_change(s, 0x1f2000, 1, &va));
	assert_int_equal(va, 0x1f4000);		/* first reserved page */
	assert_true(view_next_change(s, 0x1f4000, -1, &va));
	assert_int_equal(va, 0x1f3000);
	assert_true(view_next_change(s, 0x0, 1, &va));
	assert_int_equal(va, 0x100000);		/* the transition PTE */
	/* after the PT's 2 MiB, PD entry 1 is zero: no table */
	assert_true(view_next_change(s, 0x1f4000, 1, &va));
	assert_int_equal(va, 0x200000);
	sess_free(s);
}

static void next_change_crosses_the_noncanonical_gap(void **st)
{
	(void)st;
	m = fmt_mem_new();
	e64(m, 0x10000, 0x100, 0x11067);	/* kernel half: PML4E 256 */
	e64(m, 0x11000, 0, 0x12067);
	e64(m, 0x12000, 0, 0x13067);
	e64(m, 0x13000, 0, 0x14067);
	struct session *s = sess_new(m);
	struct err e;
	uint64_t va;
	sess_set_mode(s, PW_MODE_X64);
	assert_int_equal(sess_set_cr3(s, 0x10000, &e), 0);
	assert_true(view_next_change(s, 0x00007ffffffff000ull, 1, &va));
	assert_int_equal(va, 0x0000800000000000ull);	/* the gap itself */
	assert_true(view_next_change(s, va, 1, &va));
	assert_int_equal(va, 0xFFFF800000000000ull);	/* valid page */
	assert_int_equal(view_step_page(s, 0x00007ffffffff123ull, 1),
			 0xFFFF800000000123ull);
	assert_int_equal(view_step_page(s, 0xFFFF800000000000ull, -1),
			 0x00007ffffffff000ull);
	sess_free(s);
}

/* bytes_find against memmem, with each scan (memmem alone, SSE2, AVX2
 * where the CPU has it): random haystacks over small alphabets (many
 * false starts, the fallback), every pattern length to 40, matches at
 * both ends, and hay shorter than the pattern. */
static void bytes_find_agrees_with_memmem(void **st)
{
	(void)st;
	uint8_t hay[700], pat[40];
	uint32_t x = 12345;

	for (int level = 0; level <= 2; level++)
	for (int round = 0; round < 4000; round++) {
		if (!round)
			bytes_find_level(level);
		unsigned alpha = 1 + (unsigned)round % 4;	/* 1..4 symbols */
		size_t n = (size_t)(round * 7 % 700), pl = 1 + (size_t)round % 40;
		for (size_t i = 0; i < n; i++) {
			x = x * 1103515245u + 12345u;
			hay[i] = (uint8_t)((x >> 16) % alpha);
		}
		for (size_t i = 0; i < pl; i++) {
			x = x * 1103515245u + 12345u;
			pat[i] = (uint8_t)((x >> 16) % alpha);
		}
		if (round % 5 == 0 && n >= pl)	/* plant it at the very end */
			memcpy(hay + n - pl, pat, pl);
		const uint8_t *want = memmem(hay, n, pat, pl);
		const uint8_t *got = bytes_find(hay, n, pat, pl);
		if (want != got)
			fail_msg("n %zu m %zu alpha %u: memmem %td, bytes_find %td",
				 n, pl, alpha, want ? want - hay : -1,
				 got ? got - hay : -1);
	}
	bytes_find_level(-1);
	assert_ptr_equal(bytes_find(hay, 3, pat, 0), hay);
	assert_null(bytes_find(hay, 3, pat, 4));
}

static void patterns(void **st)
{
	(void)st;
	uint8_t b[8];
	struct err e;

	assert_int_equal(view_parse_pattern("61 62 0a", b, 8, &e), 3);
	assert_memory_equal(b, "ab\n", 3);
	assert_int_equal(view_parse_pattern("6162", b, 8, &e), 2);
	assert_int_equal(view_parse_pattern("\"a b\"", b, 8, &e), 3);
	assert_memory_equal(b, "a b", 3);
	assert_int_equal(view_parse_pattern("'x'", b, 8, &e), 1);
	assert_int_equal(view_parse_pattern("6", b, 8, &e), -1);
	assert_int_equal(view_parse_pattern("zz", b, 8, &e), -1);
	assert_int_equal(view_parse_pattern("\"open", b, 8, &e), -1);
	assert_int_equal(view_parse_pattern("", b, 8, &e), -1);
	assert_int_equal(view_parse_pattern("010203040506070809", b, 8, &e), -1);
}

static void search_across_a_page_boundary(void **st)
{
	(void)st;
	struct session *s = seed();
	struct err e;
	uint64_t hit;
	/* 1f0ffe 'a' 1f0fff 'a' | 1f1000 'a' 1f1001 00: the match spans two
	 * pages backed by unrelated frames */
	const uint8_t pat[] = { 'a', 'a', 'a', 0 };
	assert_int_equal(view_search(s, 0, pat, 4, 1u << 30, &hit, &e), 1);
	assert_int_equal(hit, 0x1f0ffe);
	const uint8_t z[] = { 0x5a, 0x5a };	/* the stack page's bytes */
	assert_int_equal(view_search(s, 0, z, 2, 1u << 30, &hit, &e), 1);
	assert_int_equal(hit, 0x17f000);
	const uint8_t none[] = { 'q', 'q', 'q' };
	assert_int_equal(view_search(s, 0, none, 3, 1u << 30, &hit, &e), 0);
	sess_free(s);
}

/* A raw image lends its frames where they lie, so search reads a run of
 * contiguous frames with one memmem: matches inside a run, across the
 * end of a run (1 MiB) and at the cursor's offset inside one are found,
 * and one past the end of a 2 MiB page (the next VA unmapped) is not. */
static void search_through_runs_of_frames(void **st)
{
	(void)st;
	enum { SIZE = 8 << 20 };	/* frames past the 2 MiB page too */
	uint8_t *img = calloc(1, SIZE);
	char path[] = "/tmp/pw-test-view-XXXXXX";
	int fd = mkstemp(path);
	struct session *s;
	struct sess_opts o = { .has_cr3 = true, .cr3 = 0x1000,
			       .mode = PW_MODE_X64 };
	struct err e;
	uint64_t hit;
	static const uint8_t pat[] = "PWRUN";
	static const uint64_t at[] = { 0x201ffd, 0x2ffffe, 0x3ffffd };

	assert_non_null(img);
	assert_true(fd >= 0);
	le_put64(img + 0x1000, 0x2003);			/* PML4E 0 */
	le_put64(img + 0x2000, 0x3003);			/* PDPTE 0 */
	le_put64(img + 0x3000 + 8, 0x200083);		/* 2 MiB at 0x200000 */
	for (size_t i = 0; i < 3; i++)
		memcpy(img + at[i], pat, 5);
	assert_int_equal(write(fd, img, SIZE), SIZE);
	close(fd);
	assert_int_equal(sess_open(path, &o, &s, &e), 0);
	assert_int_equal(view_search(s, 0, pat, 5, 1u << 30, &hit, &e), 1);
	assert_int_equal(hit, 0x201ffd);
	assert_int_equal(view_search(s, 0x201ffe, pat, 5, 1u << 30, &hit, &e), 1);
	assert_int_equal(hit, 0x2ffffe);
	assert_int_equal(view_search(s, 0x2fffff, pat, 5, 1u << 30, &hit, &e), 0);
	/* backwards: the last before the cursor */
	assert_int_equal(view_search_back(s, 0x3fffff, pat, 5, 1u << 30, &hit,
					  &e), 1);
	assert_int_equal(hit, 0x2ffffe);
	sess_free(s);
	unlink(path);
	free(img);
}

static void status_line(void **st)
{
	(void)st;
	struct session *s = seed();
	char buf[256];
	view_status(s, 0x1f0000, true, buf, sizeof(buf));
	assert_string_equal(buf, "001f0000 -> 69fc8000 | valid | CR3 7f2124c0 | "
			    "seed-pae-3-touched.dmp | Windows crash dump (PAE)");
	sess_free(s);
}

/* G: the VA that maps a frame, with the offset kept; none for a frame
 * nothing maps. */
static void rmap_finds_the_mapping_va(void **st)
{
	(void)st;
	struct session *s = seed();
	struct err e;
	uint64_t va = 1, n = 0;
	assert_int_equal(view_rmap(s, 0x69fc8010, &va, &n, &e), 1);
	assert_int_equal(va, 0x1f0010);
	assert_int_equal(n, 1);
	/* the PTE table: only the self-map maps it */
	assert_int_equal(view_rmap(s, 0x6a1a6f80, &va, &n, &e), 1);
	assert_int_equal(va, 0xc0000f80);
	/* the PDPT's frame is not mapped */
	assert_int_equal(view_rmap(s, 0x7f212000, &va, &n, &e), 0);
	assert_int_equal(n, 0);
	sess_free(s);
}

/* The minidump regions panel: columns as wide as the widest shown, the
 * current region marked, protections in letters when the full names do
 * not fit, and a reserved region's allocation protection in brackets. */
static void region_table_fits_its_width(void **st)
{
	(void)st;
	struct fmt_region r[] = {
		{ 0x7ffef000, 0x1000, 0x7ffef000, FMT_MEM_COMMIT, 0x02, 0x02, 0x20000 },
		{ 0x7fff0000, 0xcb48010000, 0, FMT_MEM_FREE, 0x01, 0, 0 },
		{ 0xcbc8000000, 0xb8000, 0xcbc8000000, FMT_MEM_RESERVE, 0, 0x04,
		  0x20000 },
		{ 0xcbc82f5000, 0x3000, 0xcbc8000000, FMT_MEM_COMMIT, 0x104, 0x04,
		  0x20000 },
	};
	struct fmt_source src = { .regions = r, .nregions = 4 };
	struct outbuf ob;

	ob_init(&ob);
	region_table(&src, 0, 4, &r[1], 38, &ob);
	assert_string_equal(ob_str(&ob),
		"   7ffef000       1000 COMMIT  R\n"
		">  7fff0000 cb48010000 FREE    NA\n"
		" cbc8000000      b8000 RESERVE (RW)\n"
		" cbc82f5000       3000 COMMIT  RW+G\n");
	ob_reset(&ob);
	/* wide enough for PAGE_READWRITE|PAGE_GUARD: full names */
	region_table(&src, 2, 9, NULL, 80, &ob);
	assert_string_equal(ob_str(&ob),
		" cbc8000000 b8000 RESERVE (PAGE_READWRITE)\n"
		" cbc82f5000  3000 COMMIT  PAGE_READWRITE|PAGE_GUARD\n");
	char buf[64];
	assert_string_equal(region_protect_short(0x80 | 0x200 | 0x400, buf,
						 sizeof(buf)), "XWC+NC+WCB");
	assert_string_equal(region_protect_short(0, buf, sizeof(buf)), "-");
	ob_fini(&ob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(map_counts_the_seed_table),
		cmocka_unit_test(next_change_steps_over_runs),
		cmocka_unit_test(next_change_crosses_the_noncanonical_gap),
		cmocka_unit_test(patterns),
		cmocka_unit_test(bytes_find_agrees_with_memmem),
		cmocka_unit_test(search_across_a_page_boundary),
		cmocka_unit_test(search_through_runs_of_frames),
		cmocka_unit_test(status_line),
		cmocka_unit_test(rmap_finds_the_mapping_va),
		cmocka_unit_test(region_table_fits_its_width),
	};
	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
