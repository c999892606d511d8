# Proves the console shows guests and their processes at 80x24 on vt100 (ASCII, no colour) and xterm, with tree, all-guests view, help, resize and a restored terminal on quit.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"

g1=ca$$; g2=cb$$
tag1=$((40000 + $$ % 10000)); tag2=$((tag1 + 1))
fake_guest_cgroup "$g1" 4201 "$tag1" "$tag2" || skip "no cgroup v1 hierarchy to place a test workload in"
mkdir -p "$confdir/$g2"; echo 4202 >"$confdir/$g2/context"

for term in vt100 xterm-256color; do
	t_log "TERM=$term"
	con_start 80x24 "$term" -d 1
	expect_screen "$term: guest table lists $g1 as running" "$g1"
	row=$(con_capture | grep -E "^$g1 ")
	expect_match "$term: $g1 row shows ctx and state" "^$g1 +4201 running +2 " "$row"
	row=$(con_capture | grep -E "^$g2 ")
	expect_match "$term: configured guest $g2 is listed as stopped" "^$g2 +4202 stopped" "$row"
	expect_match "$term: the first guest is selected at start" "Processes: $g1" "$(con_capture)"
	expect_screen "$term: process pane shows the guest's processes" "sleep 300 $tag1"
	expect_match "$term: and both of them" "sleep 300 $tag2" "$(con_capture)"
	screen=$(con_capture)
	expect_eq "$term: 24 lines drawn" 24 "$(printf '%s\n' "$screen" | wc -l)"
	expect_match "$term: header with load, memory and guest counts" "load [0-9.]+ .* mem .* guests [0-9]+ running" "$screen"
	expect_match "$term: key bar" "F1 Help .* q Quit" "$screen"
	if [ "$term" = vt100 ]; then
		check "vt100: only ASCII on screen" sh -c "! printf '%s' \"\$1\" | LC_ALL=C grep -q '[^ -~]'" _ "$screen"
		check "vt100: no broken line drawing (qqqq)" sh -c "! printf '%s' \"\$1\" | grep -q qqqq" _ "$screen"
		expect_match "vt100: ASCII rules" "^--\[ Guests" "$screen"
	fi

	# Bytes the terminal receives per idle refresh (1 s interval): only changed cells are sent.
	con_tmux pipe-pane -t con -o "cat >>'$VSM_ROOT/bytes.$term'"
	sleep 5
	con_tmux pipe-pane -t con
	b=$(wc -c <"$VSM_ROOT/bytes.$term")
	per=$((b / 5))
	echo "bytes per idle refresh at 80x24, TERM=$term: $per"
	check "$term: an idle refresh costs under 500 bytes ($per B; 9600 baud carries 960 B/s)" [ "$per" -lt 500 ]

	con_keys t
	expect_screen "$term: t shows the process tree" "(tree)"
	con_keys t g
	expect_screen "$term: g lists the processes of all guests" "Processes: all guests"
	expect_match "$term: with a short guest column" "GUEST" "$(con_capture)"
	con_keys g

	con_keys F1
	expect_screen "$term: F1 opens the help screen" "vsm help"
	expect_match "$term: help names the signal key" "send a signal to the selected process" "$(con_capture)"
	con_keys Escape
	con_wait_gone "vsm help" 5 && ok "$term: a key closes help" || fail "$term: help did not close"
	con_keys '?'
	expect_screen "$term: ? opens help too" "vsm help"
	con_keys Space
	con_wait_gone "vsm help" 5

	con_resize 100 30
	expect_screen "$term: resize to 100x30 redraws the key bar at the bottom" "F1 Help"
	sleep 1.2
	screen=$(con_capture)
	expect_eq "$term: 30 lines at 100x30" 30 "$(printf '%s\n' "$screen" | wc -l)"
	expect_match "$term: key bar on the last line at 100x30" "F1 Help" "$(printf '%s\n' "$screen" | tail -1)"
	expect_match "$term: guest row still there" "^$g1 " "$screen"
	con_resize 60 20
	expect_screen "$term: below 80x24 it says so" "vsm needs 80x24"
	con_resize 80 24
	expect_screen "$term: back at 80x24" "F1 Help"
	sleep 1.2
	expect_match "$term: key bar on the last line again" "F1 Help .* q Quit" "$(con_capture | tail -1)"
	expect_match "$term: guest row back" "^$g1 +4201 running" "$(con_capture)"

	con_keys q
	expect_screen "$term: q quits at once" "VSM-EXITED rc=0" 5
	expect_match "$term: terminal modes restored" "^icrnl opost icanon echo|icanon.*echo" "$(con_capture | grep -E 'icanon' | tail -1)"
done
finish
