/* The view model: the text of the walk panel, the hexdumps, a table page
 * and the physical panel, as rows of text with a role each, computed
 * here from the session so that tests (and any other front-end) get the
 * very lines the interface shows.  A front-end only lays the rows out
 * and turns roles into its own attributes.  No curses. */
#ifndef PW_ROWS_H
#define PW_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pgstate.h"
#include "pt.h"
#include "view.h"

struct session;

/* What a row is, for the front-end to colour (the ncurses UI: ui/draw.c). */
enum view_role {
	VR_NORMAL,
	VR_DIM,		/* secondary: not present, labels, notes */
	VR_ERROR,	/* not in the dump */
	VR_SELECT,	/* the selected level, the walk's entry in a table */
	VR_HEADER,	/* column headers */
	VR_STATE,	/* coloured as its page state (state) */
};

struct view_line {
	char text[200];
	enum view_role role;
	enum pgstate state;	/* VR_STATE */
	bool level_start;	/* walk: the first row of a level */
};

/* ---- walk panel -------------------------------------------------------- */

#define VIEW_WALK_ROWS (2 * PT_MAX_LEVELS + 6)

struct view_walk {
	bool region;		/* no page tables: the minidump's region */
	char title[96];
	struct view_line head;	/* the column header (not in region form) */
	struct view_line rows[VIEW_WALK_ROWS];	/* levels (or region facts) */
	unsigned nrows;
	struct view_line result[2];	/* where the walk ended, how to read it */
};

/* The walk panel for pw: sel is the selected level (-1: none shown
 * selected), wide the one-row-per-level layout with flag columns, width
 * the columns available (shorter forms are chosen to fit), ascii for
 * arrows and separators without UTF-8. */
void view_walk_text(struct session *s, const struct pt_walk *pw, int sel,
		    bool wide, int width, bool ascii, struct view_walk *v);

/* The level a selection stands for in pw: sel, or the last level. */
unsigned view_level_of(const struct pt_walk *pw, unsigned sel);

/* ---- hexdumps ---------------------------------------------------------- */

#define VIEW_HEX_MAX 32		/* bytes per row at most */
#define VIEW_HEX_COLS (3 + 1 + 3 * VIEW_HEX_MAX + 2 + VIEW_HEX_MAX)

/* A cell's role in a hex row; VC_CHANGED is added to bytes that differ
 * in the --diff snapshot. */
enum { VC_NORMAL, VC_DIM, VC_CURSOR, VC_CHANGED = 4 };

/* "0f0> 41 42 ...  AB..": the offset, '>' on the cursor's row, the
 * bytes in hex ('??' not in the dump) and as text. */
struct view_hex_row {
	unsigned len;
	char text[VIEW_HEX_COLS + 1];
	uint8_t cell[VIEW_HEX_COLS];
};

/* The virtual hexdump's title: "VA 0001f0000 · reserved". */
void view_virt_title(struct session *s, uint64_t va, bool ascii, char *buf,
		     size_t len);
/* The first row shown of a page of n-byte rows in rows lines, the
 * cursor's row (offset cur, -1 none) a third of the way down. */
int view_hex_top(const struct session *s, int rows, int n, int cur);
/* Row off..off+n-1 of the virtual (virt) or physical page at base; cur
 * is the cursor's offset in the page (-1: none). */
void view_hex_row(struct session *s, bool virt, uint64_t base, unsigned off,
		  int n, int cur, struct view_hex_row *r);

/* ---- the page map -------------------------------------------------------- */

#define VIEW_MAP_COLS 64	/* cells a row shows at most */

struct view_map_cell {
	char letter;		/* the state's letter ('_' for a blank one) */
	enum pgstate state;
	bool cursor;		/* the cursor's page */
	bool changed;		/* --diff: the page changed */
};

struct view_map_row {
	char label[8];		/* "1e0>": the first cell's index, '>' on the
				   cursor's row, '*' on a row with a change */
	enum view_role role;	/* VR_HEADER on the cursor's row, else dim */
	unsigned n;
	struct view_map_cell cell[VIEW_MAP_COLS];
};

/* The page map's title: "Page map 00000000 +2M @1f0" and the kernel
 * region the cursor is in, if known. */
void view_map_title(struct session *s, const struct view_map *m, char *buf,
		    size_t len);
/* Row row of m laid out cols cells wide (at most VIEW_MAP_COLS). */
void view_map_row(struct session *s, const struct view_map *m, unsigned row,
		  unsigned cols, struct view_map_row *out);

/* ---- a table page ------------------------------------------------------- */

#define VIEW_TABLE_MAX 4096	/* entries of one table shown at most */

/* The entries of the table level lvl of pw lives in that are shown:
 * every one, or (hide_zero) those not zero and the walk's own, into idx;
 * *at is the walk's entry's place among them.  Returns how many. */
unsigned view_table_shown(struct session *s, const struct pt_walk *pw,
			  unsigned lvl, bool hide_zero, unsigned *idx,
			  unsigned *at);
/* The first of n shown entries on screen in rows lines: want if it is
 * not -1 (the user scrolled), else the walk's entry (at) in the middle. */
int view_table_top(unsigned at, unsigned n, int rows, int want);
void view_table_title(struct session *s, const struct pt_walk *pw,
		      unsigned lvl, bool hide_zero, char *buf, size_t len);
/* Entry i: index, '>' on the walk's, the VA it covers (vacol), raw
 * value, WinDbg's flags or the kind of a not-present entry. */
void view_table_line(struct session *s, const struct pt_walk *pw,
		     unsigned lvl, unsigned i, bool vacol,
		     struct view_line *l);
/* The VA entry i of that table covers. */
uint64_t view_table_va(struct session *s, const struct pt_walk *pw,
		       unsigned lvl, unsigned i);
/* The VA of the next entry in direction dir (over the zero ones when
 * hide_zero); false at the start or end of the table. */
bool view_table_step(struct session *s, const struct pt_walk *pw,
		     unsigned lvl, bool hide_zero, int dir, uint64_t *va);

/* ---- the physical panel ------------------------------------------------- */

enum view_phys_kind {
	VP_REGIONS,	/* a minidump: its regions around the cursor */
	VP_TABLE,	/* the selected level's table page */
	VP_FRAME,	/* a frame's bytes */
	VP_NONE,	/* no frame: why */
};

struct view_phys {
	enum view_phys_kind kind;
	char title[96];
	uint64_t pa;		/* VP_FRAME: the address shown */
	/* VP_FRAME: the frame's PFN entry (Windows, when room); VP_NONE:
	 * why there is no frame, dim */
	char lines[4][96];
	unsigned nlines;
};

/* A minidump's regions around pw's (MemoryInfoList): at most rows lines
 * of width columns into out (max of them), the walk's region selected
 * and marked '>'; one line saying so when the dump has none. */
unsigned view_regions(struct session *s, const struct pt_walk *pw, int rows,
		      int width, struct view_line *out, unsigned max);

/* What the physical panel shows for pw: with table, the selected level's
 * table (if there is one to show); with detached, the frame at pa_cursor
 * whatever the walk; room: there is space for the PFN entry's lines. */
void view_phys_of(struct session *s, const struct pt_walk *pw, bool table,
		  bool detached, uint64_t pa_cursor, bool room,
		  struct view_phys *p);

#endif
