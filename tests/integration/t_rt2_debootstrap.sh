#!/bin/bash
# Proves a real Debian bookworm guest (debootstrap with sysvinit-core, cron, rsyslog) boots with
# its own SysV init as PID 1 in the default `sysv` style (runlevel 3) and in `plain` style, runs
# cron and rsyslogd (a logger line reaches /var/log/syslog), can be entered with a bash login
# shell on a guest pty, and stops cleanly through `init 0` (its rc scripts stop the daemons; no
# kill needed), leaving no process or cgroup behind.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
. "$(dirname "$0")/../lib/sysv_guest.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
g=dsv$$
t_sysv_guest "$g" || finish
check "no style file: the default (sysv)" test ! -e "$confdir/$g/apps/init/style"

procs() { vserver "$g" exec sh -c 'for p in /proc/[0-9]*; do tr "\0" " " <$p/cmdline; echo; done'; }
check "start" vserver "$g" start
rt_wait_for 100 sh -c "vserver $g exec sh -c 'ls /proc/*/exe -l 2>/dev/null' | grep -q cron"
expect_eq "PID 1 is sysvinit" "init" "$(vserver "$g" exec cat /proc/1/comm)"
expect_eq "runlevel 3 (sysv style's default)" "N 3" "$(vserver "$g" exec runlevel)"
expect_eq "/run is a fresh tmpfs" "tmpfs" "$(vserver "$g" exec stat -f -c %T /run)"
p=$(procs)
expect_match "cron runs" "^/usr/sbin/cron" "$p"
expect_match "rsyslogd runs" "^/usr/sbin/rsyslogd" "$p"
vserver "$g" exec logger "vsm-test-$$"
rt_wait_for 50 vserver "$g" exec grep -q "vsm-test-$$" /var/log/syslog
check "syslog received a logger line" vserver "$g" exec grep -q "vsm-test-$$" /var/log/syslog

if command -v python3 >/dev/null; then
	sc=$VSM_ROOT/script
	printf 'expect [#] \nsend echo shell=$0 home=$PWD\\n\nexpect home=/root\nsend exit\\n\n' >"$sc"
	out=$(timeout 60 python3 "$(dirname "$0")/../lib/ptydrive.py" "$sc" -- vserver "$g" enter)
	expect_match "enter: bash login shell in /root" "shell=-bash home=/root" "$out"
fi

t0=$(date +%s)
check "stop" vserver "$g" stop
t1=$(date +%s)
check "stopped by its own init 0 well within the 30 s grace ($((t1 - t0)) s)" test $((t1 - t0)) -lt 20
expect_eq "exit record" "stopped" "$(cat "$rundir/$g/exit")"
expect_match "the rc scripts stopped syslog" "Stopping enhanced syslogd" "$(tr -d '\0' <"$logdir/$g.log")"
cg=$(ls -d /sys/fs/cgroup/*/"$cgroup_base/$g" 2>/dev/null)
expect_eq "no cgroup left" "" "$cg"

mkdir -p "$confdir/$g/apps/init"; echo plain >"$confdir/$g/apps/init/style"
check "plain style: start" vserver "$g" start
rt_wait_for 100 sh -c "vserver $g exec runlevel | grep -q '^N [0-9]'"
expect_eq "plain: inittab's default runlevel" "N 2" "$(vserver "$g" exec runlevel)"
check "plain style: stop" vserver "$g" stop
expect_eq "plain: exit record" "stopped" "$(cat "$rundir/$g/exit")"
check "no sanitizer report in the log" rt_log_clean "$g"
finish
