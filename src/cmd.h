/* Commands: a const table of {name, usage, arg counts, handler}.  Handlers
 * write text to an outbuf and report errors through struct err, so -c, the
 * prompt and the tests consume the same text. */
#ifndef PW_CMD_H
#define PW_CMD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "outbuf.h"

struct session;

typedef int (*cmd_fn)(struct session *s, int argc, char **argv,
		      struct outbuf *out, struct err *e);

struct cmd {
	const char *name;
	const char *usage;
	const char *help;
	int min_args, max_args;	/* not counting the name; max -1: the
				   rest of the line is one argument */
	cmd_fn fn;
};

/* Run one command line; output appended to out.  -1 with e set on error. */
int cmd_run(struct session *s, const char *line, struct outbuf *out,
	    struct err *e);

const struct cmd *cmd_table(size_t *n);

/* WinDbg-style numbers: hex by default, 0x, 0n (decimal), backquotes
 * ignored, terms joined by + and -.  -1 with e set if malformed. */
int cmd_parse_num(const char *s, uint64_t *out, struct err *e);
/* The same, where a term may also be one of the session's kernel symbols
 * (Linux: "linux_banner+10").  Commands run by cmd_run get this. */
int cmd_parse_va(struct session *s, const char *str, uint64_t *out,
		 struct err *e);
/* Parse an optional "L n" / "Ln" count at argv[i..]; *count unchanged if
 * absent.  Returns -1 on junk. */
int cmd_parse_len(int argc, char **argv, int i, uint64_t *count,
		  struct err *e);

/* Address as WinDbg prints it for the session's mode: 8 digits for 32-bit
 * modes, "00000000`001f0000" for 64-bit ones.  buf >= 20. */
const char *cmd_fmt_va(const struct session *s, uint64_t va, char *buf);

/* Handlers, one file per family. */
int cmd_pte(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_vtop(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_pte2va(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_pte_decode(struct session *, int, char **, struct outbuf *,
		   struct err *);
int cmd_dump(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_map(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_cr3(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_info(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_search(struct session *, int, char **, struct outbuf *,
	       struct err *);
int cmd_dtbscan(struct session *, int, char **, struct outbuf *,
		struct err *);
int cmd_fields(struct session *, int, char **, struct outbuf *,
	       struct err *);
int cmd_diff(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_search_all(struct session *, int, char **, struct outbuf *,
		   struct err *);
int cmd_search_phys(struct session *, int, char **, struct outbuf *,
		    struct err *);
int cmd_explain(struct session *, int, char **, struct outbuf *,
		struct err *);
int cmd_states(struct session *, int, char **, struct outbuf *,
	       struct err *);
int cmd_regs(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_spaces(struct session *, int, char **, struct outbuf *,
	       struct err *);
int cmd_rmap(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_process(struct session *, int, char **, struct outbuf *,
		struct err *);

#endif
