# Proves the cgroup driver on the real v1 hierarchies: create in each (cpuset inherits cpus/mems),
# attach, pids, limits (memory stops a hog, pids.max stops a fork loop), usage, freeze, kill, destroy.
. "$(dirname "$0")/../lib/common.sh"
T="$VSM_BIN/../tests/tools/vsm-cgtest"
[ -x "$T" ] || skip "vsm-cgtest not built ($T)"
layout=$("$T" detect) || skip "no cgroup hierarchy"
v1=$(printf '%s\n' "$layout" | awk '$1 == "v1" { print $2 }')
[ -n "$v1" ] || skip "no cgroup v1 hierarchy mounted (pure cgroup2 host)"
mountof() { printf '%s\n' "$layout" | awk -v c="$1" '$1 == "v1" { n = split($3, a, ","); for (i = 1; i <= n; i++) if (a[i] == c) print $2 }'; }
memh=$(mountof memory); pidsh=$(mountof pids)
[ -n "$memh" ] && [ -n "$pidsh" ] || skip "v1 memory or pids controller not mounted"

rel="$cgroup_base/cgt$$"
check "create $rel" "$T" create "$rel"
for h in $v1; do
	check "exists in $h" test -d "$h/$rel"
done
cpuseth=$(mountof cpuset)
if [ -n "$cpuseth" ]; then
	expect_eq "cpuset.cpus copied from the parent" "$(cat "$cpuseth/cpuset.cpus")" "$(cat "$cpuseth/$rel/cpuset.cpus")"
	expect_eq "cpuset.mems copied from the parent" "$(cat "$cpuseth/cpuset.mems")" "$(cat "$cpuseth/$rel/cpuset.mems")"
fi

# A sleeper placed by `run` (it joins before exec): the only process in the cgroup.
"$T" run "$rel" sleep 300 &
runner=$!
for i in 1 2 3 4 5 6 7 8 9 10; do pids=$("$T" pids "$rel"); [ -n "$pids" ] && break; sleep 0.1; done
expect_match "pids lists one process" '^[0-9]+$' "$pids"
sleeper=$pids
expect_eq "the process is the sleep" "sleep" "$(cat /proc/"$sleeper"/comm 2>/dev/null)"
for c in memory pids cpu name=systemd; do
	[ -n "$(mountof "$c")" ] || continue
	expect_eq "/proc/PID/cgroup: $c" "/$rel" "$("$T" pidpath "$sleeper" "$c")"
done

check "set memory.limit_in_bytes" "$T" set "$rel" memory.limit_in_bytes 33554432
expect_eq "get memory.limit_in_bytes" 33554432 "$("$T" get "$rel" memory.limit_in_bytes)"
if [ -e "$memh/$rel/memory.memsw.limit_in_bytes" ]; then
	check "set memory.memsw.limit_in_bytes (no escape to swap)" "$T" set "$rel" memory.memsw.limit_in_bytes 33554432
fi
check "set pids.max" "$T" set "$rel" pids.max 16
expect_eq "get pids.max" 16 "$("$T" get "$rel" pids.max)"
if "$T" set "$rel" memory.nonexistent 1 2>/tmp/cgt-err.$$; then fail "unknown knob accepted"; else
	expect_match "error names the file" "memory.nonexistent" "$(cat /tmp/cgt-err.$$)"; fi
rm -f /tmp/cgt-err.$$

# The hog is OOM-killed inside its cgroup; the sleeper beside it and the host are untouched.
"$T" run "$rel" "$T" hog 256
expect_eq "memory hog killed by SIGKILL" 137 "$?"
oomk=$(awk '$1 == "oom_kill" { print $2 }' "$memh/$rel/memory.oom_control")
check "memory.oom_control counts the kill ($oomk)" test "${oomk:-0}" -ge 1
check "the sleeper survived the OOM kill" kill -0 "$sleeper"
"$T" run / true 2>/dev/null && fail "run accepted the root cgroup"

# The fork loop stops at pids.max: 16 - sleeper - loop itself = 14 children.
forks=$("$T" run "$rel" "$T" forkloop 200)
expect_eq "pids.max stops the fork loop" 14 "$forks"
expect_match "pids.events counts refusals" '^max [1-9]' "$(cat "$pidsh/$rel/pids.events")"

usage=$("$T" usage "$rel")
expect_match "usage: nprocs" '^nprocs=15$' "$usage"
expect_match "usage: mem_limit" '^mem_limit=33554432$' "$usage"
expect_match "usage: pids_limit" '^pids_limit=16$' "$usage"
expect_match "usage: cpu figures present" '^cpu_user_us=[0-9]+$' "$usage"
expect_match "usage: rss figure present" '^mem_bytes=[0-9]+$' "$usage"

if [ -n "$(mountof freezer)" ]; then
	check "freeze" "$T" freeze "$rel" 1
	expect_eq "freezer.state" FROZEN "$(cat "$(mountof freezer)/$rel/freezer.state")"
	check "thaw" "$T" freeze "$rel" 0
	expect_eq "freezer.state" THAWED "$(cat "$(mountof freezer)/$rel/freezer.state")"
fi

start=$(date +%s)
check "kill all (SIGKILL)" "$T" kill "$rel" 9
check "kill finished within the bound" test $(( $(date +%s) - start )) -le 6
expect_eq "no process left" "" "$("$T" pids "$rel")"
wait "$runner"
expect_eq "sleep ended by SIGKILL" 137 "$?"

check "destroy" "$T" destroy "$rel"
check "destroy the base" "$T" destroy "$cgroup_base"
left=""
for h in $v1; do [ -e "$h/$cgroup_base" ] && left="$left $h/$cgroup_base"; done
expect_eq "nothing left behind" "" "$left"
check "destroy of a missing cgroup is fine" "$T" destroy "$rel"
finish
