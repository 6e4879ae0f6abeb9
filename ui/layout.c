/* Layout: two columns of panels over a prompt row and a status row.
 * Left: virtual page over physical page; right: walk over page map.
 * At 80x24 every panel keeps a legible minimum; more room widens the
 * hexdumps to 16 or 32 bytes, puts each walk level on one row and shows
 * the whole page map. */
#include "config.h"

#include "layout.h"

/* Inner width of a hexdump of n bytes per row: "f80  61 .. 61  a..a". */
static int hex_width(int n)
{
	return 3 + 2 + n * 3 - 1 + 2 + n;
}

void ui_layout_compute(int rows, int cols, unsigned nlv, struct ui_layout *L)
{
	*L = (struct ui_layout){ 0 };
	if (rows < UI_MIN_ROWS || cols < UI_MIN_COLS) {
		L->too_small = true;
		return;
	}
	int area = rows - 2;
	L->prompt = (struct ui_rect){ rows - 2, 0, 1, cols };
	L->status = (struct ui_rect){ rows - 1, 0, 1, cols };

	/* Left column: as wide as the widest hexdump that leaves the right
	 * column at least 40 columns. */
	L->hex_bytes = 8;
	if (cols - (hex_width(32) + 2) >= 100)
		L->hex_bytes = 32;
	else if (cols - (hex_width(16) + 2) >= 76)
		L->hex_bytes = 16;
	int lw = hex_width(L->hex_bytes) + 2;
	int rw = cols - lw;
	int vh = area / 2;
	L->virt = (struct ui_rect){ 0, 0, vh, lw };
	L->phys = (struct ui_rect){ vh, 0, area - vh, lw };

	/* Right column: walk sized to the mode, map below. */
	L->walk_wide = rw - 2 >= 72;
	int wh = 2 + 1 + (int)nlv * (L->walk_wide ? 1 : 2) + 2;
	if (wh > area - 6)
		wh = area - 6;
	L->walk = (struct ui_rect){ 0, lw, wh, rw };
	L->map = (struct ui_rect){ wh, lw, area - wh, rw };
	L->map_cols = rw - 2 >= 4 + 64 ? 64 : rw - 2 >= 4 + 32 ? 32 : 16;
	L->out = (struct ui_rect){ vh, 0, area - vh, cols };
}
