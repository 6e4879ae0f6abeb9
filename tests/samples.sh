#!/bin/sh
# The committed samples are exactly what the generator writes today.
. "${PW_SRCDIR:-.}/tests/lib.sh"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
"${PW_BUILDDIR:-.}/samples/pw-mksamples" "$out" || { echo "generator failed"; exit 99; }
n=0
for f in "$SRC"/samples/*.dmp; do
	b=$(basename "$f")
	check "$b regenerates byte for byte" cmp -s "$f" "$out/$b"
	n=$((n + 1))
done
check "generator writes no sample that is not committed" \
	[ "$(ls "$out" | wc -l)" -eq "$n" ]
for f in "$SRC"/samples/*.dmp; do
	check "$(basename "$f") is under 1 MiB" [ "$(wc -c < "$f")" -lt 1048576 ]
done
finish
