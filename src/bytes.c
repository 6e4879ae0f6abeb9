/* Finding bytes in bytes (bytes.h). */
#include "config.h"

#include "bytes.h"

#include <string.h>
#if defined(__x86_64__) && defined(__SSE2__)
#include <immintrin.h>
#define PW_BYTES_SIMD 1
#endif

#ifdef PW_BYTES_SIMD
/* The positions i < end where hay[i] and hay[i + m - 1] are the
 * pattern's first and last bytes, tested W at a time (W 16: SSE2, W 32:
 * AVX2); at each, the bytes between are compared.  *at: where the scan
 * stopped (end, or a match's position); -1 when it gave up on too many
 * false starts and the caller should go on with memmem from *at. */
#define SCAN_BODY(W, VEC, SET1, LOADU, CMPEQ, AND, MOVEMASK)                  \
	const VEC first = SET1((char)pat[0]);                                  \
	const VEC last = SET1((char)pat[m - 1]);                               \
	size_t i = 0, checks = 0;                                              \
	for (; i + W <= end; i += W) {                                         \
		VEC a = LOADU((const VEC *)(const void *)(hay + i));           \
		VEC b = LOADU((const VEC *)(const void *)(hay + i + m - 1));   \
		unsigned mask = (unsigned)MOVEMASK(AND(CMPEQ(a, first),        \
						       CMPEQ(b, last)));       \
		while (mask) {                                                 \
			unsigned j = (unsigned)__builtin_ctz(mask);            \
			if (!memcmp(hay + i + j + 1, pat + 1, m - 2)) {        \
				*at = i + j;                                   \
				return 1;                                      \
			}                                                      \
			mask &= mask - 1;                                      \
			checks++;                                              \
		}                                                              \
		/* more than one false start a step: common bytes */           \
		if (checks > 64 && checks > i / W) {                           \
			*at = i + W;                                           \
			return -1;                                             \
		}                                                              \
	}                                                                      \
	*at = i;                                                               \
	return 0;

static int scan_sse2(const uint8_t *hay, size_t end, const uint8_t *pat,
		     size_t m, size_t *at)
{
	SCAN_BODY(16, __m128i, _mm_set1_epi8, _mm_loadu_si128, _mm_cmpeq_epi8,
		  _mm_and_si128, _mm_movemask_epi8)
}

__attribute__((target("avx2")))
static int scan_avx2(const uint8_t *hay, size_t end, const uint8_t *pat,
		     size_t m, size_t *at)
{
	SCAN_BODY(32, __m256i, _mm256_set1_epi8, _mm256_loadu_si256,
		  _mm256_cmpeq_epi8, _mm256_and_si256, _mm256_movemask_epi8)
}

static int (*scan)(const uint8_t *, size_t, const uint8_t *, size_t,
		   size_t *);

int bytes_find_level(int level)
{
	__builtin_cpu_init();
	if (level < 0)
		level = __builtin_cpu_supports("avx2") ? 2 : 1;
	if (level >= 2 && !__builtin_cpu_supports("avx2"))
		level = 1;
	scan = level >= 2 ? scan_avx2 : level == 1 ? scan_sse2 : NULL;
	return level;
}
#else
int bytes_find_level(int level)
{
	(void)level;
	return 0;
}
#endif

const uint8_t *bytes_find(const uint8_t *hay, size_t n, const uint8_t *pat,
			  size_t m)
{
	if (m == 0)
		return hay;
	if (m > n)
		return NULL;
	if (m == 1)
		return memchr(hay, pat[0], n);
#ifdef PW_BYTES_SIMD
	static int chosen;
	if (!chosen) {
		bytes_find_level(-1);
		chosen = 1;
	}
	if (scan) {
		size_t end = n - m + 1, i;	/* starts 0 .. end - 1 */
		int r = scan(hay, end, pat, m, &i);
		if (r > 0)
			return hay + i;
		if (r < 0)
			return memmem(hay + i, n - i, pat, m);
		for (; i < end; i++)	/* the last starts, one at a time */
			if (hay[i] == pat[0] && hay[i + m - 1] == pat[m - 1] &&
			    !memcmp(hay + i + 1, pat + 1, m - 2))
				return hay + i;
		return NULL;
	}
#endif
	return memmem(hay, n, pat, m);
}
