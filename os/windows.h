/* Windows without symbols: processes, VADs and the PFN database, read
 * from a crash dump through the kernel addresses its header gives and a
 * table of structure offsets per build (doc/WINDOWS.md).
 *
 * Kernel memory is read through the header's DirectoryTableBase, whatever
 * process the session shows.  Every pointer and count read is untrusted:
 * the process list and VAD trees are walked with bounds and cycle checks,
 * and a failure names what could not be read. */
#ifndef PW_WINDOWS_H
#define PW_WINDOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "outbuf.h"

struct session;
struct win;

/* The session's Windows facts, loaded on first use and kept with the
 * session; NULL with e set saying what is missing (not a Windows crash
 * dump, no process list in the header, an unknown build whose nearest
 * layout does not validate...). */
struct win *win_get(struct session *s, struct err *e);
/* Already loaded (never loads), or NULL. */
struct win *win_loaded(const struct session *s);
/* "Windows 7 SP1 x86 (build 7601)", and how the layout was chosen. */
const char *win_layout_name(const struct win *w);
const char *win_layout_note(const struct win *w);
/* true when the build is not in the table and a nearer one's layout was
 * taken because it reads the process list consistently. */
bool win_layout_guessed(const struct win *w);

/* len bytes of kernel virtual memory; -1 if any is missing. */
int win_read(struct win *w, uint64_t va, void *buf, size_t len);
/* A kernel pointer (4 or 8 bytes); -1 if unreadable. */
int win_read_ptr(struct win *w, uint64_t va, uint64_t *out);
unsigned win_ptr_size(const struct win *w);

struct win_proc {
	uint64_t eprocess;
	uint64_t pid, ppid;
	uint64_t dtb;		/* KPROCESS.DirectoryTableBase */
	uint64_t peb, object_table, session;
	bool has_session_id, has_handles;
	uint32_t session_id, handles;
	char image[16];		/* ImageFileName, printable */
};

/* Every process on PsActiveProcessHead.  -1 with e set if the list cannot
 * be walked at all; a list cut short (unreadable link, a loop, too long)
 * keeps what was read and says why in *note (NULL if complete). */
int win_procs(struct win *w, struct win_proc **out, size_t *n,
	      const char **note, struct err *e);
/* The process a key names: a number (an EPROCESS address, else a process
 * id), "/p PID" or "pid PID" (WinDbg's numbers: hex, or 0n decimal), or
 * an image name. */
int win_proc_find(struct win *w, const char *key, struct win_proc *p,
		  struct err *e);
/* The process whose DirectoryTableBase is root (the page, flags masked). */
int win_proc_of_root(struct win *w, uint64_t root, struct win_proc *p,
		     struct err *e);

/* One VAD: [start, end] in pages (VPNs, inclusive, as WinDbg prints). */
struct win_vad {
	uint64_t node;		/* the MMVAD's address */
	uint64_t start, end;	/* VPNs */
	uint64_t commit;	/* CommitCharge, pages */
	unsigned level;		/* depth in the tree, the root 1 */
	unsigned type;		/* MI_VAD_TYPE: 2 an image */
	unsigned protection;	/* 5-bit MM protection */
	bool private_mem;	/* private (else mapped or image) */
	bool mem_commit;	/* committed when created (else reserved) */
	const char *file;	/* a mapped or image VAD's file, "" if none;
				   kept in the block the array starts */
};

/* The VADs of a process in address order, bounded (depth, count, loops,
 * pointers outside kernel space or the dump); same error / note rules as
 * win_procs.  One free(*out) releases the array and its file names. */
int win_vads(struct win *w, const struct win_proc *p, struct win_vad **out,
	     size_t *n, const char **note, struct err *e);
/* WinDbg's name for a 5-bit MM protection ("READWRITE", "GUARD
 * READWRITE"...). */
const char *win_prot_name(unsigned prot, char *buf, size_t len);
/* The PAGE_* value of a 5-bit MM protection (PAGE_READWRITE 0x04...). */
uint32_t win_prot_page(unsigned prot);

struct win_pfn {
	uint64_t pfn, addr;	/* the frame, its MMPFN's VA */
	uint64_t flink, blink;	/* u1 (Flink/WsIndex), u2 (Blink/ShareCount) */
	uint64_t pte_address, original_pte, pte_frame;
	unsigned refcount, location, priority, color, cache;
	bool modified, read_in_progress, write_in_progress, prototype,
	     in_page_error;
};

/* The PFN database entry of frame pfn (PfnDataBase + pfn * size). */
int win_pfn(struct win *w, uint64_t pfn, struct win_pfn *p, struct err *e);
/* MMPFN.u3.e1.PageLocation in WinDbg's word ("Active", "Standby"...). */
const char *win_pfn_location(unsigned location);
/* The frame's PFN entry in two short lines for the physical panel
 * ("MMPFN 84B979E0 Active M s1 r1", "pte C0000F80 restore 80 in 6a1a6");
 * 0 lines when the entry cannot be read. */
unsigned win_pfn_lines(struct win *w, uint64_t pfn, char lines[2][64]);
/* rmap's cross-check: the VA whose PTE the frame's PFN entry names
 * (PteAddress through the self-map), and whether the current tables map
 * the frame there; a line to out, nothing when there is no entry. */
void win_rmap_check(struct session *s, uint64_t pfn, struct outbuf *out);

/* The process whose tables the session shows: its VADs become the
 * session's areas (reserved / committed), as .process would.  -1 if no
 * Windows facts or no such process. */
int win_attach_current(struct session *s);
/* .process for Windows: an EPROCESS, /p PID, pid PID, or an image name. */
int win_switch(struct session *s, const char *key, struct outbuf *out,
	       struct err *e);

/* Commands (os/cmd_windows.c). */
int cmd_wprocess(struct session *, int, char **, struct outbuf *,
		 struct err *);
int cmd_vad(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_pfn(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_wps(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_waddress(struct session *, int, char **, struct outbuf *,
		 struct err *);
int cmd_vadump(struct session *, int, char **, struct outbuf *,
		 struct err *);
/* !address on a user-mode minidump: its MemoryInfoList region. */
int cmd_maddress(struct session *, int, char **, struct outbuf *,
		 struct err *);

#endif
