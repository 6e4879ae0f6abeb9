/* The interface, headless: the input is a key string (--keys notation:
 * characters, <Enter>, <Tab>, ...) fed to the bundled PAE sample on an
 * 80x24 or 132x43 screen, then a text screenshot to /dev/null. */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

const char *fuzz_format;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *dir = getenv("PW_SRCDIR");
	char path[1024];
	struct sess_opts o = { 0 };
	struct session *s;
	struct err e;

	if (size > 4096)
		return 0;
	snprintf(path, sizeof(path), "%s/samples/seed-pae-3-touched.dmp",
		 dir ? dir : ".");
	if (sess_open(path, &o, &s, &e) < 0) {
		fprintf(stderr, "fuzz_ui: %s (set PW_SRCDIR)\n", e.msg);
		abort();
	}
	char *keys = malloc(size + 1);
	if (keys) {
		memcpy(keys, data, size);
		keys[size] = '\0';
		struct ui_opts u = { .ascii = size & 1, .keys = keys,
				     .cols = size & 2 ? 132 : 80,
				     .rows = size & 2 ? 43 : 24,
				     .screenshot = "/dev/null.txt" };
		ui_headless(s, &u, &e);
		free(keys);
	}
	sess_free(s);
	return 0;
}
