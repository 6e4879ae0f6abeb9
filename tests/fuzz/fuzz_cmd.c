/* The command line: every line of the input is run as a command on the
 * bundled PAE sample (PW_SRCDIR/samples, opened once). */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "cmd.h"

const char *fuzz_format;

static struct session *sample(void)
{
	static struct session *s;
	const char *dir = getenv("PW_SRCDIR");
	char path[1024];
	struct sess_opts o = { 0 };
	struct err e;

	if (s)
		return s;
	snprintf(path, sizeof(path), "%s/samples/seed-pae-3-touched.dmp",
		 dir ? dir : ".");
	if (sess_open(path, &o, &s, &e) < 0) {
		fprintf(stderr, "fuzz_cmd: %s (set PW_SRCDIR)\n", e.msg);
		abort();
	}
	return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct session *s = sample();
	char *text = malloc(size + 1);
	struct outbuf out;
	struct err e;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	sess_set_va(s, 0x1f0000);
	ob_init(&out);
	bool json = size && (data[0] & 1);	/* the JSON side too */
	char *save;
	for (char *line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (json)
			cj_want(&out);
		cmd_run(s, line, &out, &e);
		ob_reset(&out);
	}
	ob_fini(&out);
	free(text);
	/* back to where every input starts: the sample's own root */
	cmd_run(s, ".cr3 7f2124c0 pae", &out, &e);
	ob_fini(&out);
	return 0;
}
