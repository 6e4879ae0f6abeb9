/* Mutation smoke test: the bundled samples (and the real minidumps, when
 * present), with random bytes overwritten and random truncations, must
 * open cleanly or fail with a message - never crash, hang or read out of
 * bounds (the sanitizer build runs this too).  Deterministic: a fixed
 * seed, so a failure reproduces.  PW_FUZZ_ITERS raises the count. */
#include "config.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "builders.h"
#include "cmd.h"
#include "dtbscan.h"
#include "map.h"
#include "session.h"

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	*len = (size_t)ftell(f);
	rewind(f);
	uint8_t *b = malloc(*len ? *len : 1);
	if (b && fread(b, 1, *len, f) != *len) {
		free(b);
		b = NULL;
	}
	fclose(f);
	return b;
}

static unsigned opened, refused;

static void exercise(const char *path)
{
	struct session *s;
	struct sess_opts o = { 0 };
	struct err e;
	struct outbuf out;
	static const char *const cmds[] = { "!pte 1f0000", "!vtop 1f1000",
		"db 1f0ff8 L20", "map L40", "!dq 1000 L4", "info",
		"!pte fffff6fb7dbedf68", "search 61 61" };

	if (sess_open(path, &o, &s, &e) < 0) {
		refused++;
		return;
	}
	opened++;
	ob_init(&out);
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		cmd_run(s, cmds[i], &out, &e);
		ob_reset(&out);
	}
	struct dtb_cand c[8];
	dtb_scan(sess_source(s), c, 8, &e);
	for (int i = 0; i < 32; i++) {
		struct pt_walk w;
		uint8_t b[64];
		bool ok[64];
		uint64_t va = next() & 0xFFFFFFFFFFFFull;
		sess_walk(s, va, &w);
		uint64_t pa = 0;
		if (!sess_source(s)->identity && sess_has_root(s)) {
			/* the PA-only path stops where the walk stops */
			assert_int_equal(pt_translate(sess_source(s), sess_ctx(s),
						      va, &pa, NULL), w.stop);
			assert_true(w.stop != PT_OK || pa == w.pa);
		}
		sess_read(s, true, va, b, ok, sizeof(b));
		sess_read(s, false, next() & 0xFFFFFFFFull, b, ok, sizeof(b));
	}
	ob_fini(&out);
	sess_free(s);
}

int main(void)
{
	const char *src = getenv("PW_SRCDIR") ? getenv("PW_SRCDIR") : ".";
	const char *data = getenv("PW_DATA");
	unsigned iters = getenv("PW_FUZZ_ITERS") ?
			 (unsigned)atoi(getenv("PW_FUZZ_ITERS")) : 300;
	char dir[1024], tmp[] = "/tmp/pw-fuzz-XXXXXX";
	const char *seeds[32];
	char names[32][1400];
	size_t nseeds = 0;

	snprintf(dir, sizeof(dir), "%s/samples", src);
	DIR *d = opendir(dir);
	if (!d)
		return 99;
	for (struct dirent *de; (de = readdir(d)) && nseeds < 30;) {
		if (!strstr(de->d_name, ".dmp"))
			continue;
		snprintf(names[nseeds], sizeof(names[0]), "%s/%s", dir, de->d_name);
		seeds[nseeds] = names[nseeds];
		nseeds++;
	}
	closedir(d);
	if (data) {
		snprintf(names[nseeds], sizeof(names[0]), "%s/windows-minidumps/"
			 "breakpad-tiny-exe-with-cet-xsave-x64.dmp", data);
		if (access(names[nseeds], R_OK) == 0) {
			seeds[nseeds] = names[nseeds];
			nseeds++;
		}
	}
	int fd = mkstemp(tmp);
	if (fd < 0)
		return 99;
	close(fd);
	/* built seeds: ELF core, LiME, kdump (every codec), named after the
	 * unique temporary file */
	char built[4][1100];
	struct buf sb = { 0 };
	size_t desc_at;
	snprintf(built[0], sizeof(built[0]), "%s.elf", tmp);
	snprintf(built[1], sizeof(built[1]), "%s.lime", tmp);
	snprintf(built[2], sizeof(built[2]), "%s.kdump", tmp);
	for (int i = 0; i < 3; i++) {
		if (i == 0)
			build_elf(&sb, false);
		if (i == 1) {
			sb = (struct buf){ 0 };
			lime_range(&sb, 0, 0x2000, 'a');
			lime_range(&sb, 0x100000, 0x1000, 'b');
		}
		if (i == 2)
			build_kdump(&sb, &desc_at);
		FILE *f = fopen(built[i], "wb");
		if (!f || fwrite(sb.p, 1, sb.n, f) != sb.n)
			return 99;
		fclose(f);
		free(sb.p);
		seeds[nseeds++] = built[i];
	}

	/* PW_FUZZ_SEEDS=DIR: leave the built seeds there for the fuzzers
	 * (tests/fuzz/run) and stop */
	const char *keep = getenv("PW_FUZZ_SEEDS");
	if (keep) {
		static const char *const ext[] = { "elf", "lime", "kdump" };
		for (int i = 0; i < 3; i++) {
			char to[1200];
			snprintf(to, sizeof(to), "%s/built.%s", keep, ext[i]);
			if (rename(built[i], to) < 0)
				return 99;
		}
		unlink(tmp);
		return 0;
	}
	for (size_t k = 0; k < nseeds; k++) {
		size_t len;
		uint8_t *orig = slurp(seeds[k], &len);
		if (!orig)
			return 99;
		uint8_t *b = malloc(len);
		for (unsigned it = 0; it < iters; it++) {
			memcpy(b, orig, len);
			size_t n = len;
			unsigned flips = 1 + (unsigned)(next() % 16);
			for (unsigned f = 0; f < flips; f++) {
				/* headers and tables live early: aim there often */
				size_t at = (next() & 1) ? next() % (len < 0x3000 ? len : 0x3000)
							 : next() % len;
				b[at] = (uint8_t)next();
			}
			if (next() % 8 == 0)
				n = next() % len;
			FILE *f = fopen(tmp, "wb");
			if (!f || fwrite(b, 1, n, f) != n)
				return 99;
			fclose(f);
			exercise(tmp);
		}
		free(b);
		free(orig);
	}
	unlink(tmp);
	for (int i = 0; i < 3; i++)
		unlink(built[i]);
	printf("# %zu seeds x %u mutations: %u opened, %u refused with a "
	       "message, no crash\n", nseeds, iters, opened, refused);
	printf("%u passed, 0 failed\n", opened + refused);
	return 0;
}
