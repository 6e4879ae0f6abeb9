/* ELF notes (QEMU CPU state, VMCOREINFO) for the ELF and kdump loaders. */
#ifndef PW_FMT_NOTE_H
#define PW_FMT_NOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "fmt.h"

struct fmt_notes {
	bool has_cpu;		/* a QEMU CPU with paging on and CR3 != 0 */
	unsigned cpus;
	uint64_t cr0, cr3, cr4;
	bool has_vmcoreinfo;
	uint64_t swapper, phys_base;
	bool l5;
};

/* Parse len bytes of notes (file_off: where they start, for messages);
 * VMCOREINFO lines go to src->info.  -1 on a malformed note. */
int fmt_notes_parse(struct fmt_source *src, struct fmt_notes *n,
		    const uint8_t *p, size_t len, uint64_t file_off,
		    struct err *e);
/* Set src's CR3, mode and OS from what the notes said; long_mode: the
 * dump is of a 64-bit guest (ELF64/x86-64, kdump x86_64). */
void fmt_notes_apply(struct fmt_source *src, const struct fmt_notes *n,
		     bool long_mode);

#endif
