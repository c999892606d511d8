#!/bin/bash
# Proves the ipvlan mode: with a kernel that has ipvlan, a guest on it is reachable from the client;
# without, start fails with an error naming CONFIG_IPVLAN and leaves nothing behind (then SKIP).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/net.sh"
net_topology

g=niv$$
check "build $g" net_guest "$g" br0:10.213.1.51/24
echo ipvlan >"$confdir/$g/interfaces/00/mode"
if lan ip link add ivprobe$$ link br0 type ipvlan mode l2 2>/dev/null; then
	lan ip link del ivprobe$$
	check "start $g (ipvlan)" lan vserver "$g" start
	check "client pings $g" cli busybox ping -c1 -W3 10.213.1.51
	net_listen "$g" 8080
	check "TCP to $g" net_expect_hello 10.213.1.51 8080 "$g"
	check "stop $g" lan vserver "$g" stop
	finish
fi
out=$(lan vserver "$g" start 2>&1); rc=$?
check "start fails without ipvlan" test $rc -ne 0
expect_match "the error names the kernel option" "ipvlan.*CONFIG_IPVLAN" "$out"
vserver "$g" running; expect_eq "$g not running" 1 $?
check "nothing left" net_wait_gone_links "$ifprefix"
[ "$T_FAILS" -eq 0 ] || finish
skip "the kernel has no ipvlan (CONFIG_IPVLAN off): vsm refuses the mode with that reason"
