/* Commands on the bundled samples.  The expected !pte blocks are the seed
 * walkthrough's own WinDbg output (the seed lesson), copied from that text; the
 * x64 and x86 self-map addresses follow from doc/PAGING.md's self-map formulas. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "session.h"

static const char *sample(const char *name)
{
	static char path[1024];
	const char *src = getenv("PW_SRCDIR");

	snprintf(path, sizeof(path), "%s/samples/%s", src ? src : ".", name);
	return path;
}

static struct session *open_sample(const char *name)
{
	struct session *s;
	struct sess_opts o = { 0 };
	struct err e;

	if (sess_open(sample(name), &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	return s;
}

/* Run cmd on a fresh session of the sample; the output, to be freed. */
static char *run(const char *name, const char *cmd)
{
	struct session *s = open_sample(name);
	struct outbuf out;
	struct err e;

	ob_init(&out);
	if (cmd_run(s, cmd, &out, &e) < 0)
		fail_msg("%s: %s", cmd, e.msg);
	char *got = strdup(ob_str(&out));
	ob_fini(&out);
	sess_free(s);
	assert_non_null(got);
	return got;
}

/* Compare the whole output. */
static void expect(const char *name, const char *cmd, const char *want)
{
	char *got = run(name, cmd);

	if (strcmp(got, want) != 0) {
		printf("--- want\n%s--- got\n%s---\n", want, got);
		fail();
	}
	free(got);
}

/* For output whose start is known and whose end holds tail. */
static void expect_prefix(const char *name, const char *cmd, const char *head,
			  const char *tail)
{
	char *got = run(name, cmd);
	size_t n = strlen(got);

	if (strncmp(got, head, strlen(head)) != 0 || n < strlen(tail) ||
	    strcmp(got + n - strlen(tail), tail) != 0) {
		printf("--- want\n%s...%s--- got\n%s---\n", head, tail, got);
		fail();
	}
	free(got);
}

static void expect_error(const char *name, const char *cmd, const char *part)
{
	struct session *s = open_sample(name);
	struct outbuf out;
	struct err e;

	ob_init(&out);
	assert_int_equal(cmd_run(s, cmd, &out, &e), -1);
	printf("# %s -> %s\n", cmd, e.msg);
	assert_non_null(strstr(e.msg, part));
	ob_fini(&out);
	sess_free(s);
}

static void seed_pte_reserved(void **st)
{
	(void)st;
	expect("seed-pae-1-reserved.dmp", "!pte 0x001f0000",
	       "                    VA 001f0000\n"
	       "PDE at C0600000            PTE at C0000F80\n"
	       "contains 000000006A1A6867  contains 0000000000000000\n"
	       "pfn 6a1a6     ---DA--UWEV  not valid\n");
}

static void seed_pte_committed(void **st)
{
	(void)st;
	expect("seed-pae-2-committed.dmp", "!pte 001f0000",
	       "                    VA 001f0000\n"
	       "PDE at C0600000            PTE at C0000F80\n"
	       "contains 000000006A1A6867  contains 0000000000000080\n"
	       "pfn 6a1a6     ---DA--UWEV  not valid\n"
	       "                            DemandZero\n"
	       "                            Protect: 4 - ReadWrite\n");
}

static void seed_pte_touched(void **st)
{
	(void)st;
	expect("seed-pae-3-touched.dmp", "!pte 0x001f0000",
	       "                    VA 001f0000\n"
	       "PDE at C0600000            PTE at C0000F80\n"
	       "contains 000000006A1A6867  contains 8000000069FC8867\n"
	       "pfn 6a1a6     ---DA--UWEV  pfn 69fc8     ---DA--UW-V\n");
	expect("seed-pae-3-touched.dmp", "!pte 0x001f1000",
	       "                    VA 001f1000\n"
	       "PDE at C0600000            PTE at C0000F88\n"
	       "contains 000000006A1A6867  contains 8000000069C49867\n"
	       "pfn 6a1a6     ---DA--UWEV  pfn 69c49     ---DA--UW-V\n");
}

static void seed_db_physical_and_virtual(void **st)
{
	(void)st;
	static const char row[] = "61 61 61 61 61 61 61 61-61 61 61 61 61 61 61 61";
	char want[512];

	snprintf(want, sizeof(want), "#69fc8000 %s aaaaaaaaaaaaaaaa\n"
		 "#69fc8010 %s aaaaaaaaaaaaaaaa\n", row, row);
	expect("seed-pae-3-touched.dmp", "!db 69fc8000 L20", want);
	/* seed: db 0x001f1000-0x10 while 1f1000 is not yet valid */
	expect("seed-pae-2-committed.dmp", "db 0x001f1000-0x10 L20",
	       "001f0ff0  ?? ?? ?? ?? ?? ?? ?? ?\?-?? ?? ?? ?? ?? ?? ?? ??  "
	       "????????????????\n"
	       "001f1000  ?? ?? ?? ?? ?? ?? ?? ?\?-?? ?? ?? ?? ?? ?? ?? ??  "
	       "????????????????\n");
	expect("seed-pae-3-touched.dmp", "db 001f1000 L10",
	       "001f1000  61 00 00 00 00 00 00 00-00 00 00 00 00 00 00 00  "
	       "a...............\n");
}

static void seed_self_map_shows_the_pte(void **st)
{
	(void)st;
	/* db C0000F80 reads the PTE of 1f0000 through the self-map */
	expect("seed-pae-3-touched.dmp", "dq C0000F80 L2",
	       "c0000f80  80000000`69fc8867 80000000`69c49867\n");
	expect("seed-pae-3-touched.dmp", "dd C0600000 L2",
	       "c0600000  6a1a6867 00000000\n");
}

static void seed_vtop_sentence(void **st)
{
	(void)st;
	expect("seed-pae-3-touched.dmp", "!vtop 7f2124c0 1f0000",
	       "X86VtoP: Virt 00000000001f0000, pagedir 000000007f2124c0\n"
	       "X86VtoP: PAE PDPTE 000000007f2124c0 - 0000000071b11801\n"
	       "X86VtoP: PAE PDE 0000000071b11000 - 000000006a1a6867\n"
	       "X86VtoP: PAE PTE 000000006a1a6f80 - 8000000069fc8867\n"
	       "X86VtoP: PAE Mapped phys 0000000069fc8000\n"
	       "Virtual address 1f0000 translates to physical address 69fc8000.\n");
}

static void x64_pte_finds_self_map_index(void **st)
{
	(void)st;
	/* S = 0x1b3: PTE_BASE = FFFF000000000000 | S<<39 = FFFFD98000000000,
	 * PDE_BASE = PTE_BASE | S<<30, PPE_BASE = PDE_BASE | S<<21,
	 * PXE_BASE = PPE_BASE | S<<12. */
	expect("seed-x64-2-committed.dmp", "!pte 1f0000",
	       "                                           VA 00000000001f0000\n"
	       "PXE at FFFFD9ECF67B3000    PPE at FFFFD9ECF6600000    "
	       "PDE at FFFFD9ECC0000000    PTE at FFFFD98000000F80\n"
	       "contains 00000000001AB867  contains 00000000001AC867  "
	       "contains 00000000001AD867  contains 0000000000000080\n"
	       "pfn 1ab       ---DA--UWEV  pfn 1ac       ---DA--UWEV  "
	       "pfn 1ad       ---DA--UWEV  not valid\n"
	       "                                                                "
	       "                  DemandZero\n"
	       "                                                                "
	       "                  Protect: 4 - ReadWrite\n");
}

static void x86_pte_eight_digit_entries(void **st)
{
	(void)st;
	/* non-PAE: PTE VA = C0000000 + (va>>12)*4, PDE VA = C0300000 + (va>>22)*4 */
	expect("seed-x86-3-touched.dmp", "!pte 1f1000",
	       "                    VA 001f1000\n"
	       "PDE at C0300000            PTE at C00007C4\n"
	       "contains 06A1A867          contains 069C4867\n"
	       "pfn 6a1a      ---DA--UWEV  pfn 69c4      ---DA--UWEV\n");
}

static void large_pages_in_pte_and_vtop(void **st)
{
	(void)st;
	expect("large-x86.dmp", "!vtop 0 812345",
	       "X86VtoP: Virt 0000000000812345, pagedir 0000000000200000\n"
	       "X86VtoP: PDE 0000000000200008 - 00000000004020e3\n"
	       "X86VtoP: Large page Mapped phys 0000000100412345\n"
	       "Virtual address 812345 translates to physical address 100412345.\n"
	       "(the frame at PA 100412000 is not in the dump)\n");
}

/* explain: the seed's walk told step by step (the numbers are the seed
 * walkthrough's), a demand-zero stop, a 4 MiB PSE-36 page, 2-level
 * 4-byte entries, a non-canonical x64 address. */
static void explain_tells_the_walk(void **st)
{
	(void)st;
	expect("seed-pae-3-touched.dmp", "explain 1f0123",
	       "VA 1f0123 in PAE paging (3 levels of 8-byte entries), CR3 7f2124c0\n"
	       "\n"
	       "field    bits    binary                   hex\n"
	       "PDPT     31:30   00                       0\n"
	       "PD       29:21   0 0000 0000              0\n"
	       "PT       20:12   1 1111 0000              1f0\n"
	       "offset   11:0    0001 0010 0011           123\n"
	       "\n"
	       "1. PDPTE address = CR3 7f2124c0 (32-byte aligned) + index 0 x 8 = 7f2124c0\n"
	       "   PDPTE = 0000000071B11801: present; the PD is at 71b11000\n"
	       "2. PDE address = PD 71b11000 + index 0 x 8 = 71b11000\n"
	       "   PDE = 000000006A1A6867: present, writable, user; the PT is at 6a1a6000\n"
	       "   so far: writable, user, executable\n"
	       "3. PTE address = PT 6a1a6000 + index 1f0 x 8 = 6a1a6f80\n"
	       "   PTE = 8000000069FC8867: present, writable, user, no-execute; the page is at 69fc8000\n"
	       "   so far: writable, user, no-execute\n"
	       "\n"
	       "PA = page 69fc8000 + VA bits 11:0 (123) = 69fc8123, in a 4 KiB page\n"
	       "Access: writable, user, no-execute.\n");
	expect_prefix("seed-pae-2-committed.dmp", "explain 1f0000", "VA 1f0000 ",
		      "   PTE = 0000000000000080: not present (P=0): the walk stops here\n"
		      "   Windows keeps its own meaning in the other bits: DemandZero; "
		      "Protect: 4 - ReadWrite\n"
		      "\n"
		      "No translation: not present.\n");
	expect_prefix("large-x86.dmp", "explain 812345", "VA 812345 in x86 paging "
		      "(2 levels of 4-byte entries), CR3 200000\n",
		      "1. PDE address = CR3 200000 (bits 31:12) + index 2 x 4 = 200008\n"
		      "   PDE = 004020E3: present, writable, kernel only, large (PS=1): "
		      "a 4 MiB page at 100400000\n"
		      "   so far: writable, kernel only, executable\n"
		      "\n"
		      "PA = page 100400000 + VA bits 21:0 (12345) = 100412345, in a "
		      "4 MiB page (not in the dump)\n"
		      "Access: writable, kernel only, executable.\n");
	expect("seed-x64-3-touched.dmp", "explain 800000000000",
	       "VA 800000000000 in 4-level paging (4 levels of 8-byte entries), "
	       "CR3 1aa000\n\nNot translated: bits 63:48 must all equal bit 47 "
	       "(a canonical address), and they do not.\n");
}

/* searchback: the last hit before the cursor, then the one before that;
 * a pattern straddling pages is found from either side. */
static void searchback_steps_backwards(void **st)
{
	(void)st;
	struct session *s = open_sample("seed-pae-3-touched.dmp");
	struct outbuf out;
	struct err e;
	static const struct { uint64_t va; const char *cmd, *want; } c[] = {
		{ 0x1f0002, "searchback 61 61", "found at 001f0001\n" },
		{ 0x1f0001, "searchback 61 61", "found at 001f0000\n" },
		{ 0x1f0000, "searchback 61 61", "not found before 001f0000\n" },
		/* 1f1000 holds one 'a': the last "aaaa" straddles */
		{ 0x1f2000, "searchback \"aaaa\"", "found at 001f0ffd\n" },
		{ 0x1f0ffd, "searchback \"aaaa\"", "found at 001f0ffc\n" },
		{ 0x1f0ffc, "search \"aaaa\"", "found at 001f0ffd\n" },
		{ 0x1f0ffd, "search \"aaaa\"", "not found after 001f0ffd\n" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		sess_set_va(s, c[i].va);
		ob_init(&out);
		if (cmd_run(s, c[i].cmd, &out, &e) < 0)
			fail_msg("%s: %s", c[i].cmd, e.msg);
		assert_string_equal(ob_str(&out), c[i].want);
		ob_fini(&out);
	}
	sess_free(s);
}

/* fields on Linux (the x64 sample read as a Linux address space): the
 * kernel's _PAGE_* names, a swap entry's type and complemented offset, a
 * PROT_NONE entry's complemented frame - the real guest's protnone PTE
 * 000FFFFFFD618960 keeps pfn 29e7. */
static void fields_in_linux_layouts(void **st)
{
	(void)st;
	static const struct { const char *cmd, *want; } c[] = {
		{ "fields 80000000029E8867", "pte (_PAGE_*) (Linux 64-bit entries "
		  "layout) of 80000000029E8867\n" },
		{ "fields 80000000029E8867", "    (11:11) SOFT_DIRTY           : 0x1\n" },
		{ "fields 80000000029E8867", "    (51:12) pfn                  : "
		  "0x29e8   PA 29e8000\n" },
		{ "fields 000FFFFFFD618960", "PROT_NONE entry (Linux 64-bit "
		  "entries layout)" },
		{ "fields 000FFFFFFD618960", "    (51:12) ~pfn                 : "
		  "0xffffffd618   pfn 29e7\n" },
		{ "fields 17fffffffffffe02", "    (58: 9) ~offset              : "
		  "0x3ffffffffffff   offset 0\n" },
		{ "fields 17fffffffffffe02", "    (63:59) type                 : "
		  "0x2\n" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct session *s = open_sample("seed-x64-3-touched.dmp");
		struct outbuf out;
		struct err e;
		sess_set_os(s, PW_OS_LINUX);
		ob_init(&out);
		if (cmd_run(s, c[i].cmd, &out, &e) < 0)
			fail_msg("%s: %s", c[i].cmd, e.msg);
		if (!strstr(ob_str(&out), c[i].want))
			fail_msg("%s: no '%s' in\n%s", c[i].cmd, c[i].want,
				 ob_str(&out));
		ob_fini(&out);
		sess_free(s);
	}
}

/* fields: the seed's own dx of the valid PTE read as _MMPTE_SOFTWARE,
 * value for value; the structure follows the entry's kind; the x64
 * layout from build 17134 (the x64 sample is 19041). */
static void fields_show_named_bits(void **st)
{
	(void)st;
	expect("seed-pae-3-touched.dmp", "fields 8000000069FC8867 software",
	       "_MMPTE_SOFTWARE (PAE layout) of 8000000069FC8867\n"
	       "    ( 0: 0) Valid                : 0x1\n"
	       "    ( 4: 1) PageFileLow          : 0x3\n"
	       "    ( 9: 5) Protection           : 0x3   ExecuteRead\n"
	       "    (10:10) Prototype            : 0x0\n"
	       "    (11:11) Transition           : 0x1\n"
	       "    (12:12) InStore              : 0x0\n"
	       "    (31:13) Unused1              : 0x34fe4\n"
	       "    (63:32) PageFileHigh         : 0x80000000\n");
	expect_prefix("seed-pae-3-touched.dmp", "fields 8000000069FC8867",
		      "_MMPTE_HARDWARE (PAE layout) of 8000000069FC8867\n",
		      "    (37:12) PageFrameNumber      : 0x69fc8   PA 69fc8000\n"
		      "    (62:38) reserved1            : 0x0\n"
		      "    (63:63) NoExecute            : 0x1\n");
	expect_prefix("seed-pae-3-touched.dmp", "fields 12345880",
		      "_MMPTE_TRANSITION (PAE layout) of 0000000012345880\n",
		      "    (37:12) PageFrameNumber      : 0x12345   PA 12345000\n"
		      "    (63:38) (bits)               : 0x0\n");
	expect_prefix("seed-pae-3-touched.dmp", "fields e1234567000004c0",
		      "_MMPTE_PROTOTYPE (PAE layout) of E1234567000004C0\n",
		      "    (63:32) ProtoAddress         : 0xe1234567\n");
	expect_prefix("seed-x64-3-touched.dmp", "fields 80",
		      "_MMPTE_SOFTWARE (x64 from build 17134 layout) of "
		      "0000000000000080\n",
		      "    (63:32) PageFileHigh         : 0x0\n");
	expect_error("seed-pae-3-touched.dmp", "fields 80 soft",
		     "is not one of: hardware, software, transition, prototype, "
		     "pte, swap, protnone");
	expect_error("seed-x86-3-touched.dmp", "fields 123456789",
		     "does not fit a 4-byte entry");
}

/* diff: the seed's three moments, as the issue describes them: 1 -> 2
 * the first PTE 0 -> 80 (reserved -> DemandZero, Protect 4); 2 -> 3
 * 80 -> 8000000069FC8867 and the new frame's bytes. */
static char *diff_of(const char *a, const char *b, const char *cmd)
{
	struct session *s = open_sample(a);
	struct outbuf out;
	struct err e;

	sess_set_other(s, open_sample(b));
	ob_init(&out);
	if (cmd_run(s, cmd, &out, &e) < 0)
		fail_msg("%s", e.msg);
	char *t = strdup(ob_str(&out));
	ob_fini(&out);
	sess_free(s);
	return t;
}

static void diff_between_snapshots(void **st)
{
	(void)st;
	char *t = diff_of("seed-pae-1-reserved.dmp", "seed-pae-2-committed.dmp",
			  "diff");
	assert_non_null(strstr(t, "\nPTE    001f0000-001f1000  0000000000000000 -> "
			       "0000000000000080  not committed -> demand-zero, "
			       "Protect 4 ReadWrite\n"));
	/* and the VAD whose commit charge grew by the page */
	assert_non_null(strstr(t, "\npage   863c7000  frame 7f312000 -> 7f312000: "
			       "1 byte differ\n"));
	assert_non_null(strstr(t, "\n1 entry and 2 pages differ; "));
	free(t);
	t = diff_of("seed-pae-2-committed.dmp", "seed-pae-3-touched.dmp", "diff");
	assert_non_null(strstr(t, "\nPTE    001f0000-001f1000  0000000000000080 -> "
			       "8000000069FC8867  demand-zero, Protect 4 ReadWrite "
			       "-> valid pfn 69fc8\n       new frame 69fc8000: 61 61 "));
	/* the kernel's side of it: the two frames' MMPFNs, the page
	 * table's share count, the VAD's commit charge */
	assert_non_null(strstr(t, "\npage   84b97000  frame 7f316000 -> 7f316000: "
			       "12 bytes differ\n"));
	assert_non_null(strstr(t, "\n4 entries and 5 pages differ; "));
	free(t);
	/* from a VA on, and a listing limit */
	t = diff_of("seed-pae-2-committed.dmp", "seed-pae-3-touched.dmp",
		    "diff 1f2000 L1");
	assert_non_null(strstr(t, "\nPTE    001f2000-001f3000"));
	assert_null(strstr(t, "001f0000-001f1000"));
	assert_non_null(strstr(t, "(stopped: L limit"));
	free(t);
	expect_error("seed-pae-3-touched.dmp", "diff", "open one with --diff");
}

/* searchall lists every hit with its PA; !search looks in physical
 * memory (here the two touched frames hold "a\0" and 'a's). */
static void search_lists_every_hit(void **st)
{
	(void)st;
	/* the second page's lone 'a', then the a's of the two file names
	 * (UTF-16) in the kernel's pool page at 863c8000 */
	expect("seed-pae-3-touched.dmp", "searchall 61 00",
	       "001f1000  PA 69c49000\n"
	       "863c8122  PA 7f313122\n863c812c  PA 7f31312c\n"
	       "863c8138  PA 7f313138\n863c8320  PA 7f313320\n"
	       "863c8328  PA 7f313328\n6 hits\n");
	expect("seed-pae-3-touched.dmp", "!search 61 00",
	       "PA 69c49000\nPA 7f313122\nPA 7f31312c\nPA 7f313138\n"
	       "PA 7f313320\nPA 7f313328\n6 hits in physical memory\n");
	char *t = run("seed-pae-3-touched.dmp", "searchall 5a 5a");
	assert_non_null(strstr(t, "0017f000  PA 6b17f000\n"));
	free(t);
	t = run("seed-pae-3-touched.dmp", "searchall \"aa\"");
	assert_non_null(strstr(t, "256 hits (stopped: at most this many"));
	free(t);
}

static void pte_decodes_raw_values(void **st)
{
	(void)st;
	expect("seed-pae-1-reserved.dmp", "pte 80",
	       "PTE 0000000000000080 (PAE paging, windows)\n"
	       "  not valid: demand-zero\n"
	       "  DemandZero\n"
	       "  Protect: 4 - ReadWrite\n");
	expect("seed-pae-1-reserved.dmp", "pte 8000000069FC8867",
	       "PTE 8000000069FC8867 (PAE paging, windows)\n"
	       "  valid  pfn 69fc8  ---DA--UW-V\n"
	       "  flags  P W U - - A D - - NX\n");
	expect("seed-pae-1-reserved.dmp", "pte 2a500000082 PTE",
	       "PTE 000002A500000082 (PAE paging, windows)\n"
	       "  not valid: page file\n"
	       "  PageFile:   1\n"
	       "  Offset: 2a5\n"
	       "  Protect: 4 - ReadWrite\n");
}

static void build_number_picks_the_pte_layout(void **st)
{
	(void)st;
	/* seed-x64 says build 19041: page file number in bits 12-15 */
	expect("seed-x64-1-reserved.dmp", "pte 100003080",
	       "PTE 0000000100003080 (4-level paging, windows)\n"
	       "  not valid: page file\n"
	       "  PageFile:   3\n"
	       "  Offset: 1\n"
	       "  Protect: 4 - ReadWrite\n");
}

static void rmap_finds_the_frame_and_the_self_map(void **st)
{
	(void)st;
	/* the 'a' frame backs 1f0000; the page table 6a1a6 is itself visible
	 * through the self-map at PTE_BASE C0000000 (doc/PAGING.md, Windows: the self-map) */
	/* and the PFN database's entry agrees (PteAddress read back) */
	expect("seed-pae-3-touched.dmp", "rmap 69fc8",
	       "001f0000  user writable no-execute\n"
	       "1 virtual page maps pfn 69fc8\n"
	       "PFN database: PteAddress C0000F80 is the PTE of VA 001f0000: it "
	       "maps this frame (agrees)\n");
	expect("seed-pae-3-touched.dmp", "rmap 6a1a6",
	       "c0000000  kernel writable\n"
	       "1 virtual page maps pfn 6a1a6\n"
	       "PFN database: PteAddress C0600000 is the PTE of VA c0000000: it "
	       "maps this frame (agrees)\n");
	expect("seed-pae-3-touched.dmp", "rmap 12345",
	       "0 virtual pages map pfn 12345\n");
}

static void process_switches_to_its_directory_table_base(void **st)
{
	(void)st;
	/* seed: "PROCESS 86346318 ... DirBase: 7f2124c0" */
	expect("seed-pae-3-touched.dmp", ".process 86346318",
	       "Implicit process is now 86346318 (pagefault.exe, Cid 0880, "
	       "DirBase 7f2124c0); 7 VADs give page states\n");
	/* WinDbg's other forms: /p and a process id, an image name */
	expect("seed-pae-3-touched.dmp", ".process /p 0n2176",
	       "Implicit process is now 86346318 (pagefault.exe, Cid 0880, "
	       "DirBase 7f2124c0); 7 VADs give page states\n");
	expect("seed-pae-3-touched.dmp", ".process explorer.exe",
	       "Implicit process is now 86d1c030 (explorer.exe, Cid 0e18, "
	       "DirBase 7f212480); 0 VADs give page states\n");
	expect_error("seed-pae-3-touched.dmp", ".process /p 99",
		     "no process at or with id 99 in the list (4 processes)");
	expect_error("seed-pae-3-touched.dmp", ".process 1f0000",
		     "not in the image");
	expect_error("seed-pae-3-touched.dmp", ".process 90000000",
		     "not readable");
}

static void map_lists_merged_ranges(void **st)
{
	(void)st;
	/* the stack (17d-17f) and the two touched pages; the transition,
	 * page-file and prototype PTEs at 100-102 are not mapped */
	expect_prefix("seed-pae-3-touched.dmp", "map 0 L2",
		      "0017d000-00180000 0000000000003000 urw-\n"
		      "001f0000-001f2000 0000000000002000 urw-\n"
		      "2 ranges, 5 pages (20 KiB) mapped; ",
		      "(stopped after 2 ranges: map VA L n shows more)\n");
	/* all: the holes between them, each with the level that ends the
	 * walk there (the seed's PT: stack at 17d, pages at 1f0) */
	expect_prefix("seed-pae-3-touched.dmp", "map 0 L5 all",
		      "00000000-0017d000 000000000017d000 hole          PTE not present\n"
		      "0017d000-00180000 0000000000003000 mapped        urw-\n"
		      "00180000-001f0000 0000000000070000 hole          PTE not present\n"
		      "001f0000-001f2000 0000000000002000 mapped        urw-\n"
		      "001f2000-00200000 000000000000e000 hole          PTE not present\n"
		      "5 ranges; ",
		      "(stopped after 5 lines: map VA L n all shows more)\n");
}

static void cr3_switch_and_errors(void **st)
{
	(void)st;
	expect("seed-pae-3-touched.dmp", ".cr3",
	       "CR3 7f2124c0 (PAE paging, top-level table at PA 7f2124c0)\n");
	expect_error("seed-pae-3-touched.dmp", ".cr3 12345000", "not in the image");
	expect_error("seed-pae-3-touched.dmp", "!pte zz", "not a 64-bit number");
	expect_error("seed-pae-3-touched.dmp", "!pte", "usage: !pte VA");
	expect_error("seed-pae-3-touched.dmp", "frobnicate", "unknown command");
	expect_error("seed-pae-3-touched.dmp", "db 1f0000 L", "L needs a count");
	expect_error("seed-x64-3-touched.dmp", "!pte 0000800000000000",
		     "not a canonical address");
}

/* A table page outside the image is an answer about the dump: printed
 * with the file and both addresses, and the command succeeds. */
static void table_outside_image_is_an_answer(void **st)
{
	(void)st;
	/* large-x64.dmp: PDE 2 points to PT 103000 which is dumped, but the
	 * PML4E for VA 8000000000 is 0; use .cr3 to a page whose entries
	 * point outside: the 2 MiB page frame at 400000 holds 'M' bytes. */
	expect_error("large-x64.dmp", ".cr3 50000000", "not in the image");
	struct session *s = open_sample("large-x64.dmp");
	struct outbuf out;
	struct err e;
	ob_init(&out);
	/* the data page at 104000 ('k' = 0x6b bytes) read as a PML4: every
	 * entry is 6b6b6b6b6b6b6b6b, present, pointing far outside */
	assert_int_equal(cmd_run(s, ".cr3 104000", &out, &e), 0);
	assert_int_equal(cmd_run(s, "!pte 1000", &out, &e), 0);
	const char *txt = ob_str(&out);
	printf("# %s", txt);
	assert_non_null(strstr(txt, "large-x64.dmp: the PML4E at PA 0x104000 "
			       "points to a PDPT at PA 0xb6b6b6b6b6000 that is "
			       "not in the image\n"));
	ob_reset(&out);
	assert_int_equal(cmd_run(s, "!vtop 0 1000", &out, &e), 0);
	assert_non_null(strstr(ob_str(&out), "PDPTE 000b6b6b6b6b6000 - not in "
			       "the dump\n"));
	ob_fini(&out);
	sess_free(s);
}

static void numbers(void **st)
{
	(void)st;
	uint64_t v;
	struct err e;
	assert_int_equal(cmd_parse_num("fffff680`00000000", &v, &e), 0);
	assert_int_equal(v, 0xfffff68000000000ull);
	assert_int_equal(cmd_parse_num("0n4096", &v, &e), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(cmd_parse_num("0x001f1000-0x10", &v, &e), 0);
	assert_int_equal(v, 0x1f0ff0);
	assert_int_equal(cmd_parse_num("1f0000+1000+0n16", &v, &e), 0);
	assert_int_equal(v, 0x1f1010);
	assert_int_equal(cmd_parse_num("12345678123456789", &v, &e), -1);
	assert_int_equal(cmd_parse_num("", &v, &e), -1);
	assert_int_equal(cmd_parse_num("0x", &v, &e), -1);
	assert_int_equal(cmd_parse_num("1g", &v, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(seed_pte_reserved),
		cmocka_unit_test(seed_pte_committed),
		cmocka_unit_test(seed_pte_touched),
		cmocka_unit_test(seed_db_physical_and_virtual),
		cmocka_unit_test(seed_self_map_shows_the_pte),
		cmocka_unit_test(seed_vtop_sentence),
		cmocka_unit_test(x64_pte_finds_self_map_index),
		cmocka_unit_test(x86_pte_eight_digit_entries),
		cmocka_unit_test(large_pages_in_pte_and_vtop),
		cmocka_unit_test(pte_decodes_raw_values),
		cmocka_unit_test(build_number_picks_the_pte_layout),
		cmocka_unit_test(rmap_finds_the_frame_and_the_self_map),
		cmocka_unit_test(process_switches_to_its_directory_table_base),
		cmocka_unit_test(map_lists_merged_ranges),
		cmocka_unit_test(cr3_switch_and_errors),
		cmocka_unit_test(explain_tells_the_walk),
		cmocka_unit_test(fields_show_named_bits),
		cmocka_unit_test(fields_in_linux_layouts),
		cmocka_unit_test(searchback_steps_backwards),
		cmocka_unit_test(diff_between_snapshots),
		cmocka_unit_test(search_lists_every_hit),
		cmocka_unit_test(table_outside_image_is_an_answer),
		cmocka_unit_test(numbers),
	};
	return cmocka_run_group_tests_name("cmd", tests, NULL, NULL);
}
