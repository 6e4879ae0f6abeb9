/* Terminal-safe text (see text.h). */
#include "config.h"

#include "text.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 if the
 * bytes there are not one (overlong forms, surrogates, past U+10FFFF and
 * cut sequences included); *cp gets the code point. */
static size_t utf8_len(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0];
	size_t len;
	uint32_t v, min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		len = 2; v = c & 0x1F; min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		len = 3; v = c & 0x0F; min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		len = 4; v = c & 0x07; min = 0x10000;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		v = v << 6 | (s[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return 0;
	*cp = v;
	return len;
}

static bool unsafe_cp(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9F) ||		/* C1 controls */
	       (cp >= 0x202A && cp <= 0x202E) ||	/* bidi embeddings */
	       (cp >= 0x2066 && cp <= 0x2069) ||	/* bidi isolates */
	       cp == 0x2028 || cp == 0x2029 ||		/* line, paragraph */
	       cp == 0x200E || cp == 0x200F || cp == 0x061C;	/* marks */
}

size_t text_escape(const char *s, size_t n, bool keep_nl, char *dst,
		   size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0;

	if (!cap)
		return 0;
	while (i < n) {
		char esc[12];
		const char *out;
		size_t len, olen;
		uint32_t cp;

		if (!(len = utf8_len(u + i, n - i, &cp))) {
			snprintf(esc, sizeof(esc), "\\x%02x", u[i]);
			out = esc;
			len = 1;
		} else if ((cp < 0x20 && !(keep_nl && (cp == '\n' || cp == '\t'))) ||
			   cp == 0x7F) {
			snprintf(esc, sizeof(esc), "\\x%02x", (unsigned)cp);
			out = esc;
		} else if (unsafe_cp(cp)) {
			snprintf(esc, sizeof(esc), "\\u%04x", (unsigned)cp);
			out = esc;
		} else {
			out = s + i;
		}
		olen = out == s + i ? len : strlen(out);
		if (k + olen >= cap)
			break;
		memcpy(dst + k, out, olen);
		k += olen;
		i += len;
	}
	dst[k] = '\0';
	return i;
}

void ob_put_escaped(struct outbuf *o, const char *s, size_t n)
{
	char buf[4096];

	while (n) {
		size_t used = text_escape(s, n, true, buf, sizeof(buf));
		ob_puts(o, buf);
		if (!used)
			break;
		s += used;
		n -= used;
	}
}
