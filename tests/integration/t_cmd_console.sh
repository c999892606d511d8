#!/bin/bash
# Proves the console's `:` prompt (tmux, 80x24) runs the command language with the same effect and
# output as vsm -c on a real busybox guest (get, set, start, exec, errors), completes with Tab,
# keeps the panes updating and survives a resize while the user types, and abandons the line on
# Esc and Ctrl-G without running anything.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
g=cc$$
HOME=$VSM_ROOT/home; export HOME; mkdir -p "$HOME"
vsm -c "build $g -m busybox --hostname h$g" >/dev/null || { fail "build"; finish; }
vsm -c "set $g nice 2" >/dev/null

con_start 80x24 xterm -d 1
expect_screen "console shows the guest" "$g"
# prompt TEXT: open the prompt, type TEXT, Enter.
prompt() { con_keys :; con_keys -l "$1"; con_keys Enter; }

want=$(vsm -c "get $g uts.nodename; list" | sed -n 1,2p)
prompt "get $g uts.nodename; list"
expect_screen "output pane opens with the output" ":get $g uts.nodename; list (done)"
screen=$(con_capture)
while IFS= read -r l; do
	l=$(printf '%s' "$l" | sed 's/ *$//')
	expect_match "output line as vsm -c prints it: '$l'" "^. +$(printf '%s' "$l" | sed 's/[.[\*^$]/\\&/g')" "$screen"
done <<<"$want"
con_keys q
expect_screen "the pane closes" "Processes:"
expect_match "status line says it is done" ":get $g uts.nodename; list: done" "$(con_capture)"

prompt "set $g nice 7"
expect_screen "a one-line answer goes to the status line" ":set $g nice 7: $g: nice set"
expect_eq "same effect as vsm -c" 7 "$(cat "$confdir/$g/nice")"

# Tab completion at the prompt.
con_keys :; con_keys -l "get $g uts.no"; con_keys Tab; con_keys -l Z
expect_screen "Tab completes the attribute" ":get $g uts.nodename Z"
con_keys C-g
expect_screen "Ctrl-G abandons the line" "Cancelled"

# Panes keep updating while the prompt is open, and a resize keeps the line.
con_keys :; con_keys -l "set $g nice 9"
vsm -c "start $g" >/dev/null
deadline=$(( $(date +%s) + 10 ))
until con_capture | grep -Eq "^$g +[0-9]+ running"; do
	[ "$(date +%s)" -ge "$deadline" ] && break; sleep 0.2
done
expect_match "guest row turned running while typing" "^$g +[0-9]+ running" "$(con_capture)"
expect_match "the typed line is still there" "^:set $g nice 9" "$(con_capture)"
con_resize 100 30
expect_screen "resized: the line is kept" ":set $g nice 9"
expect_eq "resized: 30 lines drawn" 30 "$(con_capture | wc -l)"
expect_match "resized: prompt on the line above the keys" "^:set $g nice 9" "$(con_capture | sed -n 29p)"
con_keys Escape
expect_screen "Esc abandons the line" "Cancelled"
expect_eq "nothing ran" 7 "$(cat "$confdir/$g/nice")"

prompt "exec $g -- hostname"
expect_screen "exec output (one line) in the status line" ":exec $g -- hostname: h$g"
prompt "exec $g -- sh -c 'echo one; echo two; exit 3'"
expect_screen "multi-line output in the pane, with the status" "(failed, status 3)"
expect_match "both lines" "x one .*" "$(con_capture | grep -E '^x (one|two) ' | tr '\n' ' ')"
con_keys q
expect_screen "the error in the status line" "sh exited with status 3"
prompt "frobnicate $g"
expect_screen "an unknown command is an error in the status line" "unknown command 'frobnicate'"
prompt "set $g 'unterminated"
expect_screen "a syntax error says where" ": unterminated single quote"
prompt "enter $g"
if con_wait "built-in shell" 10; then
	con_keys -l "hostname"; con_keys Enter
	expect_screen "enter at the prompt: a shell in the guest" "h$g"
	con_keys -l "exit"; con_keys Enter
	expect_screen "the console comes back after enter" "Processes:"
else
	t_log "vserver enter did not open a shell here: $(con_capture | grep -v '^$' | tail -2 | tr '\n' ' ')"
	con_keys Enter
	expect_screen "the console comes back after enter" "Processes:"
fi
prompt "stop $g"
expect_screen "stop ran" ":stop $g: $g: stopped" 20
expect_match "same effect as vsm -c stop" "is stopped" "$(vsm -c "status $g")"
con_keys q; con_keys q
expect_screen "console quits" "VSM-EXITED rc=0"
check "the prompt's lines are in the history" grep -qx "set $g nice 7" "$HOME/.vsm_history"
finish
