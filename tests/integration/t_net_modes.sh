#!/bin/bash
# Proves the bridge and macvlan modes inside test-made namespaces: a guest whose veth joins the
# LAN bridge and a guest with a macvlan on it, each with IPv4 and IPv6, reachable from the client
# (ping, TCP), isolated from each other's interfaces; a missing or wrong dev is a clear error;
# nothing is left after stop.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/net.sh"
net_topology
lan ip link add mvprobe$$ link br0 type macvlan 2>/dev/null && have_macvlan=1 || have_macvlan=0
lan ip link del mvprobe$$ 2>/dev/null

gb=nbc$$; gm=nmd$$
check "build $gb" net_guest "$gb" eth0=br0:10.213.1.21/24 eth0=br0:fd00:213:1::21/64
for i in 00 01; do echo bridge >"$confdir/$gb/interfaces/$i/mode"; done
echo 10.213.1.1 >"$confdir/$gb/interfaces/00/gateway"
check "start $gb (bridge)" lan vserver "$gb" start
expect_match "$gb's veth is a port of br0" "$ifprefix" "$(lan ip -o link show master br0)"
expect_match "default route via the gateway" "default via 10.213.1.1 dev eth0" "$(lan vserver "$gb" exec ip route)"
check "client pings $gb" cli busybox ping -c1 -W3 10.213.1.21
check "client pings $gb over IPv6" cli busybox ping -6 -c1 -W3 fd00:213:1::21
net_listen "$gb" 8080
check "TCP to $gb" net_expect_hello 10.213.1.21 8080 "$gb"
check "TCP to $gb over IPv6" net_expect_hello fd00:213:1::21 8080 "$gb"
expect_eq "no host routes in bridge mode" "" "$(lan ip route | grep 10.213.1.21)"

if [ $have_macvlan = 1 ]; then
	check "build $gm" net_guest "$gm" eth0=br0:10.213.1.31/24 eth0=br0:fd00:213:1::31/64
	for i in 00 01; do echo macvlan >"$confdir/$gm/interfaces/$i/mode"; done
	check "start $gm (macvlan)" lan vserver "$gm" start
	expect_match "$gm has a macvlan eth0" "macvlan" "$(lan nsenter --net=/proc/$(net_init_pid "$gm")/ns/net ip -d link show eth0)"
	check "client pings $gm" cli busybox ping -c1 -W3 10.213.1.31
	check "client pings $gm over IPv6" cli busybox ping -6 -c1 -W3 fd00:213:1::31
	net_listen "$gm" 8080
	check "TCP to $gm" net_expect_hello 10.213.1.31 8080 "$gm"
	expect_eq "$gm sees only lo and eth0" "lo eth0 " \
		"$(lan vserver "$gm" exec ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | tr '\n' ' ')"
	expect_eq "$gm does not see $gb's address" "" "$(lan vserver "$gm" exec ip addr | grep 10.213.1.21)"
	expect_eq "bridge guest and macvlan guest talk over the LAN" "hello-$gb" \
		"$(lan vserver "$gm" exec sh -c 'nc -w 3 10.213.1.21 8080 </dev/null' 2>/dev/null)"
	check "stop $gm" lan vserver "$gm" stop
else
	echo "# macvlan: the kernel has no macvlan links; that part is not run"
	fail "macvlan not available although the development kernels have it"
fi

# Errors: a dev that does not exist, a bridge-mode dev that is not a bridge.
ge=nbe$$
check "build $ge" net_guest "$ge" nosuch0:10.213.1.41/24
out=$(lan vserver "$ge" start 2>&1)
expect_match "missing dev named" "host device nosuch0 does not exist" "$out"
echo lanc >"$confdir/$ge/interfaces/00/dev"; echo bridge >"$confdir/$ge/interfaces/00/mode"
out=$(lan vserver "$ge" start 2>&1)
expect_match "bridge mode on a non-bridge refused" "mode bridge needs a bridge as dev, but lanc is of kind veth" "$out"
echo bogus >"$confdir/$ge/interfaces/00/mode"
out=$(lan vserver "$ge" start 2>&1)
expect_match "unknown mode refused" "expected veth, bridge, macvlan or ipvlan" "$out"
vserver "$ge" running; expect_eq "$ge not running after the errors" 1 $?

check "stop $gb" lan vserver "$gb" stop
check "no vsm links left" net_wait_gone_links "$ifprefix"
expect_eq "br0 has only the client's port left" "lanc" \
	"$(lan ip -o link show master br0 | awk -F': ' '{print $2}' | cut -d@ -f1 | tr -d '\n')"
finish
