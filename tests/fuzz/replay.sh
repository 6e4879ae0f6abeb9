#!/bin/sh
# make check: every fuzz corpus file and every past finding through its
# harness (no fuzzing; the sanitizer build runs this too).  A crash fails.
. "${PW_SRCDIR:-.}/tests/lib.sh"
F="$SRC/tests/fuzz"
R="${PW_BUILDDIR:-.}/tests/fuzz"
export PW_SRCDIR="$SRC"
for t in "$F"/corpus/* "$F"/findings/*; do
	[ -d "$t" ] || continue
	name=${t##*/}
	case $name in
	format-*) out=$("$R/replay_format" --format "${name#format-}" "$t" 2>&1) ;;
	cmd) out=$("$R/replay_cmd" "$t" 2>&1) ;;
	ui) out=$("$R/replay_ui" "$t" 2>&1) ;;
	ksyms) out=$("$R/replay_ksyms" "$t" 2>&1) ;;
	windows) out=$("$R/replay_windows" "$t" 2>&1) ;;
	*) continue ;;
	esac
	rc=$?
	check "${t#"$F"/}: $(echo "$out" | tail -1)" [ "$rc" -eq 0 ]
	[ "$rc" -eq 0 ] || echo "$out" | tail -20 | sed 's/^/# /'
done
finish
