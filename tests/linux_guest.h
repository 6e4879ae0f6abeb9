/* The shared real Linux guest with VMCOREINFO (shared/data/x64-linux-os):
 * its ELF core, decompressed once into the build folder (renamed into
 * place, so tests running side by side share it), and its report.log,
 * the guest's own record (KSYM, MAPS, PM, REGION, STATUS lines). */
#ifndef PW_TEST_LINUX_GUEST_H
#define PW_TEST_LINUX_GUEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The shared data folder. */
static inline const char *lg_data(void)
{
	static char dir[1024];
	const char *d = getenv("PW_DATA"), *src = getenv("PW_SRCDIR");

	if (d)
		snprintf(dir, sizeof(dir), "%s", d);
	else
		snprintf(dir, sizeof(dir), "%s/../shared/data", src ? src : ".");
	return dir;
}

/* Path of the decompressed ELF core, or NULL (with why in *why) when the
 * data or xz is missing. */
static inline const char *lg_elf(const char **why)
{
	static char path[1200];
	char xz[1200], tmp[1300], cmd[6000];
	const char *b = getenv("PW_BUILDDIR");

	snprintf(xz, sizeof(xz), "%s/x64-linux-os/guest.elf.xz", lg_data());
	if (access(xz, R_OK) != 0) {
		*why = "no shared/data/x64-linux-os/guest.elf.xz";
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/tests/x64-linux-os.elf", b ? b : ".");
	if (access(path, R_OK) == 0)
		return path;
	if (system("xz --version >/dev/null 2>&1") != 0) {
		*why = "xz is not installed";
		return NULL;
	}
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	snprintf(cmd, sizeof(cmd), "xz -dc '%s' > '%s' && mv -f '%s' '%s'", xz,
		 tmp, tmp, path);
	if (system(cmd) != 0) {
		remove(tmp);
		*why = "xz -dc failed";
		return NULL;
	}
	return path;
}

/* report.log, open for reading, or NULL. */
static inline FILE *lg_report(void)
{
	char p[1200];

	snprintf(p, sizeof(p), "%s/x64-linux-os/report.log", lg_data());
	return fopen(p, "r");
}

#endif
