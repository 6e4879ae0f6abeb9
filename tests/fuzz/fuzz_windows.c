/* The Windows layer: a shipped Windows sample with the input written
 * over it in patches, then every command that reads the kernel's
 * structures (processes, VAD trees, the PFN database, the context).
 * Mutating a whole 140 KB dump would mostly break its header; patches
 * reach the EPROCESS lists, VAD nodes and MMPFN entries deep inside.
 *
 * Input: byte 0 picks the sample (and, bit 7, JSON output); then patches
 * of [offset: 3 bytes, little-endian, modulo the sample's size]
 * [length: 1 byte][that many bytes], as many as there are. */
#include "config.h"

#include "fuzz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cjson.h"
#include "cmd.h"

const char *fuzz_format;

static const char *const samples[] = {
	"seed-pae-1-reserved.dmp", "seed-pae-3-touched.dmp",
	"seed-x64-1-reserved.dmp", "win11-x64.dmp",
};
#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))

/* A sample's bytes, read once. */
static const uint8_t *sample(size_t i, size_t *size)
{
	static uint8_t *data[NSAMPLES];
	static size_t len[NSAMPLES];
	const char *dir = getenv("PW_SRCDIR");
	char path[1024];

	if (!data[i]) {
		snprintf(path, sizeof(path), "%s/samples/%s", dir ? dir : ".",
			 samples[i]);
		FILE *f = fopen(path, "rb");
		if (!f) {
			fprintf(stderr, "fuzz_windows: %s: missing (set "
				"PW_SRCDIR)\n", path);
			abort();
		}
		fseek(f, 0, SEEK_END);
		long n = ftell(f);
		rewind(f);
		data[i] = malloc((size_t)n);
		if (!data[i] || fread(data[i], 1, (size_t)n, f) != (size_t)n)
			abort();
		fclose(f);
		len[i] = (size_t)n;
	}
	*size = len[i];
	return data[i];
}

int LLVMFuzzerTestOneInput(const uint8_t *in, size_t size)
{
	static const char *const cmds[] = {
		"info", "ps", "!process 0 0", "!process -1 0", "!process 0 7",
		"!vad", "!vadump -v", "!address 1f4000", "!address 1ef000",
		"!address 7ffdf000", "!pfn 69fc8", "!pfn 2fc8", "rmap 69fc8",
		"r", "!pte 1f4000", "map L 40", ".process /p 880", "!vad",
		"!vadump", "!address 1f4000", "states 1f0000 L 20", "map L 40",
		".process /p 4", "!vad", ".process smss.exe", "ps",
	};
	if (!size)
		return 0;
	size_t n;
	const uint8_t *base = sample((in[0] & 0x7f) % NSAMPLES, &n);
	uint8_t *dump = malloc(n);
	if (!dump)
		return 0;
	memcpy(dump, base, n);
	for (size_t i = 1; i + 4 <= size;) {
		size_t at = (in[i] | in[i + 1] << 8 | (size_t)in[i + 2] << 16) % n;
		size_t len = in[i + 3];
		i += 4;
		if (len > size - i)
			len = size - i;
		if (len > n - at)
			len = n - at;
		memcpy(dump + at, in + i, len);
		i += len;
	}
	struct session *s = fuzz_open(dump, n, NULL);
	free(dump);
	if (!s)
		return 0;
	struct outbuf out;
	struct err e;
	ob_init(&out);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (in[0] & 0x80)
			cj_want(&out);
		cmd_run(s, cmds[i], &out, &e);
		ob_reset(&out);
	}
	ob_fini(&out);
	fuzz_close(s);
	return 0;
}
