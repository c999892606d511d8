# Proves that --root and VSM_ROOT re-base every path and that two roots get different cgroup bases.
. "$(dirname "$0")/../lib/common.sh"
out=$(vsm-paths --root /tmp/vsm-other-root)
expect_match "--root re-bases the config dir" "confdir='/tmp/vsm-other-root/etc/vservers'" "$out"
expect_match "cgroup base derived from the root" "cgroup_base='vsm-[0-9a-f]{8}'" "$out"
other=$(printf '%s\n' "$out" | sed -n "s/^cgroup_base='\(.*\)'/\1/p")
check "two roots never share a cgroup base" [ "$other" != "$cgroup_base" ]
expect_eq "VSM_ROOT re-bases the run dir" "$VSM_ROOT/run/vservers" "$rundir"
finish
