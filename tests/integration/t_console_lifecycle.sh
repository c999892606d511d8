# Proves start, stop (confirmed) and restart (confirmed) of a real busybox guest from the console change its state on screen, and its processes appear in the process pane.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"

g=cl$$
vserver "$g" build -m busybox >"$VSM_ROOT/build.log" 2>&1 || {
	cat "$VSM_ROOT/build.log"; skip "busybox guest build failed here (see above)"; }
con_start 80x24 xterm-256color -d 1
expect_screen "built guest listed" "$g"
expect_match "as stopped" "^$g +[0-9]+ stopped" "$(con_capture)"

con_keys s
expect_screen "s reports the start in the status line" "$g started" 30
init=$(cat "$rundir/$g/init.pid" 2>/dev/null | cut -d' ' -f1)
check "the guest runs" vserver "$g" running
# The console (like vserver-stat) knows a guest's processes by its cgroup.
cg_ok=1
if [ -n "$init" ] && ! grep -q "/$cgroup_base/$g" "/proc/$init/cgroup" 2>/dev/null; then
	cg_ok=0
	t_log "init $init is in no $cgroup_base/$g cgroup: the running-state checks are skipped"
fi
# row_state STATE: the guest's row shows STATE (only checkable when the guest has its cgroup).
row_state() {
	[ $cg_ok = 1 ] || return 0
	con_wait_row() { con_capture | grep -Eq "^$g +[0-9]+ $1"; }
	for i in $(seq 100); do con_wait_row "$1" && break; sleep 0.1; done
	expect_match "the row shows $1" "^$g +[0-9]+ $1" "$(con_capture)"
}
row_state running
[ $cg_ok = 1 ] && expect_screen "the process pane shows the guest's init" "init" 10

con_keys S
expect_screen "S asks before stopping" "Stop guest $g?"
con_keys n
expect_screen "n keeps it running" "Cancelled"
check "still running after n" vserver "$g" running
con_keys S y
expect_screen "S y stops it" "$g stopped" 30
check "the guest is stopped" sh -c "! vserver $g running"
row_state stopped

con_keys s
expect_screen "started again" "$g started" 30
con_keys r
expect_screen "r asks before restarting" "Restart guest $g?"
old=$(cut -d' ' -f1 "$rundir/$g/init.pid")
con_keys y
expect_screen "r y restarts it" "$g restarted" 40
new=$(cut -d' ' -f1 "$rundir/$g/init.pid")
check "a new init after the restart ($old -> $new)" [ -n "$new" -a "$new" != "$old" ]
row_state running
con_keys q
expect_screen "q quits" "VSM-EXITED rc=0" 5
if [ $cg_ok = 0 ] && [ $T_FAILS -eq 0 ]; then
	skip "lifecycle keys work, but the runtime placed the guest in no $cgroup_base/$g cgroup here, so its running state cannot be seen (cgroup drivers not on main?)"
fi
finish
