#!/bin/bash
# Proves vunify on two clones of a Debian bookworm guest: the system is shared as immutable links
# (disk use drops), dpkg conffiles are read from the stopped guest's tree and stay private even
# where the list would share them, `apt-get install --reinstall` fails on shared files but works
# through vapt-get (offline, from the guest's own package cache) and --unify shares them again,
# and deleting one unified guest leaves the other whole.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

a=da$$; b=db$$
t_debootstrap_guest "$a" || finish
t_debootstrap_guest "$b" || finish
ra="$vdirbase/$a"; rb="$vdirbase/$b"
ino() { stat -c %i "$1"; }
immutable() { lsattr -d "$1" 2>/dev/null | cut -c5 | grep -q i; }
shared() { [ "$(ino "$1")" = "$(ino "$2")" ] && immutable "$1"; }

# Both guests use a list that would share /etc, so only the conffile rule keeps conffiles apart.
for g in "$a" "$b"; do
	mkdir -p "$confdir/$g/apps/vunify"
	printf '/dev\n/proc\n/sys\n/tmp\n/run\n/var\n/root/*\n/home\n~/etc/shadow\n~/etc/passwd\n' \
		>"$confdir/$g/apps/vunify/exclude"
done
conf=$(awk '/^Conffiles:/ { c = 1; next } /^[^ ]/ { c = 0 } c && $1 ~ /^\/etc\// { print $1 }' \
	"$ra/var/lib/dpkg/status" | while read -r f; do [ -f "$ra$f" ] && [ ! -L "$ra$f" ] && echo "$f"; done | head -20)
check "the guest has conffiles" [ -n "$conf" ]

used() { du -sk "$vdirbase" | cut -f1; }
before=$(used)
start=$(date +%s.%N)
out=$(vunify "$a" "$b"); rc=$?
secs=$(echo "$(date +%s.%N) - $start" | bc)
expect_eq "vunify exits 0" 0 "$rc"
echo "$out"
after=$(used)
t_log "disk used by the two guests: ${before} KiB before, ${after} KiB after, ${secs} s"
# /var (package cache, dpkg database) and the conffiles stay private: a quarter at least goes.
check "disk use dropped by over a quarter" [ "$after" -lt $((before * 3 / 4)) ]
for f in /usr/bin/bash /usr/lib/x86_64-linux-gnu/libc.so.6 /usr/bin/apt-get /usr/share/doc/dpkg/copyright; do
	check "$f shared" shared "$ra$f" "$rb$f"
done
nconf=0; nbad=0
for f in $conf; do
	nconf=$((nconf + 1))
	[ "$(ino "$ra$f")" = "$(ino "$rb$f")" ] && { nbad=$((nbad + 1)); t_log "conffile $f shared"; }
done
expect_eq "none of $nconf conffiles shared" 0 "$nbad"
plain=$(cd "$ra" && find etc -xdev -type f -size +0 ! -name passwd ! -name shadow | sed 's|^|/|' |
	grep -vxF "$(awk '/^Conffiles:/ { c = 1; next } /^[^ ]/ { c = 0 } c { print $1 }' "$ra/var/lib/dpkg/status")" | head -1)
t_log "a file of /etc that is no conffile: $plain"
check "a non-conffile in /etc shared (the list allows it)" shared "$ra$plain" "$rb$plain"
check "excluded /var not shared" [ "$(ino "$ra/var/lib/dpkg/status")" != "$(ino "$rb/var/lib/dpkg/status")" ]
check "excluded /etc/passwd not shared" [ "$(ino "$ra/etc/passwd")" != "$(ino "$rb/etc/passwd")" ]

# Package operations inside a running guest. The guest has no init: a sleep stands in for one.
mkdir -p "$confdir/$a/apps/init"
printf '/bin/sleep\n100000\n' >"$confdir/$a/apps/init/cmd.start"
printf 'KILL\n' >"$confdir/$a/apps/init/killseq"
deb=$(cd "$ra" && ls var/cache/apt/archives/hostname_*.deb 2>/dev/null | head -1)
[ -n "$deb" ] || skip "no hostname package in the guest's package cache"
vserver "$a" start || { fail "start $a"; finish; }
check "hostname binary shared before" shared "$ra/usr/bin/hostname" "$rb/usr/bin/hostname"
sum_host=$(md5sum <"$rb/usr/bin/hostname")
vserver "$a" exec apt-get install -y --reinstall "/$deb" >"$VSM_ROOT/apt1.log" 2>&1
rc=$?
check "plain apt-get reinstall fails on a shared file (rc $rc)" [ "$rc" -ne 0 ]
expect_match "dpkg says why" "backup link|Operation not permitted" "$(cat "$VSM_ROOT/apt1.log")"
out=$(vapt-get "$a" -- install -y --reinstall "/$deb" 2>&1); rc=$?
echo "$out" | tail -3
expect_eq "vapt-get reinstall exits 0" 0 "$rc"
expect_match "vapt-get un-shared the package's files" "un-shared [1-9][0-9]* shared files of 1 packages" "$out"
check "a's hostname private now" [ "$(ino "$ra/usr/bin/hostname")" != "$(ino "$rb/usr/bin/hostname")" ]
expect_eq "b's hostname untouched" "$sum_host" "$(md5sum <"$rb/usr/bin/hostname")"
expect_eq "hostname runs in a" "ok" "$(vserver "$a" exec sh -c 'hostname >/dev/null && echo ok')"
check "dpkg is happy" vserver "$a" exec dpkg --audit
out=$(vapt-get --unify --with "$b" "$a" -- install -y --reinstall "/$deb" 2>&1); rc=$?
expect_eq "vapt-get --unify exits 0" 0 "$rc"
expect_match "re-unified" "vunify: [1-9][0-9]* linked" "$out"
check "hostname shared again" shared "$ra/usr/bin/hostname" "$rb/usr/bin/hostname"
vserver "$a" stop

# Deleting a unified guest: b stays whole.
sum_b=$(cd "$rb/usr" && find . -xdev -type f -exec md5sum {} + | sort -k2 | md5sum)
check "delete of unified guest $a" vserver --silent "$a" delete
check "a is gone" [ ! -e "$ra" ]
expect_eq "b's /usr unaffected" "$sum_b" "$(cd "$rb/usr" && find . -xdev -type f -exec md5sum {} + | sort -k2 | md5sum)"
check "b's dpkg database consistent" chroot "$rb" dpkg --audit
finish
