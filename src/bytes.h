/* Finding bytes in bytes: the search commands' inner loop. */
#ifndef PW_BYTES_H
#define PW_BYTES_H

#include <stddef.h>
#include <stdint.h>

/* The first occurrence of pat (m bytes) in hay (n bytes), or NULL; hay
 * itself when m is 0.  memmem's answer, found by testing 32 positions at
 * once (AVX2, or 16 with SSE2) for the pattern's first and last bytes and
 * comparing the rest only there; a haystack where that test keeps passing
 * (a pattern of common bytes) is handed to memmem, so no input is slower
 * than it by more than a constant. */
const uint8_t *bytes_find(const uint8_t *hay, size_t n, const uint8_t *pat,
			  size_t m);

/* Which scan bytes_find uses: 2 AVX2, 1 SSE2, 0 memmem alone; -1 the
 * best this CPU has (the default).  Returns the level set (a level the
 * CPU lacks falls back).  For tests and benchmarks. */
int bytes_find_level(int level);

#endif
