/* The OS layer's entry points that do not care which OS it is: the dump
 * says (VMCOREINFO: Linux; a Windows crash dump's process list: Windows)
 * and these dispatch (doc/LINUX.md, doc/WINDOWS.md). */
#ifndef PW_OS_H
#define PW_OS_H

#include "err.h"
#include "outbuf.h"

struct session;

/* The process whose tables the session shows: its areas (Linux VMAs,
 * Windows VADs) become the session's, and its name the space's.  -1 if
 * the dump has no OS facts or no such process. */
int os_attach_current(struct session *s);

/* ps: the processes (Windows) or tasks (Linux), the one shown marked '>'
 * (the interface's P pick list: a line's first number is its id). */
int cmd_ps(struct session *, int, char **, struct outbuf *, struct err *);

/* !address VA: what holds VA, in the dump's OS's terms. */
int cmd_address(struct session *, int, char **, struct outbuf *,
		struct err *);

#endif
