/* Linux from the dump alone, against the guest's own record: the shared
 * x64-linux-os guest (an ELF core with VMCOREINFO) and its report.log -
 * kernel symbols (KSYM), the workload's /proc/1/maps (MAPS), status
 * (STATUS), pagemap (PM) of the regions it made (REGION).  Then the same
 * dump with hostile bytes patched in (a task list that loops, maple
 * nodes that contain themselves or have pivots out of order, kallsyms
 * and BTF that do not decode): bounded, with a message, and page tables
 * still work.  Skips (77) without the data or xz. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "le.h"
#include "linux.h"
#include "linux_guest.h"
#include "pgstate.h"
#include "session.h"
#include "view.h"

static const char *elf;
static char copy[256];	/* a writable copy for the hostile cases */

static struct session *open_dump(const char *path)
{
	struct sess_opts o = { 0 };
	struct session *s;
	struct err e;

	if (sess_open(path, &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	return s;
}

static struct lx *linux_of(struct session *s)
{
	struct err e;
	struct lx *l = lx_get(s, &e);

	if (!l)
		fail_msg("%s", e.msg);
	return l;
}

/* Run a command; its text (caller frees). */
static char *run(struct session *s, const char *line, bool ok)
{
	struct outbuf out;
	struct err e;

	ob_init(&out);
	int rc = cmd_run(s, line, &out, &e);
	if (ok && rc < 0)
		fail_msg("%s: %s", line, e.msg);
	if (!ok && rc == 0)
		fail_msg("%s: succeeded on hostile input", line);
	char *t = strdup(rc < 0 ? e.msg : ob_str(&out));
	ob_fini(&out);
	return t;
}

/* The report's lines that start with tag+' ', tag and space cut off,
 * joined with newlines (caller frees). */
static char *report(const char *tag)
{
	FILE *f = lg_report();
	char line[4096];
	size_t tl = strlen(tag), cap = 1 << 16, n = 0;
	char *all = calloc(1, cap);

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, tag, tl) || line[tl] != ' ')
			continue;
		size_t l = strlen(line + tl + 1);
		assert_true(n + l + 1 < cap);
		memcpy(all + n, line + tl + 1, l + 1);
		n += l;
	}
	fclose(f);
	return all;
}

static void symbols_match_the_guest(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	struct lx *l = linux_of(s);
	char *k = report("KSYM"), *save = NULL;
	int n = 0, same = 0;

	for (char *ln = strtok_r(k, "\n", &save); ln;
	     ln = strtok_r(NULL, "\n", &save)) {
		uint64_t addr;
		char type, name[128];
		if (sscanf(ln, "%" SCNx64 " %c %127s", &addr, &type, name) != 3)
			continue;
		n++;
		const struct ksym *y = ksyms_find(lx_syms(l), name);
		if (y && y->addr == addr && y->type == type)
			same++;
		else
			printf("# %s: guest %" PRIx64 " %c, pagewalk %" PRIx64 " %c\n",
			       name, addr, type, y ? y->addr : 0, y ? y->type : '-');
	}
	printf("# kernel symbols: %d of %d as the guest's /proc/kallsyms\n", same,
	       n);
	assert_true(n >= 20);
	assert_int_equal(same, n);
	/* in expressions */
	char *t = run(s, "db linux_banner+6 L 7", true);
	assert_non_null(strstr(t, "version"));
	free(t);
	/* registers from the QEMU note, as the guest's registers.txt */
	t = run(s, "r", true);
	assert_non_null(strstr(t, "rip=0000000000401d7e"));
	assert_non_null(strstr(t, "rsp=00007fffb1b037e0"));
	assert_non_null(strstr(t, "cr3=00000000061c0000"));
	free(t);
	t = run(s, "!address @rip", true);
	assert_non_null(strstr(t, "Usage:        file /workload"));
	free(t);
	t = run(s, "ksym @rip", false);
	assert_non_null(strstr(t, "is a user address"));
	free(t);
	free(k);
	sess_free(s);
}

static void ps_finds_the_workload(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	struct lx *l = linux_of(s);
	struct lx_task *t;
	size_t n;
	const char *note;
	struct err e;

	assert_int_equal(lx_tasks(l, &t, &n, &note, &e), 0);
	assert_null(note);
	assert_true(n > 10);
	assert_int_equal(t[0].pid, 0);	/* init_task: swapper/0 */
	assert_string_equal(t[0].comm, "swapper/0");
	char *status = report("STATUS");
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		if (t[i].pid == 1)
			w = i;
	assert_true(w > 0);
	char name[64];
	snprintf(name, sizeof(name), "Name:\t%s\n", t[w].comm);
	assert_non_null(strstr(status, name));
	char ppid[64], state[64];
	snprintf(ppid, sizeof(ppid), "PPid:\t%d\n", t[w].ppid);
	assert_non_null(strstr(status, ppid));
	snprintf(state, sizeof(state), "State:\t%c ", t[w].state);
	assert_non_null(strstr(status, state));
	/* its mm's pgd is the CR3 the dump was taken with */
	assert_int_equal(t[w].pgd_pa, pt_root(sess_ctx(s)));
	printf("# ps: %zu tasks; pid 1 %s, ppid %d, state %c, pgd %" PRIx64 "\n",
	       n, t[w].comm, t[w].ppid, t[w].state, t[w].pgd_pa);
	free(status);
	free(t);
	sess_free(s);
}

static void maps_is_the_guests_own(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	char *want = report("MAPS");
	char *got = run(s, "maps 1", true);

	assert_string_equal(got, want);
	free(got);
	/* the default task is the one shown: the dump's CR3 is pid 1's */
	got = run(s, "maps", true);
	assert_string_equal(got, want);
	free(got);
	free(want);
	sess_free(s);
}

/* The guest's pagemap of each region, page by page, against the states
 * pagewalk gives once the VMAs are known. */
static void page_states_follow_the_vmas(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	char *t = run(s, ".process 1", true);
	free(t);
	char *pm = report("PM"), *maps = report("MAPS"), *save = NULL;
	int n = 0, same = 0, seen[PGS_COUNT] = { 0 };

	for (char *ln = strtok_r(pm, "\n", &save); ln;
	     ln = strtok_r(NULL, "\n", &save)) {
		char region[32];
		int idx, present;
		uint64_t va;
		if (sscanf(ln, "%31s %d %" SCNx64 " %*s present=%d", region, &idx,
			   &va, &present) != 4)
			continue;
		/* the VMA's permissions, from the guest's own maps */
		char perms[8] = "";
		bool file = false;
		char *m = maps;
		while (m && *m) {
			uint64_t lo, hi;
			char p[8];
			unsigned long off;
			int maj, min, ino = 0;
			if (sscanf(m, "%" SCNx64 "-%" SCNx64 " %7s %lx %x:%x %d", &lo,
				   &hi, p, &off, &maj, &min, &ino) == 7 &&
			    va >= lo && va < hi) {
				snprintf(perms, sizeof(perms), "%s", p);
				file = ino != 0;
			}
			m = strchr(m, '\n');
			m = m ? m + 1 : NULL;
		}
		struct pt_walk w;
		sess_walk(s, va, &w);
		enum pgstate got = pgstate_of_walk(&w);
		bool ok;
		if (present)
			ok = got == PGS_VALID || got == PGS_LARGE ||
			     got == PGS_PROTNONE;
		else if (!strncmp(perms, "---", 3))
			ok = got == PGS_RESERVED;
		else
			ok = got == (file ? PGS_FILE_UNREAD : PGS_DEMAND_ZERO);
		n++;
		same += ok;
		seen[got]++;
		if (!ok)
			printf("# %s %d %" PRIx64 ": present %d perms %s, pagewalk %s\n",
			       region, idx, va, present, perms,
			       pgstate_desc(got)->name);
	}
	printf("# page states: %d of %d pages as the guest's pagemap and maps "
	       "say (%d valid, %d large, %d demand-zero, %d reserved, %d "
	       "PROT_NONE)\n", same, n, seen[PGS_VALID], seen[PGS_LARGE],
	       seen[PGS_DEMAND_ZERO], seen[PGS_RESERVED], seen[PGS_PROTNONE]);
	assert_true(n >= 500);
	assert_int_equal(same, n);
	/* !pte says it in Linux's words */
	t = run(s, "!pte 7fbcd98c5000", true);
	assert_non_null(strstr(t, "Linux: reserved (PROT_NONE VMA, nothing committed); "
				  "VMA 7fbcd98c3000-7fbcd98cb000 --- anonymous"));
	free(t);
	/* the seed region: 4 touched, 4 committed, 8 reserved, then free */
	t = run(s, "states 7fbcd98bb000 L 18", true);
	assert_non_null(strstr(t, "24 pages: 4 valid; 4 demand-zero; 8 reserved;"
				  " 8 free;"));
	free(t);
	free(pm);
	free(maps);
	sess_free(s);
}

/* } stops at every VMA's start and end, even between VMAs of one state
 * and inside empty page-table subtrees. */
static void stepping_stops_at_every_vma_edge(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	char *t = run(s, ".process 1", true), *maps = report("MAPS");
	uint64_t stops[4096], va = 0;
	size_t n = 0;

	free(t);
	while (n < 4096 && view_next_change(s, va, 1, &va) && va < (1ull << 47))
		stops[n++] = va;
	int edges = 0, hit = 0;
	for (char *m = maps; m && *m;) {
		uint64_t lo, hi;
		if (sscanf(m, "%" SCNx64 "-%" SCNx64, &lo, &hi) == 2) {
			for (int k = 0; k < 2; k++) {
				uint64_t e = k ? hi : lo;
				bool found = false;
				for (size_t i = 0; i < n; i++)
					found |= stops[i] == e;
				edges++;
				hit += found;
				if (!found)
					printf("# no stop at %" PRIx64 "\n", e);
			}
		}
		m = strchr(m, '\n');
		m = m ? m + 1 : NULL;
	}
	printf("# stepping: %d of %d VMA edges are stops (%zu stops)\n", hit,
	       edges, n);
	assert_int_equal(hit, edges);
	free(maps);
	sess_free(s);
}

static void address_names_vmas_and_kernel_regions(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	struct lx *l = linux_of(s);
	static const struct { const char *line, *want; } c[] = {
		{ "!address 37d8a000", "Usage:        [heap]" },
		{ "!address 7fbcd94b7000", "Usage:        file /data.bin" },
		{ "!address 1000", "Usage:        free (no VMA)" },
		{ "!address init_task", "kernel data (kernel)" },
		{ "!address linux_banner", "kernel rodata (kernel)" },
		{ "!address entry_SYSCALL_64", "kernel text (kernel)" },
		{ "!address fffffe0000001000", "cpu_entry_area (kernel)" },
	};
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		char *t = run(s, c[i].line, true);
		if (!strstr(t, c[i].want))
			fail_msg("%s: no '%s' in:\n%s", c[i].line, c[i].want, t);
		free(t);
	}
	/* the direct map and vmemmap from their KASLR'd bases */
	struct lx_page p;
	struct err e;
	uint64_t lo, hi;
	assert_int_equal(lx_page(l, 0x29e8, &p, &e), 0);
	assert_string_equal(lx_region(l, p.addr, &lo, &hi), "vmemmap");
	struct lx_task t;
	assert_int_equal(lx_task_find(l, "1", &t, &e), 0);
	assert_string_equal(lx_region(l, t.mm, &lo, &hi), "direct map");
	sess_free(s);
}

/* The session keeps the spaces it has shown: back on pid 1's tables by
 * CR3 alone, its VMAs are there again. */
static void spaces_keep_their_areas(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	char *t;

	free(run(s, ".process 1", true));
	free(run(s, ".process kthreadd", true));
	t = run(s, "spaces", true);
	assert_non_null(strstr(t, "> 2a10000          x64       0  pid 2 kthreadd"));
	assert_non_null(strstr(t, "  61c0000          x64      18  pid 1 workload"));
	free(t);
	free(run(s, ".cr3 61c0000", true));
	t = run(s, "states 7fbcd98c3000 L1", true);
	assert_non_null(strstr(t, " r reserved"));
	free(t);
	t = run(s, "spaces", true);
	assert_non_null(strstr(t, "> 61c0000          x64      18  pid 1 workload"));
	free(t);
	sess_free(s);
}

static void page_shows_struct_page(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	struct lx *l = linux_of(s);
	struct lx_page p;
	struct err e;

	/* seed page 0: anonymous, at VA 7fbcd98bb000 (report PM seed 0) */
	assert_int_equal(lx_page(l, 0x29e8, &p, &e), 0);
	assert_string_equal(p.mapping_kind, "anon");
	assert_int_equal(p.index, 0x7fbcd98bb000ull >> 12);
	assert_int_equal(p.mapcount, 1);
	assert_true(p.refcount >= 1);
	assert_non_null(strstr(p.flag_names, "lru"));
	char *t = run(s, "page 29e8", true);
	assert_non_null(strstr(t, "anon"));
	free(t);
	/* frames past any physical address, or whose struct page is not in
	 * the dump: one message each */
	t = run(s, "page ffffffffffffff", false);
	assert_non_null(strstr(t, "beyond any physical address"));
	free(t);
	t = run(s, "page 10000000", false);
	assert_non_null(strstr(t, "is not in the dump"));
	free(t);
	sess_free(s);
}

static void info_names_the_kernel(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	char *t = run(s, "info", true), *u = report("UNAME");

	assert_non_null(strstr(t, "linux release  6.1.0-57-amd64"));
	assert_non_null(strstr(u, "6.1.0-57-amd64"));
	assert_non_null(strstr(t, "kaslr offset   28800000"));
	assert_non_null(strstr(t, "kernel BTF in the dump"));
	assert_non_null(strstr(t, "from the kernel's kallsyms tables"));
	free(t);
	free(u);
	sess_free(s);
}

/* --kallsyms (a System.map: not relocated) and --btf (a saved
 * /sys/kernel/btf/vmlinux), written from the dump itself, give the same
 * answers as the dump's own tables. */
static void kallsyms_and_btf_files_stand_in(void **st)
{
	(void)st;
	struct session *s = open_dump(elf);
	struct lx *l = linux_of(s);
	const struct ksyms *k = lx_syms(l);
	uint64_t kaslr;
	char map[300], btf[300];

	assert_true(fmt_vmcoreinfo(sess_source(s), "KERNELOFFSET", &kaslr));
	snprintf(map, sizeof(map), "%s.map", copy);
	snprintf(btf, sizeof(btf), "%s.btf", copy);
	FILE *f = fopen(map, "w");
	assert_non_null(f);
	fprintf(f, "junk line\n");
	for (size_t i = 0; i < k->n; i++)
		fprintf(f, "%016" PRIx64 " %c %s\n", k->sym[i].addr - kaslr,
			k->sym[i].type, k->sym[i].name);
	fclose(f);
	uint64_t a = ksyms_find(k, "__start_BTF")->addr,
		 b = ksyms_find(k, "__stop_BTF")->addr;
	char *blob = malloc(b - a);
	assert_int_equal(lx_read(l, a, blob, b - a), 0);
	f = fopen(btf, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(blob, 1, b - a, f), b - a);
	fclose(f);
	free(blob);
	sess_free(s);

	struct sess_opts o = { .btf = btf, .kallsyms = map };
	struct err e;
	if (sess_open(elf, &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	char *t = run(s, "info", true);
	assert_non_null(strstr(t, "from --kallsyms"));
	assert_non_null(strstr(t, "types          --btf"));
	free(t);
	char *want = report("MAPS");
	t = run(s, "maps 1", true);
	assert_string_equal(t, want);
	free(t);
	free(want);
	t = run(s, "ksym init_task", true);
	assert_non_null(strstr(t, "ffffffff`ab21aa40 D init_task"));
	free(t);
	sess_free(s);
	/* a file that is not BTF: one message, symbols still work */
	o.btf = map;
	if (sess_open(elf, &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	t = run(s, "ps", false);
	assert_non_null(strstr(t, "does not parse as BTF"));
	free(t);
	sess_free(s);
	remove(map);
	remove(btf);
}

/* ---- hostile bytes in a copy of the dump ---- */

/* File offset of PA in the ELF copy (its PT_LOAD headers). */
static long file_off(int fd, uint64_t pa)
{
	uint8_t h[64], ph[56];

	assert_int_equal(pread(fd, h, 64, 0), 64);
	uint64_t phoff = le_u64(h + 32);
	unsigned phnum = le_u16(h + 56);
	for (unsigned i = 0; i < phnum; i++) {
		assert_int_equal(pread(fd, ph, 56, (off_t)(phoff + i * 56ull)), 56);
		uint64_t off = le_u64(ph + 8), paddr = le_u64(ph + 24),
			 filesz = le_u64(ph + 32);
		if (le_u32(ph) == 1 && pa >= paddr && pa - paddr < filesz)
			return (long)(off + pa - paddr);
	}
	fail_msg("PA %" PRIx64 " is in no PT_LOAD", pa);
	return -1;
}

struct patch {
	int fd;
	long at;
	uint8_t old[8];
	size_t n;
};

/* Write n bytes of v at kernel VA va of the copy; undone by unpatch. */
static struct patch patch(struct lx *l, uint64_t va, uint64_t v, size_t n)
{
	struct patch p = { .n = n };
	uint64_t pa;
	uint8_t b[8];

	assert_int_equal(lx_pa(l, va, &pa), 0);
	p.fd = open(copy, O_RDWR);
	assert_true(p.fd >= 0);
	p.at = file_off(p.fd, pa);
	assert_int_equal(pread(p.fd, p.old, n, p.at), (ssize_t)n);
	for (size_t i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	assert_int_equal(pwrite(p.fd, b, n, p.at), (ssize_t)n);
	return p;
}

static void unpatch(struct patch *p)
{
	assert_int_equal(pwrite(p->fd, p->old, p->n, p->at), (ssize_t)p->n);
	close(p->fd);
}

static void a_looping_task_list_is_cut(void **st)
{
	(void)st;
	struct session *s = open_dump(copy);
	struct lx *l = linux_of(s);
	struct lx_task t1;
	struct err e;

	assert_int_equal(lx_task_find(l, "1", &t1, &e), 0);
	long off = lx_member(l, "task_struct", "tasks");
	assert_true(off > 0);
	/* pid 1's next is itself: the list never comes back to init_task */
	struct patch p = patch(l, t1.addr + (uint64_t)off,
			       t1.addr + (uint64_t)off, 8);
	sess_free(s);
	s = open_dump(copy);
	char *t = run(s, "ps", true);
	assert_non_null(strstr(t, "loops without coming back"));
	assert_non_null(strstr(t, "2 tasks;"));
	free(t);
	unpatch(&p);
	sess_free(s);
}

static void bad_maple_nodes_are_skipped(void **st)
{
	(void)st;
	struct session *s = open_dump(copy);
	struct lx *l = linux_of(s);
	struct lx_task t1;
	struct err e;
	uint64_t root;

	assert_int_equal(lx_task_find(l, "1", &t1, &e), 0);
	long mt = lx_member(l, "mm_struct", "mm_mt"),
	     rt = lx_member(l, "maple_tree", "ma_root"),
	     slot = lx_member(l, "maple_arange_64", "slot"),
	     piv = lx_member(l, "maple_arange_64", "pivot");
	assert_true(mt >= 0 && rt >= 0 && slot > 0 && piv > 0);
	assert_int_equal(lx_read_ptr(l, t1.mm + (uint64_t)(mt + rt), &root), 0);
	uint64_t node = root & ~0xFFull;
	/* a child slot pointing back at its own node */
	struct patch p = patch(l, node + (uint64_t)slot, root & ~3ull, 8);
	sess_free(s);
	s = open_dump(copy);
	char *t = run(s, "maps 1", true);
	assert_non_null(strstr(t, "# a maple node"));
	free(t);
	unpatch(&p);
	sess_free(s);
	/* pivots out of order: the first above the second */
	s = open_dump(copy);
	l = linux_of(s);
	p = patch(l, node + (uint64_t)piv, ~0ull - 1, 8);
	sess_free(s);
	s = open_dump(copy);
	t = run(s, "maps 1", true);
	assert_non_null(strstr(t, "# "));
	free(t);
	/* page tables do not depend on any of it */
	t = run(s, "!vtop 400000", true);
	assert_non_null(strstr(t, "translates to physical address"));
	free(t);
	unpatch(&p);
	sess_free(s);
}

/* A named anonymous VMA (prctl PR_SET_VMA_ANON_NAME): the workload has
 * none, so one is made by pointing the empty VMA after /workload's data
 * (004c6000) at a kernel string - linux_banner - as its anon_vma_name. */
static void a_named_anonymous_vma_reads_anon(void **st)
{
	(void)st;
	struct session *s = open_dump(copy);
	struct lx *l = linux_of(s);
	struct lx_task t1;
	struct lx_vma *v;
	size_t n;
	const char *note;
	struct err e;

	assert_int_equal(lx_task_find(l, "1", &t1, &e), 0);
	assert_int_equal(lx_vmas(l, t1.mm, &v, &n, &note, &e), 0);
	size_t i = 0;
	while (i < n && v[i].start != 0x4c6000)
		i++;
	assert_true(i < n);
	long an = lx_member(l, "vm_area_struct", "anon_name"),
	     nm = lx_member(l, "anon_vma_name", "name");
	assert_true(an > 0 && nm >= 0);
	uint64_t banner = ksyms_find(lx_syms(l), "linux_banner")->addr;
	struct patch p = patch(l, v[i].addr + (uint64_t)an,
			       banner - (uint64_t)nm, 8);
	free(v);
	sess_free(s);
	s = open_dump(copy);
	char *t = run(s, "maps 1", true);
	assert_non_null(strstr(t, "004c6000-004cb000 rw-p 00000000 00:00 0"
				  "                                  "
				  "[anon:Linux version 6.1.0-57-amd64"));
	free(t);
	unpatch(&p);
	sess_free(s);
}

static void bad_kallsyms_and_btf_give_one_message(void **st)
{
	(void)st;
	struct session *s = open_dump(copy);
	struct lx *l = linux_of(s);
	uint64_t num;
	const struct fmt_source *src = sess_source(s);

	assert_true(fmt_vmcoreinfo(src, "SYMBOL(kallsyms_num_syms)", &num));
	const struct ksym *bs = ksyms_find(lx_syms(l), "__start_BTF");
	assert_non_null(bs);
	uint64_t btf = bs->addr;
	struct patch p = patch(l, num, 0xffffffffu, 4);
	sess_free(s);
	s = open_dump(copy);
	char *t = run(s, "ps", false);
	assert_non_null(strstr(t, "kallsyms_num_syms is 4294967295: not plausible"));
	free(t);
	t = run(s, "!vtop 400000", true);	/* page tables still work */
	assert_non_null(strstr(t, "translates to physical address"));
	free(t);
	unpatch(&p);
	sess_free(s);
	/* BTF whose magic is wrong: symbols stay, types go, with why */
	s = open_dump(copy);
	l = linux_of(s);
	p = patch(l, btf, 0x1234, 2);
	sess_free(s);
	s = open_dump(copy);
	l = linux_of(s);
	assert_non_null(strstr(lx_btf_note(l), "do not parse as BTF"));
	t = run(s, "ps", false);
	assert_non_null(strstr(t, "no kernel types to find task_struct.tasks in"));
	free(t);
	t = run(s, "ksym init_task", true);
	assert_non_null(strstr(t, "init_task"));
	free(t);
	unpatch(&p);
	sess_free(s);
}

int main(void)
{
	const char *why = NULL;
	char cmd[1500];

	elf = lg_elf(&why);
	if (!elf) {
		printf("SKIP: %s\n", why);
		return 77;
	}
	snprintf(copy, sizeof(copy), "/tmp/pw-test-linux-%ld.elf", (long)getpid());
	snprintf(cmd, sizeof(cmd), "cp '%s' '%s'", elf, copy);
	if (system(cmd) != 0) {
		printf("SKIP: cannot copy the dump to /tmp\n");
		return 77;
	}
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(symbols_match_the_guest),
		cmocka_unit_test(ps_finds_the_workload),
		cmocka_unit_test(maps_is_the_guests_own),
		cmocka_unit_test(page_states_follow_the_vmas),
		cmocka_unit_test(stepping_stops_at_every_vma_edge),
		cmocka_unit_test(spaces_keep_their_areas),
		cmocka_unit_test(page_shows_struct_page),
		cmocka_unit_test(address_names_vmas_and_kernel_regions),
		cmocka_unit_test(info_names_the_kernel),
		cmocka_unit_test(kallsyms_and_btf_files_stand_in),
		cmocka_unit_test(a_looping_task_list_is_cut),
		cmocka_unit_test(bad_maple_nodes_are_skipped),
		cmocka_unit_test(a_named_anonymous_vma_reads_anon),
		cmocka_unit_test(bad_kallsyms_and_btf_give_one_message),
	};
	int rc = cmocka_run_group_tests_name("linux", tests, NULL, NULL);
	remove(copy);
	return rc;
}
