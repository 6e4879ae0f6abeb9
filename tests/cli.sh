#!/bin/sh
# The command line as a user meets it: help, version, -c output, the
# bundled sample, and exit statuses.
. "${PW_SRCDIR:-.}/tests/lib.sh"
S="$SRC/samples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$PW" --help > "$tmp/help"; rc=$?
check "--help exits 0" [ "$rc" -eq 0 ]
check "--help names every option" sh -c "grep -q -- '--command' '$tmp/help' &&
	grep -q -- '--cr3' '$tmp/help' && grep -q -- '--mode' '$tmp/help' &&
	grep -q -- '--os' '$tmp/help' && grep -q -- '--info' '$tmp/help'"
check "--version prints the version" sh -c "'$PW' --version | grep -q '^pagewalk [0-9]'"

# The seed's !pte, third moment, exactly as WinDbg printed it.
cat > "$tmp/want" <<'EOW'
                    VA 001f0000
PDE at C0600000            PTE at C0000F80
contains 000000006A1A6867  contains 8000000069FC8867
pfn 6a1a6     ---DA--UWEV  pfn 69fc8     ---DA--UW-V
EOW
"$PW" "$S/seed-pae-3-touched.dmp" -c '!pte 1f0000' > "$tmp/got"
check "!pte on the touched image matches the seed" cmp -s "$tmp/want" "$tmp/got"
"$PW" "$S/seed-pae-2-committed.dmp" -c '!pte 1f0000' > "$tmp/got"
check "committed image says DemandZero" grep -q '^                            DemandZero$' "$tmp/got"
check "committed image says Protect: 4 - ReadWrite" \
	grep -q '^                            Protect: 4 - ReadWrite$' "$tmp/got"
"$PW" "$S/seed-pae-3-touched.dmp" -c '!db 69fc8000 L20' > "$tmp/got"
check "!db shows the a bytes" sh -c "[ \$(grep -c 'aaaaaaaaaaaaaaaa\$' '$tmp/got') -eq 2 ]"

# No DUMP: the bundled sample.
"$PW" -c '!pte 1f0000' > "$tmp/got" 2>&1
check "no DUMP opens the bundled touched sample" cmp -s "$tmp/want" "$tmp/got"

# Several -c in order, and --info.
"$PW" "$S/seed-pae-3-touched.dmp" -c '.cr3' -c '!vtop 1f1000' > "$tmp/got"
check "-c runs in order" sh -c "head -1 '$tmp/got' | grep -q '^CR3 7f2124c0'"
check "!vtop ends with WinDbg's sentence" \
	grep -q '^Virtual address 1f1000 translates to physical address 69c49000.$' "$tmp/got"
"$PW" --info "$S/seed-x64-3-touched.dmp" > "$tmp/got"
check "--info names format, paging and CR3" sh -c "grep -q 'Windows crash dump (x64)' '$tmp/got' &&
	grep -q '^paging *4-level' '$tmp/got' && grep -q '^cr3 *1aa000' '$tmp/got'"

# User errors: one line on stderr, exit 1.
expect_fail() {	# NAME PATTERN ARGS...
	what=$1; pat=$2; shift 2
	"$PW" "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?
	check "$what: exit 1" [ "$rc" -eq 1 ]
	check "$what: one line on stderr" [ "$(wc -l < "$tmp/err")" -eq 1 ]
	check "$what: says '$pat'" grep -q -- "$pat" "$tmp/err"
}
expect_fail "unknown option" "unknown option --frob" --frob
expect_fail "bad mode" "is not one of x86, pae, x64, la57" --mode z80 "$S/seed-pae-3-touched.dmp"
expect_fail "missing file" "cannot open" "$tmp/nope.dmp" -c help
expect_fail "bad command" "unknown command" "$S/seed-pae-3-touched.dmp" -c 'frob'
head -c 65536 /dev/zero > "$tmp/zero.raw"
expect_fail "raw image without CR3" "give --cr3 PA and --mode" "$tmp/zero.raw" -c '!pte 0'
expect_fail "CR3 outside the image" "not in the image" "$tmp/zero.raw" --cr3 100000 --mode x64 -c '!pte 0'
"$PW" "$tmp/zero.raw" -c '!db 1000 L4' > "$tmp/got"; rc=$?
check "raw image: physical commands need no CR3" [ "$rc" -eq 0 ]

# Scripts: -f FILE and -f -, comments, and every command runs even after
# one fails; the exit status says whether any failed.
printf '# a comment\n\n  !vtop 1f0000\nfrob\n\t# indented comment\ndb 1f0000 L4\n' > "$tmp/cmds"
"$PW" "$S/seed-pae-3-touched.dmp" -f "$tmp/cmds" > "$tmp/got" 2> "$tmp/err"; rc=$?
check "-f: a failed command gives exit 1" [ "$rc" -eq 1 ]
check "-f: its message on stderr" grep -q "unknown command 'frob'" "$tmp/err"
check "-f: the commands before and after it ran" sh -c "
	grep -q '^Virtual address 1f0000 translates to physical address 69fc8000.\$' '$tmp/got' &&
	grep -q '^001f0000  61 61 61 61 ' '$tmp/got'"
check "-f: comments and blank lines are skipped" [ "$(wc -l < "$tmp/err")" -eq 1 ]
echo '!vtop 1f1000' | "$PW" "$S/seed-pae-3-touched.dmp" -c '.cr3' -f - > "$tmp/got"; rc=$?
check "-f - reads standard input, after -c in order" sh -c "[ $rc -eq 0 ] &&
	head -1 '$tmp/got' | grep -q '^CR3 7f2124c0' &&
	tail -1 '$tmp/got' | grep -q 'translates to physical address 69c49000'"
"$PW" "$S/seed-pae-3-touched.dmp" -f "$tmp/nope" > /dev/null 2> "$tmp/err"; rc=$?
check "-f: a missing file is an error" sh -c "[ $rc -eq 1 ] && grep -q 'nope' '$tmp/err'"
# An unmapped address is an answer, not an error.
"$PW" "$S/seed-pae-3-touched.dmp" -c '!vtop 400000' -c '!pte 400000' > "$tmp/got"; rc=$?
check "not mapped is an answer: exit 0" [ "$rc" -eq 0 ]
check "... and says why" grep -q 'translation fails: not present' "$tmp/got"
if [ -w /dev/full ]; then
	"$PW" "$S/seed-pae-3-touched.dmp" -c info > /dev/full 2> "$tmp/err"; rc=$?
	check "a write error on the output exits 1" sh -c "[ $rc -eq 1 ] &&
		grep -q 'writing the output' '$tmp/err'"
fi
# Reserved bits are marked, not obeyed: a PAE PDPTE with bit 5 set (as on
# the real i386 PAE guest) still translates.  PDPT at 0, PD at 1000, PT at
# 2000, page at 3000 (little-endian bytes written with octal escapes).
head -c 16384 /dev/zero > "$tmp/pae.raw"
put8() { printf "$2" | dd of="$tmp/pae.raw" bs=1 seek=$(($1)) conv=notrunc status=none; }
put8 0x0000 '\041\020'	# 0x1021: P, A (reserved in a PDPTE)
put8 0x1000 '\147\040'	# 0x2067
put8 0x2000 '\147\060'	# 0x3067
"$PW" "$tmp/pae.raw" --cr3 0 --mode pae -c '!vtop 123' -c '!pte 123' > "$tmp/got"; rc=$?
check "reserved PDPTE bits: translates, exit 0" sh -c "[ $rc -eq 0 ] &&
	grep -q '^Virtual address 123 translates to physical address 3123.\$' '$tmp/got'"
check "reserved PDPTE bits: !vtop marks them" grep -q \
	'^X86VtoP: PAE PDPTE has reserved bits 20 set: ignored, as the CPU did$' "$tmp/got"
check "reserved PDPTE bits: !pte names the hidden level" grep -q \
	'^PDPTE 0000000000001021 at PA 0: reserved bits 20 set (walked on, as the CPU did)$' "$tmp/got"
"$PW" "$tmp/pae.raw" --cr3 0 --mode pae --size 80x24 --screenshot "$tmp/shot.txt" -a 123; rc=$?
check "reserved PDPTE bits: the walk panel marks the level" sh -c "[ $rc -eq 0 ] &&
	grep -q 'rsvd! #0 ' '$tmp/shot.txt'"
# A not-present PDPTE that WinDbg's !pte columns leave out: said in words.
put8 0x0008 '\000'
"$PW" "$tmp/pae.raw" --cr3 0 --mode pae -c '!pte 40000000' > "$tmp/got"; rc=$?
check "!pte on a not-present PDPTE says why" sh -c "[ $rc -eq 0 ] &&
	grep -q '^PDPTE 0000000000000000 at PA 8 is not valid: nothing below it is mapped\$' '$tmp/got'"

# Widths are decimal.
"$PW" "$S/seed-pae-3-touched.dmp" --maxphyaddr 52 -c '!vtop 1f0000' > "$tmp/got"; rc=$?
check "--maxphyaddr 52 (the default) is accepted" [ "$rc" -eq 0 ]
expect_fail "--maxphyaddr in hex" "is not a width in bits" --maxphyaddr 0x34 "$S/seed-pae-3-touched.dmp"

# F16: numbers that do not fit, trailing junk, long patterns.
expect_fail "a decimal past 64 bits" "is not a 64-bit number" --cr3 0n99999999999999999999
"$PW" -c 'pte 0n18446744073709551615' > "$tmp/got"; rc=$?
check "the largest 64-bit decimal is accepted ($rc)" grep -q "^PTE FFFFFFFFFFFFFFFF" "$tmp/got"
expect_fail "--size with trailing junk" "is not COLSxROWS" --size 80x24x --keys ''
expect_fail "a 257-byte search pattern" "pattern longer than 256 bytes" \
	-c "search $(printf '61 %.0s' $(seq 257))"
"$PW" -c "search $(printf '61 %.0s' $(seq 256))" > "$tmp/got"; rc=$?
check "a 256-byte pattern is searched ($rc)" grep -q "found at 001f0001" "$tmp/got"
"$PW" -c 'search "a  "' > "$tmp/got"
check "a text pattern keeps its blanks" grep -q "not found after" "$tmp/got"

# Lists are generated from their tables; the man page is written by hand,
# so it is checked against them: every command, format, mode and OS.
"$PW" -c help | sed -n 's/^\([^ ]*\) .*/\1/p' | grep -v '^Numbers' > "$tmp/names"
"$PW" --help > "$tmp/help"
for c in $(cat "$tmp/names"); do
	check "--help lists command $c" grep -q -- "^  $c\b" "$tmp/help"
	check "the man page names command $c" grep -qF -- "$c" "$SRC/pagewalk.1"
done
for word in $(sed -n 's/.*--format NAME    skip detection: //p; s/.*--mode MODE      paging mode: //p; s/.*--os OS .*entries: //p' "$tmp/help" | tr -d ','); do
	check "the man page names $word" grep -qF -- "\\fB$word\\fR" "$SRC/pagewalk.1"
done

# --diff alone runs the diff command; the JSON of it parses as one line
"$PW" "$S/seed-pae-2-committed.dmp" --diff "$S/seed-pae-3-touched.dmp" > "$tmp/out"; rc=$?
check "--diff alone: exit 0 ($rc)" [ "$rc" -eq 0 ]
check "--diff: the PTE that became valid" grep -q "0000000000000080 -> 8000000069FC8867" "$tmp/out"
expect_fail "--diff with a file that is not there" "cannot open" --diff /nonexistent "$S/seed-pae-3-touched.dmp"

# A screenshot series: picture 0, then one per key, or one per <Shot>
mkdir "$tmp/series"
"$PW" --keys 'nnn' --screenshot "$tmp/series/step-%02d.txt"; rc=$?
check "series: exit 0 ($rc)" [ "$rc" -eq 0 ]
check "series: four pictures, one per page" sh -c "grep -q 'VA 001f0000' '$tmp/series/step-00.txt' &&
	grep -q 'VA 001f3000' '$tmp/series/step-03.txt' && [ ! -e '$tmp/series/step-04.txt' ]"
"$PW" --keys ':!pte 1f2000<Enter><Shot>n<Shot>' --screenshot "$tmp/series/cmd%d.txt"
check "series with <Shot>: three pictures, the command's in the second" sh -c \
	"grep -q ':!pte 1f2000' '$tmp/series/cmd1.txt' && [ -e '$tmp/series/cmd2.txt' ] &&
	[ ! -e '$tmp/series/cmd3.txt' ]"
expect_fail "a series name with another %" "a series takes one %d" --keys n \
	--screenshot "$tmp/series/%s.txt"

# s writes the formats asked for, under one free number
mkdir "$tmp/shots"
(cd "$tmp/shots" && "$PW" --keys s --screenshot-format txt,svg --screenshot - > /dev/null)
check "s with --screenshot-format txt,svg: both files" sh -c \
	"[ -s '$tmp/shots/pagewalk-shot-1.txt' ] && grep -q '<svg' '$tmp/shots/pagewalk-shot-1.svg'"
expect_fail "--screenshot-format with a bad name" "is not a list of txt" --screenshot-format pdf

# The seed lesson as slides; SVG and index checked by an XML parser
"$PW" --lesson "$SRC/samples/seed.lesson" --screenshot-dir "$tmp/slides"; rc=$?
check "lesson to slides: exit 0 ($rc)" [ "$rc" -eq 0 ]
steps=$(grep -c '^step ' "$SRC/samples/seed.lesson")
check "lesson: $steps steps in three formats, and the index" \
	[ "$(ls "$tmp/slides" | wc -l)" -eq $((3 * steps + 1)) ]
if command -v xmllint > /dev/null 2>&1; then
	check "every step's SVG is well-formed XML" xmllint --noout "$tmp"/slides/*.svg
	check "the HTML screenshots parse" xmllint --html --noout "$tmp"/slides/01.html
else
	echo "# xmllint (libxml2-utils) is not installed: SVG not parsed"
fi
printf 'keys n\n' > "$tmp/bad.lesson"
expect_fail "a lesson action before any step" "before the first step" \
	--lesson "$tmp/bad.lesson" --screenshot-dir "$tmp/bad"
finish
