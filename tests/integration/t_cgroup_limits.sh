# Proves struct guest_limits lands in the real kernel's files of whichever cgroup version drives each
# controller (v1 here), that conversions hold, and that a refused or unmappable value is a clear error.
. "$(dirname "$0")/../lib/common.sh"
T="$VSM_BIN/../tests/tools/vsm-cgtest"
[ -x "$T" ] || skip "vsm-cgtest not built ($T)"
layout=$("$T" detect) || skip "no cgroup hierarchy"
mountof() { printf '%s\n' "$layout" | awk -v c="$1" '{ n = split($3, a, /[ ,]/); for (i = 1; i <= n; i++) if (a[i] == c) print $1, $2 }' | head -1; }
set -- $(mountof memory); memv=${1:-}; memh=${2:-}
set -- $(mountof cpu); cpuv=${1:-}; cpuh=${2:-}
set -- $(mountof pids); pidsv=${1:-}; pidsh=${2:-}
[ -n "$memh" ] && [ -n "$cpuh" ] && [ -n "$pidsh" ] || skip "memory, cpu or pids controller not mounted"
rel="$cgroup_base/lim$$"
check "create" "$T" create "$rel"
# A real block device for the throttle: the first one the kernel lists.
dev=$(cat /sys/block/*/dev 2>/dev/null | head -1)
check "apply the figures" "$T" limits "$rel" mem=32M high=24M swap=16M quota=50000 period=100000 \
	weight=200 pids=20 ${dev:+iomax=$dev:1M:-:-:100}
r() { cat "$1/$rel/$2"; }
if [ "$memv" = v1 ]; then
	expect_eq "memory.limit_in_bytes" 33554432 "$(r "$memh" memory.limit_in_bytes)"
	expect_eq "memory.soft_limit_in_bytes" 25165824 "$(r "$memh" memory.soft_limit_in_bytes)"
	[ -e "$memh/$rel/memory.memsw.limit_in_bytes" ] &&
		expect_eq "memsw = memory + swap" 50331648 "$(r "$memh" memory.memsw.limit_in_bytes)"
else
	expect_eq "memory.max" 33554432 "$(r "$memh" memory.max)"
	expect_eq "memory.high" 25165824 "$(r "$memh" memory.high)"
	[ -e "$memh/$rel/memory.swap.max" ] && expect_eq "memory.swap.max = swap only" 16777216 "$(r "$memh" memory.swap.max)"
fi
if [ "$cpuv" = v1 ]; then
	expect_eq "cpu.cfs_quota_us" 50000 "$(r "$cpuh" cpu.cfs_quota_us)"
	expect_eq "cpu.cfs_period_us" 100000 "$(r "$cpuh" cpu.cfs_period_us)"
	expect_eq "cpu.shares = weight * 1024 / 100" 2048 "$(r "$cpuh" cpu.shares)"
else
	expect_eq "cpu.max" "50000 100000" "$(r "$cpuh" cpu.max)"
	expect_eq "cpu.weight" 200 "$(r "$cpuh" cpu.weight)"
fi
expect_eq "pids.max" 20 "$(r "$pidsh" pids.max)"
set -- $(mountof blkio)
if [ -n "$dev" ] && [ "${1:-}" = v1 ]; then
	expect_eq "blkio read bps" "$dev 1048576" "$(r "$2" blkio.throttle.read_bps_device)"
	expect_eq "blkio write iops" "$dev 100" "$(r "$2" blkio.throttle.write_iops_device)"
fi

# Back to no limit: v1 needs memsw raised before the limit; the driver orders the writes.
check "lift the limits" "$T" limits "$rel" mem=max swap=max quota=max pids=max
if [ "$memv" = v1 ]; then
	expect_eq "memory unlimited" 9223372036854771712 "$(r "$memh" memory.limit_in_bytes)"
fi
[ "$cpuv" = v1 ] && expect_eq "cpu quota unlimited" -1 "$(r "$cpuh" cpu.cfs_quota_us)"
expect_eq "pids unlimited" max "$(r "$pidsh" pids.max)"

# Raw knobs from a cgroup/ config dir: written as is, or translated when named for the other version.
check "raw knobs" "$T" limits "$rel" memory.swappiness=10 memory.max=64M
[ "$memv" = v1 ] && expect_eq "memory.max translated to v1" 67108864 "$(r "$memh" memory.limit_in_bytes)"
[ "$memv" = v1 ] && expect_eq "memory.swappiness written" 10 "$(r "$memh" memory.swappiness)"

# Errors name the knob and the value.
out=$("$T" limits "$rel" cpu.shares=abc 2>&1) && fail "cpu.shares=abc accepted"
expect_match "refused value named" 'cpu.shares=abc' "$out"
out=$("$T" limits "$rel" pids=0x10 2>&1) && fail "pids=0x10 accepted"
out=$("$T" limits "$rel" ioweight=100 2>&1)
if [ $? -ne 0 ]; then expect_match "missing io weight file named" 'io weight' "$out"; else ok "io weight applied"; fi

check "destroy" "$T" destroy "$rel"
check "destroy the base" "$T" destroy "$cgroup_base"
finish
