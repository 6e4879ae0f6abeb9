/* Shared by the harnesses: a dump in a memory file. */
#define _GNU_SOURCE
#include "config.h"

#include "fuzz.h"

#include "le.h"

#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int memfd = -1;

struct session *fuzz_open(const uint8_t *data, size_t size, const char *format)
{
	struct sess_opts o = { .format = format };

	/* a raw image has no root: its first bytes give one, and a mode */
	if (format && !strcmp(format, "raw") && size >= 16) {
		o.has_cr3 = true;
		o.cr3 = (le_u64(data) % size) & ~(uint64_t)0xFFF;
		o.mode = (enum pw_mode)(PW_MODE_X86 + data[8] % 4);
	}
	struct session *s;
	struct err e;
	char path[64];

	memfd = memfd_create("pw-fuzz", MFD_CLOEXEC);
	if (memfd < 0)
		return NULL;
	if (size && write(memfd, data, size) != (ssize_t)size) {
		close(memfd);
		memfd = -1;
		return NULL;
	}
	snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd);
	if (sess_open(path, &o, &s, &e) < 0) {
		close(memfd);
		memfd = -1;
		return NULL;
	}
	return s;
}

void fuzz_close(struct session *s)
{
	sess_free(s);
	if (memfd >= 0)
		close(memfd);
	memfd = -1;
}
