/* map (mapped ranges merged by flags), .cr3 and info. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aspace.h"
#include "cjson.h"
#include "linux.h"
#include "windows.h"
#include "cmd.h"
#include "dtbscan.h"
#include "map.h"
#include "pgstate.h"
#include "region.h"
#include "session.h"

#define MAP_MAX_LINES 4096

/* "[VA] [L n]": both optional. */
static int parse_va_len(int argc, char **argv, uint64_t *va, uint64_t *count,
			struct err *e)
{
	int i = 1;

	if (i < argc && argv[i][0] != 'L' && argv[i][0] != 'l') {
		if (cmd_parse_num(argv[i], va, e) < 0)
			return -1;
		i++;
	}
	return cmd_parse_len(argc, argv, i, count, e);
}

/* Minidumps: the regions from MemoryInfoList, with captured pages. */
static int map_regions(struct session *s, int argc, char **argv,
		       struct outbuf *out, struct err *e)
{
	const struct fmt_source *src = sess_source(s);
	uint64_t lo = 0, count = MAP_MAX_LINES, shown = 0;

	if (parse_va_len(argc, argv, &lo, &count, e) < 0)
		return -1;
	json_t *ja = cj_result(out) ? json_array() : NULL;
	if (ja)
		json_object_set_new(cj_result(out), src->nregions ? "regions" :
				    "captured", ja);
	if (!src->nregions) {
		ob_puts(out, "no region data (no MemoryInfoList); captured ranges:\n");
		for (size_t k = 0; k < src->nranges && shown < count; k++, shown++) {
			ob_printf(out, "%016" PRIx64 "-%016" PRIx64 " %12" PRIx64 "\n",
				  src->ranges[k].pa, src->ranges[k].pa +
				  src->ranges[k].len, src->ranges[k].len);
			if (ja) {
				json_t *r = json_object();
				json_object_set_new(r, "start", cj_hex(src->ranges[k].pa));
				json_object_set_new(r, "size", cj_hex(src->ranges[k].len));
				json_array_append_new(ja, r);
			}
		}
		return 0;
	}
	for (size_t k = 0; k < src->nregions && shown < count; k++) {
		const struct fmt_region *r = &src->regions[k];
		if (r->base + r->size <= lo)
			continue;
		region_line(r, out);
		if (ja)
			json_array_append_new(ja, cj_region(r));
		shown++;
	}
	ob_printf(out, "%" PRIu64 " of %zu regions\n", shown, src->nregions);
	return 0;
}

struct tlb_out {
	struct outbuf *out;
	uint64_t left;
	bool pae;
	json_t *ja;	/* --json: the mappings */
};

/* QEMU's `info tlb`: "VA: PA FLAGS", the leaf entry's address field and
 * its bits as letters X G P(S) D A C(PCD) T(PWT) U W. */
static bool tlb_leaf(void *arg, const struct map_leaf *l)
{
	struct tlb_out *t = arg;
	static const struct { char c; unsigned bit; } f[] = {
		{ 'X', 63 }, { 'G', 8 }, { 'P', 7 }, { 'D', 6 }, { 'A', 5 },
		{ 'C', 4 }, { 'T', 3 }, { 'U', 2 }, { 'W', 1 },
	};
	char flags[10];

	for (size_t i = 0; i < 9; i++)
		flags[i] = (l->raw >> f[i].bit) & 1 ? f[i].c : '-';
	flags[9] = '\0';
	/* In PAE mode QEMU prints the entry less its low 12 bits (20 for a
	 * large page), so NX shows in the address; elsewhere the address
	 * field alone. */
	uint64_t addr = !t->pae ? l->raw & (uint64_t)0x000FFFFFFFFFF000ull :
			l->size > 4096 ? l->raw & ~(uint64_t)0xFFFFF :
			l->raw & ~(uint64_t)0xFFF;
	ob_printf(t->out, "%016" PRIx64 ": %016" PRIx64 " %s\n", l->va, addr,
		  flags);
	if (t->ja) {
		json_t *m = json_object();
		json_object_set_new(m, "va", cj_hex(l->va));
		json_object_set_new(m, "pa", cj_hex(l->pa));
		json_object_set_new(m, "size", cj_hex(l->size));
		json_object_set_new(m, "raw", cj_hex(l->raw));
		json_object_set_new(m, "flags", json_string(flags));
		json_array_append_new(t->ja, m);
	}
	return --t->left > 0;
}

/* map all: every range of the space with its outcome, mapped runs
 * merged by flags as map merges them. */
struct all_out {
	struct session *s;
	struct outbuf *out;
	json_t *ja;
	uint64_t left, lines;
	struct map_leaf run;	/* a mapped run being merged */
	bool has_run;
};

static bool all_line(struct all_out *o, const struct map_leaf *l)
{
	const struct pt_mode_desc *d = sess_mode(o->s);
	char a[24], b[24], what[64];

	if (!o->left)
		return false;
	o->left--;
	o->lines++;
	if (l->kind == MAP_MAPPED)
		snprintf(what, sizeof(what), "%c%c%c%c", l->u ? 'u' : '-', 'r',
			 l->w ? 'w' : '-', l->nx ? '-' : 'x');
	else if (l->kind == MAP_REGION) {
		const struct fmt_region *g = fmt_region_find(sess_source(o->s),
							     l->va);
		snprintf(what, sizeof(what), g && g->state == FMT_MEM_FREE ?
			 "%s" : "%s, not captured", g ?
			 region_state_name(g->state) : "?");
	} else if ((l->kind == MAP_HOLE || l->kind == MAP_BAD) && d &&
		   l->level < d->nlv)
		snprintf(what, sizeof(what), "%s %s", d->lv[l->level].name,
			 l->kind == MAP_HOLE ? "not present" : "past MAXPHYADDR");
	else if (l->kind == MAP_MISSING && d && l->level < d->nlv)
		snprintf(what, sizeof(what), "%s not in the dump",
			 d->lv[l->level].table);
	else
		snprintf(what, sizeof(what), "%s", l->kind == MAP_HOLE ?
			 "in no region" : "");
	/* the last range ends at the top of the space, which has no
	 * address of its own */
	uint64_t end = l->va + l->size, top = d && d->va_bits == 32 ?
		       0x100000000ull : 0;
	ob_printf(o->out, "%s-%s %016" PRIx64 " %-13s %s\n",
		  cmd_fmt_va(o->s, l->va, a), end == top ? "(top)" :
		  cmd_fmt_va(o->s, end, b), l->size, map_kind_name(l->kind), what);
	if (o->ja) {
		json_t *r = json_object();
		json_object_set_new(r, "start", cj_hex(l->va));
		json_object_set_new(r, "end", cj_hex(l->va + l->size));
		json_object_set_new(r, "kind", json_string(map_kind_name(l->kind)));
		json_object_set_new(r, "detail", json_string(what));
		json_array_append_new(o->ja, r);
	}
	return true;
}

static bool all_leaf(void *arg, const struct map_leaf *l)
{
	struct all_out *o = arg;
	struct map_leaf *r = &o->run;

	if (o->has_run && l->kind == MAP_MAPPED && r->va + r->size == l->va &&
	    r->u == l->u && r->w == l->w && r->nx == l->nx) {
		r->size += l->size;
		return true;
	}
	if (o->has_run && !all_line(o, r))
		return false;
	o->has_run = false;
	if (l->kind == MAP_MAPPED) {
		*r = *l;
		o->has_run = true;
		return true;
	}
	return all_line(o, l);
}

static int map_all(struct session *s, int argc, char **argv,
		   struct outbuf *out, struct err *e)
{
	struct all_out o = { s, out, cj_result(out) ? json_array() : NULL,
			     MAP_MAX_LINES, 0, { 0 }, false };
	uint64_t lo = 0;
	struct map_stats st;

	if (parse_va_len(argc - 1, argv, &lo, &o.left, e) < 0) {
		json_decref(o.ja);
		return -1;
	}
	if (o.ja)
		json_object_set_new(cj_result(out), "ranges", o.ja);
	lo = sess_mode(s) ? pt_va_canon(sess_ctx(s)->pte.mode, lo) : lo;
	as_visit_all(sess_aspace(s), lo, UINT64_MAX, 0, all_leaf, &o, &st);
	if (o.has_run && o.left)
		all_line(&o, &o.run);
	ob_printf(out, "%" PRIu64 " range%s; %" PRIu64 " entries examined\n",
		  o.lines, o.lines == 1 ? "" : "s", st.entries);
	if (!o.left)
		ob_printf(out, "(stopped after %" PRIu64 " lines: map VA L n all "
			  "shows more)\n", o.lines);
	if (st.budget_hit)
		ob_printf(out, "(stopped: examined %" PRIu64 " entries, the limit;"
			  " the tables may loop)\n", st.entries - 1);
	return 0;
}

int cmd_map(struct session *s, int argc, char **argv, struct outbuf *out,
	    struct err *e)
{
	uint64_t lo = 0, count = MAP_MAX_LINES;
	struct map_list ml = { .merge = MAP_MERGE_U | MAP_MERGE_W | MAP_MERGE_NX };
	struct map_stats st;
	/* "qemu": QEMU's `info mem` layout, merged by user/write only */
	bool qemu = argc > 1 && !strcasecmp(argv[argc - 1], "qemu");
	/* "tlb": one line per mapping, as QEMU's `info tlb` */
	bool tlb = argc > 1 && !strcasecmp(argv[argc - 1], "tlb");

	if (sess_need_root(s, e) < 0)
		return -1;
	/* "all": every range with its outcome, the holes too */
	if (argc > 1 && !strcasecmp(argv[argc - 1], "all"))
		return map_all(s, argc, argv, out, e);
	if (!as_has_tables(sess_aspace(s)))
		return map_regions(s, argc, argv, out, e);
	if (tlb) {
		struct tlb_out t = { out, count,
				     sess_ctx(s)->pte.mode == PW_MODE_PAE,
				     cj_result(out) ? json_array() : NULL };
		if (t.ja)
			json_object_set_new(cj_result(out), "mappings", t.ja);
		if (parse_va_len(argc - 1, argv, &lo, &t.left, e) < 0)
			return -1;
		as_visit(sess_aspace(s),
			 pt_va_canon(sess_ctx(s)->pte.mode, lo), UINT64_MAX, 0,
			 tlb_leaf, &t, &st);
		if (st.budget_hit)
			ob_puts(out, "(stopped: entry limit, the tables may loop)\n");
		if (t.ja)
			json_object_set_new(cj_result(out), "budget_hit",
					    json_boolean(st.budget_hit));
		return 0;
	}
	if (qemu) {
		argc--;
		ml.merge = MAP_MERGE_U | MAP_MERGE_W;
	}
	if (parse_va_len(argc, argv, &lo, &count, e) < 0)
		return -1;
	const struct pt_ctx *c = sess_ctx(s);
	lo = pt_va_canon(c->pte.mode, lo);
	ml.max = count;
	if (map_collect(sess_aspace(s), lo, UINT64_MAX, 0, &ml, &st, e) < 0)
		return -1;
	uint64_t pages = 0;
	for (size_t k = 0; k < ml.n; k++) {
		const struct map_range *r = &ml.r[k];
		char a[24], b[24];
		pages += r->pages;
		if (qemu) {
			ob_printf(out, "%016" PRIx64 "-%016" PRIx64 " %016" PRIx64
				  " %c%c%c\n", r->start, r->last + 1,
				  r->last - r->start + 1, r->u ? 'u' : '-', 'r',
				  r->w ? 'w' : '-');
			continue;
		}
		ob_printf(out, "%s-%s %016" PRIx64 " %c%c%c%c\n",
			  cmd_fmt_va(s, r->start, a), cmd_fmt_va(s, r->last + 1, b),
			  r->last - r->start + 1, r->u ? 'u' : '-', 'r',
			  r->w ? 'w' : '-', r->nx ? '-' : 'x');
	}
	if (!qemu)
		ob_printf(out, "%zu range%s, %" PRIu64 " pages (%" PRIu64 " KiB) mapped; "
		  "%" PRIu64 " entries examined\n", ml.n, ml.n == 1 ? "" : "s",
		  pages, pages * 4, st.entries);
	if (ml.truncated)
		ob_printf(out, "(stopped after %" PRIu64 " ranges: map VA L n "
			  "shows more)\n", count);
	if (st.budget_hit)
		ob_printf(out, "(stopped: examined %" PRIu64 " entries, the limit;"
			  " the tables may loop)\n", st.entries - 1);
	if (st.missing_tables)
		ob_printf(out, "(%" PRIu64 " page tables are not in the dump)\n",
			  st.missing_tables);
	json_t *j = cj_result(out);
	if (j) {
		json_t *ja = json_array();
		for (size_t k = 0; k < ml.n; k++) {
			json_t *r = json_object();
			json_object_set_new(r, "start", cj_hex(ml.r[k].start));
			json_object_set_new(r, "end", cj_hex(ml.r[k].last + 1));
			json_object_set_new(r, "user", json_boolean(ml.r[k].u));
			json_object_set_new(r, "writable", json_boolean(ml.r[k].w));
			json_object_set_new(r, "executable", json_boolean(!ml.r[k].nx));
			json_object_set_new(r, "pages", json_integer(
						    (json_int_t)ml.r[k].pages));
			json_array_append_new(ja, r);
		}
		json_object_set_new(j, "ranges", ja);
		json_object_set_new(j, "pages", json_integer((json_int_t)pages));
		json_object_set_new(j, "entries", json_integer(
					    (json_int_t)st.entries));
		json_object_set_new(j, "truncated", json_boolean(ml.truncated));
		json_object_set_new(j, "budget_hit", json_boolean(st.budget_hit));
		json_object_set_new(j, "missing_tables", json_integer(
					    (json_int_t)st.missing_tables));
	}
	free(ml.r);
	return 0;
}

int cmd_cr3(struct session *s, int argc, char **argv, struct outbuf *out,
	    struct err *e)
{
	uint64_t cr3;

	if (argc == 3) {
		enum pw_mode m = pt_mode_parse(argv[2]);
		if (m == PW_MODE_NONE) {
			char names[64];
			return err_set(e, "'%s' is not one of %s", argv[2],
				       pt_mode_names(names, sizeof(names)));
		}
		enum pw_mode old = sess_ctx(s)->pte.mode;
		sess_set_mode(s, m);
		if (cmd_parse_num(argv[1], &cr3, e) < 0 ||
		    sess_set_cr3(s, cr3, e) < 0) {
			sess_set_mode(s, old);
			return -1;
		}
	} else if (argc == 2) {
		if (cmd_parse_num(argv[1], &cr3, e) < 0 ||
		    sess_set_cr3(s, cr3, e) < 0)
			return -1;
	}
	const struct pt_ctx *c = sess_ctx(s);
	const struct pt_mode_desc *d = sess_mode(s);
	json_t *j = cj_result(out);
	if (!as_has_tables(sess_aspace(s)) || !sess_has_root(s) || !d) {
		ob_puts(out, !as_has_tables(sess_aspace(s)) ? "no CR3: a minidump has "
			"no page tables\n" : "no page-table root\n");
		if (j)
			json_object_set_new(j, "cr3", json_null());
		return 0;
	}
	ob_printf(out, "CR3 %" PRIx64 " (%s paging, top-level table at PA %"
		  PRIx64 ")\n", c->cr3, d->label, pt_root(c));
	if (j) {
		json_object_set_new(j, "cr3", cj_hex(c->cr3));
		json_object_set_new(j, "mode", json_string(d->name));
		json_object_set_new(j, "root", cj_hex(pt_root(c)));
	}
	return 0;
}

int cmd_info(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	const struct fmt_source *src = sess_source(s);
	const struct pt_ctx *c = sess_ctx(s);
	const struct pt_mode_desc *d = sess_mode(s);
	uint64_t total = 0;
	bool flat = !as_has_tables(sess_aspace(s));

	(void)argc; (void)argv; (void)e;
	ob_printf(out, "%-14s %s\n", "file", src->path);
	ob_printf(out, "%-14s %s (%s)\n", "format", src->desc, src->ops->name);
	ob_printf(out, "%-14s %zu bytes\n", "size", src->file.size);
	if (flat) {
		ob_printf(out, "%-14s none (user-mode minidump: addresses are "
			  "virtual, regions give the state)\n", "paging");
	} else {
		ob_printf(out, "%-14s %s\n", "paging", d ? d->label : "unknown");
	}
	if (flat)
		;
	else if (sess_has_root(s))
		ob_printf(out, "%-14s %" PRIx64 "%s%s\n", "cr3", c->cr3,
			  *sess_root_note(s) ? "  " : "", sess_root_note(s));
	else
		ob_printf(out, "%-14s unknown\n", "cr3");
	ob_printf(out, "%-14s %s\n", "os", pw_os_name(c->pte.os));
	if (sess_self_index(s) >= 0)
		ob_printf(out, "%-14s PML4 index %x\n", "self-map",
			  sess_self_index(s));
	for (unsigned i = 0; i < src->ninfo; i++)
		ob_printf(out, "%-14s %s\n", src->info[i].key, src->info[i].val);
	for (size_t i = 0; i < src->nranges; i++)
		total += src->ranges[i].len;
	ob_printf(out, "%-14s %zu, %" PRIu64 " bytes\n", flat ?
		  "captured" : "phys ranges", src->nranges, total);
	for (size_t i = 0; i < src->nranges && i < 16; i++)
		ob_printf(out, "  %012" PRIx64 "-%012" PRIx64 "\n",
			  src->ranges[i].pa,
			  src->ranges[i].pa + src->ranges[i].len);
	if (src->nranges > 16)
		ob_printf(out, "  ... %zu more\n", src->nranges - 16);
	/* Linux: what VMCOREINFO says, then what the kernel's own tables
	 * gave (or why not) */
	struct err le;
	struct lx *l = NULL;
	if (src->vmcoreinfo) {
		lx_info_vmcoreinfo(s, out);
		if ((l = lx_get(s, &le)))
			lx_info(l, out);
		else
			ob_printf(out, "%-14s none: %s\n", "kernel facts", le.msg);
	}
	/* Windows: the row of structure offsets the build reads with
	 * (doc/WINDOWS.md), and how it was chosen, or why none */
	struct win *w = NULL;
	bool windows = !flat && !src->vmcoreinfo &&
		       (src->os_build || src->win.ps_active_process_head);
	if (windows && (w = win_get(s, &le))) {
		ob_printf(out, "%-14s %s\n", "layout", win_layout_name(w));
		if (win_layout_guessed(w))
			ob_printf(out, "%-14s %s\n", "", win_layout_note(w));
	} else if (windows) {
		ob_printf(out, "%-14s none: %s\n", "layout", le.msg);
	}
	json_t *j = cj_result(out);
	if (!j)
		return 0;
	if (windows) {
		json_t *wj = json_object();
		json_object_set_new(wj, "layout", w ?
				    cj_text(win_layout_name(w)) : json_null());
		json_object_set_new(wj, "nearest", json_boolean(w &&
				    win_layout_guessed(w)));
		json_object_set_new(wj, "note", !w ? cj_text(le.msg) :
				    win_layout_guessed(w) ?
				    cj_text(win_layout_note(w)) : json_null());
		json_object_set_new(j, "windows", wj);
	}
	if (l) {
		json_t *lj = json_object();
		json_object_set_new(lj, "symbols", json_integer(
			(json_int_t)lx_syms(l)->n));
		json_object_set_new(lj, "types", cj_text(lx_btf_note(l)));
		json_object_set_new(lj, "kernel_root", cj_hex(lx_kernel_root(l)));
		json_object_set_new(j, "linux", lj);
	}
	json_object_set_new(j, "file", cj_text(src->path));
	json_object_set_new(j, "format", cj_text(src->desc));
	json_object_set_new(j, "loader", json_string(src->ops->name));
	json_object_set_new(j, "size", json_integer((json_int_t)src->file.size));
	json_object_set_new(j, "paging", flat || !d ? json_null() :
			    json_string(d->name));
	json_object_set_new(j, "cr3", !flat && sess_has_root(s) ?
			    cj_hex(c->cr3) : json_null());
	json_object_set_new(j, "os", json_string(pw_os_name(c->pte.os)));
	if (sess_self_index(s) >= 0)
		json_object_set_new(j, "self_map_index",
				    json_integer(sess_self_index(s)));
	json_t *facts = json_object(), *ranges = json_array();
	for (unsigned i = 0; i < src->ninfo; i++)
		json_object_set_new(facts, src->info[i].key,
				    cj_text(src->info[i].val));
	for (size_t i = 0; i < src->nranges; i++) {
		json_t *r = json_object();
		json_object_set_new(r, "start", cj_hex(src->ranges[i].pa));
		json_object_set_new(r, "size", cj_hex(src->ranges[i].len));
		json_array_append_new(ranges, r);
	}
	json_object_set_new(j, "facts", facts);
	json_object_set_new(j, "ranges", ranges);
	return 0;
}

int cmd_dtbscan(struct session *s, int argc, char **argv, struct outbuf *out,
		struct err *e)
{
	struct dtb_cand c[DTB_MAX];

	(void)argc;
	(void)argv;
	int n = dtb_scan(sess_source(s), c, DTB_MAX, e);
	if (n < 0)
		return -1;
	if (cj_result(out)) {
		json_t *ja = json_array();
		for (int i = 0; i < n; i++) {
			const struct pt_mode_desc *d = pt_mode_get(c[i].mode);
			json_t *k = json_object();
			json_object_set_new(k, "cr3", cj_hex(c[i].cr3));
			json_object_set_new(k, "mode", json_string(d ? d->name : "?"));
			json_object_set_new(k, "os", json_string(pw_os_name(c[i].os)));
			json_object_set_new(k, "why", json_string(c[i].why));
			json_object_set_new(k, "user_pages", json_integer(
						    (json_int_t)c[i].user_pages));
			json_object_set_new(k, "kernel_pages", json_integer(
						    (json_int_t)c[i].kernel_pages));
			json_object_set_new(k, "in_image_pages", json_integer(
						    (json_int_t)c[i].in_image_pages));
			json_object_set_new(k, "shared", json_integer(c[i].shared));
			json_object_set_new(k, "plausible",
					    json_boolean(dtb_plausible(&c[i])));
			if (c[i].pti_kernel)
				json_object_set_new(k, "pti_kernel",
						    cj_hex(c[i].pti_kernel));
			json_array_append_new(ja, k);
		}
		json_object_set_new(cj_result(out), "candidates", ja);
	}
	if (n == 0) {
		ob_puts(out, "no page-table root found (looked for Windows "
			"self-maps and Linux kernel tables in every x86 mode)\n");
		return 0;
	}
	ob_printf(out, "%3s  %-16s %-5s %-8s %10s %12s  %s\n", "#", "cr3", "mode",
		  "os", "user pages", "kernel pages", "why");
	for (int i = 0; i < n; i++) {
		const struct pt_mode_desc *d = pt_mode_get(c[i].mode);
		char shared[96] = "";
		int at = 0;
		if (c[i].pti_kernel)
			at = snprintf(shared, sizeof(shared), " (kernel table %"
				      PRIx64 ")", c[i].pti_kernel);
		if (c[i].shared > 1)
			snprintf(shared + at, sizeof(shared) - at, ", kernel half "
				 "shared by %u", c[i].shared);
		if (!dtb_plausible(&c[i]))
			snprintf(shared + strlen(shared), sizeof(shared) -
				 strlen(shared), ", implausible: maps mostly "
				 "outside the image");
		ob_printf(out, "%3d  %-16" PRIx64 " %-5s %-8s %10" PRIu64 " %12" PRIu64
			  "  %s%s%s\n", i + 1, c[i].cr3, d ? d->name : "?",
			  pw_os_name(c[i].os), c[i].user_pages, c[i].kernel_pages,
			  c[i].why, shared, c[i].cr3 == sess_ctx(s)->cr3 &&
			  c[i].mode == sess_ctx(s)->pte.mode && sess_has_root(s) ?
			  " (current)" : "");
	}
	ob_printf(out, "%d candidate%s; switch with .cr3 CR3 MODE\n", n,
		  n == 1 ? "" : "s");
	if (!dtb_plausible(&c[0]))
		ob_puts(out, "none is plausible: each maps mostly outside the "
			"image\n");
	return 0;
}

struct rmap {
	uint64_t pa;		/* the frame's first byte */
	struct outbuf *out;
	const struct session *s;
	unsigned found, max;
	json_t *ja;		/* --json: the VAs */
};

static bool rmap_leaf(void *arg, const struct map_leaf *l)
{
	struct rmap *r = arg;
	char vb[24];

	/* the frame meets the leaf (a flat space's captured range may
	 * cover part of it) */
	if (r->pa < l->pa ? l->pa - r->pa >= 4096 : r->pa - l->pa >= l->size)
		return true;
	uint64_t va = l->va + (r->pa - l->pa);	/* mod 2^64 below l->pa */
	if (r->ja) {
		json_t *m = json_object();
		json_object_set_new(m, "va", cj_hex(va));
		json_object_set_new(m, "user", json_boolean(l->u));
		json_object_set_new(m, "writable", json_boolean(l->w));
		json_object_set_new(m, "executable", json_boolean(!l->nx));
		json_object_set_new(m, "page_size", cj_hex(l->size));
		json_array_append_new(r->ja, m);
	}
	ob_printf(r->out, "%s  %s%s%s%s\n", cmd_fmt_va(r->s, va, vb),
		  l->u ? "user" : "kernel", l->w ? " writable" : " read-only",
		  l->nx ? " no-execute" : "", l->size > 4096 ? " (large page)" : "");
	return ++r->found < r->max;
}

#define STATES_MAX 65536

/* Runs of equal page state from VA: what the page map draws, in words. */
int cmd_states(struct session *s, int argc, char **argv, struct outbuf *out,
	       struct err *e)
{
	uint64_t va, n = 16;
	char a[24], b[24];

	if (sess_need_root(s, e) < 0 || cmd_parse_num(argv[1], &va, e) < 0 ||
	    cmd_parse_len(argc, argv, 2, &n, e) < 0)
		return -1;
	if (!n || n > STATES_MAX)
		return err_set(e, "L %" PRIu64 ": between 1 and %u pages", n,
			       STATES_MAX);
	enum pgstate *st = malloc((size_t)n * sizeof(*st));
	if (!st)
		return err_set(e, "out of memory");
	va &= ~0xFFFull;
	pgstate_of_range(s, va, (size_t)n, st);
	unsigned count[PGS_COUNT] = { 0 };
	json_t *runs = cj_result(out) ? json_array() : NULL;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && st[j] == st[i])
			j++;
		const struct pgstate_desc *d = pgstate_desc_os(st[i],
						sess_ctx(s)->pte.os);
		ob_printf(out, "%s-%s %5zu %c %s (%s)\n",
			  cmd_fmt_va(s, va + i * 4096, a),
			  cmd_fmt_va(s, va + j * 4096, b), j - i, d->letter,
			  d->name, d->desc);
		if (runs) {
			json_t *o = json_object();
			json_object_set_new(o, "start", cj_hex(va + i * 4096));
			json_object_set_new(o, "pages", json_integer(
				(json_int_t)(j - i)));
			json_object_set_new(o, "state", json_string(d->name));
			json_array_append_new(runs, o);
		}
		count[st[i]] += (unsigned)(j - i);
		i = j;
	}
	ob_printf(out, "%" PRIu64 " pages:", n);
	for (int k = 0; k < PGS_COUNT; k++)
		if (count[k])
			ob_printf(out, " %u %s;", count[k], pgstate_desc(k)->name);
	ob_printf(out, "\n");
	if (runs)
		json_object_set_new(cj_result(out), "runs", runs);
	free(st);
	return 0;
}

/* spaces: the address spaces shown so far, the current one marked; .cr3
 * or .process switches back to one (its VMAs come back with it). */
int cmd_spaces(struct session *s, int argc, char **argv, struct outbuf *out,
	       struct err *e)
{
	struct sess_space v[SESS_SPACES_MAX];
	size_t n = sess_spaces(s, v, SESS_SPACES_MAX);
	json_t *arr = cj_result(out) ? json_array() : NULL;

	(void)argc;
	(void)argv;
	if (!n)
		return err_set(e, "no address space yet (no CR3: give --cr3, or "
			       ".cr3 VALUE MODE)");
	ob_printf(out, "  %-16s %-5s %5s  %s\n", "cr3", "mode", "areas", "name");
	for (size_t i = 0; i < n; i++) {
		const struct pt_mode_desc *d = pt_mode_get(v[i].mode);
		ob_printf(out, "%c %-16" PRIx64 " %-5s %5zu  %s\n",
			  v[i].current ? '>' : ' ', v[i].cr3, d ? d->name : "?",
			  v[i].nareas, v[i].name[0] ? v[i].name : "-");
		if (arr) {
			json_t *o = json_object();
			json_object_set_new(o, "cr3", cj_hex(v[i].cr3));
			json_object_set_new(o, "mode", d ? json_string(d->name)
							 : json_null());
			json_object_set_new(o, "areas", json_integer(
				(json_int_t)v[i].nareas));
			json_object_set_new(o, "name", cj_text(v[i].name));
			json_object_set_new(o, "current", json_boolean(
				v[i].current));
			json_array_append_new(arr, o);
		}
	}
	if (arr)
		json_object_set_new(cj_result(out), "spaces", arr);
	return 0;
}

int cmd_rmap(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	uint64_t pfn;
	struct map_stats st;

	(void)argc;
	if (cmd_parse_num(argv[1], &pfn, e) < 0 || sess_need_root(s, e) < 0)
		return -1;
	if (pfn > UINT64_MAX >> 12)
		return err_set(e, "PFN %" PRIx64 " is too large", pfn);
	struct rmap r = { pfn << 12, out, s, 0, MAP_MAX_LINES,
			  cj_result(out) ? json_array() : NULL };
	if (r.ja) {
		json_object_set_new(cj_result(out), "pfn", cj_hex(pfn));
		json_object_set_new(cj_result(out), "vas", r.ja);
	}
	as_visit(sess_aspace(s), 0, UINT64_MAX, 0, rmap_leaf, &r, &st);
	ob_printf(out, "%u virtual page%s map%s pfn %" PRIx64 "%s\n", r.found,
		  r.found == 1 ? "" : "s", r.found == 1 ? "s" : "", pfn,
		  st.budget_hit ? " (stopped: entry limit, the tables may loop)" :
		  r.found == r.max ? " (stopped: at most this many are listed)" :
		  "");
	win_rmap_check(s, pfn, out);
	return 0;
}

/* KPROCESS.DirectoryTableBase: +0x18 on 32-bit Windows (after the
 * 16-byte dispatcher header and ProfileListHead), +0x28 on x64. */
int cmd_process(struct session *s, int argc, char **argv, struct outbuf *out,
		struct err *e)
{
	uint64_t va, dtb = 0;
	uint8_t b[8];
	bool ok[8];
	char vb[24];

	if (sess_need_root(s, e) < 0)
		return -1;
	if (argc == 1)
		return cmd_cr3(s, 1, argv, out, e);
	const struct pt_mode_desc *d = sess_mode(s);
	if (sess_ctx(s)->pte.os != PW_OS_WINDOWS && sess_source(s)->vmcoreinfo)
		return lx_switch(s, argv[1], out, e);
	/* Windows: through the process list when the dump has one; an
	 * EPROCESS address the list lacks, or a dump without one, falls back
	 * to reading its DirectoryTableBase below */
	struct err we;
	if (sess_ctx(s)->pte.os == PW_OS_WINDOWS && win_get(s, &we)) {
		if (win_switch(s, argv[1], out, e) == 0)
			return 0;
		if (cmd_parse_num(argv[1], &va, &we) < 0)
			return -1;
	}
	if (sess_ctx(s)->pte.os != PW_OS_WINDOWS || !d)
		return err_set(e, "needs a Windows address space (an EPROCESS) "
			       "or a Linux dump with VMCOREINFO (a PID)");
	if (cmd_parse_num(argv[1], &va, e) < 0)
		return -1;
	bool wide = d->esize == 8 && d->va_bits > 32;
	size_t n = wide ? 8 : 4;
	if (sess_read(s, true, va + (wide ? 0x28 : 0x18), b, ok, n) != n)
		return err_set(e, "EPROCESS at %s: its DirectoryTableBase is not "
			       "readable in this address space",
			       cmd_fmt_va(s, va, vb));
	for (size_t i = n; i-- > 0;)
		dtb = dtb << 8 | b[i];
	if (sess_set_cr3(s, dtb, e) < 0)
		return err_prefix(e, "EPROCESS at %s", cmd_fmt_va(s, va, vb));
	ob_printf(out, "Implicit process is now %s (DirBase %" PRIx64 ")\n",
		  cmd_fmt_va(s, va, vb), dtb);
	if (cj_result(out)) {
		json_object_set_new(cj_result(out), "eprocess", cj_hex(va));
		json_object_set_new(cj_result(out), "directory_table_base",
				    cj_hex(dtb));
	}
	return 0;
}
