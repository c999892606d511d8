#!/bin/bash
# Proves the image backend of disk limits on a busybox guest: vdlimit moves the root into a sparse
# ext4 image, writes inside the running guest fail at the limit, vdlimit/vdu/vserver-stat report the
# usage, the image shrinks and grows while stopped (online growth: t_dlimit_online.sh),
# --remove brings the tree back, and no loop device or mount is left after stop or delete.
. "$(dirname "$0")/../lib/common.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
[ -e /dev/loop-control ] || skip "no /dev/loop-control (loop devices)"
command -v mke2fs >/dev/null && command -v resize2fs >/dev/null || skip "e2fsprogs missing"

g=dl$$
img=$vdirbase/.dlimits/$g.img
loops() { losetup -j "$img" 2>/dev/null; }
mounts() { awk -v r="$VSM_ROOT" 'index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo; }
kv() { vdlimit "$g" | sed -n "s/^$1=//p"; }
has_sys_resource() { [ $(( 0x$(awk '/^CapEff/ {print $2}' /proc/self/status) >> 24 & 1 )) = 1 ]; }
dl_cleanup() {
	# Our own kernel objects: the loop device follows the mount (autoclear); detach any left.
	for d in $(losetup -j "$img" 2>/dev/null | cut -d: -f1); do losetup -d "$d"; done
	t_cleanup
}
trap dl_cleanup EXIT

vserver "$g" build -m busybox --hostname "$g" >/dev/null
expect_eq "build" 0 $?
before=$(vdu --script "$g")
expect_eq "no limit yet" "$g: no disk limit" "$(vdlimit "$g")"
echo marker >"$vdirbase/$g/etc/marker"

# A limit in the config without an image is not silently ignored: start fails and says why.
mkdir -p "$confdir/$g/dlimits/0"
echo "$vdirbase/$g" >"$confdir/$g/dlimits/0/directory"
for f in space_total:16384 inodes_total:1000 reserved:0; do echo "${f#*:}" >"$confdir/$g/dlimits/0/${f%%:*}"; done
out=$(vserver "$g" start 2>&1)
check "start refused with a configured limit and no image" test $? -ne 0
expect_match "the refusal names vdlimit" "no root image yet: run .vdlimit $g --set space_total=16384" "$out"
check "not running after the refusal" sh -c "! vserver '$g' running"
vdlimit "$g" --set space_total=16M --set inodes_total=1000 --set reserved=0
expect_eq "vdlimit --set" 0 $?
check "image exists" test -f "$img"
expect_eq "image is sparse" 1 "$(( $(stat -c %b "$img") * 512 < 16 * 1024 * 1024 ))"
expect_eq "vdir empty while stopped" "" "$(ls -A "$vdirbase/$g")"
expect_eq "config space_total" 16384 "$(cat "$confdir/$g"/dlimits/*/space_total)"
used=$(kv space_used)
check "usage recorded while stopped ($used KiB, tree $before KiB)" test "$used" -ge "$((before / 2))" -a "$used" -le "$((before + 4096))"

vserver "$g" start >/dev/null
expect_eq "start" 0 $?
expect_eq "tree inside the image" marker "$(vserver "$g" exec cat /etc/marker)"
expect_eq "one loop device while running" 1 "$(loops | wc -l)"
# Writes fail at the limit (ENOSPC) and the guest sees the image's size.
vserver "$g" exec sh -c 'dd if=/dev/zero of=/fill bs=1M count=64 2>/dev/null'
check "writing 64 MiB into 16 MiB fails" test $? -ne 0
sz=$(vserver "$g" exec sh -c 'ls -l /fill' | awk '{print $5}')
check "the partial file is below 16 MiB ($sz)" test "$sz" -lt $((16 * 1024 * 1024))
vserver "$g" exec sh -c 'dd if=/dev/zero of=/after-full bs=1M count=2 2>/dev/null'
check "a further 2 MiB write fails" test $? -ne 0
vserver "$g" exec rm -f /after-full
used=$(kv space_used); total=$(kv space_fs)
check "usage near the limit ($used of $total KiB)" test "$((total - used))" -lt 1024
expect_eq "vdu agrees with vdlimit" "$used" "$(vdu --script "$g")"
json=$(vserver-stat --format=json)
expect_eq "vserver-stat json disk_used_kb" "$used" \
	"$(printf '%s\n' "$json" | jq -r --arg g "$g" '.guests[] | select(.name == $g) | .disk_used_kb')"
expect_eq "vserver-stat json disk_limit_kb" 16384 \
	"$(printf '%s\n' "$json" | jq -r --arg g "$g" '.guests[] | select(.name == $g) | .disk_limit_kb')"
tsv=$(vserver-stat --format=tsv | awk -F'\t' -v g="$g" 'NR == 1 { print $13, $14 } $3 == g { print $13, $14 }')
expect_eq "vserver-stat tsv disk columns" "disk_used_kb disk_limit_kb
$used 16384" "$tsv"
# Inodes: the guest cannot create more files than the image has.
itotal=$(kv inodes_total)
# mke2fs rounds the count to whole inode-table blocks per group.
check "inode limit near the requested 1000 ($itotal)" test "$itotal" -ge 900 -a "$itotal" -lt 2100
vserver "$g" exec rm -f /fill
vserver "$g" exec sh -c 'mkdir /many; i=0; while [ $i -lt 3000 ]; do : >/many/$i || exit 1; i=$((i+1)); done' 2>/dev/null
check "creating 3000 files fails at the inode limit" test $? -ne 0
iused=$(kv inodes_used)
expect_eq "inodes all used" "$itotal" "$iused"
vserver "$g" exec rm -rf /many

# Growth while running needs ext4's online resize (CAP_SYS_RESOURCE; t_dlimit_online.sh). Without
# it vdlimit refuses with the reason and changes nothing.
if ! has_sys_resource; then
	out=$(vdlimit "$g" --set space_total=24M 2>&1)
	expect_match "online growth refused with the reason" "CAP_SYS_RESOURCE" "$out"
	expect_eq "image size unchanged" 16777216 "$(stat -c %s "$img")"
fi
out=$(vdlimit "$g" --set space_total=8M 2>&1)
expect_match "no shrinking while running" "stop it to shrink" "$out"

vserver "$g" stop >/dev/null
expect_eq "stop" 0 $?
expect_eq "no loop device after stop" "" "$(loops)"
expect_eq "no mount after stop" "" "$(mounts)"

# Offline resize: grow, then shrink; the data survives both.
check "grow while stopped" vdlimit "$g" --set space_total=32M
expect_eq "image grown" 33554432 "$(stat -c %s "$img")"
check "fs grown" test "$(kv space_fs)" -gt 28000
check "shrink while stopped" vdlimit "$g" --set space_total=12M
expect_eq "image shrunk" 12582912 "$(stat -c %s "$img")"
out=$(vdlimit "$g" --set space_total=1M 2>&1)
check "shrinking below the data fails" test $? -ne 0
expect_eq "failed shrink keeps the image" 12582912 "$(stat -c %s "$img")"
vserver "$g" start >/dev/null
expect_eq "restart after resize" marker "$(vserver "$g" exec cat /etc/marker)"
vserver "$g" stop >/dev/null
expect_eq "no loop device after second stop" "" "$(loops)"

# --remove brings the tree back into the vdir.
check "vdlimit --remove" vdlimit "$g" --remove
check "image gone" test ! -e "$img"
expect_eq "tree back in the vdir" marker "$(cat "$vdirbase/$g/etc/marker" 2>/dev/null)"
check "config gone" test ! -e "$confdir/$g/dlimits"

# Delete with an image and a mounted run: nothing left.
vdlimit "$g" --set space_total=16M >/dev/null
vserver "$g" start >/dev/null
vserver "$g" stop >/dev/null
vserver --silent "$g" delete
expect_eq "delete" 0 $?
check "image deleted" test ! -e "$img"
expect_eq "no loop device after delete" "" "$(loops)"
expect_eq "no mount after delete" "" "$(mounts)"
finish
