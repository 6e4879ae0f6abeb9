/* Structured results for --json (see cjson.h and doc/JSON.md). */
#include "config.h"

#include "cjson.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "pgstate.h"
#include "region.h"
#include "session.h"
#include "text.h"

json_t *cj_result(struct outbuf *o)
{
	return o->json;
}

void cj_want(struct outbuf *o)
{
	json_decref(o->json);
	o->json = json_object();
}

json_t *cj_take(struct outbuf *o)
{
	json_t *j = o->json;
	o->json = NULL;
	return j;
}

json_t *cj_hex(uint64_t v)
{
	char b[24];
	snprintf(b, sizeof(b), "0x%" PRIx64, v);
	return json_string(b);
}

json_t *cj_text(const char *s)
{
	char buf[1024];

	text_escape(s, strlen(s), true, buf, sizeof(buf));
	return json_string(buf);
}

json_t *cj_entry(const struct pte_ctx *c, enum pte_role role,
		 const struct pte_info *in)
{
	json_t *j = json_object();
	char flags[12], lines[8][64];
	size_t nf;
	const struct pte_flag *ft = pte_flags(c->mode, &nf);

	json_object_set_new(j, "raw", cj_hex(in->raw));
	json_object_set_new(j, "present", json_boolean(in->present));
	json_object_set_new(j, "kind", json_string(pte_kind_name(in->kind)));
	if (in->present) {
		json_t *f = json_object();
		for (size_t i = 0; i < nf; i++) {
			struct pte_flag_shown v = pte_flag_show(c, role, &ft[i],
								in->raw);
			json_object_set_new(f, v.name, json_boolean(v.set));
		}
		json_object_set_new(j, "flags", f);
		json_object_set_new(j, "frame", cj_hex(in->frame));
		json_object_set_new(j, "large", json_boolean(in->large));
		if (in->large)
			json_object_set_new(j, "page_size", json_integer(
						    (json_int_t)1 << in->large_shift));
		if (in->rsvd)
			json_object_set_new(j, "reserved_bits", cj_hex(in->rsvd));
	} else {
		unsigned n = pte_invalid_lines(c, in, lines, 8);
		json_t *a = json_array();
		for (unsigned i = 0; i < n; i++)
			json_array_append_new(a, json_string(lines[i]));
		json_object_set_new(j, "meaning", a);
		if (in->kind == PTE_LINUX_PROTNONE || in->kind == PTE_WIN_TRANSITION)
			json_object_set_new(j, "frame", cj_hex(in->frame));
		if (in->has_prot)
			json_object_set_new(j, "protect", json_integer(in->prot));
	}
	pte_flag_string(c, in, flags);
	json_object_set_new(j, "windbg", json_string(flags));
	return j;
}

json_t *cj_region(const struct fmt_region *r)
{
	json_t *j = json_object();
	char prot[96];

	json_object_set_new(j, "base", cj_hex(r->base));
	json_object_set_new(j, "size", cj_hex(r->size));
	json_object_set_new(j, "state", json_string(region_state_name(r->state)));
	json_object_set_new(j, "type", json_string(region_type_name(r->type)));
	json_object_set_new(j, "protect", json_string(
				    region_protect_name(r->protect, prot,
							sizeof(prot))));
	json_object_set_new(j, "allocation_base", cj_hex(r->alloc_base));
	json_object_set_new(j, "allocation_protect", json_string(
				    region_protect_name(r->alloc_protect, prot,
							sizeof(prot))));
	return j;
}

json_t *cj_walk(struct session *s, const struct pt_walk *w)
{
	const struct pt_ctx *c = sess_ctx(s);
	const struct pt_mode_desc *d = sess_mode(s);
	json_t *j = json_object(), *lv = json_array();

	json_object_set_new(j, "va", cj_hex(w->va));
	json_object_set_new(j, "state", json_string(
				    pgstate_desc(pgstate_of_walk(w))->name));
	if (w->stop == PT_NO_PAGING) {
		json_object_set_new(j, "paging", json_false());
		json_object_set_new(j, "region", w->region ? cj_region(w->region) :
				    json_null());
		json_object_set_new(j, "captured", json_boolean(w->frame_in_dump));
		json_decref(lv);
		return j;
	}
	json_object_set_new(j, "mode", json_string(d ? d->name : "none"));
	json_object_set_new(j, "cr3", cj_hex(c->cr3));
	for (unsigned i = 0; i < w->nlv; i++) {
		const struct pt_level *l = &w->lv[i];
		json_t *e = json_object();
		uint64_t sv;
		json_object_set_new(e, "level", json_string(l->name));
		json_object_set_new(e, "index", json_integer(l->index));
		json_object_set_new(e, "entry_pa", cj_hex(l->entry_pa));
		json_object_set_new(e, "read", json_boolean(l->read));
		if (l->read)
			json_object_set_new(e, "entry", cj_entry(&c->pte, l->role,
								 &l->info));
		if (sess_selfmap_va(s, i, w->va, &sv) == 0)
			json_object_set_new(e, "selfmap_va", cj_hex(sv));
		json_array_append_new(lv, e);
	}
	json_object_set_new(j, "levels", lv);
	json_object_set_new(j, "stop", json_string(pt_stop_text(w->stop)));
	if (w->stop == PT_OK) {
		json_object_set_new(j, "pa", cj_hex(w->pa));
		json_object_set_new(j, "page_size", json_integer(
					    (json_int_t)1 << w->page_shift));
		json_object_set_new(j, "frame_in_dump",
				    json_boolean(w->frame_in_dump));
		json_object_set_new(j, "writable", json_boolean(w->writable));
		json_object_set_new(j, "user", json_boolean(w->user));
		json_object_set_new(j, "executable", json_boolean(!w->nx));
	} else if (w->nlv) {
		json_object_set_new(j, "stop_level",
				    json_string(w->lv[w->stop_lvl].name));
	}
	return j;
}
