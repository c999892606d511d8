#!/bin/bash
# Guest-to-client TCP throughput (iperf3) and connect latency per networking mode, next to a
# namespace's loopback, all inside namespaces this script creates (tests/lib/net.sh topology).
#   tests/bench/bench_net.sh [SECONDS] [CONNECTS]      (root, after scons; defaults 5 and 2000)
# Prints a markdown table. The guest side runs as host programs under chbind in the guest's
# network namespace, so the same iperf3 measures every mode.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
. "$here/../lib/net.sh"
secs=${1:-5}; nconn=${2:-2000}
command -v iperf3 >/dev/null || skip "iperf3 is not installed (share/install-deps.sh)"
net_topology
bc=$VSM_ROOT/bench_connect
gcc -O2 -o "$bc" "$here/bench_connect.c" || exit 1

r=brt$$; b=bbr$$; m=bmv$$
net_guest "$r" br0:10.213.1.71/24 || exit 1
net_guest "$b" br0:10.213.1.72/24 || exit 1
net_guest "$m" br0:10.213.1.73/24 || exit 1
echo bridge >"$confdir/$b/interfaces/00/mode"
echo macvlan >"$confdir/$m/interfaces/00/mode"
for g in "$r" "$b" "$m"; do lan vserver "$g" start || exit 1; done

cli iperf3 -s -D -p 5201 --pidfile "$VSM_ROOT/iperf.cli.pid" >/dev/null 2>&1
lan iperf3 -s -D -p 5202 --pidfile "$VSM_ROOT/iperf.lan.pid" >/dev/null 2>&1
cli "$bc" server 5301 >/dev/null 2>&1 & srv_cli=$!
lan "$bc" server 5302 >/dev/null 2>&1 & srv_lan=$!
sleep 0.5
trap 'kill $srv_cli $srv_lan $(cat "$VSM_ROOT"/iperf.*.pid 2>/dev/null) 2>/dev/null; net_cleanup' EXIT

# run_case LABEL RUNNER... : RUNNER is the prefix that puts a command on the sending side.
row() {
	label=$1; dst=$2; iport=$3; cport=$4; shift 4
	gbit=$("$@" iperf3 -c "$dst" -p "$iport" -t "$secs" -J 2>/dev/null |
		sed -n 's/.*"bits_per_second":[[:space:]]*\([0-9.e+]*\).*/\1/p' | tail -1)
	lat=$("$@" "$bc" client "$dst" "$cport" "$nconn")
	printf '| %s | %.2f | %s | %s |\n' "$label" "$(awk -v b="${gbit:-0}" 'BEGIN{print b/1e9}')" \
		"$(echo "$lat" | cut -d' ' -f1)" "$(echo "$lat" | cut -d' ' -f2)"
}

echo "| path | TCP Gbit/s (iperf3, ${secs} s) | connect median µs | connect p99 µs |"
echo "|---|---|---|---|"
row "loopback (lo of a namespace)" 127.0.0.1 5202 5302 lan
row "host → client over the LAN bridge" 10.213.1.100 5201 5301 lan
row "guest veth routed → client" 10.213.1.100 5201 5301 lan chbind --ip 10.213.1.71 --
row "guest veth in bridge → client" 10.213.1.100 5201 5301 lan chbind --ip 10.213.1.72 --
row "guest macvlan → client" 10.213.1.100 5201 5301 lan chbind --ip 10.213.1.73 --
for g in "$r" "$b" "$m"; do lan vserver "$g" stop >/dev/null; done
