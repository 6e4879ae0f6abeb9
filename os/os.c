/* Which OS a dump's facts come from, and the commands they share (os.h). */
#include "config.h"

#include "os.h"

#include <string.h>

#include "os_pte.h"

#include "linux.h"
#include "session.h"
#include "windows.h"

static bool is_windows(const struct session *s)
{
	const struct fmt_source *src = sess_source(s);
	return !src->vmcoreinfo && src->os == PW_OS_WINDOWS && !src->identity;
}

int os_attach_current(struct session *s)
{
	if (!sess_has_root(s))
		return -1;
	if (sess_source(s)->vmcoreinfo)
		return lx_attach_current(s);
	if (is_windows(s))
		return win_attach_current(s);
	return -1;
}

int cmd_address(struct session *s, int argc, char **argv, struct outbuf *out,
		struct err *e)
{
	if (is_windows(s))
		return cmd_waddress(s, argc, argv, out, e);
	if (sess_source(s)->identity)
		return cmd_maddress(s, argc, argv, out, e);
	return cmd_lx_address(s, argc, argv, out, e);
}

int cmd_ps(struct session *s, int argc, char **argv, struct outbuf *out,
	   struct err *e)
{
	if (is_windows(s))
		return cmd_wps(s, argc, argv, out, e);
	return cmd_lx_ps(s, argc, argv, out, e);
}

static const struct os_entry_ops entry_ops[] = {
	{ PW_OS_WINDOWS, win_pte_decode },
	{ PW_OS_LINUX, lx_pte_decode },
};

const struct os_entry_ops *os_entry_ops(enum pw_os os)
{
	for (size_t i = 0; i < sizeof(entry_ops) / sizeof(entry_ops[0]); i++)
		if (entry_ops[i].os == os)
			return &entry_ops[i];
	return NULL;
}

static uint64_t node_at(const void *v, size_t i, size_t stride, size_t off)
{
	uint64_t a;

	memcpy(&a, (const char *)v + i * stride + off, sizeof(a));
	return a;
}

size_t os_loop_keep(const void *v, size_t n, size_t stride, size_t off,
		    uint64_t next)
{
	/* next is x[n]; its last time before is the loop's length back */
	size_t len = 0;
	for (size_t d = 1; d <= n && !len; d++)
		if (node_at(v, n - d, stride, off) == next)
			len = d;
	if (!len)
		return n;
	/* the loop's first node: the first x[i] that x[i + len] repeats */
	for (size_t i = 0; i + len < n; i++)
		if (node_at(v, i, stride, off) ==
		    node_at(v, i + len, stride, off))
			return i + len;
	return n;
}
