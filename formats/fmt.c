/* Opening a dump: map it read-only, run the probes in order, hand the mapping
 * to the matching loader.  Generic page-splitting reads live here too. */
#include "config.h"

#include "fmt.h"
#include "le.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* Probe order: formats with a signature first, raw last (it matches all). */
static const struct fmt_ops *const probe_order[] = {
	&fmt_wdmp_ops,
	&fmt_elf_ops,
	&fmt_kdump_ops,
	&fmt_lime_ops,
	&fmt_mdmp_ops,
	&fmt_raw_ops,
};

static const struct fmt_ops *ops_by_name(const char *name)
{
	for (size_t i = 0; i < sizeof(probe_order) / sizeof(probe_order[0]); i++)
		if (strcmp(probe_order[i]->name, name) == 0)
			return probe_order[i];
	return NULL;
}

/* A mapped file that shrinks faults (SIGBUS) on its lost pages.  The
 * handler maps a zero page there so the access completes, and marks the
 * mapping; fmt_read then fails with a message.  Faults anywhere else get
 * the default action. */
#define MAX_WATCH 16
static struct {
	uintptr_t start;
	size_t size;
	volatile sig_atomic_t shrunk;
} watch[MAX_WATCH];
static long page_size;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr;

	(void)uc;
	for (int i = 0; i < MAX_WATCH; i++) {
		if (!watch[i].size || a - watch[i].start >= watch[i].size)
			continue;
		void *pg = (void *)(a & ~(uintptr_t)(page_size - 1));
		if (mmap(pg, (size_t)page_size, PROT_READ, MAP_PRIVATE |
			 MAP_ANONYMOUS | MAP_FIXED, -1, 0) != MAP_FAILED) {
			watch[i].shrunk = 1;
			return;
		}
	}
	signal(sig, SIG_DFL);	/* the access faults again, and ends us */
}

static void watch_add(struct fmt_file *f)
{
	struct sigaction sa;

	/* (again at each open: a test harness may have set its own) */
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_sigbus;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	page_size = sysconf(_SC_PAGESIZE);
	bool installed = page_size > 0 && sigaction(SIGBUS, &sa, NULL) == 0;
	for (int i = 0; installed && i < MAX_WATCH; i++) {
		if (watch[i].size)
			continue;
		watch[i].start = (uintptr_t)f->data;
		watch[i].shrunk = 0;
		watch[i].size = f->size;
		f->watch = i + 1;
		return;
	}
}

bool fmt_shrunk(const struct fmt_source *src)
{
	return src->file.watch && watch[src->file.watch - 1].shrunk;
}

/* A sparse file: list its data extents, so scans can skip the holes
 * (a 64 GiB image holding 128 MiB is read as 128 MiB). */
#define MAX_EXTENTS (1u << 16)
static void find_extents(int fd, uint64_t size, struct fmt_file *f)
{
	size_t cap = 0;
	off_t at = 0;

	while ((uint64_t)at < size) {
		off_t d = lseek(fd, at, SEEK_DATA);
		if (d < 0)
			break;	/* ENXIO: only a hole is left */
		off_t h = lseek(fd, d, SEEK_HOLE);
		if (h < 0 || h <= d || f->nextents == MAX_EXTENTS ||
		    fmt_grow(&f->extents, &cap, f->nextents + 1,
			     sizeof(*f->extents)) < 0)
			goto give_up;
		f->extents[f->nextents++] = (struct fmt_extent){
			(uint64_t)d, (uint64_t)(h - d) };
		at = h;
	}
	if (f->nextents)
		return;
give_up:	/* no list: every page may hold data */
	free(f->extents);
	f->extents = NULL;
	f->nextents = 0;
}

static int map_file(struct fmt_source *src, struct err *e)
{
	struct stat st;
	/* O_NONBLOCK: a FIFO must not block the open; it is refused below */
	int fd = open(src->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);

	if (fd < 0)
		return err_set(e, "%s: cannot open: %s", src->path,
			       strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(e, "%s: not a regular file (a FIFO or device "
			       "cannot be mapped)", src->path);
	}
	if (st.st_size == 0) {
		close(fd);
		return err_set(e, "%s: file is empty", src->path);
	}
	if ((uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return err_set(e, "%s: file too large to map", src->path);
	}
	void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (p != MAP_FAILED && (uint64_t)st.st_blocks * 512 < (uint64_t)st.st_size) {
		find_extents(fd, (uint64_t)st.st_size, &src->file);
		/* sparse: the kernel's read-ahead around a fault would fill
		 * the page cache with the holes' zeros (a first --cr3 auto
		 * on a 16 GiB image spent 85% of a second in memset) */
		madvise(p, (size_t)st.st_size, MADV_RANDOM);
	}
	close(fd);
	if (p == MAP_FAILED)
		return err_set(e, "%s: cannot map: %s", src->path,
			       strerror(errno));
	src->file.path = src->path;
	src->file.data = p;
	src->file.size = (size_t)st.st_size;
	watch_add(&src->file);
	return 0;
}

static const struct fmt_ops *detect(struct fmt_source *src,
				    const struct fmt_open_opts *o,
				    struct err *e)
{
	if (o && o->format) {
		const struct fmt_ops *ops = ops_by_name(o->format);
		if (!ops) {
			char names[128];
			err_set(e, "unknown format '%s' (known: %s)", o->format,
				fmt_names(names, sizeof(names)));
			return NULL;
		}
		err_set(e, "offset 0: not a %s file", ops->name);
		if (ops->probe(&src->file, e) != FMT_MATCH) {
			err_prefix(e, "%s", src->path);
			return NULL;
		}
		return ops;
	}
	for (size_t i = 0; i < sizeof(probe_order) / sizeof(probe_order[0]); i++) {
		switch (probe_order[i]->probe(&src->file, e)) {
		case FMT_MATCH:
			return probe_order[i];
		case FMT_BROKEN:
			err_prefix(e, "%s", src->path);
			return NULL;
		case FMT_NOMATCH:
			break;
		}
	}
	err_set(e, "%s: format not recognised (no dump signature at offset 0, "
		"and %zu bytes is too small for a raw image)", src->path,
		src->file.size);
	return NULL;
}

/* Recent (pfn, page) lookups: a walk asks for the same few table pages
 * again and again, and the loader's own lookup (an ELF's segment search,
 * bounds checks; a kdump's cache probe through two arrays) was a quarter
 * of a walk's instructions.  A loader that reuses a lent buffer says so
 * first (fmt_lent_forget). */
#define LENT_SLOTS 256

struct fmt_lent {
	uint64_t pfn[LENT_SLOTS];
	const uint8_t *page[LENT_SLOTS];
};

int fmt_open(const char *path, const struct fmt_open_opts *o,
	     struct fmt_source **out, struct err *e)
{
	struct fmt_source *src = calloc(1, sizeof(*src));

	if (!src || !(src->path = strdup(path))) {
		free(src);
		return err_set(e, "out of memory");
	}
	if (map_file(src, e) < 0)
		goto fail;
	src->raw_base = o ? o->raw_base : 0;
	src->ops = detect(src, o, e);
	if (!src->ops)
		goto fail;
	if (src->ops->open(src, e) < 0) {
		err_prefix(e, "%s", src->path);
		goto fail;
	}
	fmt_ranges_sort(src);
	if (src->ops->page)
		src->lent = calloc(1, sizeof(*src->lent));	/* optional */
	*out = src;
	return 0;
fail:
	fmt_close(src);
	return -1;
}

void fmt_close(struct fmt_source *src)
{
	if (!src)
		return;
	if (src->ops && src->ops->close)
		src->ops->close(src);
	if (src->file.data && src->ops != &fmt_mem_ops)
		munmap((void *)(uintptr_t)src->file.data, src->file.size);
	if (src->file.watch)
		watch[src->file.watch - 1].size = 0;
	free(src->file.extents);
	free(src->lent);
	free(src->ranges);
	free(src->vmcoreinfo);
	free(src->regions);
	free(src->path);
	free(src);
}

int fmt_read(const struct fmt_source *src, uint64_t pa, void *dst, size_t len,
	     struct err *e)
{
	uint8_t *d = dst;

	while (len > 0) {
		size_t in_page = FMT_PAGE_SIZE - (size_t)(pa & (FMT_PAGE_SIZE - 1));
		size_t n = len < in_page ? len : in_page;
		if (src->ops->read(src, pa, d, n, e) < 0)
			return -1;
		d += n;
		pa += n;
		len -= n;
	}
	if (fmt_shrunk(src))
		return err_set(e, "%s: the file shrank while open; its lost "
			       "bytes read as zero", src->path);
	return 0;
}

void fmt_populate(const struct fmt_source *src, const void *from, size_t len)
{
#ifdef MADV_POPULATE_READ
	const uint8_t *p = from, *d = src->file.data;

	/* a sparse file's holes would fill the page cache with zeros */
	if (!fmt_lent_stays(src, p) || src->file.extents)
		return;
	if (len > src->file.size - (size_t)(p - d))
		len = src->file.size - (size_t)(p - d);
	uintptr_t a = (uintptr_t)p & ~(uintptr_t)4095;
	madvise((void *)a, len + ((uintptr_t)p - a), MADV_POPULATE_READ);
#else
	(void)src;
	(void)from;
	(void)len;
#endif
}

void fmt_release(const struct fmt_source *src, const void *from,
		 const void *to)
{
	const uint8_t *lo = from, *hi = to, *d = src->file.data;

	/* only whole pages of the mapping, inside it */
	if (!d || !src->file.size || hi <= lo || lo < d ||
	    hi > d + src->file.size)
		return;
	uintptr_t a = ((uintptr_t)lo + 4095) & ~(uintptr_t)4095,
		  b = (uintptr_t)hi & ~(uintptr_t)4095;
	/* a read-only private mapping never written: the pages come back
	 * from the page cache, unchanged, on the next touch */
	if (b > a)
		madvise((void *)a, b - a, MADV_DONTNEED);
}

static inline const uint8_t *lend(const struct fmt_source *src, uint64_t pfn)
{
	return src->ops->page && pfn <= UINT64_MAX >> FMT_PAGE_SHIFT ?
	       src->ops->page(src, pfn) : NULL;
}

void fmt_lent_forget(const struct fmt_source *src, uint64_t pfn)
{
	struct fmt_lent *c = src->lent;
	unsigned i = (unsigned)(pfn & (LENT_SLOTS - 1));

	if (c && c->pfn[i] == pfn)
		c->page[i] = NULL;
}

const uint8_t *fmt_page_lent(const struct fmt_source *src, uint64_t pfn)
{
	struct fmt_lent *c = src->lent;
	const uint8_t *p;

	if (!c) {
		p = lend(src, pfn);
		return p && !fmt_shrunk(src) ? p : NULL;
	}
	unsigned i = (unsigned)(pfn & (LENT_SLOTS - 1));
	if (c->pfn[i] == pfn && (p = c->page[i]))
		return fmt_shrunk(src) ? NULL : p;
	if ((p = lend(src, pfn))) {
		c->pfn[i] = pfn;
		c->page[i] = p;
	}
	return p && !fmt_shrunk(src) ? p : NULL;
}

const uint8_t *fmt_page(const struct fmt_source *src, uint64_t pfn,
			uint8_t *buf, struct err *e)
{
	const uint8_t *p = fmt_page_lent(src, pfn);

	if (p)
		return p;
	if (fmt_read(src, pfn << FMT_PAGE_SHIFT, buf, FMT_PAGE_SIZE, e) < 0)
		return NULL;
	return buf;
}

bool fmt_present(const struct fmt_source *src, uint64_t pfn)
{
	return src->ops->present(src, pfn);
}

void fmt_info_add(struct fmt_source *src, const char *key, const char *fmt, ...)
{
	va_list ap;

	if (src->ninfo >= FMT_INFO_MAX)
		return;
	struct fmt_kv *kv = &src->info[src->ninfo++];
	snprintf(kv->key, sizeof(kv->key), "%s", key);
	va_start(ap, fmt);
	vsnprintf(kv->val, sizeof(kv->val), fmt, ap);
	va_end(ap);
}

int fmt_range_add(struct fmt_source *src, uint64_t pa, uint64_t len,
		  struct err *e)
{
	if (len == 0)
		return 0;
	if (src->nranges) {
		struct fmt_range *last = &src->ranges[src->nranges - 1];
		if (last->pa + last->len == pa) {
			last->len += len;
			return 0;
		}
	}
	if (fmt_grow(&src->ranges, &src->ranges_cap, src->nranges + 1,
		     sizeof(*src->ranges)) < 0)
		return err_set(e, "out of memory");
	src->ranges[src->nranges++] = (struct fmt_range){ pa, len };
	return 0;
}

void fmt_ranges_sort(struct fmt_source *src)
{
	for (size_t i = 1; i < src->nranges; i++) {
		if (src->ranges[i].pa < src->ranges[i - 1].pa) {
			fmt_spans_sort(src->ranges, src->nranges,
				       sizeof(*src->ranges));
			return;
		}
	}
}

uint64_t fmt_next_present(const struct fmt_source *src, uint64_t pfn)
{
	if (!src->nranges || pfn > UINT64_MAX >> FMT_PAGE_SHIFT)
		return pfn;
	uint64_t pa = pfn << FMT_PAGE_SHIFT;
	size_t lo = 0, hi = src->nranges;	/* first range ending past pa */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct fmt_range *r = &src->ranges[mid];
		if (r->pa + r->len <= pa)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == src->nranges)
		return UINT64_MAX;
	const struct fmt_range *r = &src->ranges[lo];
	return r->pa <= pa ? pfn : r->pa >> FMT_PAGE_SHIFT;
}

uint64_t fmt_next_data(const struct fmt_source *src, uint64_t pfn)
{
	return src->ops->next_data ? src->ops->next_data(src, pfn) : pfn;
}

uint64_t fmt_pages_present(const struct fmt_source *src)
{
	uint64_t bytes = 0;

	for (size_t i = 0; i < src->nranges; i++)
		bytes += src->ranges[i].len;
	return bytes >> FMT_PAGE_SHIFT;
}

size_t fmt_join(char *buf, size_t len, size_t k, const char *sep,
		const char *item)
{
	if (k >= len)
		return k;
	int n = snprintf(buf + k, len - k, "%s%s", k ? sep : "", item);
	return n < 0 ? k : k + (size_t)n;
}

const char *fmt_names(char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(probe_order) / sizeof(probe_order[0]); i++)
		k = fmt_join(buf, len, k, ", ", probe_order[i]->name);
	return buf;
}

enum pw_os pw_os_parse(const char *s)
{
	for (int os = 0; os < PW_OS_COUNT; os++)
		if (!strcasecmp(s, pw_os_name((enum pw_os)os)))
			return (enum pw_os)os;
	return PW_OS_COUNT;
}

const char *pw_os_names(char *buf, size_t len)
{
	size_t k = 0;

	buf[0] = '\0';
	/* the ones a user picks first; "none" last */
	for (int os = PW_OS_NONE + 1; os <= PW_OS_COUNT; os++)
		k = fmt_join(buf, len, k, ", ", pw_os_name(os == PW_OS_COUNT ?
					      PW_OS_NONE : (enum pw_os)os));
	return buf;
}

const char *pw_os_name(enum pw_os os)
{
	switch (os) {
	case PW_OS_NONE: return "none";
	case PW_OS_WINDOWS: return "windows";
	case PW_OS_LINUX: return "linux";
	case PW_OS_COUNT: break;
	}
	return "?";
}

/* Bits [64 i, 64 i + 64) of bm, those at or past nbits cleared; the
 * bytes past the bitmap's last are not read. */
static uint64_t bitmap_word(const uint8_t *bm, uint64_t i, uint64_t nbits)
{
	uint64_t bytes = (nbits + 7) / 8, w;

	if (8 * i + 8 <= bytes) {
		w = le_u64(bm + 8 * i);
	} else {
		w = 0;
		for (uint64_t b = 8 * i; b < bytes; b++)
			w |= (uint64_t)bm[b] << (8 * (b - 8 * i));
	}
	if (nbits - 64 * i < 64)
		w &= (1ull << (nbits - 64 * i)) - 1;
	return w;
}

int fmt_bitmap_runs(const uint8_t *bm, uint64_t nbits,
		    int (*fn)(void *arg, uint64_t first, uint64_t count),
		    void *arg)
{
	uint64_t n = 0, start = 0;
	bool in = false;

	/* a word at a time: the next bit that ends the state (a set bit
	 * outside a run, a clear one inside) is the lowest set bit of the
	 * word, or of its complement, above n */
	while (n < nbits) {
		unsigned off = (unsigned)(n % 64);
		uint64_t w = bitmap_word(bm, n / 64, nbits);
		uint64_t x = (in ? ~w : w) >> off;
		if (!x) {
			/* and the whole words after it that keep the state
			 * (a dump's long runs of pages, its long gaps) */
			const uint64_t keep = in ? ~0ull : 0;
			uint64_t i = n / 64 + 1;
			while ((i + 1) * 64 <= nbits && le_u64(bm + 8 * i) == keep)
				i++;
			n = i * 64;
			continue;
		}
		n += (uint64_t)__builtin_ctzll(x);
		if (n >= nbits)
			break;
		if (in && fn(arg, start, n - start) < 0)
			return -1;
		start = n;
		in = !in;
	}
	return in ? fn(arg, start, nbits - start) : 0;
}

int fmt_grow(void *arr, size_t *cap, size_t need, size_t size)
{
	void **p = arr;
	size_t n = *cap ? *cap : 8;

	if (need <= *cap && *p)
		return 0;
	while (n < need) {
		if (n > SIZE_MAX / 2)
			return -1;
		n *= 2;
	}
	if (n > SIZE_MAX / size)
		return -1;
	void *q = realloc(*p, n * size);
	if (!q)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int cmp_span(const void *a, const void *b)
{
	uint64_t x, y;
	memcpy(&x, a, sizeof(x));
	memcpy(&y, b, sizeof(y));
	return x < y ? -1 : x > y;
}

size_t fmt_spans_sort(void *arr, size_t n, size_t size)
{
	uint8_t *el = arr;

	if (n < 2)	/* qsort(NULL, 0) is undefined */
		return 0;
	qsort(arr, n, size, cmp_span);
	for (size_t i = 1; i < n; i++) {
		uint64_t ps, pl, s;
		memcpy(&ps, el + (i - 1) * size, sizeof(ps));
		memcpy(&pl, el + (i - 1) * size + sizeof(ps), sizeof(pl));
		memcpy(&s, el + i * size, sizeof(s));
		if (s - ps < pl)
			return i;
	}
	return 0;
}

const void *fmt_span_find(const void *arr, size_t n, size_t size,
			  uint64_t key)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const uint8_t *el = (const uint8_t *)arr + mid * size;
		uint64_t start, len;
		memcpy(&start, el, sizeof(start));
		memcpy(&len, el + sizeof(start), sizeof(len));
		if (key < start)
			hi = mid;
		else if (key - start >= len)
			lo = mid + 1;
		else
			return el;
	}
	return NULL;
}

const char *fmt_reg_name(unsigned i)
{
	static const char *const names[FMT_REG_COUNT] = {
		"rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rsp", "rbp", "r8",
		"r9", "r10", "r11", "r12", "r13", "r14", "r15", "rip", "rflags",
		"cr0", "cr2", "cr3", "cr4",
	};
	return i < FMT_REG_COUNT ? names[i] : NULL;
}

const char *fmt_reg_name32(unsigned i)
{
	static const char *const names[FMT_REG_COUNT] = {
		"eax", "ebx", "ecx", "edx", "esi", "edi", "esp", "ebp", NULL,
		NULL, NULL, NULL, NULL, NULL, NULL, NULL, "eip", "efl",
		"cr0", "cr2", "cr3", "cr4",
	};
	return i < FMT_REG_COUNT ? names[i] : NULL;
}

const char *fmt_vmcoreinfo_str(const struct fmt_source *src, const char *key,
			       char *buf, size_t len)
{
	size_t kl = strlen(key);

	for (const char *p = src->vmcoreinfo; p && *p;) {
		size_t n = strcspn(p, "\n");
		if (n > kl && !strncmp(p, key, kl) && p[kl] == '=') {
			size_t vl = n - kl - 1;
			if (!len)
				return NULL;
			if (vl >= len)
				vl = len - 1;
			memcpy(buf, p + kl + 1, vl);
			buf[vl] = '\0';
			return buf;
		}
		p += n + (p[n] == '\n');
	}
	return NULL;
}

bool fmt_vmcoreinfo(const struct fmt_source *src, const char *key,
		    uint64_t *val)
{
	char v[40], *end;
	bool hex = !strncmp(key, "SYMBOL(", 7) || !strcmp(key, "KERNELOFFSET");

	if (!fmt_vmcoreinfo_str(src, key, v, sizeof(v)) || !v[0])
		return false;
	errno = 0;
	*val = hex ? strtoull(v, &end, 16) : (uint64_t)strtoll(v, &end, 10);
	return !*end && !errno;
}

const struct fmt_region *fmt_region_find(const struct fmt_source *src,
					 uint64_t va)
{
	return fmt_span_find(src->regions, src->nregions,
			     sizeof(*src->regions), va);
}
