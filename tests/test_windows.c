/* Windows without symbols (doc/WINDOWS.md): processes, VADs, the PFN
 * database and the page states they give, on the seed samples (built by
 * samples/mksamples.c with the layout of their build), against the seed
 * walkthrough's own lines; then the same samples made hostile byte by
 * byte (loops, unreadable and outside pointers, trees too deep or out of
 * order, an unknown build): each gives a bounded answer and a message. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <inttypes.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cjson.h"
#include "cmd.h"
#include "le.h"
#include "os.h"
#include "outbuf.h"
#include "pgstate.h"
#include "pt.h"
#include "sample.h"
#include "view.h"
#include "session.h"
#include "windows.h"

static char tmpdir[256];

/* The output of a command line; the test fails if the command does. */
static char *run(struct session *s, const char *cmd)
{
	struct outbuf out;
	struct err e;

	ob_init(&out);
	if (cmd_run(s, cmd, &out, &e) < 0)
		fail_msg("%s: %s", cmd, e.msg);
	char *t = strdup(ob_str(&out));
	ob_fini(&out);
	assert_non_null(t);
	return t;
}

/* run(), and how many page-table walks the command took. */
static char *run_walks(struct session *s, const char *cmd, uint64_t *walks)
{
	uint64_t h0, m0, h1, m1;

	sess_cache_stats(s, &h0, &m0);
	char *t = run(s, cmd);
	sess_cache_stats(s, &h1, &m1);
	*walks = h1 + m1 - h0 - m0;
	return t;
}

static char *run_sample(const char *name, const char *cmd)
{
	struct session *s = sample_session(name);
	char *t = run(s, cmd);
	sess_free(s);
	return t;
}

static void contains(const char *t, const char *want)
{
	if (!strstr(t, want)) {
		printf("--- want\n%s--- in\n%s---\n", want, t);
		fail();
	}
}

/* The command line fails, with a message holding err. */
static void fails_with(struct session *s, const char *cmd, const char *err)
{
	struct outbuf out;
	struct err e;

	ob_init(&out);
	if (cmd_run(s, cmd, &out, &e) != -1)
		fail_msg("%s: did not fail", cmd);
	ob_fini(&out);
	contains(e.msg, err);
}

/* The seed's "!process -1 0" block, and the list around it. */
static void processes_as_windbg_lists_them(void **st)
{
	(void)st;
	char *t = run_sample("seed-pae-3-touched.dmp", "!process -1 0");
	assert_string_equal(t,
		"PROCESS 86346318  SessionId: 1  Cid: 0880    Peb: 7ffd5000  "
		"ParentCid: 0e18\n"
		"    DirBase: 7f2124c0  ObjectTable: 89cb2bf0  HandleCount:   7.\n"
		"    Image: pagefault.exe\n\n");
	free(t);
	t = run_sample("seed-pae-1-reserved.dmp", "!process 0 0");
	contains(t, "**** NT ACTIVE PROCESS DUMP ****\n"
		 "PROCESS 8526e9e0  SessionId: none  Cid: 0004    Peb: 00000000  "
		 "ParentCid: 0000\n"
		 "    DirBase: 7f212400  ObjectTable: 89cb2688  HandleCount: 545.\n"
		 "    Image: System\n\n");
	contains(t, "    Image: pagefault.exe\n");
	free(t);
	/* by image name, and the list filtered by it */
	t = run_sample("seed-pae-1-reserved.dmp", "!process 0 0 explorer.exe");
	contains(t, "PROCESS 86d1c030  SessionId: 1  Cid: 0e18");
	assert_null(strstr(t, "pagefault"));
	free(t);
	/* WinDbg's "Process [Flags]": an EPROCESS or a process id, the same
	 * block; other flags than 0 say what is left out */
	const char *block =
		"PROCESS 86346318  SessionId: 1  Cid: 0880    Peb: 7ffd5000  "
		"ParentCid: 0e18\n"
		"    DirBase: 7f2124c0  ObjectTable: 89cb2bf0  HandleCount:   7.\n"
		"    Image: pagefault.exe\n\n";
	const char *same[] = { "!process 86346318 0", "!process 880 0",
			       "!process 880", "!process pagefault.exe 0",
			       "!process /p 0n2176 0" };
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		t = run_sample("seed-pae-1-reserved.dmp", same[i]);
		assert_string_equal(t, block);
		free(t);
	}
	t = run_sample("seed-pae-1-reserved.dmp", "!process 0 1 explorer.exe");
	contains(t, "    Image: explorer.exe\n\n(flags 1: the block is flag 0's; "
		 "threads, times and statistics are not read)\n");
	free(t);
	struct session *q = sample_session("seed-pae-1-reserved.dmp");
	const struct { const char *cmd, *err; } bad[] = {
		{ "!process 0 0 a.exe b", "too many words (b)" },
		{ "!process 880 0 x", "too many words (x)" },
		{ "!process /s 1 0 0", "/s: of the options only /p PID is read" },
		{ "!process 0 zz", "flags 'zz' are not a number" },
		{ "!process 881", "no process at or with id 881 in the list (4 "
		  "processes)" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		fails_with(q, bad[i].cmd, bad[i].err);
	sess_free(q);
	/* the layout the build chose */
	struct session *s = sample_session("seed-pae-1-reserved.dmp");
	struct err e;
	struct win *w = win_get(s, &e);
	assert_non_null(w);
	assert_string_equal(win_layout_name(w),
			    "Windows 7 SP1 x86 (build 7601)");
	struct win_proc *v;
	size_t n;
	const char *note;
	assert_int_equal(win_procs(w, &v, &n, &note, &e), 0);
	assert_int_equal(n, 4);
	assert_null(note);
	assert_int_equal(v[3].dtb, 0x7f2124c0);
	assert_int_equal(v[2].pid, 0xe18);
	assert_int_equal(v[3].ppid, v[2].pid);
	free(v);
	sess_free(s);
}

/* !vad: the seed's reservation among the process's VADs, in order and
 * with the tree's levels; its commit charge grows as pages are
 * committed. */
static void vads_in_address_order(void **st)
{
	(void)st;
	char *t = run_sample("seed-pae-1-reserved.dmp", "!vad");
	contains(t, "863c7080 ( 1)        1f0        1ff          0 Private      "
		 "NO_ACCESS");
	contains(t, "863c70a8 ( 3)       1140       1147          0 Mapped  Exe  "
		 "EXECUTE_WRITECOPY");
	contains(t, "\nTotal VADs:     7, average level:    2, maximum depth: 3\n");
	free(t);
	t = run_sample("seed-pae-3-touched.dmp", "!vad");
	contains(t, "863c7080 ( 1)        1f0        1ff          4 Private");
	free(t);
	struct session *s = sample_session("seed-pae-3-touched.dmp");
	struct err e;
	struct win *w = win_get(s, &e);
	struct win_proc p;
	struct win_vad *v;
	size_t n;
	const char *note;
	assert_int_equal(win_proc_find(w, "pagefault.exe", &p, &e), 0);
	assert_int_equal(win_vads(w, &p, &v, &n, &note, &e), 0);
	assert_int_equal(n, 7);
	assert_null(note);
	for (size_t i = 1; i < n; i++)
		assert_true(v[i].start > v[i - 1].end);
	assert_true(v[3].private_mem && !v[3].mem_commit);	/* 1f0: reserve */
	assert_true(v[0].private_mem && v[0].mem_commit);	/* the heap */
	free(v);
	sess_free(s);
}

/* The seed's !pfn, byte for byte (its two frames), and the page table's
 * own entry. */
static void pfn_as_the_seed_prints_it(void **st)
{
	(void)st;
	char *t = run_sample("seed-pae-3-touched.dmp", "!pfn 69fc8");
	assert_string_equal(t,
		"    PFN 00069FC8 at address 84B979E0\n"
		"    flink       00000157  blink / share count 00000001  "
		"pteaddress C0000F80\n"
		"    reference count 0001   Cached     color 0   Priority 5\n"
		"    restore pte 00000080  containing page 06A1A6  Active     M\n"
		"    Modified\n");
	free(t);
	t = run_sample("seed-pae-3-touched.dmp", "!pfn 69c49");
	assert_string_equal(t,
		"    PFN 00069C49 at address 84B917FC\n"
		"    flink       00000158  blink / share count 00000001  "
		"pteaddress C0000F88\n"
		"    reference count 0001   Cached     color 0   Priority 5\n"
		"    restore pte 00000080  containing page 06A1A6  Active     M\n"
		"    Modified\n");
	free(t);
	/* before the touch: a zeroed page */
	t = run_sample("seed-pae-1-reserved.dmp", "!pfn 69fc8");
	contains(t, "containing page 000000  Zeroed");
	free(t);
}

/* The reserved image: 1f0000-1fffff reserved, 1ef000 and 200000 free
 * (page states from the VADs); !address as WinDbg reports them. */
static void reserved_versus_free(void **st)
{
	(void)st;
	struct session *s = sample_session("seed-pae-1-reserved.dmp");
	enum pgstate sts[18];
	/* the process the dump stopped in gives its VADs (as at start) */
	assert_int_equal(os_attach_current(s), 0);
	pgstate_of_range(s, 0x1ef000, 18, sts);
	assert_int_equal(sts[0], PGS_FREE);
	for (int i = 1; i <= 16; i++)
		assert_int_equal(sts[i], PGS_RESERVED);
	assert_int_equal(sts[17], PGS_FREE);
	char *t = run(s, "!address 1f4000");
	contains(t, "Base Address:           001f0000\n"
		 "End Address:            00200000\n"
		 "Region Size:            00010000 (  64.000 kB)\n"
		 "State:                  00002000          MEM_RESERVE\n");
	contains(t, "Type:                   00020000          MEM_PRIVATE\n"
		 "Allocation Base:        001f0000\n"
		 "Allocation Protect:     00000001          PAGE_NOACCESS\n");
	free(t);
	t = run(s, "!address 1ef000");
	contains(t, "Usage:                  Free\nBase Address:           00180000\n"
		 "End Address:            001f0000\n");
	contains(t, "MEM_FREE");
	free(t);
	t = run(s, "!pte 1f4000");
	contains(t, "Windows: reserved (in a reserve-only VAD, not committed); "
		 "VAD 001f0000-001fffff PAGE_NOACCESS\n");
	free(t);
	sess_free(s);
	/* committed one by one: the run of pages in the same state */
	t = run_sample("seed-pae-3-touched.dmp", "!address 1f1000");
	contains(t, "Base Address:           001f0000\nEnd Address:            "
		 "001f4000\n");
	contains(t, "MEM_COMMIT\nProtect:                00000004          "
		 "PAGE_READWRITE\n");
	free(t);
}

/* .process by PID switches tables and areas: explorer's user half is
 * empty (no VADs read: its tree is empty) and the status names it. */
static void process_switch_by_pid_and_name(void **st)
{
	(void)st;
	struct session *s = sample_session("seed-pae-3-touched.dmp");
	char *t = run(s, ".process pid e18");
	contains(t, "(explorer.exe, Cid 0e18, DirBase 7f212480)");
	free(t);
	assert_int_equal(sess_ctx(s)->cr3, 0x7f212480);
	assert_string_equal(sess_space_name(s), "explorer.exe (0e18)");
	t = run(s, ".process pagefault.exe");
	assert_int_equal(sess_ctx(s)->cr3, 0x7f2124c0);
	free(t);
	/* WinDbg's own forms: /p /r before an EPROCESS (the live target's
	 * /i, /r and /P passed over), a bare process id */
	const struct { const char *cmd; uint64_t cr3; } forms[] = {
		{ ".process /p /r 86d1c030", 0x7f212480 },
		{ ".process /r /p 86346318", 0x7f2124c0 },
		{ ".process /i 85d1e908", 0x7f212440 },
		{ ".process e18", 0x7f212480 },
		{ ".process /p 0n2176", 0x7f2124c0 },
	};
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		t = run(s, forms[i].cmd);
		free(t);
		if (sess_ctx(s)->cr3 != forms[i].cr3)
			fail_msg("%s: cr3 %" PRIx64, forms[i].cmd, sess_ctx(s)->cr3);
	}
	fails_with(s, ".process /p 881", "no process at or with id 881");
	fails_with(s, ".process /p zz", "'zz' is not a process id");
	sess_free(s);
}

/* Linux's commands on a Windows dump whose Windows state is loaded (rmap
 * loads it): each says the dump has no VMCOREINFO.  ksym took the
 * session's OS state, a struct win, for a struct lx (the cmd fuzzer: a
 * heap overflow under ASan; without it, "80000000 is a user address"). */
static void linux_commands_on_a_windows_dump(void **st)
{
	(void)st;
	struct session *s = sample_session("seed-pae-3-touched.dmp");
	char *t = run(s, "rmap 69fc8");
	contains(t, "PteAddress C0000F80");
	free(t);
	static const char *const cmds[] = { "ksym 80000000", "ksym 82b7ae98",
					    "page 69fc8", "maps" };
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fails_with(s, cmds[i], "no VMCOREINFO in this dump");
	/* and Windows' still work after them */
	t = run(s, "!pfn 69fc8");
	contains(t, "restore pte 00000080");
	free(t);
	sess_free(s);
}

/* ---- hostile dumps: the seed sample patched ------------------------- */

struct patch {
	uint64_t va;		/* kernel VA (0: a header offset in off) */
	size_t off;
	uint32_t value;
};

/* Writes (mode "wb") or appends ("ab") len bytes to path. */
static void put_file(const char *path, const char *mode, const void *b,
		     size_t len)
{
	FILE *f = fopen(path, mode);
	assert_non_null(f);
	assert_int_equal(fwrite(b, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
}

/* Copy samples/name to tmpdir with 32-bit values written at kernel VAs
 * (found through the header's tables) or header offsets; returns the
 * copy's path (static). */
static const char *patched(const char *name, const struct patch *p, size_t n)
{
	static char out[512];
	struct session *s = sample_session(name);
	const struct fmt_source *src = sess_source(s);
	struct pt_ctx c = *sess_ctx(s);
	size_t len = src->file.size;
	uint8_t *b = malloc(len);

	assert_non_null(b);
	memcpy(b, src->file.data, len);
	c.cr3 = src->cr3;
	for (size_t i = 0; i < n; i++) {
		size_t off = p[i].off;
		if (p[i].va) {
			uint64_t pa;
			assert_int_equal(pt_translate(src, &c, p[i].va, &pa, NULL),
					 PT_OK);
			const uint8_t *pg = fmt_page_lent(src, pa >> 12);
			assert_non_null(pg);
			off = (size_t)(pg - src->file.data) + (pa & 0xfff);
		}
		le_put32(b + off, p[i].value);
	}
	sess_free(s);
	snprintf(out, sizeof(out), "%s/hostile.dmp", tmpdir);
	put_file(out, "wb", b, len);
	free(b);
	return out;
}

static void hostile_process_lists(void **st)
{
	(void)st;
	static const struct {
		struct patch p;
		const char *note;
		size_t n;
	} c[] = {
		/* pagefault's Flink back to smss: a loop that skips the head */
		{ { 0x86346318 + 0xb8, 0, 0x85d1e908 + 0xb8 },
		  "loops without coming back", 4 },
		/* ... to itself */
		{ { 0x86346318 + 0xb8, 0, 0x86346318 + 0xb8 },
		  "loops without coming back", 4 },
		/* explorer's Flink into unmapped kernel space */
		{ { 0x86d1c030 + 0xb8, 0, 0x90000000 },
		  "could not be read", 3 },
		/* smss's Flink into user space */
		{ { 0x85d1e908 + 0xb8, 0, 0x00400000 },
		  "outside kernel space", 2 },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct session *s = sample_session(patched("seed-pae-1-reserved.dmp",
							   &c[i].p, 1));
		struct err e;
		struct win *w = win_get(s, &e);
		struct win_proc *v;
		size_t n;
		const char *note;
		assert_non_null(w);
		assert_int_equal(win_procs(w, &v, &n, &note, &e), 0);
		assert_non_null(note);
		if (!strstr(note, c[i].note))
			fail_msg("case %zu: note '%s'", i, note);
		/* each process once: a loop is cut where it closes */
		if (n != c[i].n)
			fail_msg("case %zu: %zu processes", i, n);
		for (size_t j = 1; j < n; j++)
			assert_int_not_equal(v[j].eprocess, v[j - 1].eprocess);
		free(v);
		/* !process 0 0 says it */
		char *t = run(s, "!process 0 0");
		contains(t, c[i].note);
		free(t);
		sess_free(s);
	}
}

/* The file offset of physical address pa in a sample. */
static size_t file_offset(const struct fmt_source *src, uint64_t pa)
{
	const uint8_t *pg = fmt_page_lent(src, pa >> 12);
	assert_non_null(pg);
	return (size_t)(pg - src->file.data) + (pa & 0xfff);
}

/* The same 337 GB reservation with a table under every page: its PDPT's
 * entries 1-336 are entry 0 (one PD under each GB) and that PD's entries
 * 1-511 an all-zero page of the dump (one empty PT under each 2 MB).
 * Every page is reserved and every walk reaches a PTE: measuring the
 * region is a walk a page, 88 million of them.  !address and !vadump stop
 * at 4194304 walks and say so. */
static void aliased_tables_under_a_reservation(void)
{
	struct session *s = sample_session("seed-x64-1-reserved.dmp");
	const struct fmt_source *src = sess_source(s);
	struct pt_ctx c = *sess_ctx(s);
	struct pt_walk wk;
	static const uint8_t zero[4096];
	uint64_t zpfn = 0;

	c.cr3 = src->cr3;
	pt_walk(src, &c, 0x1f4000, &wk);
	assert_int_equal(wk.nlv, 4);
	for (uint64_t pfn = 1; pfn < 0x10000 && !zpfn; pfn++) {
		const uint8_t *pg = fmt_page_lent(src, pfn);
		if (pg && !memcmp(pg, zero, sizeof(zero)))
			zpfn = pfn;
	}
	assert_true(zpfn != 0);
	struct patch *q = calloc(2 * (336 + 511) + 1, sizeof(*q));
	size_t nq = 0;
	size_t pdpt = file_offset(src, wk.lv[1].entry_pa);
	size_t pd = file_offset(src, wk.lv[2].entry_pa);
	assert_non_null(q);
	assert_int_equal(wk.lv[1].index, 0);
	assert_int_equal(wk.lv[2].index, 0);
	for (size_t k = 1; k <= 336; k++) {
		q[nq++] = (struct patch){ 0, pdpt + 8 * k,
					  (uint32_t)wk.lv[1].raw };
		q[nq++] = (struct patch){ 0, pdpt + 8 * k + 4,
					  (uint32_t)(wk.lv[1].raw >> 32) };
	}
	for (size_t k = 1; k < 512; k++) {
		q[nq++] = (struct patch){ 0, pd + 8 * k,
					  (uint32_t)(zpfn << 12 | 0x67) };
		q[nq++] = (struct patch){ 0, pd + 8 * k + 4,
					  (uint32_t)(zpfn >> 20) };
	}
	q[nq++] = (struct patch){ 0xffffa88fc1e0e180ull + 0x1c, 0, 0x542f000 };
	sess_free(s);
	s = sample_session(patched("seed-x64-1-reserved.dmp", q, nq));
	free(q);
	assert_int_equal(os_attach_current(s), 0);
	uint64_t walks;
	char *t = run_walks(s, "!address 1f4000", &walks);
	/* 5 walks from 1f4000 down to the base, the rest a page each up */
	contains(t, "Base Address:           00000000001f0000\n"
		 "End Address:            00000004001f0000\n");
	contains(t, "MEM_RESERVE");
	contains(t, "(the region was measured over 4194304 page-table walks "
		 "and goes on past its bounds");
	free(t);
	if (walks > 4194304 + 16)
		fail_msg("%" PRIu64 " walks", walks);
	t = run(s, "!vadump");
	contains(t, "BaseAddress:       00000000001f0000\n");
	/* ... the cut region last, then the note, and nothing after */
	const char *note = strstr(t, "\n(the region was measured over ");
	assert_non_null(note);
	contains(note, "goes on past its bounds: a table is under every "
		 "page, as when one table is aliased)\n");
	assert_string_equal(strchr(note + 1, '\n'), "\n");
	free(t);
	/* } in the interface: a step a page too; it stops after VIEW_STEPS
	 * and says where, and goes on from there; { finds the free page
	 * below the reservation */
	uint64_t to;
	assert_int_equal(view_seek_change(s, 0x1f4000, 1, &to), VIEW_BUDGET);
	assert_int_equal(to, 0x1f4000 + ((uint64_t)VIEW_STEPS << 12));
	assert_int_equal(view_seek_change(s, to, 1, &to), VIEW_BUDGET);
	assert_int_equal(to, 0x1f4000 + ((uint64_t)VIEW_STEPS << 13));
	assert_int_equal(view_seek_change(s, 0x1f4000, -1, &to), VIEW_FOUND);
	assert_int_equal(to, 0x1ef000);
	/* --json: the note as "cut" */
	struct outbuf out;
	struct err e;
	ob_init(&out);
	cj_want(&out);
	assert_int_equal(cmd_run(s, "!address 1f4000", &out, &e), 0);
	json_t *j = cj_take(&out);
	ob_fini(&out);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_object_get(j, "end")),
			    "0x4001f0000");
	contains(json_string_value(json_object_get(j, "cut")),
		 "measured over 4194304 page-table walks");
	json_decref(j);
	sess_free(s);
}

/* Writes one VAD node of a layout: its VPN (one page), its children and
 * its parent (0: none). */
typedef void vad_put_fn(uint8_t *nd, uint32_t vpn, uint64_t left,
			uint64_t right, uint64_t parent);

/* A balanced tree of n one-page VADs in mem, node i at kva0 + i * stride
 * with VPN i, each subtree rooted in the middle of its range; root_parent
 * is the root's parent.  Returns the root's address. */
static uint64_t balanced_vads(uint8_t *mem, uint32_t n, size_t stride,
			      uint64_t kva0, uint64_t root_parent,
			      vad_put_fn *put)
{
	struct range { uint32_t lo, hi; uint64_t parent; } stack[64];
	size_t sp = 0;

	stack[sp++] = (struct range){ 0, n, root_parent };
	while (sp) {
		struct range r = stack[--sp];
		uint32_t mid = r.lo + (r.hi - r.lo) / 2;
		uint32_t lmid = r.lo + (mid - r.lo) / 2;
		uint32_t rmid = mid + 1 + (r.hi - mid - 1) / 2;
		uint64_t va = kva0 + (uint64_t)mid * stride;
		put(mem + (size_t)mid * stride, mid,
		    mid > r.lo ? kva0 + (uint64_t)lmid * stride : 0,
		    r.hi > mid + 1 ? kva0 + (uint64_t)rmid * stride : 0,
		    r.parent);
		if (mid > r.lo)
			stack[sp++] = (struct range){ r.lo, mid, va };
		if (r.hi > mid + 1)
			stack[sp++] = (struct range){ mid + 1, r.hi, va };
	}
	return kva0 + (uint64_t)(n / 2) * stride;
}

/* Windows 7's MMADDRESS_NODE (x86): Parent +0, Left +4, Right +8, VPNs
 * +0xc/+0x10, VadFlags +0x14 (private, PAGE_READWRITE). */
static void put_vad_w7_x86(uint8_t *nd, uint32_t vpn, uint64_t left,
			   uint64_t right, uint64_t parent)
{
	le_put32(nd, (uint32_t)parent);
	le_put32(nd + 4, (uint32_t)left);
	le_put32(nd + 8, (uint32_t)right);
	le_put32(nd + 0xc, vpn);
	le_put32(nd + 0x10, vpn);
	le_put32(nd + 0x14, 1u << 31 | 4u << 24);
}

/* Windows 10 2004's MMVAD_SHORT (x64): Left +0, Right +8, VPNs
 * +0x18/+0x1c, VadFlags +0x30 (private at 20, protection at 7). */
static void put_vad_2004_x64(uint8_t *nd, uint32_t vpn, uint64_t left,
			     uint64_t right, uint64_t parent)
{
	(void)parent;
	le_put64(nd, left);
	le_put64(nd + 8, right);
	le_put32(nd + 0x18, vpn);
	le_put32(nd + 0x1c, vpn);
	le_put32(nd + 0x30, 1u << 20 | 4u << 7);
}

/* pagefault.exe's VADs in the dump at path: want of them, in address
 * order from VPN 0, private and read-write, and a note holding cut. */
static void vads_cut(const char *path, size_t want, const char *cut)
{
	struct session *s = sample_session(path);
	struct err e;
	struct win *w = win_get(s, &e);
	struct win_proc p;
	struct win_vad *v;
	size_t n;
	const char *note;

	assert_non_null(w);
	assert_int_equal(win_proc_find(w, "pagefault.exe", &p, &e), 0);
	clock_t c0 = clock();
	assert_int_equal(win_vads(w, &p, &v, &n, &note, &e), 0);
	printf("# %s: %zu VADs read in %.2f s of CPU\n", win_layout_name(w), n,
	       (double)(clock() - c0) / CLOCKS_PER_SEC);
	assert_int_equal(n, want);
	assert_non_null(note);
	contains(note, cut);
	for (size_t i = 0; i < n; i += 4099) {
		assert_int_equal(v[i].start, i);
		assert_true(v[i].private_mem);
		assert_int_equal(v[i].protection, 4);
	}
	assert_int_equal(v[n - 1].end, n - 1);
	free(v);
	sess_free(s);
}

/* Where PA pa is in a run-based dump whose nr runs (base, count pages)
 * follow its 0x2000-byte header in order. */
static size_t run_offset(const uint64_t *base, const uint64_t *count,
			 size_t nr, uint64_t pa)
{
	size_t at = 0x2000;

	for (size_t r = 0; r < nr; r++) {
		if ((pa >> 12) >= base[r] && (pa >> 12) < base[r] + count[r])
			return at + (((pa >> 12) - base[r]) << 12) +
			       (pa & 0xfff);
		at += count[r] << 12;
	}
	fail_msg("PA %" PRIx64 " is in no run", pa);
	return 0;
}

/* A million VADs on x64, where the user half has room for them: the
 * x64 seed rewritten as a run-based dump (DumpType 1) with one more run
 * of 66 MB at PA 100000000, mapped at ffffa88fc2000000 by 2 MB PDEs
 * written into the PD that holds the seed's VADs, and holding a
 * balanced tree of 1048640 RTL_BALANCED_NODE MMVAD_SHORTs (Windows 10
 * 2004: 0x40 bytes apart, one page each from VPN 0).  The walk stops at
 * 1048576 and says so. */
static void a_million_vads_on_x64(void **st)
{
	(void)st;
	enum { NODES = 1048640, STRIDE = 0x40, LARGE = 33, MAXRUNS = 40 };
	const uint64_t kva0 = 0xffffa88fc2000000ull, pa0 = 0x100000000ull;
	const uint64_t eprocess = 0xffffa88fc0ea2080ull;
	struct session *s = sample_session("seed-x64-1-reserved.dmp");
	const struct fmt_source *src = sess_source(s);
	struct pt_ctx c = *sess_ctx(s);
	uint64_t base[MAXRUNS], count[MAXRUNS], pages = 0;
	size_t nr = 0;

	/* the seed's pages, as runs */
	for (uint64_t pfn = 0; pfn < (1u << 20); pfn++) {
		if (!fmt_page_lent(src, pfn))
			continue;
		if (nr && base[nr - 1] + count[nr - 1] == pfn) {
			count[nr - 1]++;
		} else {
			assert_true(nr < MAXRUNS - 1);
			base[nr] = pfn;
			count[nr++] = 1;
		}
		pages++;
	}
	base[nr] = pa0 >> 12;
	count[nr++] = (uint64_t)LARGE << 9;
	size_t len = 0x2000 + ((size_t)pages << 12) + ((size_t)LARGE << 21);
	uint8_t *b = calloc(1, len);
	assert_non_null(b);
	memcpy(b, src->file.data, 0x2000);
	le_put32(b + 0xf98, 1);			/* DumpType: runs */
	le_put32(b + 0x88, (uint32_t)nr);	/* NumberOfRuns */
	le_put64(b + 0x90, pages + ((uint64_t)LARGE << 9));
	size_t off = 0x2000;
	for (size_t r = 0; r < nr; r++) {
		le_put64(b + 0x98 + 16 * r, base[r]);
		le_put64(b + 0xa0 + 16 * r, count[r]);
		for (uint64_t k = 0; r < nr - 1 && k < count[r]; k++) {
			memcpy(b + off, fmt_page_lent(src, base[r] + k), 4096);
			off += 4096;
		}
	}
	uint8_t *mem = b + off;
	/* the PDEs, in the new file: the PD is the one mapping the VADs */
	struct pt_walk wk;
	c.cr3 = src->cr3;
	pt_walk(src, &c, kva0, &wk);
	assert_true(wk.nlv >= 3);
	/* kva0's PDE, empty */
	size_t at = run_offset(base, count, nr - 1, wk.lv[2].entry_pa);
	for (uint64_t k = 0; k < LARGE; k++) {
		assert_int_equal(le_u64(b + at + 8 * k), 0);
		le_put64(b + at + 8 * k, (pa0 + (k << 21)) | 0xe3);
	}
	/* pagefault.exe's VadRoot (+0x7d8): the root of the tree below */
	uint64_t vr = eprocess + 0x7d8, vpa;
	assert_int_equal(pt_translate(src, &c, vr, &vpa, NULL), PT_OK);
	sess_free(s);
	le_put64(b + run_offset(base, count, nr - 1, vpa), balanced_vads(mem, NODES, STRIDE, kva0, 0,
				       put_vad_2004_x64));
	char path[600];
	snprintf(path, sizeof(path), "%s/million-x64.dmp", tmpdir);
	put_file(path, "wb", b, len);
	free(b);
	vads_cut(path, 1048576, "more than 1048576 VADs: cut short");
	unlink(path);
}

static void hostile_vad_trees(void **st)
{
	(void)st;
	/* a child that is its own ancestor; a right child pointing back to
	 * the root (out of order); a pointer into user space; an unmapped
	 * node; VADs that overlap */
	static const struct {
		struct patch p;
		const char *note;
	} c[] = {
		{ { 0x863c7008 + 0x28 + 4, 0, 0x863c7008 + 0x28 },
		  "deeper than 64" },
		{ { 0x863c7008 + 5 * 0x28 + 8, 0, 0x863c7008 + 3 * 0x28 },
		  "out of address order" },
		{ { 0x863c7008 + 3 * 0x28 + 4, 0, 0x00001000 },
		  "outside kernel space" },
		{ { 0x863c7008 + 3 * 0x28 + 8, 0, 0x90000000 },
		  "could not be read" },
		{ { 0x863c7008 + 2 * 0x28 + 0x10, 0, 0x1f8 },
		  "out of address order" },
		/* an EndingVpn past 4 GB: no x86 page is there (a fuzzed
		 * one had !vadump walk 2^31 pages, one at a time) */
		{ { 0x863c7008 + 0x10, 0, 0x236d0001 },
		  "past the user half" },
		{ { 0x863c7008 + 6 * 0x28 + 0x10, 0, 0xc0000 },
		  "past the user half" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct session *s = sample_session(patched("seed-pae-1-reserved.dmp",
							   &c[i].p, 1));
		struct err e;
		struct win *w = win_get(s, &e);
		struct win_proc p;
		struct win_vad *v;
		size_t n;
		const char *note;
		assert_int_equal(win_proc_find(w, "pagefault.exe", &p, &e), 0);
		assert_int_equal(win_vads(w, &p, &v, &n, &note, &e), 0);
		if (!note || !strstr(note, c[i].note))
			fail_msg("case %zu: note '%s'", i, note ? note : "(none)");
		assert_true(n <= 7);
		free(v);
		char *t = run(s, "!vad");
		contains(t, c[i].note);
		free(t);
		/* the areas come from what was read, and the states with them */
		assert_int_equal(os_attach_current(s), 0);
		enum pgstate sts[4];
		pgstate_of_range(s, 0x1f0000, 4, sts);
		assert_true(sts[0] == PGS_RESERVED || sts[0] == PGS_FREE);
		sess_free(s);
	}
	/* a million VADs and more: the seed's tree swapped for a balanced one
	 * of 1048640 MMADDRESS_NODEs (one page each, in address order),
	 * 44 MB in a run appended to the dump at PA 80000000 and mapped at
	 * kernel VA a0000000 by 2 MB pages.  x86 has room for 786432 pages
	 * of user space (3 GB, with increaseuserva): the walk stops at the
	 * first VAD past it and says so; x64's bound is the count (1048576) */
	enum { NODES = 1048640, STRIDE = 0x28, LARGE = 22 };
	const uint32_t kva0 = 0xa0000000u, pa0 = 0x80000000u;
	struct patch q[2 * LARGE + 5];
	size_t nq = 0;
	for (uint32_t k = 0; k < LARGE; k++) {	/* PDEs, through the self-map */
		q[nq++] = (struct patch){ 0xc0600000u + ((kva0 >> 21) + k) * 8, 0,
					  (pa0 + (k << 21)) | 0xe3 };
		q[nq++] = (struct patch){ 0xc0600000u + ((kva0 >> 21) + k) * 8 + 4,
					  0, 0 };
	}
	size_t len = (size_t)LARGE << 21;
	uint8_t *mem = calloc(1, len);
	assert_non_null(mem);
	/* pagefault.exe's VadRoot (+0x278): BalancedRoot.RightChild, the
	 * root of the tree */
	q[nq++] = (struct patch){ 0x86346318u + 0x278 + 8, 0,
				  (uint32_t)balanced_vads(mem, NODES, STRIDE,
				  kva0, 0x86346318u + 0x278, put_vad_w7_x86) };
	/* the header: a seventh run of LARGE * 512 pages */
	q[nq++] = (struct patch){ 0, 0x64, 7 };
	q[nq++] = (struct patch){ 0, 0x68, 32 + LARGE * 512 };
	q[nq++] = (struct patch){ 0, 0x9c, pa0 >> 12 };
	q[nq++] = (struct patch){ 0, 0xa0, LARGE * 512 };
	char huge[600];
	snprintf(huge, sizeof(huge), "%s", patched("seed-pae-1-reserved.dmp", q,
						   nq));
	put_file(huge, "ab", mem, len);
	free(mem);
	vads_cut(huge, 786432, "a VAD reaches past the user half: cut there");
	unlink(huge);
	/* a reservation of 337 GB (the x64 seed's, its end moved up to just
	 * below the next VAD), with no table under most of it: !address
	 * measures its reserved run in walks of whole table spans, not one
	 * a page (88 million) */
	struct patch big = { 0xffffa88fc1e0e180ull + 0x1c, 0, 0x542f000 };
	struct session *s = sample_session(patched("seed-x64-1-reserved.dmp",
						   &big, 1));
	assert_int_equal(os_attach_current(s), 0);
	uint64_t walks;
	char *t = run_walks(s, "!address 1f4000", &walks);
	contains(t, "Base Address:           00000000001f0000\n"
		 "End Address:            000000542f001000\n"
		 "Region Size:            542ee11000 (344814.066 MB)\n"
		 "State:                  00002000          MEM_RESERVE\n");
	free(t);
	if (walks > 4096)
		fail_msg("%" PRIu64 " walks", walks);
	sess_free(s);
	aliased_tables_under_a_reservation();
}

/* A build the table lacks: the nearest layout is kept only if the
 * process list it reads is consistent; else one message naming the build,
 * and the dump still walks. */
/* The image --builds wrote as file, its header's build patched to
 * build: the layout it is read with. */
static void guessed_as(const char *file, uint32_t build, const char *layout)
{
	char path[600];
	struct patch b = { 0, 0x0c, build };
	struct err e;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, file);
	struct session *s = sample_session(patched(path, &b, 1));
	struct win *w = win_get(s, &e);
	if (!w)
		fail_msg("%s as build %u: %s", file, (unsigned)build, e.msg);
	assert_string_equal(win_layout_name(w), layout);
	sess_free(s);
}

/* !vad as WinDbg's documentation writes it: a VAD's address lists the
 * subtree under it (its level and the ones below, in address order), with
 * flag 1 that VAD alone in detail; an address inside a VAD with flag 1
 * finds it.  Processes still name a whole tree. */
static void vad_forms_windbg_takes(void **st)
{
	(void)st;
	char *t = run_sample("seed-pae-1-reserved.dmp", "!vad 863c7030");
	assert_string_equal(t,
		"VAD      level      start      end    commit\n"
		"863c7008 ( 3)        100        101          2 Private      "
		"READWRITE\n"
		"863c7030 ( 2)        102        102          0 Mapped       "
		"READONLY           \\Windows\\Fonts\\StaticCache.dat\n"
		"863c7058 ( 3)        170        17f          4 Private      "
		"READWRITE\n\n"
		"Total VADs:     3, average level:    3, maximum depth: 3\n");
	free(t);
	/* the root's subtree is the whole tree, as !vad alone gives it */
	char *all = run_sample("seed-pae-1-reserved.dmp", "!vad");
	t = run_sample("seed-pae-1-reserved.dmp", "!vad 863c7080");
	assert_string_equal(t, all);
	free(t);
	t = run_sample("seed-pae-1-reserved.dmp", "!vad 880");
	assert_string_equal(t, all);
	free(t);
	free(all);
	const char *one =
		"VAD @ 863c7080\n"
		"  Start VPN:        1f0  End VPN:        1ff  Commit Charge: 0\n"
		"  Private  NO_ACCESS  reserved when created (MEM_RESERVE)  "
		"level 1\n";
	t = run_sample("seed-pae-1-reserved.dmp", "!vad 863c7080 1");
	assert_string_equal(t, one);
	free(t);
	t = run_sample("seed-pae-1-reserved.dmp", "!vad 1f4000 1");
	assert_string_equal(t, one);
	free(t);
	t = run_sample("seed-pae-1-reserved.dmp", "!vad 1143000 1");
	assert_string_equal(t,
		"VAD @ 863c70a8\n"
		"  Start VPN:       1140  End VPN:       1147  Commit Charge: 0\n"
		"  Mapped  Exe  EXECUTE_WRITECOPY  a view  level 3\n"
		"  File: \\Users\\student\\pagefault.exe\n");
	free(t);
	struct session *q = sample_session("seed-pae-1-reserved.dmp");
	const struct { const char *cmd, *err; } bad[] = {
		{ "!vad 1f4000", "1f4000 is no process, nor a VAD of "
		  "pagefault.exe (an address in one takes flag 1)" },
		{ "!vad 1ef000 1", "1ef000 is no VAD of pagefault.exe, nor an "
		  "address in one" },
		{ "!vad 863c7080 2", "flag '2': 0 (a tree) or 1 (one VAD)" },
		{ "!vad 863c7080 1 x", "too many words (x)" },
		{ "!vad nosuch.exe", "no process nosuch.exe in the list" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		fails_with(q, bad[i].cmd, bad[i].err);
	sess_free(q);
}

/* !vadump: the seed process's whole user half in regions, as
 * VirtualQuery would split it: the stack's reservation, its guard page
 * and its committed top apart; the 16-page reservation between free
 * space.  A valid page's protection is its PFN entry's OriginalPte's. */
static void regions_as_vadump_lists_them(void **st)
{
	(void)st;
	char *t = run_sample("seed-pae-1-reserved.dmp", "!vadump");
	const char *stack =
		"BaseAddress:       00103000\n"
		"RegionSize:        0006d000\n"
		"State:             00010000  MEM_FREE\n"
		"Protect:           00000001  PAGE_NOACCESS\n\n"
		"BaseAddress:       00170000\n"
		"RegionSize:        0000c000\n"
		"State:             00002000  MEM_RESERVE\n"
		"Type:              00020000  MEM_PRIVATE\n\n"
		"BaseAddress:       0017c000\n"
		"RegionSize:        00001000\n"
		"State:             00001000  MEM_COMMIT\n"
		"Protect:           00000104  PAGE_READWRITE|PAGE_GUARD\n"
		"Type:              00020000  MEM_PRIVATE\n\n"
		"BaseAddress:       0017d000\n"
		"RegionSize:        00003000\n"
		"State:             00001000  MEM_COMMIT\n"
		"Protect:           00000004  PAGE_READWRITE\n"
		"Type:              00020000  MEM_PRIVATE\n\n"
		"BaseAddress:       00180000\n"
		"RegionSize:        00070000\n"
		"State:             00010000  MEM_FREE\n"
		"Protect:           00000001  PAGE_NOACCESS\n\n"
		"BaseAddress:       001f0000\n"
		"RegionSize:        00010000\n"
		"State:             00002000  MEM_RESERVE\n"
		"Type:              00020000  MEM_PRIVATE\n\n"
		"BaseAddress:       00200000\n"
		"RegionSize:        00f40000\n";
	contains(t, stack);
	/* from 0 to the top of the user half, each region where the last
	 * ended */
	assert_true(strncmp(t, "BaseAddress:       00000000\n", 28) == 0);
	uint64_t next = 0;
	size_t regions = 0;
	for (const char *p = t; (p = strstr(p, "BaseAddress:")); regions++) {
		unsigned long base, size;
		assert_int_equal(sscanf(p, "BaseAddress: %lx RegionSize: %lx",
					&base, &size), 2);
		assert_int_equal(base, next);
		next = base + size;
		p++;
	}
	assert_int_equal(next, 0x80000000u);
	assert_int_equal(regions, 16);
	free(t);
	t = run_sample("seed-pae-1-reserved.dmp", "!vadump -v");
	contains(t, "BaseAddress:       0017d000\n"
		 "AllocationBase:    00170000\n"
		 "AllocationProtect: 00000004  PAGE_READWRITE\n"
		 "RegionSize:        00003000\n");
	free(t);
	/* !address agrees, region for region */
	t = run_sample("seed-pae-1-reserved.dmp", "!address 17e000");
	contains(t, "Base Address:           0017d000\n"
		 "End Address:            00180000\n");
	free(t);
	/* the touched page 1f0000: valid, its frame's OriginalPte (0x80,
	 * ReadWrite) gives the protection, not the VAD's NO_ACCESS; made
	 * ReadOnly (0x20) there, the page is a region of its own */
	t = run_sample("seed-pae-3-touched.dmp", "!address 1f0000");
	contains(t, "Region Size:            00004000 (  16.000 kB)\n"
		 "State:                  00001000          MEM_COMMIT\n"
		 "Protect:                00000004          PAGE_READWRITE\n");
	free(t);
	struct patch ro = { 0x84b979e0ull + 0x10, 0, 0x20 };
	struct session *s = sample_session(patched("seed-pae-3-touched.dmp",
						   &ro, 1));
	t = run(s, "!address 1f0000");
	contains(t, "Region Size:            00001000 (   4.000 kB)\n"
		 "State:                  00001000          MEM_COMMIT\n"
		 "Protect:                00000002          PAGE_READONLY\n");
	free(t);
	t = run(s, "!address 1f1000");
	contains(t, "Base Address:           001f1000\n"
		 "End Address:            001f4000\n");
	free(t);
	sess_free(s);
	/* an entry that names another PTE says nothing of this page: the
	 * VAD's protection */
	struct patch other = { 0x84b979e0ull + 0x8, 0, 0xc0000f84 };
	s = sample_session(patched("seed-pae-3-touched.dmp", &other, 1));
	t = run(s, "!address 1f0000");
	contains(t, "Protect:                00000001          PAGE_NOACCESS\n");
	free(t);
	sess_free(s);
	/* an option it does not have */
	s = sample_session("seed-pae-1-reserved.dmp");
	fails_with(s, "!vadump -x", "'-x': the one option is -v");
	sess_free(s);
}

static void unknown_builds(void **st)
{
	(void)st;
	/* info names the row a known build reads with */
	char *v = run_sample("seed-pae-1-reserved.dmp", "info");
	contains(v, "\nlayout         Windows 7 SP1 x86 (build 7601)\n");
	free(v);
	struct patch p = { 0, 0x0c, 7602 };	/* MinorVersion */
	struct session *s = sample_session(patched("seed-pae-1-reserved.dmp", &p,
						   1));
	struct err e;
	struct win *w = win_get(s, &e);
	assert_non_null(w);
	assert_string_equal(win_layout_name(w),
			    "Windows 7 SP1 x86 (build 7602: nearest known)");
	/* and every Windows command says so first, info on a line of its
	 * own */
	v = run(s, "!vad");
	const char *first = "(build 7602 is not in the table; the layout of "
			    "Windows 7 SP1 x86 reads a consistent process list: "
			    "its VAD flags and MMPFN may differ)\nVAD ";
	assert_true(strncmp(v, first, strlen(first)) == 0);
	free(v);
	v = run(s, "info");
	contains(v, "\nlayout         Windows 7 SP1 x86 (build 7602: nearest "
		 "known)\n               build 7602 is not in the table; ");
	free(v);
	sess_free(s);
	/* and a process list no layout reads consistently */
	struct patch q[2] = { { 0, 0x0c, 9999 },
			      { 0x82b7ae98, 0, 0x86346318 } };
	s = sample_session(patched("seed-pae-1-reserved.dmp", q, 2));
	assert_null(win_get(s, &e));
	contains(e.msg, "Windows build 9999 (x86) has no known layout");
	v = run(s, "info");
	contains(v, "\nlayout         none: Windows build 9999 (x86) has no "
		 "known layout");
	free(v);
	char *t = run(s, "!pte 1f0000");
	contains(t, "PTE at C0000F80");
	free(t);
	fails_with(s, "!process 0 0", "has no known layout");
	sess_free(s);
	/* a Windows 11 preview (22100), not in the table: 21H2's row,
	 * nearest, reads its process list, and its VAD bits (PrivateMemory
	 * at 21, as the image has them) */
	char cmd[600], path[600];
	const char *bd = getenv("PW_BUILDDIR");
	snprintf(cmd, sizeof(cmd), "'%s/samples/pw-mksamples' --builds '%s'",
		 bd ? bd : ".", tmpdir);
	assert_int_equal(system(cmd), 0);
	snprintf(path, sizeof(path), "%s/win-22621-x64.dmp", tmpdir);
	struct patch b = { 0, 0x0c, 22100 };
	s = sample_session(patched(path, &b, 1));
	w = win_get(s, &e);
	assert_non_null(w);
	assert_string_equal(win_layout_name(w),
			    "Windows 11 21H2 x64 (build 22100: nearest known)");
	struct win_proc *pr;
	struct win_vad *vad;
	size_t np, nv;
	const char *note;
	assert_int_equal(win_procs(w, &pr, &np, &note, &e), 0);
	assert_int_equal(win_vads(w, &pr[3], &vad, &nv, &note, &e), 0);
	assert_int_equal(nv, 7);
	assert_true(vad[3].private_mem);
	assert_false(vad[6].private_mem);
	free(vad);
	free(pr);
	sess_free(s);
	/* Server 2022 (20348): 2004's row, nearer by number, with the
	 * VadFlags bits MemProcFS gives 20348 on: PrivateMemory at 21, as
	 * the image has them (2004's own bit, 20, would read the private
	 * VADs as mapped); and every command says so */
	guessed_as("win-22621-x64.dmp", 20348,
		   "Windows 10 2004-22H2 x64 (build 20348: nearest known)");
	b.value = 20348;
	s = sample_session(patched(path, &b, 1));
	w = win_get(s, &e);
	assert_non_null(w);
	assert_int_equal(win_procs(w, &pr, &np, &note, &e), 0);
	assert_int_equal(win_vads(w, &pr[3], &vad, &nv, &note, &e), 0);
	assert_true(vad[3].private_mem);
	assert_false(vad[6].private_mem);
	free(vad);
	free(pr);
	v = run(s, "!vad");
	first = "(build 20348 is not in the table; the layout of Windows 10 "
		"2004-22H2 x64 reads a consistent process list; VadFlags as "
		"MemProcFS reads builds 20348 on (PrivateMemory at bit 21): its "
		"MMPFN may differ)\nVAD ";
	assert_true(strncmp(v, first, strlen(first)) == 0);
	free(v);
	sess_free(s);
	unlink(path);
	/* 1903 (18362) is its row's first build; a 20H1 preview (18950),
	 * nearer 2004's row, whose process list does not validate on a
	 * 1909 kernel, takes the next nearest, 1903-1909's */
	guessed_as("win-18363-x64.dmp", 18362,
		   "Windows 10 1903-1909 x64 (build 18362)");
	guessed_as("win-18363-x64.dmp", 18950,
		   "Windows 10 1903-1909 x64 (build 18950: nearest known)");
	/* Windows 11 25H2 (26200) and 26H2 (26300), 24H2's kernel with
	 * features switched on, are the row's own; 26H1 (28000), a
	 * separate branch, is not */
	guessed_as("win-26100-x64.dmp", 26200,
		   "Windows 11 24H2-26H2 x64 (build 26200)");
	guessed_as("win-26100-x64.dmp", 26300,
		   "Windows 11 24H2-26H2 x64 (build 26300)");
	guessed_as("win-26100-x64.dmp", 28000,
		   "Windows 11 24H2-26H2 x64 (build 28000: nearest known)");
}

/* Without PsActiveProcessHead in the header: a clear message, and an
 * EPROCESS address still switches (the DirectoryTableBase offset). */
static void no_process_list(void **st)
{
	(void)st;
	struct patch p[2] = { { 0, 0x1c, 0x45474150 } };	/* "PAGE" */
	struct session *s = sample_session(patched("seed-pae-3-touched.dmp", p,
						   1));
	struct err e;
	assert_null(win_get(s, &e));
	contains(e.msg, "no PsActiveProcessHead");
	char *t = run(s, ".process 86346318");
	contains(t, "Implicit process is now 86346318 (DirBase 7f2124c0)");
	free(t);
	sess_free(s);
	/* nor a PfnDataBase: !pfn says so, the process list still works */
	p[0].off = 0x14;
	s = sample_session(patched("seed-pae-3-touched.dmp", p, 1));
	fails_with(s, "!pfn 69fc8", "no PfnDataBase");
	t = run(s, "ps");
	contains(t, "4 processes\n");
	free(t);
	sess_free(s);
}

/* The widths and places of an MMPFN's bit fields (doc/WINDOWS.md gives
 * each build's): Flink, ShareCount, PteFrame; PrototypePte's bit and
 * PageColor's (0 bits: none). */
struct pfn_bits {
	uint8_t flink, share, frame, proto, cshift, cbits;
};

/* The first word of the len bytes at b (4 or 8 bytes each) equal to v. */
static size_t word_of(const uint8_t *b, size_t len, unsigned size, uint64_t v)
{
	for (size_t at = 0; at + size <= len; at += size)
		if ((size == 8 ? le_u64(b + at) : le_u32(b + at)) == v)
			return at;
	fail_msg("no word %" PRIx64 " in the MMPFN", v);
	return 0;
}

/* The bit fields of frame pfn's MMPFN in the dump at path read at the
 * widths and places want gives.  The writer's entry holds Flink 157,
 * ShareCount 1 and the page table's frame alone in u4 (no prototype, colour
 * 0): each field, found by that value, is rewritten with the top bit of
 * its width set and the bit above it too, and u4 with PrototypePte and a
 * colour of 5: the reader must keep the first bit and drop the second,
 * so a width or place in the table that differs from want's fails. */
static void pfn_field_widths(const char *path, uint64_t pfn,
			     const struct pfn_bits *want)
{
	struct session *s = sample_session(path);
	struct err e;
	struct win *w = win_get(s, &e);
	struct win_pfn p;
	uint8_t b[0x30];

	if (!w)
		fail_msg("%s: %s", path, e.msg);
	unsigned ws = win_ptr_size(w);
	size_t len = ws == 8 ? 0x30 : 0x1c;
	assert_int_equal(win_pfn(w, pfn, &p, &e), 0);
	assert_int_equal(win_read(w, p.addr, b, len), 0);
	const struct {
		uint64_t was;
		unsigned width;
		uint64_t more;	/* set besides, in u4 */
	} f[3] = {
		{ p.flink, want->flink, 0 },
		{ p.blink, want->share, 0 },
		{ p.pte_frame, want->frame, 1ull << want->proto |
		  (want->cbits ? 5ull << want->cshift : 0) },
	};
	assert_int_equal(p.flink, 0x157);
	assert_int_equal(p.blink, 1);
	assert_false(p.prototype);
	assert_int_equal(p.color, 0);
	struct patch q[6];
	size_t n = 0;
	uint64_t kept[3];
	for (size_t i = 0; i < 3; i++) {
		uint64_t top = 1ull << (f[i].width - 1);
		uint64_t above = f[i].width < 8 * ws ? top << 1 : 0;
		uint64_t v = f[i].was | top | above | f[i].more;
		uint64_t va = p.addr + word_of(b, len, ws, f[i].was);
		kept[i] = f[i].was | top;
		q[n++] = (struct patch){ va, 0, (uint32_t)v };
		if (ws == 8)
			q[n++] = (struct patch){ va + 4, 0, (uint32_t)(v >> 32) };
	}
	sess_free(s);
	s = sample_session(patched(path, q, n));
	w = win_get(s, &e);
	assert_non_null(w);
	assert_int_equal(win_pfn(w, pfn, &p, &e), 0);
	assert_int_equal(p.flink, kept[0]);
	assert_int_equal(p.blink, kept[1]);
	assert_int_equal(p.pte_frame, kept[2]);
	assert_true(p.prototype);
	assert_int_equal(p.color, want->cbits ? 5 : 0);
	sess_free(s);
}

/* Every layout in the table, each on the same story written by
 * pw-mksamples --builds with that build's offsets: the process list, the
 * VADs (one above 2^32 pages: the High bytes), the page states, and the
 * PFN entries where the build's MMPFN is known, their bit fields at the
 * widths doc/WINDOWS.md gives. */
#define PFN_W7_X64 { 64, 64, 52, 57, 58, 6 }
#define PFN_W8_X64 { 36, 64, 36, 57, 58, 6 }
#define PFN_W10_X64 { 36, 62, 36, 57, 58, 6 }
#define PFN_2004_X64 { 36, 62, 36, 63, 0, 0 }
#define PFN_W11_X64 { 40, 62, 40, 63, 0, 0 }
static const struct {
	const char *file, *layout;
	struct pfn_bits pfn;
} x64_builds[] = {
	{ "win-7601-x64.dmp", "Windows 7 SP1 x64 (build 7601)", PFN_W7_X64 },
	{ "win-9200-x64.dmp", "Windows 8 x64 (build 9200)", PFN_W8_X64 },
	{ "win-9600-x64.dmp", "Windows 8.1 x64 (build 9600)", PFN_W8_X64 },
	{ "win-10240-x64.dmp", "Windows 10 1507 x64 (build 10240)",
	  PFN_W10_X64 },
	{ "win-10586-x64.dmp", "Windows 10 1511 x64 (build 10586)",
	  PFN_W10_X64 },
	{ "win-14393-x64.dmp", "Windows 10 1607 x64 (build 14393)",
	  PFN_W10_X64 },
	{ "win-16299-x64.dmp", "Windows 10 1703-1709 x64 (build 16299)",
	  PFN_W10_X64 },
	{ "win-17763-x64.dmp", "Windows 10 1803-1809 x64 (build 17763)",
	  PFN_W10_X64 },
	{ "win-18363-x64.dmp", "Windows 10 1903-1909 x64 (build 18363)",
	  PFN_W10_X64 },
	{ "win-19041-x64.dmp", "Windows 10 2004-22H2 x64 (build 19041)",
	  PFN_2004_X64 },
	{ "win-22000-x64.dmp", "Windows 11 21H2 x64 (build 22000)",
	  PFN_W11_X64 },
	{ "win-22621-x64.dmp", "Windows 11 22H2-23H2 x64 (build 22621)",
	  PFN_W11_X64 },
	{ "win-26100-x64.dmp", "Windows 11 24H2-26H2 x64 (build 26100)",
	  PFN_W11_X64 },
};

/* The seed story's seven VADs as every layout must read them: the
 * 16-page reservation at 1f0 the root's child at level 1, reserve-only
 * and private with four pages charged, NO_ACCESS; the heap committed. */
static void story_vads(const struct win_vad *vad, size_t nv)
{
	assert_int_equal(nv, 7);
	assert_int_equal(vad[3].start, 0x1f0);
	assert_int_equal(vad[3].end, 0x1ff);
	assert_int_equal(vad[3].level, 1);
	assert_int_equal(vad[3].commit, 4);
	assert_false(vad[3].mem_commit);
	assert_true(vad[3].private_mem);
	assert_int_equal(vad[3].protection, 0x18);
	assert_true(vad[0].mem_commit);
	assert_int_equal(vad[0].commit, 2);
}

/* The Windows 8 to 10 x86 rows, each on the PAE seed's story written in that
 * build's layout by pw-mksamples --builds. */
#define PFN_W7_X86 { 32, 32, 25, 27, 28, 4 }
#define PFN_81_X86 { 32, 32, 24, 27, 28, 4 }
#define PFN_W10_X86 { 32, 30, 24, 27, 28, 4 }
static const struct {
	const char *file, *layout;
	bool pae1809;	/* software PTEs in the 1809 PAE layout */
	struct pfn_bits pfn;
} x86_builds[] = {
	{ "win-9200-x86.dmp", "Windows 8 x86 (build 9200)", false, PFN_W7_X86 },
	{ "win-9600-x86.dmp", "Windows 8.1 x86 (build 9600)", false,
	  PFN_81_X86 },
	{ "win-10240-x86.dmp", "Windows 10 1507 x86 (build 10240)", false,
	  PFN_W10_X86 },
	{ "win-10586-x86.dmp", "Windows 10 1511 x86 (build 10586)", false,
	  PFN_W10_X86 },
	{ "win-14393-x86.dmp", "Windows 10 1607 x86 (build 14393)", false,
	  PFN_W10_X86 },
	{ "win-16299-x86.dmp", "Windows 10 1703-1709 x86 (build 16299)", false,
	  PFN_W10_X86 },
	{ "win-17763-x86.dmp", "Windows 10 1803-1809 x86 (build 17763)", true,
	  PFN_W10_X86 },
	{ "win-18363-x86.dmp", "Windows 10 1903-1909 x86 (build 18363)", true,
	  PFN_W10_X86 },
	{ "win-19041-x86.dmp", "Windows 10 2004-22H2 x86 (build 19041)", true,
	  { 32, 30, 24, 31, 0, 0 } },
};

static void x86_build(const char *file, const char *layout, bool pae1809,
		      const struct pfn_bits *pfn)
{
	char path[600];
	struct err e;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, file);
	struct session *s = sample_session(path);
	struct win *w = win_get(s, &e);
	if (!w)
		fail_msg("%s: %s", path, e.msg);
	assert_string_equal(win_layout_name(w), layout);
	char *t;
	t = run(s, "!process -1 0");
	assert_string_equal(t,
		"PROCESS 86346318  SessionId: 1  Cid: 0880    Peb: 7ffd5000  "
		"ParentCid: 0e18\n"
		"    DirBase: 7f2124c0  ObjectTable: 89cb2bf0  HandleCount: "
		"<Data Not Accessible>\n"
		"    Image: pagefault.exe\n\n");
	free(t);
	struct win_proc *v;
	size_t n, nv;
	const char *note;
	struct win_vad *vad;
	assert_int_equal(win_procs(w, &v, &n, &note, &e), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[1].image, "smss.exe");
	assert_int_equal(win_vads(w, &v[3], &vad, &nv, &note, &e), 0);
	assert_null(note);
	story_vads(vad, nv);
	assert_int_equal(vad[4].type, 2);
	assert_string_equal(vad[4].file, "\\Users\\student\\pagefault.exe");
	assert_string_equal(vad[1].file, "\\Windows\\Fonts\\StaticCache.dat");
	free(vad);
	free(v);
	t = run(s, "!address 1f4000");
	contains(t, "MEM_RESERVE");
	contains(t, "Allocation Base:        001f0000");
	free(t);
	t = run(s, "!address 1ef000");
	contains(t, "MEM_FREE");
	free(t);
	t = run(s, "!pfn 69fc8");
	assert_string_equal(t,
		"    PFN 00069FC8 at address 84B979E0\n"
		"    flink       00000157  blink / share count 00000001  "
		"pteaddress C0000F80\n"
		"    reference count 0001   Cached     color 0   Priority 5\n"
		"    restore pte 00000080  containing page 06A1A6  Active     M\n"
		"    Modified\n");
	free(t);
	t = run(s, "rmap 69fc8");
	contains(t, "PteAddress C0000F80 is the PTE of VA 001f0000: it maps this "
		 "frame (agrees)");
	free(t);
	/* the software PTEs in the build's PAE layout: page file 1 in bits
	 * 15:12 and a prototype's protection in 9:5 from 1809, in 4:1 and
	 * 15:11 before; the writer wrote them so */
	t = run(s, "!pte 101000");
	contains(t, "PageFile:   1\n");
	contains(t, "Offset: 2a5\n");
	free(t);
	t = run(s, "!pte 102000");
	contains(t, "Proto: 8F1C2468\n");
	contains(t, "Protect: 1 - Readonly\n");
	free(t);
	t = run(s, "fields 2a500001080");
	contains(t, pae1809 ? "_MMPTE_SOFTWARE (PAE from build 17763 layout) "
		 "of 000002A500001080\n" :
		 "_MMPTE_SOFTWARE (PAE layout) of 000002A500001080\n");
	contains(t, pae1809 ? "(15:12) PageFileLow          : 0x1\n" :
		 "( 4: 1) PageFileLow          : 0x0\n");
	free(t);
	sess_free(s);
	pfn_field_widths(path, 0x69fc8, pfn);
	unlink(path);
}

static void every_layout(void **st)
{
	char cmd[600], path[600];
	const char *bd = getenv("PW_BUILDDIR");

	(void)st;
	snprintf(cmd, sizeof(cmd), "'%s/samples/pw-mksamples' --builds '%s'",
		 bd ? bd : ".", tmpdir);
	assert_int_equal(system(cmd), 0);
	for (size_t i = 0; i < sizeof(x64_builds) / sizeof(x64_builds[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, x64_builds[i].file);
		struct session *s = sample_session(path);
		struct err e;
		struct win *w = win_get(s, &e);
		if (!w)
			fail_msg("%s: %s", path, e.msg);
		assert_string_equal(win_layout_name(w), x64_builds[i].layout);
		char *t = run(s, "!process -1 0");
		snprintf(cmd, sizeof(cmd),
			 "PROCESS ffffa88fc0ea2080\n"
			 "    SessionId: 1  Cid: 0880    Peb: 542f6e1000  "
			 "ParentCid: 1134\n"
			 "    DirBase: 001aa000  ObjectTable: ffffbe0cd2a4fbc0  "
			 "HandleCount: %s\n"
			 "    Image: pagefault.exe\n\n",
			 i == 0 ? "  7." : "<Data Not Accessible>");
		assert_string_equal(t, cmd);
		free(t);
		struct win_proc *v;
		size_t n;
		const char *note;
		assert_int_equal(win_procs(w, &v, &n, &note, &e), 0);
		assert_int_equal(n, 4);
		assert_null(note);
		assert_string_equal(v[0].image, "System");
		assert_int_equal(v[1].pid, 0x1b8);
		assert_int_equal(v[2].dtb, 0x3002000);
		struct win_vad *vad;
		size_t nv;
		assert_int_equal(win_vads(w, &v[3], &vad, &nv, &note, &e), 0);
		assert_null(note);
		/* in address order, levels from the tree */
		story_vads(vad, nv);
		/* the image: above 2^32 pages, but below 8 TB on Windows 8
		 * (32-bit VPNs, no High bytes) */
		uint64_t image = strstr(x64_builds[i].layout, "Windows 8 ") ?
				 0x7f6a1140 : 0x7ff6a1140;
		assert_int_equal(vad[6].start, image);
		assert_int_equal(vad[6].end, image + 7);
		assert_int_equal(vad[6].type, 2);
		assert_int_equal(vad[6].protection, 7);
		assert_false(vad[6].private_mem);
		free(vad);
		free(v);
		/* the states the VADs give */
		t = run(s, "!address 1f4000");
		contains(t, "MEM_RESERVE");
		contains(t, "Allocation Base:        00000000001f0000");
		free(t);
		t = run(s, "!address 1ef000");
		contains(t, "MEM_FREE");
		free(t);
		snprintf(cmd, sizeof(cmd), "!address %" PRIx64, (image + 3) << 12);
		t = run(s, cmd);
		contains(t, "MEM_IMAGE");
		contains(t, "PAGE_EXECUTE_WRITECOPY");
		free(t);
		t = run(s, "!pfn 2fc8");
		assert_string_equal(t,
			"    PFN 00002FC8 at address FFFF8A800008F580\n"
			"    flink       00000157  blink / share count "
			"0000000000000001  pteaddress FFFFD98000000F80\n"
			"    reference count 0001   Cached     color 0   "
			"Priority 5\n"
			"    restore pte 00000080  containing page 0001AD  "
			"Active     M\n"
			"    Modified\n");
		free(t);
		sess_free(s);
		pfn_field_widths(path, 0x2fc8, &x64_builds[i].pfn);
		unlink(path);
	}
	/* the x86 row's other MMPFN: Windows 7's non-PAE kernel (0x18
	 * bytes, a 4-byte OriginalPte); the EPROCESS is the PAE one's */
	snprintf(path, sizeof(path), "%s/win-7601-x86.dmp", tmpdir);
	struct session *s = sample_session(path);
	struct err e;
	struct win *w = win_get(s, &e);
	if (!w)
		fail_msg("%s: %s", path, e.msg);
	assert_string_equal(win_layout_name(w), "Windows 7 SP1 x86 (build 7601)");
	char *t = run(s, "!pfn 69fc");
	assert_string_equal(t,
		"    PFN 000069FC at address 8409EFA0\n"
		"    flink       00000157  blink / share count 00000001  "
		"pteaddress C00007C0\n"
		"    reference count 0001   Cached     color 0   Priority 5\n"
		"    restore pte 00000080  containing page 006A1A  Active     M\n"
		"    Modified\n");
	free(t);
	t = run(s, "!process -1 0");
	contains(t, "PROCESS 86346318  SessionId: 1  Cid: 0880    Peb: 7ffd5000  "
		 "ParentCid: 0e18\n    DirBase: 003f2000  ObjectTable: 89cb2bf0  "
		 "HandleCount:   7.\n");
	free(t);
	t = run(s, "rmap 69fc");
	contains(t, "PteAddress C00007C0 is the PTE of VA 001f0000: it maps this "
		 "frame (agrees)");
	free(t);
	sess_free(s);
	pfn_field_widths(path, 0x69fc, &(struct pfn_bits)PFN_W7_X86);
	unlink(path);
	/* ... and the PAE one's, in the seed */
	pfn_field_widths("seed-pae-3-touched.dmp", 0x69fc8,
			 &(struct pfn_bits)PFN_W7_X86);
	/* Windows 8 to 10 x86 (PAE): the PAE seed's story with their EPROCESS,
	 * VADs (MM_AVL_NODEs with flags at +0x18, +0x1c on 8,
	 * RTL_BALANCED_NODEs with flags at +0x1c, +0x20 after), the
	 * Subsection at +0x2c and their MMPFN */
	for (size_t i = 0; i < sizeof(x86_builds) / sizeof(x86_builds[0]); i++)
		x86_build(x86_builds[i].file, x86_builds[i].layout,
			  x86_builds[i].pae1809, &x86_builds[i].pfn);
}

/* The shipped x64 samples: Windows 10 (the seed story, self-map at
 * 1b3) and Windows 11 24H2 (self-map at 13e). */
static void shipped_x64_samples(void **st)
{
	(void)st;
	char *t = run_sample("seed-x64-1-reserved.dmp", "ps");
	assert_string_equal(t,
		"     CID PARENT SESSION IMAGE            DIRBASE    EPROCESS\n"
		"       4      0       - System           3000000    "
		"ffffa88f`c0e9c040\n"
		"     1b8      4       - smss.exe         3001000    "
		"ffffa88f`c0e9e080\n"
		"    1134   10b0       1 explorer.exe     3002000    "
		"ffffa88f`c0ea0080\n"
		">    880   1134       1 pagefault.exe    1aa000     "
		"ffffa88f`c0ea2080\n"
		"4 processes\n");
	free(t);
	struct session *s = sample_session("seed-x64-1-reserved.dmp");
	assert_int_equal(os_attach_current(s), 0);
	t = run(s, "!pte 1f4000");
	contains(t, "reserved (in a reserve-only VAD, not committed); VAD "
		 "00000000001f0000-00000000001fffff PAGE_NOACCESS");
	free(t);
	t = run(s, "!pte 1ef000");
	contains(t, "Windows: free");
	free(t);
	sess_free(s);
	/* 24H2's session structure is opaque: the SessionId is each
	 * process's PEB's, read through its own tables (explorer's are not
	 * the dump's) */
	t = run_sample("win11-x64.dmp", "ps");
	contains(t, "    1134   10b0       1 explorer.exe     3002000");
	contains(t, ">    880   1134       1 pagefault.exe    1aa000");
	contains(t, "       4      0       - System");
	contains(t, "4 processes\n");
	free(t);
	/* a PEB whose page is not in the dump: "?" as WinDbg prints what it
	 * cannot read */
	struct patch p = { 0xffffa88fc0ea2080ull + 0x2e0 + 4, 0, 0 };
	s = sample_session(patched("win11-x64.dmp", &p, 1));
	t = run(s, "ps");
	contains(t, ">    880   1134       ? pagefault.exe    1aa000");
	contains(t, "    1134   10b0       1 explorer.exe");
	free(t);
	sess_free(s);
	t = run_sample("win11-x64.dmp", "!pfn 2fc8");
	contains(t, "pteaddress FFFF9F0000000F80");
	free(t);
}

/* Registers from the header's context record: the seed's "r @cr2" at the
 * access violation on the reserved page, 32-bit names on a 32-bit dump;
 * a register the dump lacks is said to be missing, never shown as 0. */
static void registers_from_the_context_record(void **st)
{
	(void)st;
	char *t = run_sample("seed-pae-1-reserved.dmp", "r @cr2");
	assert_string_equal(t, "cr2=001f0000\n");
	free(t);
	t = run_sample("seed-pae-1-reserved.dmp", "r");
	assert_string_equal(t,
		"eax=001f0000 ebx=00000000 ecx=00000000\n"
		"edx=00000000 esi=00000000 edi=00000000\n"
		"esp=0017fd40 ebp=0017fd8c eip=01141a2c\n"
		"efl=00010246 cr2=001f0000 cr3=7f2124c0\n"
		"(from the context record in the dump header)\n");
	free(t);
	/* in expressions */
	struct session *s = sample_session("seed-pae-1-reserved.dmp");
	assert_int_equal(os_attach_current(s), 0);
	t = run(s, "!pte @cr2");
	contains(t, "PTE at C0000F80");
	contains(t, "Windows: reserved");
	free(t);
	t = run(s, "!address @eip");
	contains(t, "MEM_IMAGE");
	free(t);
	sess_free(s);
	/* no access violation in the touched image: no cr2 */
	s = sample_session("seed-pae-3-touched.dmp");
	fails_with(s, "r @cr2", "cr2 is not in this dump");
	sess_free(s);
	t = run_sample("seed-x64-1-reserved.dmp", "r rip");
	assert_string_equal(t, "rip=00007ff6a1141a2c\n");
	free(t);
	/* a header whose CONTEXT was never written ("PAGE" fill): cr3 only */
	struct patch p = { 0, 0x320, 0x45474150 };
	s = sample_session(patched("seed-pae-1-reserved.dmp", &p, 1));
	t = run(s, "r");
	assert_string_equal(t, "cr2=001f0000 cr3=7f2124c0\n"
			    "(from the context record in the dump header)\n");
	free(t);
	sess_free(s);
}

/* The forms of !pte, !pte2va and !vtop the seed's readers will type. */
static void windbg_address_forms(void **st)
{
	(void)st;
	/* an address among the self-map's PTEs: the VA that PTE maps */
	char *a = run_sample("seed-pae-3-touched.dmp", "!pte c0000f80");
	char *b = run_sample("seed-pae-3-touched.dmp", "!pte 1f0000");
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* a second argument not above the first: taken as it is */
	a = run_sample("seed-pae-3-touched.dmp", "!pte c0000f80 1");
	contains(a, "                    VA c0000f80\n"
		 "PDE at C0603000            PTE at C0600000\n");
	free(a);
	/* a range: every page from the first's to the last's */
	a = run_sample("seed-pae-3-touched.dmp", "!pte 1f0000 1f2fff");
	contains(a, "VA 001f0000\n");
	contains(a, "\n\n                    VA 001f1000\n");
	contains(a, "VA 001f2000\n");
	assert_null(strstr(a, "VA 001f3000"));
	free(a);
	a = run_sample("seed-pae-3-touched.dmp", "!pte 0 7fffffff");
	contains(a, "(the first 256 of 524288 pages; give a smaller range");
	free(a);
	a = run_sample("seed-pae-3-touched.dmp", "!pte2va c0000f88");
	assert_string_equal(a, "001f1000\n");
	free(a);
	a = run_sample("seed-x64-3-touched.dmp", "!pte2va FFFFD98000000F88");
	assert_string_equal(a, "00000000001f1000\n");
	free(a);
	/* the PXE of the self-map entry itself, and a kernel VA (sign) */
	a = run_sample("seed-x64-3-touched.dmp", "!pte2va FFFFD9ECF67B3000");
	assert_string_equal(a, "ffffd9ecf6600000\n");
	free(a);
	a = run_sample("seed-x64-3-touched.dmp", "!pte FFFFD98000000F80");
	contains(a, "VA 00000000001f0000\n");
	free(a);
	struct session *s = sample_session("seed-pae-3-touched.dmp");
	struct outbuf out;
	struct err e;
	ob_init(&out);
	assert_int_equal(cmd_run(s, "!pte2va 1f0000", &out, &e), -1);
	contains(e.msg, "not the address of a PTE in the Windows self-map");
	/* !vtop PFN VA, WinDbg's form; the DirBase itself; neither */
	assert_int_equal(cmd_run(s, "!vtop 7f2124c0 1f0000", &out, &e), 0);
	contains(ob_str(&out), "translates to physical address 69fc8000.");
	ob_fini(&out);
	ob_init(&out);
	assert_int_equal(cmd_run(s, "!vtop 7f212 1f0000", &out, &e), 0);
	contains(ob_str(&out), "(7f212 read as a PFN: DirBase 7f212000; a PAE "
		 "DirBase is a 32-byte table");
	ob_fini(&out);
	ob_init(&out);
	assert_int_equal(cmd_run(s, "!vtop 12345678 1f0000", &out, &e), -1);
	contains(e.msg, "names no table in the dump");
	ob_fini(&out);
	sess_free(s);
	s = sample_session("seed-x64-3-touched.dmp");
	ob_init(&out);
	assert_int_equal(cmd_run(s, "!vtop 1aa 1f0000", &out, &e), 0);
	contains(ob_str(&out), "pagedir 00000000001aa000\n");
	contains(ob_str(&out), "translates to physical address 2fc8000.");
	ob_fini(&out);
	sess_free(s);
}

/* The PFN entry beside the frame: the physical panel's two lines, and
 * rmap checking the entry's PteAddress against the tables. */
static void pfn_entry_beside_the_frame(void **st)
{
	(void)st;
	struct session *s = sample_session("seed-pae-3-touched.dmp");
	struct err e;
	char l[2][64];
	assert_int_equal(win_pfn_lines(win_get(s, &e), 0x69fc8, l), 2);
	assert_string_equal(l[0], "MMPFN 84B979E0 Active M s1 r1");
	assert_string_equal(l[1], "pte C0000F80 restore 80 in 6a1a6");
	/* beyond the PFN database's mapped pages: no lines */
	assert_int_equal(win_pfn_lines(win_get(s, &e), 0x12345, l), 0);
	char *t = run(s, "rmap 69fc8");
	contains(t, "PFN database: PteAddress C0000F80 is the PTE of VA "
		 "001f0000: it maps this frame (agrees)\n");
	free(t);
	/* another process's tables: the entry's PTE is not theirs */
	free(run(s, ".process smss.exe"));
	t = run(s, "rmap 69fc8");
	contains(t, "0 virtual pages map pfn 69fc8\n");
	contains(t, "these tables do not map this frame there");
	free(t);
	sess_free(s);
	/* the reserved image: the PFN entries are zeroed, nothing to check */
	t = run_sample("seed-pae-1-reserved.dmp", "rmap 69fc8");
	assert_null(strstr(t, "PFN database"));
	free(t);
}

/* A mapped view's file, through Subsection, ControlArea, FilePointer
 * and FileName; a hostile chain gives no name, never a crash. */
static void mapped_files_are_named(void **st)
{
	(void)st;
	char *t = run_sample("seed-pae-3-touched.dmp", "!vad");
	contains(t, "863c7030 ( 2)        102        102          0 Mapped       "
		 "READONLY           \\Windows\\Fonts\\StaticCache.dat\n");
	contains(t, "Mapped  Exe  EXECUTE_WRITECOPY  "
		 "\\Users\\student\\pagefault.exe\n");
	free(t);
	t = run_sample("seed-pae-3-touched.dmp", "!address 1140000");
	contains(t, "Image Path:             \\Users\\student\\pagefault.exe\n");
	free(t);
	/* a Length far past the name: the name, up to its end */
	const struct patch q = { 0x863c80b0, 0, 0xfffefffe };
	t = run_sample(patched("seed-pae-3-touched.dmp", &q, 1), "!vad");
	contains(t, "READONLY           \\Windows\\Fonts\\StaticCache.dat\n");
	free(t);
	/* a Buffer in user space, a FilePointer back to the subsection, a
	 * ControlArea outside kernel space: no name */
	const struct patch p[][1] = {
		{ { 0x863c80b4, 0, 0x00100000 } },
		{ { 0x863c8060, 0, 0x863c8000 } },
		{ { 0x863c8000, 0, 0x00001000 } },
	};
	for (size_t i = 0; i < 3; i++) {
		t = run_sample(patched("seed-pae-3-touched.dmp", p[i], 1), "!vad");
		contains(t, "863c7030 ( 2)        102        102          0 Mapped"
			 "       READONLY\n");
		free(t);
	}
}

/* Guard and decommitted pages: a demand-zero PTE with MM_GUARD_PAGE
 * (the seed's stack guard at 17c), a PTE holding MM_DECOMMIT, and a VAD
 * whose protection carries PAGE_GUARD over pages with no PTE yet. */
static void guard_and_decommitted(void **st)
{
	(void)st;
	struct session *s = sample_session("seed-pae-3-touched.dmp");
	assert_int_equal(os_attach_current(s), 0);
	char *t = run(s, "states 17c000 L1");
	contains(t, "guard");
	free(t);
	sess_free(s);
	/* PTE of 1f4000 (C0000FA0) := MM_DECOMMIT (0x10 << 5); the PEB's VAD
	 * (863c70d0) protection := 0x14 (guard, read-write) */
	const struct patch p[2] = { { 0xc0000fa0, 0, 0x200 },
				    { 0x863c70d0 + 0x14, 0, 0x94800001 } };
	s = sample_session(patched("seed-pae-3-touched.dmp", p, 2));
	assert_int_equal(os_attach_current(s), 0);
	enum pgstate v[1];
	pgstate_of_range(s, 0x1f4000, 1, v);
	assert_int_equal(v[0], PGS_DECOMMITTED);
	pgstate_of_range(s, 0x1f5000, 1, v);
	assert_int_equal(v[0], PGS_RESERVED);
	pgstate_of_range(s, 0x7ffd5000, 1, v);
	assert_int_equal(v[0], PGS_GUARD);
	t = run(s, "!address 7ffd5000");
	contains(t, "00000104          PAGE_READWRITE|PAGE_GUARD");
	free(t);
	sess_free(s);
}

static int setup(void **st)
{
	(void)st;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/pw-test-windows-XXXXXX");
	return mkdtemp(tmpdir) ? 0 : -1;
}

/* Every file the tests left there (the --builds images, hostile.dmp). */
static int teardown(void **st)
{
	char path[600];
	DIR *d = opendir(tmpdir);
	struct dirent *de;

	(void)st;
	while (d && (de = readdir(d)))
		if (de->d_name[0] != '.') {
			snprintf(path, sizeof(path), "%s/%s", tmpdir, de->d_name);
			unlink(path);
		}
	if (d)
		closedir(d);
	rmdir(tmpdir);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(processes_as_windbg_lists_them),
		cmocka_unit_test(vads_in_address_order),
		cmocka_unit_test(pfn_as_the_seed_prints_it),
		cmocka_unit_test(reserved_versus_free),
		cmocka_unit_test(process_switch_by_pid_and_name),
		cmocka_unit_test(hostile_process_lists),
		cmocka_unit_test(linux_commands_on_a_windows_dump),
		cmocka_unit_test(hostile_vad_trees),
		cmocka_unit_test(a_million_vads_on_x64),
		cmocka_unit_test(vad_forms_windbg_takes),
		cmocka_unit_test(regions_as_vadump_lists_them),
		cmocka_unit_test(unknown_builds),
		cmocka_unit_test(no_process_list),
		cmocka_unit_test(every_layout),
		cmocka_unit_test(shipped_x64_samples),
		cmocka_unit_test(registers_from_the_context_record),
		cmocka_unit_test(windbg_address_forms),
		cmocka_unit_test(pfn_entry_beside_the_frame),
		cmocka_unit_test(mapped_files_are_named),
		cmocka_unit_test(guard_and_decommitted),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
