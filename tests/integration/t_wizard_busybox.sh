# Proves a busybox guest can be created entirely through the console's wizard (n): every step, bad input of each field type refused with a message, a resize in the middle, the config files written as the summary said, and the console resizing normally after the wizard closed.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"
. "$(dirname "$0")/../console/wizard_lib.sh"
command -v busybox >/dev/null 2>&1 || [ -x /bin/busybox ] || skip "busybox-static is not installed"

g=wz$$
other=wo$$
vserver "$other" build -m skeleton --context 4711 >/dev/null || { fail "skeleton guest for collisions"; finish; }

con_start 80x24 xterm -d 1
expect_screen "console up" "F1 Help"
con_keys n
wiz_step 1 "Name"
expect_screen "window title" "New guest"
# Name: bad characters, then an existing guest, live as typed.
con_keys "bad/name"
expect_screen "name: live verdict on bad characters" "is not one of"
wiz_clear 20
con_keys "$other"
expect_screen "name: live verdict on an existing guest" "already exists"
con_keys Enter
wiz_refused "existing name on Next" "already exists" 1 "Name"
wiz_clear 20
con_keys "$g"
expect_screen "name: live ok" "the name is free"
con_keys F1
expect_screen "F1 shows the step's help" "is its identity"
con_keys Enter
con_keys Enter
wiz_step 2 "Build method"
wiz_method 2
con_keys F12
wiz_step 3 "Host name and domain"
# Host name: refused with a space, then set with a domain.
wiz_clear 20
con_keys "web server"
con_keys F12
wiz_refused "host name with a space" "is not allowed" 3 "Host name and domain"
wiz_clear 20
con_keys "$g-host" Tab "example.org" F12
wiz_step 4 "Context id"
# Context: not a number, out of range, another guest's id.
wiz_clear 10
con_keys "12x" Enter
wiz_refused "context that is not a number" "expected a number" 4 "Context id"
wiz_clear 10
con_keys "4711" Enter
wiz_refused "context of another guest" "already used by guest $other" 4 "Context id"
wiz_clear 10
con_keys "4712" Enter
wiz_step 5 "Network"
# Resize in the middle of the wizard: it must go on working.
con_resize 100 30
sleep 0.5
con_keys Tab "10.300.1.1" F12
wiz_refused "bad IPv4 address" "is not an IPv4 or IPv6 address" 5 "Network"
wiz_clear 30
con_keys "10.231.$(( $$ % 200 + 20 )).5" Tab
wiz_clear 5
con_keys "33" F12
wiz_refused "prefix out of range" "prefix: expected 1..32" 5 "Network"
wiz_clear 5
con_keys "24" F12
wiz_step 6 "Resources"
expect_screen "host totals shown" "MiB memory"
con_keys "12Q" F12
wiz_refused "memory that is not a size" "is not a size" 6 "Resources"
wiz_clear 10
con_keys "128M" Tab "50" Tab "20000" F12
wiz_refused "CPU weight out of range" "CPU weight: expected a number 1..10000" 6 "Resources"
wiz_clear 10
con_keys "200" Tab "64" F12
wiz_step 7 "Capabilities and flags"
expect_screen "warning on isolation" "weaken the isolation"
con_keys Space F12
wiz_step 8 "Init and autostart"
con_keys Tab Space F12
wiz_step 9 "Summary"
expect_screen "summary shows the exact build command" "vserver $g build -m busybox --hostname $g-host --context 4712"
expect_screen "summary: the command goes on with the interface" "--interface 10.231.$(( $$ % 200 + 20 )).5/24"
expect_screen "summary shows the later settings" "cgroup/memory_max = 128M"
# Back goes to the previous step with the answers kept.
con_keys Tab Enter
wiz_step 8 "Init and autostart"
con_keys F12
wiz_step 9 "Summary"
con_keys F12
expect_screen "the build runs and succeeds" "Guest $g was built." 120
con_keys Enter
expect_screen "back in the console, status line" "New guest $g built" 10

# The config is what the summary promised.
d=$confdir/$g
expect_eq "uts/nodename" "$g-host" "$(cat "$d/uts/nodename" 2>/dev/null)"
expect_eq "uts/domainname" "example.org" "$(cat "$d/uts/domainname" 2>/dev/null)"
expect_eq "context" "4712" "$(cat "$d/context" 2>/dev/null)"
expect_eq "interfaces/00/ip" "10.231.$(( $$ % 200 + 20 )).5" "$(cat "$d/interfaces/00/ip" 2>/dev/null)"
expect_eq "interfaces/00/prefix" "24" "$(cat "$d/interfaces/00/prefix" 2>/dev/null)"
expect_eq "cgroup/memory_max" "134217728" "$(cat "$d/cgroup/memory_max" 2>/dev/null)"
expect_eq "cgroup/cpu_weight" "200" "$(cat "$d/cgroup/cpu_weight" 2>/dev/null)"
expect_eq "cgroup/pids_max" "64" "$(cat "$d/cgroup/pids_max" 2>/dev/null)"
expect_eq "bcapabilities" "NET_RAW" "$(cat "$d/bcapabilities" 2>/dev/null)"
expect_eq "apps/init/mark" "default" "$(cat "$d/apps/init/mark" 2>/dev/null)"
check "guest root has busybox" test -e "$vdirbase/$g/bin/busybox"

# The console took the size from the resize during the wizard, and still follows new ones.
sleep 1.2
expect_eq "30 lines after the wizard at 100x30" 30 "$(con_capture | wc -l)"
expect_match "key bar on the last line at 100x30" "F1 Help" "$(con_capture | tail -1)"
expect_match "new guest in the table" "^$g " "$(con_capture)"
con_resize 90 40
sleep 1.5
expect_eq "40 lines after a resize once the wizard closed" 40 "$(con_capture | wc -l)"
expect_match "key bar on the last line at 90x40" "F1 Help" "$(con_capture | tail -1)"
con_keys q
expect_screen "console exits cleanly" "VSM-EXITED rc=0"
finish
