/* make bench: pagewalk side by side with its peer and with the physical
 * limits, in one run, as ratios (this machine is noisy).  Not a test.
 *
 *  walks   translations of every mapped page QEMU listed (tlb.txt) of each
 *          real guest case and form: pagewalk's pt_translate, first pass
 *          after open (cold: the median of 5 fresh sessions) and warm
 *          (the best of 5 passes), its full pt_walk (every level decoded,
 *          no target), libkdumpfile's addrxlat_walk on the same file and
 *          VAs, warm as ours (ELF and kdump; the peer has no raw loader),
 *          and the limit: the same walks as bare dependent loads over the
 *          raw image mapped in memory (best of 5).
 *  search  an absent pattern through the whole address space vs memmem
 *          over the same bytes laid end to end (the first 512 MiB).
 *  dtbscan vs copying every data page once.
 *  open    sparse raw images of 1, 16 and 64 GiB holding the guest: open
 *          and --cr3 auto, time and peak RSS.
 *
 * Cases: every folder of PW_GUESTS (made by make-cases), else the shared
 * x64-4l data.  Each row prints the figures, the target and the ratio. */
#include "config.h"

#include "builders.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifdef HAVE_LIBKDUMPFILE
#include <libkdumpfile/kdumpfile.h>
#endif
#ifdef HAVE_ZLIB
#include <zlib.h>
#endif

#include "cmd.h"
#include "dtbscan.h"
#include "fmt.h"
#include "le.h"
#include "map.h"
#include "pt.h"
#include "session.h"

#define MAX_VAS 200000

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void row(const char *what, const char *form, double ours,
		const char *unit, double peer, const char *peer_name,
		const char *target, bool met)
{
	char ratio[48] = "-";
	if (peer > 0)
		snprintf(ratio, sizeof(ratio), "%.2fx %s", ours / peer, peer_name);
	printf("%-28s %-14s %10.1f %-6s %-22s %-26s %s\n", what, form, ours,
	       unit, ratio, target, met ? "met" : "NOT MET");
	fflush(stdout);
}

struct vas {
	uint64_t *va;
	size_t n;
};

static int load_vas(const char *dir, struct vas *v)
{
	char path[1200], line[256];
	snprintf(path, sizeof(path), "%s/tlb.txt", dir);
	FILE *f = fopen(path, "r");
	if (!f)
		return -1;
	v->va = malloc(MAX_VAS * sizeof(*v->va));
	v->n = 0;
	while (v->va && v->n < MAX_VAS && fgets(line, sizeof(line), f))
		v->va[v->n++] = strtoull(line, NULL, 16);
	fclose(f);
	return v->n ? 0 : -1;
}

static uint64_t reg(const char *dir, const char *name)
{
	char path[1200], line[4096], key[32];
	snprintf(path, sizeof(path), "%s/registers.txt", dir);
	snprintf(key, sizeof(key), "%s=", name);
	FILE *f = fopen(path, "r");
	uint64_t v = 0;
	while (f && fgets(line, sizeof(line), f)) {
		char *p = strstr(line, key);
		if (p && (p == line || p[-1] == ' ')) {
			v = strtoull(p + strlen(key), NULL, 16);
			break;
		}
	}
	if (f)
		fclose(f);
	return v;
}

static enum pw_mode mode_of(const char *dir)
{
	uint64_t cr4 = reg(dir, "CR4"), efer = reg(dir, "EFER");
	if (!(cr4 & 0x20))
		return PW_MODE_X86;
	if (!(efer & 0x400))
		return PW_MODE_PAE;
	return cr4 & 0x1000 ? PW_MODE_LA57 : PW_MODE_X64;
}

/* ns per translation over every VA (pt_translate, the PA alone, as the
 * peer's addrxlat_walk), or per full walk (pt_walk, every level kept and
 * decoded, as the walk panel shows it); the sum keeps the work alive. */
#define REPEAT 5	/* runs of each timed pass: best (warm) or median */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static double walk_pass(struct session *s, const struct vas *v, uint64_t *sum,
			bool levels)
{
	struct pt_walk w;
	double t0 = now();
	for (size_t i = 0; i < v->n; i++) {
		uint64_t pa = 0;
		if (levels) {
			pt_walk(sess_source(s), sess_ctx(s), v->va[i], &w);
			pa = w.pa;
		} else {
			pt_translate(sess_source(s), sess_ctx(s), v->va[i], &pa,
				     NULL);
		}
		*sum += pa;
	}
	return (now() - t0) * 1e9 / (double)v->n;
}

/* The limit: the same walk as bare loads through the mapped raw image. */
static double limit_pass(const uint8_t *img, size_t size, uint64_t cr3,
			 enum pw_mode m, const struct vas *v, uint64_t *sum)
{
	const struct pt_mode_desc *d = pt_mode_get(m);
	uint64_t amask = d->esize == 8 ? 0x000FFFFFFFFFF000ull : 0xFFFFF000u;
	uint64_t root = m == PW_MODE_PAE ? cr3 & 0xFFFFFFE0u : cr3 & amask;
	double t0 = now();
	for (size_t i = 0; i < v->n; i++) {
		uint64_t t = root, e = 0;
		for (unsigned l = 0; l < d->nlv; l++) {
			uint64_t at = t + ((v->va[i] >> d->lv[l].shift) &
					   ((1u << d->lv[l].bits) - 1)) * d->esize;
			if (at + 8 > size)
				break;
			e = d->esize == 8 ? *(const uint64_t *)(img + at) :
			    *(const uint32_t *)(img + at);
			if (!(e & 1) || (l + 1 < d->nlv && (e & 0x80) &&
					  d->lv[l].role != PTE_ROLE_PDPTE_PAE))
				break;
			t = e & amask;
		}
		*sum += e;
	}
	return (now() - t0) * 1e9 / (double)v->n;
}

#ifdef HAVE_LIBKDUMPFILE
/* The peer reads only plain kdumps; QEMU writes them flattened: write
 * the plain file the records describe (each at its offset) to tmp. */
static int unflatten(const char *path, char *tmp, size_t len)
{
	int in = open(path, O_RDONLY);
	uint8_t h[16];
	snprintf(tmp, len, "/tmp/pw-bench-plain-XXXXXX");
	int out = mkstemp(tmp);
	if (in < 0 || out < 0 || pread(in, h, 16, 0) != 16 ||
	    memcmp(h, "makedumpfile", 12) != 0)
		goto fail;
	off_t at = 4096;
	static uint8_t buf[1 << 16];
	for (;;) {
		if (pread(in, h, 16, at) != 16)
			goto fail;
		int64_t off = 0, n = 0;
		for (int i = 0; i < 8; i++) {
			off = off << 8 | h[i];
			n = n << 8 | h[8 + i];
		}
		if (off < 0)
			break;
		at += 16;
		while (n > 0) {
			size_t k = n < (int64_t)sizeof(buf) ? (size_t)n : sizeof(buf);
			if (pread(in, buf, k, at) != (ssize_t)k ||
			    pwrite(out, buf, k, off) != (ssize_t)k)
				goto fail;
			at += (off_t)k;
			off += (int64_t)k;
			n -= (int64_t)k;
		}
	}
	close(in);
	close(out);
	return 0;
fail:
	if (in >= 0)
		close(in);
	if (out >= 0) {
		close(out);
		unlink(tmp);
	}
	return -1;
}

/* libkdumpfile's addrxlat: a page-table method rooted at CR3, walked for
 * every VA; ns per translation, or < 0 with why in err. */
static double peer_pass(const char *path, uint64_t cr3, enum pw_mode m,
			const struct vas *v, uint64_t *sum, char *err,
			size_t errlen)
{
	int fd = open(path, O_RDONLY);
	kdump_ctx_t *k = kdump_new();
	addrxlat_ctx_t *ax = NULL;
	double ns = -1;

	if (fd < 0 || !k || kdump_open_fd(k, fd) != KDUMP_OK) {
		snprintf(err, errlen, "%s", k ? kdump_get_err(k) : "no memory");
		goto out;
	}
	/* tell it what the dump may not say: the OS and the paging form
	 * (the method below gives the root itself) */
	kdump_set_string_attr(k, KDUMP_ATTR_OSTYPE, "linux");
	if (m == PW_MODE_X86 || m == PW_MODE_PAE)
		kdump_set_number_attr(k, KDUMP_ATTR_XLAT_FORCE ".pae",
				      m == PW_MODE_PAE);
	else
		kdump_set_number_attr(k, KDUMP_ATTR_XLAT_FORCE ".levels",
				      m == PW_MODE_LA57 ? 5 : 4);
	if (kdump_get_addrxlat(k, &ax, NULL) != KDUMP_OK) {
		snprintf(err, errlen, "%s", k ? kdump_get_err(k) : "no memory");
		goto out;
	}
	addrxlat_meth_t meth;
	memset(&meth, 0, sizeof(meth));
	meth.kind = ADDRXLAT_PGT;
	meth.target_as = ADDRXLAT_MACHPHYSADDR;
	meth.param.pgt.root.as = ADDRXLAT_MACHPHYSADDR;
	addrxlat_paging_form_t *pf = &meth.param.pgt.pf;
	switch (m) {
	case PW_MODE_X86:
		*pf = (addrxlat_paging_form_t){ ADDRXLAT_PTE_IA32, 3,
						{ 12, 10, 10 } };
		meth.param.pgt.root.addr = cr3 & 0xFFFFF000u;
		break;
	case PW_MODE_PAE:
		*pf = (addrxlat_paging_form_t){ ADDRXLAT_PTE_IA32_PAE, 4,
						{ 12, 9, 9, 2 } };
		meth.param.pgt.root.addr = cr3 & 0xFFFFFFE0u;
		break;
	case PW_MODE_LA57:
		*pf = (addrxlat_paging_form_t){ ADDRXLAT_PTE_X86_64, 6,
						{ 12, 9, 9, 9, 9, 9 } };
		meth.param.pgt.root.addr = cr3 & 0x000FFFFFFFFFF000ull;
		break;
	default:
		*pf = (addrxlat_paging_form_t){ ADDRXLAT_PTE_X86_64, 5,
						{ 12, 9, 9, 9, 9 } };
		meth.param.pgt.root.addr = cr3 & 0x000FFFFFFFFFF000ull;
		break;
	}
	/* warm, as ours: a first pass untimed, then the best of REPEAT */
	size_t ok = 0;
	for (int r = 0; r <= REPEAT; r++) {
		ok = 0;
		double t0 = now();
		for (size_t i = 0; i < v->n; i++) {
			addrxlat_step_t st;
			memset(&st, 0, sizeof(st));
			st.ctx = ax;
			st.meth = &meth;
			st.base.addr = v->va[i];
			st.base.as = ADDRXLAT_KVADDR;
			if (addrxlat_walk(&st) == ADDRXLAT_OK) {
				ok++;
				*sum += st.base.addr;
			} else {
				addrxlat_ctx_clear_err(ax);
			}
		}
		double t = (now() - t0) * 1e9 / (double)v->n;
		if (r == 1 || (r > 1 && t < ns))
			ns = t;
	}
	if (ok < v->n / 2) {
		snprintf(err, errlen, "peer translated %zu of %zu", ok, v->n);
		ns = -1;
	}
out:
	if (ax)
		addrxlat_ctx_decref(ax);
	if (k)
		kdump_free(k);
	if (fd >= 0)
		close(fd);
	return ns;
}
#endif

/* The bytes a search reads: every mapped page in the dump, in VA order,
 * counted, and the first MAPPED_COPY of them laid end to end for memmem
 * (its speed depends on the bytes: the image's zero pages go fast). */
#define MAPPED_COPY (512ull << 20)
struct mapped {
	const struct fmt_source *src;
	uint64_t bytes;
	uint8_t *copy;
	size_t ncopy;
};

static bool count_mapped(void *arg, const struct map_leaf *l)
{
	struct mapped *m = arg;
	for (uint64_t off = 0; off < l->size; off += 4096) {
		if (!fmt_present(m->src, (l->pa + off) >> 12))
			continue;
		m->bytes += 4096;
		if (m->copy && m->ncopy + 4096 <= MAPPED_COPY &&
		    fmt_read(m->src, l->pa + off, m->copy + m->ncopy, 4096,
			     NULL) == 0)
			m->ncopy += 4096;
	}
	return true;
}

static long peak_rss_kib(void);

static long peak_rss_kib(void)
{
	struct rusage r;
	getrusage(RUSAGE_SELF, &r);
	return r.ru_maxrss;
}

#if defined(HAVE_LIBKDUMPFILE) && defined(HAVE_ZLIB)
/* Page reads of a plain kdump: every dumped page once, in PFN order,
 * through pagewalk (fmt_read, a fresh open), through libkdumpfile
 * (kdump_read) and as the floor any reader pays: zlib's uncompress of
 * each page's stored bytes, found straight from the descriptors (doc/
 * FORMATS.md, kdump), or a memcpy of the pages stored as they are. */
static void bench_pages(const char *plain, const char *form)
{
	struct fmt_source *src;
	struct err e;
	static uint8_t buf[4096];
	uint64_t sum = 0, n = 0;

	if (fmt_open(plain, NULL, &src, &e) < 0)
		return;
	double t0 = now();
	for (size_t r = 0; r < src->nranges; r++)
		for (uint64_t pa = src->ranges[r].pa;
		     pa < src->ranges[r].pa + src->ranges[r].len; pa += 4096) {
			n += fmt_read(src, pa, buf, sizeof(buf), NULL) == 0;
			sum += buf[n & 4095];
		}
	double ours = (now() - t0) * 1e6 / (double)n;

	int fd = open(plain, O_RDONLY);
	kdump_ctx_t *k = kdump_new();
	double peer = -1;
	if (fd >= 0 && k && kdump_open_fd(k, fd) == KDUMP_OK) {
		uint64_t got = 0;
		t0 = now();
		for (size_t r = 0; r < src->nranges; r++)
			for (uint64_t pa = src->ranges[r].pa;
			     pa < src->ranges[r].pa + src->ranges[r].len;
			     pa += 4096) {
				size_t len = sizeof(buf);
				got += kdump_read(k, KDUMP_MACHPHYSADDR, pa, buf,
						  &len) == KDUMP_OK;
				sum += buf[got & 4095];
			}
		peer = got == n ? (now() - t0) * 1e6 / (double)got : -1;
	}

	/* the floor: the descriptors' pages, decompressed or copied */
	struct stat st;
	double floor = -1;
	const uint8_t *f = fd >= 0 && fstat(fd, &st) == 0 ?
		mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0) :
		MAP_FAILED;
	if (f != MAP_FAILED) {
		size_t o = le_u32(f + 0x1ac) == 4096 ? 0x1ac : 0x1a0;
		uint64_t bs = le_u32(f + o), at = bs * (1 + le_u32(f + o + 4) +
							le_u32(f + o + 8));
		uint64_t done = 0;
		t0 = now();
		for (uint64_t i = 0; i < n && at + 24 * (i + 1) <= (uint64_t)st.st_size;
		     i++) {
			const uint8_t *d = f + at + 24 * i;
			uint64_t off = le_u64(d);
			uint32_t size = le_u32(d + 8), flags = le_u32(d + 12);
			uLongf len = sizeof(buf);
			if (off + size > (uint64_t)st.st_size)
				break;
			if (flags == 0 && size == 4096)
				memcpy(buf, f + off, 4096);
			else if (flags != 1 || uncompress(buf, &len, f + off, size) !=
				 Z_OK)
				break;
			sum += buf[i & 4095];
			done++;
		}
		floor = done == n ? (now() - t0) * 1e6 / (double)done : -1;
		munmap((void *)(uintptr_t)f, (size_t)st.st_size);
	}
	if (peer > 0)
		row("page read, 1st (us/page)", form, ours, "us", peer,
		    "libkdumpfile", "<= 1x libkdumpfile", ours <= peer);
	if (floor > 0)
		printf("%-28s %-14s %10.2f %-6s %.2fx decompress floor (%.2f us)"
		       "%s\n", "page read, 1st (us/page)", form, ours, "us",
		       ours / floor, floor, sum ? "" : " ");
	if (k)
		kdump_free(k);
	if (fd >= 0)
		close(fd);
	fmt_close(src);
}
#endif

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* The distinct table pages the walks of v read (PFNs, sorted, in *out). */
static size_t table_pages(struct session *s, const struct vas *v,
			  uint64_t **out)
{
	size_t n = 0;
	uint64_t *p = malloc(v->n * PT_MAX_LEVELS * sizeof(*p));
	struct pt_walk w;

	for (size_t i = 0; p && i < v->n; i++) {
		pt_walk(sess_source(s), sess_ctx(s), v->va[i], &w);
		for (unsigned l = 0; l < w.nlv; l++)
			if (w.lv[l].read)
				p[n++] = w.lv[l].entry_pa >> 12;
	}
	if (!p)
		return 0;
	qsort(p, n, sizeof(*p), cmp_u64);
	size_t u = 0;
	for (size_t i = 0; i < n; i++)
		if (!u || p[u - 1] != p[i])
			p[u++] = p[i];
	*out = p;
	return u;
}

/* Why a first pass costs more than a warm one: the first touch of each
 * table page (a page fault on a mapped file; a decompression in a
 * kdump).  Prints, per table page, what the pass spent over the warm
 * one and what touching the same pages costs alone in a fresh session
 * (the floor of a first pass). */
static void first_touch(const char *path, const struct sess_opts *o,
			struct session *s, const struct vas *v, double cold,
			double warm, long faults)
{
	uint64_t *pfn = NULL;
	size_t n = table_pages(s, v, &pfn);
	struct session *f;
	struct err e;
	uint64_t sum = 0;

	if (!n || sess_open(path, o, &f, &e) < 0) {
		free(pfn);
		return;
	}
	double t0 = now();
	for (size_t i = 0; i < n; i++) {
		const uint8_t *p = fmt_page_lent(sess_source(f), pfn[i]);
		sum += p ? p[i & 4095] : 0;
	}
	double alone = (now() - t0) * 1e6 / (double)n;
	double extra = (cold - warm) * 1e-3 * (double)v->n / (double)n;
	printf("%-28s %-14s %10.2f %-6s %.2fx first touch alone (%.2f us; %zu "
	       "table pages, %ld faults)%s\n", "  over warm, per table page", "",
	       extra, "us", extra / alone, alone, n, faults, sum ? "" : " ");
	sess_free(f);
	free(pfn);
}

static long minor_faults(void)
{
	struct rusage r;
	getrusage(RUSAGE_SELF, &r);
	return r.ru_minflt;
}

static void bench_case(const char *dir, const char *name)
{
	struct vas v;
	char path[1200], form[64];
	uint64_t sum = 0;
	static const char *const forms[] = { "guest.raw", "guest.elf",
					     "guest.kdump-zlib" };

	if (load_vas(dir, &v) < 0) {
		printf("%-28s %s: no tlb.txt, skipped\n", "walks", name);
		return;
	}
	uint64_t cr3 = reg(dir, "CR3");
	enum pw_mode m = mode_of(dir);
	double raw_warm = 0;
	for (size_t f = 0; f < 3; f++) {
		struct session *s;
		struct sess_opts o = { 0 };
		struct err e;
		snprintf(path, sizeof(path), "%s/%s", dir, forms[f]);
		if (access(path, R_OK) != 0)
			continue;
		if (f == 0) {
			o.has_cr3 = true;
			o.cr3 = cr3;
			o.mode = m;
		}
		snprintf(form, sizeof(form), "%s %s", name, forms[f] + 6);
		if (sess_open(path, &o, &s, &e) < 0) {
			printf("%-28s %-14s %s\n", "walk", form, e.msg);
			continue;
		}
		/* this machine is noisy: the first pass is the median of
		 * REPEAT fresh sessions' (each a new mapping of the file), a
		 * warm figure the best of REPEAT passes */
		long faults = minor_faults();
		double cold = walk_pass(s, &v, &sum, false), colds[REPEAT];
		faults = minor_faults() - faults;
		colds[0] = cold;
		for (int r = 1; r < REPEAT; r++) {
			struct session *fs;
			colds[r] = cold;
			if (sess_open(path, &o, &fs, &e) == 0) {
				colds[r] = walk_pass(fs, &v, &sum, false);
				sess_free(fs);
			}
		}
		cold = median(colds, REPEAT);
		double warm = 1e300, full = 1e300;
		for (int r = 0; r < REPEAT; r++) {
			double t = walk_pass(s, &v, &sum, false);
			warm = t < warm ? t : warm;
			t = walk_pass(s, &v, &sum, true);
			full = t < full ? t : full;
		}
		if (f == 0)
			raw_warm = warm;
		double peer = 0;
		const char *pname = "peer n/a";
		char err[256] = "";
#ifdef HAVE_LIBKDUMPFILE
		if (f > 0) {
			char plain[64];
			bool flat = f == 2 && unflatten(path, plain, sizeof(plain)) == 0;
			peer = peer_pass(flat ? plain : path, sess_ctx(s)->cr3, m, &v,
					 &sum, err, sizeof(err));
			pname = "libkdumpfile";
			if (flat) {
				/* and ours on the same plain file */
				struct session *ps;
				struct sess_opts po = { 0 };
				if (sess_open(plain, &po, &ps, &e) == 0) {
					walk_pass(ps, &v, &sum, false);
					double pw = walk_pass(ps, &v, &sum, false);
					char pf[80];
					snprintf(pf, sizeof(pf), "%s kdump-plain", name);
					row("translate, warm (ns/VA)", pf, pw, "ns", peer,
					    pname, "<= 0.67x libkdumpfile",
					    pw <= peer / 1.5);
					sess_free(ps);
				}
#ifdef HAVE_ZLIB
				char pn[80];
				snprintf(pn, sizeof(pn), "%s kdump-plain", name);
				bench_pages(plain, pn);
#endif
				unlink(plain);
			}
		}
#else
		snprintf(err, sizeof(err), "peer not installed");
#endif
		row("translate, 1st pass (ns/VA)", form, cold, "ns", warm, "warm",
		    "<= 2x warm", cold <= 2 * warm);
		if (cold > 2 * warm)
			first_touch(path, &o, s, &v, cold, warm, faults);
		if (peer > 0)
			row("translate, warm (ns/VA)", form, warm, "ns", peer, pname,
			    "<= 0.67x libkdumpfile", warm <= peer / 1.5);
		else
			printf("%-28s %-14s %10.1f %-6s %s\n",
			       "translate, warm (ns/VA)", form, warm, "ns",
			       f ? err : "(raw: the peer has no raw loader)");
		/* the walk panel's walk: no target, its cost over translating */
		printf("%-28s %-14s %10.1f %-6s %.2fx translate\n",
		       "walk, all levels (ns/VA)", form, full, "ns", full / warm);
		if (f > 0 && raw_warm > 0)
			row("translate vs the raw image", form, warm, "ns", raw_warm,
			    "raw", "<= 1.3x raw", warm <= 1.3 * raw_warm);
		if (f == 0) {
			int fd = open(path, O_RDONLY);
			struct stat st;
			if (fd >= 0 && fstat(fd, &st) == 0) {
				uint8_t *img = mmap(NULL, (size_t)st.st_size, PROT_READ,
						    MAP_PRIVATE, fd, 0);
				if (img != MAP_FAILED) {
					limit_pass(img, (size_t)st.st_size, cr3, m, &v,
						   &sum);
					double lim = 1e300;
					for (int r = 0; r < REPEAT; r++) {
						double t = limit_pass(img,
							(size_t)st.st_size, cr3, m,
							&v, &sum);
						lim = t < lim ? t : lim;
					}
					row("translate vs load limit", form, warm, "ns",
					    lim, "limit", "<= 5x limit",
					    warm <= 5 * lim);
					/* search vs memmem over the same bytes */
					struct outbuf out;
					ob_init(&out);
					/* once to map the image's pages in, then timed
					 * (memmem's bytes below are resident too) */
					sess_set_va(s, 0);
					long sf = minor_faults();
					double t0 = now();
					cmd_run(s, "search 01 02 03 04 05 06 07 08 09 fe",
						&out, &e);
					double ts1 = now() - t0;
					sf = minor_faults() - sf;
					double ts = 1e300;
					for (int r = 0; r < REPEAT; r++) {
						sess_set_va(s, 0);
						ob_fini(&out);
						ob_init(&out);
						t0 = now();
						cmd_run(s, "search 01 02 03 04 05 06 07 "
							"08 09 fe", &out, &e);
						double t = now() - t0;
						ts = t < ts ? t : ts;
					}
					ob_fini(&out);
					/* the search reads every mapped page in the
					 * dump: its rate over those bytes, and
					 * memmem's over the same bytes */
					struct mapped mb = { sess_source(s), 0,
							     malloc(MAPPED_COPY), 0 };
					struct map_stats ms;
					map_walk(sess_source(s), sess_ctx(s), 0, UINT64_MAX,
						 0, count_mapped, &mb, &ms);
					static const uint8_t pat[] = { 1, 2, 3, 4, 5, 6,
								       7, 8, 9, 0xfe };
					double tm = 1e300;
					for (int r = 0; r < REPEAT; r++) {
						t0 = now();
						sum += (uintptr_t)memmem(mb.copy, mb.ncopy,
									 pat, sizeof(pat));
						double t = now() - t0;
						tm = t < tm ? t : tm;
					}
					free(mb.copy);
					double mgbs = (double)mb.ncopy / tm / 1e9;
					double gbs = (double)mb.bytes / ts / 1e9;
					row("search (GB/s)", form, gbs, "GB/s",
					    mgbs, "memmem", ">= 0.8x memmem",
					    gbs >= 0.8 * mgbs);
					printf("%-28s %-14s %10.1f %-6s %.2fx warm time (%ld page "
					       "faults: the image's pages mapped in)\n",
					       "search, first (GB/s)", form,
					       (double)mb.bytes / ts1 / 1e9, "GB/s",
					       ts1 / ts, sf);
					/* dtbscan vs copying every page once, both
					 * on a fresh mapping of the file (in the page
					 * cache): what --cr3 auto costs on opening */
					/* each the median of REPEAT, each on its own
					 * fresh mapping (their page faults count) */
					uint8_t *copy = malloc(4096);
					double tcs[REPEAT], tds[REPEAT];
					for (int r = 0; r < REPEAT; r++) {
						uint8_t *fresh = mmap(NULL,
							(size_t)st.st_size, PROT_READ,
							MAP_PRIVATE, fd, 0);
						t0 = now();
						for (size_t at = 0; copy &&
						     fresh != MAP_FAILED && at + 4096 <=
						     (size_t)st.st_size; at += 4096) {
							memcpy(copy, fresh + at, 4096);
							sum += copy[at % 4096];
						}
						tcs[r] = now() - t0;
						if (fresh != MAP_FAILED)
							munmap(fresh, (size_t)st.st_size);
						struct session *ds;
						struct dtb_cand c[DTB_MAX];
						tds[r] = 0;
						if (sess_open(path, &o, &ds, &e) == 0) {
							t0 = now();
							dtb_scan(sess_source(ds), c, DTB_MAX,
								 &e);
							tds[r] = now() - t0;
							sess_free(ds);
						}
					}
					free(copy);
					double tc = median(tcs, REPEAT);
					double td = median(tds, REPEAT);
					row("dtbscan (ms)", form, td * 1e3, "ms", tc * 1e3,
					    "page copy", "<= 2x page copy", td <= 2 * tc);
					munmap(img, (size_t)st.st_size);
				}
			}
			if (fd >= 0)
				close(fd);
		}
		sess_free(s);
	}
	free(v.va);
	if (sum == 42)
		printf(" ");
}

/* Peak RSS of `pagewalk PATH --cr3 auto -c .cr3`, started through sh so
 * that no page of this process counts (a vfork'd child's high-water mark
 * would include ours); -1 if it cannot be run. */
static long program_rss_kib(const char *path)
{
	const char *b = getenv("PW_BUILDDIR");
	char bin[1024];
	struct rusage ru;
	int status;

	snprintf(bin, sizeof(bin), "%s/pagewalk", b ? b : ".");
	pid_t pid = fork();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", "exec \"$0\" \"$@\" >/dev/null 2>&1",
		      bin, path, "--cr3", "auto", "-c", ".cr3", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		return -1;
	return ru.ru_maxrss;
}

/* Sparse raw images of 1, 16, 64 GiB holding the guest's raw image at
 * their start: open, then --cr3 auto (dtbscan), in a child so each peak
 * RSS is its own. */
static void bench_sparse(const char *dir)
{
	char src[1200], path[] = "/tmp/pw-bench-XXXXXX";
	snprintf(src, sizeof(src), "%s/guest.raw", dir);
	int in = open(src, O_RDONLY), fd = mkstemp(path);
	if (in < 0 || fd < 0) {
		if (in >= 0)
			close(in);
		if (fd >= 0)
			close(fd);
		return;
	}
	static uint8_t buf[1 << 20];
	ssize_t n;
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		bool zero = true;
		for (ssize_t i = 0; i < n && zero; i++)
			zero = !buf[i];
		if (zero)	/* keep the file sparse */
			lseek(fd, n, SEEK_CUR);
		else if (write(fd, buf, (size_t)n) != n)
			break;
	}
	close(in);
	for (int gib = 1; gib <= 64; gib *= gib == 1 ? 16 : 4) {
		/* on disk, as a dump is when someone opens it: ext4's
		 * SEEK_DATA over data still being written back walks the
		 * page cache (a first run took 1.6 s at 16 GiB, later 0.03) */
		if (ftruncate(fd, (off_t)gib << 30) != 0 || fsync(fd) != 0)
			break;
		pid_t pid = fork();
		if (pid == 0) {
			struct session *s;
			struct sess_opts o = { 0 };
			struct err e;
			double t0 = now();
			if (sess_open(path, &o, &s, &e) < 0)
				_exit(1);
			double topen = now() - t0;
			struct dtb_cand c[DTB_MAX];
			t0 = now();
			dtb_scan(sess_source(s), c, DTB_MAX, &e);
			double tauto = now() - t0;
			char form[32];
			snprintf(form, sizeof(form), "raw %d GiB", gib);
			row("open (ms)", form, topen * 1e3, "ms", 0, "", "<= 5 ms",
			    topen <= 0.005);
			/* the peak of the program itself doing it: this forked
			 * child carries the benchmark's own pages */
			long rss = program_rss_kib(path);
			row("--cr3 auto (ms)", form, tauto * 1e3, "ms", 0, "",
			    "<= 1000 ms, <= 64 MiB", tauto <= 1.0 && rss >= 0 &&
			    rss <= 65536);
			printf("%-28s %-14s %10ld KiB peak RSS\n", "", form, rss);
			fflush(stdout);
			_exit(0);
		}
		int status;
		waitpid(pid, &status, 0);
	}
	close(fd);
	unlink(path);
}

/* Every format at 1, 16 and 64 GiB, all pages present and the data
 * sparse: open time and peak RSS (each in a child of its own), and
 * libkdumpfile's open of the same ELF and kdump files. */

/* QEMU's form of a sparse kdump: write_sparse's plain file as
 * makedumpfile's flattened records of 1 MiB (big-endian offset and
 * length, then the bytes), the bytes of a hole left a hole here too. */
static int write_sparse_flat(const char *path, uint64_t size)
{
	char plain[] = "/tmp/pw-bench-plain-XXXXXX";
	int pfd = mkstemp(plain), out = -1, rc = -1;
	static uint8_t buf[1 << 20];

	if (pfd < 0)
		return -1;
	close(pfd);
	if (write_sparse(plain, "kdump", size) < 0 ||
	    (pfd = open(plain, O_RDONLY)) < 0 ||
	    (out = open(path, O_WRONLY | O_TRUNC)) < 0)
		goto done;
	struct stat st;
	if (fstat(pfd, &st) < 0)
		goto done;
	uint8_t hdr[4096] = "makedumpfile";
	hdr[23] = 1;	/* type 1 */
	hdr[31] = 1;	/* version 1 */
	off_t at = 0;
	if (pwrite(out, hdr, sizeof(hdr), at) != (ssize_t)sizeof(hdr))
		goto done;
	at += sizeof(hdr);
	for (uint64_t lo = 0; lo < (uint64_t)st.st_size; lo += sizeof(buf)) {
		uint64_t len = (uint64_t)st.st_size - lo < sizeof(buf) ?
			       (uint64_t)st.st_size - lo : sizeof(buf);
		uint8_t r[16];
		for (int k = 0; k < 8; k++) {
			r[7 - k] = (uint8_t)(lo >> (8 * k));
			r[15 - k] = (uint8_t)(len >> (8 * k));
		}
		if (pwrite(out, r, 16, at) != 16)
			goto done;
		at += 16;
		off_t data = lseek(pfd, (off_t)lo, SEEK_DATA);
		if (data >= 0 && (uint64_t)data < lo + len) {
			if (pread(pfd, buf, len, (off_t)lo) != (ssize_t)len ||
			    pwrite(out, buf, len, at) != (ssize_t)len)
				goto done;
		}
		at += (off_t)len;
	}
	uint8_t end[16];
	memset(end, 0xff, 8);
	memset(end + 8, 0, 8);
	if (pwrite(out, end, 16, at) == 16)
		rc = 0;
done:
	if (out >= 0)
		close(out);
	if (pfd >= 0)
		close(pfd);
	unlink(plain);
	return rc;
}

static void bench_open(void)
{
	static const char *const kinds[] = { "raw", "elf", "lime", "kdump",
					     "kdump-flat", "dmp" };
	char path[] = "/tmp/pw-bench-open-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return;
	close(fd);
	for (int gib = 1; gib <= 64; gib *= gib == 1 ? 16 : 4)
		for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
			bool flat = !strcmp(kinds[k], "kdump-flat");
			if ((flat ? write_sparse_flat(path, (uint64_t)gib << 30) :
			     write_sparse(path, kinds[k], (uint64_t)gib << 30)) < 0)
				continue;
			int p[2];
			if (pipe(p) < 0)
				continue;
			pid_t pid = fork();
			if (pid == 0) {
				struct fmt_source *src;
				struct err e;
				double t0 = now();
				int rc = fmt_open(path, NULL, &src, &e);
				double t = now() - t0;
				double rss = (double)peak_rss_kib();
				/* again, warm, as the peer is timed (after a
				 * first open: code and the file's pages warm),
				 * the best of REPEAT */
				double w = -1;
				if (rc == 0) {
					fmt_close(src);
					for (int r = 0; r < REPEAT && rc == 0; r++) {
						t0 = now();
						rc = fmt_open(path, NULL, &src, &e);
						double t1 = now() - t0;
						w = w < 0 || t1 < w ? t1 : w;
						if (rc == 0)
							fmt_close(src);
					}
				}
				double r[3] = { rc < 0 ? -1 : t, rss, rc < 0 ? -1 : w };
				if (write(p[1], r, sizeof(r)) != sizeof(r))
					_exit(1);
				_exit(0);
			}
			double r[3] = { -1, 0, -1 };
			close(p[1]);
			if (read(p[0], r, sizeof(r)) != sizeof(r))
				r[0] = -1;
			close(p[0]);
			waitpid(pid, NULL, 0);
			double peer = 0;
#ifdef HAVE_LIBKDUMPFILE
			/* the first open untimed, as ours; then the best */
			for (int pass = 0; pass <= REPEAT &&
			     (!strcmp(kinds[k], "elf") || !strcmp(kinds[k], "kdump"));
			     pass++) {
				int pfd = open(path, O_RDONLY);
				kdump_ctx_t *kc = kdump_new();
				double t0 = now();
				if (pfd >= 0 && kc && kdump_open_fd(kc, pfd) ==
				    KDUMP_OK && pass) {
					double t1 = now() - t0;
					peer = peer <= 0 || t1 < peer ? t1 : peer;
				}
				if (kc)
					kdump_free(kc);
				if (pfd >= 0)
					close(pfd);
			}
#endif
			char form[32];
			snprintf(form, sizeof(form), "%s %d GiB", kinds[k], gib);
			/* the limits on the first open, the peer against the
			 * best warm open of each */
			bool met = r[0] >= 0 && r[0] <= (flat ? 0.020 : 0.005) &&
				   r[1] <= 16384 && (peer <= 0 || r[2] <= peer);
			row("open, warm (ms)", form, r[2] * 1e3, "ms", peer * 1e3,
			    "libkdumpfile", flat ? "<= 20 ms, 16 MiB (no peer)" :
			    "<= 5 ms, 16 MiB, <= peer", met);
			printf("%-28s %-14s %10.2f ms first open, %.0f KiB peak RSS\n",
			       "", form, r[0] * 1e3, r[1]);
		}
	unlink(path);
}

int main(void)
{
	const char *guests = getenv("PW_GUESTS");
	const char *data = getenv("PW_DATA");
	char dir[1100];
	static const char *const cases[] = { "x64-4l", "x64-5l", "x64-pti",
					     "i386-pae", "i386-2l" };

	printf("%-28s %-14s %10s %-6s %-22s %-26s %s\n", "what", "case", "ours",
	       "", "ratio", "target", "");
	int found = 0;
	for (size_t i = 0; guests && i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(dir, sizeof(dir), "%s/%s", guests, cases[i]);
		if (access(dir, R_OK) == 0) {
			bench_case(dir, cases[i]);
			found++;
		}
	}
	if (!found) {
		printf("(no PW_GUESTS cases: make them with "
		       "shared/data/guest-tools/make-cases)\n");
		(void)data;
		return 0;
	}
	snprintf(dir, sizeof(dir), "%s/x64-4l", guests);
	bench_sparse(dir);
	bench_open();
	return 0;
}
