# Proves vserver-convert turns old single-file configs (ALL/0.0.0.0, several IPs with devices and masks, ULIMIT strings, S_CAPS, S_FLAGS with old and unmappable flags, PROFILE blocks, hooks in NAME.sh) into directory configs, reports every setting as mapped, changed or dropped (byte-compared), never overwrites an existing guest, and that the results start on a busybox root (all but the one whose dev: prefixes and IPv6 address would need host network changes, which is checked file by file).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tools.sh"

# One busybox root, copied for each converted guest (the old layout kept roots in /vservers/NAME).
vserver tpl$$ build -m busybox --context 4320 >/dev/null 2>&1 || { fail "build the template"; finish; }
root_for() { cp -a "$vdirbase/tpl$$" "$vdirbase/$1"; }
c1=cva$$; c2=cvb$$; c3=cvc$$; c4=cvd$$

cat >"$confdir/$c1.conf" <<EOT
# An old guest: host network, old flags, limits, capabilities, hooks.
IPROOT="0.0.0.0"
S_HOSTNAME=oldweb
S_DOMAINNAME=example.com
S_NICE=5
S_FLAGS="lock sched nproc fakeinit"
ULIMIT="-HS -u 200 -n 1024 -H -c unlimited -S -s 8192"
S_CAPS="CAP_NET_RAW CAP_SYS_TIME"
S_CONTEXT=4321
ONBOOT=yes
EOT
cat >"$confdir/$c1.sh" <<EOT
case "\$1" in
pre-start) echo "pre-start \$2" >>"$VSM_ROOT/hooks.log" ;;
post-stop) echo "post-stop \$2" >>"$VSM_ROOT/hooks.log" ;;
esac
EOT
vserver-convert "$c1" >"$VSM_ROOT/got1"; rc=$?
expect_eq "convert 1: exit 0" 0 "$rc"
cat >"$VSM_ROOT/expect1" <<EOT
$c1:
changed  IPROOT=0.0.0.0 (no restriction) -> spaces/net 0: the guest uses the host's network namespace
mapped   S_HOSTNAME=oldweb -> uts/nodename
mapped   S_DOMAINNAME=example.com -> uts/domainname
mapped   S_NICE=5 -> nice
dropped  S_FLAGS 'lock': $c1/cflags:1: context flag 'lock' cannot be mapped onto mainline Linux: mainline has no 'no more context switches' bit; use spaces/user
dropped  S_FLAGS 'sched': a 2.4-era flag with no meaning since vserver 1.3; use cgroup/cpu_weight or cgroup/cpu_quota
mapped   S_FLAGS 'nproc' -> cflags
mapped   S_FLAGS 'fakeinit' -> cflags
mapped   S_CAPS 'CAP_NET_RAW' -> bcapabilities
mapped   S_CAPS 'CAP_SYS_TIME' -> bcapabilities
mapped   ULIMIT -u 200 -> ulimits/nproc
mapped   ULIMIT -u 200 -> rlimits/nproc (pids.max)
mapped   ULIMIT -n 1024 -> ulimits/nofile
mapped   ULIMIT -c unlimited -> ulimits/core.hard
changed  ULIMIT -s 8192 (KiB) -> ulimits/stack.soft 8388608 (bytes)
mapped   S_CONTEXT=4321 -> context
mapped   ONBOOT=yes -> apps/init/mark default
mapped   root /vservers/$c1 -> vdir $vdirbase/$c1
changed  init: /sbin/init runs as the guest's PID 1 (apps/init/style plain)
mapped   $c1.sh pre-start -> scripts/pre-start
mapped   $c1.sh post-stop -> scripts/post-stop
$c1: converted; see the dropped settings above
EOT
check "convert 1: report byte-identical" cmp "$VSM_ROOT/expect1" "$VSM_ROOT/got1"
cmp -s "$VSM_ROOT/expect1" "$VSM_ROOT/got1" || diff "$VSM_ROOT/expect1" "$VSM_ROOT/got1"
gd=$confdir/$c1
expect_eq "spaces/net" 0 "$(cat "$gd/spaces/net")"
expect_eq "uts" "oldweb example.com" "$(cat "$gd/uts/nodename") $(cat "$gd/uts/domainname")"
expect_eq "cflags" "nproc fakeinit" "$(cat "$gd/cflags" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "bcapabilities" "NET_RAW SYS_TIME" "$(cat "$gd/bcapabilities" | tr '\n' ' ' | sed 's/ $//')"
expect_eq "ulimits" "200 1024 inf 8388608 200" \
	"$(cat "$gd/ulimits/nproc") $(cat "$gd/ulimits/nofile") $(cat "$gd/ulimits/core.hard") $(cat "$gd/ulimits/stack.soft") $(cat "$gd/rlimits/nproc")"
expect_eq "context" 4321 "$(cat "$gd/context")"
expect_eq "mark" default "$(cat "$gd/apps/init/mark")"
expect_eq "vdir" "$vdirbase/$c1" "$(readlink "$gd/vdir")"
check "hooks are executable" test -x "$gd/scripts/pre-start" -a -x "$gd/scripts/post-stop"
check "no hook for what the script does not handle" test ! -e "$gd/scripts/post-start"
"$gd/scripts/pre-start"; "$gd/scripts/post-stop"
expect_eq "hooks run the old script with the old arguments" "pre-start $c1
post-stop $c1" "$(cat "$VSM_ROOT/hooks.log")"
root_for "$c1"
check "converted guest 1 starts" vserver "$c1" start
expect_eq "guest 1: hostname" oldweb "$(vserver "$c1" exec hostname)"
expect_eq "guest 1: bounding set has NET_RAW and SYS_TIME" "00000000b64425fb" \
	"$(vserver "$c1" exec grep CapBnd /proc/self/status | awk '{print $2}')"
expect_eq "guest 1: nice of init" 5 "$(awk '{print $19}' /proc/$(tools_init "$c1")/stat)"
vserver "$c1" stop >/dev/null

# Several addresses with devices and masks, defaults, IPv6, a PROFILE block, unknown and unparsable
# lines. Converted and checked file by file; it is not started: a dev: prefix publishes the address
# by proxy ARP on a real host device, and a routed IPv6 address needs host forwarding.
cat >"$confdir/$c2.conf" <<'EOT'
IPROOT="eth0:192.168.7.10/24 192.168.8.11/255.255.0.0 2001:db8::5/64 eth1:10.1.2.3 300.1.1.1"
IPROOTDEV=eth0
IPROOTMASK=255.255.255.0
IPROOTBCAST=192.168.7.255
S_HOSTNAME="two words"
S_DOMAINNAME=none
S_NICE=99
S_FLAGS="private virt_mem"
PRIORITY=30
NEWVAR=1
S_CONTEXT=$(cat /etc/ctx)
case "$PROFILE" in
	prod) S_NICE=1 ;;
esac
EOT
vserver-convert "$c2" >"$VSM_ROOT/got2"; expect_eq "convert 2: exit 0" 0 $?
got2=$(cat "$VSM_ROOT/got2")
expect_match "2: IPROOTDEV" "^mapped   IPROOTDEV=eth0 -> interfaces/dev$" "$got2"
expect_match "2: IPROOTMASK" "^mapped   IPROOTMASK=255.255.255.0 -> interfaces/mask$" "$got2"
expect_match "2: IPROOTBCAST" "^mapped   IPROOTBCAST=192.168.7.255 -> interfaces/bcast$" "$got2"
expect_match "2: dev:ip/prefix" "^mapped   IPROOT entry eth0:192.168.7.10/24 -> interfaces/00/$" "$got2"
expect_match "2: ip/mask" "^mapped   IPROOT entry 192.168.8.11/255.255.0.0 -> interfaces/01/$" "$got2"
expect_match "2: IPv6" "^mapped   IPROOT entry 2001:db8::5/64 -> interfaces/02/$" "$got2"
expect_match "2: dev:ip" "^mapped   IPROOT entry eth1:10.1.2.3 -> interfaces/03/$" "$got2"
expect_match "2: bad address dropped" "^dropped  IPROOT entry '300.1.1.1': " "$got2"
expect_match "2: bad hostname dropped" "^dropped  S_HOSTNAME: " "$got2"
expect_match "2: nice out of range dropped" "^dropped  S_NICE: .*-20..19" "$got2"
expect_match "2: virt_mem dropped with the replacement" "^dropped  S_FLAGS 'virt_mem': .*cgroup/memory_max" "$got2"
expect_match "2: private mapped" "^mapped   S_FLAGS 'private' -> cflags$" "$got2"
expect_match "2: PRIORITY dropped" "^dropped  PRIORITY=30: .*apps/init/depends" "$got2"
expect_match "2: unknown variable dropped" "^dropped  NEWVAR \(line 10\): not a setting of the old format$" "$got2"
expect_match "2: PROFILE block reported" "^dropped  line 12: .case .PROFILE. blocks are not converted" "$got2"
expect_match "2: shell not run" "^dropped  line 11 \(and maybe others\): shell code other than assignments is not run" "$got2"
expect_match "2: context allocated" "^changed  context [0-9]+ allocated \(no usable S_CONTEXT\)$" "$got2"
check "2: no domainname for none" test ! -e "$confdir/$c2/uts/domainname"
gd=$confdir/$c2
expect_eq "2: interfaces" "192.168.7.10/24/eth0 192.168.8.11/16/ 2001:db8::5/64/ 10.1.2.3//eth1" \
	"$(for i in 00 01 02 03; do printf '%s/%s/%s ' "$(cat $gd/interfaces/$i/ip)" "$(cat $gd/interfaces/$i/prefix 2>/dev/null)" "$(cat $gd/interfaces/$i/dev 2>/dev/null)"; done | sed 's/ $//')"
check "2: no fifth interface" test ! -e "$gd/interfaces/04"
expect_eq "2: defaults" "eth0 24 192.168.7.255" \
	"$(cat $gd/interfaces/dev) $(cat $gd/interfaces/prefix) $(cat $gd/interfaces/bcast)"

# Several routed IPv4 addresses (documentation ranges, no host device): converted and started.
o=$(( $$ % 200 + 20 ))
printf 'IPROOT="198.51.100.%s/24 203.0.113.%s"\nS_HOSTNAME=multi\n' "$o" "$o" >"$confdir/$c4.conf"
vserver-convert "$c4" >"$VSM_ROOT/got4"; expect_eq "convert 4: exit 0" 0 $?
expect_match "4: two addresses" "interfaces/01/" "$(cat "$VSM_ROOT/got4")"
root_for "$c4"
check "converted guest 4 (two addresses) starts" vserver "$c4" start
expect_match "4: both addresses in the guest" "198\.51\.100\.$o/24.*203\.0\.113\.$o/32|203\.0\.113\.$o/32.*198\.51\.100\.$o/24" \
	"$(vserver "$c4" exec ip -o -4 addr show 2>/dev/null | tr '\n' ' ')"
vserver "$c4" stop >/dev/null

# ALL, a context another guest uses, CAP_ names libcap does not know.
printf 'IPROOT=ALL\nS_CONTEXT=4321\nS_CAPS="CAP_BOGUS CAP_MKNOD"\nONBOOT=no\n' >"$confdir/$c3.conf"
vserver-convert "$c3" >"$VSM_ROOT/got3"; expect_eq "convert 3: exit 0" 0 $?
got3=$(cat "$VSM_ROOT/got3")
expect_match "3: ALL" "^changed  IPROOT=ALL \(no restriction\) -> spaces/net 0" "$got3"
expect_match "3: context in use" "^dropped  S_CONTEXT=4321: .*$c1" "$got3"
expect_match "3: unknown capability" "^dropped  S_CAPS 'CAP_BOGUS': .*unknown capability" "$got3"
expect_match "3: ONBOOT=no" "^mapped   ONBOOT=no -> not marked for boot$" "$got3"
expect_eq "3: MKNOD kept" MKNOD "$(cat "$confdir/$c3/bcapabilities")"
root_for "$c3"
check "converted guest 3 starts" vserver "$c3" start
vserver "$c3" stop >/dev/null

# Never over an existing guest; missing files and bad names.
before=$(find "$confdir/$c1" -type f | sort | xargs cat | md5sum)
vserver-convert "$c1" >/dev/null 2>"$VSM_ROOT/err"; expect_eq "existing guest: exit 1" 1 $?
expect_match "existing guest: says so" "never overwrites" "$(cat "$VSM_ROOT/err")"
expect_eq "existing guest: untouched" "$before" "$(find "$confdir/$c1" -type f | sort | xargs cat | md5sum)"
vserver-convert nosuch$$ >/dev/null 2>"$VSM_ROOT/err"; expect_eq "missing NAME.conf: exit 1" 1 $?
expect_match "missing NAME.conf: names the file" "nosuch$$.conf: no such file" "$(cat "$VSM_ROOT/err")"
vserver-convert '../x' >/dev/null 2>&1; expect_eq "bad name: exit 1" 1 $?
vserver-convert >/dev/null 2>&1; expect_eq "no name: 255" 255 $?
finish
