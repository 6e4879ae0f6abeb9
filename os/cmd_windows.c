/* Windows commands: !process, !vad, !pfn, !address, and .process by
 * EPROCESS, PID or image name (doc/WINDOWS.md).  The layouts follow
 * WinDbg's, so the seed's lines can be compared as they are. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "cmd.h"
#include "pgstate.h"
#include "region.h"
#include "session.h"
#include "windows.h"

/* The Windows facts, and, when the build is not in the table and a
 * nearer one's layout was taken (it reads the process list), a first line
 * saying so: what is read through it may not be this build's. */
static struct win *need_win(struct session *s, struct outbuf *out,
			    struct err *e)
{
	if (sess_need_root(s, e) < 0)
		return NULL;
	struct win *w = win_get(s, e);
	if (w && out && win_layout_guessed(w)) {
		ob_printf(out, "(%s)\n", win_layout_note(w));
		if (cj_result(out))
			json_object_set_new(cj_result(out), "layout_note",
					    cj_text(win_layout_note(w)));
	}
	return w;
}

/* The user half of the address space: where VADs live. */
static uint64_t user_top(const struct win *w)
{
	return win_ptr_size(w) == 8 ? 0x0000800000000000ull : 0x80000000u;
}

/* The process the session shows (its DirectoryTableBase is the root). */
static int current(struct session *s, struct win *w, struct win_proc *p,
		   struct err *e)
{
	return win_proc_of_root(w, pt_root(sess_ctx(s)), p, e);
}

/* ------------------------------------------------------------------ */
/* !process */

static void proc_block(struct session *s, const struct win *w,
		       const struct win_proc *p, struct outbuf *out)
{
	bool x64 = win_ptr_size(w) == 8;
	char sid[16], hc[32];

	(void)s;
	/* a session whose id the layout cannot find: "?" */
	if (p->has_session_id)
		snprintf(sid, sizeof(sid), "%" PRIu32, p->session_id);
	else
		snprintf(sid, sizeof(sid), p->session ? "?" : "none");
	if (p->has_handles)
		snprintf(hc, sizeof(hc), "%3" PRIu32 ".", p->handles);
	else
		snprintf(hc, sizeof(hc), "<Data Not Accessible>");
	/* WinDbg's layouts: one header line on x86, two on x64 */
	if (x64)
		ob_printf(out, "PROCESS %016" PRIx64 "\n    SessionId: %s  Cid: "
			  "%04" PRIx64 "    Peb: %08" PRIx64 "  ParentCid: %04"
			  PRIx64 "\n    DirBase: %08" PRIx64 "  ObjectTable: %016"
			  PRIx64 "  HandleCount: %s\n", p->eprocess, sid, p->pid,
			  p->peb, p->ppid, p->dtb, p->object_table, hc);
	else
		ob_printf(out, "PROCESS %08" PRIx64 "  SessionId: %s  Cid: %04"
			  PRIx64 "    Peb: %08" PRIx64 "  ParentCid: %04" PRIx64
			  "\n    DirBase: %08" PRIx64 "  ObjectTable: %08" PRIx64
			  "  HandleCount: %s\n", p->eprocess, sid, p->pid, p->peb,
			  p->ppid, p->dtb, p->object_table, hc);
	ob_printf(out, "    Image: %s\n\n", p->image);
}

static json_t *proc_json(const struct win_proc *p)
{
	json_t *o = json_object();

	json_object_set_new(o, "eprocess", cj_hex(p->eprocess));
	json_object_set_new(o, "pid", cj_hex(p->pid));
	json_object_set_new(o, "parent_pid", cj_hex(p->ppid));
	json_object_set_new(o, "session_id", p->has_session_id ?
			    json_integer(p->session_id) : json_null());
	json_object_set_new(o, "peb", cj_hex(p->peb));
	json_object_set_new(o, "directory_table_base", cj_hex(p->dtb));
	json_object_set_new(o, "object_table", cj_hex(p->object_table));
	json_object_set_new(o, "handle_count", p->has_handles ?
			    json_integer(p->handles) : json_null());
	json_object_set_new(o, "image", cj_text(p->image));
	return o;
}

/* The words of a command's arguments into t (n of them, at most 63
 * characters each), and the process they start with into key: one word,
 * or two for "/p PID" (or "pid PID").  Returns the index of the first
 * word after it. */
static int process_words(const char *args, char t[][64], size_t n,
			 char *key, size_t len)
{
	size_t w = 0;

	for (const char *p = args; w < n; w++) {
		int used = 0;
		t[w][0] = 0;
		if (p && sscanf(p, "%63s%n", t[w], &used) == 1)
			p += used;
		else
			p = NULL;
	}
	int k = !strcmp(t[0], "/p") || !strcmp(t[0], "pid") ? 2 : 1;
	snprintf(key, len, "%s%s%s", t[0], k == 2 ? " " : "",
		 k == 2 ? t[1] : "");
	return k;
}

/* !process as WinDbg takes it: "0 Flags [IMAGE]" (every process, or
 * those of that image), "-1 [Flags]" or nothing (the current one),
 * "Process [Flags]" with Process an EPROCESS or a process id (and, as
 * .process takes them, "/p PID" or an image name).  Every form prints
 * flag 0's block: a line says so when other flags are given, as
 * threads, times and statistics are not read. */
int cmd_wprocess(struct session *s, int argc, char **argv,
		 struct outbuf *out, struct err *e)
{
	struct win *w = need_win(s, out, e);
	char t[5][64] = { "" }, key[140];
	uint64_t flags = 0;

	if (!w)
		return -1;
	int k = process_words(argc > 1 ? argv[1] : NULL, t, 5, key,
			      sizeof(key));
	if (k == 1 && t[0][0] == '/')
		return err_set(e, "%s: of the options only /p PID is read",
			       t[0]);
	bool all = !strcmp(key, "0");
	const char *image = all ? t[2] : "";
	if (t[k][0] && cmd_parse_num(t[k], &flags, e) < 0)
		return err_set(e, "flags '%s' are not a number", t[k]);
	if (t[k + 1 + (all && image[0])][0])
		return err_set(e, "too many words (%s)",
			       t[k + 1 + (all && image[0])]);
	json_t *ja = cj_result(out) ? json_array() : NULL;
	if (ja)
		json_object_set_new(cj_result(out), "processes", ja);
	if (all) {
		struct win_proc *v;
		size_t n;
		const char *note;
		if (win_procs(w, &v, &n, &note, e) < 0)
			return -1;
		ob_puts(out, "**** NT ACTIVE PROCESS DUMP ****\n");
		for (size_t i = 0; i < n; i++) {
			if (image[0] && strcasecmp(image, v[i].image))
				continue;
			proc_block(s, w, &v[i], out);
			if (ja)
				json_array_append_new(ja, proc_json(&v[i]));
		}
		if (note)
			ob_printf(out, "(%s)\n", note);
		free(v);
	} else {
		struct win_proc p;
		int rc = !key[0] || !strcmp(key, "-1") ? current(s, w, &p, e) :
			 win_proc_find(w, key, &p, e);
		if (rc < 0)
			return -1;
		proc_block(s, w, &p, out);
		if (ja)
			json_array_append_new(ja, proc_json(&p));
	}
	if (flags)
		ob_printf(out, "(flags %" PRIx64 ": the block is flag 0's; "
			  "threads, times and statistics are not read)\n",
			  flags);
	return 0;
}

/* ps: one line per process, the one shown marked; the Cid first (the
 * interface's pick list switches with .process /p CID). */
int cmd_wps(struct session *s, int argc, char **argv, struct outbuf *out,
	    struct err *e)
{
	struct win *w = need_win(s, out, e);
	struct win_proc *v;
	size_t n;
	const char *note;
	char ep[24];

	(void)argc;
	(void)argv;
	if (!w || win_procs(w, &v, &n, &note, e) < 0)
		return -1;
	uint64_t cur = pt_root(sess_ctx(s));
	ob_printf(out, "  %6s %6s %7s %-16s %-10s %s\n", "CID", "PARENT",
		  "SESSION", "IMAGE", "DIRBASE", "EPROCESS");
	json_t *arr = cj_result(out) ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		char sid[12] = "-";
		if (!v[i].has_session_id && v[i].session)
			sid[0] = '?';
		if (v[i].has_session_id)
			snprintf(sid, sizeof(sid), "%" PRIu32, v[i].session_id);
		ob_printf(out, "%c %6" PRIx64 " %6" PRIx64 " %7s %-16s %-10" PRIx64
			  " %s\n", pt_root(&(struct pt_ctx){ sess_ctx(s)->pte,
							     v[i].dtb }) == cur ?
			  '>' : ' ', v[i].pid, v[i].ppid, sid, v[i].image,
			  v[i].dtb, cmd_fmt_va(s, v[i].eprocess, ep));
		if (arr)
			json_array_append_new(arr, proc_json(&v[i]));
	}
	ob_printf(out, "%zu processes%s%s\n", n, note ? "; " : "",
		  note ? note : "");
	if (arr) {
		json_object_set_new(cj_result(out), "processes", arr);
		if (note)
			json_object_set_new(cj_result(out), "note", cj_text(note));
	}
	free(v);
	return 0;
}

/* ------------------------------------------------------------------ */
/* !vad */

static const char *vad_type(const struct win_vad *v)
{
	return v->private_mem ? "Private" : v->type == 2 ? "Mapped  Exe" :
	       "Mapped";
}

/* One VAD in detail (!vad VAD 1): WinDbg's first line, then what the
 * table reads of it. */
static void vad_detail(struct outbuf *out, int aw, const struct win_vad *v)
{
	char pb[48];

	ob_printf(out, "VAD @ %0*" PRIx64 "\n", aw, v->node);
	ob_printf(out, "  Start VPN: %10" PRIx64 "  End VPN: %10" PRIx64
		  "  Commit Charge: %" PRIu64 "\n", v->start, v->end,
		  v->commit);
	ob_printf(out, "  %s  %s  %s  level %u\n", vad_type(v),
		  win_prot_name(v->protection, pb, sizeof(pb)),
		  !v->private_mem ? "a view" : v->mem_commit ?
		  "committed when created (MEM_COMMIT)" :
		  "reserved when created (MEM_RESERVE)", v->level);
	if (v->file[0])
		ob_printf(out, "  File: %s\n", v->file);
}

/* !vad as WinDbg takes it, and by process: nothing (the current
 * process's tree), a process (EPROCESS, id, /p PID, image name), a VAD
 * of the current process ("VAD-Root [Flag]": with 0 the subtree under it,
 * with 1 that VAD alone in detail), or "Address 1": the VAD holding a
 * user address, in detail. */
int cmd_vad(struct session *s, int argc, char **argv, struct outbuf *out,
	    struct err *e)
{
	struct win *w = need_win(s, out, e);
	struct win_proc p;
	struct win_vad *v;
	size_t n, lo = 0, hi = 0;
	const char *note;
	char pb[48], t[3][64] = { "", "", "" }, key[140];
	uint64_t num = 0, flag = 0;
	bool one = false, sub = false;

	if (!w)
		return -1;
	int k = process_words(argc > 1 ? argv[1] : NULL, t, 3, key,
			      sizeof(key));
	if (t[k][0]) {
		if (cmd_parse_num(t[k], &flag, e) < 0 || flag > 1)
			return err_set(e, "flag '%s': 0 (a tree) or 1 (one VAD)",
				       t[k]);
		if (k == 1 && t[2][0])
			return err_set(e, "too many words (%s)", t[2]);
	}
	/* a number with flag 1, or one that is no process: a VAD, or an
	 * address, of the current process */
	struct err pe;
	bool isnum = k == 1 && key[0] && cmd_parse_num(key, &num, &pe) == 0;
	if (key[0] && !(flag && isnum) && win_proc_find(w, key, &p, &pe) == 0)
		;
	else if (key[0] && !isnum)
		return err_set(e, "%s", pe.msg);
	else if (current(s, w, &p, e) < 0)
		return -1;
	else
		sub = key[0] != 0;
	if (win_vads(w, &p, &v, &n, &note, e) < 0)
		return -1;
	bool x64 = win_ptr_size(w) == 8;
	int aw = x64 ? 16 : 8;
	hi = n;
	if (sub) {
		size_t at = n;
		for (size_t i = 0; i < n && at == n; i++)
			if (v[i].node == num || (flag && v[i].start <= num >> 12 &&
						 num >> 12 <= v[i].end))
				at = i;
		if (at == n) {
			free(v);
			return flag ? err_set(e, "%s is no VAD of %s, nor an "
					      "address in one", key, p.image) :
			       err_set(e, "%s is no process, nor a VAD of %s (an "
				       "address in one takes flag 1)", key,
				       p.image);
		}
		one = flag == 1;
		lo = at;
		hi = at + 1;
		/* else the subtree under it: in address order, the run around
		 * it of VADs deeper than it */
		while (!one && lo > 0 && v[lo - 1].level > v[at].level)
			lo--;
		while (!one && hi < n && v[hi].level > v[at].level)
			hi++;
	}
	json_t *ja = cj_result(out) ? json_array() : NULL;
	if (one)
		vad_detail(out, aw, &v[lo]);
	else
		ob_printf(out, "%-*s level      start      end    commit\n", aw,
			  "VAD");
	unsigned maxd = 0;
	uint64_t sum = 0;
	for (size_t i = lo; i < hi; i++) {
		if (!one)
			ob_printf(out, "%0*" PRIx64 " (%2u) %10" PRIx64 " %10"
				  PRIx64 " %10" PRIu64 " %-12s %-*s%s%s\n", aw,
				  v[i].node, v[i].level, v[i].start, v[i].end,
				  v[i].commit, vad_type(&v[i]),
				  v[i].file[0] ? 18 : 0,
				  win_prot_name(v[i].protection, pb, sizeof(pb)),
				  v[i].file[0] ? " " : "", v[i].file);
		sum += v[i].level;
		maxd = v[i].level > maxd ? v[i].level : maxd;
		if (!ja)
			continue;
		json_t *o = json_object();
		json_object_set_new(o, "vad", cj_hex(v[i].node));
		json_object_set_new(o, "level", json_integer(v[i].level));
		json_object_set_new(o, "start_vpn", cj_hex(v[i].start));
		json_object_set_new(o, "end_vpn", cj_hex(v[i].end));
		json_object_set_new(o, "commit", json_integer(
					    (json_int_t)v[i].commit));
		json_object_set_new(o, "type", json_string(vad_type(&v[i])));
		json_object_set_new(o, "protection", json_string(
			win_prot_name(v[i].protection, pb, sizeof(pb))));
		json_object_set_new(o, "committed_at_creation",
				    json_boolean(v[i].mem_commit));
		if (v[i].file[0])
			json_object_set_new(o, "file", json_string(v[i].file));
		json_array_append_new(ja, o);
	}
	if (!one)
		ob_printf(out, "\nTotal VADs: %5zu, average level: %4" PRIu64
			  ", maximum depth: %u\n", hi - lo, hi > lo ?
			  (sum + (hi - lo) / 2) / (hi - lo) : 0, maxd);
	if (note)
		ob_printf(out, "(%s)\n", note);
	if (ja) {
		json_object_set_new(cj_result(out), "eprocess", cj_hex(p.eprocess));
		json_object_set_new(cj_result(out), "vads", ja);
	}
	free(v);
	return 0;
}

/* ------------------------------------------------------------------ */
/* !pfn */

static const char *const location_name[8] = {
	"Zeroed", "Free", "Standby", "Modified", "ModNoWrt", "Bad", "Active",
	"Transition",
};

const char *win_pfn_location(unsigned location)
{
	return location_name[location & 7];
}

unsigned win_pfn_lines(struct win *w, uint64_t pfn, char lines[2][64])
{
	struct win_pfn p;
	struct err e;

	if (!w || win_pfn(w, pfn, &p, &e) < 0)
		return 0;
	/* an active page's blink is its share count */
	snprintf(lines[0], 64, "MMPFN %" PRIX64 " %s%s s%" PRIu64 " r%u",
		 p.addr, location_name[p.location], p.modified ? " M" : "",
		 p.location == 6 ? p.blink : 0, p.refcount);
	snprintf(lines[1], 64, "pte %" PRIX64 " restore %" PRIx64 " in %" PRIx64,
		 p.pte_address, p.original_pte, p.pte_frame);
	return 2;
}

void win_rmap_check(struct session *s, uint64_t pfn, struct outbuf *out)
{
	struct err e;
	struct win *w = sess_ctx(s)->pte.os == PW_OS_WINDOWS ? win_get(s, &e) :
			NULL;
	struct win_pfn p;
	uint64_t va;
	struct pt_walk wk;
	char vb[24];

	if (!w || win_pfn(w, pfn, &p, &e) < 0 || !p.pte_address)
		return;
	json_t *j = cj_result(out) ? json_object() : NULL;
	if (j) {
		json_object_set_new(j, "pte_address", cj_hex(p.pte_address));
		json_object_set_new(cj_result(out), "pfn_database", j);
	}
	if (p.prototype || sess_selfmap_inverse(s, p.pte_address, &va) < 0) {
		ob_printf(out, "PFN database: PteAddress %" PRIX64 " is %s\n",
			  p.pte_address, p.prototype ? "a prototype PTE (a shared "
			  "page: no one VA)" : "not in the self-map");
		return;
	}
	sess_walk(s, va, &wk);
	bool agrees = wk.stop == PT_OK && wk.pa >> 12 == pfn;
	if (j) {
		json_object_set_new(j, "va", cj_hex(va));
		json_object_set_new(j, "agrees", json_boolean(agrees));
	}
	ob_printf(out, "PFN database: PteAddress %" PRIX64 " is the PTE of VA "
		  "%s: %s\n", p.pte_address, cmd_fmt_va(s, va, vb), agrees ?
		  "it maps this frame (agrees)" : "these tables do not map this "
		  "frame there (another process's PTE, or a stale entry)");
}

static const char *const cache_name[4] = {
	"NonCached", "Cached", "WriteComb", "NotMapped",
};

int cmd_pfn(struct session *s, int argc, char **argv, struct outbuf *out,
	    struct err *e)
{
	struct win *w = need_win(s, out, e);
	struct win_pfn p;
	uint64_t pfn;

	(void)argc;
	if (!w || cmd_parse_num(argv[1], &pfn, e) < 0 || win_pfn(w, pfn, &p, e) < 0)
		return -1;
	bool x64 = win_ptr_size(w) == 8;
	/* WinDbg's letters after the list, then the flags in words */
	char letters[8] = "", words[96] = "";
	size_t k = 0;
	const struct { char c; const char *word; bool on; } fl[] = {
		{ 'W', "WriteInProgress", p.write_in_progress },
		{ 'M', "Modified", p.modified },
		{ 'R', "ReadInProgress", p.read_in_progress },
		{ 'P', "Shared", p.prototype },
		{ 'E', "InPageError", p.in_page_error },
	};
	for (size_t i = 0; i < sizeof(fl) / sizeof(fl[0]); i++) {
		if (!fl[i].on)
			continue;
		letters[strlen(letters)] = fl[i].c;
		k = fmt_join(words, sizeof(words), k, " ", fl[i].word);
	}
	if (x64)
		ob_printf(out, "    PFN %08" PRIX64 " at address %016" PRIX64 "\n"
			  "    flink       %08" PRIX64 "  blink / share count %016"
			  PRIX64 "  pteaddress %016" PRIX64 "\n", p.pfn, p.addr,
			  p.flink, p.blink, p.pte_address);
	else
		ob_printf(out, "    PFN %08" PRIX64 " at address %08" PRIX64 "\n"
			  "    flink       %08" PRIX64 "  blink / share count %08"
			  PRIX64 "  pteaddress %08" PRIX64 "\n", p.pfn, p.addr,
			  p.flink, p.blink, p.pte_address);
	ob_printf(out, "    reference count %04X   %-10s color %X   Priority %u\n",
		  p.refcount, cache_name[p.cache], p.color, p.priority);
	ob_printf(out, "    restore pte %08" PRIX64 "  containing page %06" PRIX64
		  "  %-10s %s\n", p.original_pte, p.pte_frame,
		  location_name[p.location], letters);
	if (words[0])
		ob_printf(out, "    %s\n", words);
	json_t *r = cj_result(out);
	if (r) {
		json_object_set_new(r, "pfn", cj_hex(p.pfn));
		json_object_set_new(r, "address", cj_hex(p.addr));
		json_object_set_new(r, "flink", cj_hex(p.flink));
		json_object_set_new(r, "blink_or_share_count", cj_hex(p.blink));
		json_object_set_new(r, "pte_address", cj_hex(p.pte_address));
		json_object_set_new(r, "reference_count", json_integer(p.refcount));
		json_object_set_new(r, "cache", json_string(cache_name[p.cache]));
		json_object_set_new(r, "color", json_integer(p.color));
		json_object_set_new(r, "priority", json_integer(p.priority));
		json_object_set_new(r, "restore_pte", cj_hex(p.original_pte));
		json_object_set_new(r, "containing_page", cj_hex(p.pte_frame));
		json_object_set_new(r, "list", json_string(location_name[p.location]));
		json_object_set_new(r, "flags", cj_text(words));
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* Areas: a process's VADs as the session's view of its user half */

static unsigned access_of(unsigned prot)
{
	/* the base protection (3 bits): NO_ACCESS, R, X, RX, RW, WC, RWX,
	 * XWC as read / write / execute; NO_ACCESS and DECOMMIT: none */
	static const unsigned rwx[8] = { 0, 1, 4, 5, 3, 3, 7, 7 };
	return (prot & 0x18) == 0x18 || prot == 0x10 ? 0 : rwx[prot & 7];
}

static size_t attach(struct session *s, struct win *w,
		     const struct win_proc *p)
{
	char name[48];
	struct win_vad *v;
	size_t n = 0;
	const char *note;
	struct err e;

	snprintf(name, sizeof(name), "%s (%04" PRIx64 ")", p->image, p->pid);
	if (win_vads(w, p, &v, &n, &note, &e) < 0) {
		sess_set_areas(s, NULL, 0, 0, 0, name);
		return 0;
	}
	struct os_area *a = calloc(n ? n : 1, sizeof(*a));
	for (size_t i = 0; a && i < n; i++) {
		a[i].start = v[i].start << 12;
		a[i].end = (v[i].end + 1) << 12;
		a[i].prot = access_of(v[i].protection);
		a[i].file = !v[i].private_mem;
		/* private and not committed when created: its pages are
		 * reserved until committed one by one (their entries say) */
		a[i].reserved = v[i].private_mem && !v[i].mem_commit;
		a[i].protect = win_prot_page(v[i].protection);
		a[i].node = v[i].node;
	}
	if (a)
		sess_set_areas(s, a, n, 0, user_top(w), name);
	free(v);
	return a ? n : 0;
}

int win_attach_current(struct session *s)
{
	struct err e;
	struct win *w;
	struct win_proc p;

	if (sess_space_name(s) || !sess_has_root(s) || !(w = win_get(s, &e)) ||
	    current(s, w, &p, &e) < 0)
		return -1;
	attach(s, w, &p);
	return 0;
}

int win_switch(struct session *s, const char *key, struct outbuf *out,
	       struct err *e)
{
	struct win *w = need_win(s, out, e);
	struct win_proc p;
	char vb[24];

	if (!w || win_proc_find(w, key, &p, e) < 0)
		return -1;
	if (sess_set_cr3(s, p.dtb, e) < 0)
		return err_prefix(e, "PROCESS %s (%s)", cmd_fmt_va(s, p.eprocess, vb),
				  p.image);
	size_t nv = attach(s, w, &p);
	ob_printf(out, "Implicit process is now %s (%s, Cid %04" PRIx64 ", DirBase "
		  "%" PRIx64 "); %zu VADs give page states\n",
		  cmd_fmt_va(s, p.eprocess, vb), p.image, p.pid, p.dtb, nv);
	json_t *r = cj_result(out);
	if (r) {
		json_object_set_new(r, "eprocess", cj_hex(p.eprocess));
		json_object_set_new(r, "directory_table_base", cj_hex(p.dtb));
		json_object_set_new(r, "process", proc_json(&p));
		json_object_set_new(r, "vads", json_integer((json_int_t)nv));
	}
	return 0;
}

/* ------------------------------------------------------------------ */
/* !address */

static void size_line(struct outbuf *out, uint64_t size)
{
	double kb = (double)size / 1024.0;
	if (kb >= 1024.0)
		ob_printf(out, "Region Size:            %08" PRIx64 " (%8.3f MB)\n",
			  size, kb / 1024.0);
	else
		ob_printf(out, "Region Size:            %08" PRIx64 " (%8.3f kB)\n",
			  size, kb);
}

/* The PAGE_* protection of a committed page of a private VAD, as Windows
 * keeps it: a non-present entry's own protection field (demand-zero,
 * transition, paged out, guard: VirtualProtect writes it there); for a
 * valid 4 KiB page, the OriginalPte of its PFN entry, when that entry
 * names this PTE (the hardware bits do not say it: Windows tracks
 * dirtiness in the write bit, and 32-bit non-PAE paging has no execute
 * bit); 0 when neither says. */
static uint32_t page_protect(struct session *s, struct win *w,
			     const struct pt_walk *wk)
{
	const struct pte_info *at = &wk->lv[wk->stop_lvl].info;
	struct win_pfn p;
	struct pte_info o;
	struct err e;
	uint64_t pte_va;

	if (wk->stop == PT_NOT_PRESENT)
		return at->has_prot ? win_prot_page(at->prot) : 0;
	if (wk->stop != PT_OK || wk->page_shift != 12 || wk->nlv < 2 ||
	    sess_selfmap_va(s, wk->nlv - 1, wk->va, &pte_va) < 0 ||
	    win_pfn(w, wk->pa >> 12, &p, &e) < 0 || p.pte_address != pte_va)
		return 0;
	pte_decode(&sess_ctx(s)->pte, PTE_ROLE_LEAF, p.original_pte, &o);
	return !o.present && o.has_prot ? win_prot_page(o.prot) : 0;
}

/* What splits a private VAD into regions, as VirtualQuery splits it: the
 * page reserved (an empty entry or table in a reserve-only VAD, or a
 * decommitted one: 0) or committed, with its protection (its own, else
 * the VAD's, with bit 31 set); *lo, *hi: the span around va whose every
 * page shares it (a walk's span: a reservation of terabytes has few
 * tables). */
static uint32_t page_key(struct session *s, struct win *w,
			 const struct win_vad *vad, uint64_t va, uint64_t *lo,
			 uint64_t *hi, uint64_t *walks)
{
	struct pt_walk wk;
	(*walks)++;
	sess_walk(s, va, &wk);
	enum pgstate st = pgstate_of_walk(&wk);
	uint64_t span = pt_walk_span(sess_mode(s), &wk);
	*lo = va & ~(span - 1);
	*hi = *lo + span;
	if (st == PGS_RESERVED || st == PGS_DECOMMITTED ||
	    (!vad->mem_commit && (st == PGS_NOT_COMMITTED ||
				  st == PGS_NO_TABLE || st == PGS_FREE)))
		return 0;
	uint32_t prot = page_protect(s, w, &wk);
	return 0x80000000u | (prot ? prot : win_prot_page(vad->protection));
}

/* What !address says of a range, in WinDbg's layout (and --json). */
struct addr_info {
	const char *usage;
	uint64_t base, end, alloc_base;
	uint32_t state, protect, type, alloc_protect;
	bool cut;	/* measured no further than REGION_WALKS allowed */
};

/* The walks one !address or !vadump takes at most to measure regions
 * (0.3 s): a region in the same state has a walk per page where tables
 * are present, and a hostile dump can alias one empty table under every
 * 2 MB of a VAD of terabytes.  4M pages is 16 GB of 4 KB pages mapped
 * whole. */
#define REGION_WALKS (UINT64_C(1) << 22)

/* A region's members in --json (!address, !vadump): its base, then
 * where it ends (extent_key: "end" or "size"), state, protection, type
 * and allocation base. */
static void region_json(json_t *r, const struct addr_info *a,
			const char *extent_key, uint64_t extent)
{
	json_object_set_new(r, "base", cj_hex(a->base));
	json_object_set_new(r, extent_key, cj_hex(extent));
	json_object_set_new(r, "state", json_string(region_state_name(a->state)));
	json_object_set_new(r, "protect", a->protect ? cj_hex(a->protect) :
			    json_null());
	json_object_set_new(r, "type", a->type ?
			    json_string(region_type_name(a->type)) : json_null());
	json_object_set_new(r, "allocation_base", a->state != FMT_MEM_FREE ?
			    cj_hex(a->alloc_base) : json_null());
}

static void address_print(struct outbuf *out, int aw,
			  const struct addr_info *a)
{
	char pb[64];
	json_t *r = cj_result(out);

	ob_printf(out, "Usage:                  %s\n", a->usage);
	ob_printf(out, "Base Address:           %0*" PRIx64 "\n", aw, a->base);
	ob_printf(out, "End Address:            %0*" PRIx64 "\n", aw, a->end);
	size_line(out, a->end - a->base);
	ob_printf(out, "State:                  %08" PRIx32 "          %s\n",
		  a->state, region_state_name(a->state));
	if (a->protect)
		ob_printf(out, "Protect:                %08" PRIx32 "          %s\n",
			  a->protect, region_protect_name(a->protect, pb,
							  sizeof(pb)));
	else
		ob_printf(out, "Protect:                <info not present at the "
			  "target>\n");
	if (a->type)
		ob_printf(out, "Type:                   %08" PRIx32 "          %s\n",
			  a->type, region_type_name(a->type));
	else
		ob_printf(out, "Type:                   <info not present at the "
			  "target>\n");
	if (a->state != FMT_MEM_FREE) {
		ob_printf(out, "Allocation Base:        %0*" PRIx64 "\n", aw,
			  a->alloc_base);
		ob_printf(out, "Allocation Protect:     %08" PRIx32 "          %s\n",
			  a->alloc_protect, region_protect_name(a->alloc_protect,
								pb, sizeof(pb)));
	}
	if (r)
		region_json(r, a, "end", a->end);
}

static const char *usage_of(uint32_t type)
{
	return type == FMT_MEM_IMAGE ? "Image" :
	       type == FMT_MEM_MAPPED ? "MappedFile" : "<unknown>";
}

/* The region holding va in the user half, as VirtualQuery reports it:
 * between the VADs around it (free), a VAD whole (mapped, image, or
 * private committed when created), or the run of pages around va in the
 * same state in a private VAD committed page by page, measured a walk's
 * span at a time (a reservation of terabytes has few tables).  v: the
 * process's n VADs in address order; *vad: the index of va's, n when
 * free. */
static void region_at(struct session *s, struct win *w,
		      const struct win_vad *v, size_t n, uint64_t va,
		      struct addr_info *a, size_t *vad, uint64_t *walks)
{
	uint64_t vpn = va >> 12;
	size_t i = 0, past = n;

	memset(a, 0, sizeof(*a));
	/* the first VAD not wholly below va (they are in address order and
	 * apart: the walk cuts the tree where they are not); !vadump asks
	 * for every region, of up to a million VADs */
	while (i < past) {
		size_t mid = i + (past - i) / 2;
		if (v[mid].end < vpn)
			i = mid + 1;
		else
			past = mid;
	}
	*vad = i;
	if (i == n || v[i].start > vpn) {
		*vad = n;
		a->base = i ? (v[i - 1].end + 1) << 12 : 0;
		a->end = i < n ? v[i].start << 12 : user_top(w);
		a->state = FMT_MEM_FREE;
		a->protect = 0x01;
		a->usage = "Free";
		return;
	}
	a->alloc_base = v[i].start << 12;
	a->alloc_protect = win_prot_page(v[i].protection);
	a->type = v[i].private_mem ? FMT_MEM_PRIVATE : v[i].type == 2 ?
		  FMT_MEM_IMAGE : FMT_MEM_MAPPED;
	a->base = a->alloc_base;
	a->end = (v[i].end + 1) << 12;
	a->state = FMT_MEM_COMMIT;
	a->protect = a->alloc_protect;
	if (v[i].private_mem) {
		uint64_t lo, hi, l, h;
		uint32_t key = page_key(s, w, &v[i], va, &lo, &hi, walks);
		a->base = lo > a->alloc_base ? lo : a->alloc_base;
		while (a->base > a->alloc_base && !a->cut) {
			if (*walks >= REGION_WALKS)
				a->cut = true;
			else if (page_key(s, w, &v[i], a->base - 4096, &l, &h,
					  walks) != key)
				break;
			else
				a->base = l > a->alloc_base ? l : a->alloc_base;
		}
		uint64_t top = hi < a->end ? hi : a->end;
		while (top < a->end && !a->cut) {
			if (*walks >= REGION_WALKS)
				a->cut = true;
			else if (page_key(s, w, &v[i], top, &l, &h, walks) != key)
				break;
			else
				top = h < a->end ? h : a->end;
		}
		a->end = top;
		a->state = key ? FMT_MEM_COMMIT : FMT_MEM_RESERVE;
		a->protect = key & 0x7fffffffu;
	}
	a->usage = usage_of(a->type);
}

/* A region measured no further than the walk budget: its bounds are
 * where the measuring stopped. */
static void cut_note(struct outbuf *out, uint64_t walks)
{
	char note[224];

	snprintf(note, sizeof(note), "the region was measured over %" PRIu64
		 " page-table walks and goes on past its bounds: a table is "
		 "under every page, as when one table is aliased", walks);
	ob_printf(out, "(%s)\n", note);
	if (cj_result(out))
		json_object_set_new(cj_result(out), "cut", json_string(note));
}

int cmd_waddress(struct session *s, int argc, char **argv, struct outbuf *out,
		 struct err *e)
{
	struct win *w = need_win(s, out, e);
	struct win_proc p;
	struct win_vad *v;
	size_t n, i;
	const char *note;
	uint64_t va;
	char a1[24];

	(void)argc;
	if (!w || cmd_parse_num(argv[1], &va, e) < 0 || current(s, w, &p, e) < 0)
		return -1;
	if (va >= user_top(w))
		return err_set(e, "%s is in kernel space: !address describes a "
			       "process's user half (VADs)", cmd_fmt_va(s, va, a1));
	if (win_vads(w, &p, &v, &n, &note, e) < 0)
		return -1;
	int aw = win_ptr_size(w) == 8 ? 16 : 8;
	struct addr_info a;
	uint64_t walks = 0;
	region_at(s, w, v, n, va, &a, &i, &walks);
	address_print(out, aw, &a);
	if (a.state != FMT_MEM_FREE) {
		ob_printf(out, "VAD:                    %0*" PRIx64 " (%s)\n", aw,
			  v[i].node, p.image);
		/* WinDbg's lines for what the view maps */
		if (v[i].file[0])
			ob_printf(out, "%s%s\n", a.type == FMT_MEM_IMAGE ?
				  "Image Path:             " :
				  "Mapped file name:       ", v[i].file);
		if (cj_result(out) && v[i].file[0])
			json_object_set_new(cj_result(out), "file",
					    json_string(v[i].file));
	}
	if (a.cut)
		cut_note(out, walks);
	free(v);
	return 0;
}

/* !vadump [-v]: every region of the current process's user half, from
 * address 0 to its top, in the layout of WinDbg's !vadump (the regions
 * VirtualQuery would give; -v adds the allocation's base and
 * protection).  A reserved region has no Protect line: VirtualQuery
 * leaves it undefined. */
int cmd_vadump(struct session *s, int argc, char **argv, struct outbuf *out,
	       struct err *e)
{
	struct win *w = need_win(s, out, e);
	struct win_proc p;
	struct win_vad *v;
	size_t n, i, count = 0;
	const char *note;
	char pb[64];
	bool verbose = false;

	if (argc > 1) {
		if (strcmp(argv[1], "-v"))
			return err_set(e, "'%s': the one option is -v", argv[1]);
		verbose = true;
	}
	if (!w || current(s, w, &p, e) < 0 ||
	    win_vads(w, &p, &v, &n, &note, e) < 0)
		return -1;
	int aw = win_ptr_size(w) == 8 ? 16 : 8;
	json_t *ja = cj_result(out) ? json_array() : NULL;
	if (ja)
		json_object_set_new(cj_result(out), "regions", ja);
	uint64_t walks = 0;
	for (uint64_t va = 0; va < user_top(w); count++) {
		struct addr_info a;
		region_at(s, w, v, n, va, &a, &i, &walks);
		if (count)
			ob_puts(out, "\n");
		ob_printf(out, "BaseAddress:       %0*" PRIx64 "\n", aw, a.base);
		if (verbose)
			ob_printf(out, "AllocationBase:    %0*" PRIx64 "\n", aw,
				  a.alloc_base);
		if (verbose && a.state != FMT_MEM_FREE)
			ob_printf(out, "AllocationProtect: %08" PRIx32 "  %s\n",
				  a.alloc_protect, region_protect_name(
				  a.alloc_protect, pb, sizeof(pb)));
		ob_printf(out, "RegionSize:        %0*" PRIx64 "\n", aw,
			  a.end - a.base);
		ob_printf(out, "State:             %08" PRIx32 "  %s\n", a.state,
			  region_state_name(a.state));
		if (a.protect)
			ob_printf(out, "Protect:           %08" PRIx32 "  %s\n",
				  a.protect, region_protect_name(a.protect, pb,
								  sizeof(pb)));
		if (a.type)
			ob_printf(out, "Type:              %08" PRIx32 "  %s\n",
				  a.type, region_type_name(a.type));
		if (ja) {
			json_t *r = json_object();
			region_json(r, &a, "size", a.end - a.base);
			json_object_set_new(r, "vad", i < n ? cj_hex(v[i].node) :
					    json_null());
			json_array_append_new(ja, r);
		}
		if (a.end <= va) {	/* a VAD that ends before it starts */
			ob_printf(out, "(stopped at %0*" PRIx64 ": the VAD there "
				  "ends before it starts)\n", aw, va);
			break;
		}
		if (a.cut) {	/* the budget is spent: no region after */
			cut_note(out, walks);
			break;
		}
		va = a.end;
	}
	if (note)
		ob_printf(out, "(%s)\n", note);
	free(v);
	return 0;
}

/* A user-mode minidump: its MemoryInfoList says what holds va, as the
 * process's VirtualQuery did when the dump was written. */
int cmd_maddress(struct session *s, int argc, char **argv, struct outbuf *out,
		 struct err *e)
{
	const struct fmt_source *src = sess_source(s);
	uint64_t va;
	struct addr_info a = { 0 };

	(void)argc;
	if (cmd_parse_num(argv[1], &va, e) < 0)
		return -1;
	if (!src->nregions)
		return err_set(e, "this minidump has no MemoryInfoList: nothing "
			       "says what holds %" PRIx64 " (map lists what was "
			       "captured)", va);
	int aw = src->mode == PW_MODE_X86 || src->mode == PW_MODE_PAE ? 8 : 16;
	const struct fmt_region *r = fmt_region_find(src, va);
	if (!r) {
		/* not listed: free, between the regions around it */
		a.base = 0;
		a.end = UINT64_MAX;
		for (size_t k = 0; k < src->nregions; k++) {
			const struct fmt_region *q = &src->regions[k];
			if (q->base + q->size <= va && q->base + q->size > a.base)
				a.base = q->base + q->size;
			if (q->base > va && q->base < a.end)
				a.end = q->base;
		}
		a.state = FMT_MEM_FREE;
		a.protect = 0x01;
		a.usage = "Free";
	} else {
		a.base = r->base;
		a.end = r->base + r->size;
		a.state = r->state;
		a.protect = r->state == FMT_MEM_COMMIT ? r->protect : 0;
		a.type = r->state == FMT_MEM_FREE ? 0 : r->type;
		a.alloc_base = r->alloc_base;
		a.alloc_protect = r->alloc_protect;
		a.usage = r->state == FMT_MEM_FREE ? "Free" : usage_of(r->type);
		if (r->state == FMT_MEM_FREE)
			a.protect = 0x01;
	}
	address_print(out, aw, &a);
	return 0;
}
