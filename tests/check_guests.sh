#!/bin/sh
# Real-guest fidelity in every paging mode and form: `make check-guests`.
# PW_GUESTS names a folder of cases made by the shared guest tools
# (make-cases: x64-4l, x64-5l, x64-pti, i386-pae, i386-2l); each case holds
# QEMU's own view of the guest (info tlb, info mem, gva2gpa), the guest's
# pagemap, registers.txt and the dump in three forms.  For every case and
# form - raw with QEMU's CR3, raw with --cr3 auto, the ELF core and the
# kdump with no hints - this prints one line of match counts and fails if
# any count falls short.  Without PW_GUESTS it skips with a message.
. "${PW_SRCDIR:-.}/tests/lib.sh"

if [ -z "${PW_GUESTS:-}" ] || [ ! -d "$PW_GUESTS" ]; then
	echo "# check-guests: set PW_GUESTS to a folder of cases made by"
	echo "# shared/data/guest-tools/make-cases; skipped"
	exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# text FILE: the file, or its .xz decompressed, CR LF made LF
text() {
	if [ -f "$1" ]; then tr -d '\r' < "$1"
	elif [ -f "$1.xz" ]; then xz -dc "$1.xz" | tr -d '\r'
	fi
}
# dump CASE NAME: a path to the dump (decompressed into $tmp if needed)
dump() {
	if [ -f "$1/$2" ]; then echo "$1/$2"
	elif [ -f "$1/$2.xz" ]; then
		xz -dc "$1/$2.xz" > "$tmp/$2" && echo "$tmp/$2"
	fi
}
reg() { grep -o "$1=[0-9a-fA-F]*" "$2/registers.txt" | head -1 | cut -d= -f2; }

# same NAME GOT WANT: count identical lines, in order
same() {
	n=$(wc -l < "$3")
	m=$(paste -d '\n' "$2" "$3" 2>/dev/null | awk 'NR % 2 { a = $0; next }
		$0 == a { s++ } END { print s + 0 }')
	# extra or missing lines: never a full match
	[ "$(wc -l < "$2")" -eq "$n" ] || [ "$m" -lt "$n" ] || m=$((n - 1))
	printf ' %s %s/%s' "$1" "$m" "$n"
	[ "$m" -eq "$n" ] && [ "$n" -gt 0 ]
}

one() {	# CASE FORM FILE ARGS...
	c=$1 form=$2 file=$3; shift 3
	line="$(basename "$c") $form:"
	good=true
	"$PW" "$file" "$@" --info > "$tmp/info" 2>&1 || good=false
	grep -q '^os  *linux' "$tmp/info" || { good=false; line="$line os-not-linux"; }
	"$PW" "$file" "$@" -c 'map L10000000 tlb' > "$tmp/tlb" 2>&1
	text "$c/tlb.txt" > "$tmp/tlb.want"
	r=$(same tlb "$tmp/tlb" "$tmp/tlb.want") || good=false; line="$line$r"
	"$PW" "$file" "$@" -c 'map L10000000 qemu' > "$tmp/mem" 2>&1
	text "$c/mem.txt" > "$tmp/mem.want"
	# QEMU 7.2's info mem prints nothing for 5-level paging (its bug)
	if [ -s "$tmp/mem.want" ]; then
		r=$(same "info-mem" "$tmp/mem" "$tmp/mem.want") || good=false
		line="$line$r"
	else
		line="$line info-mem n/a (QEMU printed none; pagewalk $(wc -l < "$tmp/mem") ranges)"
	fi
	# gva2gpa: VA and QEMU's answer, with or without a header line
	text "$c/gva2gpa.tsv" | awk -F'\t' '$2 ~ /^0x/ { print $2 "\t" $3 }' > "$tmp/g"
	sed 's/^0x\([0-9a-f]*\).*/!vtop \1/' "$tmp/g" |
		"$PW" "$file" "$@" -f - 2>&1 |
		sed -n 's/^Virtual address [0-9a-f]* translates to physical address \([0-9a-f]*\)\.$/gpa: 0x\1/p
			s/^Virtual address [0-9a-f]* translation fails.*/Unmapped/p' > "$tmp/g.got"
	cut -f2 "$tmp/g" | sed 's/^\(gpa: 0x\)0*\([0-9a-f]\)/\1\2/; s/^Unmapped.*/Unmapped/' > "$tmp/g.want"
	r=$(same gva2gpa "$tmp/g.got" "$tmp/g.want") || good=false; line="$line$r"
	# pagemap: a present page translates to its frame, or (PROT_NONE)
	# keeps it in a non-present entry that pagewalk decodes
	text "$c/pagemap.tsv" | awk -F'\t' '$5 == 1 { print $3 " " $10 }' |
		sed 's/ 0x0*\([0-9a-f]\)/ \1/' > "$tmp/pm"
	sed 's/^0x\([0-9a-f]*\) .*/!pte \1/' "$tmp/pm" |
		"$PW" "$file" "$@" --os linux -f - > "$tmp/pm.got" 2>&1
	n=$(wc -l < "$tmp/pm")
	m=$(awk 'NR == FNR { want[NR] = $2; next }
		/^ *VA / { i++ }
		/pfn / { for (k = 1; k <= NF; k++) if ($k == "pfn") last[i] = $(k + 1) }
		END { for (j = 1; j <= i; j++) s += last[j] == want[j]; print s + 0 }' \
		"$tmp/pm" "$tmp/pm.got")
	line="$line pagemap $m/$n"
	[ "$m" -eq "$n" ] && [ "$n" -gt 0 ] || good=false
	# Linux from the dump alone (doc/LINUX.md): the workload's maps as
	# its own /proc/1/maps, and each page of its regions in the state
	# the guest's pagemap and VMAs imply
	if [ -f "$c/report.log" ] && grep -q '^MAPS ' "$c/report.log"; then
		vi=""
		case $form in raw*) vi="--vmcoreinfo $c/vmcoreinfo.txt" ;; esac
		sed -n 's/^MAPS //p' "$c/report.log" > "$tmp/maps.want"
		# shellcheck disable=SC2086
		"$PW" "$file" "$@" $vi -c 'maps 1' > "$tmp/maps" 2>&1
		if grep -q 'no kernel types' "$tmp/maps"; then
			# a kernel without BTF (Debian's i386): said, not failed
			line="$line maps n/a (kernel has no BTF)"
		elif cmp -s "$tmp/maps" "$tmp/maps.want"; then
			line="$line maps identical ($(wc -l < "$tmp/maps") VMAs)"
			# ps: the workload's pid, parent and name as its status
			name=$(sed -n 's/^STATUS Name:[[:space:]]*//p' "$c/report.log")
			ppid=$(sed -n 's/^STATUS PPid:[[:space:]]*//p' "$c/report.log")
			# shellcheck disable=SC2086
			if "$PW" "$file" "$@" $vi -c ps 2>&1 | grep -Eq \
			   "^. +1 +$ppid R  $name "; then
				line="$line ps ok"
			else
				line="$line ps lacks pid 1 $name"
				good=false
			fi
		else
			line="$line maps differ: $(head -1 "$tmp/maps")"
			good=false
		fi
		if ! grep -q 'no kernel types' "$tmp/maps"; then
			awk '/^PM / { print $4, $6 }' "$c/report.log" |
				sed 's/present=//' > "$tmp/pmst"
			{ echo '.process 1'; sed 's/^0x\([0-9a-f]*\) .*/states \1 L1/' "$tmp/pmst"; } |
				# shellcheck disable=SC2086
				"$PW" "$file" "$@" $vi -f - 2>&1 |
				awk '/^[0-9a-f`]+-[0-9a-f`]+ +1 / { print $3 }' > "$tmp/st.got"
			m=$(awk -v maps="$tmp/maps.want" '
				BEGIN { while ((getline l < maps) > 0) { split(l, f, " ");
					split(f[1], r, "-"); lo[++nm] = r[1]; hi[nm] = r[2];
					perm[nm] = f[2]; ino[nm] = f[5] } }
				function want(va, present,   k, v) {
					if (present) return "VLn"
					v = sprintf("%016s", substr(va, 3)); gsub(/ /, "0", v)
					for (k = 1; k <= nm; k++) {
						a = sprintf("%016s", lo[k]); gsub(/ /, "0", a)
						b = sprintf("%016s", hi[k]); gsub(/ /, "0", b)
						if (v >= a && v < b)
							return perm[k] ~ /^---/ ? "r" : ino[k] != "0" ? "f" : "d"
					}
					return "-"
				}
				NR == FNR { w[FNR] = want($1, $2); next }
				{ n++; s += index(w[FNR], $1) > 0 }
				END { print s + 0 " " n + 0 }' "$tmp/pmst" "$tmp/st.got")
			np=$(wc -l < "$tmp/pmst")
			line="$line page-states ${m% *}/$np"
			[ "${m% *}" -eq "$np" ] && [ "$np" -gt 0 ] || good=false
		fi
	fi
	if $good; then ok "$line"; else not_ok "$line"; fi
}

for c in "$PW_GUESTS"/*/; do
	c=${c%/}
	[ -f "$c/registers.txt" ] || continue
	cr3=$(reg CR3 "$c"); cr4=$(reg CR4 "$c"); efer=$(reg EFER "$c")
	mode=x86
	[ $((0x$cr4 & 0x20)) -ne 0 ] && mode=pae
	[ $((0x${efer:-0} & 0x400)) -ne 0 ] && mode=x64
	[ $((0x$cr4 & 0x1000)) -ne 0 ] && mode=la57
	raw=$(dump "$c" guest.raw)
	[ -n "$raw" ] && one "$c" raw "$raw" --cr3 "$cr3" --mode "$mode"
	[ -n "$raw" ] && one "$c" raw-auto "$raw" --cr3 auto
	elf=$(dump "$c" guest.elf)
	[ -n "$elf" ] && one "$c" elf "$elf"
	[ -f "$c/guest.kdump-zlib" ] && one "$c" kdump "$c/guest.kdump-zlib"
	rm -f "$tmp/guest.raw" "$tmp/guest.elf"
done
finish
