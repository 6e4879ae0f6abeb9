/* explain VA: a walk told step by step for a student.  The VA split into
 * its indices (bits, binary, hex), then for each level how the entry's
 * address is computed, what the entry says, the permissions as they
 * accumulate, and why the walk ends (doc/PAGING.md, Splitting a virtual
 * address, Entry bits, What stops a walk). */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "aspace.h"
#include "cjson.h"
#include "cmd.h"
#include "session.h"

/* "110000" -> grouped by four from the right: "11 0000". */
static void binary(uint64_t v, unsigned bits, char *buf, size_t len)
{
	size_t k = 0;

	for (unsigned i = bits; i-- > 0 && k + 2 < len;) {
		buf[k++] = (v >> i) & 1 ? '1' : '0';
		if (i && i % 4 == 0)
			buf[k++] = ' ';
	}
	buf[k] = '\0';
}

static void perms(char *buf, size_t len, bool w, bool u, bool nx)
{
	snprintf(buf, len, "%s, %s, %s", w ? "writable" : "read-only",
		 u ? "user" : "kernel only", nx ? "no-execute" : "executable");
}

/* The line for one entry that was read: what its bits say. */
static void entry_line(const struct pt_mode_desc *d, const struct pt_ctx *c,
		       const struct pt_level *l, unsigned i, struct outbuf *out)
{
	const struct pte_info *in = &l->info;
	int hw = (int)d->esize * 2;
	const char *next = i + 1 < d->nlv ? d->lv[i + 1].table : NULL;

	if (!in->present) {
		char lines[8][64];
		unsigned n = pte_invalid_lines(&c->pte, in, lines, 8);
		ob_printf(out, "   %s = %0*" PRIX64 ": not present (P=0): the walk "
			  "stops here%s\n", l->name, hw, l->raw,
			  l->raw ? "" : " (a zero entry: nothing there)");
		if (n) {
			ob_printf(out, "   %s:", c->pte.os == PW_OS_WINDOWS ?
				  "Windows keeps its own meaning in the other bits" :
				  c->pte.os == PW_OS_LINUX ? "Linux keeps its own "
				  "meaning in the other bits" : "the other bits");
			for (unsigned k = 0; k < n; k++)
				ob_printf(out, "%s %s", k ? ";" : "", lines[k]);
			ob_puts(out, "\n");
		}
		return;
	}
	char what[96] = "present";
	if (in->perm.has) {
		size_t k = strlen(what);
		snprintf(what + k, sizeof(what) - k, "%s%s%s",
			 in->perm.write ? ", writable" : ", read-only",
			 in->perm.user ? ", user" : ", kernel only",
			 in->perm.exec ? "" : ", no-execute");
	}
	if (in->large)
		ob_printf(out, "   %s = %0*" PRIX64 ": %s, large (PS=1): a %s page "
			  "at %" PRIx64 "\n", l->name, hw, l->raw, what,
			  in->large_shift == 30 ? "1 GiB" : in->large_shift == 22 ?
			  "4 MiB" : "2 MiB", in->frame);
	else if (next)
		ob_printf(out, "   %s = %0*" PRIX64 ": %s; the %s is at %" PRIx64
			  "\n", l->name, hw, l->raw, what, next, in->frame);
	else
		ob_printf(out, "   %s = %0*" PRIX64 ": %s; the page is at %" PRIx64
			  "\n", l->name, hw, l->raw, what, in->frame);
	if (in->rsvd)
		ob_printf(out, "   (reserved bits %" PRIx64 " are set: ignored, as "
			  "the CPU that ran the machine did)\n", in->rsvd);
}

int cmd_explain(struct session *s, int argc, char **argv, struct outbuf *out,
		struct err *e)
{
	uint64_t va;
	struct pt_walk w;
	char bin[96], p[64];

	(void)argc;
	if (cmd_parse_num(argv[1], &va, e) < 0 || sess_need_root(s, e) < 0)
		return -1;
	if (!as_has_tables(sess_aspace(s)))
		return err_set(e, "a minidump has no page tables: nothing to "
			       "explain (try !pte for the region)");
	const struct pt_mode_desc *d = sess_mode(s);
	const struct pt_ctx *c = sess_ctx(s);
	size_t start = out->len;
	sess_walk(s, va, &w);
	sess_set_va(s, va);

	ob_printf(out, "VA %" PRIx64 " in %s paging (%u levels of %u-byte "
		  "entries), CR3 %" PRIx64 "\n\n", va, d->label, d->nlv, d->esize,
		  c->cr3);
	if (w.stop == PT_NONCANONICAL) {
		if (d->va_bits == 32)
			ob_puts(out, "Not translated: a 32-bit mode has no address "
				"above 4 GiB.\n");
		else
			ob_printf(out, "Not translated: bits 63:%u must all equal bit "
				  "%u (a canonical address), and they do not.\n",
				  d->va_bits, d->va_bits - 1);
		goto json;
	}
	/* the VA split into its fields */
	ob_printf(out, "%-8s %-7s %-24s %s\n", "field", "bits", "binary", "hex");
	for (unsigned i = 0; i < d->nlv; i++) {
		const struct pt_level_desc *ld = &d->lv[i];
		uint64_t idx = (va >> ld->shift) & ((1u << ld->bits) - 1);
		char bits[16];
		snprintf(bits, sizeof(bits), "%u:%u", ld->shift + ld->bits - 1,
			 ld->shift);
		binary(idx, ld->bits, bin, sizeof(bin));
		ob_printf(out, "%-8s %-7s %-24s %" PRIx64 "\n", ld->table, bits, bin,
			  idx);
	}
	binary(va & 0xFFF, 12, bin, sizeof(bin));
	ob_printf(out, "%-8s %-7s %-24s %03" PRIx64 "\n\n", "offset", "11:0", bin,
		  va & 0xFFF);

	bool wr = true, us = true, nx = false;
	for (unsigned i = 0; i < w.nlv; i++) {
		const struct pt_level *l = &w.lv[i];
		uint64_t base = l->entry_pa - (uint64_t)l->index * d->esize;
		if (i == 0)
			ob_printf(out, "%u. %s address = CR3 %" PRIx64 "%s + index %x "
				  "x %u = %" PRIx64 "\n", i + 1, l->name, c->cr3,
				  d->mode == PW_MODE_PAE ? " (32-byte aligned)" :
				  d->esize == 4 ? " (bits 31:12)" : " (bits 51:12)", l->index, d->esize, l->entry_pa);
		else
			ob_printf(out, "%u. %s address = %s %" PRIx64 " + index %x x "
				  "%u = %" PRIx64 "\n", i + 1, l->name, d->lv[i].table,
				  base, l->index, d->esize, l->entry_pa);
		if (!l->read) {
			ob_printf(out, "   the %s page at %" PRIx64 " is %s: the walk "
				  "stops here\n", d->lv[i].table, base,
				  w.stop == PT_TABLE_UNREADABLE ? "in the dump but "
				  "cannot be read" : "not in the dump");
			break;
		}
		entry_line(d, c, l, i, out);
		if (!l->info.present)
			break;
		if (l->info.perm.has) {
			wr &= l->info.perm.write;
			us &= l->info.perm.user;
			nx |= !l->info.perm.exec;
			perms(p, sizeof(p), wr, us, nx);
			ob_printf(out, "   so far: %s\n", p);
		}
		if (w.stop == PT_BEYOND_MAXPHY && i == w.stop_lvl)
			ob_printf(out, "   %" PRIx64 " is beyond MAXPHYADDR (%u bits): "
				  "no memory there, the walk stops\n",
				  l->info.frame, pte_maxphy(&c->pte));
	}
	if (w.stop == PT_OK) {
		unsigned sh = w.page_shift;
		ob_printf(out, "\nPA = page %" PRIx64 " + VA bits %u:0 (%" PRIx64
			  ") = %" PRIx64 ", in a %s page%s\n", w.page_pa, sh - 1,
			  (uint64_t)(va & ((1ull << sh) - 1)), w.pa, sh == 30 ? "1 GiB" :
			  sh == 22 ? "4 MiB" : sh == 21 ? "2 MiB" : "4 KiB",
			  w.frame_in_dump ? "" : " (not in the dump)");
		perms(p, sizeof(p), w.writable, w.user, w.nx);
		ob_printf(out, "Access: %s.\n", p);
	} else {
		ob_printf(out, "\nNo translation: %s.\n", pt_stop_text(w.stop));
	}
json:
	if (cj_result(out)) {
		json_t *lines = json_array();
		const char *t = ob_str(out) + start;
		while (*t) {
			size_t n = strcspn(t, "\n");
			char line[256];
			snprintf(line, sizeof(line), "%.*s", (int)n, t);
			json_array_append_new(lines, json_string(line));
			t += n + (t[n] == '\n');
		}
		json_object_set_new(cj_result(out), "walk", cj_walk(s, &w));
		json_object_set_new(cj_result(out), "lines", lines);
	}
	return 0;
}
