/* The view model (src/rows.c): the rows the walk panel, the hexdumps, a
 * table page and the physical panel show, asserted without a screen.
 * The seed's facts: VA 001f0000 is PDE 6A1A6867 -> PTE 8000000069FC8867
 * (PTE at C0000F80, frame 69fc8), its bytes are 'a'; 001f2000 is
 * demand-zero; 001f4000 is in the 16-page reservation. */
#include "config.h"

#include "tables.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "os.h"
#include "rows.h"
#include "sample.h"
#include "session.h"
#include "view.h"

/* The session as the interface opens it: the process the dump stopped
 * in attached (its VADs tell reserved from free). */
static struct session *seed(void)
{
	struct session *s = sample_session("seed-pae-3-touched.dmp");

	os_attach_current(s);
	return s;
}

static void walk_rows_of_a_valid_page(void **st)
{
	(void)st;
	struct session *s = seed();
	struct view_walk *v = calloc(1, sizeof(*v));
	struct pt_walk pw;

	sess_walk(s, 0x1f0123, &pw);
	assert_int_equal(pw.nlv, 3);
	/* wide: one row per level, the PTE selected */
	view_walk_text(s, &pw, 2, true, 100, true, v);
	assert_false(v->region);
	assert_string_equal(v->title, "Walk  PAE  CR3 7f2124c0");
	assert_int_equal(v->head.role, VR_HEADER);
	assert_non_null(strstr(v->head.text, "windbg"));
	assert_int_equal(v->nrows, 3);
	for (unsigned i = 0; i < 3; i++) {
		char raw[24];
		snprintf(raw, sizeof(raw), "%016" PRIX64, pw.lv[i].raw);
		assert_non_null(strstr(v->rows[i].text, raw));
		assert_true(v->rows[i].level_start);
		assert_int_equal(v->rows[i].role, i == 2 ? VR_SELECT : VR_NORMAL);
	}
	assert_memory_equal(v->rows[2].text, "PTE  >1f0  #6a1a6f80  "
			    "8000000069FC8867", 38);
	assert_non_null(strstr(v->rows[2].text, "---DA--UW-V"));
	assert_memory_equal(v->rows[1].text, "PDE   ", 6);	/* not selected */
	assert_int_equal(v->result[0].role, VR_STATE);
	assert_int_equal(v->result[0].state, PGS_VALID);
	assert_string_equal(v->result[0].text,
			    "-> PA 69fc8123  pfn 69fc8  4 KiB page");
	assert_string_equal(v->result[1].text, "PTE at C0000F80  user rw nx");

	/* narrow: two rows a level, the set flags by name on the second;
	 * a selection past the last level stands for the last */
	view_walk_text(s, &pw, 7, false, 36, false, v);
	assert_int_equal(v->nrows, 6);
	assert_true(v->rows[4].level_start);
	assert_false(v->rows[5].level_start);
	assert_int_equal(v->rows[4].role, VR_SELECT);
	assert_string_equal(v->rows[5].text, "      #6a1a6f80  P W U A D NX");
	assert_int_equal(v->rows[1].role, VR_DIM);
	assert_int_equal(view_level_of(&pw, 7), 2);
	assert_int_equal(view_level_of(&pw, 1), 1);
	/* no selection shown */
	view_walk_text(s, &pw, -1, true, 100, true, v);
	for (unsigned i = 0; i < v->nrows; i++)
		assert_int_not_equal(v->rows[i].role, VR_SELECT);
	free(v);
	sess_free(s);
}

static void walk_rows_of_empty_entries(void **st)
{
	(void)st;
	struct session *s = seed();
	struct view_walk *v = calloc(1, sizeof(*v));
	struct pt_walk pw;

	/* demand-zero: the PTE is not present, dim, its kind named */
	sess_walk(s, 0x1f2000, &pw);
	view_walk_text(s, &pw, -1, true, 100, true, v);
	assert_int_equal(v->rows[2].role, VR_DIM);
	assert_non_null(strstr(v->rows[2].text, "0000000000000080"));
	assert_non_null(strstr(v->rows[2].text, "(not present)"));
	assert_int_equal(v->result[0].state, pgstate_of_walk(&pw));
	assert_memory_equal(v->result[0].text, "x PTE not valid: ", 17);
	/* the reservation: a zero entry, the VAD says reserved */
	sess_walk(s, 0x1f4000, &pw);
	view_walk_text(s, &pw, -1, true, 100, true, v);
	assert_int_equal(v->result[0].state, PGS_RESERVED);
	assert_non_null(strstr(v->result[1].text, "VAD 001f0000-001fffff"));
	/* too narrow for the VAD's full protection name: the brief form */
	view_walk_text(s, &pw, -1, false, 36, true, v);
	assert_null(strstr(v->result[1].text, "PAGE_"));
	assert_non_null(strstr(v->result[1].text, "VAD"));
	free(v);
	sess_free(s);
}

static void hex_rows_are_the_bytes(void **st)
{
	(void)st;
	struct session *s = seed();
	struct view_hex_row r;
	uint8_t b[16];
	bool ok[16];

	assert_int_equal(view_page_size(s), 4096);
	/* the cursor's row a third of the way down, clamped at the ends */
	assert_int_equal(view_hex_top(s, 9, 8, 0x123), 0x123 / 8 - 3);
	assert_int_equal(view_hex_top(s, 9, 8, 0), 0);
	assert_int_equal(view_hex_top(s, 9, 8, 4095), 512 - 9);
	view_hex_row(s, true, 0x1f0000, 0x120, 8, 0x123, &r);
	assert_int_equal(r.len, 4 + 3 * 8 + 2 + 8);
	assert_string_equal(r.text, "120> 61 61 61 61 61 61 61 61  aaaaaaaa");
	assert_int_equal(r.cell[0], VC_DIM);
	assert_int_equal(r.cell[4 + 3 * 3 + 1], VC_CURSOR);	/* byte 3, hex */
	assert_int_equal(r.cell[4 + 3 * 3], VC_NORMAL);	/* its separator */
	assert_int_equal(r.cell[4 + 24 + 2 + 3], VC_CURSOR);	/* as text */
	assert_int_equal(r.cell[4 + 24 + 2 + 4], VC_NORMAL);
	/* another row: no mark; the physical page reads the same bytes */
	view_hex_row(s, false, 0x69fc8000, 0x10, 16, -1, &r);
	sess_read(s, false, 0x69fc8010, b, ok, 16);
	char want[8];
	snprintf(want, sizeof(want), " %02x", b[15]);
	assert_memory_equal(r.text, "010 ", 4);
	assert_memory_equal(r.text + 4 + 15 * 3, want, 3);
	/* a page that is not there reads '??', dim */
	view_hex_row(s, true, 0x1f4000, 0, 8, -1, &r);
	assert_string_equal(r.text, "000  ?? ?? ?? ?? ?? ?? ?? ??  ????????");
	assert_int_equal(r.cell[5], VC_DIM);
	sess_free(s);
}

static void table_rows_of_the_seed_pt(void **st)
{
	(void)st;
	struct session *s = seed();
	struct pt_walk pw;
	struct view_line l;
	unsigned idx[VIEW_TABLE_MAX], at;
	char title[96];

	sess_walk(s, 0x1f0123, &pw);
	view_table_title(s, &pw, 2, false, title, sizeof(title));
	assert_string_equal(title, "Table PT #6a1a6000 (PTE 1f0)");
	unsigned n = view_table_shown(s, &pw, 2, false, idx, &at);
	assert_int_equal(n, 512);
	assert_int_equal(at, 0x1f0);
	/* the walk's entry in the middle of 9 rows, clamped at the end */
	assert_int_equal(view_table_top(at, n, 9, -1), 0x1f0 - 4);
	assert_int_equal(view_table_top(at, n, 9, 600), 512 - 9);
	view_table_line(s, &pw, 2, 0x1f0, false, &l);
	assert_int_equal(l.role, VR_SELECT);
	assert_string_equal(l.text, "1f0>8000000069FC8867 ---DA--UW-V valid");
	view_table_line(s, &pw, 2, 0x1f2, true, &l);
	assert_int_equal(l.role, VR_DIM);
	assert_string_equal(l.text, "1f2 001f2000 0000000000000080 "
			    "demand-zero");
	assert_int_equal(view_table_va(s, &pw, 2, 0x17c), 0x17c000);
	assert_int_equal(view_table_va(s, &pw, 1, 1), 0x200000);
	/* empty entries hidden: fewer rows, the walk's own always kept */
	unsigned nz = view_table_shown(s, &pw, 2, true, idx, &at);
	assert_in_range(nz, 4, 20);
	assert_int_equal(idx[at], 0x1f0);
	uint64_t va;
	for (unsigned i = 0; i < nz; i++) {
		view_table_line(s, &pw, 2, idx[i], false, &l);
		assert_null(strstr(l.text, "0000000000000000"));
	}
	/* stepping: the next entry, over the empty ones when hidden */
	assert_true(view_table_step(s, &pw, 2, false, 1, &va));
	assert_int_equal(va, 0x1f1000);
	sess_walk(s, 0x1f3000, &pw);
	assert_true(view_table_step(s, &pw, 2, true, -1, &va));
	assert_int_equal(va, 0x1f2000);
	assert_true(view_table_step(s, &pw, 2, false, 1, &va));
	assert_int_equal(va, 0x1f4000);
	sess_walk(s, 0x1ff000, &pw);
	assert_false(view_table_step(s, &pw, 2, true, 1, &va) &&
		     va < 0x200000);
	sess_free(s);
}

static void map_rows_of_the_seed_table(void **st)
{
	(void)st;
	struct session *s = seed();
	struct view_map *vm = calloc(1, sizeof(*vm));
	struct view_map_row r;
	char title[96];

	view_map_fill(s, 0x1f1234, vm);
	view_map_title(s, vm, title, sizeof(title));
	assert_string_equal(title, "Page map 00000000 +2M @1f1");
	/* 32 cells a row: the cursor's row starts at 1e0 */
	view_map_row(s, vm, 0x1e0 / 32, 32, &r);
	assert_string_equal(r.label, "1e0>");
	assert_int_equal(r.role, VR_HEADER);
	assert_int_equal(r.n, 32);
	for (unsigned c = 0; c < 32; c++) {
		const struct pgstate_desc *d = pgstate_desc(vm->st[0x1e0 + c]);
		assert_int_equal(r.cell[c].letter, d->letter == ' ' ? '_' :
				 d->letter);
		assert_int_equal(r.cell[c].cursor, 0x1e0 + c == 0x1f1);
		assert_false(r.cell[c].changed);
	}
	assert_int_equal(r.cell[0x10].state, PGS_VALID);	/* 1f0 */
	assert_int_equal(r.cell[0x12].state, PGS_DEMAND_ZERO);	/* 1f2 */
	assert_int_equal(r.cell[0x14].state, PGS_RESERVED);	/* 1f4 */
	view_map_row(s, vm, 0, 32, &r);
	assert_string_equal(r.label, "000 ");
	assert_int_equal(r.role, VR_DIM);
	free(vm);
	sess_free(s);
}

static void physical_panel_kinds(void **st)
{
	(void)st;
	struct session *s = seed();
	struct pt_walk pw;
	struct view_phys p;

	sess_walk(s, 0x1f0123, &pw);
	view_phys_of(s, &pw, false, false, 0, true, &p);
	assert_int_equal(p.kind, VP_FRAME);
	assert_int_equal(p.pa, 0x69fc8123);
	assert_string_equal(p.title, "PA 69fc8000 (pfn 69fc8)");
	/* the seed's PFN entry, above the bytes (and not without room) */
	assert_int_equal(p.nlines, 2);
	assert_non_null(strstr(p.lines[0], "84B979E0"));
	view_phys_of(s, &pw, false, false, 0, false, &p);
	assert_int_equal(p.nlines, 0);
	view_phys_of(s, &pw, true, false, 0, true, &p);
	assert_int_equal(p.kind, VP_TABLE);
	view_phys_of(s, &pw, false, true, 0x1000, true, &p);
	assert_int_equal(p.kind, VP_FRAME);
	assert_int_equal(p.pa, 0x1000);
	assert_memory_equal(p.title, "PA 00001000 detached", 20);
	/* the transition page keeps its frame */
	sess_walk(s, 0x100000, &pw);
	view_phys_of(s, &pw, false, false, 0, true, &p);
	assert_int_equal(p.kind, VP_FRAME);
	assert_non_null(strstr(p.title, "kept frame"));
	sess_walk(s, 0x1f4000, &pw);
	view_phys_of(s, &pw, false, false, 0, true, &p);
	assert_int_equal(p.kind, VP_NONE);
	assert_string_equal(p.lines[0], "No frame: reserved");
	char title[96];
	view_virt_title(s, 0x1f4567, true, title, sizeof(title));
	assert_string_equal(title, "VA 001f4000 - reserved");
	sess_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(walk_rows_of_a_valid_page),
		cmocka_unit_test(walk_rows_of_empty_entries),
		cmocka_unit_test(hex_rows_are_the_bytes),
		cmocka_unit_test(table_rows_of_the_seed_pt),
		cmocka_unit_test(map_rows_of_the_seed_table),
		cmocka_unit_test(physical_panel_kinds),
	};
	return cmocka_run_group_tests_name("rows", tests, NULL, NULL);
}
