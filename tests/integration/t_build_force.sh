# Proves that --force moves an existing guest (root and config) aside to <path>.~<epoch>~ before
# the new one takes its place, refuses while the guest runs, and that --keep keeps a failed build
# under visible names while a failure without it leaves nothing.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=fo$$
t_busybox_guest "$g" || fail "first build"
echo precious >"$vdirbase/$g/root/marker"
out=$(vserver "$g" build -m skeleton 2>&1)
expect_match "without --force: refused" "exists.*use --force" "$out"
check "without --force: untouched" [ -f "$vdirbase/$g/root/marker" ]
check "--force rebuild" vserver --silent "$g" build -m skeleton --force
check "new guest is a skeleton" [ ! -e "$vdirbase/$g/bin/busybox" ]
aside_root=$(ls -d "$vdirbase/$g".~*~ 2>/dev/null)
aside_conf=$(ls -d "$confdir/$g".~*~ 2>/dev/null)
check "old root moved aside ($aside_root)" [ -f "$aside_root/root/marker" ]
check "old config moved aside ($aside_conf)" [ -f "$aside_conf/context" ]
expect_eq "same epoch for root and config" "${aside_root##*.~}" "${aside_conf##*.~}"
expect_match "epoch suffix" '\.~[0-9]{9,}~$' "$aside_root"
check "no temporaries left" t_no_leftovers "$g"

# A running guest (a run record naming a live process) is not rebuilt.
mkdir -p "$rundir/$g"
sleep 300 & live=$!
echo "$live" >"$rundir/$g/pid"
out=$(vserver "$g" build -m skeleton --force 2>&1)
expect_match "--force refused while running" "is running; stop it" "$out"
kill "$live"; wait "$live" 2>/dev/null
rm -rf "$rundir/$g"

# A failing build: nothing stays; with --keep, visible *.failed.~epoch~ directories.
printf junk >"$VSM_ROOT/junk.tar"
vserver --silent "${g}k" build -m template -- -t "$VSM_ROOT/junk.tar" 2>/dev/null
check "failed build left nothing" t_no_leftovers "${g}k"
check "failed build: no guest" [ ! -e "$confdir/${g}k" ] && [ ! -e "$vdirbase/${g}k" ]
out=$(vserver "${g}k" build -m template --keep -- -t "$VSM_ROOT/junk.tar" 2>&1)
expect_match "--keep says where" "kept the failed build" "$out"
check "--keep kept the root" sh -c "ls -d '$vdirbase/${g}k'.failed.~*~"
check "--keep kept the config" sh -c "ls -d '$confdir/${g}k'.failed.~*~"
check "--keep: no live temporaries" t_no_leftovers "${g}k"
check "a build after --keep works" vserver --silent "${g}k" build -m skeleton
finish
