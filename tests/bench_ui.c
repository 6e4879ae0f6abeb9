/* make bench: step 10,000 pages through the real interface, headless at
 * 200x60, and print the time per frame (key + all panels + doupdate, the
 * terminal output going to /dev/null).
 * Runs on the bundled sample and, when ../shared/data is there, on the
 * real guest's raw image. */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "session.h"
#include "ui.h"

#ifndef FRAMES
#define FRAMES 10000
#endif

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int bench(const char *label, const char *path,
		 const struct sess_opts *so, uint64_t va, const char *key)
{
	struct session *s;
	struct err e;
	char *keys = malloc(FRAMES * strlen(key) + 1);

	if (!keys || sess_open(path, so, &s, &e) < 0) {
		fprintf(stderr, "bench: %s\n", keys ? e.msg : "out of memory");
		free(keys);
		return 1;
	}
	keys[0] = '\0';
	for (int i = 0; i < FRAMES; i++)
		strcat(keys + i * strlen(key), key);
	sess_set_va(s, va);
	struct ui_opts o = { .keys = keys, .cols = 200, .rows = 60,
			     .no_color = getenv("PW_BENCH_MONO") != NULL };
	double t0 = now();
	int rc = ui_headless(s, &o, &e);
	double t = now() - t0;
	uint64_t hits, miss;
	sess_cache_stats(s, &hits, &miss);
	if (rc < 0)
		fprintf(stderr, "bench: %s\n", e.msg);
	else
		printf("%-38s %6zu frames at 200x60: %6.1f us/frame  (walk "
		       "cache: %llu hits, %llu misses)\n", label,
		       FRAMES * strlen(key), t / (double)(FRAMES * strlen(key)) * 1e6,
		       (unsigned long long)hits, (unsigned long long)miss);
	sess_free(s);
	free(keys);
	return rc < 0;
}

int main(void)
{
	const char *src = getenv("PW_SRCDIR") ? getenv("PW_SRCDIR") : ".";
	const char *data = getenv("PW_DATA");
	char path[1024], cmd[2400];
	struct sess_opts none = { 0 };
	int rc = 0;

	setlocale(LC_ALL, "C.UTF-8");
	snprintf(path, sizeof(path), "%s/samples/seed-pae-3-touched.dmp", src);
	rc |= bench("seed PAE sample, n from 001f0000", path, &none, 0x1f0000, "n");
	/* worst case: every byte of both hexdumps changes each frame */
	rc |= bench("seed PAE sample, n p alternating", path, &none, 0x1f0000, "np");
	if (!data)
		return rc;
	char raw[] = "/tmp/pw-bench-XXXXXX";
	int fd = mkstemp(raw);
	if (fd < 0)
		return 1;
	close(fd);
	snprintf(cmd, sizeof(cmd), "xz -dc '%s/x64-4l/guest.raw.xz' > '%s'",
		 data, raw);
	if (system(cmd) == 0) {
		struct sess_opts so = { .has_cr3 = true, .cr3 = 0x61ee000,
					.mode = PW_MODE_X64, .has_os = true,
					.os = PW_OS_LINUX };
		rc |= bench("real guest x64, n from 00400000", raw, &so, 0x400000, "n");
		rc |= bench("real guest x64, n from kernel map", raw, &so,
			    0xffff888400000000ull, "n");
	}
	unlink(raw);
	return rc;
}
