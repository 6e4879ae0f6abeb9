#!/bin/sh
# Dumps are never written: every command and the interface (keys, a
# screenshot) run on a writable copy of each sample and of the shipped
# real minidump; each copy's bytes and mtime must be unchanged.  The command list must cover every command 'help' names.
. "${PW_SRCDIR:-.}/tests/lib.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat > "$tmp/cmds" <<'EOC'
!pte 1f0000
!vtop 1f1000
!pte2va c0000f80
pte 8000000069FC8867
explain 1f0000
fields 80
db 1f0000 L20
dw 1f0000 L8
dd 1f0000 L4
dq 1f0000 L2
!db 1000 L20
!dw 1000 L8
!dd 1000 L4
!dq 1000 L2
map L 20
map 0 L 20 qemu
map 0 L 20 tlb
rmap 1
diff
.cr3
.process 90000000
spaces
states 1f0000 L4
!process 0 0
!vad
!vadump -v
!pfn 1
ps
maps 1
page 1
!address 1f0000
ksym init_task
dtbscan
search 61 61
searchall 61 61
searchback 61 61
!search 61 61
r
r rip
info
help
EOC
# the list above covers every command the table defines
"$PW" -c help | sed -n 's/^\([^ ]*\) .*/\1/p' | grep -v '^Numbers' |
	while read -r name; do
		grep -q "^$name\( \|\$\)" "$tmp/cmds" || echo "$name"
	done > "$tmp/missing"
check "every command is exercised ($(tr '\n' ' ' < "$tmp/missing"))" \
	[ ! -s "$tmp/missing" ]

files="$SRC"/samples/*.dmp
real="${PW_DATA:-$SRC/../shared/data}/windows-minidumps/breakpad-tiny-exe-with-cet-xsave-x64.dmp"
[ -r "$real" ] && files="$files $real"
mkdir "$tmp/work"
for f in $files; do
	b=${f##*/}
	cp "$f" "$tmp/$b"
	chmod 644 "$tmp/$b"
	touch -d '2020-01-02 03:04:05' "$tmp/$b"
	sum=$(cksum < "$tmp/$b")
	"$PW" "$tmp/$b" -f "$tmp/cmds" > /dev/null 2>&1
	(cd "$tmp/work" && "$PW" "$tmp/$b" --keys 'n}s<Tab><Enter>:info<Enter>/"aa"<Enter>' \
		--screenshot shot.txt > /dev/null 2>&1)
	check "$b: bytes unchanged" [ "$(cksum < "$tmp/$b")" = "$sum" ]
	check "$b: mtime unchanged" \
		[ "$(stat -c %Y "$tmp/$b")" = "$(date -d '2020-01-02 03:04:05' +%s)" ]
done
finish
