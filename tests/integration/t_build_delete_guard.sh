# Proves delete never wipes what an edited vdir link points at unless it is the guest's own tree:
# vsm's config dir, the directory of all roots, another guest's root, host system directories.
. "$(dirname "$0")/../lib/common.sh"
vserver x1 build -m skeleton >/dev/null 2>&1 || fail "build x1"
vserver x2 build -m skeleton >/dev/null 2>&1 || fail "build x2"
mkdir -p "$rundir" "$logdir"
for target in "$confdir" "$vdirbase" "$vdirbase/x1" "$VSM_ROOT" "$VSM_ROOT/etc" /etc /usr/share /var/lib "$rundir" "$logdir"; do
	ln -sfn "$target" "$confdir/x2/vdir"
	out=$(vserver x2 delete --silent 2>&1); rc=$?
	check "delete refuses vdir -> $target (rc $rc)" [ "$rc" -ne 0 ]
	expect_match "the refusal names the target" "refusing to delete|overlaps another guest" "$out"
done
check "x1's config survived" [ -d "$confdir/x1" ]
check "x1's root survived" [ -d "$vdirbase/x1/etc" ]
check "the config dir survived" [ -d "$confdir/x2" ]
ln -sfn "$vdirbase/x2" "$confdir/x2/vdir"
check "with its own root restored, delete works" vserver x2 delete --silent
check "x2 is gone" [ ! -e "$confdir/x2" ] && [ ! -e "$vdirbase/x2" ]
finish
