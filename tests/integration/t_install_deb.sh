#!/bin/bash
# Proves the Debian package builds from a copy of the tree (dpkg-buildpackage -us -uc -b), installs the
# documented files, runs from the installed paths (vserver-info, a busybox guest with a disk-limit
# image started through /usr/libexec/vsm/vsm-monitor, stopped and deleted) and is removed with no
# file left behind.
. "$(dirname "$0")/../lib/common.sh"
[ "$(id -u)" = 0 ] || skip "needs root (dpkg -i)"
for c in dpkg-buildpackage dh scons fakeroot; do
	command -v "$c" >/dev/null || skip "$c is not installed (share/install-deps.sh)"
done
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
top=$(cd "$(dirname "$0")/../.." && pwd)
# One run at a time on this host; never replace a vsm package someone installed.
exec 9>/tmp/vsm-t_install_deb.lock
flock -w 600 9 || skip "another t_install_deb run holds /tmp/vsm-t_install_deb.lock"
dpkg-query -W -f='${Status}' vsm 2>/dev/null | grep -q "ok installed" &&
	skip "a vsm package is already installed on this host; not touching it"
[ -e /usr/sbin/vserver ] && skip "/usr/sbin/vserver exists (not from a vsm package); not overwriting it"

work=$(mktemp -d /tmp/vsmdeb.XXXXXX)
installed=0
deb_cleanup() {
	[ "$installed" = 1 ] && dpkg --purge vsm >/dev/null 2>&1
	rm -rf "$work"
	t_cleanup
}
trap deb_cleanup EXIT

# Build from a copy: dpkg-buildpackage writes the .deb into the parent directory.
mkdir -p "$work/vsm"
(cd "$top" && tar -cf - --exclude='./build' --exclude='./build-*' --exclude='./.sconsign.dblite' \
	--exclude='./compile_commands.json' --exclude='./.git' .) | tar -xf - -C "$work/vsm"
(cd "$work/vsm" && DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b) \
	>"$work/build.log" 2>&1
rc=$?
expect_eq "dpkg-buildpackage exit code" 0 $rc
[ $rc = 0 ] || { tail -20 "$work/build.log" | sed 's/^/#   /'; finish; }
deb=$(ls "$work"/vsm_*_*.deb 2>/dev/null | head -1)
check "a .deb in the parent directory" test -f "$deb"

dpkg -i "$deb" >"$work/dpkg.log" 2>&1
rc=$?
[ $rc = 0 ] && installed=1
expect_eq "dpkg -i exit code" 0 $rc
[ $rc = 0 ] || { tail -5 "$work/dpkg.log" | sed 's/^/#   /'; finish; }

# The package holds the documented list under /usr (man pages compressed by dh_compress).
expected=$(grep -v '^#' "$top/tests/data/install-files.txt" | sed 's|^|/usr/|; s|\(/share/man/man./.*\)$|\1.gz|' | sort)
actual=$(dpkg -L vsm | grep -v '^/usr/share/doc/' | while read -r f; do [ -d "$f" ] || echo "$f"; done | sort)
if [ "$expected" = "$actual" ]; then ok "package files = documented list"; else
	fail "package files differ from tests/data/install-files.txt:"
	diff <(echo "$expected") <(echo "$actual") | sed 's/^/#   /'
fi

# Installed programs only: no build tree on PATH.
PATH=/usr/sbin:/usr/bin:/sbin:/bin
out=$(/usr/sbin/vserver-info 2>&1); rc=$?
expect_eq "installed vserver-info exit code" 0 $rc
expect_match "vserver-info reports the kernel" "$(uname -r)" "$out"

g=deb$$
/usr/sbin/vserver "$g" build -m busybox --hostname "$g.example" >"$work/guest.log" 2>&1
expect_eq "installed vserver build" 0 $?
# The guest's root in a limited image (the installed vdlimit and monitor, e2fsprogs from Depends).
/usr/sbin/vdlimit "$g" --set space_total=32M >>"$work/guest.log" 2>&1
expect_eq "installed vdlimit --set" 0 $?
/usr/sbin/vserver "$g" start >>"$work/guest.log" 2>&1
expect_eq "installed vserver start" 0 $?
expect_match "root image mounted" "^space_used=[0-9]+$" "$(/usr/sbin/vdlimit "$g" | grep ^space_used=)"
expect_eq "guest root is the image" "$(stat -c %d "$vdirbase/.dlimits")" \
	"$(stat -c %d "$vdirbase/.dlimits/$g.img")"
check "vdir is a different filesystem" test "$(stat -c %d "$vdirbase/$g")" != "$(stat -c %d "$vdirbase/.dlimits")"
check "guest running" /usr/sbin/vserver "$g" running
mon=$(cut -d' ' -f1 "$rundir/$g/monitor.pid" 2>/dev/null)
expect_eq "monitor is the installed one" /usr/libexec/vsm/vsm-monitor "$(readlink "/proc/$mon/exe" 2>/dev/null)"
expect_eq "hostname inside" "$g.example" "$(/usr/sbin/vserver "$g" exec hostname)"
# (start reads the seccomp deny-list, so a start that works found /usr/share/vsm/seccomp.deny)
expect_match "vserver-stat lists the guest" "$g" "$(/usr/sbin/vserver-stat)"
/usr/sbin/vserver "$g" stop >>"$work/guest.log" 2>&1
expect_eq "installed vserver stop" 0 $?
check "guest stopped" sh -c "! /usr/sbin/vserver '$g' running"
expect_eq "no loop device after stop" "" "$(losetup -j "$vdirbase/.dlimits/$g.img")"
/usr/sbin/vserver --silent "$g" delete >>"$work/guest.log" 2>&1
expect_eq "installed vserver delete" 0 $?
check "guest config gone" test ! -e "$confdir/$g"
[ "$T_FAILS" = 0 ] || tail -20 "$work/guest.log" | sed 's/^/#   /'

dpkg --purge vsm >"$work/dpkg.log" 2>&1
expect_eq "dpkg --purge exit code" 0 $?
installed=0
left=""
for f in $actual /usr/libexec/vsm /usr/share/vsm; do [ -e "$f" ] && left="$left $f"; done
expect_eq "no package files left" "" "$left"
finish
