/* What the core needs of a paging architecture, as one value per
 * architecture (doc/ARCHITECTURE.md, "An architecture").  The walk
 * (src/pt.c), the entry decoder (src/pte.c) and every view read an
 * architecture only through this: its forms, where a root register
 * points, what a valid entry maps and allows, and its flag table.  What an
 * OS keeps in the entries the CPU ignores is not here (os/os_pte.h). */
#ifndef PW_ARCH_H
#define PW_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pt.h"
#include "pte.h"

/* Another name the user may type for a form (--mode, `.mode`). */
struct pt_arch_alias {
	const char *name;
	enum pw_mode mode;
};

struct pt_arch {
	const char *name;			/* "x86" */
	const struct pt_form_spec *forms;	/* its paging forms, as parts */
	size_t nforms;
	const struct pt_arch_alias *aliases;
	size_t naliases;
	/* The bit that makes an entry valid at every level: the walks'
	 * fast path tests it before decoding anything. */
	uint64_t valid;
	/* The physical address of the top table for a root register's
	 * value (flags and context bits masked; maxphy: 32..52). */
	uint64_t (*root)(const struct pt_mode_desc *d, uint64_t reg,
			 unsigned maxphy);
	/* A valid entry decoded: where it points (the next table or the
	 * page), the page's size as a shift when it maps one above the
	 * smallest (o->large, o->large_shift), what it allows and which set
	 * bits the architecture reserves.  o->raw and o->role are set. */
	void (*decode)(const struct pt_mode_desc *d, unsigned maxphy,
		       struct pte_info *o);
	/* The translation alone (pt_translate's contract): an instance of
	 * pt_translate_with (src/pt_loop.h) with the architecture's root and
	 * frame rules inlined, as it runs at every level of every lookup. */
	enum pt_stop (*translate)(const struct fmt_source *src,
				  const struct pt_ctx *c,
				  const struct pt_mode_desc *d, uint64_t va,
				  uint64_t *pa, unsigned *page_shift);
	/* The hardware flags, in display order (struct pte_flag). */
	const struct pte_flag *flags;
	size_t nflags;
};

/* The architectures the core knows (src/pt.c lists them). */
extern const struct pt_arch pt_arch_x86;

#endif
