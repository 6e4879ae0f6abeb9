/* Structured results for --json (doc/JSON.md): each command fills the
 * object its outbuf carries, when there is one, beside its text.
 * Addresses and raw values are strings "0x..." (they do not fit a JSON
 * number); counts are numbers. */
#ifndef PW_CJSON_H
#define PW_CJSON_H

#include <jansson.h>
#include <stdint.h>

#include "fmt.h"
#include "outbuf.h"
#include "pt.h"

struct session;

/* The result object to fill, or NULL when no JSON was asked for. */
json_t *cj_result(struct outbuf *o);
/* Ask for JSON: o now carries a fresh empty result (replacing any). */
void cj_want(struct outbuf *o);
/* Take the result (the caller owns it) and stop carrying one. */
json_t *cj_take(struct outbuf *o);

json_t *cj_hex(uint64_t v);
/* A string from a dump or a file name: valid UTF-8 whatever it held
 * (bytes that are not are escaped as text.h does). */
json_t *cj_text(const char *s);
/* One decoded entry at a level of the given role. */
json_t *cj_entry(const struct pte_ctx *c, enum pte_role role,
		 const struct pte_info *in);
/* A walk: every level read, why it stopped, the translation. */
json_t *cj_walk(struct session *s, const struct pt_walk *w);
/* A minidump region (MemoryInfoList). */
json_t *cj_region(const struct fmt_region *r);

#endif
