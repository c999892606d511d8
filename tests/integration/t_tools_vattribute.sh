# Proves vattribute --get prints util-vserver's four blocks for a running guest (byte-compared; the bounding set read from its init), --set writes the config through the config parser (refusing unmappable flags with the reason), takes effect at the next start, chains into PROGRAM, and keeps util-vserver's exit codes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tools.sh"

g=tva$$
tools_guest "$g" 4311
init=$(tools_init "$g")
um=$(tools_umask "$init")

# The default guest: DESIGN's bounding set, util-vserver's secure ccaps, the flags vsm always has.
cat >"$VSM_ROOT/expect" <<EOT
bcapabilities:
CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,SETGID,SETUID,SETPCAP,NET_BIND_SERVICE,SYS_CHROOT,SYS_BOOT,SYS_TTY_CONFIG,LEASE,AUDIT_WRITE,SETFCAP
ccapabilities:
set_utsname,raw_icmp,audit_control
flags:
fakeinit,namespace,virt_uptime,hide_mount,hide_netif,sc_helper,reboot_kill
umask:
$um
EOT
vattribute --xid "$g" --get >"$VSM_ROOT/got"; rc=$?
expect_eq "--get by name: exit 0" 0 "$rc"
check "--get output byte-identical" cmp "$VSM_ROOT/expect" "$VSM_ROOT/got"
expect_eq "--get by context id, same output" "$(cat "$VSM_ROOT/expect")" "$(vattribute --xid 4311 --get)"
expect_eq "the bounding set is the init's CapBnd" "00000000b44405fb" \
	"$(awk '/^CapBnd/ {print $2}' /proc/"$init"/status)"

# Chaining: the program runs after the tool, with the tool's output first.
out=$(vattribute --xid "$g" --get -- echo chained-program)
expect_eq "chains into PROGRAM" "chained-program" "$(echo "$out" | tail -1)"

# --set: list syntax, written into the config.
vattribute --xid "$g" --set --bcap 'NET_RAW,~CHOWN' --ccap '!raw_icmp' --flag sched_pause 2>"$VSM_ROOT/err"
expect_eq "--set: exit 0" 0 $?
expect_match "--set says what applies when" "running ones keep theirs until the next start" "$(cat "$VSM_ROOT/err")"
expect_eq "bcapabilities written" "!CHOWN
NET_RAW" "$(cat "$confdir/$g/bcapabilities")"
expect_eq "ccapabilities written" "!raw_icmp" "$(cat "$confdir/$g/ccapabilities")"
expect_eq "cflags written" "sched_pause" "$(cat "$confdir/$g/cflags")"
out=$(vattribute --xid "$g" --get)
expect_eq "running init keeps its bounding set" \
	"CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,SETGID,SETUID,SETPCAP,NET_BIND_SERVICE,SYS_CHROOT,SYS_BOOT,SYS_TTY_CONFIG,LEASE,AUDIT_WRITE,SETFCAP" \
	"$(echo "$out" | sed -n 2p)"
expect_eq "ccaps from the config" "set_utsname,audit_control" "$(echo "$out" | sed -n 4p)"
expect_eq "flags from the config" "fakeinit,namespace,sched_pause,virt_uptime,hide_mount,hide_netif,sc_helper,reboot_kill" \
	"$(echo "$out" | sed -n 6p)"
# sched_pause is applied live: the guest's cgroup is frozen, and thawed again.
frz() { for f in /sys/fs/cgroup/freezer/$cgroup_base/$g/freezer.state /sys/fs/cgroup/unified/$cgroup_base/$g/cgroup.freeze /sys/fs/cgroup/$cgroup_base/$g/cgroup.freeze; do [ -f "$f" ] && { cat "$f"; return; }; done; echo none; }
expect_match "sched_pause: frozen now" "^(FROZEN|FREEZING|1)$" "$(frz)"
vattribute --xid "$g" --set --flag '~sched_pause' 2>"$VSM_ROOT/err"; expect_eq "~sched_pause: exit 0" 0 $?
expect_match "~sched_pause: says so" "runs again" "$(cat "$VSM_ROOT/err")"
expect_match "~sched_pause: thawed" "^(THAWED|0)$" "$(frz)"
expect_eq "~sched_pause written" "!sched_pause" "$(cat "$confdir/$g/cflags")"

# New entries get the new bounding set at once.
# b44405fb without CHOWN (bit 0), with NET_RAW (bit 13).
expect_eq "vserver exec gets the new set" "00000000b44425fa" \
	"$(vserver "$g" exec grep CapBnd /proc/self/status | awk '{print $2}')"

# Unmappable flags and ccaps are refused with the reason; nothing is written.
vattribute --xid "$g" --set --flag lock 2>"$VSM_ROOT/err"; rc=$?
expect_eq "unmappable flag: exit 1" 1 "$rc"
expect_match "unmappable flag: says why" "'lock' cannot be mapped onto mainline Linux: .*use spaces/user" "$(cat "$VSM_ROOT/err")"
vattribute --xid "$g" --set --ccap secure_mount 2>"$VSM_ROOT/err"; rc=$?
expect_eq "unmappable ccap: exit 1" 1 "$rc"
expect_match "unmappable ccap: says what instead" "SYS_ADMIN" "$(cat "$VSM_ROOT/err")"
vattribute --xid "$g" --set --flag '~fakeinit' 2>"$VSM_ROOT/err"; rc=$?
expect_eq "removing a fixed flag: exit 1" 1 "$rc"
expect_eq "cflags unchanged after refusals" "!sched_pause" "$(cat "$confdir/$g/cflags")"
vserver-info - FEATURE cflag:lock; expect_eq "vserver-info FEATURE cflag:lock fails" 1 $?
vserver-info - FEATURE cflag:sched_pause; expect_eq "vserver-info FEATURE cflag:sched_pause succeeds" 0 $?
vserver-info - FEATURE ccap:secure_mount; expect_eq "vserver-info FEATURE ccap:secure_mount fails" 1 $?

# Next start: the new bounding set is the init's.
vserver "$g" stop >/dev/null && vserver "$g" start
expect_eq "after restart: bounding set from the config" \
	"DAC_OVERRIDE,FOWNER,FSETID,KILL,SETGID,SETUID,SETPCAP,NET_BIND_SERVICE,NET_RAW,SYS_CHROOT,SYS_BOOT,SYS_TTY_CONFIG,LEASE,AUDIT_WRITE,SETFCAP" \
	"$(vattribute --xid "$g" --get | sed -n 2p)"

# --secure: util-vserver's safe bounding set and ccaps.
vattribute --xid "$g" --set --secure 2>/dev/null; expect_eq "--secure: exit 0" 0 $?
vserver "$g" stop >/dev/null && vserver "$g" start
expect_eq "--secure bounding set" \
	"CHOWN,DAC_OVERRIDE,DAC_READ_SEARCH,FOWNER,FSETID,KILL,SETGID,SETUID,NET_BIND_SERVICE,SYS_CHROOT,SYS_PTRACE,SYS_BOOT,SYS_TTY_CONFIG,LEASE,AUDIT_WRITE,SETFCAP" \
	"$(vattribute --xid "$g" --get | sed -n 2p)"

# Exit codes: 255 for the tool's own failures, 1 for a failed operation.
vattribute --xid "$g" 2>/dev/null; expect_eq "neither --get nor --set: 255" 255 $?
vattribute --xid "$g" --get --bogus 2>/dev/null; expect_eq "unknown option: 255" 255 $?
vattribute --xid "$g" --set --flag nosuchflag 2>/dev/null; expect_eq "unknown flag name: 255" 255 $?
vattribute --xid nosuch$$ --get 2>"$VSM_ROOT/err"; expect_eq "unknown name: 255" 255 $?
expect_match "unknown name: message" "no guest has this name or context id" "$(cat "$VSM_ROOT/err")"
vattribute --xid 4399 --get 2>/dev/null; expect_eq "unknown context id: 255" 255 $?
vserver "$g" stop >/dev/null
vattribute --xid "$g" --get 2>"$VSM_ROOT/err"; expect_eq "stopped guest: 1" 1 $?
expect_match "stopped guest: message" "not running" "$(cat "$VSM_ROOT/err")"
vattribute --xid "$g" --get -- echo never >"$VSM_ROOT/out" 2>/dev/null
expect_eq "no chaining after a failure" "" "$(cat "$VSM_ROOT/out")"
finish
