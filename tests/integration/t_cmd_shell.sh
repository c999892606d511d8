#!/bin/bash
# Proves `vsm shell` (readline in tmux, 80x24): Tab completes command names, guest names,
# attribute names, capability names, init styles, signal names and template paths; history is
# kept in ~/.vsm_history across runs and Ctrl-R finds it; the user's inputrc `$if vsm` applies.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"
g=sh$$a; g2=sh$$b
HOME=$VSM_ROOT/home; export HOME; mkdir -p "$HOME"
INPUTRC=$HOME/.inputrc; export INPUTRC
printf '$if vsm\n"\\C-xg": "get "\n$endif\n' >"$INPUTRC"
vsm -c "create $g; create $g2; set $g uts.nodename web1" >/dev/null || { fail "create"; finish; }
: >"$VSM_ROOT/tplfile.tar.gz"

con_start 80x24 xterm shell
expect_screen "prompt" "vsm>"
# tab TEXT EXPECTED WHAT: type, press Tab, type a marker Z (so a space completion appends shows),
# look for EXPECTED followed by Z, then clear the line (Ctrl-U).
tab() {
	con_keys -l "$1"; con_keys Tab; con_keys -l Z
	expect_screen "$3: '$1' completes" "$2Z"
	con_keys C-u
}
tab "get $g uts.no" "vsm> get $g uts.nodename " "attribute name"
tab "resta" "vsm> restart " "command name"
tab "info ${g%a}" "vsm> info sh$$" "guest name prefix"
con_keys -l "sta"; con_keys Tab Tab
expect_screen "ambiguous command: the choices are listed" "start   stat    status"
con_keys C-u
tab "set $g bcapabilities NET_AD" "bcapabilities NET_ADMIN " "capability name"
tab "set $g init.style bu" "init.style busybox " "init style"
tab "set $g init.killseq TE" "init.killseq TERM " "signal name"
tab "set $g disabled o" "disabled o" "flag value (on/off: only the common prefix)"
tab "build new -m te" "-m template " "build method"
tab "build new -m template -- -t $VSM_ROOT/tplf" "tplfile.tar.gz " "template path"
# A command runs; its output shows.
con_keys -l "get $g uts.nodename"; con_keys Enter
expect_screen "command output" "web1"
con_keys -l "get $g \\"; con_keys Enter
for i in $(seq 50); do con_capture | grep -qx '>' && break; sleep 0.1; done
check "a trailing backslash asks for more (a '>' prompt line)" sh -c "tmux -L '$CON_SOCK' -f /dev/null capture-pane -p -t con | grep -qx '>'"
con_keys -l "uts.nodename"; con_keys Enter
expect_eq "the continued command ran" 2 "$(con_capture | grep -c '^web1$')"
con_keys -l "set $g nice 4"; con_keys Enter
expect_screen "set ran" "$g: nice set"
con_keys C-x g
expect_screen "inputrc \$if vsm macro" "vsm> get "
con_keys C-u
con_keys -l "exit"; con_keys Enter
expect_screen "exit leaves the shell" "VSM-EXITED rc=0"
check "history file written" grep -qx "set $g nice 4" "$HOME/.vsm_history"

con_start 80x24 xterm shell
expect_screen "second run: prompt" "vsm>"
con_keys C-r; con_keys -l "nice 4"
expect_screen "Ctrl-R finds the last run's command" "set $g nice 4"
con_keys Enter
expect_screen "and runs it" "$g: nice set"
con_keys C-d
expect_screen "Ctrl-D leaves" "VSM-EXITED rc=0"
finish
