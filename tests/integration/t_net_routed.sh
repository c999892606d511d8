#!/bin/bash
# Proves routed (veth) guest networking inside test-made namespaces: two busybox guests with their
# own IPv4 and IPv6 addresses reachable from a client on the LAN (ping, TCP), seeing only their own
# interfaces, unable to add addresses; duplicates refused naming the owner; nothing left at stop.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/net.sh"
net_topology

a=nra$$; b=nrb$$
check "build $a" net_guest "$a" eth0=br0:10.213.1.11/24 eth0=br0:fd00:213:1::11/64
check "build $b" net_guest "$b" br0:10.213.1.12/24

# Duplicates: another guest's address, the host's own address (br0 in the LAN namespace).
out=$(lan vserver --silent dup$$ build -m busybox --interface br0:10.213.1.11/24 2>&1)
expect_match "duplicate of a guest refused, owner named" "10.213.1.11 is already used by guest $a" "$out"
out=$(lan vserver --silent dup$$ build -m busybox --interface fd00:213:1::1/64 2>&1)
expect_match "duplicate of the host refused, device named" "already the host's, on br0" "$out"
check "refused build left no guest" test ! -e "$confdir/dup$$"
# At start too: a config edited by hand to collide.
mkdir -p "$confdir/$b/interfaces/01"; echo 10.213.1.11 >"$confdir/$b/interfaces/01/ip"
out=$(lan vserver "$b" start 2>&1)
expect_match "start refuses a duplicate" "10.213.1.11 is already used by guest $a" "$out"
rm -r "$confdir/$b/interfaces/01"
expect_eq "nothing left by the refused start" "" "$(net_links | grep "^$ifprefix")"

check "start $a" lan vserver "$a" start
check "start $b" lan vserver "$b" start

links=$(lan vserver "$a" exec ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | tr '\n' ' ')
expect_eq "guest sees only lo and its eth0" "lo eth0 " "$links"
expect_match "guest has its IPv4 address" "inet 10.213.1.11/24" "$(lan vserver "$a" exec ip addr show eth0)"
expect_match "guest has its IPv6 address" "inet6 fd00:213:1::11/64" "$(lan vserver "$a" exec ip addr show eth0)"
expect_eq "no host address visible in the guest" "" "$(lan vserver "$a" exec ip addr | grep -E '10\.213\.1\.1/|10\.213\.1\.12')"
out=$(lan vserver "$a" exec ip addr add 10.213.1.99/24 dev eth0 2>&1)
expect_match "guest cannot add an address (no NET_ADMIN)" "Operation not permitted" "$out"
out=$(lan vserver "$a" exec ip link set eth0 down 2>&1)
expect_match "guest cannot take its link down" "Operation not permitted" "$out"
expect_eq "address list unchanged" "" "$(lan vserver "$a" exec ip addr | grep 10.213.1.99)"

check "client pings $a" cli busybox ping -c1 -W3 10.213.1.11
check "client pings $b" cli busybox ping -c1 -W3 10.213.1.12
check "client pings $a over IPv6" cli busybox ping -6 -c1 -W3 fd00:213:1::11
net_listen "$a" 8080; net_listen "$b" 8080
check "TCP to $a" net_expect_hello 10.213.1.11 8080 "$a"
check "TCP to $b" net_expect_hello 10.213.1.12 8080 "$b"
check "TCP to $a over IPv6" net_expect_hello fd00:213:1::11 8080 "$a"
expect_eq "guest-to-guest through the host's routing" "hello-$b" \
	"$(lan vserver "$a" exec sh -c 'nc -w 3 10.213.1.12 8080 </dev/null' 2>/dev/null)"
# The host side: a host route and a proxy entry per address, forwarding only where vsm set it.
expect_match "host route to $a" "10.213.1.11 dev $ifprefix" "$(lan ip route)"
expect_match "proxy ARP entry on br0" "10.213.1.11 dev br0 proxy" "$(lan ip neigh show proxy)"
expect_match "proxy NDP entry on br0" "fd00:213:1::11 dev br0 proxy" "$(lan ip -6 neigh show proxy)"
expect_eq "IPv4 forwarding not switched on globally" 0 "$(lan cat /proc/sys/net/ipv4/conf/all/forwarding)"

# chbind: a host command in the guest's network namespace, found by its address.
out=$(lan chbind --ip 10.213.1.11 -- ip -o addr show)
expect_match "chbind sees the guest's address" "10.213.1.11/24" "$out"
expect_eq "chbind does not see the host's addresses" "" "$(printf '%s\n' "$out" | grep -E '10\.213\.1\.1/|10\.213\.1\.12')"
expect_eq "chbind by address and prefix, command runs on the host's filesystem" "hello-$b" \
	"$(lan chbind --ip 10.213.1.11/24 --ip fd00:213:1::11 -- busybox nc -w 3 10.213.1.12 8080 </dev/null)"
expect_eq "chbind --nid" "eth0" "$(lan chbind --nid "$b" -- ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1 | grep -v lo)"
out=$(lan chbind --ip 10.213.1.77 -- true 2>&1); rc=$?
expect_match "chbind with an address no guest owns" "no guest owns 10.213.1.77" "$out"
expect_eq "chbind failure exit code" 1 $rc
out=$(lan chbind --nid "$b" --ip 10.213.1.11 -- true 2>&1)
expect_match "chbind --nid with another guest's address" "10.213.1.11 is not one of its addresses" "$out"

stat=$(lan vserver-stat --format=json 2>&1 | grep "\"$a\"")
expect_match "vserver-stat --format=json shows $a's addresses" "10.213.1.11/24" "$stat"
expect_match "vserver-stat --format=json shows $a's IPv6 address" "fd00:213:1::11/64" "$stat"

check "stop $a" lan vserver "$a" stop
check "stop $b" lan vserver "$b" stop
check "no vsm links left" net_wait_gone_links "$ifprefix"
expect_eq "no proxy entries left" "" "$(lan ip neigh show proxy; lan ip -6 neigh show proxy)"
expect_eq "no host routes left" "" "$(lan ip route | grep 10.213.1.1[12]; lan ip -6 route | grep 'fd00:213:1::11')"
check "no network record left" test ! -e "$rundir/$a/net"
finish
