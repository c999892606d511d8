#!/bin/bash
# Proves vunify on two busybox guests: only truly identical files (content, owner, mode, xattrs)
# end up as one immutable inode; conffiles, excluded paths and planted symlinks to host files are
# left alone; -n changes nothing; a running guest's root cannot modify or unflag a shared file;
# -R gives private copies back; delete of a unified guest works and leaves the other intact.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"

a=ua$$; b=ub$$
t_busybox_guest "$a" || { fail "build $a"; finish; }
t_busybox_guest "$b" || { fail "build $b"; finish; }
ra="$vdirbase/$a"; rb="$vdirbase/$b"
ino() { stat -c %i "$1"; }
immutable() { lsattr -d "$1" 2>/dev/null | cut -c5 | grep -q i; }
shared() { [ "$(ino "$1")" = "$(ino "$2")" ] && immutable "$1"; }

# Test files in both guests, under a path the default list shares.
for r in "$ra" "$rb"; do
	d="$r/usr/share/t"; mkdir -p "$d/sub"
	head -c 20000 /dev/urandom >"$d/.rand" 2>/dev/null
	printf 'same content\n' >"$d/same"
	printf 'same content\n' >"$d/sub/same2"
	printf 'identical conffile\n' >"$d/conf"
	printf 'excluded by list\n' >"$d/excl"
	printf 'owner\n' >"$d/owner"; printf 'mode\n' >"$d/mode"; printf 'xattr\n' >"$d/xattr"
	printf 'host secret\n' >"$r/etc/motd.t"
	mkdir -p "$r/var/lib/dpkg"
	printf 'Package: t\nStatus: install ok installed\nConffiles:\n /usr/share/t/conf 0123456789abcdef0123456789abcdef\n' \
		>"$r/var/lib/dpkg/status"
done
cp "$ra/usr/share/t/.rand" "$rb/usr/share/t/.rand"
printf 'AAAA\n' >"$ra/usr/share/t/samesize"; printf 'BBBB\n' >"$rb/usr/share/t/samesize"
chown 1000:1000 "$rb/usr/share/t/owner"
chmod 600 "$rb/usr/share/t/mode"
python3 -c 'import os,sys; os.setxattr(sys.argv[1], "user.t", b"1")' "$rb/usr/share/t/xattr" ||
	fail "setting a user xattr"
# Guest a's own exclude list: the shipped one plus /usr/share/t/excl.
mkdir -p "$confdir/$a/apps/vunify"
{ cat "$(dirname "$0")/../../share/vunify-exclude"; echo "/usr/share/t/excl"; } \
	>"$confdir/$a/apps/vunify/exclude"

# Hostile guest b: symlinks where guest a has a regular file and a directory, pointing at host
# files with the same content.
hostdir="$VSM_ROOT/hostdir"; mkdir -p "$hostdir"
printf 'host file\n' >"$VSM_ROOT/hostfile"; printf 'host file\n' >"$hostdir/f"
printf 'host file\n' >"$ra/usr/share/t/evil"
mkdir -p "$ra/usr/share/t/evildir"; printf 'host file\n' >"$ra/usr/share/t/evildir/f"
ln -s "$VSM_ROOT/hostfile" "$rb/usr/share/t/evil"
ln -s "$hostdir" "$rb/usr/share/t/evildir"
host_before="$(ino "$VSM_ROOT/hostfile") $(ino "$hostdir/f") $(stat -c %h "$VSM_ROOT/hostfile")"

# Dry run: reports, changes nothing.
snap() { find "$ra" "$rb" -xdev -type f -printf '%i %n %p\n' | sort; lsattr -R "$ra/usr" "$rb/usr" 2>/dev/null; }
before=$(snap)
out=$(vunify -n -v "$a" "$b"); rc=$?
expect_eq "dry run exits 0" 0 "$rc"
expect_match "dry run names a candidate" "$b:/usr/share/t/same: would link" "$out"
expect_eq "dry run changed nothing" "$before" "$(snap)"

out=$(vunify -v "$a" "$b"); rc=$?
expect_eq "vunify exits 0" 0 "$rc"
echo "$out" | tail -1
expect_match "summary line" "^vunify: [0-9]+ files, [1-9][0-9]* linked" "$(echo "$out" | tail -1)"
t="usr/share/t"
check "busybox shared" shared "$ra/bin/busybox" "$rb/bin/busybox"
check "identical file shared" shared "$ra/$t/same" "$rb/$t/same"
check "identical file in a subdirectory shared" shared "$ra/$t/sub/same2" "$rb/$t/sub/same2"
check "same content within and across guests: one inode" [ "$(ino "$ra/$t/same")" = "$(ino "$ra/$t/sub/same2")" ]
check "dot file shared" shared "$ra/$t/.rand" "$rb/$t/.rand"
for f in samesize owner mode xattr conf excl; do
	check "$f stays separate" [ "$(ino "$ra/$t/$f")" != "$(ino "$rb/$t/$f")" ]
	check "$f not immutable" sh -c "! lsattr '$ra/$t/$f' | cut -c5 | grep -q i"
done
check "/etc (default list) not shared" [ "$(ino "$ra/etc/motd.t")" != "$(ino "$rb/etc/motd.t")" ]
expect_eq "host files untouched" "$host_before" \
	"$(ino "$VSM_ROOT/hostfile") $(ino "$hostdir/f") $(stat -c %h "$VSM_ROOT/hostfile")"
check "host file not immutable" sh -c "! lsattr '$VSM_ROOT/hostfile' | cut -c5 | grep -q i"
check "symlinks in b still symlinks" [ -L "$rb/$t/evil" ] && [ -L "$rb/$t/evildir" ]
check "a's own file not linked to host" [ "$(stat -c %h "$ra/$t/evil")" = 1 ]
check "no temporaries left" sh -c "! find '$ra' '$rb' -name '.vunify-tmp.*' | grep -q ."
expect_eq "content kept" "same content" "$(cat "$rb/$t/same")"
expect_eq "showattr shows I" "------I-- $ra/$t/same" "$(showattr "$ra/$t/same")"

out=$(vunify "$a" "$b")
expect_match "second run links nothing new" " 0 linked, [1-9][0-9]* already shared" "$out"

# A running guest's root cannot change a shared file. A static helper clears inode flags.
helper_ok=0
cat >"$VSM_ROOT/clrflags.c" <<'EOF'
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
int main(int c, char **v) { int fd = open(v[1], O_RDONLY), f = 0;
	return fd < 0 || ioctl(fd, FS_IOC_SETFLAGS, &f) < 0; }
EOF
gcc -static -o "$rb/bin/clrflags" "$VSM_ROOT/clrflags.c" 2>/dev/null && helper_ok=1
if vserver "$b" start; then
	vserver "$b" exec sh -c "echo x >> /$t/same" 2>/dev/null; expect_eq "append refused" 1 $?
	vserver "$b" exec sh -c "echo x > /$t/same" 2>/dev/null; expect_eq "write refused" 1 $?
	vserver "$b" exec chmod 777 "/$t/same" 2>/dev/null; check "chmod refused" [ $? -ne 0 ]
	vserver "$b" exec rm -f "/$t/same" 2>/dev/null; check "rm refused" [ $? -ne 0 ]
	vserver "$b" exec mv "/$t/samesize" "/$t/same" 2>/dev/null; check "rename over refused" [ $? -ne 0 ]
	if [ $helper_ok = 1 ]; then
		vserver "$b" exec /bin/clrflags "/$t/same"; check "clearing the flag refused" [ $? -ne 0 ]
	else
		t_log "no static gcc: flag clearing from inside not tried"
	fi
	vserver "$b" exec sh -c "echo private >> /$t/samesize"; expect_eq "unshared file writable" 0 $?
	vserver "$b" stop
else
	fail "start $b"
fi
check "shared file intact" shared "$ra/$t/same" "$rb/$t/same"
expect_eq "shared content intact" "same content" "$(cat "$ra/$t/same")"
expect_eq "shared mode intact" "644" "$(stat -c %a "$ra/$t/same")"

# -R: b gets private copies (content, owner, mode, times kept); a keeps its files.
touch -d '2001-02-03 04:05:06' "$ra/$t/.rand" 2>/dev/null	# fails: immutable
mt=$(stat -c %Y "$rb/$t/same")
out=$(vunify -R "$b"); expect_eq "vunify -R exits 0" 0 $?
check "b's copy is its own" [ "$(ino "$ra/$t/same")" != "$(ino "$rb/$t/same")" ]
check "b's copy not immutable" sh -c "! lsattr '$rb/$t/same' | cut -c5 | grep -q i"
expect_eq "b's copy content" "same content" "$(cat "$rb/$t/same")"
expect_eq "b's copy mode and owner" "644 0:0" "$(stat -c '%a %u:%g' "$rb/$t/same")"
expect_eq "b's copy mtime" "$mt" "$(stat -c %Y "$rb/$t/same")"
check "busybox private again" [ "$(ino "$ra/bin/busybox")" != "$(ino "$rb/bin/busybox")" ]
check "a's last name is private and writable again" sh -c "! lsattr '$ra/$t/.rand' | cut -c5 | grep -q i"

# Unify again and delete a: b's files stay whole.
vunify "$a" "$b" >/dev/null
check "shared again" shared "$ra/$t/same" "$rb/$t/same"
sum_b=$(cd "$rb" && find . -xdev -type f -exec md5sum {} + | sort -k2)
check "delete of a unified guest" vserver --silent "$a" delete
check "a is gone" [ ! -e "$ra" ]
expect_eq "b's files unaffected" "$sum_b" "$(cd "$rb" && find . -xdev -type f -exec md5sum {} + | sort -k2)"
finish
