# Proves vserver-info's SYSINFO verdicts match what this machine can really do (link kinds tried with ip in a scratch netns, filesystems, namespaces, the kernel config), and that its tags answer for a running guest, a stopped one, PIDs and context ids with util-vserver's exit codes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/monitor.sh"
need_cgroup_v1

info=$(vserver-info); rc=$?
expect_eq "SYSINFO exit 0" 0 "$rc"
expect_match "kernel release" "^Kernel: Linux $(uname -r) " "$info"
feature() { printf '%s\n' "$info" | awk -v f="$1" '$1 == f { print $2; exit }'; }
# Each link kind, tried for real in a throw-away network namespace.
for kind in veth bridge macvlan ipvlan; do
	if unshare -n ip link add vsmt0 type "$kind" 2>/dev/null; then want=yes
	elif unshare -n ip link add vsmt0 type "$kind" 2>&1 | grep -q "Unknown device type"; then want=no
	else want=yes; fi   # known kind, refused for another reason (macvlan/ipvlan need a lower link)
	expect_eq "feature $kind" "$want" "$(feature "$kind")"
	vserver-info - FEATURE "$kind"; frc=$?
	expect_eq "FEATURE $kind exit code" "$([ "$want" = yes ] && echo 0 || echo 1)" "$frc"
done
want=no; grep -qw overlay /proc/filesystems && want=yes
expect_eq "feature overlayfs" "$want" "$(feature overlayfs)"
want=no; [ -e /proc/self/ns/time ] && want=yes
expect_eq "feature timens" "$want" "$(feature timens)"
mode=legacy; [ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ] && mode=unified
[ "$mode" = legacy ] && [ "$(stat -f -c %T /sys/fs/cgroup/unified 2>/dev/null)" = cgroup2fs ] && mode=hybrid
expect_match "cgroup layout" "^  cgroup +yes +cgroup layout +$mode\$" "$info"
expect_match "ipvlan verdict follows the probe" \
	"ipvlan interfaces +$([ "$(feature ipvlan)" = yes ] && echo ok || echo unavailable)" "$info"
# Kernel config lines agree with the config itself.
if [ -r /proc/config.gz ]; then
	for opt in CONFIG_PID_NS CONFIG_IPVLAN CONFIG_QFMT_V2 CONFIG_VETH CONFIG_TIME_NS; do
		v=$(zcat /proc/config.gz | sed -n "s/^$opt=//p")
		want=missing; [ "$v" = y ] && want=enabled; [ "$v" = m ] && want="enabled as module"
		expect_match "config $opt" "^    $opt +$want " "$info"
	done
	want=no; zcat /proc/config.gz | grep -q '^CONFIG_QFMT_V2=[ym]' && want=yes
	expect_eq "feature quota follows CONFIG_QFMT_V2" "$want" "$(feature quota)"
fi

# Tags on a running (fake) guest, a configured stopped one, and PIDs.
pids=$(fake_guest inf1 4401 2)
mkdir -p "$confdir/inf2"; echo 4402 > "$confdir/inf2/context"
init=$(vps --guest inf1 --json | jq -r '.processes[] | select(.guest_pid == 1) | .pid')
expect_eq "CONTEXT of a running guest" 4401 "$(vserver-info inf1 CONTEXT)"
expect_eq "CONTEXT by context id" 4401 "$(vserver-info 4401 CONTEXT)"
expect_eq "RUNNING" 1 "$(vserver-info inf1 RUNNING)"
expect_eq "INITPID = host pid of in-guest pid 1" "$init" "$(vserver-info inf1 INITPID)"
last=$(echo "$pids" | tail -1)
expect_eq "XID of a guest process" 4401 "$(vserver-info - XID "$last")"
expect_eq "PID as the target, tag XID" 4401 "$(vserver-info "$last" XID)"
expect_eq "XID of a host process" 0 "$(vserver-info - XID $$)"
expect_eq "CFGDIR" "$confdir/inf1" "$(vserver-info inf1 CFGDIR)"
expect_eq "NAME" inf1 "$(vserver-info inf1 NAME)"
expect_eq "VDIR" "$vdirbase/inf1" "$(vserver-info inf1 VDIR)"
expect_eq "UTS nodename = the guest's" "$(nsenter -t "$init" -u hostname)" "$(vserver-info inf1 UTS nodename)"
expect_eq "XIDTYPE static" static "$(vserver-info inf1 XIDTYPE)"
vserver-info inf1 XIDTYPE dynamic static; expect_eq "XIDTYPE among types: exit 0" 0 "$?"
vserver-info inf1 XIDTYPE main >/dev/null; expect_eq "XIDTYPE not among types: exit 1" 1 "$?"
expect_eq "XIDTYPE of 0" main "$(vserver-info 0 XIDTYPE)"
expect_eq "XIDTYPE of 50000" dynamic "$(vserver-info 50000 XIDTYPE)"
out=$(vserver-info inf2 RUNNING); rc=$?
expect_eq "RUNNING of a stopped guest: exit 1" 1 "$rc"
expect_eq "RUNNING of a stopped guest: no output" "" "$out"
expect_eq "CONTEXT of a stopped guest falls back to the config" 4402 "$(vserver-info inf2 CONTEXT)"
vserver-info inf2 CONTEXT false >/dev/null; expect_eq "CONTEXT false of a stopped guest: exit 1" 1 "$?"
vserver-info inf2 INITPID >/dev/null; expect_eq "INITPID of a stopped guest: exit 1" 1 "$?"
expect_eq "-q prints nothing" "" "$(vserver-info -q inf1 RUNNING)"
vserver-info -q inf1 RUNNING; expect_eq "-q keeps the exit code" 0 "$?"
expect_match "-l lists the tags" "^INITPID" "$(vserver-info -l)"
vserver-info inf1 NOSUCHTAG 2>/dev/null; expect_eq "unknown tag: exit 1" 1 "$?"
finish
