# Sourced by console tests after tests/lib/common.sh: runs `vsm` inside a detached tmux session on a
# private socket, sends keys, and polls the pane's text until expected text appears or a deadline
# passes (never a fixed sleep alone).
command -v tmux >/dev/null 2>&1 || skip "tmux is not installed (share/install-deps.sh installs it)"
CON_BASE="vsmtest-$$-$(basename "$VSM_ROOT")"
CON_N=0
CON_SOCK="$CON_BASE-0"
CON_OUT="$VSM_ROOT/pane.out"

con_tmux() { tmux -L "$CON_SOCK" -f /dev/null "$@"; }

# con_start COLSxLINES TERM [vsm options…]: the pane runs vsm, then reports how it exited and the
# terminal modes it left behind, then waits (so the test can read that).
con_start() {
	geo=$1; term=$2; shift 2
	cols=${geo%x*}; lines=${geo#*x}
	con_stop
	# A fresh server each time: a dying one may still hold the old socket.
	CON_N=$((CON_N + 1))
	CON_SOCK="$CON_BASE-$CON_N"
	cat >"$VSM_ROOT/pane.sh" <<EOS
stty sane
TERM=$term; export TERM
"$VSM_BIN/vsm" --root "$VSM_ROOT" $*
rc=\$?
echo "VSM-EXITED rc=\$rc"
stty -a | tr ' ;' '\n\n' | grep -Ex -- '-?(icanon|echo|icrnl|opost)' | tr '\n' ' '; echo
sleep 600
EOS
	con_tmux new-session -d -x "$cols" -y "$lines" -s con "sh $VSM_ROOT/pane.sh"
	con_tmux set-option -t con status off >/dev/null
	# The session's size must not follow a client's (there is none): keep it at what we asked.
	con_tmux set-option -t con window-size manual >/dev/null 2>&1 || true
}

con_stop() { con_tmux kill-server >/dev/null 2>&1 || true; }

con_capture() { con_tmux capture-pane -p -t con; }

con_keys() { con_tmux send-keys -t con "$@"; }

con_resize() { con_tmux resize-window -t con -x "$1" -y "$2"; }

# con_wait TEXT [SECONDS]: true once the pane shows TEXT (fixed string), false at the deadline.
con_wait() {
	deadline=$(( $(date +%s) + ${2:-10} ))
	while :; do
		con_capture | grep -qF -- "$1" && return 0
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

# con_wait_gone TEXT [SECONDS]: true once the pane no longer shows TEXT.
con_wait_gone() {
	deadline=$(( $(date +%s) + ${2:-10} ))
	while :; do
		con_capture | grep -qF -- "$1" || return 0
		[ "$(date +%s)" -ge "$deadline" ] && return 1
		sleep 0.1
	done
}

# expect_screen DESCRIPTION TEXT [SECONDS]: a check that prints the screen when it fails.
expect_screen() {
	if con_wait "$2" "${3:-10}"; then ok "$1"; else
		fail "$1: '$2' not on screen"; con_capture | sed 's/^/    |/'
	fi
}

# A stand-in workload for a guest until busybox guests can be built and started here: processes
# placed in the guest's own cgroup (the way the runtime places a guest's init), under a config dir
# with a context id. Prints the pids.
fake_guest_cgroup() {
	name=$1; ctx=$2; shift 2
	mkdir -p "$confdir/$name"
	echo "$ctx" >"$confdir/$name/context"
	h=""
	for c in pids cpu,cpuacct memory; do
		[ -d "/sys/fs/cgroup/$c" ] && { h=/sys/fs/cgroup/$c; break; }
	done
	[ -n "$h" ] || return 1
	mkdir -p "$h/$cgroup_base/$name"
	for tag in "$@"; do
		sh -c "echo \$\$ >$h/$cgroup_base/$name/cgroup.procs && exec sleep 300 $tag" &
	done
	# Return once every one of them is in the cgroup and runs sleep, so no scan sees one midway.
	for i in $(seq 100); do
		n=0
		for p in $(cat "$h/$cgroup_base/$name/cgroup.procs"); do
			case $(tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null) in "sleep 300 "*) n=$((n + 1)) ;; esac
		done
		[ "$n" -ge $# ] && return 0
		sleep 0.05
	done
	return 1
}

trap 'con_stop; t_cleanup' EXIT
