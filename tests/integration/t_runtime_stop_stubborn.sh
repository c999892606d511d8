#!/bin/bash
# Proves that stopping an init which ignores every polite signal ends within its kill sequence,
# with no process, mount or monitor left.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rts$$
rt_make_guest "$g"
printf '%s\n' /bin/sh -c 'trap "" TERM INT HUP USR1 USR2 QUIT; sleep 1000 & while :; do sleep 1; done' \
	>"$confdir/$g/apps/init/cmd.start"
printf 'TERM\n1\nINT\n1\nKILL\n' >"$confdir/$g/apps/init/killseq"
check "start" vserver "$g" start
init=$(cut -d' ' -f1 "$rundir/$g/init.pid")
t0=$(date +%s%N)
check "stop" vserver "$g" stop
ms=$((($(date +%s%N) - t0) / 1000000))
check "stop within the kill sequence (${ms} ms)" test "$ms" -lt 6000
vserver "$g" running; expect_eq "stopped" 1 $?
check "init gone" rt_gone "$init"
check "no process of the guest left" sh -c "! pgrep -f 'sleep 1000' >/dev/null || ! pgrep -f 'sleep 1000' | xargs -r -n1 sh -c 'readlink /proc/\$0/root' | grep -q '$vdirbase/$g'"
check "no mounts left" sh -c "! grep -q '$VSM_ROOT' /proc/self/mountinfo"
check "no sanitizer report in the log" rt_log_clean "$g"
finish
