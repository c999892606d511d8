# Proves vkill signals exactly the processes of the named guest (by name or context, one PID, its init, in-guest PIDs, or all of them), refuses processes that are not the guest's, and exits non-zero when any kill fails.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/monitor.sh"
need_cgroup_v1

fake_guest vk1 4301 3 >/dev/null
fake_guest vk2 4302 2 >/dev/null
hostpid=$(host_sleeper)
alive() { kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' /proc/$1/stat 2>/dev/null)" != Z ]; }
# The host pid of in-guest pid N of guest G.
gpid() { vps --guest "$1" --json | jq -r ".processes[] | select(.guest_pid == $2) | .pid"; }

# A host process is refused, and survives.
vkill --xid vk1 -s KILL "$hostpid" 2>"$VSM_ROOT/err"; rc=$?
expect_eq "host pid refused: exit 1" 1 "$rc"
expect_match "host pid refused: says why" "not a process of guest vk1" "$(cat "$VSM_ROOT/err")"
check "host process still alive" alive "$hostpid"
# Another guest's process is refused too.
other=$(gpid vk2 2)
vkill --xid vk1 -s KILL "$other" 2>/dev/null; expect_eq "vk2's process refused for vk1" 1 "$?"
check "vk2's process still alive" alive "$other"

# One process by host pid, the guest named by its context id.
victim=$(gpid vk1 2)
vkill --xid 4301 -s KILL "$victim"; expect_eq "kill by context id: exit 0" 0 "$?"
sleep 0.2
check "the process is gone" sh -c "! kill -0 $victim 2>/dev/null || grep -q ' Z ' /proc/$victim/stat"
# In-guest pid 3.
victim=$(gpid vk1 3)
vkill -c vk1 --guest-pids -s SIGKILL 3; expect_eq "--guest-pids 3: exit 0" 0 "$?"
sleep 0.2
check "in-guest pid 3 gone" sh -c "! kill -0 $victim 2>/dev/null || grep -q ' Z ' /proc/$victim/stat"
vkill -c vk1 --guest-pids 99 2>/dev/null; expect_eq "unknown in-guest pid: exit 1" 1 "$?"

# PID 1 is the guest's init; STOP is harmless and visible in the state.
init=$(gpid vk1 1)
vkill --xid vk1 -s STOP 1; expect_eq "pid 1 = init: exit 0" 0 "$?"
sleep 0.1
expect_eq "the guest's init is stopped" T "$(awk '{print $3}' /proc/$init/stat)"
vkill --xid vk1 -s CONT 1

# No PID: every process of the guest, and only those.
before2=$(guest_pids vk2 | tr '\n' ' ')
vkill --xid vk1 -s KILL; expect_eq "all of vk1: exit 0" 0 "$?"
for _ in $(seq 50); do [ -z "$(guest_pids vk1)" ] && break; sleep 0.05; done
expect_eq "vk1 has no process left" "" "$(guest_pids vk1)"
expect_eq "vk2 untouched" "$before2" "$(guest_pids vk2 | tr '\n' ' ')"
check "host process untouched" alive "$hostpid"

# A stopped guest, an unknown context, a bad signal, and host pids without --xid.
vkill --xid vk1 2>/dev/null; expect_eq "stopped guest: exit 1" 1 "$?"
vkill --xid 9999 2>/dev/null; expect_eq "unknown context: exit 1" 1 "$?"
vkill -s NOSUCH "$hostpid" 2>/dev/null; expect_eq "unknown signal: exit 1" 1 "$?"
vkill -s 0 "$hostpid"; expect_eq "host pid without --xid: exit 0" 0 "$?"
vkill "$hostpid" 999999999 2>/dev/null; expect_eq "one of two kills failing: exit 1" 1 "$?"
sleep 0.1
check "the host pid got TERM" sh -c "! kill -0 $hostpid 2>/dev/null || grep -q ' Z ' /proc/$hostpid/stat"
finish
