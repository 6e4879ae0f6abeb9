/* search: find a byte pattern or text in the current address space, from
 * just after the cursor, through mapped pages only; moves the cursor. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bytes.h"
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
	bool back = !strcasecmp(argv[0], "searchback");
	int n = view_parse_pattern(argv[1], pat, sizeof(pat), e);
	if (n < 0)
		return -1;
	int rc = back ? view_search_back(s, sess_va(s), pat, (size_t)n,
					 SEARCH_MAX_BYTES, &hit, e)
		      : view_search(s, sess_va(s) + 1, pat, (size_t)n,
				    SEARCH_MAX_BYTES, &hit, e);
	if (rc < 0)
		return -1;
	json_t *j = cj_result(out);
	if (j) {
		json_object_set_new(j, "from", cj_hex(sess_va(s) + !back));
		json_object_set_new(j, "backward", json_boolean(back));
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
		ob_printf(out, "not found %s %s%s\n", back ? "before" : "after",
			  cmd_fmt_va(s, sess_va(s), vabuf), rc == 2 ?
			  " (stopped: entry limit, the tables may loop)" : "");
		return 0;
	}
	sess_set_va(s, hit);
	ob_printf(out, "found at %s\n", cmd_fmt_va(s, hit, vabuf));
	return 0;
}

#define SEARCH_ALL_MAX 256	/* hits listed by searchall / !search */

/* searchall PATTERN: every hit in the address space, in VA order (at
 * most SEARCH_ALL_MAX), each with its PA; the cursor stays. */
int cmd_search_all(struct session *s, int argc, char **argv,
		   struct outbuf *out, struct err *e)
{
	uint8_t pat[256];
	uint64_t va = 0, hit;
	char vb[24];
	unsigned n = 0;
	int rc = 1;

	(void)argc;
	int len = view_parse_pattern(argv[1], pat, sizeof(pat), e);
	if (len < 0 || sess_need_root(s, e) < 0)
		return -1;
	json_t *ja = cj_result(out) ? json_array() : NULL;
	uint64_t keep = sess_va(s);
	while (n < SEARCH_ALL_MAX &&
	       (rc = view_search(s, va, pat, (size_t)len, SEARCH_MAX_BYTES, &hit,
				 e)) == 1) {
		struct pt_walk w;
		sess_walk(s, hit, &w);
		ob_printf(out, "%s  PA %" PRIx64 "\n", cmd_fmt_va(s, hit, vb), w.pa);
		if (ja) {
			json_t *o = json_object();
			json_object_set_new(o, "va", cj_hex(hit));
			json_object_set_new(o, "pa", cj_hex(w.pa));
			json_array_append_new(ja, o);
		}
		n++;
		if (hit == UINT64_MAX)
			break;
		va = hit + 1;
	}
	sess_set_va(s, keep);
	if (rc < 0)
		return -1;
	ob_printf(out, "%u hit%s%s\n", n, n == 1 ? "" : "s",
		  n == SEARCH_ALL_MAX ? " (stopped: at most this many are listed)" :
		  rc == 2 ? " (stopped: entry limit, the tables may loop)" :
		  rc == 3 ? " (cancelled)" : "");
	if (ja) {
		json_object_set_new(cj_result(out), "hits", ja);
		json_object_set_new(cj_result(out), "truncated",
				    json_boolean(n == SEARCH_ALL_MAX || rc >= 2));
	}
	return 0;
}

/* !search PATTERN: every hit in the dump's physical memory, page by page
 * in PA order (a match may cross into the next page only if that page is
 * the next one in the dump). */
int cmd_search_phys(struct session *s, int argc, char **argv,
		    struct outbuf *out, struct err *e)
{
	const struct fmt_source *src = sess_source(s);
	uint8_t pat[256], page[FMT_PAGE_SIZE], prev[FMT_PAGE_SIZE + 256];
	unsigned n = 0;
	uint64_t steps = 0;

	(void)argc;
	int len = view_parse_pattern(argv[1], pat, sizeof(pat), e);
	if (len < 0)
		return -1;
	json_t *ja = cj_result(out) ? json_array() : NULL;
	size_t keep = 0;
	uint64_t keep_end = UINT64_MAX;
	for (size_t r = 0; r < src->nranges && n < SEARCH_ALL_MAX; r++) {
		uint64_t pa = src->ranges[r].pa & ~(uint64_t)0xFFF;
		for (; pa < src->ranges[r].pa + src->ranges[r].len &&
		     n < SEARCH_ALL_MAX; pa += FMT_PAGE_SIZE) {
			if (++steps % 1024 == 0 &&
			    !sess_progress(s, "searching", steps << 12))
				goto done;
			const uint8_t *p = fmt_page(src, pa >> FMT_PAGE_SHIFT, page,
						    NULL);
			if (!p) {
				keep = 0;
				continue;
			}
			if (pa != keep_end)
				keep = 0;
			memcpy(prev + keep, p, FMT_PAGE_SIZE);
			size_t total = keep + FMT_PAGE_SIZE;
			for (size_t i = 0; i + (size_t)len <= total &&
			     n < SEARCH_ALL_MAX; i++) {
				const uint8_t *h = bytes_find(prev + i, total - i,
							      pat, (size_t)len);
				if (!h)
					break;
				uint64_t hpa = pa - keep + (uint64_t)(h - prev);
				ob_printf(out, "PA %" PRIx64 "\n", hpa);
				if (ja)
					json_array_append_new(ja, cj_hex(hpa));
				n++;
				i = (size_t)(h - prev);
			}
			keep = (size_t)len - 1;
			memmove(prev, prev + total - keep, keep);
			keep_end = pa + FMT_PAGE_SIZE;
		}
	}
done:
	ob_printf(out, "%u hit%s in physical memory%s\n", n, n == 1 ? "" : "s",
		  n == SEARCH_ALL_MAX ? " (stopped: at most this many are listed)" :
		  "");
	if (ja)
		json_object_set_new(cj_result(out), "hits", ja);
	return 0;
}
