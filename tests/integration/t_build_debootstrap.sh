# Proves that `build -m debootstrap -- -d bookworm` makes a real Debian 12 guest through the
# shared package cache (built once per test run, then cloned for other tests), streams
# debootstrap's progress, and treats debootstrap's errors as errors, leaving nothing behind.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=db$$
t_archive_reachable || skip "Debian archive $VSM_TEST_MIRROR unreachable: cannot debootstrap"
base=$(t_debootstrap_base)
run_dir="$VSM_TEST_SHARED/${VSM_TEST_RUN:-standalone}"
if [ -z "$base" ]; then
	tail -20 "$run_dir/build.log" 2>/dev/null
	fail "the debootstrap build of the shared base failed"
	finish
fi
blog="$run_dir/build.log"
expect_match "debootstrap output streamed as progress" '^\[ *[0-9]+%\] debootstrap: I: Retrieving' "$(cat "$blog")"
expect_match "build finished" '\[100%\] done: guest base built' "$(cat "$blog")"
expect_match "a Debian 12 system" '^12\.' "$(cat "$base/etc/debian_version")"
expect_match "apt points at the mirror" "$VSM_TEST_MIRROR" "$(cat "$base/etc/apt/sources.list")"
expect_eq "hostname written" base "$(cat "$base/etc/hostname")"
check "hosts is the guest's own" grep -q "written by vsm build" "$base/etc/hosts"
bconf=$(dirname "$(dirname "$base")")/etc/vservers/base
expect_eq "config vdir" "$base" "$(readlink "$bconf/vdir")"
pkgcache=$(VSM_ROOT="$(dirname "$(dirname "$base")")" vsm-paths | sed -n "s/^pkgcache='\(.*\)'$/\1/p")
n=$(ls "$pkgcache" 2>/dev/null | grep -c '\.deb$')
check "package cache $pkgcache holds the packages ($n)" [ "$n" -gt 50 ]
expect_eq "no mounts left in the base" "" "$(awk -v r="$base" 'index($5, r) == 1' /proc/self/mountinfo)"

# Other tests get a guest by cloning the base.
check "t_debootstrap_guest gives a guest" t_debootstrap_guest "$g" --hostname deb.example
root="$vdirbase/$g"
n=$(chroot "$root" dpkg-query -W 2>/dev/null | wc -l)
check "its packages are installed ($n)" [ "$n" -gt 50 ]
expect_eq "bash runs inside" ok "$(chroot "$root" /bin/bash -c 'echo ok')"
expect_eq "its own hostname" deb.example "$(cat "$root/etc/hostname")"

# debootstrap's errors are errors.
out=$(vserver "${g}x" build -m debootstrap -- -d nosuchsuite -m "$VSM_TEST_MIRROR" 2>&1); rc=$?
expect_eq "unknown suite: build fails" 1 "$rc"
expect_match "the failure names debootstrap and its error" "debootstrap.*(E:|status)" "$out"
check "unknown suite: nothing left" t_no_leftovers "${g}x"
check "unknown suite: no guest" [ ! -e "$confdir/${g}x" ] && [ ! -e "$vdirbase/${g}x" ]
finish
