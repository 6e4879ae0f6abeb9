/* The interactive interface (ncurses).  Everything it shows is computed in
 * src/; this layer lays text out and routes keys. */
#ifndef PW_UI_H
#define PW_UI_H

#include <stdbool.h>

#include "err.h"

struct session;

struct ui_opts {
	bool ascii;	/* ASCII borders instead of UTF-8 box drawing */
};

/* Run the interface on the terminal until the user quits.  -1 with e set
 * if it cannot start (no terminal, no page-table root). */
int ui_run(struct session *s, const struct ui_opts *o, struct err *e);

#endif
