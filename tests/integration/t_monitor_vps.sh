# Proves vps tags each guest process with its guest's context and name right after PID (ps ax, -ef, axf, -eo, -o ppid,pid), never tags a host process as a guest's, reports output without a PID column, and that the built-in listing shows in-guest pids.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/monitor.sh"
need_cgroup_v1

g1=$(fake_guest vps1 4201 2 | tr '\n' ' ')
g2=$(fake_guest vps2 4202 3 | tr '\n' ' ')
hostpid=$(host_sleeper)

# Every row: the pid's CONTEXT cell must say what its cgroup says.
verify() { # verify DESCRIPTION PS-ARGS...
	d=$1; shift
	out=$(vps "$@" 2>"$VSM_ROOT/err"); rc=$?
	expect_eq "$d: exit status of ps" 0 "$rc"
	hdr=$(printf '%s\n' "$out" | head -1)
	expect_match "$d: CONTEXT right after PID" '(^| )PID CONTEXT {13}' "$hdr"
	# The cell starts where the header's CONTEXT starts.
	col=$(printf '%s\n' "$hdr" | awk '{ print index($0, "PID CONTEXT") + 4 }')
	wrong=""
	for p in $g1; do
		printf '%s\n' "$out" | grep -Eq "(^| )$p  4201 vps1 " || wrong="$wrong $p"
	done
	cells=$(printf '%s\n' "$out" | tail -n +2 | cut -c"$col-$((col + 19))" | grep -Ec '^ {0,4}[0-9]+ (MAIN|vps1|vps2) *$|^  ERR  *$')
	expect_eq "$d: every cell in the CONTEXT column" "$(printf '%s\n' "$out" | tail -n +2 | wc -l)" "$cells"
	expect_eq "$d: vps1's processes tagged 4201 vps1" "" "$wrong"
	n2=$(printf '%s\n' "$out" | grep -c ' 4202 vps2 ')
	expect_eq "$d: vps2 has as many tagged rows as processes" "$(guest_pids vps2 | wc -l)" "$n2"
	n1=$(printf '%s\n' "$out" | grep -c ' 4201 vps1 ')
	expect_eq "$d: vps1 has as many tagged rows as processes" "$(guest_pids vps1 | wc -l)" "$n1"
	expect_match "$d: host sleeper tagged MAIN" "(^| )$hostpid +0 MAIN " "$out"
}
verify "ps ax" ax
verify "ps -ef" -ef
verify "ps axf" axf
verify "ps -eo pid,user,comm" -eo pid,user,comm
verify "ps -o ppid,pid (PPID first)" -e -o ppid,pid,comm

# No host process may carry a guest tag: tagged pids are exactly the guests' cgroup members.
# (A row of a process that ended before vps looked at it says ERR instead: not a tag.)
tagged=$(vps -eo pid,comm | awk 'NR > 1 && $2 ~ /^[0-9]+$/ && $2 != 0 { print $1 }' | sort -n | tr '\n' ' ')
members=$( (guest_pids vps1; guest_pids vps2) | sort -n | tr '\n' ' ')
expect_eq "tagged pids = the guests' cgroup members" "$members" "$tagged"

# Output without a PID column: passed through, a clear warning, failure status.
out=$(vps -eo comm 2>"$VSM_ROOT/err"); rc=$?
expect_eq "no PID column: exit 254" 254 "$rc"
expect_match "no PID column: says so" "no PID column" "$(cat "$VSM_ROOT/err")"
expect_match "no PID column: ps output kept" "^COMMAND" "$out"
vps --bogus-option >/dev/null 2>&1; rc=$?
check "ps's own failure status is passed on" [ "$rc" -ne 0 ]

# Built-in listing: in-guest pids beside host pids, only the guest's processes.
js=$(vps --guest vps2 --json)
expect_eq "--guest --json: exactly vps2's processes" "$(guest_pids vps2 | tr '\n' ' ')" \
	"$(echo "$js" | jq -r '.processes[].pid' | sort -n | tr '\n' ' ')"
expect_eq "--guest --json: one process is pid 1 inside" 1 "$(echo "$js" | jq '[.processes[] | select(.guest_pid == 1)] | length')"
expect_eq "--guest --json: sleepers are 2..4 inside" "2 3 4" \
	"$(echo "$js" | jq -r '.processes[] | select(.cmdline == "sleep 1000") | .guest_pid' | sort -n | tr '\n' ' ' | sed 's/ $//')"
txt=$(vps --guest vps1)
expect_eq "--guest text: header + one row per process" $(( $(guest_pids vps1 | wc -l) + 1 )) "$(printf '%s\n' "$txt" | wc -l)"
tree=$(vps --guest vps1 --tree)
expect_match "--tree: sleepers under the guest's init" ' \\_ sleep 1000' "$tree"
vps --guest nosuchguest >/dev/null 2>&1; expect_eq "--guest of a stopped guest exits 1" 1 "$?"
kill "$hostpid"
finish
