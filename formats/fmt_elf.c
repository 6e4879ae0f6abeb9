/* ELF cores: QEMU dump-guest-memory, Linux /proc/vmcore, VirtualBox.
 * Physical memory from PT_LOAD (p_paddr; bytes past p_filesz are not in
 * the dump); CR3 and mode from QEMU's CPU note or VMCOREINFO
 * (doc/FORMATS.md, ELF cores). */
#include "config.h"

#include "fmt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_note.h"
#include "le.h"

#define EM_386 3
#define EM_X86_64 62
#define PT_LOAD 1
#define PT_NOTE 4
#define PN_XNUM 0xffff
#define MAX_PHNUM (1u << 20)

struct seg {	/* start, length first: fmt_span_find */
	uint64_t pa, memsz, filesz, off;
};

struct elf {
	struct seg *seg;
	size_t n, cap;
	const struct seg *last;	/* the segment of the last access */
};

static enum fmt_probe fmt_elf_probe(const struct fmt_file *f, struct err *e)
{
	const uint8_t *d = f->data;

	err_set(e, "offset 0: expected an ELF core (\\x7fELF, ET_CORE)");
	if (f->size < 4 || memcmp(d, "\x7f" "ELF", 4) != 0)
		return FMT_NOMATCH;
	if (f->size < 52) {
		err_set(e, "offset 0x%zx: ELF header truncated (%zu bytes)",
			f->size, f->size);
		return FMT_BROKEN;
	}
	if (d[4] != 1 && d[4] != 2) {
		err_set(e, "offset 0x4: ELF class %u (expected 1 or 2)", d[4]);
		return FMT_BROKEN;
	}
	if (d[5] != 1) {
		err_set(e, "offset 0x5: big-endian ELF (only little-endian x86)");
		return FMT_BROKEN;
	}
	if (d[4] == 2 && f->size < 64) {
		err_set(e, "offset 0x%zx: ELF64 header truncated", f->size);
		return FMT_BROKEN;
	}
	if (le_u16(d + 0x10) != 4)	/* not a core: an executable, say */
		return FMT_NOMATCH;
	return FMT_MATCH;
}

static int add_seg(struct elf *el, const struct seg *s, struct err *e)
{
	if (fmt_grow(&el->seg, &el->cap, el->n + 1, sizeof(*el->seg)) < 0)
		return err_set(e, "out of memory");
	el->seg[el->n++] = *s;
	return 0;
}

/* Header fields by class: (ELF32 offset, ELF64 offset, size). */
static uint64_t field(const uint8_t *p, bool is64, size_t o32, size_t o64)
{
	return is64 ? le_u64(p + o64) : le_u32(p + o32);
}

static int read_phdrs(struct fmt_source *src, struct elf *el,
		      struct fmt_notes *notes, struct err *e)
{
	const uint8_t *d = src->file.data;
	size_t size = src->file.size;
	bool is64 = d[4] == 2;
	uint64_t phoff = field(d, is64, 0x1c, 0x20);
	uint64_t shoff = field(d, is64, 0x20, 0x28);
	uint32_t phentsize = le_u16(d + (is64 ? 0x36 : 0x2a));
	uint32_t phnum = le_u16(d + (is64 ? 0x38 : 0x2c));
	size_t want = is64 ? 56 : 32;

	if (phnum == PN_XNUM) {		/* real count in section 0's sh_info */
		size_t at = is64 ? 0x2c : 0x1c;
		if (shoff > size || size - shoff < at + 4)
			return err_set(e, "offset 0x%" PRIx64 ": section header 0 "
				       "(holding the segment count) is past end "
				       "of file", shoff);
		phnum = le_u32(d + shoff + at);
	}
	if (phentsize != want)
		return err_set(e, "offset 0x%x: program header size %" PRIu32
			       " (expected %zu)", is64 ? 0x36 : 0x2a, phentsize,
			       want);
	if (phnum == 0 || phnum > MAX_PHNUM || phoff > size ||
	    (size - phoff) / want < phnum)
		return err_set(e, "offset 0x%" PRIx64 ": %" PRIu32 " program "
			       "headers do not fit in the file", phoff, phnum);
	for (uint32_t i = 0; i < phnum; i++) {
		const uint8_t *ph = d + phoff + (uint64_t)i * want;
		uint64_t at = phoff + (uint64_t)i * want;
		uint32_t type = le_u32(ph);
		struct seg s = {
			.off = field(ph, is64, 0x04, 0x08),
			.pa = field(ph, is64, 0x0c, 0x18),
			.filesz = field(ph, is64, 0x10, 0x20),
			.memsz = field(ph, is64, 0x14, 0x28),
		};
		if (type != PT_LOAD && type != PT_NOTE)
			continue;
		if (s.off > size || s.filesz > size - s.off)
			return err_set(e, "offset 0x%" PRIx64 ": segment %" PRIu32
				       " (%" PRIu64 " bytes at file offset 0x%"
				       PRIx64 ") runs past end of file (%zu "
				       "bytes)", at, i, s.filesz, s.off, size);
		if (type == PT_NOTE) {
			if (fmt_notes_parse(src, notes, d + s.off, s.filesz, s.off,
					    e) < 0)
				return -1;
			continue;
		}
		if (s.filesz > s.memsz || s.pa + s.memsz < s.pa)
			return err_set(e, "offset 0x%" PRIx64 ": PT_LOAD %" PRIu32
				       " has file size %" PRIu64 " > memory size %"
				       PRIu64 " or wraps", at, i, s.filesz, s.memsz);
		if (s.memsz && add_seg(el, &s, e) < 0)
			return -1;
	}
	return 0;
}

/* Sort by PA; a segment inside another is a duplicate view (vmcore's
 * kernel-text PT_LOAD repeats RAM) and is dropped; a partial overlap
 * is an error. */
static int check_segs(struct fmt_source *src, struct elf *el, struct err *e)
{
	size_t k = 0, dropped = 0;

	fmt_spans_sort(el->seg, el->n, sizeof(*el->seg));	/* overlaps: below */
	for (size_t i = 0; i < el->n; i++) {
		struct seg *s = &el->seg[i];
		if (k) {
			struct seg *p = &el->seg[k - 1];
			if (s->pa < p->pa + p->memsz) {
				if (s->pa + s->memsz <= p->pa + p->memsz) {
					dropped++;
					continue;
				}
				return err_set(e, "PT_LOAD at PA 0x%" PRIx64 " overlaps "
					       "the one at PA 0x%" PRIx64, s->pa,
					       p->pa);
			}
		}
		el->seg[k++] = *s;
	}
	el->n = k;
	if (!el->n)
		return err_set(e, "no PT_LOAD segment: the core holds no memory");
	for (size_t i = 0; i < el->n; i++)
		if (fmt_range_add(src, el->seg[i].pa, el->seg[i].filesz, e) < 0)
			return -1;
	fmt_info_add(src, "segments", "%zu PT_LOAD%s", el->n,
		     dropped ? " (duplicates inside others dropped)" : "");
	return 0;
}

static int fmt_elf_open(struct fmt_source *src, struct err *e)
{
	const uint8_t *d = src->file.data;
	struct elf *el = calloc(1, sizeof(*el));
	struct fmt_notes notes = { 0 };

	if (!el)
		return err_set(e, "out of memory");
	src->priv = el;
	uint16_t mach = le_u16(d + 0x12);
	if (mach != EM_386 && mach != EM_X86_64)
		return err_set(e, "offset 0x12: e_machine %u is not x86 (3) or "
			       "x86-64 (62)", mach);
	if (read_phdrs(src, el, &notes, e) < 0 || check_segs(src, el, e) < 0)
		return -1;
	fmt_notes_apply(src, &notes, mach == EM_X86_64);
	snprintf(src->machine, sizeof(src->machine), "%s",
		 mach == EM_X86_64 ? "x86_64" : "i386");
	snprintf(src->desc, sizeof(src->desc), "ELF%s core%s", d[4] == 2 ? "64" :
		 "32", notes.has_cpu ? " (QEMU)" : notes.has_vmcoreinfo ?
		 " (vmcore)" : "");
	fmt_info_add(src, "machine", "%s", src->machine);
	return 0;
}

static const struct seg *find(const struct elf *el, uint64_t pa)
{
	return fmt_span_find(el->seg, el->n, sizeof(*el->seg), pa);
}

/* Most accesses fall in the segment of the one before: try it first. */
static const struct seg *seg_of(const struct fmt_source *src, uint64_t pa)
{
	struct elf *el = src->priv;
	const struct seg *s = el->last;

	if (s && pa - s->pa < s->memsz)
		return s;
	s = find(el, pa);
	if (s)
		el->last = s;
	return s;
}

static int fmt_elf_read(const struct fmt_source *src, uint64_t pa, void *dst,
			size_t len, struct err *e)
{
	const struct seg *s = seg_of(src, pa);

	if (!s || pa - s->pa >= s->filesz || len > s->filesz - (pa - s->pa))
		return err_set(e, "PA 0x%" PRIx64 " is not in the dump", pa);
	memcpy(dst, src->file.data + s->off + (pa - s->pa), len);
	return 0;
}

static bool fmt_elf_present(const struct fmt_source *src, uint64_t pfn)
{
	if (pfn > UINT64_MAX >> FMT_PAGE_SHIFT)
		return false;
	uint64_t pa = pfn << FMT_PAGE_SHIFT;
	const struct seg *s = seg_of(src, pa);
	return s && pa - s->pa < s->filesz;
}

static const uint8_t *fmt_elf_page(const struct fmt_source *src, uint64_t pfn)
{
	uint64_t pa = pfn << FMT_PAGE_SHIFT;
	const struct seg *s = seg_of(src, pa);

	if (!s || pa - s->pa >= s->filesz ||
	    FMT_PAGE_SIZE > s->filesz - (pa - s->pa))
		return NULL;
	return src->file.data + s->off + (pa - s->pa);
}

static void fmt_elf_close(struct fmt_source *src)
{
	struct elf *el = src->priv;

	if (el)
		free(el->seg);
	free(el);
	src->priv = NULL;
}

const struct fmt_ops fmt_elf_ops = {
	.name = "elf",
	.probe = fmt_elf_probe,
	.open = fmt_elf_open,
	.read = fmt_elf_read,
	.present = fmt_elf_present,
	.close = fmt_elf_close,
	.page = fmt_elf_page,
};
