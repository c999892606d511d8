#!/bin/bash
# Proves that a guest's cgroup limits hold: a memory hog is killed inside the guest without
# touching the host, pids.max stops a fork bomb, and the cgroup is gone after stop.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtl$$
rt_make_guest "$g"
mkdir -p "$confdir/$g/cgroup" "$confdir/$g/rlimits"
echo 64M >"$confdir/$g/cgroup/memory.limit_in_bytes"
echo 30 >"$confdir/$g/rlimits/nproc"
if ! out=$(vserver "$g" start 2>&1); then
	case $out in *"no cgroup hierarchy or driver"*) skip "cgroup driver not built in: $out" ;; esac
	fail "start: $out"; finish
fi
cg=""
for h in /sys/fs/cgroup/pids /sys/fs/cgroup/unified /sys/fs/cgroup; do
	[ -d "$h/$cgroup_base/$g" ] && { cg="$h/$cgroup_base/$g"; break; }
done
if [ -z "$cg" ]; then
	vserver "$g" stop
	skip "no guest cgroup was created (cgroup driver not built in)"
fi
memcg=/sys/fs/cgroup/memory/$cgroup_base/$g
[ -f "$memcg/memory.limit_in_bytes" ] || memcg=/sys/fs/cgroup/unified/$cgroup_base/$g
init=$(cut -d' ' -f1 "$rundir/$g/init.pid")
check "init is in the guest cgroup" grep -qx "$init" "$cg/cgroup.procs"

# Memory: allocate 256 MiB inside; the kernel must kill the hog, not the host or the guest's init.
vserver "$g" exec sh -c 'x=$(head -c 268435456 /dev/zero | tr "\0" a); echo survived' >/dev/null 2>&1
rc=$?
check "memory hog does not survive (exit $rc)" test "$rc" -ne 0
check "guest still running after the hog" vserver "$g" running
check "init survived" test -d "/proc/$init"
[ -f "$memcg/memory.failcnt" ] && check "memory limit was hit" test "$(cat "$memcg/memory.failcnt")" -gt 0

# Fork bomb: 100 sleepers against pids.max 30.
vserver "$g" exec sh -c 'i=0; while [ $i -lt 100 ]; do sleep 60 & i=$((i+1)); done 2>/dev/null; exit 0' >/dev/null 2>&1
n=$(wc -l <"$cg/cgroup.procs")
check "fork bomb capped by pids.max ($n processes)" test "$n" -le 30
expect_eq "pids.max configured" 30 "$(cat /sys/fs/cgroup/pids/$cgroup_base/$g/pids.max 2>/dev/null || cat "$cg/pids.max")"
check "stop" vserver "$g" stop
check "guest cgroup removed" sh -c "! test -d '$cg'"
finish
