# Proves Cancel in the wizard leaves nothing behind: cancelled at a step (nothing created yet) and cancelled in the middle of a debootstrap build (the build is stopped and its config, root and temporaries are removed).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
. "$(dirname "$0")/../console/lib.sh"
. "$(dirname "$0")/../console/wizard_lib.sh"
: "${VSM_CACHE:=/var/cache/vsm-test/debootstrap}"; export VSM_CACHE
mkdir -p "$VSM_CACHE"
g=wc$$

# 1. Cancel at step 3 with Esc, from the console.
con_start 80x24 xterm -d 1
expect_screen "console up" "F1 Help"
con_keys n
wiz_step 1 "Name"
con_keys "$g" Enter
wiz_step 2 "Build method"
con_keys F12
wiz_step 3 "Host name and domain"
# Esc means cancel (never "Next"), and asks first like the Cancel button.
con_keys Escape
expect_screen "Esc asks to cancel" "Cancel the wizard?"
con_keys Enter
expect_screen "status line says nothing was created" "cancelled, nothing was created"
check "no config directory" test ! -e "$confdir/$g"
check "no guest root" test ! -e "$vdirbase/$g"
con_keys q
expect_screen "console exits" "VSM-EXITED rc=0"

# A hangup (the SSH session or terminal goes away) ends `vsm new` instead of leaving it running.
con_start 80x24 xterm new
wiz_step 1 "Name"
con_stop
gone=no
for i in $(seq 50); do pgrep -f "vsm.*$VSM_ROOT" >/dev/null || { gone=yes; break; }; sleep 0.1; done
expect_eq "vsm new exits when its terminal hangs up" yes "$gone"

# 2. Cancel a running debootstrap build, with `vsm new` on its own.
t_archive_reachable || skip "Debian archive $VSM_TEST_MIRROR unreachable: cannot cancel a debootstrap build halfway (part 1 passed)"
con_start 80x24 xterm new
wiz_step 1 "Name"
con_keys "$g" Enter
wiz_step 2 "Build method"
wiz_method 3
con_keys F12
for s in 3 4 5 6 7 8; do
	con_wait "Step $s of 9" 5 || break
	con_keys F12
done
wiz_step 9 "Summary"
expect_screen "summary: debootstrap with suite and mirror" "-- -d bookworm -m http://deb.debian.org/debian"
con_keys F12
expect_screen "build screen shows the debootstrap stage" "Stage: debootstrap" 120
check "the build has started making the guest" sh -c "ls -a '$confdir' '$vdirbase' 2>/dev/null | grep -q '$g'"
con_keys Enter
expect_screen "Cancel asks first" "Stop the build of $g?"
con_keys Enter
expect_screen "cancel reported" "The build of $g was cancelled. Nothing of it was left behind." 60
con_keys Enter
expect_screen "vsm new exits with the cancel status" "VSM-EXITED rc=1"
check "no config directory" test ! -e "$confdir/$g"
check "no guest root" test ! -e "$vdirbase/$g"
check "no temporaries or mounts" t_no_leftovers "$g"
expect_eq "no debootstrap left running for $g" "" "$(pgrep -f "debootstrap.*$g" || true)"
finish
