# Proves the monitoring tools on real busybox guests: vps and vserver-stat count exactly each guest's processes (checked against the guests' pid namespaces), a guest stopped or started between two snapshots disappears or appears cleanly, vkill reaches exactly the guest's processes, and vserver-info knows its init.
. "$(dirname "$0")/../lib/common.sh"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
g1=mg$$a g2=mg$$b g3=mg$$c
for g in $g1:4601 $g2:4602 $g3:4603; do
	vserver "${g%:*}" build -m busybox --context "${g#*:}" >/dev/null 2>&1 || { fail "build ${g%:*}"; finish; }
done
check "start $g1" vserver "$g1" start
check "start $g2" vserver "$g2" start

initpid() { cut -d' ' -f1 "$rundir/$1/init.pid"; }
# The host pids in the pid namespace of the guest's init: the kernel's own answer.
ns_members() {
	ns=$(readlink "/proc/$(initpid "$1")/ns/pid")
	for p in /proc/[0-9]*; do
		[ "$(readlink "$p/ns/pid" 2>/dev/null)" = "$ns" ] && [ "$(awk '{print $3}' "$p/stat" 2>/dev/null)" != Z ] &&
			echo "${p#/proc/}"
	done | sort -n | tr '\n' ' '
}
sleep 0.5   # let busybox init start its services
m1=$(ns_members "$g1"); m2=$(ns_members "$g2")
t_log "$g1: $m1 / $g2: $m2"
check "$g1 has processes" [ -n "$m1" ]

# vps: the guest's rows are exactly its namespace's processes, and nothing else is tagged.
expect_eq "vps --guest $g1 = its pid namespace" "$m1" \
	"$(vps --guest "$g1" --json | jq -r '.processes[].pid' | sort -n | tr '\n' ' ')"
expect_eq "vps ax tags $g1's processes" "$m1" \
	"$(vps ax | awk -v g="$g1" '$2 == 4601 && $3 == g { print $1 }' | sort -n | tr '\n' ' ')"
expect_eq "vps ax tags $g2's processes" "$m2" \
	"$(vps ax | awk -v g="$g2" '$2 == 4602 && $3 == g { print $1 }' | sort -n | tr '\n' ' ')"
tagged=$(vps -eo pid,comm | awk 'NR > 1 && $2 ~ /^[0-9]+$/ && ($2 == 4601 || $2 == 4602) { print $1 }' | sort -n | tr '\n' ' ')
expect_eq "no host process tagged as a guest's" "$(echo $m1 $m2 | tr ' ' '\n' | sort -n | tr '\n' ' ')" "$tagged"
expect_eq "the guest's init is pid 1 inside" 1 \
	"$(vps --guest "$g1" --json | jq ".processes[] | select(.pid == $(initpid "$g1")) | .guest_pid")"

# vserver-stat: PROC = the namespace's process count; the stopped guest is not listed.
st=$(vserver-stat)
expect_eq "vserver-stat PROC of $g1" "$(echo $m1 | wc -w)" "$(printf '%s\n' "$st" | awk -v g="$g1" '$NF == g { print $2 }')"
expect_eq "vserver-stat PROC of $g2" "$(echo $m2 | wc -w)" "$(printf '%s\n' "$st" | awk -v g="$g2" '$NF == g { print $2 }')"
expect_match "vserver-stat CTX of $g1" "^4601 " "$(printf '%s\n' "$st" | grep " $g1\$")"
check "$g3 (stopped) not listed" sh -c "! printf '%s\n' \"\$1\" | grep -q ' $g3\$'" _ "$st"
expect_eq "INITPID" "$(initpid "$g1")" "$(vserver-info "$g1" INITPID)"
expect_eq "XID of the init" 4601 "$(vserver-info - XID "$(initpid "$g1")")"

# A guest stopped and another started between two snapshots of one run.
vserver-stat -b -d 4 -n 2 > "$VSM_ROOT/batch" &
bpid=$!
sleep 0.5
check "stop $g2" vserver "$g2" stop
check "start $g3" vserver "$g3" start
wait $bpid
first=$(awk '/^CTX/{n++} n==1' "$VSM_ROOT/batch"); second=$(awk '/^CTX/{n++} n==2' "$VSM_ROOT/batch")
expect_match "first snapshot: $g2" " $g2\$" "$first"
check "first snapshot: no $g3" sh -c "! printf '%s\n' \"\$1\" | grep -q ' $g3\$'" _ "$first"
check "second snapshot: no $g2" sh -c "! printf '%s\n' \"\$1\" | grep -q ' $g2\$'" _ "$second"
expect_match "second snapshot: $g3" "^4603 +[0-9]+ .* $g3\$" "$second"

# vkill: a host process and another guest's process are refused; the guest's own is reached.
sleep 1000 & hostpid=$!
vkill --xid "$g1" -s KILL "$hostpid" 2>/dev/null; expect_eq "vkill refuses a host pid" 1 "$?"
vkill --xid "$g1" -s KILL "$(initpid "$g3")" 2>/dev/null; expect_eq "vkill refuses $g3's init for $g1" 1 "$?"
check "host process alive" kill -0 "$hostpid"
check "$g3 still running" vserver "$g3" running
victim=$(vps --guest "$g1" --json | jq -r '.processes[] | select(.cmdline | test("sleep|syslogd|crond|httpd")) | .pid' | head -1)
check "$g1 has a service process to kill" [ -n "$victim" ]
vkill --xid 4601 -s KILL "$victim"; expect_eq "vkill of $g1's process" 0 "$?"
sleep 0.3
check "the process is gone" sh -c "[ ! -e /proc/$victim ] || grep -q ') Z ' /proc/$victim/stat"
vkill --xid "$g1" -s STOP; expect_eq "vkill all of $g1 (STOP)" 0 "$?"
sleep 0.2
stopped=$(for p in $(ns_members "$g1"); do awk '{print $3}' /proc/$p/stat; done | sort -u | tr '\n' ' ')
expect_eq "every process of $g1 is stopped" "T " "$stopped"
expect_eq "$g3's init not stopped" S "$(awk '{print $3}' /proc/$(initpid "$g3")/stat)"
vkill --xid "$g1" -s CONT
kill "$hostpid"
finish
