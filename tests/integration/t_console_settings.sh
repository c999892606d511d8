# Proves the console reads ~/.config/vsm/vsmrc (or $XDG_CONFIG_HOME/vsm/vsmrc): settings take effect, the command line overrides them, a bad line is reported with file and line and the console still starts, and the file is byte-identical after the console quits.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"

g1=sa$$
tag1=$((40000 + $$ % 10000)); tag2=$((tag1 + 1)); tag3=$((tag1 + 2))
fake_guest_cgroup "$g1" 4301 "$tag1" "$tag2" || skip "no cgroup v1 hierarchy to place a test workload in"

# HOME is a temp dir: the console must not see (or touch) the real user's settings.
HOME=$VSM_ROOT/home; export HOME
unset XDG_CONFIG_HOME
rc=$HOME/.config/vsm/vsmrc
mkdir -p "${rc%/*}"
cat >"$rc" <<'RC'
# the console's starting state
tree = yes
this line is wrong
all-guests = yes
delay = 1
RC
cp -p "$rc" "$VSM_ROOT/vsmrc.orig"
touch -d '2020-01-01 00:00:00' "$rc"
mtime=$(stat -c %Y "$rc")

con_start 80x24 xterm-256color
expect_screen "tree = yes: the process pane starts as a tree" "(tree)"
expect_match "all-guests = yes: it lists every guest's processes" "Processes: all guests" "$(con_capture)"
expect_screen "the bad line is reported in the status line with file and line" "vsmrc:3: expected 'key = value'"
expect_screen "and the console still lists the guest" "$g1 "
con_keys q
expect_screen "q quits" "VSM-EXITED rc=0" 5
expect_match "the bad line is on stderr too, naming the file" "vsm: $rc:3: expected 'key = value'" "$(con_capture)"
check "vsmrc is byte-identical after the console quit" cmp "$rc" "$VSM_ROOT/vsmrc.orig"
expect_eq "vsmrc's mtime is unchanged" "$mtime" "$(stat -c %Y "$rc")"
check "nothing else was written next to it" sh -c '[ "$(ls -A "$1")" = vsmrc ]' _ "${rc%/*}"

# $XDG_CONFIG_HOME wins over ~/.config; sort settings; -d on the command line overrides delay.
XDG_CONFIG_HOME=$VSM_ROOT/xdg; export XDG_CONFIG_HOME
mkdir -p "$XDG_CONFIG_HOME/vsm"
printf 'sort = command\nsort-order = descending\ndelay = 3600\nascii = maybe\n' >"$XDG_CONFIG_HOME/vsm/vsmrc"
cp "$XDG_CONFIG_HOME/vsm/vsmrc" "$VSM_ROOT/xdg.orig"
con_start 80x24 xterm-256color -d 1
expect_screen "XDG settings: the guest's processes show" "sleep 300 $tag2"
screen=$(con_capture)
check "~/.config/vsm/vsmrc is not read when XDG_CONFIG_HOME is set (no tree)" sh -c "! printf '%s' \"\$1\" | grep -qF '(tree)'" _ "$screen"
expect_match "a bad value is reported with file and line" "vsmrc:4: expected yes or no" "$screen"
l1=$(printf '%s\n' "$screen" | grep -n "sleep 300 $tag1" | cut -d: -f1)
l2=$(printf '%s\n' "$screen" | grep -n "sleep 300 $tag2" | cut -d: -f1)
check "sort = command, sort-order = descending: $tag2 (line $l2) above $tag1 (line $l1)" [ "${l2:-99}" -lt "${l1:-0}" ]
fake_guest_cgroup "$g1" 4301 "$tag3" || fail "could not add a third process"
expect_screen "-d 1 overrides delay = 3600: a new process shows within seconds" "sleep 300 $tag3" 6
con_keys q
expect_screen "q quits" "VSM-EXITED rc=0" 5
check "the XDG vsmrc is byte-identical after the console quit" cmp "$XDG_CONFIG_HOME/vsm/vsmrc" "$VSM_ROOT/xdg.orig"
finish
