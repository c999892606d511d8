#!/bin/bash
# Proves a running guest's image-backed root grows online with vdlimit (truncate, LOOP_SET_CAPACITY,
# resize2fs on the mounted filesystem): the guest sees the new size at once and can write past the
# old limit, and stop leaves no loop device or mount.
. "$(dirname "$0")/../lib/common.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
[ -e /dev/loop-control ] || skip "no /dev/loop-control (loop devices)"
command -v resize2fs >/dev/null || skip "e2fsprogs missing"
[ $(( 0x$(awk '/^CapEff/ {print $2}' /proc/self/status) >> 24 & 1 )) = 1 ] ||
	skip "this process lacks CAP_SYS_RESOURCE, which ext4's online resize needs"

g=dlo$$
img=$vdirbase/.dlimits/$g.img
kv() { vdlimit "$g" | sed -n "s/^$1=//p"; }
dl_cleanup() {
	for d in $(losetup -j "$img" 2>/dev/null | cut -d: -f1); do losetup -d "$d"; done
	t_cleanup
}
trap dl_cleanup EXIT

vserver "$g" build -m busybox >/dev/null
check "limit 16M" vdlimit "$g" --set space_total=16M
vserver "$g" start >/dev/null
expect_eq "start" 0 $?
vserver "$g" exec sh -c 'dd if=/dev/zero of=/f1 bs=1M count=20 2>/dev/null'
check "20 MiB do not fit in 16" test $? -ne 0
vserver "$g" exec rm -f /f1
check "grow online to 48M" vdlimit "$g" --set space_total=48M
check "filesystem grown ($(kv space_fs) KiB)" test "$(kv space_fs)" -gt 40000
vserver "$g" exec sh -c 'dd if=/dev/zero of=/f1 bs=1M count=20 2>/dev/null'
expect_eq "20 MiB fit now" 0 $?
vserver "$g" stop >/dev/null
expect_eq "no loop device after stop" "" "$(losetup -j "$img")"
finish
