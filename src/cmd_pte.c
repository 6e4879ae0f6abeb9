/* !pte, !vtop and pte: the walk as WinDbg prints it (seed walkthrough;
 * doc/PAGING.md, Windows: the !pte flag string), from one decoded struct pt_walk. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "aspace.h"
#include "cjson.h"
#include "pte_fields.h"
#include "cmd.h"
#include "pgstate.h"
#include "region.h"
#include "session.h"
#include "view.h"
#include "os_pte.h"

#define COLW 27			/* WinDbg's !pte column width */
#define ROWW (PT_MAX_LEVELS * COLW + 64)

struct grid {
	char row[3][ROWW];
};

static void put(char *row, unsigned col, const char *text)
{
	size_t at = (size_t)col * COLW, n = strlen(text);

	if (at + n >= ROWW)
		n = ROWW - 1 - at;
	memcpy(row + at, text, n);
}

static void emit(struct outbuf *out, char *row)
{
	size_t n = ROWW - 1;

	row[n] = '\0';
	while (n > 0 && row[n - 1] == ' ')
		row[--n] = '\0';
	ob_printf(out, "%s\n", row);
}

/* First level shown: WinDbg leaves out the PAE PDPTE. */
static unsigned first_col(const struct pt_mode_desc *d)
{
	return d->mode == PW_MODE_PAE ? 1 : 0;
}

static void at_text(struct session *s, const struct pt_walk *w, unsigned lvl,
		    char *buf, size_t len)
{
	const struct pt_mode_desc *d = sess_mode(s);
	uint64_t va;
	const char *name = d->lv[lvl].wname;

	if (sess_selfmap_va(s, lvl, w->va, &va) == 0) {
		if (d->va_bits == 32)
			snprintf(buf, len, "%s at %08" PRIX64, name, va);
		else
			snprintf(buf, len, "%s at %016" PRIX64, name, va);
	} else if (lvl < w->nlv) {
		/* No self-map: the entry's physical address, '#' as in !db. */
		snprintf(buf, len, "%s at #%08" PRIX64, name, w->lv[lvl].entry_pa);
	} else {
		snprintf(buf, len, "%s", name);
	}
}

static void pfn_text(const struct pt_ctx *c, const struct pte_info *in,
		     char *buf, size_t len)
{
	char flags[12], pfn[24];

	pte_flag_string(&c->pte, in, flags);
	snprintf(pfn, sizeof(pfn), "%" PRIx64, in->frame >> 12);
	snprintf(buf, len, "pfn %-10s%s", pfn, flags);
}

/* Why a walk stopped where the columns cannot show it: a table page
 * missing or unreadable, an address past MAXPHYADDR, a level WinDbg's
 * layout leaves out (the PAE PDPTE).  An answer about the dump, not an
 * error of the user: printed, and the command succeeds. */
static void stop_reason(const struct session *s, const struct pt_walk *w,
			unsigned first_shown, struct outbuf *out)
{
	const struct pt_mode_desc *d = sess_mode(s);
	const struct pt_ctx *c = sess_ctx(s);
	unsigned i = w->stop_lvl;
	const char *path = sess_source(s)->path;
	uint64_t table = w->lv[i].entry_pa & ~(uint64_t)0xFFF;

	switch (w->stop) {
	case PT_TABLE_NOT_IN_DUMP:
	case PT_TABLE_UNREADABLE: {
		const char *why = w->stop == PT_TABLE_UNREADABLE ?
			"is in the image but cannot be read" :
			"is not in the image";
		if (i == 0)
			ob_printf(out, "%s: the %s at PA 0x%" PRIx64 " (from CR3) "
				  "%s\n", path, d->lv[0].table, table, why);
		else
			ob_printf(out, "%s: the %s at PA 0x%" PRIx64 " points to a "
				  "%s at PA 0x%" PRIx64 " that %s\n", path,
				  d->lv[i - 1].name, w->lv[i - 1].entry_pa,
				  d->lv[i].table, table, why);
		return;
	}
	case PT_BEYOND_MAXPHY:
		ob_printf(out, "%s %0*" PRIX64 " at PA %" PRIx64 " points to PA %"
			  PRIx64 ", beyond MAXPHYADDR (%u bits)\n",
			  w->lv[i].name, (int)d->esize * 2, w->lv[i].raw,
			  w->lv[i].entry_pa, w->lv[i].info.frame,
			  c->pte.maxphy ? c->pte.maxphy : 52);
		return;
	case PT_NOT_PRESENT:
		if (i < first_shown)
			ob_printf(out, "%s %0*" PRIX64 " at PA %" PRIx64 " is not "
				  "valid: nothing below it is mapped\n",
				  w->lv[i].name, (int)d->esize * 2, w->lv[i].raw,
				  w->lv[i].entry_pa);
		return;
	case PT_OK:
	case PT_NONCANONICAL:
	case PT_NO_ROOT:
	case PT_NO_PAGING:
		break;
	}
}

/* Reserved bits in a level the columns leave out (the PAE PDPTE). */
static void hidden_rsvd(const struct session *s, const struct pt_walk *w,
			unsigned first_shown, struct outbuf *out)
{
	const struct pt_mode_desc *d = sess_mode(s);

	for (unsigned i = 0; i < first_shown && i < w->nlv; i++)
		if (w->rsvd_levels & (1u << i))
			ob_printf(out, "%s %0*" PRIX64 " at PA %" PRIx64 ": "
				  "reserved bits %" PRIx64 " set (walked on, as "
				  "the CPU did)\n", w->lv[i].name,
				  (int)d->esize * 2, w->lv[i].raw,
				  w->lv[i].entry_pa, w->lv[i].info.rsvd);
}

/* Minidumps have no page tables: say so, and show the region. */
static int no_paging(struct session *s, uint64_t va, struct outbuf *out)
{
	const struct fmt_source *src = sess_source(s);
	const struct fmt_region *r = fmt_region_find(src, va);
	struct pt_walk w;

	sess_walk(s, va, &w);
	if (cj_result(out))
		json_object_set_new(cj_result(out), "walk", cj_walk(s, &w));
	ob_printf(out, "VA %016" PRIx64 ": no page tables in a user-mode "
		  "minidump\n", va);
	if (r) {
		char prot[96];
		ob_puts(out, "region ");
		region_line(r, out);
		ob_printf(out, "allocation %016" PRIx64 " %s\n", r->alloc_base,
			  region_protect_name(r->alloc_protect, prot, sizeof(prot)));
	} else if (src->nregions) {
		ob_puts(out, "in no region: free\n");
	} else {
		ob_puts(out, "no region data (no MemoryInfoList)\n");
	}
	ob_printf(out, "state %s; %s\n", pgstate_desc(pgstate_of_walk(&w))->name,
		  w.frame_in_dump ? "captured in the dump" : "not captured");
	return 0;
}

/* One page's !pte block; its walk into json (an array for ranges). */
static int pte_block(struct session *s, uint64_t va, json_t *jwalks,
		     struct outbuf *out, struct err *e)
{
	struct pt_walk w;
	struct grid g;
	char text[64], vabuf[24];
	char extra[PT_MAX_LEVELS][8][64];
	unsigned nextra[PT_MAX_LEVELS] = { 0 };

	const struct pt_mode_desc *d = sess_mode(s);
	const struct pt_ctx *c = sess_ctx(s);
	sess_walk(s, va, &w);
	sess_set_va(s, va);
	if (w.stop == PT_NONCANONICAL)
		return err_set(e, "%s is not a canonical address",
			       cmd_fmt_va(s, va, vabuf));
	if (jwalks)
		json_array_append_new(jwalks, cj_walk(s, &w));
	else if (cj_result(out))
		json_object_set_new(cj_result(out), "walk", cj_walk(s, &w));
	memset(&g, ' ', sizeof(g));
	unsigned f = first_col(d);
	unsigned last = w.nlv ? w.nlv - 1 : 0;
	bool large = w.stop == PT_OK && w.lv[last].info.large;
	if (d->va_bits == 32)
		snprintf(text, sizeof(text), "%08" PRIx64, va);
	else
		snprintf(text, sizeof(text), "%016" PRIx64, va);
	/* WinDbg indents the VA line 20 columns over two columns of
	 * entries and 43 over four. */
	unsigned ncols = d->nlv - f;
	ob_printf(out, "%*sVA %s\n", (int)(20 + (ncols - 2) * 23 / 2), "", text);
	for (unsigned i = f; i < d->nlv; i++) {
		unsigned col = i - f;
		at_text(s, &w, i, text, sizeof(text));
		put(g.row[0], col, text);
		if (i >= w.nlv)
			continue;
		const struct pt_level *l = &w.lv[i];
		if (!l->read) {
			put(g.row[1], col, d->esize == 8 ?
			    "contains ????????????????" : "contains ????????");
			put(g.row[2], col, "not in dump");
			continue;
		}
		if (d->esize == 8)
			snprintf(text, sizeof(text), "contains %016" PRIX64, l->raw);
		else
			snprintf(text, sizeof(text), "contains %08" PRIX64, l->raw);
		put(g.row[1], col, text);
		if (!l->info.present) {
			put(g.row[2], col, "not valid");
			nextra[col] = pte_invalid_lines(&c->pte, &l->info,
							extra[col], 8);
			continue;
		}
		pfn_text(c, &l->info, text, sizeof(text));
		put(g.row[2], col, text);
		if (l->info.rsvd) {
			snprintf(extra[col][0], 64, "reserved bits %" PRIx64,
				 l->info.rsvd);
			nextra[col] = 1;
		}
		if (i == w.stop_lvl && w.stop == PT_BEYOND_MAXPHY)
			snprintf(extra[col][nextra[col]++], 64,
				 "beyond MAXPHYADDR");
	}
	if (large && last + 1 < d->nlv) {
		snprintf(text, sizeof(text), "LARGE PAGE pfn %" PRIx64,
			 w.pa >> 12);
		put(g.row[2], last + 1 - f, text);
	}
	for (int r = 0; r < 3; r++)
		emit(out, g.row[r]);
	for (unsigned col = 0; col < PT_MAX_LEVELS; col++)
		for (unsigned k = 0; k < nextra[col]; k++)
			ob_printf(out, "%*s%s\n", (int)(col * COLW + 1), "",
				  extra[col][k]);
	hidden_rsvd(s, &w, f, out);
	stop_reason(s, &w, f, out);
	if (w.stop == PT_OK && !w.frame_in_dump)
		ob_printf(out, "The frame at PA %" PRIx64 " is not in the "
			  "dump.\n", w.pa & ~(uint64_t)0xFFF);
	/* once the process's VADs or the task's VMAs are known: the page in
	 * the OS's words (WinDbg's "not valid" says nothing of free vs
	 * reserved) */
	if (w.has_areas && w.stop != PT_OK) {
		enum pw_os os = sess_ctx(s)->pte.os;
		const struct pgstate_desc *sd = pgstate_desc_os(
			pgstate_of_walk(&w), os);
		char area[128] = "";
		if (w.area)	/* else the description says: no VAD, no VMA */
			view_area_text(s, &w, false, area, sizeof(area));
		ob_printf(out, "%s: %s (%s)%s%s\n", os == PW_OS_WINDOWS ?
			  "Windows" : "Linux", sd->name, sd->desc,
			  w.area ? "; " : "", area);
	}
	return 0;
}

#define PTE_RANGE_MAX 256	/* pages one !pte Start End shows */

/* !pte VA, !pte PTE (an address in the Windows self-map's PTEs: the VA
 * that PTE maps, as WinDbg), !pte LiteralAddress 1 (a second argument not
 * above the first: the first taken as a VA as it is), !pte Start End
 * (every page from Start's to End's). */
int cmd_pte(struct session *s, int argc, char **argv, struct outbuf *out,
	    struct err *e)
{
	uint64_t va, end = 0, mapped;

	if (cmd_parse_va(s, argv[1], &va, e) < 0 ||
	    (argc == 3 && cmd_parse_va(s, argv[2], &end, e) < 0) ||
	    sess_need_root(s, e) < 0)
		return -1;
	if (!as_has_tables(sess_aspace(s))) {
		sess_set_va(s, va);
		return no_paging(s, va, out);
	}
	if (argc == 2 && sess_selfmap_inverse(s, va, &mapped) == 0)
		va = mapped;	/* WinDbg: "treated as the PTE parameter" */
	if (argc < 3 || end <= va)
		return pte_block(s, va, NULL, out, e);
	json_t *arr = cj_result(out) ? json_array() : NULL;
	uint64_t first = va & ~(uint64_t)0xFFF, n = ((end - first) >> 12) + 1;
	if (arr)
		json_object_set_new(cj_result(out), "walks", arr);
	for (uint64_t i = 0; i < n && i < PTE_RANGE_MAX; i++) {
		if (i)
			ob_puts(out, "\n");
		if (pte_block(s, first + (i << 12), arr, out, e) < 0)
			return -1;
	}
	if (n > PTE_RANGE_MAX)
		ob_printf(out, "\n(the first %u of %" PRIu64 " pages; give a "
			  "smaller range for the rest)\n", PTE_RANGE_MAX, n);
	return 0;
}

/* !pte2va PTE: the VA a PTE's address in the self-map stands for. */
int cmd_pte2va(struct session *s, int argc, char **argv, struct outbuf *out,
	       struct err *e)
{
	uint64_t addr, va;

	(void)argc;
	if (cmd_parse_va(s, argv[1], &addr, e) < 0 || sess_need_root(s, e) < 0)
		return -1;
	if (sess_selfmap_inverse(s, addr, &va) < 0)
		return err_set(e, "%" PRIx64 " is not the address of a PTE in the "
			       "Windows self-map%s", addr,
			       sess_ctx(s)->pte.os != PW_OS_WINDOWS ?
			       " (not a Windows dump)" : "");
	if (cj_result(out))
		json_object_set_new(cj_result(out), "va", cj_hex(va));
	ob_printf(out, "%0*" PRIx64 "\n", sess_mode(s)->va_bits == 32 ? 8 : 16,
		  va);
	return 0;
}

static const char *vtop_prefix(const struct pt_mode_desc *d)
{
	return d->esize == 4 || d->mode == PW_MODE_PAE ? "X86VtoP" : "Amd64VtoP";
}

/* !vtop's first argument: WinDbg documents a PFN (the DirBase's frame);
 * pagewalk also takes the DirBase itself.  The reading whose table is in
 * the dump wins; when both are, the PFN, as WinDbg, and a note says so. */
static int vtop_root(struct session *s, uint64_t *x, const char **note,
		     struct err *e)
{
	static char buf[160];
	const struct fmt_source *src = sess_source(s);
	bool pae = sess_mode(s)->mode == PW_MODE_PAE;
	uint64_t v = *x;
	bool as_pfn = v < (1ull << 40) && fmt_present(src, v);
	bool as_cr3 = (v & (pae ? 0x1f : 0xfff)) == 0 &&
		      fmt_present(src, v >> 12);

	if (as_pfn) {
		*x = v << 12;
		if (pae && !as_cr3) {
			snprintf(buf, sizeof(buf), "%" PRIx64 " read as a PFN: "
				 "DirBase %" PRIx64 "; a PAE DirBase is a 32-byte "
				 "table inside a frame: give it whole for another",
				 v, v << 12);
			*note = buf;
		}
		if (as_cr3) {
			snprintf(buf, sizeof(buf), "%" PRIx64 " read as a PFN, as "
				 "WinDbg does: DirBase %" PRIx64 "; for the table at "
				 "PA %" PRIx64 " give !vtop %" PRIx64, v, v << 12, v,
				 v >> 12);
			*note = buf;
		}
		return 0;
	}
	if (as_cr3)
		return 0;
	return err_set(e, "%" PRIx64 " names no table in the dump, neither as "
		       "a PFN (PA %" PRIx64 ") nor as a DirBase", v, v << 12);
}

int cmd_vtop(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	uint64_t va, cr3 = 0;
	struct pt_walk w;
	struct pt_ctx c;

	if (cmd_parse_num(argv[argc - 1], &va, e) < 0)
		return -1;
	if (argc == 3 && cmd_parse_num(argv[1], &cr3, e) < 0)
		return -1;
	if (sess_need_root(s, e) < 0)
		return -1;
	const char *note = NULL;
	if (cr3 && vtop_root(s, &cr3, &note, e) < 0)
		return -1;
	if (!as_has_tables(sess_aspace(s)))
		return no_paging(s, va, out);
	c = *sess_ctx(s);
	if (cr3)	/* 0 means the current address space, as in WinDbg */
		c.cr3 = cr3;
	const struct pt_mode_desc *d = sess_mode(s);
	const char *pre = vtop_prefix(d);
	const char *pae = d->mode == PW_MODE_PAE ? "PAE " : "";
	pt_walk(sess_source(s), &c, va, &w);
	if (cj_result(out)) {
		json_t *jw = cj_walk(s, &w);
		json_object_set_new(jw, "cr3", cj_hex(c.cr3));
		json_object_set_new(cj_result(out), "walk", jw);
	}
	if (note)
		ob_printf(out, "(%s)\n", note);
	ob_printf(out, "%s: Virt %016" PRIx64 ", pagedir %016" PRIx64 "\n",
		  pre, va, c.cr3);
	for (unsigned i = 0; i < w.nlv; i++) {
		const struct pt_level *l = &w.lv[i];
		if (!l->read) {
			ob_printf(out, "%s: %s%s %016" PRIx64 " - %s\n", pre,
				  pae, l->name, l->entry_pa,
				  w.stop == PT_TABLE_UNREADABLE ?
				  "unreadable in the dump" : "not in the dump");
			break;
		}
		ob_printf(out, "%s: %s%s %016" PRIx64 " - %016" PRIx64 "\n", pre,
			  pae, l->name, l->entry_pa, l->raw);
		if (l->info.present && l->info.rsvd)
			ob_printf(out, "%s: %s%s has reserved bits %" PRIx64
				  " set: ignored, as the CPU did\n", pre, pae,
				  l->name, l->info.rsvd);
	}
	if (w.stop == PT_OK) {
		ob_printf(out, "%s: %s%sMapped phys %016" PRIx64 "\n", pre, pae,
			  w.page_shift > 12 ? "Large page " : "", w.pa);
		ob_printf(out, "Virtual address %" PRIx64 " translates to "
			  "physical address %" PRIx64 ".\n", va, w.pa);
		if (!w.frame_in_dump)
			ob_printf(out, "(the frame at PA %" PRIx64 " is not in the "
				  "dump)\n", w.pa & ~(uint64_t)0xFFF);
		return 0;
	}
	if (w.stop == PT_NOT_PRESENT)
		ob_printf(out, "%s: %s%s %s\n", pre, pae, w.lv[w.stop_lvl].name,
			  w.lv[w.stop_lvl].raw ? "not present" : "is zero");
	stop_reason(s, &w, 0, out);
	ob_printf(out, "Virtual address %" PRIx64 " translation fails: %s.\n",
		  va, pt_stop_text(w.stop));
	return 0;
}

static int level_by_name(const struct pt_mode_desc *d, const char *name)
{
	for (unsigned i = 0; i < d->nlv; i++)
		if (!strcasecmp(d->lv[i].name, name) ||
		    !strcasecmp(d->lv[i].wname, name))
			return (int)i;
	return -1;
}

int cmd_pte_decode(struct session *s, int argc, char **argv,
		   struct outbuf *out, struct err *e)
{
	uint64_t raw;
	struct pte_info in;
	char flags[12], lines[8][64];
	size_t nf;
	const struct pte_flag *ft = pte_flags(sess_ctx(s)->pte.mode, &nf);

	if (cmd_parse_num(argv[1], &raw, e) < 0)
		return -1;
	const struct pt_mode_desc *d = sess_mode(s);
	if (!d)
		return err_set(e, "no paging mode: give --mode");
	int lvl = d->nlv - 1;
	if (argc == 3 && (lvl = level_by_name(d, argv[2])) < 0)
		return err_set(e, "'%s' is not a level of %s paging", argv[2],
			       d->label);
	const struct pt_ctx *c = sess_ctx(s);
	pte_decode(&c->pte, d->lv[lvl].role, raw, &in);
	pte_flag_string(&c->pte, &in, flags);
	if (cj_result(out)) {
		json_object_set_new(cj_result(out), "level",
				    json_string(d->lv[lvl].name));
		json_object_set_new(cj_result(out), "mode", json_string(d->name));
		json_object_set_new(cj_result(out), "os",
				    json_string(pw_os_name(c->pte.os)));
		json_object_set_new(cj_result(out), "entry",
				    cj_entry(&c->pte, d->lv[lvl].role, &in));
	}
	ob_printf(out, "%s %0*" PRIX64 " (%s paging, %s)\n", d->lv[lvl].name,
		  (int)d->esize * 2, in.raw, d->label, pw_os_name(c->pte.os));
	if (!in.present) {
		ob_printf(out, "  not valid: %s\n", pte_kind_name(in.kind));
		unsigned n = pte_invalid_lines(&c->pte, &in, lines, 8);
		for (unsigned i = 0; i < n; i++)
			ob_printf(out, "  %s\n", lines[i]);
		return 0;
	}
	ob_printf(out, "  valid  %s %" PRIx64 "  %s\n",
		  in.large ? "large page at pfn" : "pfn", in.frame >> 12, flags);
	ob_puts(out, "  flags ");
	for (size_t i = 0; i < nf; i++) {
		/* bit 7 is PS in directory entries, PAT in a PTE */
		struct pte_flag_shown v = pte_flag_show(&c->pte, d->lv[lvl].role,
							&ft[i], in.raw);
		if (v.exists)
			ob_printf(out, " %s", v.set ? v.name : "-");
	}
	ob_puts(out, "\n");
	if (in.rsvd)
		ob_printf(out, "  reserved bits set: %" PRIx64 "\n", in.rsvd);
	return 0;
}

int cmd_fields(struct session *s, int argc, char **argv, struct outbuf *out,
	       struct err *e)
{
	static const char *const layout_name[] = {
		[PTE_LAYOUT_X86] = "32-bit", [PTE_LAYOUT_PAE] = "PAE",
		[PTE_LAYOUT_X64] = "x64 before build 17134",
		[PTE_LAYOUT_X64_1803] = "x64 from build 17134",
		[PTE_LAYOUT_PAE_1809] = "PAE from build 17763",
	};
	struct pte_field f[24];
	struct pte_info in;
	const char *title;
	uint64_t raw;
	char pbuf[40];

	if (cmd_parse_num(argv[1], &raw, e) < 0)
		return -1;
	const struct pt_mode_desc *d = sess_mode(s);
	if (!d)
		return err_set(e, "no paging mode: give --mode");
	const struct pt_ctx *c = sess_ctx(s);
	if (d->esize == 4 && raw >> 32)
		return err_set(e, "%" PRIx64 " does not fit a 4-byte entry", raw);
	pte_decode(&c->pte, PTE_ROLE_LEAF, raw, &in);
	enum pte_struct st = pte_struct_of(&c->pte, &in);
	char names[128];
	if (argc == 3 && (st = pte_struct_parse(argv[2])) == PTE_STRUCT_COUNT)
		return err_set(e, "'%s' is not one of: %s", argv[2],
			       pte_struct_names(names, sizeof(names)));
	size_t n = pte_fields(&c->pte, st, raw, f, 24, &title);
	enum pte_layout L = pte_layout_of(&c->pte);
	const char *lname = st < PTE_STRUCT_LINUX_PTE ? layout_name[L] :
			    d->esize == 4 ? "Linux 2-level" :
			    "Linux 64-bit entries";
	ob_printf(out, "%s (%s layout) of %0*" PRIX64 "\n", title, lname,
		  (int)d->esize * 2, raw);
	json_t *ja = cj_result(out) ? json_array() : NULL;
	for (size_t i = 0; i < n; i++) {
		char range[16], extra[64] = "";
		snprintf(range, sizeof(range), "(%2u:%2u)", f[i].hi, f[i].lo);
		if (f[i].name && !strcmp(f[i].name, "Protection"))
			snprintf(extra, sizeof(extra), "   %s", pte_protect_name(
					 (unsigned)f[i].value, pbuf, sizeof(pbuf)));
		else if (f[i].name && (!strcmp(f[i].name, "PageFrameNumber") ||
					 !strcmp(f[i].name, "pfn")))
			snprintf(extra, sizeof(extra), "   PA %" PRIx64,
				 f[i].value << 12);
		else if (f[i].name && f[i].name[0] == '~')	/* complemented */
			snprintf(extra, sizeof(extra), "   %s %" PRIx64,
				 f[i].name + 1, (uint64_t)(~f[i].value &
				 ((1ull << (f[i].hi - f[i].lo + 1)) - 1)));
		ob_printf(out, "    %s %-20s : 0x%" PRIx64 "%s\n", range,
			  f[i].name ? f[i].name : "(bits)", f[i].value, extra);
		if (ja) {
			json_t *o = json_object();
			json_object_set_new(o, "name", f[i].name ?
					    json_string(f[i].name) : json_null());
			json_object_set_new(o, "hi", json_integer(f[i].hi));
			json_object_set_new(o, "lo", json_integer(f[i].lo));
			json_object_set_new(o, "value", cj_hex(f[i].value));
			json_array_append_new(ja, o);
		}
	}
	if (ja) {
		json_object_set_new(cj_result(out), "structure", json_string(title));
		json_object_set_new(cj_result(out), "layout", json_string(lname));
		json_object_set_new(cj_result(out), "raw", cj_hex(raw));
		json_object_set_new(cj_result(out), "fields", ja);
	}
	return 0;
}
