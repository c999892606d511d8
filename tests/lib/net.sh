# Sourced by the t_net_* tests after common.sh: a test topology made only of namespaces this test
# creates. "LAN" ($NET_LAN) plays the host: vsm runs inside it, its bridge br0 (10.213.1.1/24,
# fd00:213:1::1/64) is the uplink; "client" ($NET_CLI) sits on br0 at 10.213.1.100 and
# fd00:213:1::100. Nothing outside these namespaces gets an address, link or route.
#   net_topology              create both namespaces (skips without root or ip/nsenter)
#   lan CMD...                run CMD in the LAN namespace (vsm commands too)
#   cli CMD...                run CMD in the client namespace
#   net_guest NAME IFSPEC...  build a busybox guest in the LAN namespace with --interface IFSPEC…
#   net_wait_gone_links PFX   wait until the LAN namespace has no link starting with PFX
NET_LAN=vsmlan$$
NET_CLI=vsmcli$$

lan() { nsenter --net="/run/netns/$NET_LAN" "$@"; }
cli() { nsenter --net="/run/netns/$NET_CLI" "$@"; }

net_cleanup() {
	# Guests first (their monitors run in the LAN namespace), then the namespaces themselves:
	# deleting a namespace deletes every link, address, route and proxy entry in it.
	t_cleanup
	ip netns del "$NET_CLI" 2>/dev/null
	ip netns del "$NET_LAN" 2>/dev/null
}
trap net_cleanup EXIT

net_topology() {
	[ "$(id -u)" = 0 ] || skip "needs root"
	command -v ip >/dev/null && command -v nsenter >/dev/null || skip "needs iproute2 and nsenter"
	[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
	ip netns add "$NET_LAN" && ip netns add "$NET_CLI" || skip "cannot create network namespaces"
	ip -n "$NET_LAN" link set lo up
	ip -n "$NET_CLI" link set lo up
	ip -n "$NET_LAN" link add br0 type bridge || skip "no bridge support in the kernel"
	ip netns exec "$NET_LAN" sysctl -qw net.ipv6.conf.all.forwarding=1 net.ipv6.conf.default.forwarding=1
	ip -n "$NET_LAN" addr add 10.213.1.1/24 dev br0
	ip -n "$NET_LAN" addr add fd00:213:1::1/64 dev br0 nodad
	ip -n "$NET_LAN" link set br0 up
	ip -n "$NET_LAN" link add lanc type veth peer name eth0 netns "$NET_CLI"
	ip -n "$NET_LAN" link set lanc master br0 up
	ip -n "$NET_CLI" addr add 10.213.1.100/24 dev eth0
	ip -n "$NET_CLI" addr add fd00:213:1::100/64 dev eth0 nodad
	ip -n "$NET_CLI" link set eth0 up
	ip -n "$NET_CLI" route add default via 10.213.1.1
}

net_guest() {
	n=$1; shift
	args=""
	for i in "$@"; do args="$args --interface $i"; done
	# shellcheck disable=SC2086
	lan vserver --silent "$n" build -m busybox $args
}

# The guest's init pid (host view), for nsenter.
net_init_pid() { cut -d' ' -f1 "$rundir/$1/init.pid"; }

# A listener inside guest NAME on PORT answering "hello-NAME" (busybox nc in a loop).
net_listen() {
	lan vserver "$1" exec sh -c "(while :; do echo hello-$1 | nc -l -p $2 >/dev/null 2>&1; done) </dev/null >/dev/null 2>&1 &"
}

# From the client: connect to IP PORT, print what the server sent.
net_connect() { cli timeout 5 busybox nc -w 3 "$1" "$2" </dev/null 2>/dev/null; }

# net_expect_hello IP PORT NAME: the listener of guest NAME answers (a few tries: it may be starting).
net_expect_hello() {
	for _ in $(seq 20); do
		[ "$(net_connect "$1" "$2")" = "hello-$3" ] && return 0
		sleep 0.2
	done
	return 1
}

net_links() { lan ip -o link show | awk -F': ' '{print $2}' | cut -d@ -f1; }

# Wait (0.1 s steps, at most 10 s) until no LAN link starts with PFX: the kernel tears a guest's
# namespace down asynchronously after its last process exits.
net_wait_gone_links() {
	for _ in $(seq 100); do
		net_links | grep -q "^$1" || return 0
		sleep 0.1
	done
	return 1
}
