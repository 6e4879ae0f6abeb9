/* search: find a byte pattern or text in the current address space, from
 * just after the cursor, through mapped pages only; moves the cursor. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "cjson.h"
#include "cmd.h"
#include "session.h"
#include "view.h"

#define SEARCH_MAX_BYTES (4ull << 30)	/* give up after 4 GiB scanned */

int cmd_search(struct session *s, int argc, char **argv, struct outbuf *out,
	       struct err *e)
{
	uint8_t pat[256];
	uint64_t hit;
	char vabuf[24];

	(void)argc;	/* argv[1]: the rest of the line, as typed */
	int n = view_parse_pattern(argv[1], pat, sizeof(pat), e);
	if (n < 0)
		return -1;
	int rc = view_search(s, sess_va(s) + 1, pat, (size_t)n, SEARCH_MAX_BYTES,
			     &hit, e);
	if (rc < 0)
		return -1;
	json_t *j = cj_result(out);
	if (j) {
		json_object_set_new(j, "from", cj_hex(sess_va(s) + 1));
		json_object_set_new(j, "pattern_bytes", json_integer(n));
		json_object_set_new(j, "found", json_boolean(rc == 1));
		json_object_set_new(j, "va", rc == 1 ? cj_hex(hit) : json_null());
		json_object_set_new(j, "stopped", json_string(
			rc == 3 ? "cancelled" : rc == 2 ? "entry limit" : "no"));
	}
	if (rc == 3) {
		ob_printf(out, "search from %s cancelled\n",
			  cmd_fmt_va(s, sess_va(s), vabuf));
		return 0;
	}
	if (rc == 0 || rc == 2) {
		ob_printf(out, "not found after %s%s\n",
			  cmd_fmt_va(s, sess_va(s), vabuf), rc == 2 ?
			  " (stopped: entry limit, the tables may loop)" : "");
		return 0;
	}
	sess_set_va(s, hit);
	ob_printf(out, "found at %s\n", cmd_fmt_va(s, hit, vabuf));
	return 0;
}
