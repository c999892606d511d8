# Proves the attribute editor (a in the console) refuses bad input of every field type with a message next to the field, shows the diff, saves the config atomically, applies the memory limit to the running guest's cgroup at once, and gives the new hostname at the next restart.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
. "$(dirname "$0")/../console/lib.sh"
. "$(dirname "$0")/../console/wizard_lib.sh"
command -v busybox >/dev/null 2>&1 || [ -x /bin/busybox ] || skip "busybox-static is not installed"
[ -d /sys/fs/cgroup/memory ] || skip "no cgroup v1 memory hierarchy"

g=ed$$
t_busybox_guest "$g" --hostname oldhost || { fail "busybox guest"; finish; }
vserver "$g" start || { fail "start $g"; finish; }
gd=$confdir/$g

# Field order of the editor for a guest without interfaces (Down moves one field).
F_NODENAME=0 F_CONTEXT=2 F_NEWIP=3 F_BCAPS=7 F_MEMMAX=10 F_CPUWEIGHT=15 F_NPROC=18 F_NICE=24
F_STYLE=25 F_FSTAB=28
pos=0
ed_go() {	# ed_go INDEX: move the focus to field INDEX
	while [ "$pos" -lt "$1" ]; do con_keys Down; pos=$((pos + 1)); done
	while [ "$pos" -gt "$1" ]; do con_keys Up; pos=$((pos - 1)); done
}
# ed_orig REL: the field's text as the editor shows it (lists joined by ", ", fstab by " ; ").
ed_orig() {
	[ -f "$gd/$1" ] || return 0
	case $1 in
	fstab) grep -v '^#' "$gd/$1" | grep . | tr -s ' \t' '  ' |
		awk 'NR > 1 { printf " ; " } { printf "%s", $0 }' ;;
	bcapabilities) grep . "$gd/$1" | awk 'NR > 1 { printf ", " } { printf "%s", $0 }' ;;
	*) head -1 "$gd/$1" ;;
	esac
}
# ed_refused INDEX WHAT BAD REL: type BAD into field INDEX, save, see the message for REL, then
# put the original text back.
ed_refused() {
	ed_go "$1"
	wiz_clear 50
	con_keys "$3" F12
	expect_screen "$2: the status line names the field" "! $4: " 5
	# The line under the field's own row holds the complaint.
	msg=$(con_capture | awk -v k="$4" 'hit { print; exit } index($0, "│ " k) { hit = 1 }')
	expect_match "$2 '$3' refused next to the field" '! [a-z]' "$msg"
	wiz_clear 60
	orig=$(ed_orig "$4")
	[ -n "$orig" ] && con_keys -l "$orig"
	sleep 0.2
}

con_start 80x24 xterm -d 1 --guest "$g"
expect_screen "console up" "F1 Help"
con_keys a
expect_screen "editor opens with its title" "Attributes of $g"
expect_screen "running guest marked" "Running:"
ed_refused $F_NODENAME "host name (text)" "bad host" "uts/nodename"
ed_refused $F_CONTEXT "context (integer)" "12ab" "context"
ed_refused $F_NEWIP "address (IP)" "10.0.0.300" "interfaces/00/ip"
ed_refused $F_BCAPS "capabilities (list)" "NOT_A_CAP" "bcapabilities"
ed_refused $F_MEMMAX "memory (size)" "12Q" "cgroup/memory_max"
ed_refused $F_CPUWEIGHT "CPU weight (bounded number)" "0" "cgroup/cpu_weight"
ed_refused $F_NPROC "rlimit (limit)" "lots" "rlimits/nproc"
ed_refused $F_NICE "nice (range)" "99" "nice"
ed_refused $F_STYLE "init style (enum)" "bogus" "apps/init/style"
ed_refused $F_FSTAB "fstab (lines)" "onlyonefield" "fstab"
ed_go $F_NODENAME
wiz_clear 20
con_keys newhost
ed_go $F_MEMMAX
wiz_clear 20
con_keys 64M F12
expect_screen "diff before writing" "Write these changes?"
expect_screen "diff shows the new host name" "+ newhost"
expect_screen "diff shows the old host name" "- oldhost"
con_keys Enter
expect_screen "memory limit applied now" "cgroup/memory_max: applied now"
expect_screen "host name on next restart" "uts/nodename: on next restart"
saved=$(con_capture)
case $saved in *"fstab: on next"*|*"apps/init/style: on next"*|*"nice: "*) fail "only the two changed keys were saved" ;;
*) ok "only the two changed keys were saved" ;; esac
con_keys Enter
expect_screen "status line says saved" "$g: attributes saved"

expect_eq "uts/nodename written" newhost "$(cat "$gd/uts/nodename")"
expect_eq "cgroup/memory_max written" 67108864 "$(cat "$gd/cgroup/memory_max")"
expect_eq "no staging copy left" "" "$(ls -a "$confdir" | grep '^\.edit-' || true)"
expect_eq "running guest's memory.limit_in_bytes" 67108864 \
	"$(cat "/sys/fs/cgroup/memory/$cgroup_base/$g/memory.limit_in_bytes" 2>/dev/null)"
expect_eq "host name unchanged until the restart" oldhost "$(vserver "$g" exec hostname 2>/dev/null)"
con_keys q
expect_screen "console exits" "VSM-EXITED rc=0"

vserver "$g" restart >/dev/null 2>&1 || fail "restart $g"
expect_eq "new host name after the restart" newhost "$(vserver "$g" exec hostname 2>/dev/null)"
expect_eq "memory limit kept after the restart" 67108864 \
	"$(cat "/sys/fs/cgroup/memory/$cgroup_base/$g/memory.limit_in_bytes" 2>/dev/null)"
vserver "$g" stop >/dev/null 2>&1
finish
