/* The command table, the tokenizer and WinDbg-style number parsing. */
#include "config.h"

#include "cmd.h"

#include "linux.h"
#include "os.h"
#include "windows.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cjson.h"
#include "session.h"

#define MAX_ARGS 16

static int cmd_help(struct session *, int, char **, struct outbuf *,
		    struct err *);

static const struct cmd table[] = {
	{ "!pte", "!pte VA [END|1]", "show the paging entries of VA, WinDbg "
	  "layout; a PTE's address in the Windows self-map: the VA it maps; "
	  "END above VA: every page to END; 1: VA taken as it is", 1, 2,
	  cmd_pte },
	{ "!pte2va", "!pte2va PTE", "the VA a PTE's address in the Windows "
	  "self-map stands for", 1, 1, cmd_pte2va },
	{ "!vtop", "!vtop [PFN|CR3] VA", "translate VA step by step "
	  "(PFN: the DirBase's frame, as WinDbg; or the DirBase; 0: the "
	  "current)", 1, 2, cmd_vtop },
	{ "pte", "pte VALUE [LEVEL]", "decode a raw entry in the current mode",
	  1, 2, cmd_pte_decode },
	{ "fields", "fields VALUE [STRUCT]", "an entry as named bit fields, as "
	  "WinDbg's dx shows _MMPTE_HARDWARE, _SOFTWARE, _TRANSITION or "
	  "_PROTOTYPE (STRUCT: hardware, software, transition, prototype)", 1, 2,
	  cmd_fields },
	{ "explain", "explain VA", "the walk of VA told step by step: the VA's "
	  "fields, each entry's address and meaning, the permissions", 1, 1,
	  cmd_explain },
	{ "db", "db VA [L n]", "bytes at a virtual address", 1, 3, cmd_dump },
	{ "dw", "dw VA [L n]", "words at a virtual address", 1, 3, cmd_dump },
	{ "dd", "dd VA [L n]", "dwords at a virtual address", 1, 3, cmd_dump },
	{ "dq", "dq VA [L n]", "qwords at a virtual address", 1, 3, cmd_dump },
	{ "!db", "!db PA [L n]", "bytes at a physical address", 1, 3, cmd_dump },
	{ "!dw", "!dw PA [L n]", "words at a physical address", 1, 3, cmd_dump },
	{ "!dd", "!dd PA [L n]", "dwords at a physical address", 1, 3, cmd_dump },
	{ "!dq", "!dq PA [L n]", "qwords at a physical address", 1, 3, cmd_dump },
	{ "map", "map [VA] [L n] [qemu|tlb|all]", "mapped ranges merged by "
	  "flags (qemu: as QEMU's info mem; tlb: each mapping, as info tlb; "
	  "all: every range with what it is: mapped, a hole and the level "
	  "whose entry is empty, a table not in the dump, the non-canonical "
	  "gap, a minidump's uncaptured region)", 0, 4,
	  cmd_map },
	{ "diff", "diff [VA] [L n]", "what changed since the dump given with "
	  "--diff: every entry whose value changed and every page whose bytes "
	  "did", 0, 3, cmd_diff },
	{ "states", "states VA [L n]", "page states of n pages (16) from VA, "
	  "in runs: resident, demand-zero, reserved, free...", 1, 3,
	  cmd_states },
	{ "rmap", "rmap PFN", "the virtual pages that map a frame", 1, 1,
	  cmd_rmap },
	{ ".cr3", ".cr3 [VALUE [MODE]]", "show or switch the page-table root",
	  0, 2, cmd_cr3 },
	{ ".process", ".process [EPROCESS|/p PID|IMAGE|PID|COMM]", "switch "
	  "to a process's address space (Windows: an EPROCESS, /p and a "
	  "process id, or an image name; Linux: a pid or comm); its VADs or "
	  "VMAs give page states", 0, -1, cmd_process },
	{ "spaces", "spaces", "the address spaces shown so far (CR3, mode, "
	  "areas, name); .cr3 or .process goes back to one", 0, 0,
	  cmd_spaces },
	{ "ps", "ps", "processes from the dump: Windows: Cid, parent, "
	  "session, image, DirBase, EPROCESS; Linux: pid, ppid, state, comm, "
	  "page-table root, task, mm", 0, 0, cmd_ps },
	{ "maps", "maps [PID|COMM]", "a Linux task's VMAs as /proc/PID/maps "
	  "shows them", 0, 1, cmd_maps },
	{ "!address", "!address VA", "what holds VA: Windows: its region "
	  "(base, size, MEM_RESERVE / COMMIT / FREE, protection, type) from "
	  "the process's VADs, or a minidump's MemoryInfoList; Linux: its VMA "
	  "or the kernel's region", 1, 1,
	  cmd_address },
	{ "!process", "!process [0 FLAGS [IMAGE]|-1|EPROCESS|PID|/p PID] "
	  "[FLAGS]", "Windows processes as WinDbg lists them (0 0: all, or "
	  "those of IMAGE; -1 0 or nothing: the current one; flag 0's block "
	  "whatever the flags)", 0, -1, cmd_wprocess },
	{ "!vad", "!vad [EPROCESS|/p PID|IMAGE|VAD [0|1]|VA 1]", "a Windows "
	  "process's VADs (the current one's): start and end pages, commit, "
	  "type, protection; a VAD: the subtree under it, 1: that VAD in "
	  "detail (VA 1: the VAD holding VA)", 0, -1, cmd_vad },
	{ "!vadump", "!vadump [-v]", "every region of a Windows process's "
	  "user half, free, reserved or committed, as WinDbg's !vadump "
	  "lists them (-v: with each allocation's base and protection)", 0,
	  1, cmd_vadump },
	{ "!pfn", "!pfn PFN", "the frame's entry in the Windows PFN "
	  "database: counts, PTE address, restore PTE, list, flags", 1, 1,
	  cmd_pfn },
	{ "page", "page PFN", "the frame's struct page: flags, counts, "
	  "mapping (Linux)", 1, 1, cmd_page },
	{ "ksym", "ksym NAME|ADDR", "a Linux kernel symbol's address, or "
	  "the symbol at an address", 1, 1, cmd_ksym },
	{ "dtbscan", "dtbscan", "find page-table roots in the image, ranked",
	  0, 0, cmd_dtbscan },
	{ "search", "search PATTERN", "find hex bytes (61 62) or \"text\" "
	  "after the cursor", 1, -1, cmd_search },
	{ "searchback", "searchback PATTERN", "the last hit before the "
	  "cursor (mapped pages only); moves the cursor there", 1, -1,
	  cmd_search },
	{ "searchall", "searchall PATTERN", "every hit in the address space, "
	  "each with its PA", 1, -1, cmd_search_all },
	{ "!search", "!search PATTERN", "every hit in physical memory", 1, -1,
	  cmd_search_phys },
	{ "r", "r [REG]", "the CPU registers the dump holds (QEMU note, "
	  "NT_PRSTATUS, a Windows dump's context record); in addresses: @rip, "
	  "@rsp, @cr2, @cr3 (@eip, @esp on 32-bit)", 0, 1, cmd_regs },
	{ "info", "info", "what was detected in the dump", 0, 0, cmd_info },
	{ "help", "help", "list the commands", 0, 0, cmd_help },
};

const struct cmd *cmd_table(size_t *n)
{
	*n = sizeof(table) / sizeof(table[0]);
	return table;
}

static int cmd_help(struct session *s, int argc, char **argv,
		    struct outbuf *out, struct err *e)
{
	(void)s; (void)argc; (void)argv; (void)e;
	json_t *ja = cj_result(out) ? json_array() : NULL;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		ob_printf(out, "%-20s %s\n", table[i].usage, table[i].help);
		if (!ja)
			continue;
		json_t *c = json_object();
		json_object_set_new(c, "name", json_string(table[i].name));
		json_object_set_new(c, "usage", json_string(table[i].usage));
		json_object_set_new(c, "help", json_string(table[i].help));
		json_array_append_new(ja, c);
	}
	if (ja)
		json_object_set_new(cj_result(out), "commands", ja);
	ob_puts(out, "Numbers are hex by default (0n10 is decimal); "
		"64-bit values may use a backquote: fffff680`00000000.\n");
	return 0;
}

static int parse_term(const char *p, size_t n, uint64_t *out)
{
	char buf[40];
	size_t k = 0;
	int base = 16;

	if (n >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		p += 2;
		n -= 2;
	} else if (n >= 2 && p[0] == '0' && (p[1] == 'n' || p[1] == 'N')) {
		p += 2;
		n -= 2;
		base = 10;
	}
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '`')
			continue;
		if (k + 1 >= sizeof(buf))
			return -1;
		buf[k++] = p[i];
	}
	buf[k] = '\0';
	if (k == 0 || k > (base == 16 ? 16u : 20u))
		return -1;
	for (size_t i = 0; i < k; i++)
		if (base == 16 ? !isxdigit((unsigned char)buf[i]) :
		    !isdigit((unsigned char)buf[i]))
			return -1;
	char *end;
	errno = 0;
	unsigned long long v = strtoull(buf, &end, base);
	if (*end || errno == ERANGE)	/* 20 digits may not fit */
		return -1;
	*out = v;
	return 0;
}

/* The session whose symbols name addresses in numbers (set by cmd_run
 * and cmd_parse_va for the duration of one parse or command). */
static struct session *sym_sess;

/* @rip, @rsp, @cr3 ... (or @eip, @esp, @efl: the low half) from the
 * dump's CPU state, when the dump holds that register. */
static int reg_term(const char *p, size_t n, uint64_t *v)
{
	const struct fmt_source *src = sym_sess ? sess_source(sym_sess) : NULL;
	char name[8];

	if (!src || !src->has_regs || n < 3 || n > 7 || p[0] != '@')
		return -1;
	snprintf(name, sizeof(name), "%.*s", (int)n - 1, p + 1);
	for (unsigned i = 0; fmt_reg_name(i); i++) {
		bool low = fmt_reg_name32(i) && !strcasecmp(fmt_reg_name32(i),
							    name);
		if ((low || !strcasecmp(fmt_reg_name(i), name)) &&
		    (src->regs_valid & 1u << i)) {
			*v = low ? src->regs[i] & 0xffffffffu : src->regs[i];
			return 0;
		}
	}
	return -1;
}

static int term(const char *p, size_t n, uint64_t *v)
{
	if (parse_term(p, n, v) == 0 || reg_term(p, n, v) == 0)
		return 0;
	return sym_sess ? lx_symbol(sym_sess, p, n, v) : -1;
}

int cmd_parse_va(struct session *s, const char *str, uint64_t *out,
		 struct err *e)
{
	struct session *was = sym_sess;

	sym_sess = s;
	int rc = cmd_parse_num(str, out, e);
	sym_sess = was;
	return rc;
}

int cmd_parse_num(const char *s, uint64_t *out, struct err *e)
{
	uint64_t total = 0;
	const char *p = s;
	int sign = 1;

	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
	}
	for (;;) {
		size_t n = strcspn(p, "+-");
		uint64_t v;
		if (term(p, n, &v) < 0)
			return err_set(e, "'%s' is not a 64-bit number (hex by "
				       "default, 0n for decimal)%s", s,
				       sym_sess ? ", a kernel symbol or @register"
				       : "");
		total = sign > 0 ? total + v : total - v;
		p += n;
		if (!*p)
			break;
		sign = *p == '-' ? -1 : 1;
		p++;
	}
	*out = total;
	return 0;
}

int cmd_parse_len(int argc, char **argv, int i, uint64_t *count,
		  struct err *e)
{
	if (i >= argc)
		return 0;
	const char *a = argv[i];
	if (a[0] != 'L' && a[0] != 'l')
		return err_set(e, "unexpected '%s' (expected L n)", a);
	const char *num = a[1] ? a + 1 : (i + 1 < argc ? argv[i + 1] : NULL);
	if (!num)
		return err_set(e, "L needs a count");
	if ((a[1] && i + 1 < argc) || (!a[1] && i + 2 < argc))
		return err_set(e, "too many arguments");
	if (cmd_parse_num(num, count, e) < 0)
		return -1;
	if (*count == 0)
		return err_set(e, "a count of 0 shows nothing");
	return 0;
}

const char *cmd_fmt_va(const struct session *s, uint64_t va, char *buf)
{
	const struct pt_mode_desc *d = sess_mode(s);

	if (d && d->va_bits == 32)
		snprintf(buf, 20, "%08" PRIx64, va & 0xFFFFFFFFu);
	else
		snprintf(buf, 20, "%08" PRIx64 "`%08" PRIx64, va >> 32,
			 va & 0xFFFFFFFFu);
	return buf;
}

static int tokenize(char *line, char **argv)
{
	int argc = 0;
	char *save;

	/* strtok_r: a caller may be splitting lines with strtok */
	for (char *p = strtok_r(line, " \t\r\n", &save); p;
	     p = strtok_r(NULL, " \t\r\n", &save)) {
		if (argc == MAX_ARGS)
			return -1;
		argv[argc++] = p;
	}
	return argc;
}

static int run(struct session *s, const char *line, struct outbuf *out,
	       struct err *e);

int cmd_run(struct session *s, const char *line, struct outbuf *out,
	    struct err *e)
{
	struct session *was = sym_sess;

	sym_sess = s;
	int rc = run(s, line, out, e);
	sym_sess = was;
	return rc;
}

static int run(struct session *s, const char *line, struct outbuf *out,
	       struct err *e)
{
	char *copy = strdup(line), *argv[MAX_ARGS];
	int rc = -1;

	if (!copy)
		return err_set(e, "out of memory");
	/* A command that takes the rest of the line (a search pattern,
	 * blanks and all) gets it whole as argv[1]. */
	size_t name = strspn(copy, " \t"), len = strcspn(copy + name, " \t\r\n");
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		char *rest = copy + name + len;
		if (table[i].max_args >= 0 || strlen(table[i].name) != len ||
		    strncasecmp(table[i].name, copy + name, len) != 0)
			continue;
		if (*rest)
			*rest++ = '\0';
		rest += strspn(rest, " \t");
		rest[strcspn(rest, "\r\n")] = '\0';
		argv[0] = copy + name;
		argv[1] = rest;
		if (!*rest && table[i].min_args > 0) {
			err_set(e, "usage: %s", table[i].usage);
			goto done;
		}
		rc = table[i].fn(s, *rest ? 2 : 1, argv, out, e);
		if (rc < 0)
			err_prefix(e, "%s", table[i].name);
		goto done;
	}
	int argc = tokenize(copy, argv);
	if (argc < 0) {
		err_set(e, "too many arguments");
		goto done;
	}
	if (argc == 0) {
		rc = 0;
		goto done;
	}
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct cmd *c = &table[i];
		if (strcasecmp(c->name, argv[0]) != 0)
			continue;
		if (argc - 1 < c->min_args || argc - 1 > c->max_args) {
			err_set(e, "usage: %s", c->usage);
			goto done;
		}
		rc = c->fn(s, argc, argv, out, e);
		if (rc < 0)
			err_prefix(e, "%s", c->name);
		goto done;
	}
	err_set(e, "unknown command '%s' (try help)", argv[0]);
done:
	free(copy);
	return rc;
}
