/* The OS layer's entry points that do not care which OS it is: the dump
 * says (VMCOREINFO: Linux; a Windows crash dump's process list: Windows)
 * and these dispatch (doc/LINUX.md, doc/WINDOWS.md). */
#ifndef PW_OS_H
#define PW_OS_H

#include <stddef.h>
#include <stdint.h>

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

/* A list walked into a loop: n nodes read in order (each an element of
 * stride bytes whose address sits at byte off), and next, the node the
 * walk would read now, already among them.  Returns how many to keep:
 * every node up to where the loop closes, each once. */
size_t os_loop_keep(const void *v, size_t n, size_t stride, size_t off,
		    uint64_t next);

#endif
