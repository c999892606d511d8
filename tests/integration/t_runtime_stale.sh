#!/bin/bash
# Proves that a stale run record (monitor killed, fake pids, kill -9 of `vserver start`) never
# blocks the next start and that status tells the truth.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtst$$
rt_make_guest "$g"
check "start" vserver "$g" start
mon=$(cut -d' ' -f1 "$rundir/$g/monitor.pid")
init=$(cut -d' ' -f1 "$rundir/$g/init.pid")
kill -9 "$mon"
check "the guest dies with its monitor" rt_wait_for 50 rt_gone "$init"
vserver "$g" status >/dev/null; expect_eq "status with a dead monitor" 3 $?
check "start over a stale record" vserver "$g" start
check "running again" vserver "$g" running
check "stop" vserver "$g" stop

# A record naming processes that do not exist (or are someone else: pid 1 with a wrong start time).
mkdir -p "$rundir/$g"
echo "1 12345" >"$rundir/$g/monitor.pid"
echo "1 12345" >"$rundir/$g/init.pid"
vserver "$g" running; expect_eq "fake record is not running" 1 $?
check "start over a fake record" vserver "$g" start
check "stop" vserver "$g" stop

# kill -9 of the start command at several points: the next commands recover.
for delay in 0.005 0.02 0.05; do
	vserver "$g" start >/dev/null 2>&1 & p=$!
	sleep $delay; kill -9 $p 2>/dev/null; wait $p 2>/dev/null
	vserver "$g" stop >/dev/null 2>&1
	check "start after kill -9 of start ($delay s)" vserver "$g" start
	check "stop" vserver "$g" stop
done
# kill -9 of the stop command: the monitor finishes the stop; the next stop and start work.
check "start" vserver "$g" start
vserver "$g" stop >/dev/null 2>&1 & p=$!
sleep 0.3; kill -9 $p 2>/dev/null; wait $p 2>/dev/null
check "stop after kill -9 of stop" vserver "$g" stop
vserver "$g" running; expect_eq "stopped after the interrupted stop" 1 $?
check "start after the interrupted stop" vserver "$g" start
check "stop" vserver "$g" stop
vserver "$g" running; expect_eq "stopped at the end" 1 $?
check "no sanitizer report in the log" rt_log_clean "$g"
finish
