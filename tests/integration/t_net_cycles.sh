#!/bin/bash
# Proves guest networking leaves nothing behind: after many start/stop cycles of a routed IPv4+IPv6
# guest and a bridge guest, and after the monitor is killed (-9), the LAN namespace holds no vsm
# links, host routes or proxy entries (waiting on the kernel's asynchronous netns teardown).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/net.sh"
net_topology
: "${NET_CYCLES:=100}"

g=ncy$$; h=ncb$$
check "build $g" net_guest "$g" eth0=br0:10.213.1.61/24 eth0=br0:fd00:213:1::61/64
check "build $h" net_guest "$h" br0:10.213.1.62/24
echo bridge >"$confdir/$h/interfaces/00/mode"
# SIGKILL as the whole kill sequence: busybox init's own shutdown takes two seconds, and what is
# tested here is the network teardown, not init's.
for n in "$g" "$h"; do echo KILL >"$confdir/$n/apps/init/killseq"; done
base_links=$(net_links | sort | tr '\n' ' ')
base_routes=$(lan ip route; lan ip -6 route)

leftovers() {
	lan ip -o link show | grep "$ifprefix"
	lan ip neigh show proxy; lan ip -6 neigh show proxy
	lan ip route | grep -E '10\.213\.1\.6[12]'; lan ip -6 route | grep 'fd00:213:1::61'
}

start_s=$(date +%s)
bad=0
for i in $(seq "$NET_CYCLES"); do
	lan vserver "$g" start >/dev/null 2>&1 && lan vserver "$h" start >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# cycle $i: start failed"; }
	# Every 10th cycle: the guest is really reachable before it is stopped.
	if [ $((i % 10)) = 0 ]; then
		cli busybox ping -c1 -W3 10.213.1.61 >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# cycle $i: $g unreachable"; }
		cli busybox ping -c1 -W3 10.213.1.62 >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# cycle $i: $h unreachable"; }
	fi
	lan vserver "$g" stop >/dev/null 2>&1 && lan vserver "$h" stop >/dev/null 2>&1 || { bad=$((bad + 1)); echo "# cycle $i: stop failed"; }
done
t_log "$NET_CYCLES cycles of two guests in $(( $(date +%s) - start_s )) s"
expect_eq "every cycle started, answered and stopped" 0 "$bad"
check "no vsm links after the cycles" net_wait_gone_links "$ifprefix"
expect_eq "links as before" "$base_links" "$(net_links | sort | tr '\n' ' ')"
expect_eq "routes as before" "$base_routes" "$(lan ip route; lan ip -6 route)"
expect_eq "nothing left" "" "$(leftovers)"

# The monitor dies (-9): the guest dies with it; the next stop cleans the stale record and the
# host side (proxy entries outlive the guest's namespace otherwise).
check "start $g for the crash" lan vserver "$g" start
mon=$(cut -d' ' -f1 "$rundir/$g/monitor.pid"); init=$(net_init_pid "$g")
kill -9 "$mon"
for _ in $(seq 50); do [ -e "/proc/$init" ] || break; sleep 0.1; done
check "guest died with its monitor" test ! -e "/proc/$init"
expect_match "proxy entry outlives the crash until cleanup" "10.213.1.61" "$(lan ip neigh show proxy)"
lan vserver "$g" stop >/dev/null 2>&1
check "stale cleanup removed the links" net_wait_gone_links "$ifprefix"
expect_eq "stale cleanup removed everything" "" "$(leftovers)"
check "start again after the crash" lan vserver "$g" start
check "reachable again" cli busybox ping -c2 -w5 10.213.1.61
check "stop" lan vserver "$g" stop
check "no links at the end" net_wait_gone_links "$ifprefix"
finish
