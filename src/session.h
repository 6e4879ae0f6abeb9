/* A session: one opened source, one address space (CR3 + mode + OS) and the
 * cursor every panel follows.  Walks are cached per page. */
#ifndef PW_SESSION_H
#define PW_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fmt.h"
#include "pt.h"

struct session;

struct sess_opts {
	const char *format;	/* NULL: detect */
	uint64_t raw_base;
	bool has_cr3;
	uint64_t cr3;
	enum pw_mode mode;	/* PW_MODE_NONE: from the dump */
	bool has_os;
	enum pw_os os;
	unsigned maxphy;	/* 0: 52 */
	const char *btf;	/* Linux: the kernel's BTF, saved */
	const char *kallsyms;	/* Linux: System.map or /proc/kallsyms */
	const char *vmcoreinfo;	/* a file of VMCOREINFO text (the guest's
				   /sys/kernel/vmcoreinfo note, or the
				   lines of a kdump's): replaces the dump's */
};

/* Open a dump; overrides from o win over its metadata. */
int sess_open(const char *path, const struct sess_opts *o,
	      struct session **out, struct err *e);
/* Wrap an existing source (taken over: freed by sess_free). */
struct session *sess_new(struct fmt_source *src);
void sess_free(struct session *s);

const struct fmt_source *sess_source(const struct session *s);
/* The address space shown (aspace.h): what its VAs mean. */
struct aspace;
const struct aspace *sess_aspace(const struct session *s);
const struct pt_ctx *sess_ctx(const struct session *s);
const struct pt_mode_desc *sess_mode(const struct session *s);
/* True when CR3 and a mode are known, so virtual addresses translate. */
bool sess_has_root(const struct session *s);
/* Error text for commands that need a root when there is none. */
int sess_need_root(const struct session *s, struct err *e);

/* Set the page-table root; -1 if its table page is not in the dump. */
int sess_set_cr3(struct session *s, uint64_t cr3, struct err *e);
void sess_set_mode(struct session *s, enum pw_mode m);
void sess_set_os(struct session *s, enum pw_os os);

uint64_t sess_va(const struct session *s);
void sess_set_va(struct session *s, uint64_t va);

/* Walk va through the cache. */
void sess_walk(struct session *s, uint64_t va, struct pt_walk *w);

/* The PA of va alone (pt_translate through the current root): PT_OK, or
 * PT_NO_PAGING with *pa = va in a minidump, or why it does not translate.
 * For reads that need no levels: cheaper than a walk, even a cached one. */
enum pt_stop sess_translate(const struct session *s, uint64_t va,
			    uint64_t *pa);

/* Read len bytes of virtual (virt) or physical memory; ok[i] says whether
 * byte i came from the dump (missing bytes read as 0).  Returns the number
 * of bytes that were available. */
size_t sess_read(struct session *s, bool virt, uint64_t addr, uint8_t *buf,
		 bool *ok, size_t len);

/* Windows self-map: VA through which the entry of level lvl for va is
 * visible.  -1 when not Windows or (x64) no self-reference was found. */
int sess_selfmap_va(struct session *s, unsigned lvl, uint64_t va,
		    uint64_t *out);
/* The VA whose PTE is at addr in the Windows self-map; -1 when addr is
 * not a PTE's address there (or not Windows, or no self-map found). */
int sess_selfmap_inverse(struct session *s, uint64_t addr, uint64_t *va);
/* x64: the self-referencing PML4 index, or -1. */
int sess_self_index(struct session *s);

/* Bumped whenever CR3, mode or OS change: caches keyed on it stay valid
 * while it is the same. */
uint64_t sess_generation(const struct session *s);

/* Where the root came from when not from the dump ("--cr3 auto: ...");
 * shown by info.  The text is copied. */
void sess_set_root_note(struct session *s, const char *text);
const char *sess_root_note(const struct session *s);

/* Statistics for the benchmark: walks served from the cache / done. */
void sess_cache_stats(const struct session *s, uint64_t *hits, uint64_t *miss);

/* The snapshot to compare with (--diff): the session owns it from here
 * (freed with it). NULL: none. */
void sess_set_other(struct session *s, struct session *other);
struct session *sess_other(const struct session *s);
/* The differences with the other snapshot, computed on first use (NULL
 * when there is no other, or they cannot be compared). */
const struct diff_set *sess_diff(struct session *s);

/* Long work (search) reports progress through this hook and stops when
 * it returns false: the interface shows how far it got and lets Esc,
 * q or Ctrl-C stop it.  what: "searching"; done: bytes or entries. */
typedef bool (*sess_progress_fn)(void *arg, const char *what, uint64_t done);
void sess_set_progress(struct session *s, sess_progress_fn fn, void *arg);
/* true: go on (also when no hook is set). */
bool sess_progress(struct session *s, const char *what, uint64_t done);

/* Files given for the OS layer (--btf, --kallsyms), or NULL. */
const char *sess_btf_file(const struct session *s);
const char *sess_kallsyms_file(const struct session *s);

/* The address spaces this session has shown: the current one first, then
 * those left for another by .cr3 / .process, newest first; going back to
 * one (same CR3 and mode) brings its areas and name back. */
#define SESS_SPACES_MAX 64
struct sess_space {
	uint64_t cr3;
	enum pw_mode mode;
	size_t nareas;
	const char *name;	/* "" when none */
	bool current;
};
size_t sess_spaces(const struct session *s, struct sess_space *out,
		   size_t max);

/* The OS layer's state (os/), kept with the session and freed by fn. */
void *sess_os_state(const struct session *s);
void sess_set_os_state(struct session *s, void *state, void (*fn)(void *));

/* The areas (VMAs) of the address space shown, sorted by start, for VAs
 * in [lo, hi); taken over (freed by the session).  Cleared whenever CR3
 * changes: set them after sess_set_cr3.  name: "pid 1 workload", shown in
 * the status line (NULL: none). */
void sess_set_areas(struct session *s, struct os_area *a, size_t n,
		    uint64_t lo, uint64_t hi, const char *name);
const struct os_area *sess_area(const struct session *s, uint64_t va,
				bool *known);
const char *sess_space_name(const struct session *s);
/* The nearest area edge (a start or an end, or the known range's own
 * edges) above va (dir > 0) or at or below it (dir < 0); false if none. */
bool sess_area_edge(const struct session *s, uint64_t va, int dir,
		    uint64_t *edge);

#endif
