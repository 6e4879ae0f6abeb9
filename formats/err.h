/* The error buffer every layer passes down: one line naming file, offset and
 * problem.  Lives in the bottom layer so nothing points back up. */
#ifndef PW_ERR_H
#define PW_ERR_H

#include <stdarg.h>

#define ERR_MAX 512

struct err {
	char msg[ERR_MAX];
};

/* Replace the message; always returns -1 so callers can `return err_set()`. */
int err_set(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Put "<context>: " in front of the current message; returns -1. */
int err_prefix(struct err *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

void err_clear(struct err *e);

#endif
