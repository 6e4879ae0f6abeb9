/* A growing text buffer: commands write their output here; -c prints it,
 * the interface shows it, tests compare it. */
#ifndef PW_OUTBUF_H
#define PW_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>

struct outbuf {
	char *buf;	/* NUL-terminated; NULL until the first write */
	size_t len, cap;
	bool oom;	/* an allocation failed: the text is cut short */
	struct json_t *json;	/* --json: the structured result (cjson.h) */
};

void ob_init(struct outbuf *o);
void ob_fini(struct outbuf *o);
void ob_reset(struct outbuf *o);
void ob_printf(struct outbuf *o, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ob_puts(struct outbuf *o, const char *s);
/* The text so far ("" when empty); borrowed until the next write. */
const char *ob_str(const struct outbuf *o);

#endif
