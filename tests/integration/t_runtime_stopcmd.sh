#!/bin/bash
# Proves the stop commands: a plain-style guest whose init is not busybox is asked for runlevel 0
# (`/sbin/init 0`, util-vserver's plain stop) and shuts down by itself; apps/init/cmd.stop replaces
# that; a busybox init is never sent `init 0`.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtk$$
rt_make_guest "$g"
r="$vdirbase/$g"
rm "$r/sbin/init"
# A SysV-like init: as PID 1 it waits for a runlevel request; run as `init N` it files one.
cat >"$r/sbin/init" <<'EOF2'
#!/bin/sh
if [ $$ != 1 ]; then echo "$1" >/run-request; exit 0; fi
trap '' TERM USR2 INT HUP
echo "fake init up"
while :; do
	if [ -e /run-request ]; then
		rl=$(cat /run-request); echo "fake init: runlevel $rl"
		if [ "$rl" = 6 ]; then reboot -f; else poweroff -f; fi
	fi
	sleep 0.1
done
EOF2
chmod 755 "$r/sbin/init"
printf 'TERM\n20\nKILL\n' >"$confdir/$g/apps/init/killseq"
check "start" vserver "$g" start
t0=$(date +%s%N)
check "stop" vserver "$g" stop
ms=$((($(date +%s%N) - t0) / 1000000))
expect_match "init 0 reached the init" "fake init: runlevel 0" "$(cat "$logdir/$g.log")"
check "stopped by the stop command, not the 20 s wait (${ms} ms)" test "$ms" -lt 10000
expect_eq "recorded as stopped" "stopped" "$(cat "$rundir/$g/exit")"

# cmd.stop replaces it.
printf '/bin/sh\n-c\necho 6 >/run-request\n' >"$confdir/$g/apps/init/cmd.stop"
rm -f "$r/run-request"
check "start again" vserver "$g" start
check "stop with cmd.stop" vserver "$g" stop
expect_match "cmd.stop ran" "fake init: runlevel 6" "$(cat "$logdir/$g.log")"
expect_eq "a reboot during a requested stop is a stop" "stopped" "$(cat "$rundir/$g/exit")"
vserver "$g" running; expect_eq "not restarted" 1 $?

# A busybox init under the plain style gets no `init 0` (it would only complain).
g2=rtk2$$
rt_make_guest "$g2"
check "start busybox guest" vserver "$g2" start
check "stop busybox guest" vserver "$g2" stop
# (busybox init run as a command says "must be run as PID 1")
check "no init 0 sent to busybox" sh -c "! grep -q 'must be run as' '$logdir/$g2.log'"
expect_match "busybox shut down cleanly" "guest shutting down" "$(cat "$logdir/$g2.log")"
check "no sanitizer report in the log" rt_log_clean "$g"
finish
