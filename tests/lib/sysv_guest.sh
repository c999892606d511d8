# Sourced by integration tests after common.sh and build.sh: a Debian bookworm guest with its own
# SysV init, cron and syslog, built once per test run (shared like t_debootstrap_base) with
#   -- -d bookworm -- --include=sysvinit-core,cron,rsyslog,orphan-sysvinit-scripts
# (bookworm's rsyslog ships no init script any more; orphan-sysvinit-scripts carries it).
#   t_sysv_guest NAME    clone it into this test's root (skips when the archive is unreachable)

t_sysv_base() {
	run=${VSM_TEST_RUN:-standalone}
	dir="$VSM_TEST_SHARED/$run/sysv"
	mkdir -p "$VSM_TEST_SHARED/$run"
	(
		flock 9
		if [ ! -e "$dir/complete" ]; then
			rm -rf "$dir"
			mkdir -p "$dir"
			VSM_ROOT="$dir/root" vserver sysvbase build -m debootstrap -- -d bookworm \
				-m "$VSM_TEST_MIRROR" -- \
				--include=sysvinit-core,cron,rsyslog,orphan-sysvinit-scripts \
				>"$dir/build.log" 2>&1 || { echo "build failed" >"$dir/failed"; exit 1; }
			touch "$dir/complete"
		fi
	) 9>"$VSM_TEST_SHARED/.lock-$run-sysv"
	[ -e "$dir/complete" ] || return 1
	echo "$dir/root/vservers/sysvbase"
}

t_sysv_guest() {
	n=$1; shift
	t_archive_reachable || skip "Debian archive $VSM_TEST_MIRROR unreachable: no debootstrap guest"
	base=$(t_sysv_base) || {
		tail -20 "$VSM_TEST_SHARED/${VSM_TEST_RUN:-standalone}/sysv/build.log" 2>/dev/null
		fail "building the shared sysvinit guest failed"
		return 1
	}
	vserver --silent "$n" build -m clone "$@" -- --source "$base"
}
