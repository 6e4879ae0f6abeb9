#!/bin/sh
# The real binary in a real pseudo-terminal (tmux): start on the bundled
# sample, step pages, open the help, run a command, resize, quit; and a
# SIGTERM must restore the terminal too.  Skipped when tmux is missing.
. "${PW_SRCDIR:-.}/tests/lib.sh"
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux is not installed"; exit 77; }
tmp=$(mktemp -d)
sock="pw-test-$$-0"
T() { tmux -L "$sock" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

# next_server: end this server and use a new socket for the next session.
# Killing the last session makes the server exit, and a new-session sent
# on the same socket meanwhile can reach the dying server ("server exited
# unexpectedly"), so each session gets a server of its own.
next_server() {
	T kill-server 2>/dev/null
	sock="pw-test-$$-$((${sock##*-} + 1))"
}
export XDG_STATE_HOME="$tmp/state"

# wait_for PATTERN: poll the pane up to 5 s
wait_for() {
	i=0
	while [ $i -lt 50 ]; do
		T capture-pane -p -t pw > "$tmp/screen" 2>/dev/null
		grep -q -- "$1" "$tmp/screen" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# waited for '$1'; the screen:"; sed 's/^/# /' "$tmp/screen"
	return 1
}

T -f /dev/null new-session -d -s pw -x 100 -y 30 \
	"env TERM=screen LANG=C.UTF-8 '$PW'; echo EXIT=\$?; sleep 30"
check "starts on the bundled sample at 001f0000" wait_for "VA 001f0000"
T send-keys -t pw n
check "n steps to the next page" wait_for "VA 001f1000"
T send-keys -t pw n
check "the committed page says demand-zero" wait_for "001f2000 · demand-zero"
T send-keys -t pw '?'
check "? opens the help" wait_for "next / previous page whose state differs"
T send-keys -t pw Escape
T send-keys -t pw : '!pte 1f0000' Enter
check "a command's output appears" wait_for "pfn 6a1a6     ---DA--UWEV  pfn 69fc8     ---DA--UW-V"
T send-keys -t pw Escape
T resize-window -t pw -x 60 -y 20 2>/dev/null || T resize-pane -t pw -x 60 -y 20
check "too small a terminal gets a message" wait_for "needs at least 80x24"
T resize-window -t pw -x 132 -y 43 2>/dev/null || T resize-pane -t pw -x 132 -y 43
check "a larger terminal is used after a resize" wait_for "P W U T C A D S G X  windbg"
T send-keys -t pw q
check "q quits with status 0" wait_for "EXIT=0"
check "history is saved" grep -q '!pte 1f0000' "$XDG_STATE_HOME/pagewalk/history"
check "history is private (0600)" \
	[ "$(stat -c %a "$XDG_STATE_HOME/pagewalk/history")" = 600 ]
next_server

# F13, F14: s never writes through a planted symlink nor over a file;
# a history file that is a symlink is left alone (not read, written or
# chmodded), and the other prompts' histories still work.
mkdir -p "$tmp/work" "$tmp/evil/pagewalk"
echo secret > "$tmp/target"
chmod 644 "$tmp/target"
ln -s "$tmp/target" "$tmp/work/pagewalk-shot-1.txt"
echo keep > "$tmp/work/pagewalk-shot-2.txt"
ln -s "$tmp/target" "$tmp/evil/pagewalk/history"
T -f /dev/null new-session -d -s pw -x 100 -y 30 \
	"cd '$tmp/work' && env TERM=screen XDG_STATE_HOME='$tmp/evil' '$PW'; echo EXIT=\$?; sleep 30"
check "starts with a planted history symlink" wait_for "VA 001f0000"
T send-keys -t pw s
check "s skips the planted names" wait_for "written to ./pagewalk-shot-3.txt"
T send-keys -t pw : 'help' Enter Escape g 1f1000 Enter
check "g still works" wait_for "VA 001f1000"
T send-keys -t pw q
check "quits" wait_for "EXIT=0"
check "the symlink's target is unchanged" grep -qx secret "$tmp/target"
check "the symlink's target keeps its mode" [ "$(stat -c %a "$tmp/target")" = 644 ]
check "the file already there is unchanged" grep -qx keep "$tmp/work/pagewalk-shot-2.txt"
check "the screenshot is a new file" grep -q "VA 001f0000" "$tmp/work/pagewalk-shot-3.txt"
check "txt only by default" [ ! -e "$tmp/work/pagewalk-shot-3.html" ]
check "g's history is kept apart" grep -qx 1f1000 "$tmp/evil/pagewalk/history-va"
next_server

# Long work is interruptible: a search over a 4 GiB identity map (a
# sparse raw image built with perl) shows its progress; Esc and Ctrl-C
# stop the search, not the interface.
if command -v perl >/dev/null 2>&1 && perl -e '
	open F, ">", $ARGV[0] or die; binmode F;
	print F "\0" x 4096, pack("Q<", 0x2063), "\0" x 4088;
	print F pack("Q<4", map { (0x3000 + $_ * 0x1000) | 0x63 } 0..3), "\0" x 4064;
	for $d (0..3) { print F pack("Q<512", map { (($d * 512 + $_) << 21) | 0xe3 } 0..511) }
	truncate F, 4 << 30 or die' "$tmp/big.raw" 2>/dev/null; then
	T -f /dev/null new-session -d -s pw -x 100 -y 30 \
		"env TERM=screen '$PW' '$tmp/big.raw' --cr3 1000 --mode x64; echo EXIT=\$?; sleep 30"
	check "opens the 4 GiB image" wait_for "VA 000000000000"
	T send-keys -t pw / '71 72 73' Enter
	check "a long search shows its progress" wait_for "searching: [0-9]* MiB read (Esc stops)"
	T send-keys -t pw Escape
	check "Esc stops the search" wait_for "search from .* cancelled"
	T send-keys -t pw / '71 72 74' Enter
	check "a second search runs" wait_for "searching: [0-9]* MiB read"
	T send-keys -t pw C-c
	check "Ctrl-C stops the search" wait_for "search from .* cancelled"
	T send-keys -t pw n
	check "the interface is still there" wait_for "VA 000000001000"
	T send-keys -t pw q
	check "and quits with 0" wait_for "EXIT=0"
	next_server
	rm -f "$tmp/big.raw"
else
	echo "# perl or a sparse 4 GiB file: not here; long-search test skipped"
fi

T -f /dev/null new-session -d -s pw -x 100 -y 30 \
	"env TERM=screen '$PW' --ascii; echo EXIT=\$?; sleep 30"
check "ASCII mode draws with + and -" wait_for "+ VA 001f0000 - valid"
pid=$(pgrep -f "^$PW --ascii" | head -1)
[ -n "$pid" ] && kill -TERM "$pid"
check "SIGTERM restores the terminal and exits 1" wait_for "EXIT=1"
check "the interface is gone after SIGTERM" sh -c "! grep -q 'VA 001f0000' '$tmp/screen'"
finish
