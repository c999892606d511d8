#!/bin/bash
# Proves that two simultaneous starts give one running guest and "already running" for the other,
# and that a start racing a stop leaves a consistent state.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtc$$
rt_make_guest "$g"
out1=$(mktemp); out2=$(mktemp)
vserver "$g" start >"$out1" 2>&1 & p1=$!
vserver "$g" start >"$out2" 2>&1 & p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
expect_eq "both starts succeed" "0 0" "$r1 $r2"
expect_match "one says already running" "already running" "$(cat "$out1" "$out2")"
check "running" vserver "$g" running
nmon=$(pgrep -fc "vsm-monitor.* $g\$")
expect_eq "exactly one monitor" 1 "$nmon"
nsleep=$(pgrep -c -f 'sleep 100000' -P "$(cut -d' ' -f1 "$rundir/$g/init.pid")")
expect_eq "exactly one guest init with its daemon" 1 "$nsleep"
vserver "$g" stop & vserver "$g" start & wait
vserver "$g" stop
vserver "$g" running; expect_eq "stopped after the race" 1 $?
# (A zombie has no command line, so pgrep -f only finds live monitors.)
check "no monitor left" sh -c "! pgrep -f 'vsm-monitor.* $g\$' >/dev/null"
rm -f "$out1" "$out2"
check "no sanitizer report in the log" rt_log_clean "$g"
finish
