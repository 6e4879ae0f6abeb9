/* The error buffer: formatting and prefixing, nothing else. */
#include "config.h"

#include "err.h"

#include <stdio.h>
#include <string.h>

int err_set(struct err *e, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int err_prefix(struct err *e, const char *fmt, ...)
{
	char out[ERR_MAX];
	va_list ap;

	if (!e)
		return -1;
	va_start(ap, fmt);
	vsnprintf(out, sizeof(out), fmt, ap);
	va_end(ap);
	/* out = head ": " old, cut at the buffer's end. */
	size_t n = strlen(out), old = strnlen(e->msg, ERR_MAX - 1);
	const char *sep = ": ";
	for (size_t i = 0; i < 2 && n < ERR_MAX - 1; i++)
		out[n++] = sep[i];
	size_t k = old < ERR_MAX - 1 - n ? old : ERR_MAX - 1 - n;
	memcpy(out + n, e->msg, k);
	out[n + k] = '\0';
	memcpy(e->msg, out, n + k + 1);
	return -1;
}

void err_clear(struct err *e)
{
	if (e)
		e->msg[0] = '\0';
}
