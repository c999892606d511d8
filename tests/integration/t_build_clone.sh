# Proves that `build -m clone` copies a guest (by name or directory) exactly — owners, modes,
# times, hard links, devices, fifos, capabilities — without following the source's symlinks,
# and gives the clone its own context, hostname and config (keeping the init style).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=cl$$
t_busybox_guest "${g}src" --hostname src.example || fail "source guest"
src="$vdirbase/${g}src"
ln "$src/etc/group" "$src/etc/group.hardlink"
mknod "$src/dev/zero-copy" c 1 5
mkfifo "$src/run/fifo"
cp "$src/bin/busybox" "$src/bin/capped" && setcap cap_net_bind_service+ep "$src/bin/capped"
chown 4321:8765 "$src/etc/shells"
chmod 2751 "$src/srv"
ln -s /etc "$src/host-etc"	# a symlink that must be copied, never followed
chattr +i "$src/etc/profile"
out=$(vserver "$g" build -m clone --hostname copy.example -- --source "${g}src" 2>&1)
expect_eq "clone by name succeeds" 0 $?
expect_match "clone reports progress" "clone: copying [0-9]+ entries" "$out"
chattr -i "$src/etc/profile"
root="$vdirbase/$g"
listing() { (cd "$1" && find . ! -path ./etc/hostname ! -path ./etc/hosts ! -path ./etc \
	-printf '%p %y %m %U %G %n %s %l %T@\n' | sort); }
expect_eq "tree copied exactly" "$(listing "$src")" "$(listing "$root")"
check "hard link kept" [ "$root/etc/group" -ef "$root/etc/group.hardlink" ]
check "not linked to the source" [ ! "$root/etc/group" -ef "$src/etc/group" ]
expect_eq "device kept" "1,5" "$(stat -c '%t,%T' "$root/dev/zero-copy")"
check "fifo kept" [ -p "$root/run/fifo" ]
expect_match "capability kept" "cap_net_bind_service.ep" "$(getcap "$root/bin/capped")"
expect_eq "symlink copied as a link" "/etc" "$(readlink "$root/host-etc")"
check "immutable source file copied, flag not carried" sh -c "! lsattr '$root/etc/profile' | cut -c1-20 | grep -q i"
expect_eq "new hostname in the root" "copy.example" "$(cat "$root/etc/hostname")"
check "hosts rewritten for the new name" grep -q "copy.example" "$root/etc/hosts"
check "source untouched" grep -q "src.example" "$src/etc/hostname"
c1=$(cat "$confdir/${g}src/context"); c2=$(cat "$confdir/$g/context")
check "fresh context ($c1 vs $c2)" [ "$c1" != "$c2" ]
expect_eq "init style kept from the source" plain "$(cat "$confdir/$g/apps/init/style")"
expect_eq "kill sequence kept (USR2 first)" USR2 "$(head -1 "$confdir/$g/apps/init/killseq")"
expect_eq "vdir is the clone's" "$root" "$(readlink "$confdir/$g/vdir")"
check "no temporaries left" t_no_leftovers "$g"

# A directory source, and the errors.
check "clone of a directory" vserver --silent "${g}d" build -m clone -- --source "$src"
check "directory clone has busybox" [ -x "$vdirbase/${g}d/bin/busybox" ]
expect_match "self clone refused" "cannot be cloned onto itself" \
	"$(vserver "${g}e" build -m clone -- --source "${g}e" 2>&1)"
expect_match "missing source guest" "--source ${g}none" \
	"$(vserver "${g}e" build -m clone -- --source "${g}none" 2>&1)"
expect_match "no --source" "no source: use -- --source" \
	"$(vserver "${g}e" build -m clone 2>&1)"
check "failed clones left nothing" t_no_leftovers "${g}e"
finish
