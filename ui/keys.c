/* Key notation for --keys and tests: characters stand for themselves;
 * <Enter> <Tab> <Esc> <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home>
 * <End> <BS> <Del> <Space> <lt> (a '<') and <C-x> (Ctrl-x) name the
 * others, case-insensitively; <Shot> is no key but a point where a
 * numbered screenshot series takes a picture; <Click Y X> a mouse press
 * at row Y, column X. */
#include "config.h"

#include "app.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const struct { const char *name; int key; } names[] = {
	{ "enter", '\n' }, { "cr", '\n' }, { "tab", '\t' }, { "esc", 27 },
	{ "up", KEY_UP }, { "down", KEY_DOWN }, { "left", KEY_LEFT },
	{ "right", KEY_RIGHT }, { "pgup", KEY_PPAGE }, { "pgdn", KEY_NPAGE },
	{ "home", KEY_HOME }, { "end", KEY_END }, { "bs", KEY_BACKSPACE },
	{ "del", KEY_DC }, { "space", ' ' }, { "lt", '<' },
	{ "shot", UI_KEY_SHOT },
};

int ui_keys_parse(const char *spec, int *keys, int max, struct err *e)
{
	int n = 0;

	for (const char *p = spec; *p;) {
		int key = (unsigned char)*p;
		size_t len = 1;
		if (*p == '<') {
			const char *end = strchr(p, '>');
			if (!end)
				return err_set(e, "--keys: '<' without '>' at \"%.12s\" "
					       "(write <lt> for a '<')", p);
			size_t nl = (size_t)(end - p - 1);
			key = -1;
			if (nl == 3 && (p[1] == 'C' || p[1] == 'c') && p[2] == '-')
				key = toupper((unsigned char)p[3]) & 0x1f;
			unsigned cy, cx;
			int used = 0;
			if (sscanf(p + 1, "Click %u %u>%n", &cy, &cx, &used) == 2 &&
			    used == (int)nl + 1 && cy < 1024 && cx < 1024)
				key = UI_KEY_CLICK_OF((int)cy, (int)cx);
			for (size_t i = 0; key < 0 && i < sizeof(names) / sizeof(names[0]); i++)
				if (strlen(names[i].name) == nl &&
				    strncasecmp(names[i].name, p + 1, nl) == 0)
					key = names[i].key;
			if (key < 0)
				return err_set(e, "--keys: unknown key name %.*s (known: "
					       "Enter Tab Esc Up Down Left Right PgUp "
					       "PgDn Home End BS Del Space lt C-x Shot "
					       "Click Y X)",
					       (int)(nl + 2), p);
			len = nl + 2;
		}
		if (n == max)
			return err_set(e, "--keys: more than %d keys", max);
		keys[n++] = key;
		p += len;
	}
	return n;
}
