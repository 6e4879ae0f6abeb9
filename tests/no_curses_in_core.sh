#!/bin/sh
# The core (src/) and the loaders (formats/) never include curses or
# readline: everything the interface shows must be computable by tests.
. "${PW_SRCDIR:-.}/tests/lib.sh"
for dir in src formats; do
	hits=$(grep -lE '#include *[<"](n?curses|ncursesw/|readline/|term\.h|panel\.h)' \
		"$SRC/$dir"/*.c "$SRC/$dir"/*.h 2>/dev/null || true)
	check "no curses/readline include in $dir/" [ -z "$hits" ]
	[ -z "$hits" ] || echo "# $hits"
done
finish
