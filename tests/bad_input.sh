#!/bin/sh
# Hostile files through the real binary: each gives one message naming the
# file and the offset, exit status 1, and never a crash.
. "${PW_SRCDIR:-.}/tests/lib.sh"
S="$SRC/samples"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# patch FILE OFFSET HEXBYTES: overwrite bytes in place (octal escapes:
# dash's printf has no \x)
patch() {
	hex=$3 s=""
	while [ -n "$hex" ]; do
		b=${hex%"${hex#??}"}
		hex=${hex#??}
		s="$s\\$(printf %03o "0x$b")"
	done
	printf "$s" | dd of="$1" bs=1 seek=$(($2)) conv=notrunc status=none
}
run_bad() {	# NAME FILE PATTERN
	"$PW" "$2" -c '!pte 1f0000' > /dev/null 2> "$tmp/err"; rc=$?
	check "$1: exit 1 (not a crash: $rc)" [ "$rc" -eq 1 ]
	check "$1: one line naming the file" sh -c \
		"[ \$(wc -l < '$tmp/err') -eq 1 ] && grep -q '$2' '$tmp/err'"
	check "$1: says '$3'" grep -q -- "$3" "$tmp/err"
	sed 's/^/# /' "$tmp/err"
}

printf 'PAGEDUMP' > "$tmp/magic-only.dmp"
run_bad "truncated header" "$tmp/magic-only.dmp" "header truncated"

cp "$S/seed-pae-3-touched.dmp" "$tmp/runs.dmp"
patch "$tmp/runs.dmp" 0x70 00000100
run_bad "run beyond end of file" "$tmp/runs.dmp" "offset 0x6c: run 0"

cp "$S/seed-pae-3-touched.dmp" "$tmp/nruns.dmp"
patch "$tmp/nruns.dmp" 0x64 ff000000
run_bad "too many runs" "$tmp/nruns.dmp" "offset 0x64: 255 physical memory runs"

cp "$S/seed-x64-3-touched.dmp" "$tmp/bitmap.dmp"
patch "$tmp/bitmap.dmp" 0x2030 0000000001000000
run_bad "bitmap larger than the file" "$tmp/bitmap.dmp" "offset 0x2038: bitmap of"

cp "$S/seed-pae-3-touched.dmp" "$tmp/dtb.dmp"
patch "$tmp/dtb.dmp" 0x10 00000040
run_bad "CR3 outside the image" "$tmp/dtb.dmp" "offset 0x10: DirectoryTableBase"

cp "$S/seed-pae-3-touched.dmp" "$tmp/type.dmp"
patch "$tmp/type.dmp" 0xf88 03000000
run_bad "unsupported dump type" "$tmp/type.dmp" "offset 0xf88: DumpType 3"

# The PDE of 1f0000 (PD0 index 0) made to point outside the image.  The
# generator stores pages sorted by PFN; PD0 (71b11) is the 6th of the ten
# stored pages, so its entry 0 is at file offset 0x1000 + 5 * 0x1000.
cp "$S/seed-pae-3-touched.dmp" "$tmp/table.dmp"
[ "$(od -A n -t x8 -j 24576 -N 8 "$tmp/table.dmp" | tr -d ' ')" = 000000006a1a6867 ] ||
	{ echo "# sample layout changed: update this test"; exit 99; }
patch "$tmp/table.dmp" 0x6000 6778563412
# Not an error of the user but an answer about the dump: said on standard
# output, naming the file and both addresses, exit 0.
"$PW" "$tmp/table.dmp" -c '!pte 1f0000' > "$tmp/out" 2> "$tmp/err"; rc=$?
check "table pointing outside the image: an answer, exit 0 ($rc)" [ "$rc" -eq 0 ]
check "table pointing outside the image: says where" grep -q \
	"table.dmp: the PDE at PA 0x71b11000 points to a PT at PA 0x1234567000 that is not in the image" "$tmp/out"

# The other formats: a header that lies, through the real binary.
printf '\177ELF\002\001\001' > "$tmp/short.elf"
run_bad "ELF header truncated" "$tmp/short.elf" "ELF header truncated"
printf 'EMiL\002\000\000\000' > "$tmp/v2.lime"
head -c 24 /dev/zero >> "$tmp/v2.lime"
run_bad "LiME version" "$tmp/v2.lime" "offset 0x4: LiME version 2"
printf 'makedumpfile' > "$tmp/flat.kdump"
head -c 4084 /dev/zero >> "$tmp/flat.kdump"
run_bad "flattened kdump without records" "$tmp/flat.kdump" "flattened type/version"
printf 'MDMP\223\247\000\000' > "$tmp/short.mdmp"
run_bad "minidump header truncated" "$tmp/short.mdmp" "minidump header truncated"

# A minidump built here: header, a directory of NSTREAMS entries at 0x20,
# all MemoryInfoList (16) pointing at one list at 0x50 with one committed
# region 0x10000+0x1000.
mdmp() {	# FILE NSTREAMS
	head -c 160 /dev/zero > "$1"
	patch "$1" 0 4d444d5093a70000
	patch "$1" 8 "0$2"00000020000000
	i=0
	while [ $i -lt "$2" ]; do
		patch "$1" $((0x20 + 12 * i)) 100000004000000050000000
		i=$((i + 1))
	done
	patch "$1" 0x50 10000000300000000100000000000000
	patch "$1" 0x60 0000010000000000
	patch "$1" 0x78 0010000000000000
	patch "$1" 0x80 00100000
}
mdmp "$tmp/one.mdmp" 1
"$PW" "$tmp/one.mdmp" --info > "$tmp/out" 2>&1; rc=$?
check "built minidump opens ($rc)" [ "$rc" -eq 0 ]
check "built minidump: one committed region" grep -q "1: 1 committed" "$tmp/out"
# F2: .cr3 on a minidump crashed (no paging mode)
"$PW" "$tmp/one.mdmp" -c .cr3 > "$tmp/out" 2>&1; rc=$?
check "minidump .cr3: exit 0, not a crash ($rc)" [ "$rc" -eq 0 ]
check "minidump .cr3: says there is none" grep -q "no CR3: a minidump" "$tmp/out"
"$PW" "$tmp/one.mdmp" -c '.cr3 1000 x64' > "$tmp/out" 2>&1; rc=$?
check "minidump .cr3 1000 x64: exit 1 ($rc)" [ "$rc" -eq 1 ]
# F1: two MemoryInfoList streams overflowed the region array
mdmp "$tmp/two.mdmp" 2
run_bad "two MemoryInfoList streams" "$tmp/two.mdmp" "offset 0x50: a second MemoryInfoList"

# F11: the dump shrinks while open (bus error before); F12: a FIFO
head -c 65536 /dev/zero > "$tmp/shrinks.raw"
{ echo '!db 0 L4'; sleep 0.5; truncate -s 4096 "$tmp/shrinks.raw"
  echo '!db 8000 L4'; echo '!db 0 L8'; } |
	"$PW" "$tmp/shrinks.raw" -f - > "$tmp/out" 2> "$tmp/err"; rc=$?
check "file shrinking while open: exit 1, not SIGBUS ($rc)" [ "$rc" -eq 1 ]
check "file shrinking while open: says so" grep -q "shrank while open" "$tmp/err"
check "file shrinking while open: nothing runs after" [ "$(wc -l < "$tmp/out")" -eq 2 ]
mkfifo "$tmp/fifo"
timeout 5 "$PW" "$tmp/fifo" --info > /dev/null 2> "$tmp/err"; rc=$?
check "FIFO: refused, not blocking ($rc)" [ "$rc" -eq 1 ]
check "FIFO: says why" grep -q "not a regular file" "$tmp/err"
# F17: a terminal that cannot move the cursor
TERM=dumb script -qec "$PW" /dev/null < /dev/null > "$tmp/out" 2>&1; rc=$?
check "TERM=dumb: a message and exit 1 ($rc)" [ "$rc" -eq 1 ]
check "TERM=dumb: says why" grep -q "cannot move the cursor" "$tmp/out"

printf 'garbage' > "$tmp/tiny.bin"
run_bad "unknown tiny file" "$tmp/tiny.bin" "format not recognised"
: > "$tmp/empty.bin"
run_bad "empty file" "$tmp/empty.bin" "file is empty"
finish
