/* db/dw/dd/dq (virtual) and !db/!dw/!dd/!dq (physical), laid out like
 * WinDbg's; bytes missing from the dump print as ??. */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cjson.h"
#include "cmd.h"
#include "le.h"
#include "session.h"

#define MAX_DUMP (1u << 20)	/* bytes in one command */

static void dump_row(struct session *s, bool virt, unsigned unit,
		     uint64_t addr, const uint8_t *b, const bool *ok, size_t n,
		     struct outbuf *out)
{
	char abuf[24];

	if (virt)
		ob_printf(out, "%s  ", cmd_fmt_va(s, addr, abuf));
	else
		ob_printf(out, "#%8" PRIx64 " ", addr);
	for (size_t i = 0; i < n; i += unit) {
		bool have = true;
		for (size_t k = 0; k < unit && have; k++)
			have = ok[i + k];
		char sep = unit == 1 && i == 8 ? '-' : ' ';
		if (i)
			ob_printf(out, "%c", sep);
		switch (unit) {
		case 1:
			ob_printf(out, have ? "%02x" : "??", b[i]);
			break;
		case 2:
			ob_printf(out, have ? "%04x" : "????", le_u16(b + i));
			break;
		case 4:
			ob_printf(out, have ? "%08" PRIx32 : "????????",
				  le_u32(b + i));
			break;
		default:
			if (have)
				ob_printf(out, "%08" PRIx32 "`%08" PRIx32,
					  le_u32(b + i + 4), le_u32(b + i));
			else
				ob_puts(out, "????????`????????");
		}
	}
	if (unit == 1) {
		/* Pad a short last row so the text column stays aligned. */
		for (size_t i = n; i < 16; i++)
			ob_puts(out, "   ");
		ob_puts(out, virt ? "  " : " ");
		for (size_t i = 0; i < n; i++)
			ob_printf(out, "%c", !ok[i] ? '?' :
				  isprint(b[i]) ? b[i] : '.');
	}
	ob_puts(out, "\n");
}

int cmd_dump(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	const char *name = argv[0];
	bool virt = name[0] != '!';
	char u = (char)tolower((unsigned char)name[virt ? 1 : 2]);
	unsigned unit = u == 'b' ? 1 : u == 'w' ? 2 : u == 'd' ? 4 : 8;
	uint64_t addr, count = 128 / unit;
	uint8_t b[16];
	bool ok[16];

	if (cmd_parse_num(argv[1], &addr, e) < 0 ||
	    cmd_parse_len(argc, argv, 2, &count, e) < 0)
		return -1;
	if (count > MAX_DUMP / unit)
		return err_set(e, "L %" PRIx64 " is too long (at most %x %s)",
			       count, MAX_DUMP / unit, "units");
	if (virt) {
		if (sess_need_root(s, e) < 0)
			return -1;
		sess_set_va(s, addr);
	}
	uint64_t len = count * unit;
	json_t *vals = cj_result(out) ? json_array() : NULL;
	for (uint64_t off = 0; off < len; off += 16) {
		size_t n = len - off < 16 ? (size_t)(len - off) : 16;
		sess_read(s, virt, addr + off, b, ok, n);
		dump_row(s, virt, unit, addr + off, b, ok, n, out);
		for (size_t i = 0; vals && i < n; i += unit) {
			bool have = true;
			uint64_t v = 0;
			for (size_t k = unit; k-- > 0;) {
				have &= ok[i + k];
				v = v << 8 | b[i + k];
			}
			json_array_append_new(vals, have ? cj_hex(v) : json_null());
		}
	}
	if (vals) {
		json_t *j = cj_result(out);
		json_object_set_new(j, "address", cj_hex(addr));
		json_object_set_new(j, "virtual", json_boolean(virt));
		json_object_set_new(j, "unit", json_integer(unit));
		json_object_set_new(j, "values", vals);
	}
	return 0;
}

/* r [REG]: the first CPU's registers that the dump holds, three to a
 * line as WinDbg's r; a 32-bit guest's by their 32-bit names, eight
 * digits.  One register asked: its line alone, as "r @cr2" prints. */
int cmd_regs(struct session *s, int argc, char **argv, struct outbuf *out,
	     struct err *e)
{
	const struct fmt_source *src = sess_source(s);
	const char *want = argc > 1 ? argv[1] + (argv[1][0] == '@') : NULL;
	bool wide = src->mode != PW_MODE_X86 && src->mode != PW_MODE_PAE;
	json_t *r = cj_result(out);
	int k = 0;

	if (!src->has_regs)
		return err_set(e, "the dump holds no CPU registers (no QEMU CPU "
			       "note, no NT_PRSTATUS, no context record)");
	for (unsigned i = 0; fmt_reg_name(i); i++) {
		const char *name = wide ? fmt_reg_name(i) : fmt_reg_name32(i);
		if (!name || (want && strcasecmp(want, name) &&
			      strcasecmp(want, fmt_reg_name(i))))
			continue;
		if (!(src->regs_valid & 1u << i)) {
			if (want)
				return err_set(e, "%s is not in this dump (its "
					       "registers come from the %s)",
					       name, src->regs_from);
			continue;
		}
		ob_printf(out, "%s%s=%0*" PRIx64, k % 3 ? " " : "", name,
			  wide ? 16 : 8, src->regs[i]);
		if (++k % 3 == 0)
			ob_printf(out, "\n");
		if (r)
			json_object_set_new(r, name, cj_hex(src->regs[i]));
	}
	if (!k)
		return err_set(e, "no register '%s' (%s)", argv[1], wide ?
			       "rax..r15, rip, rflags, cr0, cr2, cr3, cr4" :
			       "eax..ebp, eip, efl, cr0, cr2, cr3, cr4");
	if (k % 3)
		ob_printf(out, "\n");
	if (!want)
		ob_printf(out, "(from the %s)\n", src->regs_from);
	return 0;
}
