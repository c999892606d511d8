#!/bin/bash
# Proves the guest's mount tree: fstab entries mounted inside the root (a guest symlink cannot lead a
# mount out of it), read-only binds, masked /proc and /sys paths, no mount privilege inside, a time
# namespace (uptime counts from the guest's start), and nothing of it visible on the host.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=rtm$$
rt_make_guest "$g"
r="$vdirbase/$g"
mkdir -p "$VSM_ROOT/hostdir/x" "$VSM_ROOT/shared" "$r/mnt" "$r/srv" "$r/hostdir/x"
echo "from-host" >"$VSM_ROOT/shared/file"
# A symlink inside the guest that, followed on the host, leads to $VSM_ROOT/hostdir: inside the
# guest root it must resolve to the guest's own /hostdir.
ln -s ../../../hostdir "$r/mnt/escape"
check "the symlink points out of the root on the host" test -d "$r/mnt/escape/x"
cat >"$confdir/$g/fstab" <<EOF2
none /tmp tmpfs size=8m,mode=1777 0 0
none /mnt/escape/x tmpfs size=1m 0 0
$VSM_ROOT/shared /srv none bind,ro 0 0
EOF2
check "start" vserver "$g" start
expect_match "/tmp is a tmpfs" "tmpfs" "$(vserver "$g" exec sh -c 'grep " /tmp " /proc/mounts')"
vserver "$g" exec sh -c 'echo guest >/mnt/escape/x/file' 2>/dev/null
check "the symlinked mount stayed inside the guest root" test ! -e "$VSM_ROOT/hostdir/x/file"
expect_eq "the mount landed on the guest's /hostdir/x" "guest" "$(vserver "$g" exec cat /hostdir/x/file)"
check "nothing mounted on the host path" sh -c "! grep -q '$VSM_ROOT/hostdir' /proc/self/mountinfo"
expect_eq "bind mount visible" "from-host" "$(vserver "$g" exec cat /srv/file)"
expect_eq "bind mount read-only" "ro" "$(vserver "$g" exec sh -c 'echo x >/srv/file 2>/dev/null && echo rw || echo ro')"
expect_eq "/proc/timer_list masked" "0" "$(vserver "$g" exec sh -c 'cat /proc/timer_list 2>/dev/null | wc -c')"
expect_eq "/sys/firmware masked" "" "$(vserver "$g" exec ls -A /sys/firmware)"
expect_eq "/sys read-only" "ro" "$(vserver "$g" exec sh -c 'touch /sys/x 2>/dev/null && echo rw || echo ro')"
expect_eq "mount denied inside" "denied" "$(vserver "$g" exec sh -c 'mount -t tmpfs none /mnt 2>/dev/null && echo allowed || echo denied')"
expect_eq "umount of a mask denied" "denied" "$(vserver "$g" exec sh -c 'umount /proc/timer_list 2>/dev/null && echo allowed || echo denied')"
expect_eq "/dev is minimal" "console full null ptmx pts random shm stderr stdin stdout tty urandom zero fd" \
	"$(vserver "$g" exec ls /dev | grep -v '^fd$' | tr '\n' ' ' | sed 's/ $//') fd"
expect_eq "no block devices" "0" "$(vserver "$g" exec sh -c 'find /dev -type b | wc -l')"
up=$(vserver "$g" exec cut -d. -f1 /proc/uptime)
hostup=$(cut -d. -f1 /proc/uptime)
if [ "$hostup" -gt 120 ]; then
	check "uptime counts from the guest's start (${up}s, host ${hostup}s)" test "$up" -lt 60
fi
check "stop" vserver "$g" stop
check "no mounts left" sh -c "! grep -q '$VSM_ROOT' /proc/self/mountinfo"
check "no sanitizer report in the log" rt_log_clean "$g"
finish
