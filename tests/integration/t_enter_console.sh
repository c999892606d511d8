#!/bin/bash
# Proves the console's e key enters a running guest: the console steps aside, a shell of the guest
# (its hostname, on a guest pty) answers typed commands, and after `exit` the console comes back.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=ce$$
vserver "$g" build -m busybox >"$VSM_ROOT/build.log" 2>&1 || {
	cat "$VSM_ROOT/build.log"; skip "busybox guest build failed here (see above)"; }
check "start" vserver "$g" start
con_start 100x30 xterm-256color -d 1
expect_screen "guest listed" "$g"
# The guest is the only one: the first row under the host's.
con_keys Home Down
con_keys e
expect_screen "e hands the terminal to the guest's shell" "root@$g:~#" 15
con_keys "echo in-guest-\$(hostname)-\$(tty)" Enter
expect_screen "typed command answered inside the guest" "in-guest-$g-/dev/pts/" 10
con_keys "exit" Enter
expect_screen "the console is back" "enter $g: done" 15
con_keys q
expect_screen "q quits" "VSM-EXITED rc=0" 5
check "stop" vserver "$g" stop
finish
