/* Linux facts from the dump alone (see linux.h, doc/LINUX.md). */
#include "config.h"

#include "linux.h"

#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dtbscan.h"
#include "fmt.h"
#include "le.h"
#include "os.h"
#include "pt.h"
#include "session.h"

#define MAX_BTF (64u << 20)
#define MAX_TASKS (1u << 20)
#define MAX_VMAS (1u << 20)
#define MAX_NODES (1u << 17)	/* 65530 VMAs (max_map_count) need ~10k */
#define MAX_DEPTH 32		/* a maple tree is at most 31 high */
#define MAX_PATH_PARTS 64

/* Byte offsets from BTF; -1 where the kernel's types lack the member. */
struct lx_off {
	long task_tasks, task_pid, task_tgid, task_comm, task_mm,
		task_parent, task_state, task_exit_state;
	long mm_pgd, mm_mt, mm_mmap, mm_brk, mm_start_brk, mm_start_stack;
	long mt_root;
	long r64_pivot, r64_slot, r64_n;	/* maple_range_64 */
	long a64_pivot, a64_slot, a64_n;	/* maple_arange_64 */
	long vma_start, vma_end, vma_mm, vma_flags, vma_pgoff, vma_file,
		vma_ops, vma_priv, vma_next;
	long ops_name, special_name;
	long vma_anon_name, anon_name_name;
	long file_path, file_inode, path_mnt, path_dentry;
	long inode_ino, inode_sb, sb_dev;
	long dentry_parent, dentry_name, qstr_name, qstr_len;
	long mount_mnt, mount_parent, mount_mountpoint, vfsmount_root;
	long page_flags, page_refcount, page_mapcount, page_mapping,
		page_index, page_private, page_size;
};

struct lx {
	const struct fmt_source *src;
	uint64_t init_task;		/* 0 if not found */
	bool init_task_scanned;		/* found by its content */
	struct pt_ctx ctx;		/* the kernel's own root */
	unsigned psize;			/* 4 or 8 */
	struct ksyms syms;
	struct btf *btf;		/* NULL if none */
	char btf_note[160];		/* where it came from, or why not */
	char syms_note[160];
	struct lx_off o;
	uint64_t special_name_fn;	/* special_mapping_name, 0 if none */
	uint64_t memmap;		/* vmemmap_base or mem_map, 0 if none */
	uint64_t page_offset, vmalloc, vmemmap;	/* region bases (x86-64) */
	uint64_t part[5][2];		/* the kernel image's parts (image_parts),
					   looked up once: the status line asks
					   on every frame */
	int pg_slab;			/* PG_slab's bit, -1 if unknown */
	uint64_t image_size;		/* KERNEL_IMAGE_SIZE */
	uint64_t high_memory;		/* i386: end of the direct map */
	bool la57;
	const char *pageflag[64];	/* enum pageflags names, by bit */
	char release[65];
	uint64_t kaslr, phys_base;
	bool has_kaslr, has_phys_base;
};

/* The kernel image's parts, by the symbols that bound them. */
static const struct { const char *from, *to, *name; } image_parts[] = {
	{ "_text", "_etext", "kernel text" },
	{ "__start_rodata", "__end_rodata", "kernel rodata" },
	{ "_sdata", "_edata", "kernel data" },
	{ "__init_begin", "__init_end", "kernel init" },
	{ "__bss_start", "__bss_stop", "kernel bss" },
};

static bool is64(const struct lx *l)
{
	return l->psize == 8;
}

/* ------------------------------------------------------------------ */
/* Kernel memory */

int lx_read(struct lx *l, uint64_t va, void *buf, size_t len)
{
	return pt_read_va(l->src, &l->ctx, va, buf, len);
}

int lx_read_ptr(struct lx *l, uint64_t va, uint64_t *out)
{
	return pt_read_ptr(l->src, &l->ctx, l->psize, va, out);
}

static int read_u32(struct lx *l, uint64_t va, uint32_t *out)
{
	return pt_read_u32(l->src, &l->ctx, va, out);
}

int lx_pa(struct lx *l, uint64_t va, uint64_t *pa)
{
	return pt_translate(l->src, &l->ctx, va, pa, NULL) == PT_OK ? 0 : -1;
}

unsigned lx_ptr_size(const struct lx *l)
{
	return l->psize;
}

uint64_t lx_kernel_root(const struct lx *l)
{
	return l->ctx.cr3;
}

const struct ksyms *lx_syms(const struct lx *l)
{
	return &l->syms;
}

static int ksyms_reader(void *arg, uint64_t va, void *buf, size_t len)
{
	return lx_read(arg, va, buf, len);
}

/* A kernel symbol's address: kallsyms, else VMCOREINFO's SYMBOL(name)
 * (it names a few data symbols kallsyms lacks without KALLSYMS_ALL). */
static uint64_t sym(const struct lx *l, const char *name)
{
	const struct ksym *k = ksyms_find(&l->syms, name);
	char key[96];
	uint64_t v;

	if (k)
		return k->addr;
	snprintf(key, sizeof(key), "SYMBOL(%s)", name);
	return fmt_vmcoreinfo(l->src, key, &v) ? v : 0;
}

#define SCAN_MAX (128u << 20)

/* Kernels whose kallsyms holds only text (i386 Debian: no
 * CONFIG_KALLSYMS_ALL) lack __start_BTF and init_task.  Both can be found
 * in the kernel image by their content: every match of pat in the
 * SCAN_MAX bytes from _text, in order, until found() says stop. */
static uint64_t scan_image(struct lx *l, const void *pat, size_t plen,
			   bool (*found)(struct lx *, uint64_t, void *),
			   void *arg)
{
	uint64_t text = sym(l, "_text");
	uint8_t buf[64 + FMT_PAGE_SIZE];
	size_t carry = 0;

	if (!text || plen > 64)
		return 0;
	for (uint64_t va = text & ~0xFFFull; va - text < SCAN_MAX;
	     va += FMT_PAGE_SIZE) {
		if (lx_read(l, va, buf + carry, FMT_PAGE_SIZE) < 0) {
			carry = 0;
			continue;
		}
		size_t n = carry + FMT_PAGE_SIZE;
		const uint8_t *p = buf;
		while ((p = memmem(p, n - (size_t)(p - buf), pat, plen))) {
			uint64_t at = va - carry + (uint64_t)(p - buf);
			if (found(l, at, arg))
				return at;
			p++;
		}
		carry = plen - 1;
		memmove(buf, buf + n - carry, carry);
	}
	return 0;
}

/* A BTF header (magic 0xeb9f, version 1, flags 0, hdr_len 24) whose
 * sections fit: its size in *arg. */
static bool btf_header(struct lx *l, uint64_t va, void *arg)
{
	uint8_t h[24];

	if (lx_read(l, va, h, sizeof(h)) < 0 || va & 3)
		return false;
	uint64_t type_end = (uint64_t)le_u32(h + 8) + le_u32(h + 12),
		 str_end = (uint64_t)le_u32(h + 16) + le_u32(h + 20);
	uint64_t size = 24 + (type_end > str_end ? type_end : str_end);
	if (le_u32(h + 8) != 0 || le_u32(h + 16) != type_end || !le_u32(h + 20) ||
	    size > MAX_BTF)
		return false;
	*(uint64_t *)arg = size;
	return true;
}

/* ------------------------------------------------------------------ */
/* BTF: member offsets through libbpf */

static const struct btf_type *skip_mods(const struct btf *b, uint32_t *id)
{
	const struct btf_type *t = btf__type_by_id(b, *id);

	for (int i = 0; t && i < 16 && (btf_is_mod(t) || btf_is_typedef(t));
	     i++) {
		*id = t->type;
		t = btf__type_by_id(b, *id);
	}
	return t;
}

/* Bit offset of member name in the composite type id, looking into
 * anonymous structs and unions; -1 if absent.  *mtype: its type id. */
static long member_bits(const struct btf *b, uint32_t id, const char *name,
			uint32_t *mtype, int depth)
{
	const struct btf_type *t = skip_mods(b, &id);

	if (!t || !btf_is_composite(t) || depth > 8)
		return -1;
	const struct btf_member *m = btf_members(t);
	for (unsigned i = 0; i < btf_vlen(t); i++) {
		const char *mn = btf__name_by_offset(b, m[i].name_off);
		long off = btf_member_bit_offset(t, i);
		if (mn && *mn) {
			if (!strcmp(mn, name)) {
				if (mtype)
					*mtype = m[i].type;
				return off;
			}
			continue;
		}
		long in = member_bits(b, m[i].type, name, mtype, depth + 1);
		if (in >= 0)
			return off + in;
	}
	return -1;
}

static int32_t find_type(const struct btf *b, const char *name)
{
	int32_t id = btf__find_by_name_kind(b, name, BTF_KIND_STRUCT);
	if (id < 0)
		id = btf__find_by_name_kind(b, name, BTF_KIND_UNION);
	return id;
}

/* Byte offset of sname.mname, -1 if unknown. */
static long moff(const struct btf *b, const char *sname, const char *mname)
{
	int32_t id = find_type(b, sname);
	long bits = id < 0 ? -1 : member_bits(b, (uint32_t)id, mname, NULL, 0);
	return bits < 0 || bits % 8 ? -1 : bits / 8;
}

/* Element count of the array member sname.mname, -1 if not an array. */
static long mlen(const struct btf *b, const char *sname, const char *mname)
{
	int32_t id = find_type(b, sname);
	uint32_t mt;

	if (id < 0 || member_bits(b, (uint32_t)id, mname, &mt, 0) < 0)
		return -1;
	const struct btf_type *t = skip_mods(b, &mt);
	return t && btf_is_array(t) ? (long)btf_array(t)->nelems : -1;
}

static long tsize(const struct btf *b, const char *sname)
{
	int32_t id = find_type(b, sname);
	long sz = id < 0 ? -1 : (long)btf__resolve_size(b, (uint32_t)id);
	return sz > 0 ? sz : -1;
}

static void load_offsets(struct lx *l)
{
	const struct btf *b = l->btf;
	struct lx_off *o = &l->o;

	memset(o, 0xff, sizeof(*o));	/* every offset -1 */
	if (!b) {
		/* VMCOREINFO names struct page's layout and a few flags for
		 * makedumpfile: enough for page without BTF */
		const struct { const char *key; long *off; } v[] = {
			{ "OFFSET(page.flags)", &o->page_flags },
			{ "OFFSET(page._refcount)", &o->page_refcount },
			{ "OFFSET(page._mapcount)", &o->page_mapcount },
			{ "OFFSET(page.mapping)", &o->page_mapping },
			{ "OFFSET(page.private)", &o->page_private },
			{ "SIZE(page)", &o->page_size },
		};
		static const char *const flags[] = { "lru", "private",
			"swapcache", "swapbacked", "slab", "hwpoison" };
		uint64_t x;
		char key[40];
		for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
			if (fmt_vmcoreinfo(l->src, v[i].key, &x) && x < 4096)
				*v[i].off = (long)x;
		for (size_t i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
			snprintf(key, sizeof(key), "NUMBER(PG_%s)", flags[i]);
			if (fmt_vmcoreinfo(l->src, key, &x) && x < 64)
				l->pageflag[x] = flags[i];
		}
		return;
	}
	o->task_tasks = moff(b, "task_struct", "tasks");
	o->task_pid = moff(b, "task_struct", "pid");
	o->task_tgid = moff(b, "task_struct", "tgid");
	o->task_comm = moff(b, "task_struct", "comm");
	o->task_mm = moff(b, "task_struct", "mm");
	o->task_parent = moff(b, "task_struct", "real_parent");
	o->task_state = moff(b, "task_struct", "__state");
	if (o->task_state < 0)	/* before 5.14 */
		o->task_state = moff(b, "task_struct", "state");
	o->task_exit_state = moff(b, "task_struct", "exit_state");
	o->mm_pgd = moff(b, "mm_struct", "pgd");
	o->mm_mt = moff(b, "mm_struct", "mm_mt");
	o->mm_mmap = moff(b, "mm_struct", "mmap");
	o->mm_brk = moff(b, "mm_struct", "brk");
	o->mm_start_brk = moff(b, "mm_struct", "start_brk");
	o->mm_start_stack = moff(b, "mm_struct", "start_stack");
	o->mt_root = moff(b, "maple_tree", "ma_root");
	o->r64_pivot = moff(b, "maple_range_64", "pivot");
	o->r64_slot = moff(b, "maple_range_64", "slot");
	o->r64_n = mlen(b, "maple_range_64", "slot");
	o->a64_pivot = moff(b, "maple_arange_64", "pivot");
	o->a64_slot = moff(b, "maple_arange_64", "slot");
	o->a64_n = mlen(b, "maple_arange_64", "slot");
	o->vma_start = moff(b, "vm_area_struct", "vm_start");
	o->vma_end = moff(b, "vm_area_struct", "vm_end");
	o->vma_mm = moff(b, "vm_area_struct", "vm_mm");
	o->vma_flags = moff(b, "vm_area_struct", "vm_flags");
	o->vma_pgoff = moff(b, "vm_area_struct", "vm_pgoff");
	o->vma_file = moff(b, "vm_area_struct", "vm_file");
	o->vma_ops = moff(b, "vm_area_struct", "vm_ops");
	o->vma_priv = moff(b, "vm_area_struct", "vm_private_data");
	o->vma_next = moff(b, "vm_area_struct", "vm_next");
	o->ops_name = moff(b, "vm_operations_struct", "name");
	o->vma_anon_name = moff(b, "vm_area_struct", "anon_name");
	o->anon_name_name = moff(b, "anon_vma_name", "name");
	o->special_name = moff(b, "vm_special_mapping", "name");
	o->file_path = moff(b, "file", "f_path");
	o->file_inode = moff(b, "file", "f_inode");
	o->path_mnt = moff(b, "path", "mnt");
	o->path_dentry = moff(b, "path", "dentry");
	o->inode_ino = moff(b, "inode", "i_ino");
	o->inode_sb = moff(b, "inode", "i_sb");
	o->sb_dev = moff(b, "super_block", "s_dev");
	o->dentry_parent = moff(b, "dentry", "d_parent");
	o->dentry_name = moff(b, "dentry", "d_name");
	o->qstr_name = moff(b, "qstr", "name");
	o->qstr_len = moff(b, "qstr", "len");
	o->mount_mnt = moff(b, "mount", "mnt");
	o->mount_parent = moff(b, "mount", "mnt_parent");
	o->mount_mountpoint = moff(b, "mount", "mnt_mountpoint");
	o->vfsmount_root = moff(b, "vfsmount", "mnt_root");
	o->page_flags = moff(b, "page", "flags");
	o->page_refcount = moff(b, "page", "_refcount");
	o->page_mapcount = moff(b, "page", "_mapcount");
	o->page_mapping = moff(b, "page", "mapping");
	o->page_index = moff(b, "page", "index");
	o->page_private = moff(b, "page", "private");
	o->page_size = tsize(b, "page");

	int32_t id = btf__find_by_name_kind(b, "pageflags", BTF_KIND_ENUM);
	const struct btf_type *t = id < 0 ? NULL : btf__type_by_id(b, id);
	if (t && btf_is_enum(t)) {
		const struct btf_enum *en = btf_enum(t);
		for (unsigned i = 0; i < btf_vlen(t); i++) {
			const char *n = btf__name_by_offset(b, en[i].name_off);
			if (!n || strncmp(n, "PG_", 3) || en[i].val < 0 ||
			    en[i].val >= 64 || l->pageflag[en[i].val])
				continue;	/* aliases keep the first name */
			l->pageflag[en[i].val] = n + 3;
		}
	}
}

long lx_member(const struct lx *l, const char *type, const char *member)
{
	return l->btf ? moff(l->btf, type, member) : -1;
}

const char *lx_btf_note(const struct lx *l)
{
	return l->btf_note;
}

static int silent(enum libbpf_print_level lv, const char *f, va_list ap)
{
	(void)lv;
	(void)f;
	(void)ap;
	return 0;
}

/* --btf FILE: a saved /sys/kernel/btf/vmlinux of the same kernel. */
static bool load_btf_file(struct lx *l, const char *path)
{
	FILE *f = fopen(path, "rb");
	void *buf = malloc(MAX_BTF + 1);
	size_t n = f && buf ? fread(buf, 1, MAX_BTF + 1, f) : 0;

	if (f)
		fclose(f);
	if (!f || !buf || n > MAX_BTF) {
		snprintf(l->btf_note, sizeof(l->btf_note), "none: --btf %s: %s",
			 path, !f ? strerror(errno) : "over 64 MiB");
		free(buf);
		return true;
	}
	libbpf_set_print(silent);
	l->btf = btf__new(buf, (uint32_t)n);
	int err = errno;
	free(buf);
	if (!l->btf)
		snprintf(l->btf_note, sizeof(l->btf_note), "none: --btf %s does "
			 "not parse as BTF (libbpf: %s)", path, strerror(err));
	else
		snprintf(l->btf_note, sizeof(l->btf_note), "--btf %s, %zu bytes, "
			 "%u types", path, n, btf__type_cnt(l->btf));
	return true;
}

static void load_btf(struct lx *l)
{
	uint64_t start = sym(l, "__start_BTF"), stop = sym(l, "__stop_BTF");
	static const uint8_t magic[8] = { 0x9f, 0xeb, 1, 0, 24, 0, 0, 0 };
	uint64_t size = 0;
	const char *how = "";

	if (!start && (start = scan_image(l, magic, sizeof(magic), btf_header,
					  &size))) {
		stop = start + size;	/* found by its header */
		how = " (found by its header: kallsyms has no __start_BTF)";
	}
	if (!start || !stop) {
		snprintf(l->btf_note, sizeof(l->btf_note), "none: no __start_BTF "
			 "among the symbols and no BTF header in the kernel image "
			 "(built without CONFIG_DEBUG_INFO_BTF)");
		return;
	}
	if (stop <= start || stop - start > MAX_BTF) {
		snprintf(l->btf_note, sizeof(l->btf_note), "none: __start_BTF "
			 "%" PRIx64 " .. __stop_BTF %" PRIx64 " is not a plausible "
			 "size", start, stop);
		return;
	}
	size_t n = (size_t)(stop - start);
	void *buf = malloc(n);
	if (!buf || lx_read(l, start, buf, n) < 0) {
		snprintf(l->btf_note, sizeof(l->btf_note), "none: %zu bytes at "
			 "%" PRIx64 " cannot be read from the dump", n, start);
		free(buf);
		return;
	}
	libbpf_set_print(silent);
	l->btf = btf__new(buf, (uint32_t)n);
	int err = errno;
	free(buf);
	if (!l->btf) {
		snprintf(l->btf_note, sizeof(l->btf_note), "none: the %zu bytes "
			 "at %" PRIx64 " do not parse as BTF (libbpf: %s)", n,
			 start, strerror(err));
		return;
	}
	snprintf(l->btf_note, sizeof(l->btf_note), "kernel BTF in the dump, "
		 "%zu bytes at %" PRIx64 ", %u types%s", n, start,
		 btf__type_cnt(l->btf), how);
}

/* init_task by its content: comm "swapper/0" (the boot CPU's idle task),
 * pid 0, and a tasks list whose next node points back at it. */
static bool is_init_task(struct lx *l, uint64_t comm_va, void *arg)
{
	const struct lx_off *o = &l->o;
	uint64_t t = comm_va - (uint64_t)o->task_comm, next, prev;
	uint8_t b[4];

	(void)arg;
	if (lx_read(l, t + o->task_pid, b, 4) < 0 || le_u32(b) != 0 ||
	    lx_read_ptr(l, t + o->task_tasks, &next) < 0 ||
	    lx_read_ptr(l, next + l->psize, &prev) < 0)
		return false;
	return prev == t + (uint64_t)o->task_tasks;
}

static void find_init_task(struct lx *l)
{
	static const char comm[] = "swapper/0";	/* with its NUL */

	if (l->o.task_comm < 0 || l->o.task_pid < 0 || l->o.task_tasks < 0)
		return;
	uint64_t at = scan_image(l, comm, sizeof(comm), is_init_task, NULL);
	if (at) {
		l->init_task = at - (uint64_t)l->o.task_comm;
		l->init_task_scanned = true;
	}
}

/* ------------------------------------------------------------------ */
/* Loading */

static void lx_free(void *p)
{
	struct lx *l = p;

	if (!l)
		return;
	ksyms_free(&l->syms);
	btf__free(l->btf);
	free(l);
}

/* The kernel's top-level table: init_top_pgt (x86-64, a kernel-text VA:
 * PA = VA - __START_KERNEL_map + phys_base) or swapper_pg_dir (i386, a
 * direct-map VA: PA = VA - PAGE_OFFSET). */
static int kernel_root(struct lx *l, const struct fmt_source *src,
		       struct err *e)
{
	uint64_t va, base;

	if (is64(l)) {
		if (!fmt_vmcoreinfo(src, "SYMBOL(init_top_pgt)", &va))
			return err_set(e, "VMCOREINFO has no SYMBOL(init_top_pgt)");
		if (!fmt_vmcoreinfo(src, "NUMBER(phys_base)", &base))
			return err_set(e, "VMCOREINFO has no NUMBER(phys_base)");
		l->ctx.cr3 = va - 0xffffffff80000000ull + base;
	} else {
		if (!fmt_vmcoreinfo(src, "SYMBOL(swapper_pg_dir)", &va))
			return err_set(e, "VMCOREINFO has no SYMBOL(swapper_pg_dir)");
		l->ctx.cr3 = va - 0xc0000000ull;
	}
	/* the table maps itself at its own VA */
	uint64_t pa;
	if (lx_pa(l, va, &pa) < 0 || pa != (l->ctx.cr3 & ~0xFFFull))
		return err_set(e, "the kernel's table at PA %" PRIx64 " does not "
			       "map its own address %" PRIx64, l->ctx.cr3, va);
	return 0;
}

static int load(struct session *s, struct lx *l, struct err *e)
{
	const struct fmt_source *src = sess_source(s);
	const struct pt_mode_desc *d = sess_mode(s);
	struct ksyms_tables tb;

	if (!src->vmcoreinfo)
		return err_set(e, "no VMCOREINFO in this dump: no kernel symbols "
			       "or types (QEMU: start the guest with -device "
			       "vmcoreinfo; or dump with kdump / makedumpfile)");
	if (!d)
		return err_set(e, "no paging mode known: give --mode");
	l->src = src;
	l->ctx = *sess_ctx(s);
	l->psize = d->va_bits > 32 ? 8 : 4;
	fmt_vmcoreinfo_str(src, "OSRELEASE", l->release, sizeof(l->release));
	l->has_kaslr = fmt_vmcoreinfo(src, "KERNELOFFSET", &l->kaslr);
	l->has_phys_base = fmt_vmcoreinfo(src, "NUMBER(phys_base)",
					  &l->phys_base);
	if (kernel_root(l, src, e) < 0)
		return -1;
	if (sess_kallsyms_file(s)) {
		if (ksyms_load_file(sess_kallsyms_file(s), &l->syms, e) < 0)
			return -1;
		/* a System.map is not relocated: move it to where VMCOREINFO
		 * says _stext is */
		uint64_t st;
		const struct ksym *k = ksyms_find(&l->syms, "_stext");
		if (k && fmt_vmcoreinfo(src, "SYMBOL(_stext)", &st))
			ksyms_shift(&l->syms, st - k->addr);
		snprintf(l->syms_note, sizeof(l->syms_note), "--kallsyms %s",
			 sess_kallsyms_file(s));
	} else {
		static const char *const need[] = {
			"SYMBOL(kallsyms_num_syms)", "SYMBOL(kallsyms_names)",
			"SYMBOL(kallsyms_token_table)",
			"SYMBOL(kallsyms_token_index)",
			"SYMBOL(kallsyms_offsets)",
			"SYMBOL(kallsyms_relative_base)",
		};
		uint64_t *at[] = { &tb.num_syms, &tb.names, &tb.token_table,
				   &tb.token_index, &tb.offsets,
				   &tb.relative_base };
		for (int i = 0; i < 6; i++)
			if (!fmt_vmcoreinfo(src, need[i], at[i]))
				return err_set(e, "VMCOREINFO lacks %s (kernels "
					       "before 6.0 do not export the "
					       "kallsyms tables; give --kallsyms "
					       "FILE)", need[i]);
		tb.absolute_percpu = is64(l);
		if (ksyms_load(&tb, ksyms_reader, l, &l->syms, e) < 0)
			return err_prefix(e, "kallsyms");
		snprintf(l->syms_note, sizeof(l->syms_note), "the kernel's "
			 "kallsyms tables (VMCOREINFO)");
	}
	if (!sess_btf_file(s) || !load_btf_file(l, sess_btf_file(s)))
		load_btf(l);
	load_offsets(l);
	if (!(l->init_task = sym(l, "init_task")))
		find_init_task(l);
	l->special_name_fn = sym(l, "special_mapping_name");
	for (size_t i = 0; i < sizeof(image_parts) / sizeof(image_parts[0]);
	     i++) {
		l->part[i][0] = sym(l, image_parts[i].from);
		l->part[i][1] = sym(l, image_parts[i].to);
	}
	uint64_t vb = sym(l, "vmemmap_base"), a;
	if ((a = sym(l, "page_offset_base")))
		lx_read_ptr(l, a, &l->page_offset);
	if ((a = sym(l, "vmalloc_base")))
		lx_read_ptr(l, a, &l->vmalloc);
	if ((a = sym(l, "high_memory")))
		lx_read_ptr(l, a, &l->high_memory);
	if (!fmt_vmcoreinfo(src, "NUMBER(KERNEL_IMAGE_SIZE)", &l->image_size))
		l->image_size = 512u << 20;
	l->la57 = d->va_bits > 48;
	if (vb && lx_read_ptr(l, vb, &l->vmemmap) == 0)
		l->memmap = l->vmemmap;
	else if ((vb = sym(l, "mem_map")))
		lx_read_ptr(l, vb, &l->memmap);
	l->pg_slab = -1;
	for (unsigned b = 0; b < 64; b++)
		if (l->pageflag[b] && !strcmp(l->pageflag[b], "slab"))
			l->pg_slab = (int)b;
	return 0;
}

struct lx *lx_loaded(const struct session *s)
{
	return sess_source(s)->vmcoreinfo ? sess_os_state(s) : NULL;
}

static const char *image_part(const struct lx *l, uint64_t va, uint64_t *lo,
			      uint64_t *hi)
{
	for (size_t i = 0; i < sizeof(image_parts) / sizeof(image_parts[0]);
	     i++) {
		uint64_t a = l->part[i][0], b = l->part[i][1];
		if (a && b > a && va >= a && va < b) {
			*lo = a;
			*hi = b;
			return image_parts[i].name;
		}
	}
	return NULL;
}

const char *lx_region(const struct lx *l, uint64_t va, uint64_t *lo,
		      uint64_t *hi)
{
	const char *part = image_part(l, va, lo, hi);

	if (part)
		return part;
	if (!is64(l)) {
		uint64_t top = l->high_memory ? l->high_memory : 0xf8000000ull;
		*lo = va < 0xc0000000ull ? 0 : va < top ? 0xc0000000ull : top;
		*hi = va < 0xc0000000ull ? 0xc0000000ull : va < top ? top : 0;
		return va < 0xc0000000ull ? "user" : va < top ? "direct map"
			: "vmalloc, pkmap or fixmap";
	}
	const uint64_t text = 0xffffffff80000000ull,
		       mods = text + l->image_size,
		       fixmap = 0xffffffffff000000ull,
		       vsys = 0xffffffffff600000ull,
		       cea = 0xfffffe0000000000ull;
	uint64_t user_end = l->la57 ? 1ull << 56 : 1ull << 47;
	uint64_t vmemmap_size = l->la57 ? 1ull << 49 : 1ull << 40;
	struct { uint64_t a, b; const char *name; } r[] = {
		{ 0, user_end, "user" },
		{ l->la57 ? 0xff10000000000000ull : 0xffff880000000000ull,
		  l->la57 ? 0xff11000000000000ull : 0xffff888000000000ull,
		  "LDT remap (PTI)" },
		{ l->page_offset, l->vmalloc, "direct map" },
		{ l->vmalloc, l->vmemmap, "vmalloc" },
		{ l->vmemmap, l->vmemmap + vmemmap_size, "vmemmap" },
		{ cea, cea + (1ull << 39), "cpu_entry_area" },
		{ 0xffffff0000000000ull, 0xffffff8000000000ull,
		  "%esp fixup stacks" },
		{ 0xffffffef00000000ull, 0xffffffff00000000ull, "EFI" },
		{ text, mods, "kernel image" },
		{ mods, fixmap, "modules" },
		{ fixmap, vsys, "fixmap" },
		{ vsys, vsys + 4096, "vsyscall" },
	};
	for (size_t i = 0; i < sizeof(r) / sizeof(r[0]); i++)
		if (r[i].b > r[i].a && va >= r[i].a && va < r[i].b) {
			*lo = r[i].a;
			*hi = r[i].b;
			return r[i].name;
		}
	*lo = *hi = va & ~0xFFFull;
	return "unused";
}

struct lx *lx_get(struct session *s, struct err *e)
{
	/* the session's OS state is Windows' on a crash dump: not ours */
	struct lx *l = lx_loaded(s);

	if (l)
		return l;
	if (!(l = calloc(1, sizeof(*l)))) {
		err_set(e, "out of memory");
		return NULL;
	}
	if (load(s, l, e) < 0) {
		lx_free(l);
		return NULL;
	}
	sess_set_os_state(s, l, lx_free);
	return l;
}

int lx_symbol(struct session *s, const char *name, size_t n, uint64_t *v)
{
	char buf[128];
	struct err e;

	if (!n || n >= sizeof(buf) || !sess_source(s)->vmcoreinfo)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!(name[i] == '_' || name[i] == '.' || name[i] == '$' ||
		      (name[i] >= '0' && name[i] <= '9') ||
		      ((name[i] | 0x20) >= 'a' && (name[i] | 0x20) <= 'z')))
			return -1;
	memcpy(buf, name, n);
	buf[n] = '\0';
	struct lx *l = lx_get(s, &e);
	const struct ksym *k = l ? ksyms_find(&l->syms, buf) : NULL;
	if (!k)
		return -1;
	*v = k->addr;
	return 0;
}

void lx_info_vmcoreinfo(const struct session *s, struct outbuf *out)
{
	const struct fmt_source *src = sess_source(s);
	char rel[65];
	uint64_t v;

	if (!src->vmcoreinfo)
		return;
	if (fmt_vmcoreinfo_str(src, "OSRELEASE", rel, sizeof(rel)))
		ob_printf(out, "%-14s %s\n", "linux release", rel);
	if (fmt_vmcoreinfo(src, "KERNELOFFSET", &v))
		ob_printf(out, "%-14s %" PRIx64 "\n", "kaslr offset", v);
	if (fmt_vmcoreinfo(src, "NUMBER(phys_base)", &v))
		ob_printf(out, "%-14s %" PRIx64 " (%" PRId64 ")\n", "phys_base", v,
			  (int64_t)v);
}

void lx_info(const struct lx *l, struct outbuf *out)
{
	ob_printf(out, "%-14s %" PRIx64 " (%s)\n", "kernel root", l->ctx.cr3,
		  is64(l) ? "init_top_pgt" : "swapper_pg_dir");
	ob_printf(out, "%-14s %zu from %s\n", "symbols", l->syms.n,
		  l->syms_note);
	ob_printf(out, "%-14s %s\n", "types", l->btf_note);
	if (l->init_task_scanned)
		ob_printf(out, "%-14s %" PRIx64 " (found by its name: kallsyms "
			  "has text symbols only)\n", "init_task", l->init_task);
	if (l->memmap)
		ob_printf(out, "%-14s %s %" PRIx64 "\n", "struct page",
			  l->vmemmap ? "vmemmap at" : "mem_map at", l->memmap);
}

/* ------------------------------------------------------------------ */
/* Tasks */

static int need_off(const struct lx *l, long off, const char *what,
		    struct err *e)
{
	if (off >= 0)
		return 0;
	if (!l->btf)
		return err_set(e, "no kernel types to find %s in: %s (give a "
			       "matching kernel's BTF with --btf FILE)", what,
			       l->btf_note);
	return err_set(e, "the kernel's BTF has no %s", what);
}
#define need(off, what, e) need_off(l, off, what, e)

/* ps's letter: (state | exit_state) & TASK_REPORT, TASK_IDLE as I, then
 * the highest bit set (fs/proc/array.c's task_state_array). */
static char state_letter(uint32_t st, uint32_t ex)
{
	static const char letters[] = "RSDTtXZPI";
	uint32_t v = (st | ex) & 0x7f;

	if (st == 0x402)	/* TASK_UNINTERRUPTIBLE | TASK_NOLOAD */
		return 'I';
	int i = 0;
	while (v) {
		i++;
		v >>= 1;
	}
	return letters[i < 9 ? i : 0];
}


static int read_task(struct lx *l, uint64_t t, struct lx_task *out)
{
	const struct lx_off *o = &l->o;
	uint32_t pid, tgid, st = 0, ex = 0;
	uint64_t parent, ptgid = 0;

	memset(out, 0, sizeof(*out));
	out->addr = t;
	if (read_u32(l, t + o->task_pid, &pid) < 0 ||
	    read_u32(l, t + o->task_tgid, &tgid) < 0 ||
	    lx_read(l, t + o->task_comm, out->comm, 16) < 0 ||
	    lx_read_ptr(l, t + o->task_mm, &out->mm) < 0)
		return -1;
	out->comm[16] = '\0';
	for (int i = 0; out->comm[i]; i++)
		if ((unsigned char)out->comm[i] < 0x20 ||
		    (unsigned char)out->comm[i] >= 0x7f)
			out->comm[i] = '?';
	out->pid = (int32_t)pid;
	out->tgid = (int32_t)tgid;
	if (o->task_state >= 0)
		read_u32(l, t + o->task_state, &st);
	if (o->task_exit_state >= 0)
		read_u32(l, t + o->task_exit_state, &ex);
	out->state = state_letter(st, ex);
	/* ppid is the parent's tgid; the idle task and init have 0 */
	if (o->task_parent >= 0 &&
	    lx_read_ptr(l, t + o->task_parent, &parent) == 0 && parent &&
	    out->pid) {
		uint32_t v;
		if (read_u32(l, parent + o->task_tgid, &v) == 0)
			ptgid = v;
	}
	out->ppid = (int32_t)ptgid;
	if (out->mm && o->mm_pgd >= 0 &&
	    lx_read_ptr(l, out->mm + o->mm_pgd, &out->pgd) == 0 &&
	    lx_pa(l, out->pgd, &out->pgd_pa) == 0 &&
	    is64(l) && dtb_pti_user_half(l->src, out->pgd_pa))
		out->user_pa = out->pgd_pa + 4096;
	return 0;
}

int lx_tasks(struct lx *l, struct lx_task **out, size_t *n,
	     const char **note, struct err *e)
{
	const struct lx_off *o = &l->o;
	uint64_t init = l->init_task;
	struct lx_task *v = NULL;
	size_t cap = 0;

	*out = NULL;
	*n = 0;
	*note = NULL;
	if (need(o->task_tasks, "task_struct.tasks", e) < 0 ||
	    need(o->task_pid, "task_struct.pid", e) < 0 ||
	    need(o->task_tgid, "task_struct.tgid", e) < 0 ||
	    need(o->task_comm, "task_struct.comm", e) < 0 ||
	    need(o->task_mm, "task_struct.mm", e) < 0)
		return err_prefix(e, "tasks");
	if (!init)
		return err_set(e, "no init_task among the kernel's symbols, nor "
			       "a task_struct named swapper/0 in its image");
	uint64_t t = init, tort = 0, link;
	size_t steps = 0, power = 1;
	for (;;) {
		if (*n == cap) {
			size_t nc = cap ? cap * 2 : 64;
			struct lx_task *g = realloc(v, nc * sizeof(*v));
			if (!g) {
				*note = "out of memory";
				break;
			}
			v = g;
			cap = nc;
		}
		if (read_task(l, t, &v[*n]) < 0) {
			if (!*n) {
				free(v);
				return err_set(e, "init_task at %" PRIx64 " cannot be "
					       "read", init);
			}
			*note = "a task_struct could not be read: list cut short";
			break;
		}
		(*n)++;
		if (lx_read_ptr(l, t + o->task_tasks, &link) < 0) {
			*note = "a tasks link could not be read: list cut short";
			break;
		}
		t = link - (uint64_t)o->task_tasks;
		if (t == init)
			break;
		/* Brent: a cycle that skips init_task is met again within
		 * twice its length */
		if (t == tort) {
			*note = "the task list loops without coming back to "
				"init_task: cut at the loop";
			*n = os_loop_keep(v, *n, sizeof(*v),
					  offsetof(struct lx_task, addr), t);
			break;
		}
		if (++steps == power) {
			tort = t;
			power *= 2;
			steps = 0;
		}
		if (*n >= MAX_TASKS) {
			*note = "more than 1048576 tasks: cut short";
			break;
		}
	}
	*out = v;
	return 0;
}

int lx_task_find(struct lx *l, const char *key, struct lx_task *t,
		 struct err *e)
{
	struct lx_task *v;
	size_t n;
	const char *note;
	char *end;
	long pid = strtol(key, &end, 10);
	bool by_pid = *key && !*end;

	if (lx_tasks(l, &v, &n, &note, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (by_pid ? v[i].pid == pid : !strcmp(v[i].comm, key)) {
			*t = v[i];
			free(v);
			return 0;
		}
	free(v);
	return err_set(e, "no task with %s %s%s%s", by_pid ? "pid" : "comm",
		       key, note ? " (" : "", note ? note : "");
}

int lx_task_of_root(struct lx *l, uint64_t root, struct lx_task *t,
		    struct err *e)
{
	struct lx_task *v;
	size_t n;
	const char *note;

	if (lx_tasks(l, &v, &n, &note, e) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (v[i].mm && (v[i].pgd_pa == root || v[i].user_pa == root)) {
			*t = v[i];
			free(v);
			return 0;
		}
	free(v);
	return err_set(e, "no task uses the tables shown (CR3 %" PRIx64 "): "
		       "name one (maps PID)", root);
}

/* ------------------------------------------------------------------ */
/* VMAs */

struct vma_walk {
	struct lx *l;
	uint64_t mm;
	struct lx_vma *v;
	size_t n, cap;
	size_t nodes;
	uint64_t path[MAX_DEPTH];	/* the nodes above, for loops */
	const char *note;
};

static bool add_vma(struct vma_walk *vw, uint64_t addr, uint64_t lo,
		    uint64_t hi, bool check_range)
{
	struct lx *l = vw->l;
	const struct lx_off *o = &l->o;
	struct lx_vma x;

	memset(&x, 0, sizeof(x));
	x.addr = addr;
	uint64_t mm;
	if (lx_read_ptr(l, addr + o->vma_start, &x.start) < 0 ||
	    lx_read_ptr(l, addr + o->vma_end, &x.end) < 0 ||
	    lx_read_ptr(l, addr + o->vma_mm, &mm) < 0 ||
	    lx_read_ptr(l, addr + o->vma_flags, &x.flags) < 0) {
		vw->note = "a vm_area_struct could not be read: skipped";
		return true;
	}
	if (mm != vw->mm || x.start >= x.end || (x.start | x.end) & 0xFFF ||
	    (check_range && (x.start != lo || x.end - 1 != hi))) {
		vw->note = "a VMA that does not belong where the tree puts it: "
			   "skipped";
		return true;
	}
	if (o->vma_pgoff >= 0)
		lx_read_ptr(l, addr + o->vma_pgoff, &x.pgoff);
	if (o->vma_file >= 0)
		lx_read_ptr(l, addr + o->vma_file, &x.file);
	if (vw->n == vw->cap) {
		size_t nc = vw->cap ? vw->cap * 2 : 64;
		struct lx_vma *g = realloc(vw->v, nc * sizeof(*g));
		if (!g) {
			vw->note = "out of memory";
			return false;
		}
		vw->v = g;
		vw->cap = nc;
	}
	vw->v[vw->n++] = x;
	if (vw->n >= MAX_VMAS) {
		vw->note = "more than 1048576 VMAs: cut short";
		return false;
	}
	return true;
}

/* The root pointer of a tree of nodes has bit 1 set (MAPLE_ROOT_NODE);
 * below it, child pointers carry only their type. */
static bool is_node(uint64_t entry)
{
	return (entry & 3) == 2 && entry > 4096;
}

/* One maple node covering [min, max] (lib/maple_tree.c's layout: a type
 * in bits 3-6 of the encoded pointer; range nodes have pivots and slots,
 * a slot i covering (pivot[i-1], pivot[i]], the last up to max). */
static bool maple_node(struct vma_walk *vw, uint64_t enode, uint64_t min,
		       uint64_t max, int depth)
{
	uint64_t node_addr = enode & ~0xFFull;

	for (int i = 0; i < depth && i < MAX_DEPTH; i++)
		if (vw->path[i] == node_addr) {
			vw->note = "a maple node that contains itself: skipped";
			return true;
		}
	if (depth < MAX_DEPTH)
		vw->path[depth] = node_addr;
	struct lx *l = vw->l;
	const struct lx_off *o = &l->o;
	unsigned type = (enode >> 3) & 0xf;
	uint64_t node = enode & ~0xFFull;
	long piv_off, slot_off, nslots;

	if (depth > MAX_DEPTH || ++vw->nodes > MAX_NODES) {
		vw->note = "the maple tree is deeper or larger than a real one: "
			   "cut short";
		return false;
	}
	switch (type) {
	case 1:	/* maple_leaf_64 */
	case 2:	/* maple_range_64 */
		piv_off = o->r64_pivot;
		slot_off = o->r64_slot;
		nslots = o->r64_n;
		break;
	case 3:	/* maple_arange_64 */
		piv_off = o->a64_pivot;
		slot_off = o->a64_slot;
		nslots = o->a64_n;
		break;
	default:
		vw->note = "a maple node of an unknown type: skipped";
		return true;
	}
	if (nslots <= 0 || nslots > 64)
		return true;
	uint64_t piv[64], slot[64];
	for (long i = 0; i < nslots; i++) {
		if ((i < nslots - 1 &&
		     lx_read_ptr(l, node + piv_off + i * l->psize, &piv[i]) < 0) ||
		    lx_read_ptr(l, node + slot_off + i * l->psize, &slot[i]) < 0) {
			vw->note = "a maple node could not be read: skipped";
			return true;
		}
	}
	uint64_t lo = min;
	for (long i = 0; i < nslots; i++) {
		uint64_t hi = i < nslots - 1 ? piv[i] : max;
		if (i > 0 && i < nslots - 1 && !piv[i])
			hi = max;	/* no pivot: the last used slot */
		if (hi < lo || hi > max) {
			vw->note = "a maple node with pivots out of order: "
				   "skipped";
			return true;
		}
		if (slot[i]) {
			if (type == 1) {
				if (!(slot[i] & 3) &&
				    !add_vma(vw, slot[i], lo, hi, true))
					return false;
			} else if (slot[i] > 4096 && !(slot[i] & 3)) {
				/* a child: its address, its type in bits 3-6 */
				if (!maple_node(vw, slot[i], lo, hi, depth + 1))
					return false;
			}
		}
		if (hi == max)
			break;
		lo = hi + 1;
	}
	return true;
}

static int by_start(const void *a, const void *b)
{
	const struct lx_vma *x = a, *y = b;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* What names [heap] and [stack]: the mm's brk range and stack start,
 * read once for all its VMAs (has_*: false where unreadable). */
struct mm_marks {
	uint64_t brk, start_brk, start_stack;
	bool has_brk, has_stack;
};

static void vma_name(struct lx *l, const struct mm_marks *mk,
		     struct lx_vma *v);

int lx_vmas(struct lx *l, uint64_t mm, struct lx_vma **out, size_t *n,
	    const char **note, struct err *e)
{
	const struct lx_off *o = &l->o;
	struct vma_walk vw = { .l = l, .mm = mm };

	*out = NULL;
	*n = 0;
	*note = NULL;
	if (need(o->vma_start, "vm_area_struct.vm_start", e) < 0 ||
	    need(o->vma_end, "vm_area_struct.vm_end", e) < 0 ||
	    need(o->vma_mm, "vm_area_struct.vm_mm", e) < 0 ||
	    need(o->vma_flags, "vm_area_struct.vm_flags", e) < 0)
		return err_prefix(e, "VMAs");
	if (o->mm_mt >= 0 && o->mt_root >= 0) {
		uint64_t root;
		if (lx_read_ptr(l, mm + o->mm_mt + o->mt_root, &root) < 0)
			return err_set(e, "mm %" PRIx64 ": its maple tree root "
				       "cannot be read", mm);
		uint64_t umax = is64(l) ? ~0ull : 0xffffffffull;
		if (is_node(root))
			maple_node(&vw, root, 0, umax, 0);
		else if (root && !(root & 3))
			add_vma(&vw, root, 0, 0, false);
	} else if (o->mm_mmap >= 0 && o->vma_next >= 0) {
		uint64_t v;
		if (lx_read_ptr(l, mm + o->mm_mmap, &v) < 0)
			return err_set(e, "mm %" PRIx64 ": mmap cannot be read", mm);
		while (v) {
			if (!add_vma(&vw, v, 0, 0, false))
				break;
			if (lx_read_ptr(l, v + o->vma_next, &v) < 0) {
				vw.note = "a vm_next link could not be read";
				break;
			}
		}
	} else {
		return err_set(e, "the kernel's BTF has neither mm_struct.mm_mt "
			       "nor mm_struct.mmap");
	}
	qsort(vw.v, vw.n, sizeof(*vw.v), by_start);
	/* overlapping VMAs are not real: keep the first */
	size_t k = 0;
	for (size_t i = 0; i < vw.n; i++) {
		if (k && vw.v[i].start < vw.v[k - 1].end) {
			vw.note = "overlapping VMAs: the later ones skipped";
			continue;
		}
		vw.v[k++] = vw.v[i];
	}
	vw.n = k;
	struct mm_marks mk = { 0 };
	mk.has_brk = o->mm_brk >= 0 && o->mm_start_brk >= 0 &&
		     lx_read_ptr(l, mm + o->mm_brk, &mk.brk) == 0 &&
		     lx_read_ptr(l, mm + o->mm_start_brk, &mk.start_brk) == 0;
	mk.has_stack = o->mm_start_stack >= 0 &&
		       lx_read_ptr(l, mm + o->mm_start_stack,
				   &mk.start_stack) == 0;
	for (size_t i = 0; i < vw.n; i++)
		vma_name(l, &mk, &vw.v[i]);
	*out = vw.v;
	*n = vw.n;
	*note = vw.note;
	return 0;
}

/* A NUL-ended string of at most len - 1 bytes from kernel memory, read a
 * byte range at a time so a string near an unmapped page still reads. */
static int read_str(struct lx *l, uint64_t va, char *buf, size_t len)
{
	size_t i = 0;

	while (i + 1 < len) {
		size_t n = FMT_PAGE_SIZE - (size_t)((va + i) & (FMT_PAGE_SIZE - 1));
		if (n > len - 1 - i)
			n = len - 1 - i;
		if (lx_read(l, va + i, buf + i, n) < 0)
			break;
		void *z = memchr(buf + i, '\0', n);
		if (z)
			return 0;
		i += n;
	}
	buf[i] = '\0';
	return i ? 0 : -1;
}

/* The path of a struct path (d_path from the global root): dentry names
 * up to the mount's root, then across to the mount point, and so on. */
static void file_path(struct lx *l, uint64_t file, char *out, size_t len)
{
	const struct lx_off *o = &l->o;
	uint64_t mnt, dentry, mount, root, parent;
	char parts[MAX_PATH_PARTS][128];
	int np = 0;

	out[0] = '\0';
	if (o->file_path < 0 || o->path_dentry < 0 || o->path_mnt < 0 ||
	    o->dentry_parent < 0 || o->dentry_name < 0 || o->qstr_name < 0 ||
	    lx_read_ptr(l, file + o->file_path + o->path_mnt, &mnt) < 0 ||
	    lx_read_ptr(l, file + o->file_path + o->path_dentry, &dentry) < 0)
		return;
	mount = o->mount_mnt >= 0 ? mnt - (uint64_t)o->mount_mnt : 0;
	for (int guard = 0; guard < 4 * MAX_PATH_PARTS; guard++) {
		if (lx_read_ptr(l, dentry + o->dentry_parent, &parent) < 0)
			break;
		root = 0;
		if (o->vfsmount_root >= 0)
			lx_read_ptr(l, mnt + o->vfsmount_root, &root);
		if (dentry == root || dentry == parent) {
			uint64_t mp, up;
			if (!mount || o->mount_parent < 0 ||
			    o->mount_mountpoint < 0 ||
			    lx_read_ptr(l, mount + o->mount_parent, &up) < 0 ||
			    up == mount ||
			    lx_read_ptr(l, mount + o->mount_mountpoint, &mp) < 0)
				break;	/* the global root */
			dentry = mp;
			mount = up;
			mnt = up + (uint64_t)o->mount_mnt;
			continue;
		}
		uint64_t name;
		if (np == MAX_PATH_PARTS ||
		    lx_read_ptr(l, dentry + o->dentry_name + o->qstr_name,
				&name) < 0 ||
		    read_str(l, name, parts[np], sizeof(parts[np])) < 0)
			break;
		np++;
		dentry = parent;
	}
	size_t at = 0;
	for (int i = np - 1; i >= 0 && at + 1 < len; i--)
		at += (size_t)snprintf(out + at, len - at, "/%s", parts[i]);
	if (!np)
		snprintf(out, len, "/");
}

/* The name /proc/PID/maps shows (fs/proc/task_mmu.c, show_map_vma): the
 * file's path; a special mapping's own name ([vdso], [vvar]); [heap]
 * where the VMA meets brk; [stack] where it holds start_stack; else
 * [anon:NAME] for a named anonymous VMA. */
static void vma_name(struct lx *l, const struct mm_marks *mk,
		     struct lx_vma *v)
{
	const struct lx_off *o = &l->o;
	uint64_t p, fn, inode, sb;

	v->name[0] = '\0';
	if (v->file) {
		v->pgoff <<= 12;
		file_path(l, v->file, v->name, sizeof(v->name));
		if (o->file_inode >= 0 &&
		    lx_read_ptr(l, v->file + o->file_inode, &inode) == 0) {
			if (o->inode_ino >= 0)
				lx_read_ptr(l, inode + o->inode_ino, &v->ino);
			uint32_t dev;
			if (o->inode_sb >= 0 && o->sb_dev >= 0 &&
			    lx_read_ptr(l, inode + o->inode_sb, &sb) == 0 &&
			    read_u32(l, sb + o->sb_dev, &dev) == 0) {
				v->major = dev >> 20;
				v->minor = dev & 0xfffff;
			}
		}
		return;
	}
	v->pgoff = 0;
	if (o->vma_ops >= 0 && o->ops_name >= 0 && l->special_name_fn &&
	    lx_read_ptr(l, v->addr + o->vma_ops, &p) == 0 && p &&
	    lx_read_ptr(l, p + o->ops_name, &fn) == 0 &&
	    fn == l->special_name_fn && o->vma_priv >= 0 &&
	    lx_read_ptr(l, v->addr + o->vma_priv, &p) == 0 &&
	    lx_read_ptr(l, p + (o->special_name > 0 ? o->special_name : 0),
			&p) == 0 &&
	    read_str(l, p, v->name, sizeof(v->name)) == 0)
		return;
	if (mk->has_brk && v->start <= mk->brk && v->end >= mk->start_brk) {
		snprintf(v->name, sizeof(v->name), "[heap]");
		return;
	}
	if (mk->has_stack && v->start <= mk->start_stack &&
	    v->end >= mk->start_stack) {
		snprintf(v->name, sizeof(v->name), "[stack]");
		return;
	}
	/* an anonymous VMA named with prctl(PR_SET_VMA_ANON_NAME): its
	 * anon_vma_name (the field shares a union with file VMAs' tree
	 * node, so only here) */
	char an[81];
	if (o->vma_anon_name >= 0 && o->anon_name_name >= 0 &&
	    lx_read_ptr(l, v->addr + o->vma_anon_name, &p) == 0 && p &&
	    read_str(l, p + (uint64_t)o->anon_name_name, an, sizeof(an)) == 0)
		snprintf(v->name, sizeof(v->name), "[anon:%s]", an);
}

void lx_maps_line(const struct lx *l, const struct lx_vma *v, char *buf,
		  size_t len)
{
	int n = snprintf(buf, len, "%08" PRIx64 "-%08" PRIx64 " %c%c%c%c %08"
			 PRIx64 " %02x:%02x %" PRIu64 " ", v->start, v->end,
			 v->flags & LX_VM_READ ? 'r' : '-',
			 v->flags & LX_VM_WRITE ? 'w' : '-',
			 v->flags & LX_VM_EXEC ? 'x' : '-',
			 v->flags & LX_VM_SHARED ? 's' : 'p', v->pgoff,
			 v->major, v->minor, v->ino);
	if (n < 0 || (size_t)n >= len || !v->name[0])
		return;
	/* seq_pad: spaces up to column 25 + 6 * sizeof(void *) - 1, then
	 * one more */
	int col = 25 + 6 * (int)l->psize - 1;
	while (n < col && (size_t)n + 1 < len)
		buf[n++] = ' ';
	if ((size_t)n + 1 < len)
		buf[n++] = ' ';
	snprintf(buf + n, len - (size_t)n, "%s", v->name);
}

/* ------------------------------------------------------------------ */
/* struct page */

int lx_page(struct lx *l, uint64_t pfn, struct lx_page *p, struct err *e)
{
	const struct lx_off *o = &l->o;
	uint64_t size = o->page_size > 0 ? (uint64_t)o->page_size : 0;
	uint64_t v;
	uint32_t u;

	memset(p, 0, sizeof(*p));
	if (!size && !fmt_vmcoreinfo(l->src, "SIZE(page)", &size))
		return err_set(e, "the size of struct page is unknown (no BTF, "
			       "no SIZE(page) in VMCOREINFO)");
	if (!l->memmap)
		return err_set(e, "no vmemmap_base or mem_map among the "
			       "kernel's symbols");
	if (need(o->page_flags, "page.flags", e) < 0)
		return -1;
	if (pfn >> (52 - 12) || size > 4096)
		return err_set(e, "pfn %" PRIx64 " is beyond any physical address "
			       "(52 bits)", pfn);
	p->addr = l->memmap + pfn * size;
	if (lx_read_ptr(l, p->addr + o->page_flags, &p->flags) < 0)
		return err_set(e, "struct page of pfn %" PRIx64 " at %" PRIx64
			       " is not in the dump", pfn, p->addr);
	if (o->page_refcount >= 0 && read_u32(l, p->addr + o->page_refcount,
					      &u) == 0)
		p->refcount = (int32_t)u;
	if (o->page_mapcount >= 0 && read_u32(l, p->addr + o->page_mapcount,
					      &u) == 0)
		p->mapcount = (int32_t)u + 1;
	if (o->page_mapping >= 0)
		lx_read_ptr(l, p->addr + o->page_mapping, &p->mapping);
	if (o->page_index >= 0)
		p->has_index = lx_read_ptr(l, p->addr + o->page_index,
					   &p->index) == 0;
	if (o->page_private >= 0)
		lx_read_ptr(l, p->addr + o->page_private, &p->priv);
	/* the flags word also holds section / node / zone numbers in its
	 * top bits: name only the bits the enum names */
	size_t at = 0;
	for (unsigned b = 0; b < 64; b++) {
		if (!(p->flags >> b & 1) || !l->pageflag[b])
			continue;
		at = fmt_join(p->flag_names, sizeof(p->flag_names), at, "|",
			      l->pageflag[b]);
	}
	v = p->mapping;
	if (l->pg_slab >= 0 && p->flags >> l->pg_slab & 1)
		p->mapping_kind = "slab";
	else if (!v)
		p->mapping_kind = "none";
	else if ((v & 3) == 1)
		p->mapping_kind = "anon";
	else if ((v & 3) == 2)
		p->mapping_kind = "movable";
	else if ((v & 3) == 3)
		p->mapping_kind = "ksm";
	else
		p->mapping_kind = "file";
	return 0;
}
