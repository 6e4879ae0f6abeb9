/* The walk in every mode: 4 KiB and large pages, non-canonical addresses,
 * not-present at each level, missing table pages, PCID/flag bits in CR3,
 * effective permissions.  Tables are built entry by entry in memory; the
 * expected addresses follow from the SDM's index splits (doc/PAGING.md, Splitting a virtual address). */
#include "config.h"

#include "tables.h"
#include "arch.h"
#include "pt_loop.h"

#include <stdlib.h>

static struct pt_walk walk(enum pw_mode mode, uint64_t cr3, uint64_t va)
{
	struct pt_ctx c = ctx(mode, cr3);
	struct pt_walk w;
	uint64_t pa = ~0ull;
	unsigned sh = 0;

	pt_walk(m, &c, va, &w);
	/* the translate-only path agrees with the walk on every case here */
	assert_int_equal(pt_translate(m, &c, va, &pa, &sh), w.stop);
	if (w.stop == PT_OK) {
		assert_int_equal(pa, w.pa);
		assert_int_equal(sh, w.page_shift);
	}
	return w;
}

/* The seed's PAE walk (doc/PAGING.md, The root): CR3 7f2124c0 is 32-byte aligned. */
static void walk_pae_seed(void **st)
{
	(void)st;
	e64(m, 0x7f2124c0, 0, 0x71b11801);		/* PDPTE 0 -> PD */
	e64(m, 0x71b11000, 0, 0x6A1A6867);		/* PDE 0 -> PT */
	e64(m, 0x6a1a6000, 0x1f0, 0x8000000069FC8867ull);
	page(m, 0x69fc8000);
	struct pt_walk w = walk(PW_MODE_PAE, 0x7f2124c0, 0x1f0abc);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.nlv, 3);
	assert_string_equal(w.lv[0].name, "PDPTE");
	assert_int_equal(w.lv[0].entry_pa, 0x7f2124c0);
	assert_int_equal(w.lv[1].entry_pa, 0x71b11000);
	assert_int_equal(w.lv[2].index, 0x1f0);
	assert_int_equal(w.lv[2].entry_pa, 0x6a1a6f80);
	assert_int_equal(w.pa, 0x69fc8abc);
	assert_true(w.frame_in_dump);
	assert_true(w.nx);
	assert_true(w.writable && w.user);
}

static void walk_pae_2mib_page_stops_at_pde(void **st)
{
	(void)st;
	e64(m, 0x1000, 1, 0x2001);			/* PDPTE 1 (VA 40000000) */
	e64(m, 0x2000, 3, 0x00000000A0600000ull | 0xE3);	/* PDE 3: 2 MiB */
	struct pt_walk w = walk(PW_MODE_PAE, 0x1000, 0x40612345);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.nlv, 2);
	assert_int_equal(w.page_shift, 21);
	assert_int_equal(w.pa, 0xA0612345);
	assert_false(w.frame_in_dump);
	assert_false(w.user);
}

static void walk_pae_pdpte_not_present(void **st)
{
	(void)st;
	page(m, 0x1000);
	struct pt_walk w = walk(PW_MODE_PAE, 0x1000, 0xC0000000);
	assert_int_equal(w.stop, PT_NOT_PRESENT);
	assert_int_equal(w.stop_lvl, 0);
	assert_int_equal(w.lv[0].entry_pa, 0x1018);
}

static void walk_x86_4k_and_4m(void **st)
{
	(void)st;
	e32(m, 0x3000, 0x0, 0x4067);			/* PDE 0 -> PT 4000 */
	e32(m, 0x4000, 0x1f0, 0x069FC867);		/* PTE 1f0 */
	e32(m, 0x3000, 0x2, 0x00C000E7);		/* PDE 2: 4 MiB at C00000 */
	e32(m, 0x3000, 0x3, 0x00400000u | (0x3u << 13) | 0xE3);	/* PSE-36 */
	struct pt_walk w = walk(PW_MODE_X86, 0x3000, 0x1f0123);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.lv[1].entry_pa, 0x4000 + 0x1f0 * 4);
	assert_int_equal(w.pa, 0x069FC123);
	assert_false(w.nx);
	w = walk(PW_MODE_X86, 0x3000, 0x00812345);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.nlv, 1);
	assert_int_equal(w.page_shift, 22);
	assert_int_equal(w.pa, 0x00C12345);
	w = walk(PW_MODE_X86, 0x3000, 0x00C00001);
	assert_int_equal(w.pa, 0x300400001ull);
	/* VAs beyond 32 bits have no translation in 32-bit modes */
	w = walk(PW_MODE_X86, 0x3000, 0x100000000ull);
	assert_int_equal(w.stop, PT_NONCANONICAL);
}

static void walk_x86_not_present_pte(void **st)
{
	(void)st;
	e32(m, 0x3000, 0x0, 0x4067);
	page(m, 0x4000);
	struct pt_walk w = walk(PW_MODE_X86, 0x3000, 0x5000);
	assert_int_equal(w.stop, PT_NOT_PRESENT);
	assert_int_equal(w.stop_lvl, 1);
	assert_int_equal(w.lv[1].info.kind, PTE_ZERO);
}

/* 4-level: PML4 at 10000, one chain to a 4 KiB page, a 2 MiB and a 1 GiB. */
static void build_x64(void)
{
	e64(m, 0x10000, 0, 0x11067);			/* PML4E 0 -> PDPT */
	e64(m, 0x11000, 0, 0x12067);			/* PDPTE 0 -> PD */
	e64(m, 0x11000, 1, 0x80000000C00001E3ull);	/* PDPTE 1: 1 GiB */
	e64(m, 0x12000, 0, 0x13067);			/* PDE 0 -> PT */
	e64(m, 0x12000, 1, 0x00000000006000E7ull);	/* PDE 1: 2 MiB */
	e64(m, 0x13000, 5, 0x8000000000777067ull);	/* PTE 5 */
	e64(m, 0x10000, 0x1ff, 0x14063);		/* kernel half */
	page(m, 0x14000);
}

static void walk_x64_4k_2m_1g(void **st)
{
	(void)st;
	build_x64();
	struct pt_walk w = walk(PW_MODE_X64, 0x10000, 0x5abc);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.nlv, 4);
	assert_int_equal(w.lv[3].entry_pa, 0x13000 + 5 * 8);
	assert_int_equal(w.pa, 0x777abc);
	assert_true(w.nx);
	w = walk(PW_MODE_X64, 0x10000, 0x2fffff);
	assert_int_equal(w.nlv, 3);
	assert_int_equal(w.page_shift, 21);
	assert_int_equal(w.pa, 0x6fffff);
	w = walk(PW_MODE_X64, 0x10000, 0x7fffffff);
	assert_int_equal(w.nlv, 2);
	assert_int_equal(w.page_shift, 30);
	assert_int_equal(w.pa, 0xFfffffffull);
	assert_false(w.user);
}

static void walk_x64_pcid_and_bit63_in_cr3_are_masked(void **st)
{
	(void)st;
	build_x64();
	struct pt_walk w = walk(PW_MODE_X64, 0x8000000000010000ull | 0xABC, 0x5000);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.lv[0].entry_pa, 0x10000);
	assert_int_equal(w.pa, 0x777000);
}

static void walk_x64_noncanonical(void **st)
{
	(void)st;
	build_x64();
	struct pt_walk w = walk(PW_MODE_X64, 0x10000, 0x0000800000000000ull);
	assert_int_equal(w.stop, PT_NONCANONICAL);
	assert_int_equal(w.nlv, 0);
	w = walk(PW_MODE_X64, 0x10000, 0xFFFF800000000000ull);
	assert_int_equal(w.stop, PT_NOT_PRESENT);
	assert_int_equal(w.lv[0].index, 0x100);
}

static void walk_x64_not_present_at_each_level(void **st)
{
	(void)st;
	build_x64();
	/* PML4E 1, PDPTE 2, PDE 2 and PTE 6 are zero */
	static const struct { uint64_t va; unsigned lvl; } cases[] = {
		{ 0x8000000000ull, 0 }, { 0x80000000ull, 1 },
		{ 0x400000ull, 2 }, { 0x6000ull, 3 },
	};
	for (size_t i = 0; i < 4; i++) {
		struct pt_walk w = walk(PW_MODE_X64, 0x10000, cases[i].va);
		assert_int_equal(w.stop, PT_NOT_PRESENT);
		assert_int_equal(w.stop_lvl, cases[i].lvl);
		assert_int_equal(w.nlv, cases[i].lvl + 1);
	}
}

static void walk_x64_table_not_in_dump(void **st)
{
	(void)st;
	e64(m, 0x10000, 0, 0x99067);		/* PDPT at 99000: absent */
	struct pt_walk w = walk(PW_MODE_X64, 0x10000, 0x1000);
	assert_int_equal(w.stop, PT_TABLE_NOT_IN_DUMP);
	assert_int_equal(w.stop_lvl, 1);
	assert_false(w.lv[1].read);
	assert_int_equal(w.lv[1].entry_pa, 0x99000);
	/* and a CR3 outside the image stops at the first level */
	w = walk(PW_MODE_X64, 0x50000, 0x1000);
	assert_int_equal(w.stop, PT_TABLE_NOT_IN_DUMP);
	assert_int_equal(w.stop_lvl, 0);
}

/* An address field reaching past MAXPHYADDR stops the walk as itself;
 * the bits are also marked as reserved. */
static void walk_x64_beyond_maxphyaddr_stops(void **st)
{
	(void)st;
	struct pt_ctx c = ctx(PW_MODE_X64, 0x10000);
	struct pt_walk w;
	c.pte.maxphy = 40;
	e64(m, 0x10000, 0, 0x0000100000011067ull);	/* bit 44 >= M */
	pt_walk(m, &c, 0x1000, &w);
	assert_int_equal(w.stop, PT_BEYOND_MAXPHY);
	assert_int_equal(w.stop_lvl, 0);
	assert_int_equal(w.lv[0].info.rsvd, 1ull << 44);
	assert_int_equal(w.lv[0].info.frame, 0x100000011000ull);
	assert_int_equal(w.rsvd_levels, 1);
	uint64_t pa;
	assert_int_equal(pt_translate(m, &c, 0x1000, &pa, NULL),
			 PT_BEYOND_MAXPHY);
	/* the same entry with the default 52 bits walks on */
	c.pte.maxphy = 52;
	pt_walk(m, &c, 0x1000, &w);
	assert_int_equal(w.stop, PT_TABLE_NOT_IN_DUMP);
	assert_int_equal(pt_translate(m, &c, 0x1000, &pa, NULL),
			 PT_TABLE_NOT_IN_DUMP);
	assert_int_equal(w.stop_lvl, 1);
	assert_int_equal(w.lv[1].entry_pa, 0x100000011000ull);
}

/* Reserved bits never stop a walk: the real i386 PAE guest's PDPTEs have
 * bit 5 (A) set, which the SDM reserves, and QEMU translates through
 * them.  Same for PS in a PML4E and bits 20:13 of a 2 MiB PDE. */
static void walk_reserved_bits_are_marked_not_obeyed(void **st)
{
	(void)st;
	e64(m, 0x7f2124c0, 0, 0x020DD021);		/* PDPTE: P, A */
	e64(m, 0x020DD000, 0, 0x6A1A6867);
	e64(m, 0x6a1a6000, 0x1f0, 0x69FC8867);
	page(m, 0x69fc8000);
	struct pt_walk w = walk(PW_MODE_PAE, 0x7f2124c0, 0x1f0123);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.pa, 0x69fc8123);
	assert_int_equal(w.rsvd_levels, 1);
	assert_int_equal(w.lv[0].info.rsvd, 0x20);

	e64(m, 0x10000, 0, 0x11087);			/* PML4E with PS */
	e64(m, 0x11000, 0, 0x12007);
	e64(m, 0x12000, 0, 0x00402087);			/* 2 MiB, bit 13 */
	w = walk(PW_MODE_X64, 0x10000, 0x1234);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.page_shift, 21);
	assert_int_equal(w.pa, 0x401234);
	assert_int_equal(w.rsvd_levels, (1u << 0) | (1u << 2));
}

/* A table page the dump holds but cannot read is not "not in the dump". */
static void walk_table_unreadable(void **st)
{
	(void)st;
	e64(m, 0x10000, 0, 0x11007);
	assert_int_equal(fmt_mem_set_unreadable(m, 0x11), 0);
	struct pt_walk w = walk(PW_MODE_X64, 0x10000, 0x1000);
	assert_int_equal(w.stop, PT_TABLE_UNREADABLE);
	assert_int_equal(w.stop_lvl, 1);
	assert_true(fmt_present(m, 0x11));
	e64(m, 0x10000, 1, 0x99007);
	w = walk(PW_MODE_X64, 0x10000, 0x8000000000ull);
	assert_int_equal(w.stop, PT_TABLE_NOT_IN_DUMP);
}

static void walk_x64_effective_permissions(void **st)
{
	(void)st;
	/* writable and user only if every level says so; NX if any does */
	e64(m, 0x10000, 0, 0x8000000000011005ull);	/* P U, NX, read-only */
	e64(m, 0x11000, 0, 0x12007);
	e64(m, 0x12000, 0, 0x13007);
	e64(m, 0x13000, 0, 0x20007);
	struct pt_walk w = walk(PW_MODE_X64, 0x10000, 0x0);
	assert_int_equal(w.stop, PT_OK);
	assert_false(w.writable);
	assert_true(w.user);
	assert_true(w.nx);
}

static void walk_la57(void **st)
{
	(void)st;
	/* VA 0x00ff800000001000: PML5 index 0xff, PML4 index 0x100 */
	e64(m, 0x30000, 0xff, 0x31067);
	e64(m, 0x31000, 0x100, 0x32067);
	e64(m, 0x32000, 0, 0x33067);
	e64(m, 0x33000, 0, 0x34067);
	e64(m, 0x34000, 1, 0x88067);
	uint64_t va = 0x00ff800000001000ull;
	struct pt_walk w = walk(PW_MODE_LA57, 0x30000, va + 0x10);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.nlv, 5);
	assert_string_equal(w.lv[0].name, "PML5E");
	assert_int_equal(w.lv[0].index, 0xff);
	assert_int_equal(w.lv[1].index, 0x100);
	assert_int_equal(w.pa, 0x88010);
	/* the same VA is not canonical with 4 levels */
	assert_false(pt_va_is_canonical(PW_MODE_X64, va));
	assert_true(pt_va_is_canonical(PW_MODE_LA57, va));
	assert_false(pt_va_is_canonical(PW_MODE_LA57, 0x0100000000000000ull));
	assert_true(pt_va_is_canonical(PW_MODE_LA57, 0xFF00000000000000ull));
}

static void root_masks(void **st)
{
	(void)st;
	struct pt_ctx c = ctx(PW_MODE_PAE, 0x7f2124df);
	assert_int_equal(pt_root(&c), 0x7f2124c0);
	c = ctx(PW_MODE_X86, 0x3f2018);
	assert_int_equal(pt_root(&c), 0x3f2000);
	c = ctx(PW_MODE_X64, 0x80000001234567FFull);
	assert_int_equal(pt_root(&c), 0x123456000ull);
}

/* The forms are built from their parts: each level's shift from the
 * widths below it (the SDM's splits), and a form whose parts do not add
 * up to its VA width is refused; a form of another shape (three levels
 * of 9 bits over 4 KiB pages: 39-bit VAs) builds the same way. */
static void forms_built_from_parts(void **st)
{
	(void)st;
	static const struct { enum pw_mode m; unsigned nlv, shift[5]; } want[] = {
		{ PW_MODE_X86, 2, { 22, 12 } },
		{ PW_MODE_PAE, 3, { 30, 21, 12 } },
		{ PW_MODE_X64, 4, { 39, 30, 21, 12 } },
		{ PW_MODE_LA57, 5, { 48, 39, 30, 21, 12 } },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct pt_mode_desc *d = pt_mode_get(want[i].m);
		assert_non_null(d);
		assert_int_equal(d->nlv, want[i].nlv);
		assert_int_equal(pt_page_size(d), 4096);
		for (unsigned l = 0; l < d->nlv; l++)
			assert_int_equal(d->lv[l].shift, want[i].shift[l]);
	}
	assert_int_equal(pt_table_entries(pt_mode_get(PW_MODE_X86), 0), 1024);
	assert_int_equal(pt_table_entries(pt_mode_get(PW_MODE_PAE), 0), 4);
	struct pt_form_spec sv = { PW_MODE_NONE, "3l39", "3-level", 8, 39, 12, 3, {
		{ "L2", "L2", "T2", 9, PTE_ROLE_TABLE },
		{ "L1", "L1", "T1", 9, PTE_ROLE_PD },
		{ "L0", "L0", "T0", 9, PTE_ROLE_LEAF },
	} };
	struct pt_mode_desc d;
	assert_int_equal(pt_form_build(&pt_arch_x86, &sv, &d), 0);
	assert_int_equal(d.lv[0].shift, 30);
	assert_int_equal(d.lv[2].shift, 12);
	sv.va_bits = 48;	/* 27 bits of index and a 4 KiB page are 39 */
	assert_int_equal(pt_form_build(&pt_arch_x86, &sv, &d), -1);
	sv.va_bits = 39;
	sv.esize = 6;
	assert_int_equal(pt_form_build(&pt_arch_x86, &sv, &d), -1);
}

/* A second architecture as one value, to show the seam holds
 * (doc/ARCHITECTURE.md, "An architecture"): RISC-V Sv39 (the privileged
 * specification's facts: three levels of 9 bits over a 39-bit VA; V, R,
 * W, X, U at bits 0..4; the frame number at 53:10; an entry with R, W or X
 * is a leaf at any level; satp's PPN at 43:0).  Nothing here is x86 and
 * nothing in src/ knows it: the generic walk and translate run it. */
#define SV_V 1ull
#define SV_R 2ull
#define SV_W 4ull
#define SV_X 8ull
#define SV_U 16ull

static uint64_t sv_root(const struct pt_mode_desc *d, uint64_t satp,
			unsigned maxphy)
{
	(void)d, (void)maxphy;
	return (satp & ((1ull << 44) - 1)) << 12;
}

static uint64_t sv_frame(const struct pt_mode_desc *d, enum pte_role role,
			 uint64_t raw, unsigned *large_shift)
{
	unsigned lvl = role == PTE_ROLE_LEAF ? 2 : role == PTE_ROLE_PD ? 1 : 0;

	*large_shift = 0;
	if (lvl < 2 && (raw & (SV_R | SV_W | SV_X)))
		*large_shift = d->lv[lvl].shift;
	return ((raw >> 10) & ((1ull << 44) - 1)) << 12;
}

static void sv_decode(const struct pt_mode_desc *d, unsigned maxphy,
		      struct pte_info *o)
{
	unsigned ls;

	(void)maxphy;
	o->frame = sv_frame(d, o->role, o->raw, &ls);
	o->large = ls != 0;
	o->large_shift = ls;
	/* a pointer to the next table has no say (struct pte_perms) */
	o->perm = !(o->raw & (SV_R | SV_W | SV_X)) && o->role != PTE_ROLE_LEAF ?
		  (struct pte_perms){ false, true, true, true } :
		  (struct pte_perms){ true, o->raw & SV_W, o->raw & SV_U,
				      o->raw & SV_X };
	/* W without R is reserved; 63:54 are reserved without extensions */
	o->rsvd = o->raw & ((o->raw & (SV_R | SV_W)) == SV_W ? SV_W : 0);
	o->rsvd |= o->raw & ~((1ull << 54) - 1);
}

static enum pt_stop sv_translate(const struct fmt_source *src,
				 const struct pt_ctx *c,
				 const struct pt_mode_desc *d, uint64_t va,
				 uint64_t *pa, unsigned *page_shift)
{
	return pt_translate_with(src, c, d, SV_V, sv_root, sv_frame, va, pa,
				 page_shift);
}

static const struct pt_form_spec sv39_form = {
	PW_MODE_NONE, "sv39", "Sv39", 8, 39, 12, 3, {
		{ "L2", "L2", "VPN2", 9, PTE_ROLE_PDPT },
		{ "L1", "L1", "VPN1", 9, PTE_ROLE_PD },
		{ "L0", "L0", "VPN0", 9, PTE_ROLE_LEAF },
	} };

static const struct pt_arch sv39 = {
	"riscv", &sv39_form, 1, NULL, 0, SV_V, sv_root, sv_decode,
	sv_translate, NULL, 0,
};

static void an_architecture_is_one_value(void **st)
{
	(void)st;
	struct pt_mode_desc d;
	assert_int_equal(pt_form_build(&sv39, &sv39_form, &d), 0);
	assert_int_equal(d.lv[0].shift, 30);
	assert_int_equal(d.lv[1].shift, 21);
	/* satp PPN 0x80 (root at 0x80000); VA 0x40201abc: VPN2 1, VPN1 1,
	 * VPN0 1 */
	e64(m, 0x80000, 1, (0x81ull << 10) | SV_V);		/* -> 0x81000 */
	e64(m, 0x81000, 1, (0x82ull << 10) | SV_V);		/* -> 0x82000 */
	e64(m, 0x82000, 1, (0x12345ull << 10) | SV_U | SV_W | SV_R | SV_V);
	page(m, 0x12345000);
	/* a 2 MiB superpage: VPN1 2 of the same table, read and execute */
	e64(m, 0x81000, 2, (0x400ull << 10) | SV_X | SV_R | SV_V);
	struct pt_ctx c = ctx(PW_MODE_NONE, (8ull << 60) | 0x80);
	struct pt_walk w;
	uint64_t pa = 0;
	unsigned sh = 0;

	pt_walk_in(m, &c, &d, 0x40201abc, &w);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.nlv, 3);
	assert_string_equal(w.lv[2].name, "L0");
	assert_int_equal(w.lv[2].entry_pa, 0x82008);
	assert_int_equal(w.pa, 0x12345abc);
	assert_int_equal(w.page_shift, 12);
	assert_true(w.frame_in_dump && w.writable && w.user && w.nx);
	assert_false(w.lv[0].info.perm.has);
	assert_int_equal(sv_translate(m, &c, &d, 0x40201abc, &pa, &sh), PT_OK);
	assert_int_equal(pa, w.pa);

	pt_walk_in(m, &c, &d, 0x40412345, &w);
	assert_int_equal(w.stop, PT_OK);
	assert_int_equal(w.nlv, 2);
	assert_int_equal(w.page_shift, 21);
	assert_int_equal(w.pa, 0x400000ull + 0x12345);
	assert_true(!w.writable && !w.user && !w.nx);
	assert_int_equal(sv_translate(m, &c, &d, 0x40412345, &pa, &sh), PT_OK);
	assert_int_equal(sh, 21);
	assert_int_equal(pa, w.pa);

	/* an empty entry, a reserved bit (marked, not obeyed), a VA that is
	 * not sign-extended from bit 38 */
	pt_walk_in(m, &c, &d, 0x40601000, &w);
	assert_int_equal(w.stop, PT_NOT_PRESENT);
	assert_int_equal(w.stop_lvl, 1);
	e64(m, 0x81000, 3, (0x600ull << 10) | SV_W | SV_V);
	pt_walk_in(m, &c, &d, 0x40600000, &w);
	assert_int_equal(w.rsvd_levels, 1u << 1);
	pt_walk_in(m, &c, &d, 0x8000000000ull, &w);
	assert_int_equal(w.stop, PT_NONCANONICAL);
	assert_int_equal(sv_translate(m, &c, &d, 0x8000000000ull, &pa, &sh),
			 PT_NONCANONICAL);
	pt_walk_in(m, &c, &d, 0xFFFFFFC040201abcull, &w);
	assert_int_equal(w.stop, PT_NOT_PRESENT);	/* VPN2 0x101: empty */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, mem_setup, mem_teardown)
		T(walk_pae_seed),
		T(an_architecture_is_one_value),
		T(walk_pae_2mib_page_stops_at_pde),
		T(walk_pae_pdpte_not_present),
		T(walk_x86_4k_and_4m),
		T(walk_x86_not_present_pte),
		T(walk_x64_4k_2m_1g),
		T(walk_x64_pcid_and_bit63_in_cr3_are_masked),
		T(walk_x64_noncanonical),
		T(walk_x64_not_present_at_each_level),
		T(walk_x64_table_not_in_dump),
		T(walk_x64_beyond_maxphyaddr_stops),
		T(walk_reserved_bits_are_marked_not_obeyed),
		T(walk_table_unreadable),
		T(walk_x64_effective_permissions),
		T(walk_la57),
		T(root_masks),
#undef T
		cmocka_unit_test(forms_built_from_parts),
	};
	return cmocka_run_group_tests_name("pt", tests, NULL, NULL);
}
