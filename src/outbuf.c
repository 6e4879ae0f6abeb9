/* The growing text buffer behind every command's output. */
#include "config.h"

#include "outbuf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

void ob_init(struct outbuf *o)
{
	memset(o, 0, sizeof(*o));
}

void ob_fini(struct outbuf *o)
{
	json_decref(o->json);
	free(o->buf);
	ob_init(o);
}

void ob_reset(struct outbuf *o)
{
	o->len = 0;
	if (o->buf)
		o->buf[0] = '\0';
}

static bool reserve(struct outbuf *o, size_t more)
{
	if (o->oom)
		return false;
	if (o->len + more + 1 <= o->cap)
		return true;
	size_t cap = o->cap ? o->cap : 256;
	while (cap < o->len + more + 1)
		cap *= 2;
	char *b = realloc(o->buf, cap);
	if (!b) {
		o->oom = true;
		return false;
	}
	o->buf = b;
	o->cap = cap;
	return true;
}

void ob_printf(struct outbuf *o, const char *fmt, ...)
{
	va_list ap;
	char small[256];

	va_start(ap, fmt);
	int n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0 || !reserve(o, (size_t)n))
		return;
	if ((size_t)n < sizeof(small)) {
		memcpy(o->buf + o->len, small, (size_t)n + 1);
	} else {
		va_start(ap, fmt);
		vsnprintf(o->buf + o->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	o->len += (size_t)n;
}

void ob_puts(struct outbuf *o, const char *s)
{
	size_t n = strlen(s);

	if (!reserve(o, n))
		return;
	memcpy(o->buf + o->len, s, n + 1);
	o->len += n;
}

const char *ob_str(const struct outbuf *o)
{
	return o->buf ? o->buf : "";
}
