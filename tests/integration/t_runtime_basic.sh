#!/bin/bash
# Proves start/status/running/exec/stop on a busybox guest: own hostname, PID 1 and process list,
# host files unreachable, bounding set as configured, rlimits applied, no host fds, clean stop.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtb$$
rt_make_guest "$g"
mkdir -p "$confdir/$g/ulimits"; echo 321 >"$confdir/$g/ulimits/nofile"
echo "host-secret-$$" >"$VSM_ROOT/canary"
echo example.org >"$confdir/$g/uts/domainname"

vserver "$g" running; expect_eq "running before start" 1 $?
vserver "$g" status >/dev/null; expect_eq "status before start" 3 $?
check "start" vserver "$g" start
check "running after start" vserver "$g" running
out=$(vserver "$g" status); rc=$?
expect_eq "status exit code" 0 $rc
expect_match "status text" "^Vserver '$g' is running at context" "$out"

expect_eq "hostname inside" "$g" "$(vserver "$g" exec hostname)"
expect_eq "domainname inside" "example.org" "$(vserver "$g" exec cat /proc/sys/kernel/domainname)"
expect_eq "ping without CAP_NET_RAW" "0	2147483647" "$(vserver "$g" exec cat /proc/sys/net/ipv4/ping_group_range)"
expect_eq "PID 1 is the guest's init" "init" "$(vserver "$g" exec cat /proc/1/comm)"
# Inside: init, the respawned sleep, and the ps itself (no host process).
nproc=$(vserver "$g" exec ps -o pid= | wc -l)
check "process list is the guest's own ($nproc)" test "$nproc" -le 4
hostpid=$(vserver "$g" exec sh -c 'ls /proc | grep -c "^[0-9]"')
check "no host pids visible ($hostpid)" test "$hostpid" -le 5
expect_eq "host file unreachable" "no" "$(vserver "$g" exec sh -c "cat $VSM_ROOT/canary 2>/dev/null || echo no")"
expect_eq "root is the guest's" "yes" "$(vserver "$g" exec sh -c 'test -x /bin/busybox && test ! -e /etc/vservers && echo yes')"
expect_eq "bounding set of init" "00000000b44405fb" \
	"$(vserver "$g" exec sh -c 'grep CapBnd /proc/1/status' | awk '{print $2}')"
expect_eq "bounding set of exec" "00000000b44405fb" \
	"$(vserver "$g" exec sh -c 'grep CapBnd /proc/self/status' | awk '{print $2}')"
expect_eq "ambient empty" "0000000000000000" \
	"$(vserver "$g" exec sh -c 'grep CapAmb /proc/1/status' | awk '{print $2}')"
expect_eq "init runs under seccomp, no_new_privs off" "2 0" \
	"$(vserver "$g" exec sh -c 'echo $(grep -E "^(Seccomp|NoNewPrivs):" /proc/1/status | sort -r | cut -f2)')"
expect_eq "exec runs under seccomp" "2" "$(vserver "$g" exec sh -c 'grep ^Seccomp: /proc/self/status | cut -f2')"
expect_eq "nofile rlimit applied to init" "321" \
	"$(vserver "$g" exec sh -c 'grep "Max open files" /proc/1/limits' | awk '{print $4}')"
expect_eq "init holds only fds 0-2" "0 1 2" "$(vserver "$g" exec ls /proc/1/fd | tr '\n' ' ' | sed 's/ $//')"
# exec: fd 9 open in the caller must not reach the command.
fds=$(vserver "$g" exec sh -c 'ls /proc/$$/fd; :' 9</dev/null | tr '\n' ' ')
expect_eq "exec closes fds above 2" "0 1 2 " "$fds"
# On a terminal (script gives one), the command must not get it as controlling tty (TIOCSTI, B21).
if command -v script >/dev/null; then
	tty_nr=$(script -qec "vserver $g exec sh -c 'cut -d\" \" -f7 /proc/self/stat'" /dev/null | tr -d '\r')
	expect_eq "exec: no controlling tty inside" "0" "$tty_nr"
	caller_tty=$(script -qec "cut -d' ' -f7 /proc/self/stat" /dev/null | tr -d '\r')
	check "the check can see a tty ($caller_tty)" test "$caller_tty" != 0
fi
vserver "$g" exec sh -c 'kill -INT $$; sleep 5' >/dev/null 2>&1; expect_eq "a signal's status passes through" 130 $?
vserver "$g" exec sleep 30 & p=$!
sleep 0.5; kill -TERM $p; wait $p; rc=$?
expect_eq "SIGTERM to vserver reaches the command" 143 $rc
vserver "$g" exec sh -c 'exit 7'; expect_eq "exec passes the exit status" 7 $?
vserver "$g" exec /nonexistent; expect_eq "exec of a missing command" 127 $?
expect_eq "exec environment" "HOME=/root PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin " \
	"$(env -i VSM_ROOT="$VSM_ROOT" FOO=bar "$(command -v vserver)" "$g" exec env | sort | tr '\n' ' ')"
expect_eq "seccomp denies new user namespaces (unshare -U)" "denied" \
	"$(vserver "$g" exec sh -c 'unshare -U true 2>/dev/null && echo allowed || echo denied')"
expect_eq "/proc/sys read-only" "ro" \
	"$(vserver "$g" exec sh -c 'echo 1 >/proc/sys/kernel/panic 2>/dev/null && echo rw || echo ro')"
expect_eq "loopback up" "yes" "$(vserver "$g" exec sh -c 'ip link show lo | grep -q UP && echo yes')"
check "start again: warning, success" vserver "$g" start

init=$(cat "$rundir/$g/init.pid" | cut -d' ' -f1)
mon=$(cat "$rundir/$g/monitor.pid" | cut -d' ' -f1)
check "stop" vserver "$g" stop
vserver "$g" running; expect_eq "not running after stop" 1 $?
vserver "$g" status >/dev/null; expect_eq "status after stop" 3 $?
expect_eq "recorded exit" "stopped" "$(cat "$rundir/$g/exit")"
check "init gone" rt_gone "$init"
check "monitor gone" rt_gone "$mon"
check "no mounts left" sh -c "! grep -q '$VSM_ROOT' /proc/self/mountinfo"
expect_match "console logged" "guest booted" "$(cat "$logdir/$g.log")"
vserver "$g" exec true 2>/dev/null; expect_eq "exec on a stopped guest" 1 $?
vserver "$g" stop 2>/dev/null; expect_eq "stop of a stopped guest" 0 $?
vserver nosuchguest$$ status >/dev/null 2>&1; expect_eq "unknown guest" 5 $?
check "no sanitizer report in the log" rt_log_clean "$g"
finish
