#!/bin/bash
# Proves that `reboot` inside a guest restarts it (new init, same monitor) and `halt` stops it.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtr$$
rt_make_guest "$g"
check "start" vserver "$g" start
init1=$(cut -d' ' -f1 "$rundir/$g/init.pid")
mon1=$(cut -d' ' -f1 "$rundir/$g/monitor.pid")
vserver "$g" exec reboot -f >/dev/null 2>&1
new_init() { [ -f "$rundir/$g/init.pid" ] && [ "$(cut -d' ' -f1 "$rundir/$g/init.pid")" != "$init1" ]; }
check "reboot gives a new init" rt_wait_for 100 new_init
check "running after reboot" rt_wait_for 50 vserver "$g" running
expect_eq "same monitor after reboot" "$mon1" "$(cut -d' ' -f1 "$rundir/$g/monitor.pid")"
check "old init gone" rt_gone "$init1"
expect_match "reboot logged" "guest ended: reboot" "$(cat "$logdir/$g.log")"
expect_eq "hostname after reboot" "$g" "$(vserver "$g" exec hostname)"

vserver "$g" exec halt -f >/dev/null 2>&1
stopped() { ! vserver "$g" running; }
check "halt stops the guest" rt_wait_for 100 stopped
exit_ok() { [ "$(cat "$rundir/$g/exit" 2>/dev/null)" = halt ]; }
check "exit recorded as halt" rt_wait_for 50 exit_ok
check "monitor gone after halt" rt_wait_for 50 rt_gone "$mon1"
check "start after halt" vserver "$g" start
vserver "$g" exec poweroff -f >/dev/null 2>&1
check "poweroff stops the guest" rt_wait_for 100 stopped
check "no sanitizer report in the log" rt_log_clean "$g"
finish
