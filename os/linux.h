/* Linux without debug info: kernel symbols (kallsyms, through VMCOREINFO),
 * types (the kernel's own BTF, parsed by libbpf), tasks, VMAs and struct
 * page, all read from the dump (doc/LINUX.md).
 *
 * Kernel memory is read through the kernel's own page tables (init_top_pgt
 * or swapper_pg_dir), whatever process the session shows.  Every pointer
 * and count read is untrusted: lists and trees are walked with bounds and
 * cycle checks, and a failure names what could not be read. */
#ifndef PW_LINUX_H
#define PW_LINUX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "ksyms.h"
#include "outbuf.h"

struct session;
struct lx;

/* The session's Linux facts, loaded on first use and kept with the
 * session; NULL with e set saying what is missing (no VMCOREINFO, no
 * kallsyms tables, no BTF...). */
struct lx *lx_get(struct session *s, struct err *e);

const struct ksyms *lx_syms(const struct lx *l);
/* Where symbols and types came from, release, KASLR offset, phys_base:
 * key/value lines for --info. */
void lx_info(const struct lx *l, struct outbuf *out);
/* The VMCOREINFO-only part of that (no kernel reads): for any dump. */
void lx_info_vmcoreinfo(const struct session *s, struct outbuf *out);

/* Byte offset of member in the kernel's struct or union type (from its
 * BTF, anonymous members looked into); -1 if unknown. */
long lx_member(const struct lx *l, const char *type, const char *member);
/* What the BTF gave, or why there is none. */
const char *lx_btf_note(const struct lx *l);

/* len bytes of kernel virtual memory; -1 if any is missing. */
int lx_read(struct lx *l, uint64_t va, void *buf, size_t len);
/* A kernel pointer / unsigned long (4 or 8 bytes); -1 if unreadable. */
int lx_read_ptr(struct lx *l, uint64_t va, uint64_t *out);
/* Kernel VA to PA through the kernel's tables; -1 if not mapped. */
int lx_pa(struct lx *l, uint64_t va, uint64_t *pa);
unsigned lx_ptr_size(const struct lx *l);
/* PA of the kernel's own top-level table (for kernel threads). */
uint64_t lx_kernel_root(const struct lx *l);

struct lx_task {
	uint64_t addr;		/* task_struct */
	int32_t pid, tgid, ppid;
	char comm[17];
	char state;		/* R S D T t X Z P I, as ps */
	uint64_t mm;		/* 0: kernel thread */
	uint64_t pgd;		/* mm->pgd (kernel VA) */
	uint64_t pgd_pa;	/* its PA (0 if unknown) */
	uint64_t user_pa;	/* PTI: the user half (0 if none) */
};

/* Every thread-group leader, from init_task through task_struct.tasks.
 * -1 with e set if the list cannot be walked at all; a list cut short
 * (unreadable link, a cycle, too long) keeps what was read and says why
 * in *note (NULL if complete). */
int lx_tasks(struct lx *l, struct lx_task **out, size_t *n,
	     const char **note, struct err *e);
/* The task whose pid or comm is key ("1", "workload"). */
int lx_task_find(struct lx *l, const char *key, struct lx_task *t,
		 struct err *e);
/* The user task whose top-level table (either PTI half) is at root. */
int lx_task_of_root(struct lx *l, uint64_t root, struct lx_task *t,
		    struct err *e);

#define LX_VM_READ 0x1u
#define LX_VM_WRITE 0x2u
#define LX_VM_EXEC 0x4u
#define LX_VM_SHARED 0x8u

struct lx_vma {
	uint64_t addr;		/* vm_area_struct */
	uint64_t start, end, flags, pgoff;
	uint64_t file;		/* struct file, 0 for anonymous */
	unsigned major, minor;
	uint64_t ino;
	char name[256];		/* path, [heap], [stack], [vdso]... or "" */
};

/* The VMAs of mm in address order (the maple tree on 6.1+, the mmap list
 * before).  Same error / note rules as lx_tasks. */
int lx_vmas(struct lx *l, uint64_t mm, struct lx_vma **out, size_t *n,
	    const char **note, struct err *e);
/* One line as /proc/PID/maps prints it (no newline) into buf. */
void lx_maps_line(const struct lx *l, const struct lx_vma *v, char *buf,
		  size_t len);

struct lx_page {
	uint64_t addr;		/* struct page */
	uint64_t flags;
	int32_t refcount, mapcount;	/* mapcount as the kernel shows it
					   (_mapcount + 1) */
	uint64_t mapping, index, priv;
	bool has_index;		/* false: the layout is not known (no BTF) */
	const char *mapping_kind;	/* "anon", "file", "movable", "slab",
					   "none" */
	char flag_names[256];	/* "uptodate|lru|..." from the kernel's
				   enum pageflags */
};

/* struct page of frame pfn (vmemmap or mem_map). */
int lx_page(struct lx *l, uint64_t pfn, struct lx_page *p, struct err *e);

/* The kernel symbol named by the n bytes at name (an expression term);
 * -1 if none or the dump has no Linux symbols. */
int lx_symbol(struct session *s, const char *name, size_t n, uint64_t *v);

/* What the kernel keeps at va: "user", "direct map", "vmalloc",
 * "vmemmap", "kernel text", "kernel data", "modules", "fixmap",
 * "cpu_entry_area"... (Documentation/arch/x86/x86_64/mm.rst; bases from
 * page_offset_base, vmalloc_base, vmemmap_base under KASLR), and the
 * range it spans in *lo, *hi (end exclusive; hi 0 = top of memory). */
const char *lx_region(const struct lx *l, uint64_t va, uint64_t *lo,
		      uint64_t *hi);
/* The session's Linux facts if already loaded (never loads), or NULL. */
struct lx *lx_loaded(const struct session *s);

/* Commands (os/cmd_linux.c). */
struct outbuf;
int cmd_ksym(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_lx_ps(struct session *, int, char **, struct outbuf *,
	      struct err *);
int cmd_maps(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_page(struct session *, int, char **, struct outbuf *, struct err *);
int cmd_lx_address(struct session *, int, char **, struct outbuf *,
		struct err *);
/* The task whose tables the session shows (the dump's CR3, a user
 * task's): its VMAs become the session's areas, as .process would.  -1
 * if no Linux facts or no such task. */
int lx_attach_current(struct session *s);
/* .process for Linux: PID or comm. */
int lx_switch(struct session *s, const char *key, struct outbuf *out,
	      struct err *e);

#endif
