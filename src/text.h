/* Text made safe for a terminal.  Strings from a dump (kernel release,
 * machine names, file names, memory) and file names may hold escape
 * sequences that retitle, clear or reprogram the terminal they are printed
 * on.  Everything printed, drawn or saved as a screenshot goes through
 * text_escape: printable UTF-8 stays as it is; C0 controls (but newline
 * and tab), DEL and bytes that are not valid UTF-8 become \xNN; C1
 * controls and the code points that reorder or break lines (bidi
 * overrides and isolates, U+2028, U+2029) become \uNNNN. */
#ifndef PW_TEXT_H
#define PW_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "outbuf.h"

/* Escape n bytes of s into dst (cap bytes, NUL-terminated, cut at a
 * whole character); keep_nl keeps newlines and tabs.  Returns the bytes
 * of s consumed. */
size_t text_escape(const char *s, size_t n, bool keep_nl, char *dst,
		   size_t cap);

/* The same, appended to an outbuf (newlines and tabs kept). */
void ob_put_escaped(struct outbuf *o, const char *s, size_t n);

#endif
