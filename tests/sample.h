/* Opening the bundled samples in tests (PW_SRCDIR/samples). */
#ifndef PW_TEST_SAMPLE_H
#define PW_TEST_SAMPLE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "session.h"

/* A session on samples/name, or on name itself when it holds a '/';
 * the test fails if it does not open. */
static inline struct session *sample_session(const char *name)
{
	char path[1024];
	const char *src = getenv("PW_SRCDIR");
	struct session *s;
	struct sess_opts o = { 0 };
	struct err e;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "%s/samples/%s", src ? src : ".",
			 name);
	if (sess_open(path, &o, &s, &e) < 0)
		fail_msg("%s", e.msg);
	return s;
}

#endif
