/* Where each panel goes for a terminal size: pure arithmetic, no curses. */
#ifndef PW_LAYOUT_H
#define PW_LAYOUT_H

#include <stdbool.h>

#define UI_MIN_COLS 80
#define UI_MIN_ROWS 24

struct ui_rect {
	int y, x, h, w;
};

struct ui_layout {
	bool too_small;
	struct ui_rect virt, phys, walk, map, prompt, status;
	struct ui_rect out;	/* the output view, over phys + map */
	int hex_bytes;		/* bytes per hexdump row: 8, 16 or 32 */
	bool walk_wide;		/* one row per level (else two) */
	int map_cols;		/* page-map cells per row: 16, 32 or 64 */
};

/* nlv: levels of the paging mode (the walk panel's height follows it). */
void ui_layout_compute(int rows, int cols, unsigned nlv, struct ui_layout *L);

#endif
