# Proves `vsm new` alone builds a Debian guest through the wizard (debootstrap from the suite and mirror of share/distributions, packages through the shared VSM_CACHE), with a progress scale stage by stage, on a vt100 in ASCII line drawing and mono.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
. "$(dirname "$0")/../console/lib.sh"
. "$(dirname "$0")/../console/wizard_lib.sh"
: "${VSM_CACHE:=/var/cache/vsm-test/debootstrap}"; export VSM_CACHE
mkdir -p "$VSM_CACHE"
t_archive_reachable || skip "Debian archive $VSM_TEST_MIRROR unreachable: cannot debootstrap through the wizard"
g=wd$$

con_start 80x24 vt100 --ascii --mono new
wiz_step 1 "Name"
screen=$(con_capture)
expect_match "ASCII frame on a vt100 (--ascii)" '^ *\+-+.*New guest.*-+\+' "$screen"
check "no line-drawing characters" sh -c "! printf '%s' \"\$1\" | grep -q '[┌─│]'" _ "$screen"
con_keys "$g" Enter
wiz_step 2 "Build method"
wiz_method 3
con_keys F12
wiz_step 3 "Host name and domain"
con_keys F12
wiz_step 4 "Context id"
con_keys F12
wiz_step 5 "Network"
con_keys F12
wiz_step 6 "Resources"
con_keys 256M F12
wiz_step 7 "Capabilities and flags"
con_keys F12
wiz_step 8 "Init and autostart"
con_keys F12
wiz_step 9 "Summary"
expect_screen "summary: the debootstrap command" "-d bookworm -m http://deb.debian.org/debian -- --include=sysvinit-core"
con_keys F12
expect_screen "progress: the debootstrap stage" "Stage: debootstrap" 120
expect_screen "log tail shows debootstrap's own lines" "I: Retrieving" 300
expect_screen "the build finishes" "Guest $g was built." 1200
con_keys Enter
expect_screen "vsm new exits 0" "VSM-EXITED rc=0" 10
expect_screen "and says what it built" "vsm: New guest $g built"
expect_match "a Debian 12 root" '^12\.' "$(cat "$vdirbase/$g/etc/debian_version" 2>/dev/null)"
expect_eq "memory limit from the wizard" 268435456 "$(cat "$confdir/$g/cgroup/memory_max" 2>/dev/null)"
check "sysvinit from the distribution definition" test -x "$vdirbase/$g/sbin/init"
finish
