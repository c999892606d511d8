#!/bin/sh
# Makes screenshots/*.png from real runs of the console: busybox guests are built and started under
# a private root, vsm runs in a detached tmux pane, each view is captured (text with attributes)
# and rendered to PNG with ImageMagick and DejaVu Sans Mono (share/install-deps.sh installs both).
#   sh tests/console/screenshots.sh        (as root, after scons)
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
out=$top/screenshots
VSM_BIN=${VSM_BIN:-$top/build/bin}; export VSM_BIN
PATH=$VSM_BIN:$PATH
for t in tmux convert perl; do
	command -v $t >/dev/null || { echo "screenshots: $t missing; run share/install-deps.sh"; exit 1; }
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf ] || { echo "screenshots: fonts-dejavu-core missing"; exit 1; }
# The real ImageMagick, not a wrapper earlier in PATH.
CONVERT=convert; [ -x /usr/bin/convert ] && CONVERT=/usr/bin/convert

VSM_ROOT=$(mktemp -d /tmp/vsmshots.XXXXXX); export VSM_ROOT
eval "$(vsm-paths)"
sock=vsmshots-$$
cleanup() {
	tmux -L "$sock" kill-server 2>/dev/null
	for g in web db mail; do vserver "$g" stop >/dev/null 2>&1; done
	rm -rf "$VSM_ROOT"
}
trap cleanup EXIT INT TERM

for g in web db mail; do
	vserver "$g" build -m busybox --hostname "$g.example" >/dev/null 2>&1 || { echo "build $g failed"; exit 1; }
done
for g in web db; do vserver "$g" start || { echo "start $g failed"; exit 1; }; done

# shot NAME COLS ROWS: capture the pane and render it.
shot() {
	sleep 2.5
	tmux -L "$sock" capture-pane -p -e -t shots >"$out/$1.txt.tmp"
	perl "$top/tests/console/render_png.pl" "$2" "$3" <"$out/$1.txt.tmp" >"$VSM_ROOT/$1.mvg"
	$CONVERT "mvg:$VSM_ROOT/$1.mvg" "$out/$1.png" && echo "screenshots/$1.png"
	# The plain text beside it, for review and diffs.
	tmux -L "$sock" capture-pane -p -t shots >"$out/$1.txt"
	rm -f "$out/$1.txt.tmp"
}

# start TERM COLS ROWS [vsm options]. HOME is the private root: the invoking user's
# ~/.config/vsm/vsmrc must not change what the pictures show.
start() {
	tmux -L "$sock" kill-server 2>/dev/null
	sleep 0.3
	tmux -L "$sock" -f /dev/null new-session -d -x "$2" -y "$3" -s shots \
		"HOME=$VSM_ROOT XDG_CONFIG_HOME= TERM=$1 NCURSES_NO_UTF8_ACS=1 LANG=C.UTF-8 $VSM_BIN/vsm -d 1 $4; sleep 60"
	tmux -L "$sock" set-option -t shots status off >/dev/null
}

mkdir -p "$out"
start xterm-256color 80 24 ""
shot main 80 24
tmux -L "$sock" send-keys -t shots t
shot tree 80 24
tmux -L "$sock" send-keys -t shots t g
shot all-guests 80 24
tmux -L "$sock" send-keys -t shots g F1
shot help 80 24
start vt100 80 24 "--mono"
shot vt100-mono 80 24

# The new-guest wizard (vsm new), one shot per step, then the build's result. newt drops keys
# typed before a window is up: wait for each one.
keys() { tmux -L "$sock" send-keys -t shots "$@"; }
waitfor() {
	for i in $(seq 100); do
		tmux -L "$sock" capture-pane -p -t shots | grep -qF -- "$1" && return 0
		sleep 0.1
	done
	echo "screenshots: '$1' did not appear"
}
start xterm-256color 80 24 "new"
waitfor "Step 1 of 9"
keys "mail2"
shot wizard-1-name 80 24
keys Enter
waitfor "Step 2 of 9"
keys Home Down
shot wizard-2-method 80 24
keys F12
waitfor "Step 3 of 9"
keys Tab "example.org"
shot wizard-3-host 80 24
keys F12
waitfor "Step 4 of 9"
shot wizard-4-context 80 24
keys F12
waitfor "Step 5 of 9"
keys Tab "10.231.7.12"
shot wizard-5-network 80 24
keys F12
waitfor "Step 6 of 9"
keys "128M" Tab "50" Tab "200" Tab "128"
shot wizard-6-resources 80 24
keys F12
waitfor "Step 7 of 9"
keys Space
shot wizard-7-caps 80 24
keys F12
waitfor "Step 8 of 9"
keys Tab Space
shot wizard-8-init 80 24
keys F12
waitfor "Step 9 of 9"
shot wizard-9-summary 80 24
keys F12
waitfor "was built"
shot wizard-10-built 80 24
keys Enter

# The attribute editor (vsm edit web), its error display, and the capability tree.
start xterm-256color 80 24 "edit web"
waitfor "Attributes of web"
shot editor 80 24
for i in 1 2 3 4 5 6 7 8 9 10; do keys Down; done
keys "12Q" F12
waitfor "! cgroup/memory_max"
shot editor-error 80 24
keys Tab Tab Enter
waitfor "Capability bounding set"
shot editor-caps 80 24
keys Escape
