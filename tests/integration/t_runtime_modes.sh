#!/bin/bash
# Proves start's other modes and failures: --rescue runs the given command as PID 1, --foreground
# keeps the monitor in the caller until the guest stops, a broken init fails start with the reason
# and leaves nothing behind, an unknown init style is refused clearly.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtx$$
rt_make_guest "$g"
check "start --rescue" vserver "$g" start --rescue /bin/sleep 300
expect_eq "rescue command is PID 1" "sleep" "$(vserver "$g" exec cat /proc/1/comm)"
check "stop rescue" vserver "$g" stop
vserver "$g" running; expect_eq "stopped after rescue" 1 $?

vserver "$g" start --foreground >/dev/null 2>&1 & fg=$!
check "foreground start runs the guest" rt_wait_for 100 vserver "$g" running
expect_eq "monitor is the foreground process" "$fg" "$(cut -d' ' -f1 "$rundir/$g/monitor.pid")"
check "stop" vserver "$g" stop
wait $fg; expect_eq "foreground start returns 0 after stop" 0 $?

# bcapabilities: NET_RAW added, KILL removed, against the default set 0xb44405fb; nice 5.
printf 'NET_RAW\n!KILL\n' >"$confdir/$g/bcapabilities"
echo 5 >"$confdir/$g/nice"
check "start with bcapabilities" vserver "$g" start
expect_eq "bounding set with additions and removals" "00000000b44425db" \
	"$(vserver "$g" exec sh -c 'grep CapBnd /proc/1/status' | awk '{print $2}')"
expect_eq "init runs at the configured nice value" 5 \
	"$(vserver "$g" exec sh -c 'cut -d")" -f2 /proc/1/stat | cut -d" " -f18')"
check "stop" vserver "$g" stop
rm "$confdir/$g/bcapabilities" "$confdir/$g/nice"

printf '/bin/does-not-exist\n' >"$confdir/$g/apps/init/cmd.start"
out=$(vserver "$g" start 2>&1); rc=$?
check "start with a missing init fails (rc $rc)" test "$rc" -ne 0
expect_match "the reason is given" "does-not-exist.*No such file" "$out"
vserver "$g" running; expect_eq "not running after the failure" 1 $?
expect_match "failure recorded" "^start failed" "$(cat "$rundir/$g/exit")"
check "no cgroup left" sh -c "! ls -d /sys/fs/cgroup/*/$cgroup_base/$g 2>/dev/null | grep -q ."
# (A zombie has no command line, so pgrep -f only finds live monitors.)
check "no monitor left" sh -c "! pgrep -f 'vsm-monitor.* $g\$' >/dev/null"
rm "$confdir/$g/apps/init/cmd.start"

echo minit >"$confdir/$g/apps/init/style"
out=$(vserver "$g" start 2>&1); rc=$?
check "minit without /sbin/minit refused (rc $rc)" test "$rc" -ne 0
expect_match "the message names the missing init" "/sbin/minit" "$out"
check "no sanitizer report in the log" rt_log_clean "$g"
finish
