/* diff [VA] [L n]: what changed between this dump and the one given with
 * --diff (doc/PAGING.md, Comparing two snapshots): each entry whose value
 * changed, with the VA range it covers and both meanings, and each page
 * whose bytes changed. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "aspace.h"
#include "cjson.h"
#include "cmd.h"
#include "diff.h"
#include "session.h"
#include "os_pte.h"

#define DIFF_MAX_LINES 4096

/* "valid pfn 69fc8", "not committed", "demand-zero, Protect 4 ReadWrite" */
static void meaning(const struct pte_ctx *c, enum pte_role role, uint64_t raw,
		    char *buf, size_t len)
{
	struct pte_info in;
	char p[40];

	pte_decode(c, role, raw, &in);
	if (in.present)
		snprintf(buf, len, "%s pfn %" PRIx64, in.large ? "large" : "valid",
			 in.frame >> 12);
	else if (in.kind == PTE_ZERO)
		snprintf(buf, len, "%s", role == PTE_ROLE_LEAF ? "not committed" :
			 "no table");
	else if (in.has_prot)
		snprintf(buf, len, "%s, Protect %x %s", pte_kind_name(in.kind),
			 in.prot, pte_protect_name(in.prot, p, sizeof(p)));
	else
		snprintf(buf, len, "%s", pte_kind_name(in.kind));
}

struct report {
	struct session *s;
	struct outbuf *out;
	uint64_t left;
	json_t *jc, *jp;	/* --json: changes, pages */
};

/* A leaf that now maps a page: the first bytes of that page. */
static void new_frame(struct report *r, enum pte_role role, uint64_t raw)
{
	const struct pt_ctx *c = sess_ctx(sess_other(r->s));
	struct pte_info in;
	uint8_t b[16];

	pte_decode(&c->pte, role, raw, &in);
	if (!in.present || (!in.large && role != PTE_ROLE_LEAF))
		return;
	if (fmt_read(sess_source(sess_other(r->s)), in.frame, b, sizeof(b),
		     NULL) < 0) {
		ob_printf(r->out, "%7snew frame %" PRIx64 ": not in the dump\n", "",
			  in.frame);
		return;
	}
	ob_printf(r->out, "%7snew frame %" PRIx64 ":", "", in.frame);
	for (size_t i = 0; i < sizeof(b); i++)
		ob_printf(r->out, " %02x", b[i]);
	ob_puts(r->out, "  ");
	for (size_t i = 0; i < sizeof(b); i++)
		ob_printf(r->out, "%c", b[i] >= 0x20 && b[i] < 0x7f ? b[i] : '.');
	ob_puts(r->out, "\n");
}

static bool line(void *arg, const struct diff_item *d)
{
	struct report *r = arg;
	const struct pt_mode_desc *m = sess_mode(r->s);
	const struct pt_ctx *c = sess_ctx(r->s);
	const char *name = m->lv[d->lvl].name;
	char va[24], end[24], was[96], now[96];
	int w = (int)m->esize * 2;

	cmd_fmt_va(r->s, d->va, va);
	cmd_fmt_va(r->s, d->va + d->span, end);
	switch (d->kind) {
	case DIFF_ENTRY:
		meaning(&c->pte, m->lv[d->lvl].role, d->old, was, sizeof(was));
		meaning(&c->pte, m->lv[d->lvl].role, d->new, now, sizeof(now));
		ob_printf(r->out, "%-6s %s-%s  %0*" PRIX64 " -> %0*" PRIX64
			  "  %s -> %s\n", name, va, end, w, d->old, w, d->new, was,
			  now);
		new_frame(r, m->lv[d->lvl].role, d->new);
		if (r->jc) {
			json_t *o = json_object();
			json_object_set_new(o, "level", json_string(name));
			json_object_set_new(o, "va", cj_hex(d->va));
			json_object_set_new(o, "end", cj_hex(d->va + d->span));
			json_object_set_new(o, "old", cj_hex(d->old));
			json_object_set_new(o, "new", cj_hex(d->new));
			json_object_set_new(o, "old_meaning", json_string(was));
			json_object_set_new(o, "new_meaning", json_string(now));
			json_array_append_new(r->jc, o);
		}
		break;
	case DIFF_PAGE:
		ob_printf(r->out, "%-6s %s  frame %" PRIx64 " -> %" PRIx64 ": %u "
			  "byte%s differ\n", "page", va, d->frame_old, d->frame_new,
			  d->bytes, d->bytes == 1 ? "" : "s");
		if (r->jp) {
			json_t *o = json_object();
			json_object_set_new(o, "va", cj_hex(d->va));
			json_object_set_new(o, "old_frame", cj_hex(d->frame_old));
			json_object_set_new(o, "new_frame", cj_hex(d->frame_new));
			json_object_set_new(o, "bytes", json_integer(d->bytes));
			json_array_append_new(r->jp, o);
		}
		break;
	case DIFF_TABLE:
		ob_printf(r->out, "%-6s %s-%s  the %s is in the %s dump only: not "
			  "compared\n", name, va, end, m->lv[d->lvl].table,
			  d->in_old ? "first" : "second");
		break;
	}
	return --r->left > 0;
}

int cmd_diff(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	struct session *o = sess_other(s);
	uint64_t lo = 0, count = DIFF_MAX_LINES;
	struct diff_stats st;

	if (!o)
		return err_set(e, "no second dump: open one with --diff FILE");
	if (sess_need_root(s, e) < 0 || sess_need_root(o, e) < 0)
		return -1;
	if (!as_has_tables(sess_aspace(s)) || !as_has_tables(sess_aspace(o)))
		return err_set(e, "a minidump has no page tables to compare");
	int i = 1;
	if (i < argc && argv[i][0] != 'L' && argv[i][0] != 'l') {
		if (cmd_parse_num(argv[i], &lo, e) < 0)
			return -1;
		i++;
	}
	if (cmd_parse_len(argc, argv, i, &count, e) < 0)
		return -1;
	const struct pt_ctx *c = sess_ctx(s);
	lo = pt_va_canon(c->pte.mode, lo);
	struct report r = { s, out, count, NULL, NULL };
	if (cj_result(out)) {
		r.jc = json_array();
		r.jp = json_array();
		json_object_set_new(cj_result(out), "changes", r.jc);
		json_object_set_new(cj_result(out), "pages", r.jp);
	}
	ob_printf(out, "%s (CR3 %" PRIx64 ") -> %s (CR3 %" PRIx64 ")\n",
		  sess_source(s)->path, c->cr3, sess_source(o)->path,
		  sess_ctx(o)->cr3);
	if (diff_walk(sess_source(s), c, sess_source(o), sess_ctx(o), lo,
		      UINT64_MAX, line, &r, &st, e) < 0)
		return -1;
	ob_printf(out, "%" PRIu64 " entr%s and %" PRIu64 " page%s differ; %"
		  PRIu64 " entries compared%s%s\n", st.changed,
		  st.changed == 1 ? "y" : "ies", st.pages, st.pages == 1 ? "" : "s",
		  st.entries, st.budget_hit ? " (stopped: entry limit, the "
		  "tables may loop)" : "", st.stopped ? " (stopped: L limit; diff "
		  "VA L n shows more)" : "");
	if (cj_result(out)) {
		json_object_set_new(cj_result(out), "entries_compared",
				    json_integer((json_int_t)st.entries));
		json_object_set_new(cj_result(out), "budget_hit",
				    json_boolean(st.budget_hit));
		json_object_set_new(cj_result(out), "truncated",
				    json_boolean(st.stopped));
	}
	return 0;
}
