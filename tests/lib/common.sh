# Sourced by integration tests. Gives each test its own VSM_ROOT and cleans everything it made
# (processes, mounts, cgroups, links, immutable flags) on exit, pass or fail.
set -u
: "${VSM_BIN:=$(cd "$(dirname "$0")/../.." && pwd)/build/bin}"
PATH="$VSM_BIN:$PATH"; export PATH
VSM_ROOT=$(mktemp -d /tmp/vsmtest.XXXXXX); export VSM_ROOT
eval "$(vsm-paths)"
T_FAILS=0

t_log() { echo "# $*"; }
skip() { echo "SKIP $*"; exit 77; }
fail() { echo "FAIL: $*"; T_FAILS=$((T_FAILS + 1)); }
ok() { echo "ok: $*"; }
# check DESCRIPTION COMMAND...: run the command, count a failure when it fails.
check() { _check_desc=$1; shift; if "$@"; then ok "$_check_desc"; else fail "$_check_desc"; fi; }
# expect_eq DESCRIPTION EXPECTED ACTUAL
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else fail "$1: expected '$2', got '$3'"; fi; }
# expect_match DESCRIPTION PATTERN TEXT (grep -E)
expect_match() { if printf '%s\n' "$3" | grep -Eq -- "$2"; then ok "$1"; else fail "$1: '$3' does not match /$2/"; fi; }
finish() { [ "$T_FAILS" -eq 0 ] && { echo "all checks passed"; exit 0; }; echo "$T_FAILS check(s) failed"; exit 1; }

t_cleanup() {
	set +e
	# Guests first: their monitors and every process in their cgroups.
	if [ -d "$rundir" ]; then
		for g in "$rundir"/*/; do
			[ -d "$g" ] || continue
			n=$(basename "$g")
			timeout 20 vserver "$n" stop >/dev/null 2>&1
		done
	fi
	for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
		d="$h$cgroup_base"
		[ -d "$d" ] || continue
		for i in 1 2 3 4 5; do
			pids=$(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null)
			[ -z "$pids" ] && break
			kill -9 $pids 2>/dev/null; sleep 0.2
		done
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	# Mounts below the root, deepest first.
	awk -v r="$VSM_ROOT" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo |
		sort -r | while read -r m; do umount -l "$m" 2>/dev/null; done
	# Host-side links named after this root.
	for l in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1 | grep "^$ifprefix"); do
		ip link del "$l" 2>/dev/null
	done
	chattr -R -i -a "$VSM_ROOT" >/dev/null 2>&1
	rm -rf "$VSM_ROOT"
}
trap t_cleanup EXIT
trap 'exit 130' INT TERM
