# Shared helpers for the shell tests (sourced).  Prints a TAP-ish log and a
# closing "N passed, N failed" line.
PW="${PW_BUILDDIR:-.}/pagewalk"
SRC="${PW_SRCDIR:-.}"
pass=0
failn=0
ok() { pass=$((pass + 1)); echo "ok - $1"; }
not_ok() { failn=$((failn + 1)); echo "not ok - $1"; }
check() {	# check NAME CONDITION-COMMAND...
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name"; fi
}
finish() {
	echo "$pass passed, $failn failed"
	[ "$failn" -eq 0 ]
}
