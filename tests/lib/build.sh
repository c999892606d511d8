# Sourced by integration tests (after common.sh): guests to test on.
#   t_busybox_guest NAME [build options]    build a busybox guest under this test's VSM_ROOT
#   t_debootstrap_guest NAME [build options] give a Debian bookworm guest: the base is built once
#       per test run (VSM_TEST_RUN, set by run.sh) into a shared location and cloned from there;
#       skips the test (exit 77) when the Debian archive is unreachable.
#   t_no_leftovers NAME                      fail unless no temporary of NAME's builds remains
#   t_boot_busybox ROOT / t_halt_busybox     boot a busybox root's /sbin/init in fresh namespaces
#       without the runtime (to check what the build wrote); sets T_INIT_PID.

: "${VSM_TEST_SHARED:=/var/cache/vsm-test/guests}"
: "${VSM_TEST_MIRROR:=http://deb.debian.org/debian}"

t_busybox_guest() {
	n=$1; shift
	vserver --silent "$n" build -m busybox "$@"
}

t_archive_reachable() {
	curl -fsS -m 15 -o /dev/null "$VSM_TEST_MIRROR/dists/bookworm/Release" 2>/dev/null
}

# Path of the run's shared bookworm base (a guest root); builds it on first use.
t_debootstrap_base() {
	run=${VSM_TEST_RUN:-standalone}
	dir="$VSM_TEST_SHARED/$run"
	mkdir -p "$VSM_TEST_SHARED"
	# Bases of runs over a day old go (each is a few hundred MB).
	find "$VSM_TEST_SHARED" -mindepth 1 -maxdepth 1 -type d -mmin +1440 ! -name "$run" \
		-exec sh -c 'chattr -R -i "$1" 2>/dev/null; rm -rf "$1"' _ {} \; 2>/dev/null
	(
		flock 9
		if [ ! -e "$dir/complete" ]; then
			rm -rf "$dir"
			mkdir -p "$dir"
			t_archive_reachable || { echo "unreachable" >"$dir/failed"; exit 1; }
			VSM_ROOT="$dir/root" vserver base build -m debootstrap \
				-- -d bookworm -m "$VSM_TEST_MIRROR" >"$dir/build.log" 2>&1 ||
				{ echo "build failed" >"$dir/failed"; exit 1; }
			touch "$dir/complete"
		fi
	) 9>"$VSM_TEST_SHARED/.lock-$run"
	[ -e "$dir/complete" ] || return 1
	echo "$dir/root/vservers/base"
}

t_debootstrap_guest() {
	n=$1; shift
	t_archive_reachable || skip "Debian archive $VSM_TEST_MIRROR unreachable: no debootstrap guest"
	base=$(t_debootstrap_base) || {
		cat "$VSM_TEST_SHARED/${VSM_TEST_RUN:-standalone}/build.log" 2>/dev/null | tail -20
		fail "building the shared debootstrap base failed"
		return 1
	}
	vserver --silent "$n" build -m clone "$@" -- --source "$base"
}

t_no_leftovers() {
	left=$(find "$confdir" "$vdirbase" -maxdepth 1 -name ".$1.vsmbuild.*" 2>/dev/null)
	[ -z "$left" ] || { echo "leftover temporaries: $left"; return 1; }
	awk -v r="$VSM_ROOT" 'index($5, r "/") == 1 { found = 1; print "leftover mount: " $5 }
		END { exit found }' /proc/self/mountinfo
}

T_INIT_PID=
t_boot_busybox() {
	root=$1
	T_BOOT_LOG=$(mktemp)
	unshare --fork --pid --mount --net --uts --ipc sh -c '
		R=$1
		mount --make-rprivate /
		mount -t proc proc "$R/proc"
		mount -t tmpfs -o mode=755 tmpfs "$R/dev"
		for d in null zero random urandom tty; do
			touch "$R/dev/$d"; mount --bind "/dev/$d" "$R/dev/$d"
		done
		ln -s /dev/null "$R/dev/console"
		exec chroot "$R" /sbin/init' sh "$root" >"$T_BOOT_LOG" 2>&1 &
	T_BOOT_JOB=$!
	for i in $(seq 1 50); do
		T_INIT_PID=$(pgrep -P "$T_BOOT_JOB" | head -1)
		[ -n "$T_INIT_PID" ] && [ -e "/proc/$T_INIT_PID/root/run/booted" ] && return 0
		sleep 0.2
	done
	return 1
}

# A booted namespace must not outlive a failing test: killing its init ends all of it.
t_boot_cleanup() {
	[ -n "${T_BOOT_JOB:-}" ] || return 0
	pkill -9 -P "$T_BOOT_JOB" 2>/dev/null
	kill -9 "$T_BOOT_JOB" 2>/dev/null
	rm -f "${T_BOOT_LOG:-}"
}
trap 't_boot_cleanup; t_cleanup' EXIT

# Send SIG to the booted init and wait (at most 15 s) for the namespace to end; sets
# T_HALT_STATUS to unshare's exit status (128 + the signal that ended init) or "timeout".
# Not to be called in a subshell: only this shell can reap the job.
t_halt_busybox() {
	kill "-$1" "$T_INIT_PID" 2>/dev/null
	T_HALT_STATUS=timeout
	for i in $(seq 1 75); do
		if [ -z "$(ps -o pid= -p "$T_BOOT_JOB")" ] ||
		   [ "$(ps -o stat= -p "$T_BOOT_JOB" | cut -c1)" = Z ]; then
			wait "$T_BOOT_JOB"
			T_HALT_STATUS=$?
			T_BOOT_JOB=
			return 0
		fi
		sleep 0.2
	done
	t_boot_cleanup
	T_BOOT_JOB=
	return 1
}

# t_wait_for SECONDS COMMAND...: poll (every 0.2 s) until COMMAND succeeds; 1 on timeout.
t_wait_for() {
	n=$(( $1 * 5 )); shift
	while [ "$n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.2; n=$((n - 1))
	done
	return 1
}
