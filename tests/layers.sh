#!/bin/sh
# The layers point one way: formats/ <- arch/ + src/ + os/ (core) <- ui/ <- cli/.  A
# file may include headers of its own layer and the ones below it, never
# above; the core and the loaders never include curses or readline, so
# everything the interface shows is computable by tests (doc/ARCHITECTURE.md).
. "${PW_SRCDIR:-.}/tests/lib.sh"
rank() {
	case $1 in formats) echo 0 ;; arch|src|os) echo 1 ;; ui) echo 2 ;; cli) echo 3 ;; *) echo 9 ;; esac
}
# wrong_way ROOT: every quoted include under ROOT that points up a layer
wrong_way() {
	for dir in formats arch src os ui cli; do
		for f in "$1/$dir"/*.c "$1/$dir"/*.h; do
			[ -f "$f" ] || continue
			sed -n 's/^#include *"\(.*\)".*/\1/p' "$f" | while read -r h; do
				[ "$h" = config.h ] && continue
				hdir=""
				case $h in
				../*) hdir=${h#../}; hdir=${hdir%%/*} ;;
				*) for d in "$dir" formats arch src os ui cli; do
					[ -f "$1/$d/$h" ] && { hdir=$d; break; }
				   done ;;
				esac
				if [ -z "$hdir" ]; then
					echo "$dir/${f##*/}: \"$h\" is in no layer"
				elif [ "$(rank "$hdir")" -gt "$(rank "$dir")" ]; then
					echo "$dir/${f##*/} includes $hdir/${h##*/}, a layer above"
				fi
			done
		done
	done
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
wrong_way "$SRC" > "$tmp/hits"
check "every include points down or sideways" [ ! -s "$tmp/hits" ]
sed 's/^/# /' "$tmp/hits"
# the check can fail: a core file that includes an interface header
mkdir -p "$tmp/t/src" "$tmp/t/ui"
echo '#include "ui.h"' > "$tmp/t/src/x.c"
: > "$tmp/t/ui/ui.h"
check "a wrong-way include is caught" sh -c "[ -n \"\$(cat)\" ]" <<EOH
$(wrong_way "$tmp/t")
EOH
for dir in arch src os formats; do
	hits=$(grep -lE '#include *[<"](n?curses|ncursesw/|readline/|term\.h|panel\.h)' \
		"$SRC/$dir"/*.c "$SRC/$dir"/*.h 2>/dev/null || true)
	check "no curses/readline include in $dir/" [ -z "$hits" ]
	[ -z "$hits" ] || echo "# $hits"
done
finish
