/* ELF notes shared by ELF cores and kdump files: QEMU's CPU state (CR0,
 * CR3, CR4 give the root and the paging mode) and Linux's VMCOREINFO text
 * (doc/FORMATS.md, ELF cores).  Every size is checked against the note area. */
#include "config.h"

#include "fmt_note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "le.h"

#define QEMU_CR0 0x188
#define QEMU_CR3 0x1a0
#define QEMU_CR4 0x1a8
#define CR0_PG (1ull << 31)
#define CR4_PAE (1ull << 5)
#define CR4_LA57 (1ull << 12)

static enum pw_mode mode_of(uint64_t cr0, uint64_t cr4, bool long_mode)
{
	if (!(cr0 & CR0_PG))
		return PW_MODE_NONE;
	if (!(cr4 & CR4_PAE))
		return PW_MODE_X86;
	if (!long_mode)
		return PW_MODE_PAE;
	return cr4 & CR4_LA57 ? PW_MODE_LA57 : PW_MODE_X64;
}

/* VMCOREINFO: "KEY=VALUE" lines, kept whole for the OS layer; the ones a
 * viewer shows or uses are read through fmt_vmcoreinfo (the first note
 * counts, as for every reader of src->vmcoreinfo). */
static void vmcoreinfo(struct fmt_source *src, struct fmt_notes *n,
		       const uint8_t *p, size_t len)
{
	/* in the order the kernel writes them (kernel/crash_core.c, then
	 * arch/x86's arch_crash_save_vmcoreinfo) */
	static const char *const shown[] = { "OSRELEASE", "PAGESIZE",
		"SYMBOL(swapper_pg_dir)", "NUMBER(phys_base)",
		"SYMBOL(init_top_pgt)", "NUMBER(pgtable_l5_enabled)",
		"KERNELOFFSET", "CRASHTIME" };
	char v[256];
	uint64_t x;

	n->has_vmcoreinfo = true;
	if (src->vmcoreinfo || !(src->vmcoreinfo = malloc(len + 1)))
		return;
	memcpy(src->vmcoreinfo, p, len);
	src->vmcoreinfo[len] = '\0';
	for (size_t s = 0; s < sizeof(shown) / sizeof(shown[0]); s++)
		if (fmt_vmcoreinfo_str(src, shown[s], v, sizeof(v)))
			fmt_info_add(src, shown[s], "%s", v);
	if (fmt_vmcoreinfo(src, "SYMBOL(init_top_pgt)", &x) ||
	    fmt_vmcoreinfo(src, "SYMBOL(swapper_pg_dir)", &x))
		n->swapper = x;
	if (fmt_vmcoreinfo(src, "NUMBER(phys_base)", &x))
		n->phys_base = x;
	n->l5 = fmt_vmcoreinfo(src, "NUMBER(pgtable_l5_enabled)", &x) && x == 1;
}

int fmt_notes_parse(struct fmt_source *src, struct fmt_notes *n,
		    const uint8_t *p, size_t len, uint64_t file_off,
		    struct err *e)
{
	size_t i = 0;

	while (i + 12 <= len) {
		uint32_t namesz = le_u32(p + i), descsz = le_u32(p + i + 4);
		uint32_t type = le_u32(p + i + 8);
		size_t name_at = i + 12;
		size_t name_pad = ((size_t)namesz + 3) & ~(size_t)3;
		size_t desc_pad = ((size_t)descsz + 3) & ~(size_t)3;
		if (namesz > len || descsz > len || name_pad > len - name_at ||
		    desc_pad > len - name_at - name_pad)
			return err_set(e, "offset 0x%" PRIx64 ": ELF note of %" PRIu32
				       "+%" PRIu32 " bytes runs past its area",
				       file_off + i, namesz, descsz);
		const uint8_t *name = p + name_at, *desc = name + name_pad;
		bool named = namesz > 0 && name[namesz - 1] == '\0';
		if (named && !strcmp((const char *)name, "QEMU") && type == 0) {
			if (descsz < QEMU_CR4 + 8)
				return err_set(e, "offset 0x%" PRIx64 ": QEMU CPU "
					       "state of %" PRIu32 " bytes is too "
					       "short (need %d)", file_off + i,
					       descsz, QEMU_CR4 + 8);
			n->cpus++;
			uint64_t cr0 = le_u64(desc + QEMU_CR0);
			uint64_t cr3 = le_u64(desc + QEMU_CR3);
			uint64_t cr4 = le_u64(desc + QEMU_CR4);
			if (!n->has_cpu && cr3 && (cr0 & CR0_PG)) {
				n->has_cpu = true;
				n->cr0 = cr0;
				n->cr3 = cr3;
				n->cr4 = cr4;
				/* QEMUCPUState: rax..r15, rip, rflags from
				 * 8; cr[0..4] at QEMU_CR0 */
				for (unsigned r = 0; r <= FMT_REG_RFLAGS; r++)
					src->regs[r] = le_u64(desc + 8 + 8 * r);
				src->regs[FMT_REG_CR0] = cr0;
				src->regs[FMT_REG_CR2] = le_u64(desc + QEMU_CR0 + 16);
				src->regs[FMT_REG_CR3] = cr3;
				src->regs[FMT_REG_CR4] = cr4;
				src->has_regs = true;
				src->regs_valid = (1u << FMT_REG_COUNT) - 1;
				src->regs_from = "QEMU CPU note of the first CPU";
			}
		} else if (named && !strcmp((const char *)name, "CORE") &&
			   type == 1 && descsz >= 112 + 21 * 8 &&
			   !src->has_regs) {
			/* x86-64 NT_PRSTATUS: pr_reg (struct user_regs_struct)
			 * at 112: r15 r14 r13 r12 rbp rbx r11 r10 r9 r8 rax
			 * rcx rdx rsi rdi orig_rax rip cs eflags rsp ss */
			static const int order[] = {
				FMT_REG_R15, FMT_REG_R14, FMT_REG_R13, FMT_REG_R12,
				FMT_REG_RBP, FMT_REG_RBX, FMT_REG_R11, FMT_REG_R10,
				FMT_REG_R9, FMT_REG_R8, FMT_REG_RAX, FMT_REG_RCX,
				FMT_REG_RDX, FMT_REG_RSI, FMT_REG_RDI, -1,
				FMT_REG_RIP, -1, FMT_REG_RFLAGS, FMT_REG_RSP,
			};
			for (unsigned r = 0; r < sizeof(order) / sizeof(order[0]); r++)
				if (order[r] >= 0) {
					src->regs[order[r]] = le_u64(desc + 112 + 8 * r);
					src->regs_valid |= 1u << order[r];
				}
			src->has_regs = true;
			src->regs_from = "NT_PRSTATUS of the first CPU";
		} else if (named && !strcmp((const char *)name, "VMCOREINFO")) {
			vmcoreinfo(src, n, desc, descsz);
		}
		i = name_at + name_pad + desc_pad;
	}
	return 0;
}

void fmt_notes_apply(struct fmt_source *src, const struct fmt_notes *n,
		     bool long_mode)
{
	if (n->has_vmcoreinfo)
		src->os = PW_OS_LINUX;
	if (n->has_cpu) {
		src->has_cr3 = true;
		src->cr3 = n->cr3;
		src->mode = mode_of(n->cr0, n->cr4, long_mode);
		fmt_info_add(src, "cpu state", "QEMU note, %u CPU%s: CR0 %" PRIx64
			     " CR3 %" PRIx64 " CR4 %" PRIx64, n->cpus,
			     n->cpus == 1 ? "" : "s", n->cr0, n->cr3, n->cr4);
	} else if (n->swapper && long_mode) {
		/* __pa_symbol: kernel text maps __START_KERNEL_map + phys_base */
		src->has_cr3 = true;
		src->cr3 = n->swapper - 0xFFFFFFFF80000000ull + n->phys_base;
		src->mode = n->l5 ? PW_MODE_LA57 : PW_MODE_X64;
		fmt_info_add(src, "cr3 from", "VMCOREINFO swapper_pg_dir (kernel "
			     "page tables)");
	}
}
