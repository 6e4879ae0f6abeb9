/* The walk panel: one row (or two, when narrow) per paging level from CR3:
 * index, entry address, raw value, flag columns and WinDbg's flag string
 * (on Linux the kernel's software bits: soft-dirty, uffd-wp, special);
 * then where the walk ended.  Up/down select a level, Enter shows its
 * table page in the physical panel. */
#include "config.h"

#include "app.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "diff.h"
#include "region.h"
#include "session.h"
#include "view.h"

/* "P W U T C A D S G X": flag letters when set, '-' when clear.  Bit 7
 * is PS in a directory entry and PAT in a PTE ('S' / 'p'). */
/* The narrow layout has no room for a header over the flag columns:
 * the set flags by name instead ("P W U A D NX"). */
static void flag_names(const struct pte_ctx *c, const struct pt_level *l,
		       char *buf, size_t len)
{
	size_t n, k = 0;
	const struct pte_flag *f = pte_flags(&n);

	buf[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		struct pte_flag_shown v = pte_flag_show(c, l->role, &f[i], l->raw);
		if (v.exists && v.set)
			k = fmt_join(buf, len, k, " ", v.name);
	}
}

static void flag_cols(const struct pte_ctx *c, const struct pt_level *l,
		      char *buf)
{
	size_t n;
	const struct pte_flag *f = pte_flags(&n);
	char *p = buf;

	for (size_t i = 0; i < n; i++) {
		*p++ = pte_flag_show(c, l->role, &f[i], l->raw).col;
		*p++ = ' ';
	}
	p[-1] = '\0';
}

static void level_rows(struct ui_app *a, WINDOW *w, int wd, int *y,
		       const struct pt_walk *pw, unsigned i)
{
	const struct pt_level *l = &pw->lv[i];
	const struct pte_ctx *c = &sess_ctx(a->s)->pte;
	int vw = sess_mode(a->s)->esize * 2;
	char line[200], flags[40], cols[24], val[24], rsvd[32] = "";
	bool sel = a->focus == F_WALK && a->walk_sel == i;

	if (l->read) {
		snprintf(val, sizeof(val), "%0*" PRIX64, vw, l->raw);
		/* WinDbg prints flags only for valid entries; on Linux the
		 * kernel's software bits say more */
		if (l->info.present && c->os == PW_OS_LINUX)
			pte_linux_flags(c, l->raw, flags, sizeof(flags));
		else if (l->info.present)
			pte_flag_string(c, &l->info, flags);
		else
			snprintf(flags, sizeof(flags), "%s",
				 pte_kind_name(l->info.kind));
		if (l->info.present)
			flag_cols(c, l, cols);
		else
			snprintf(cols, sizeof(cols), "(not present)");
		/* Reserved bits do not stop the walk; they are marked. */
		if (l->info.present && l->info.rsvd)
			snprintf(rsvd, sizeof(rsvd), "rsvd %" PRIx64,
				 l->info.rsvd);
	} else {
		snprintf(val, sizeof(val), "%.*s", vw, "????????????????");
		snprintf(flags, sizeof(flags), "not in dump");
		snprintf(cols, sizeof(cols), "%s", "");
	}
	attr_t at = sel ? ui_attr(a, R_SELECT) :
		    !l->read ? ui_attr(a, R_ERROR) :
		    !l->info.present ? ui_attr(a, R_DIM) : A_NORMAL;
	if (a->L.walk_wide) {
		/* '!' after the value marks reserved bits; the bits
		 * follow the flags when there is room. */
		/* '>' after the name marks the selected level without
		 * colour too */
		snprintf(line, sizeof(line), "%-5s%c%3x  #%-9" PRIx64 " %-16s%c "
			 "%-19s  %s%s%s", l->name, sel ? '>' : ' ', l->index,
			 l->entry_pa, val,
			 rsvd[0] ? '!' : ' ', cols, flags, rsvd[0] ? "  " : "",
			 rsvd);
		if ((int)strlen(line) > wd - 2)	/* no room: the '!' only */
			line[strlen(line) - strlen(rsvd) - (rsvd[0] ? 2 : 0)] = '\0';
		wattrset(w, at);
		ui_put(w, (*y)++, 1, wd - 2, line);
	} else {
		snprintf(line, sizeof(line), "%-5s%c%3x %-16s %s", l->name,
			 sel ? '>' : ' ', l->index, val, flags);
		wattrset(w, at);
		ui_put(w, (*y)++, 1, wd - 2, line);
		char names[40];
		if (l->read && l->info.present)
			flag_names(c, l, names, sizeof(names));
		else
			snprintf(names, sizeof(names), "%s", cols);
		snprintf(line, sizeof(line), "%-6s#%-9" PRIx64 " %s",
			 rsvd[0] ? "rsvd!" : "", l->entry_pa, names);
		wattrset(w, sel ? at : ui_attr(a, R_DIM));
		ui_put(w, (*y)++, 1, wd - 2, line);
	}
	wattrset(w, A_NORMAL);
}

/* The last two rows: where the walk ended, and how to read it. */
static void result_rows(struct ui_app *a, WINDOW *w, int wd, int y,
			const struct pt_walk *pw)
{
	const struct pte_ctx *c = &sess_ctx(a->s)->pte;
	const struct pt_mode_desc *d = sess_mode(a->s);
	enum pgstate st = pgstate_of_walk(pw);
	const char *ok = a->ascii ? "->" : "\xe2\x86\x92";
	const char *no = a->ascii ? "x" : "\xe2\x9c\x97";
	char l1[200] = "", l2[200] = "", lines[8][64];
	unsigned last = pw->nlv ? pw->nlv - 1 : 0;

	switch (pw->stop) {
	case PT_OK: {
		static const char *const sz[] = { [12] = "4 KiB", [21] = "2 MiB",
						  [22] = "4 MiB", [30] = "1 GiB" };
		snprintf(l1, sizeof(l1), "%s PA %08" PRIx64 "  pfn %" PRIx64 "  %s "
			 "page%s", ok, pw->pa, pw->pa >> 12, sz[pw->page_shift],
			 pw->frame_in_dump ? "" : " (not in dump)");
		snprintf(l2, sizeof(l2), "%s %s %s", pw->user ? "user" : "kernel",
			 pw->writable ? "rw" : "ro", pw->nx ? "nx" : "x");
		break;
	}
	case PT_NOT_PRESENT: {
		const struct pt_level *l = &pw->lv[pw->stop_lvl];
		snprintf(l1, sizeof(l1), "%s %s not valid: %s", no, l->name,
			 l->raw ? pte_kind_name(l->info.kind) :
			 pgstate_desc(st)->name);
		unsigned n = pte_invalid_lines(c, &l->info, lines, 8);
		for (unsigned i = 0; i < n; i++) {
			if (i)
				strncat(l2, a->ascii ? " | " : " \xc2\xb7 ",
					sizeof(l2) - strlen(l2) - 1);
			strncat(l2, lines[i], sizeof(l2) - strlen(l2) - 1);
		}
		/* too long for the panel: the same facts in fewer words
		 * (the kind is on the line above) rather than cut mid-word */
		if ((int)strlen(l2) > wd - 2 && l->info.has_prot) {
			char p[40], off[48] = "";
			if (l->info.kind == PTE_WIN_PAGEFILE)
				snprintf(off, sizeof(off), "file %u offset %" PRIx64
					 " ", l->info.file, l->info.offset);
			else if (l->info.kind == PTE_WIN_TRANSITION)
				snprintf(off, sizeof(off), "pfn %" PRIx64 " ",
					 l->info.frame >> 12);
			else if (l->info.kind == PTE_WIN_PROTOTYPE)
				snprintf(off, sizeof(off), "proto %" PRIX64 " ",
					 l->info.proto);
			snprintf(l2, sizeof(l2), "%sprot %x %s", off, l->info.prot,
				 pte_protect_name(l->info.prot, p, sizeof(p)));
		}
		break;
	}
	case PT_TABLE_NOT_IN_DUMP:
	case PT_TABLE_UNREADABLE:
		snprintf(l1, sizeof(l1), "%s %s at #%" PRIx64 " %s", no,
			 d->lv[pw->stop_lvl].table,
			 pw->lv[pw->stop_lvl].entry_pa & ~(uint64_t)0xFFF,
			 pw->stop == PT_TABLE_UNREADABLE ? "unreadable" :
			 "not in the dump");
		break;
	case PT_BEYOND_MAXPHY:
		snprintf(l1, sizeof(l1), "%s %s -> %" PRIx64 ": beyond MAXPHYADDR",
			 no, pw->lv[pw->stop_lvl].name,
			 pw->lv[pw->stop_lvl].info.frame);
		break;
	case PT_NONCANONICAL:
		snprintf(l1, sizeof(l1), "%s non-canonical address", no);
		break;
	case PT_NO_ROOT:
		snprintf(l1, sizeof(l1), "%s no page-table root", no);
		break;
	case PT_NO_PAGING:
		snprintf(l1, sizeof(l1), "%s %s", pw->frame_in_dump ? ok : no,
			 pw->frame_in_dump ? "captured in the dump" : "not captured");
		break;
	}
	/* Windows: where the entry that decided it sits in the self-map. */
	uint64_t sva;
	char at[48] = "";
	if (sess_selfmap_va(a->s, last, pw->va, &sva) == 0)
		snprintf(at, sizeof(at), "%s at %0*" PRIX64, d->lv[last].wname,
			 d->va_bits == 32 ? 8 : 16, sva);
	/* an empty entry, or no table: the process's VAD or the task's VMA
	 * tells (reserved, committed, free) */
	char area[96];
	if (pw->stop != PT_OK && (pw->stop != PT_NOT_PRESENT ||
				  !pw->lv[pw->stop_lvl].raw) &&
	    view_area_text(a->s, pw, wd < 60, area, sizeof(area))) {
		if (at[0] && (int)(strlen(area) + 2 + strlen(at)) <= wd - 2)
			snprintf(l2, sizeof(l2), "%s  %s", area, at);
		else
			snprintf(l2, sizeof(l2), "%s", area);
	} else if (at[0] && !l2[0])
		snprintf(l2, sizeof(l2), "%s", at);
	else if (at[0] && pw->stop == PT_OK) {
		char perm[64];
		snprintf(perm, sizeof(perm), "%s", l2);
		snprintf(l2, sizeof(l2), "%s  %s", at, perm);
	}
	/* --diff: what this page's walk was in the other snapshot */
	const struct diff_set *ds = sess_diff(a->s);
	const struct diff_item *di = ds ? diff_at(ds, pw->va) : NULL;
	if (di && di->kind == DIFF_ENTRY)
		snprintf(l2, sizeof(l2), "then %s %0*" PRIX64 " (--diff)",
			 d->lv[di->lvl].name, (int)d->esize * 2, di->new);
	else if (di && di->kind == DIFF_PAGE)
		snprintf(l2, sizeof(l2), "then %u bytes differ (--diff)", di->bytes);
	wattrset(w, ui_state_attr(a, st));
	ui_put(w, y, 1, wd - 2, l1);
	wattrset(w, ui_attr(a, R_DIM));
	ui_put(w, y + 1, 1, wd - 2, l2);
	wattrset(w, A_NORMAL);
}

/* Minidump: no levels to show; the region from MemoryInfoList instead. */
static void region_rows(struct ui_app *a, WINDOW *w, int wd, int y,
			const struct pt_walk *pw)
{
	const struct fmt_region *r = pw->region;
	char line[160], prot[96];

	ui_put(w, y++, 1, wd - 2, "no page tables: user-mode minidump");
	if (!r) {
		ui_put(w, y, 1, wd - 2, pw->has_regions ? "in no region: free" :
		       "no region data (no MemoryInfoList)");
		return;
	}
	snprintf(line, sizeof(line), "region %" PRIx64 "-%" PRIx64, r->base,
		 r->base + r->size);
	ui_put(w, y++, 1, wd - 2, line);
	wattrset(w, ui_state_attr(a, pgstate_of_walk(pw)));
	snprintf(line, sizeof(line), "%s %s", region_state_name(r->state),
		 region_type_name(r->type));
	ui_put(w, y++, 1, wd - 2, line);
	wattrset(w, A_NORMAL);
	snprintf(line, sizeof(line), "protect %s", region_protect_name(
		 r->protect, prot, sizeof(prot)));
	ui_put(w, y++, 1, wd - 2, line);
	if (r->state == FMT_MEM_FREE)
		return;
	snprintf(line, sizeof(line), "alloc %" PRIx64 " %s", r->alloc_base,
		 region_protect_name(r->alloc_protect, prot, sizeof(prot)));
	ui_put(w, y++, 1, wd - 2, line);
}

static void walk_draw(struct ui_app *a, WINDOW *w, int h, int wd)
{
	const struct pt_mode_desc *d = sess_mode(a->s);
	struct pt_walk pw;
	char title[96];
	int y = 1;

	sess_walk(a->s, sess_va(a->s), &pw);
	if (pw.stop == PT_NO_PAGING) {
		ui_box(a, w, h, wd, "Region", a->focus == F_WALK);
		region_rows(a, w, wd, 1, &pw);
		result_rows(a, w, wd, h - 3, &pw);
		return;
	}
	const char *kreg = view_kernel_region(a->s, sess_va(a->s));
	snprintf(title, sizeof(title), "Walk  %s  CR3 %" PRIx64 "%s%s",
		 d ? d->label : "?", sess_ctx(a->s)->cr3, kreg ? "  " : "",
		 kreg ? kreg : "");
	ui_box(a, w, h, wd, title, a->focus == F_WALK);
	wattrset(w, ui_attr(a, R_HEADER));
	const char *last = sess_ctx(a->s)->pte.os == PW_OS_LINUX ? "linux" :
			   "windbg";
	char head[120], cols[40];
	pte_flag_header(cols, sizeof(cols));
	if (a->L.walk_wide)
		snprintf(head, sizeof(head), "lvl   idx  entry@     value"
			 "             %s  %s", cols, last);
	else
		snprintf(head, sizeof(head), "lvl   idx value            %s",
			 last);
	ui_put(w, y++, 1, wd - 2, head);
	wattrset(w, A_NORMAL);
	if (a->walk_sel >= pw.nlv && pw.nlv)
		a->walk_sel = pw.nlv - 1;
	for (unsigned i = 0; i < pw.nlv && y < h - 3; i++)
		level_rows(a, w, wd, &y, &pw, i);
	result_rows(a, w, wd, h - 3 < y ? y : h - 3, &pw);
}

static enum ui_result walk_key(struct ui_app *a, int ch)
{
	struct pt_walk pw;

	sess_walk(a->s, sess_va(a->s), &pw);
	switch (ch) {
	case KEY_UP: case 'k':
		if (a->walk_sel > 0)
			a->walk_sel--;
		if (a->table_mode)
			a->phys_top = -1;
		return UI_HANDLED;
	case KEY_DOWN: case 'j':
		if (a->walk_sel + 1 < pw.nlv)
			a->walk_sel++;
		if (a->table_mode)
			a->phys_top = -1;
		return UI_HANDLED;
	case '\n': case '\r': case KEY_ENTER:
		if (pw.nlv == 0 || !pw.lv[0].read)
			return UI_HANDLED;
		a->table_mode = true;
		a->phys_top = -1;
		return UI_HANDLED;
	default:
		return UI_IGNORED;
	}
}

const struct ui_panel_ops ui_walk_ops = { walk_draw, walk_key };
