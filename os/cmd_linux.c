/* Linux commands: ksym, ps, maps, page, and .process PID|COMM
 * (doc/LINUX.md).  Each prints text and, under --json, fills its result. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "cmd.h"
#include "linux.h"
#include "pgstate.h"
#include "session.h"
#include "text.h"

static struct lx *need_lx(struct session *s, struct err *e)
{
	if (sess_need_root(s, e) < 0)
		return NULL;
	return lx_get(s, e);
}

int cmd_ksym(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	struct lx *l = need_lx(s, e);
	uint64_t a;
	char buf[24];

	(void)argc;
	if (!l)
		return -1;
	const struct ksyms *k = lx_syms(l);
	const struct ksym *hit = ksyms_find(k, argv[1]);
	if (!hit) {
		struct err pe;
		uint64_t lo, hi;
		if (cmd_parse_num(argv[1], &a, &pe) < 0)
			return err_set(e, "no kernel symbol '%s'", argv[1]);
		if (!strcmp(lx_region(l, a, &lo, &hi), "user"))
			return err_set(e, "%s is a user address: no kernel symbol",
				       cmd_fmt_va(s, a, buf));
		hit = ksyms_at(k, a);
		if (!hit)
			return err_set(e, "no kernel symbol at or below %s",
				       cmd_fmt_va(s, a, buf));
	} else {
		a = hit->addr;
	}
	ob_printf(out, "%s %c %s", cmd_fmt_va(s, hit->addr, buf), hit->type,
		  hit->name);
	if (a != hit->addr)
		ob_printf(out, "+0x%" PRIx64, a - hit->addr);
	ob_printf(out, "\n");
	json_t *r = cj_result(out);
	if (r) {
		json_object_set_new(r, "address", cj_hex(hit->addr));
		json_object_set_new(r, "type", json_sprintf("%c", hit->type));
		json_object_set_new(r, "name", cj_text(hit->name));
		json_object_set_new(r, "offset", json_integer(
			(json_int_t)(a - hit->addr)));
	}
	return 0;
}

int cmd_lx_ps(struct session *s, int argc, char **argv, struct outbuf *out,
	      struct err *e)
{
	struct lx *l = need_lx(s, e);
	struct lx_task *t;
	size_t n;
	const char *note;
	char ta[24], mm[24];
	uint64_t cur = pt_root(sess_ctx(s));

	(void)argc;
	(void)argv;
	if (!l || lx_tasks(l, &t, &n, &note, e) < 0)
		return -1;
	int w = lx_ptr_size(l) == 8 ? 17 : 8;
	/* the root first after the name: a narrow screen cuts the end */
	ob_printf(out, "  %7s %7s ST %-16s %-24s %-*s %s\n", "PID", "PPID",
		  "COMM", "PGD (PA)", w, "TASK", "MM");
	json_t *arr = cj_result(out) ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		char comm[40], root[48] = "-";
		text_escape(t[i].comm, strlen(t[i].comm), false, comm, sizeof(comm));
		if (t[i].pgd_pa && t[i].user_pa)
			snprintf(root, sizeof(root), "%" PRIx64 " user %" PRIx64,
				 t[i].pgd_pa, t[i].user_pa);
		else if (t[i].pgd_pa)
			snprintf(root, sizeof(root), "%" PRIx64, t[i].pgd_pa);
		else if (!t[i].mm)
			snprintf(root, sizeof(root), "(kernel)");
		bool here = t[i].mm && (t[i].pgd_pa == cur ||
					(t[i].user_pa && t[i].user_pa == cur));
		ob_printf(out, "%c %7" PRId32 " %7" PRId32 " %c  %-16s %-24s %-*s "
			  "%s\n", here ? '>' : ' ', t[i].pid, t[i].ppid,
			  t[i].state, comm, root, w, cmd_fmt_va(s, t[i].addr, ta),
			  t[i].mm ? cmd_fmt_va(s, t[i].mm, mm) : "-");
		if (arr) {
			json_t *o = json_object();
			json_object_set_new(o, "pid", json_integer(t[i].pid));
			json_object_set_new(o, "ppid", json_integer(t[i].ppid));
			json_object_set_new(o, "state", json_sprintf("%c",
								     t[i].state));
			json_object_set_new(o, "comm", cj_text(t[i].comm));
			json_object_set_new(o, "task", cj_hex(t[i].addr));
			json_object_set_new(o, "mm", t[i].mm ? cj_hex(t[i].mm)
							     : json_null());
			json_object_set_new(o, "pgd_pa", t[i].pgd_pa ?
					    cj_hex(t[i].pgd_pa) : json_null());
			json_object_set_new(o, "user_pgd_pa", t[i].user_pa ?
					    cj_hex(t[i].user_pa) : json_null());
			json_array_append_new(arr, o);
		}
	}
	ob_printf(out, "%zu tasks%s%s\n", n, note ? "; " : "", note ? note : "");
	if (arr) {
		json_object_set_new(cj_result(out), "tasks", arr);
		if (note)
			json_object_set_new(cj_result(out), "note", cj_text(note));
	}
	free(t);
	return 0;
}

/* The task named, or the one whose tables the session shows. */
static int pick_task(struct session *s, struct lx *l, int argc, char **argv,
		     struct lx_task *t, struct err *e)
{
	if (argc > 1)
		return lx_task_find(l, argv[1], t, e);
	return lx_task_of_root(l, pt_root(sess_ctx(s)), t, e);
}

int cmd_maps(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	struct lx *l = need_lx(s, e);
	struct lx_task t;
	struct lx_vma *v;
	size_t n;
	const char *note;
	char line[512], esc[1100];

	if (!l || pick_task(s, l, argc, argv, &t, e) < 0)
		return -1;
	if (!t.mm)
		return err_set(e, "pid %" PRId32 " (%s) is a kernel thread: it has "
			       "no VMAs", t.pid, t.comm);
	if (lx_vmas(l, t.mm, &v, &n, &note, e) < 0)
		return -1;
	json_t *arr = cj_result(out) ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		lx_maps_line(l, &v[i], line, sizeof(line));
		text_escape(line, strlen(line), false, esc, sizeof(esc));
		ob_printf(out, "%s\n", esc);
		if (arr) {
			json_t *o = json_object();
			json_object_set_new(o, "start", cj_hex(v[i].start));
			json_object_set_new(o, "end", cj_hex(v[i].end));
			json_object_set_new(o, "flags", cj_hex(v[i].flags));
			json_object_set_new(o, "offset", cj_hex(v[i].pgoff));
			json_object_set_new(o, "dev", json_sprintf("%02x:%02x",
				v[i].major, v[i].minor));
			json_object_set_new(o, "inode", json_integer(
				(json_int_t)v[i].ino));
			json_object_set_new(o, "name", cj_text(v[i].name));
			json_object_set_new(o, "vma", cj_hex(v[i].addr));
			json_array_append_new(arr, o);
		}
	}
	if (note)
		ob_printf(out, "# %s\n", note);
	if (arr) {
		json_object_set_new(cj_result(out), "pid", json_integer(t.pid));
		json_object_set_new(cj_result(out), "vmas", arr);
	}
	free(v);
	return 0;
}

int cmd_page(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	struct lx *l = need_lx(s, e);
	struct lx_page p;
	uint64_t pfn;
	char a[24];

	(void)argc;
	if (!l || cmd_parse_num(argv[1], &pfn, e) < 0 ||
	    lx_page(l, pfn, &p, e) < 0)
		return -1;
	ob_printf(out, "struct page %s for pfn %" PRIx64 " (PA %" PRIx64 ")\n",
		  cmd_fmt_va(s, p.addr, a), pfn, pfn << 12);
	ob_printf(out, "  flags     %016" PRIx64 "  %s\n", p.flags,
		  p.flag_names[0] ? p.flag_names : "(none)");
	ob_printf(out, "  refcount  %" PRId32 "\n", p.refcount);
	ob_printf(out, "  mapcount  %" PRId32 "\n", p.mapcount);
	ob_printf(out, "  mapping   %s  %s\n", cmd_fmt_va(s, p.mapping, a),
		  p.mapping_kind);
	if (p.has_index)
		ob_printf(out, "  index     %" PRIx64 "\n", p.index);
	else
		ob_printf(out, "  index     ? (no BTF: its offset is unknown)\n");
	ob_printf(out, "  private   %" PRIx64 "\n", p.priv);
	json_t *r = cj_result(out);
	if (r) {
		json_object_set_new(r, "page", cj_hex(p.addr));
		json_object_set_new(r, "pfn", cj_hex(pfn));
		json_object_set_new(r, "flags", cj_hex(p.flags));
		json_object_set_new(r, "flag_names", cj_text(p.flag_names));
		json_object_set_new(r, "refcount", json_integer(p.refcount));
		json_object_set_new(r, "mapcount", json_integer(p.mapcount));
		json_object_set_new(r, "mapping", cj_hex(p.mapping));
		json_object_set_new(r, "mapping_kind", cj_text(p.mapping_kind));
		json_object_set_new(r, "index", p.has_index ? cj_hex(p.index)
							     : json_null());
	}
	return 0;
}

/* The user half of the address space: below the kernel's. */
static uint64_t user_top(const struct session *s)
{
	const struct pt_mode_desc *d = sess_mode(s);

	if (d && d->va_bits > 48)
		return 1ull << 56;
	if (d && d->va_bits > 32)
		return 1ull << 47;
	return 0xc0000000ull;
}

/* The task's VMAs as the session's areas (page states), and its name
 * in the status line; how many VMAs. */
static size_t attach(struct session *s, struct lx *l, const struct lx_task *t)
{
	char name[48];
	size_t nv = 0;

	snprintf(name, sizeof(name), "pid %" PRId32 " %s", t->pid, t->comm);
	if (!t->mm) {
		sess_set_areas(s, NULL, 0, 0, 0, name);
		return 0;
	}
	struct lx_vma *v;
	const char *note;
	struct err ve;
	if (lx_vmas(l, t->mm, &v, &nv, &note, &ve) < 0)
		return 0;
	struct os_area *a = calloc(nv ? nv : 1, sizeof(*a));
	for (size_t i = 0; a && i < nv; i++) {
		a[i].start = v[i].start;
		a[i].end = v[i].end;
		a[i].prot = (unsigned)(v[i].flags & 7);
		a[i].file = v[i].file != 0;
		a[i].reserved = !a[i].prot;	/* PROT_NONE: address space
						   held, nothing usable */
	}
	if (a)
		sess_set_areas(s, a, nv, 0, user_top(s), name);
	free(v);
	return a ? nv : 0;
}

int lx_attach_current(struct session *s)
{
	struct err e;
	struct lx *l = lx_get(s, &e);
	struct lx_task t;

	if (!l || sess_space_name(s) ||
	    lx_task_of_root(l, pt_root(sess_ctx(s)), &t, &e) < 0)
		return -1;
	attach(s, l, &t);
	return 0;
}

int lx_switch(struct session *s, const char *key, struct outbuf *out,
	      struct err *e)
{
	struct lx *l = need_lx(s, e);
	struct lx_task t;

	if (!l || lx_task_find(l, key, &t, e) < 0)
		return -1;
	uint64_t root = !t.mm ? lx_kernel_root(l)
		      : t.user_pa ? t.user_pa : t.pgd_pa;
	if (t.mm && !t.pgd_pa)
		return err_set(e, "pid %" PRId32 ": its mm->pgd %" PRIx64 " does "
			       "not translate", t.pid, t.pgd);
	if (sess_set_cr3(s, root, e) < 0)
		return -1;
	size_t nv = attach(s, l, &t);
	ob_printf(out, "Implicit process is now pid %" PRId32 " (%s), CR3 %"
		  PRIx64 "%s", t.pid, t.comm, root,
		  !t.mm ? " (a kernel thread: the kernel's tables)"
		  : t.user_pa ? " (PTI: the user half; kernel half "
		  : "");
	if (t.user_pa)
		ob_printf(out, "%" PRIx64 ")", t.pgd_pa);
	if (t.mm)
		ob_printf(out, "; %zu VMAs give page states", nv);
	ob_printf(out, "\n");
	json_t *r = cj_result(out);
	if (r) {
		json_object_set_new(r, "pid", json_integer(t.pid));
		json_object_set_new(r, "comm", cj_text(t.comm));
		json_object_set_new(r, "cr3", cj_hex(root));
		json_object_set_new(r, "vmas", json_integer((json_int_t)nv));
	}
	return 0;
}

/* !address VA: what holds va - the VMA (with the page's state) for a user
 * address, the kernel's region for a kernel one. */
int cmd_lx_address(struct session *s, int argc, char **argv,
		   struct outbuf *out, struct err *e)
{
	struct lx *l = need_lx(s, e);
	uint64_t va, lo, hi;
	char a[24], b[24], line[512], esc[1100];

	(void)argc;
	if (!l || cmd_parse_num(argv[1], &va, e) < 0)
		return -1;
	struct pt_walk w;
	sess_walk(s, va, &w);
	const struct pgstate_desc *st = pgstate_desc_os(pgstate_of_walk(&w),
							PW_OS_LINUX);
	const char *region = lx_region(l, va, &lo, &hi);
	json_t *r = cj_result(out);
	if (strcmp(region, "user")) {
		ob_printf(out, "Usage:        %s (kernel)\n", region);
		ob_printf(out, "Range:        %s-%s\n", cmd_fmt_va(s, lo, a),
			  hi ? cmd_fmt_va(s, hi, b) : "end");
		ob_printf(out, "Page state:   %s (%s)\n", st->name, st->desc);
		if (r) {
			json_object_set_new(r, "usage", json_string(region));
			json_object_set_new(r, "start", cj_hex(lo));
			json_object_set_new(r, "end", cj_hex(hi));
			json_object_set_new(r, "state", json_string(st->name));
		}
		return 0;
	}
	struct lx_task t;
	struct lx_vma *v;
	size_t n;
	const char *note;
	if (pick_task(s, l, 1, argv, &t, e) < 0 ||
	    lx_vmas(l, t.mm, &v, &n, &note, e) < 0)
		return -1;
	size_t i = 0;
	while (i < n && v[i].end <= va)
		i++;
	ob_printf(out, "Task:         pid %" PRId32 " %s\n", t.pid, t.comm);
	if (i < n && v[i].start <= va) {
		lx_maps_line(l, &v[i], line, sizeof(line));
		text_escape(line, strlen(line), false, esc, sizeof(esc));
		const char *kind = v[i].file ? "file" : v[i].name[0] ?
				   v[i].name : "anonymous";
		ob_printf(out, "Usage:        %s%s%s\n", kind,
			  v[i].file ? " " : "", v[i].file ? v[i].name : "");
		ob_printf(out, "Base Address: %s\n", cmd_fmt_va(s, v[i].start, a));
		ob_printf(out, "End Address:  %s\n", cmd_fmt_va(s, v[i].end, a));
		ob_printf(out, "Region Size:  %" PRIx64 "\n", v[i].end - v[i].start);
		ob_printf(out, "VMA:          %s\n", esc);
		if (r) {
			json_object_set_new(r, "usage", cj_text(kind));
			json_object_set_new(r, "start", cj_hex(v[i].start));
			json_object_set_new(r, "end", cj_hex(v[i].end));
			json_object_set_new(r, "maps", cj_text(line));
		}
	} else {
		uint64_t from = i ? v[i - 1].end : 0,
			 to = i < n ? v[i].start : hi;
		ob_printf(out, "Usage:        free (no VMA)\n");
		ob_printf(out, "Range:        %s-%s\n", cmd_fmt_va(s, from, a),
			  cmd_fmt_va(s, to, b));
		if (r) {
			json_object_set_new(r, "usage", json_string("free"));
			json_object_set_new(r, "start", cj_hex(from));
			json_object_set_new(r, "end", cj_hex(to));
		}
	}
	ob_printf(out, "Page state:   %s (%s)%s\n", st->name, st->desc,
		  w.has_areas ? "" : "; .process gives states from VMAs");
	if (r)
		json_object_set_new(r, "state", json_string(st->name));
	free(v);
	return 0;
}
