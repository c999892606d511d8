#!/bin/bash
# Proves the monitor is detached: it survives the shell that started the guest, runs in its own
# session, and holds none of the fds the starting shell had open.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtd$$
rt_make_guest "$g"
marker="$VSM_ROOT/inherited-fd"
: >"$marker"
# The starting shell has fd 7 open on a marker file and exits right after start.
bash -c "exec 7>>'$marker'; vserver '$g' start; exit 0" & sh_pid=$!
wait $sh_pid
check "running after the starting shell exited" vserver "$g" running
mon=$(cut -d' ' -f1 "$rundir/$g/monitor.pid")
check "monitor alive" test -d "/proc/$mon"
msid=$(ps -o sid= -p "$mon" | tr -d ' ')
check "monitor in a session of its own ($msid)" test "$msid" != "$(ps -o sid= -p $$ | tr -d ' ')"
expect_eq "monitor has no controlling tty" "?" "$(ps -o tty= -p "$mon" | tr -d ' ')"
check "monitor does not hold the inherited fd" sh -c "! ls -l /proc/$mon/fd | grep -q '$marker'"
expect_eq "monitor stdin is /dev/null" "/dev/null" "$(readlink "/proc/$mon/fd/0")"
expect_eq "monitor stdout is the log" "$logdir/$g.log" "$(readlink "/proc/$mon/fd/1")"
init=$(cut -d' ' -f1 "$rundir/$g/init.pid")
expect_eq "init is the monitor's child" "$mon" "$(ps -o ppid= -p "$init" | tr -d ' ')"
check "stop" vserver "$g" stop
check "no sanitizer report in the log" rt_log_clean "$g"
finish
