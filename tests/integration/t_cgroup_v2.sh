# Proves the cgroup v2 driver's core operations on a real cgroup2 mount (here the controller-less
# /sys/fs/cgroup/unified): create with subtree_control, attach, procs, freeze, cgroup.kill, destroy.
. "$(dirname "$0")/../lib/common.sh"
T="$VSM_BIN/../tests/tools/vsm-cgtest"
[ -x "$T" ] || skip "vsm-cgtest not built ($T)"
if [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ]; then V2=/sys/fs/cgroup
elif [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ]; then V2=/sys/fs/cgroup/unified
else skip "no cgroup2 mount at /sys/fs/cgroup or /sys/fs/cgroup/unified"; fi
cg() { "$T" --v2 "$V2" "$@"; }
# wait_empty REL: up to 3 s for the cgroup to have no process.
wait_empty() { for i in $(seq 30); do [ -z "$(cg pids "$1")" ] && return 0; sleep 0.1; done; return 1; }
# wait_pids REL N: up to 3 s for N processes.
wait_pids() { for i in $(seq 30); do [ "$(cg pids "$1" | wc -l)" -ge "$2" ] && return 0; sleep 0.1; done; return 1; }

rel="$cgroup_base/cgt$$"
check "create $rel" cg create "$rel"
check "exists" test -f "$V2/$rel/cgroup.procs"
check "exists (driver)" cg exists "$rel"
for c in $(cat "$V2/cgroup.controllers"); do
	expect_match "root hands down $c" "(^| )$c( |$)" "$(cat "$V2/cgroup.subtree_control")"
	expect_match "base hands down $c" "(^| )$c( |$)" "$(cat "$V2/$cgroup_base/cgroup.subtree_control")"
done

# attach + procs + /proc/PID/cgroup
cg run "$rel" sleep 300 &
runner=$!
check "the sleeper joined" wait_pids "$rel" 1
sleeper=$(cg pids "$rel")
expect_eq "the process is the sleep" sleep "$(cat /proc/"$sleeper"/comm 2>/dev/null)"
expect_eq "/proc/PID/cgroup (v2 line)" "/$rel" "$("$T" pidpath "$sleeper" "")"
expect_eq "cgroup.procs holds it" "$sleeper" "$(cat "$V2/$rel/cgroup.procs")"

# freeze: a writer stops writing while frozen and goes on when thawed
out="$VSM_ROOT/ticks"
cg run "$rel" sh -c "while :; do echo x >> '$out'; sleep 0.02; done" &
writer=$!
sleep 0.3
check "freeze" cg freeze "$rel" 1
expect_match "cgroup.events says frozen" '^frozen 1$' "$(cat "$V2/$rel/cgroup.events")"
n1=$(wc -l < "$out"); sleep 0.5; n2=$(wc -l < "$out")
expect_eq "nothing runs while frozen" "$n1" "$n2"
check "thaw" cg freeze "$rel" 0
sleep 0.3; n3=$(wc -l < "$out")
check "it runs again when thawed ($n2 -> $n3)" test "$n3" -gt "$n2"

# cgroup.kill (Linux >= 5.14) kills everything at once
if [ -e "$V2/$rel/cgroup.kill" ]; then
	check "write cgroup.kill" cg set "$rel" cgroup.kill 1
	check "cgroup.kill emptied the cgroup" wait_empty "$rel"
	wait "$runner"; expect_eq "sleep killed by SIGKILL" 137 "$?"
	wait "$writer"; expect_eq "writer killed by SIGKILL" 137 "$?"
else
	t_log "no cgroup.kill on this kernel; cg_kill's loop is tested below"
	cg kill "$rel" 9; wait
fi

# cg_kill: a process tree in a child cgroup, polite signal first (one pass), then SIGKILL
check "create a child cgroup" cg create "$rel/sub"
cg run "$rel/sub" sleep 300 &
polite=$!
check "child joined" wait_pids "$rel" 1
check "SIGTERM to all" cg kill "$rel" 15
wait "$polite"; expect_eq "sleep ended by SIGTERM" 143 "$?"
cg run "$rel/sub" "$T" forkloop 20 >/dev/null
check "fork loop children present" wait_pids "$rel" 20
expect_eq "pids lists the child cgroup's processes" 20 "$(cg pids "$rel" | wc -l)"
check "kill all (SIGKILL)" cg kill "$rel" 9
check "nothing left" wait_empty "$rel"

check "destroy (child first)" cg destroy "$rel"
check "gone" test ! -e "$V2/$rel"
check "destroy the base" cg destroy "$cgroup_base"
check "base gone" test ! -e "$V2/$cgroup_base"
finish
