# Sourced by the t_tools_*.sh tests after common.sh: running busybox guests for the chain tools.
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"

# tools_guest NAME CTX: build a busybox guest with context CTX and start it.
tools_guest() {
	vserver "$1" build -m busybox --context "$2" >"$VSM_ROOT/build-$1.log" 2>&1 ||
		{ cat "$VSM_ROOT/build-$1.log"; fail "build $1"; finish; }
	vserver "$1" start || { fail "start $1"; finish; }
}

# tools_init NAME: host pid of the guest's init.
tools_init() { cut -d" " -f1 "$rundir/$1/init.pid"; }

# tools_umask PID: the namespaces PID shares with this shell, in vattribute's umask order.
tools_umask() {
	out=""
	for ns in mnt uts ipc pid net user cgroup time; do
		[ -e "/proc/$1/ns/$ns" ] || continue
		if [ "$(readlink "/proc/$1/ns/$ns")" = "$(readlink "/proc/self/ns/$ns")" ]; then
			out="${out:+$out,}$ns"
		fi
	done
	echo "$out"
}
