#!/bin/bash
# Proves that 100 start/stop cycles of a busybox guest leave nothing behind: no mount, no cgroup,
# no namespace (none of the 100 guests' pid/net/mnt/uts/ipc namespaces held by any process, fd or
# mount), no process, no run record; plus 3 cycles with busybox's own init and its clean halt.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=cyc$$
rt_make_guest "$g"
# A PID 1 that ends at once on TERM (busybox init takes ~2 s to halt): 100 cycles stay fast.
printf '/bin/sh\n-c\ntrap "exit 0" TERM; sleep 100000 & wait\n' >"$confdir/$g/apps/init/cmd.start"
printf 'TERM\n5\nKILL\n' >"$confdir/$g/apps/init/killseq"
mounts_before=$(awk -v r="$VSM_ROOT" 'index($5, r) == 1' /proc/self/mountinfo | wc -l)
nsids=$VSM_ROOT/nsids
t0=$(date +%s%N)
fails=0
for i in $(seq 1 100); do
	vserver "$g" start || { fails=$((fails + 1)); continue; }
	pid=$(cut -d' ' -f1 "$rundir/$g/init.pid")
	for t in pid net mnt uts ipc; do readlink "/proc/$pid/ns/$t"; done >>"$nsids"
	vserver "$g" stop || fails=$((fails + 1))
done
t1=$(date +%s%N)
echo "# 100 cycles in $(( (t1 - t0) / 1000000 )) ms"
expect_eq "100 starts and stops succeeded" 0 "$fails"
expect_eq "500 namespace ids recorded" 500 "$(wc -l <"$nsids")"
# The kernel reuses namespace inode numbers, and other tests run on this machine: look for the
# recorded ids only in processes of this test (its cgroups, or VSM_ROOT in their environment) and
# in mounts under its root.
ours=$( (cat /sys/fs/cgroup/*/"$cgroup_base"/cgroup.procs /sys/fs/cgroup/*/"$cgroup_base"/*/cgroup.procs 2>/dev/null
	grep -lsz "^VSM_ROOT=$VSM_ROOT\$" /proc/[0-9]*/environ | cut -d/ -f3) | sort -u | grep -vx "$$")
held=$( (for q in $ours; do [ "$q" = "$BASHPID" ] || ls -l /proc/$q/ns/ /proc/$q/fd/ 2>/dev/null; done
	awk -v r="$VSM_ROOT" 'index($5, r) == 1' /proc/self/mountinfo) |
	grep -oE '(pid|net|mnt|uts|ipc):\[[0-9]+\]' | sort -u | grep -xF -f "$nsids")
expect_eq "no guest namespace held by a process, an fd or a mount of this test" "" "$held"
expect_eq "no new mount under the root" "$mounts_before" \
	"$(awk -v r="$VSM_ROOT" 'index($5, r) == 1' /proc/self/mountinfo | wc -l)"
cg=$(ls -d /sys/fs/cgroup/*/"$cgroup_base/$g" /sys/fs/cgroup/"$cgroup_base/$g" 2>/dev/null)
expect_eq "no guest cgroup left" "" "$cg"
check "no monitor process left" sh -c "! pgrep -f 'vsm-monitor.* $g\$' >/dev/null"
check "not running" sh -c "! vserver $g running"

# The real thing: busybox init, stopped with its clean SIGUSR2 halt.
rm "$confdir/$g/apps/init/cmd.start"
printf 'USR2\n10\nKILL\n' >"$confdir/$g/apps/init/killseq"
for i in 1 2 3; do
	check "busybox init cycle $i: start" vserver "$g" start
	check "busybox init cycle $i: stop" vserver "$g" stop
done
expect_match "halted cleanly (not killed)" "halt|stopped" "$(cat "$rundir/$g/exit" 2>/dev/null)"
cg=$(ls -d /sys/fs/cgroup/*/"$cgroup_base/$g" /sys/fs/cgroup/"$cgroup_base/$g" 2>/dev/null)
expect_eq "no guest cgroup left after the init cycles" "" "$cg"
check "no sanitizer report in the log" rt_log_clean "$g"
finish
