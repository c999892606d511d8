# Proves that `build -m template` reproduces a tarball's tree exactly (owners, modes, times, hard
# links, devices, capabilities) and refuses archives whose members would escape the guest root,
# leaving nothing behind.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=tp$$
t_busybox_guest "${g}src" || fail "source guest"
src="$vdirbase/${g}src"
ln "$src/etc/passwd" "$src/etc/passwd.hardlink"
mknod "$src/dev/null-copy" c 1 3
cp "$src/bin/busybox" "$src/bin/ping-cap" && setcap cap_net_raw+ep "$src/bin/ping-cap"
chmod 4755 "$src/bin/ping-cap" 2>/dev/null
chown 1234:5678 "$src/etc/group"
tmp=$(mktemp -d "$VSM_ROOT/tar.XXXXXX")
tar -C "$src" --xattrs --xattrs-include='*' -czf "$tmp/guest.tar.gz" .
out=$(vserver "$g" build -m template --hostname tpl.example -- -t "$tmp/guest.tar.gz" 2>&1)
expect_eq "template build succeeds" 0 $?
root="$vdirbase/$g"
listing() { (cd "$1" && find . ! -path ./etc/hostname ! -path ./etc/hosts ! -path ./etc \
	-printf '%p %y %m %U %G %n %s %l %T@ %D-%i\n' | awk '{ $NF=""; print }' | sort); }
# Same listing apart from inode numbers; hard link counts prove links were kept.
expect_eq "tree reproduced (modes, owners, times, links)" "$(listing "$src")" "$(listing "$root")"
check "hard link kept" [ "$root/etc/passwd" -ef "$root/etc/passwd.hardlink" ]
expect_eq "device node kept" "1,3" "$(stat -c '%t,%T' "$root/dev/null-copy")"
expect_match "file capability kept" "cap_net_raw.ep" "$(getcap "$root/bin/ping-cap")"
expect_eq "hostname is the new guest's" "tpl.example" "$(cat "$root/etc/hostname")"
check "no temporaries left" t_no_leftovers "$g"

# Hostile archives.
mkdir -p "$tmp/a/sub" "$tmp/b/esc" "$tmp/c"
echo pwned >"$tmp/b/esc/payload"
ln -s "$tmp/outside" "$tmp/a/esc"
mkdir -p "$tmp/outside"
tar -C "$tmp/a" -cf "$tmp/symlink.tar" esc && tar -C "$tmp/b" -rf "$tmp/symlink.tar" esc/payload
echo pwned >"$tmp/c/f"
tar -C "$tmp/c" -P -cf "$tmp/dotdot.tar" ../c/f 2>/dev/null
tar -P -cf "$tmp/absolute.tar" "$tmp/c/f" 2>/dev/null
for t in symlink dotdot absolute; do
	out=$(vserver "${g}$t" build -m template -- -t "$tmp/$t.tar" 2>&1); rc=$?
	expect_eq "$t archive refused" 1 "$rc"
	check "$t archive left nothing" t_no_leftovers "${g}$t"
	check "$t archive made no guest" [ ! -e "$confdir/${g}$t" ] && [ ! -e "$vdirbase/${g}$t" ]
	echo "  ($t: $out)"
done
expect_match "'..' member is named" "contains '\.\.': refused" \
	"$(vserver "${g}x" build -m template -- -t "$tmp/dotdot.tar" 2>&1)"
expect_match "absolute member is named" "is an absolute path: refused" \
	"$(vserver "${g}x" build -m template -- -t "$tmp/absolute.tar" 2>&1)"
expect_eq "nothing written outside the root" "" "$(ls "$tmp/outside")"
out=$(vserver "${g}x" build -m template -- -t "$tmp/nonexistent.tar" 2>&1)
expect_match "missing tarball named" "nonexistent.tar" "$out"
printf 'not a tar archive at all' >"$tmp/junk.tar"
out=$(vserver "${g}x" build -m template -- -t "$tmp/junk.tar" 2>&1)
expect_match "junk refused" "not a tar archive|ends in the middle" "$out"
check "junk left nothing" t_no_leftovers "${g}x"
finish
