/* Entry decoding: WinDbg flag strings, Windows software PTEs for each
 * layout, Linux non-present entries, reserved bits.  Expected values come
 * from the seed walkthrough, WinDbg's documentation, doc/PAGING.md's bit
 * tables and the real guest's /proc/self/pagemap. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "le.h"
#include "pte.h"
#include "x86.h"
#include "os_pte.h"

static struct pte_ctx win(enum pw_mode m)
{
	return (struct pte_ctx){ .mode = m, .os = PW_OS_WINDOWS, .maxphy = 52 };
}

static void check_flags(enum pw_mode m, enum pte_role r, uint64_t raw,
			const char *want)
{
	struct pte_ctx c = win(m);
	struct pte_info in;
	char buf[12];

	pte_decode(&c, r, raw, &in);
	pte_flag_string(&c, &in, buf);
	assert_string_equal(buf, want);
}

static void flags_seed_pde_and_pte(void **st)
{
	(void)st;
	/* seed: PDE 6A1A6867 -> ---DA--UWEV, PTE 8000000069FC8867 -> ---DA--UW-V */
	check_flags(PW_MODE_PAE, PTE_ROLE_PD, 0x000000006A1A6867ull, "---DA--UWEV");
	check_flags(PW_MODE_PAE, PTE_ROLE_LEAF, 0x8000000069FC8867ull, "---DA--UW-V");
}

static void flags_kernel_global_and_large(void **st)
{
	(void)st;
	/* WinDbg's x64 kernel PTE 8000000002E63963 -> -G-DA--KW-V */
	check_flags(PW_MODE_X64, PTE_ROLE_LEAF, 0x8000000002E63963ull, "-G-DA--KW-V");
	/* A 2 MiB kernel page, executable: --LDA--KWEV */
	check_flags(PW_MODE_X64, PTE_ROLE_PD, 0x00000000028000E3ull, "--LDA--KWEV");
	/* Bit 7 of a 4 KiB PTE is PAT, never L. */
	check_flags(PW_MODE_X64, PTE_ROLE_LEAF, 0x00000000028000E3ull, "---DA--KWEV");
	/* Copy-on-write (bit 9), PCD, PWT, read-only */
	check_flags(PW_MODE_X64, PTE_ROLE_LEAF, 0x0000000001234219ull, "C----NTKREV");
}

static void flags_pae_pdpte_has_no_access_bits(void **st)
{
	(void)st;
	/* SDM table 4-8: a PDPTE has P, PWT, PCD and the address only */
	check_flags(PW_MODE_PAE, PTE_ROLE_PDPTE_PAE, 0x71b11801, "----------V");
}

static void flags_x86_has_no_nx_column(void **st)
{
	(void)st;
	/* 32-bit entries are 4 bytes: bit 63 does not exist, always E. */
	check_flags(PW_MODE_X86, PTE_ROLE_LEAF, 0x069FC867u, "---DA--UWEV");
}

static struct pte_info dec(enum pw_mode m, unsigned build, uint64_t raw)
{
	struct pte_ctx c = win(m);
	struct pte_info in;

	c.win_build = build;
	pte_decode(&c, PTE_ROLE_LEAF, raw, &in);
	return in;
}

static void win_demand_zero_each_layout(void **st)
{
	(void)st;
	/* seed: 0x80 = DemandZero, Protect: 4 - ReadWrite */
	static const enum pw_mode modes[] = { PW_MODE_X86, PW_MODE_PAE, PW_MODE_X64 };
	for (size_t i = 0; i < 3; i++) {
		struct pte_info in = dec(modes[i], 0, 0x80);
		assert_false(in.present);
		assert_int_equal(in.kind, PTE_WIN_DEMAND_ZERO);
		assert_int_equal(in.prot, 4);
	}
	struct pte_info in = dec(PW_MODE_X64, 19041, 0x80);
	assert_int_equal(in.kind, PTE_WIN_DEMAND_ZERO);
}

static void win_zero_pte_is_not_committed(void **st)
{
	(void)st;
	assert_int_equal(dec(PW_MODE_PAE, 0, 0).kind, PTE_ZERO);
}

static void win_transition_each_layout(void **st)
{
	(void)st;
	/* (pte & 0xC01) == 0x800: frame still in RAM (doc/PAGING.md, Windows: entries that are not present) */
	struct pte_info in = dec(PW_MODE_PAE, 0, 0x6b100000ull | 0x800 | 0x80);
	assert_int_equal(in.kind, PTE_WIN_TRANSITION);
	assert_int_equal(in.frame, 0x6b100000);
	assert_int_equal(in.prot, 4);
	in = dec(PW_MODE_X86, 0, 0x069fc000u | 0x800 | 0xa0);
	assert_int_equal(in.kind, PTE_WIN_TRANSITION);
	assert_int_equal(in.frame, 0x069fc000);
	assert_int_equal(in.prot, 5);
	in = dec(PW_MODE_X64, 0, 0x0000000123456000ull | 0x800 | 0xc0);
	assert_int_equal(in.kind, PTE_WIN_TRANSITION);
	assert_int_equal(in.frame, 0x123456000ull);
	assert_int_equal(in.prot, 6);
}

static void win_pagefile_each_layout(void **st)
{
	(void)st;
	/* PageFileLow 1-4 and PageFileHigh 32-63 (PAE, x64 Win7) */
	struct pte_info in = dec(PW_MODE_PAE, 0, (0x2a5ull << 32) | 2 | 0x80);
	assert_int_equal(in.kind, PTE_WIN_PAGEFILE);
	assert_int_equal(in.file, 1);
	assert_int_equal(in.offset, 0x2a5);
	/* x86: PageFileHigh is bits 12-31 */
	in = dec(PW_MODE_X86, 0, (0x2a5u << 12) | 4 | 0x80);
	assert_int_equal(in.kind, PTE_WIN_PAGEFILE);
	assert_int_equal(in.file, 2);
	assert_int_equal(in.offset, 0x2a5);
	/* x64 1803+: PageFileLow moved to bits 12-15 */
	in = dec(PW_MODE_X64, 17134, (0x1234ull << 32) | (3u << 12) | 0x80);
	assert_int_equal(in.kind, PTE_WIN_PAGEFILE);
	assert_int_equal(in.file, 3);
	assert_int_equal(in.offset, 0x1234);
	/* the same bits read with the Win7 layout: file 0 */
	in = dec(PW_MODE_X64, 7601, (0x1234ull << 32) | (3u << 12) | 0x80);
	assert_int_equal(in.file, 0);
	/* PAE from 1809 (x86 Windows 10's headers): PageFileLow at 12-15,
	 * bit 1 PageFileReserved; 1803 still has PageFileLow at 1-4 */
	in = dec(PW_MODE_PAE, 17763, (0x2a5ull << 32) | (3u << 12) | 2 | 0x80);
	assert_int_equal(in.kind, PTE_WIN_PAGEFILE);
	assert_int_equal(in.file, 3);
	assert_int_equal(in.offset, 0x2a5);
	assert_int_equal(in.prot, 4);
	in = dec(PW_MODE_PAE, 17134, (0x2a5ull << 32) | (3u << 12) | 2 | 0x80);
	assert_int_equal(in.file, 1);
	/* its prototype PTE: protection at 9:5, the address at 63:32 */
	in = dec(PW_MODE_PAE, 19041, (0x8f1c2468ull << 32) | 0x400 | (1u << 5));
	assert_int_equal(in.kind, PTE_WIN_PROTOTYPE);
	assert_int_equal(in.proto, 0x8f1c2468);
	assert_int_equal(in.prot, 1);
	in = dec(PW_MODE_PAE, 7601, (0x8f1c2468ull << 32) | 0x400 | (1u << 11));
	assert_int_equal(in.prot, 1);
}

static void win_prototype_each_layout(void **st)
{
	(void)st;
	/* PAE: address = pte >> 32, Protection in bits 11-15 */
	struct pte_info in = dec(PW_MODE_PAE, 0,
				 (0x8f1c2468ull << 32) | 0x400 | (1u << 11));
	assert_int_equal(in.kind, PTE_WIN_PROTOTYPE);
	assert_int_equal(in.proto, 0x8f1c2468);
	assert_int_equal(in.prot, 1);
	/* x64 Win7: address = (pte >> 16) | 0xFFFF000000000000 */
	in = dec(PW_MODE_X64, 7601, (0x8a0012345678ull << 16) | 0x400 | (6u << 11));
	assert_int_equal(in.proto, 0xFFFF8A0012345678ull);
	assert_int_equal(in.prot, 6);
	/* x64 1803+: Protection back in bits 5-9 */
	in = dec(PW_MODE_X64, 19041, (0x8a0012345678ull << 16) | 0x400 | (3u << 5));
	assert_int_equal(in.proto, 0xFFFF8A0012345678ull);
	assert_int_equal(in.prot, 3);
	/* x86: 0x80000000 | ((pte >> 1) & 0x7FFFFC00) | ((pte << 1) & 0x3FF) */
	in = dec(PW_MODE_X86, 0, 0x2468A5FEu);
	assert_int_equal(in.kind, PTE_WIN_PROTOTYPE);
	assert_int_equal(in.proto, 0x923453FCu);
}

static void win_vad_and_decommitted(void **st)
{
	(void)st;
	assert_int_equal(dec(PW_MODE_PAE, 0, 0xFFFFFFFF00000080ull).kind,
			 PTE_WIN_VAD);
	assert_int_equal(dec(PW_MODE_X86, 0, 0xFFFFF080u).kind, PTE_WIN_VAD);
	/* MM_DECOMMIT = 0x10 in the protection field */
	assert_int_equal(dec(PW_MODE_X64, 0, 0x10 << 5).kind,
			 PTE_WIN_DECOMMITTED);
}

static void win_invalid_lines_as_windbg(void **st)
{
	(void)st;
	struct pte_ctx c = win(PW_MODE_PAE);
	struct pte_info in;
	char lines[8][64];

	pte_decode(&c, PTE_ROLE_LEAF, 0x80, &in);
	assert_int_equal(pte_invalid_lines(&c, &in, lines, 8), 2);
	assert_string_equal(lines[0], "DemandZero");
	assert_string_equal(lines[1], "Protect: 4 - ReadWrite");
	pte_decode(&c, PTE_ROLE_LEAF, 0x14 << 5, &in);
	assert_int_equal(pte_invalid_lines(&c, &in, lines, 8), 2);
	assert_string_equal(lines[1], "Protect: 14 - Guard ReadWrite");
	pte_decode(&c, PTE_ROLE_LEAF, 0, &in);
	assert_int_equal(pte_invalid_lines(&c, &in, lines, 8), 0);
}

static void protect_names(void **st)
{
	(void)st;
	char b[40];
	assert_string_equal(pte_protect_name(4, b, sizeof(b)), "ReadWrite");
	assert_string_equal(pte_protect_name(1, b, sizeof(b)), "Readonly");
	assert_string_equal(pte_protect_name(6, b, sizeof(b)), "ReadWriteExecute");
	assert_string_equal(pte_protect_name(0x10, b, sizeof(b)), "Decommitted");
	assert_string_equal(pte_protect_name(0x18, b, sizeof(b)), "NoAccess");
	assert_string_equal(pte_protect_name(0x0c, b, sizeof(b)), "NoCache ReadWrite");
	assert_string_equal(pte_protect_name(0x1a, b, sizeof(b)), "WriteCombine Execute");
}

static struct pte_info lin(enum pw_mode m, uint64_t raw)
{
	struct pte_ctx c = { .mode = m, .os = PW_OS_LINUX, .maxphy = 52 };
	struct pte_info in;

	pte_decode(&c, PTE_ROLE_LEAF, raw, &in);
	return in;
}

static void linux_protnone_from_real_guest(void **st)
{
	(void)st;
	/* The real guest's PROT_NONE page: PTE 000FFFFFFD61A960, and its
	 * /proc/self/pagemap says pfn 0x29e5 (serial.log). */
	struct pte_info in = lin(PW_MODE_X64, 0x000FFFFFFD61A960ull);
	assert_int_equal(in.kind, PTE_LINUX_PROTNONE);
	assert_int_equal(in.frame >> 12, 0x29e5);
}

static void linux_swap_entries(void **st)
{
	(void)st;
	/* x86-64: type in 59-63, offset inverted in 9-58 */
	uint64_t off = 0x1234, raw = (3ull << 59) |
				      ((~off & ((1ull << 50) - 1)) << 9);
	struct pte_info in = lin(PW_MODE_X64, raw);
	assert_int_equal(in.kind, PTE_LINUX_SWAP);
	assert_int_equal(in.file, 3);
	assert_int_equal(in.offset, 0x1234);
	/* i386 2-level: type in 1-5, offset in 9-31, not inverted */
	in = lin(PW_MODE_X86, (0x4567u << 9) | (2u << 1));
	assert_int_equal(in.kind, PTE_LINUX_SWAP);
	assert_int_equal(in.file, 2);
	assert_int_equal(in.offset, 0x4567);
}

static void unknown_os_soft_entry(void **st)
{
	(void)st;
	struct pte_ctx c = { .mode = PW_MODE_X64, .os = PW_OS_NONE };
	struct pte_info in;
	pte_decode(&c, PTE_ROLE_LEAF, 0x80, &in);
	assert_int_equal(in.kind, PTE_SOFT);
}

static uint64_t rsvd(enum pw_mode m, unsigned maxphy, enum pte_role r,
		     uint64_t raw)
{
	struct pte_ctx c = { .mode = m, .maxphy = maxphy };
	struct pte_info in;

	pte_decode(&c, r, raw, &in);
	return in.rsvd;
}

static void reserved_bits(void **st)
{
	(void)st;
	/* Bits 51:M of IA-32e entries */
	assert_int_equal(rsvd(PW_MODE_X64, 46, PTE_ROLE_LEAF, (1ull << 50) | 1),
			 1ull << 50);
	assert_int_equal(rsvd(PW_MODE_X64, 52, PTE_ROLE_LEAF, (1ull << 50) | 1), 0);
	/* 62:52 are ignored in IA-32e but reserved in PAE */
	assert_int_equal(rsvd(PW_MODE_X64, 52, PTE_ROLE_LEAF, (1ull << 55) | 1), 0);
	assert_int_equal(rsvd(PW_MODE_PAE, 52, PTE_ROLE_LEAF, (1ull << 55) | 1),
			 1ull << 55);
	/* PAE PDPTE: bits 2:1 and 8:5 are reserved */
	assert_int_equal(rsvd(PW_MODE_PAE, 52, PTE_ROLE_PDPTE_PAE, 0x1003), 2);
	/* 2 MiB page: 20:13 reserved; 1 GiB: 29:13 */
	assert_int_equal(rsvd(PW_MODE_X64, 52, PTE_ROLE_PD, 0x200000 | 0x2000 | 0x81),
			 0x2000);
	assert_int_equal(rsvd(PW_MODE_X64, 52, PTE_ROLE_PDPT, 0x40000000 | 0x200000 | 0x81),
			 0x200000);
	/* PS in a PML4E */
	assert_int_equal(rsvd(PW_MODE_X64, 52, PTE_ROLE_TABLE, 0x1000 | 0x81), 0x80);
}

static void large_frames(void **st)
{
	(void)st;
	struct pte_ctx c = { .mode = PW_MODE_X86, .maxphy = 52 };
	struct pte_info in;
	/* PSE-36: PDE bits 20:13 are PA bits 39:32 (SDM table 4-4) */
	pte_decode(&c, PTE_ROLE_PD, 0x00400000u | (0x12u << 13) | 0xE3, &in);
	assert_true(in.large);
	assert_int_equal(in.large_shift, 22);
	assert_int_equal(in.frame, 0x1200400000ull);
	c.mode = PW_MODE_X64;
	pte_decode(&c, PTE_ROLE_PDPT, 0x80000000400001E3ull | 0x1000, &in);
	assert_true(in.large);
	assert_int_equal(in.large_shift, 30);
	assert_int_equal(in.frame, 0x40000000);	/* bit 12 is PAT */
}

/* One flag table: the walk panel's column letters, names per level (bit
 * 7 is PAT in a 4 KiB PTE), XD absent from 32-bit entries; and the
 * permissions any level grants, none from a PAE PDPTE. */
static void flag_table_and_permissions(void **st)
{
	(void)st;
	char head[40];
	size_t n;
	const struct pte_flag *f = pte_flags(PW_MODE_X64, &n);
	struct pte_ctx x64 = win(PW_MODE_X64), x86 = win(PW_MODE_X86);
	pte_flag_header(PW_MODE_X64, head, sizeof(head));
	assert_string_equal(head, "P W U T C A D S G X");
	for (size_t i = 0; i < n; i++) {
		struct pte_flag_shown v = pte_flag_show(&x64, PTE_ROLE_LEAF, &f[i],
							 0x80000000000000E7ull);
		struct pte_flag_shown d = pte_flag_show(&x64, PTE_ROLE_PD, &f[i],
							 0x80000000000000E7ull);
		struct pte_flag_shown t = pte_flag_show(&x86, PTE_ROLE_LEAF, &f[i],
							 0x80000000000000E7ull);
		if (f[i].bit == X86_PTE_BIT_PS) {
			assert_string_equal(v.name, "PAT");
			assert_int_equal(v.col, 'p');
			assert_string_equal(d.name, "PS");
			assert_int_equal(d.col, 'S');
		}
		if (f[i].bit == X86_PTE_BIT_NX) {
			assert_true(v.exists && v.set && v.col == 'X');
			assert_false(t.exists);
			assert_int_equal(t.col, '-');
		}
		if (f[i].bit == X86_PTE_BIT_G)
			assert_int_equal(v.col, '-');
	}
	struct pte_info in;
	pte_decode(&x64, PTE_ROLE_LEAF, 0x8000000000001005ull, &in);
	assert_true(in.perm.has && !in.perm.write && in.perm.user &&
		    !in.perm.exec);
	pte_decode(&x86, PTE_ROLE_LEAF, 0x00001003u, &in);
	assert_true(in.perm.write && !in.perm.user && in.perm.exec);
	struct pte_ctx pae = win(PW_MODE_PAE);
	pte_decode(&pae, PTE_ROLE_PDPTE_PAE, 0x00001001u, &in);
	assert_false(in.perm.has);
	assert_true(in.perm.write && in.perm.user && in.perm.exec);
}

/* Windows x64's self-map: exactly one kernel-half entry, present,
 * writable, not large, pointing at the PML4's own page. */
static void windows_self_map_index(void **st)
{
	(void)st;
	static uint8_t pml4[4096];
	const uint64_t pa = 0x1aa000;
	memset(pml4, 0, sizeof(pml4));
	assert_int_equal(pte_win_self_index(pml4, pa), -1);
	le_put64(pml4 + 8 * 0x1ed, pa | 0x63);
	assert_int_equal(pte_win_self_index(pml4, pa), 0x1ed);
	le_put64(pml4 + 8 * 0x0ed, pa | 0x63);	/* user half */
	assert_int_equal(pte_win_self_index(pml4, pa), 0x1ed);
	le_put64(pml4 + 8 * 0x1ee, pa | 0x63);	/* a second */
	assert_int_equal(pte_win_self_index(pml4, pa), -1);
	le_put64(pml4 + 8 * 0x1ee, pa | 0xe3);	/* large */
	assert_int_equal(pte_win_self_index(pml4, pa), 0x1ed);
	le_put64(pml4 + 8 * 0x1ed, pa | 0x61);	/* read-only */
	assert_int_equal(pte_win_self_index(pml4, pa), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(flags_seed_pde_and_pte),
		cmocka_unit_test(flags_kernel_global_and_large),
		cmocka_unit_test(flags_pae_pdpte_has_no_access_bits),
		cmocka_unit_test(flags_x86_has_no_nx_column),
		cmocka_unit_test(win_demand_zero_each_layout),
		cmocka_unit_test(win_zero_pte_is_not_committed),
		cmocka_unit_test(win_transition_each_layout),
		cmocka_unit_test(win_pagefile_each_layout),
		cmocka_unit_test(win_prototype_each_layout),
		cmocka_unit_test(win_vad_and_decommitted),
		cmocka_unit_test(win_invalid_lines_as_windbg),
		cmocka_unit_test(protect_names),
		cmocka_unit_test(linux_protnone_from_real_guest),
		cmocka_unit_test(linux_swap_entries),
		cmocka_unit_test(unknown_os_soft_entry),
		cmocka_unit_test(reserved_bits),
		cmocka_unit_test(large_frames),
		cmocka_unit_test(flag_table_and_permissions),
		cmocka_unit_test(windows_self_map_index),
	};
	return cmocka_run_group_tests_name("pte", tests, NULL, NULL);
}
