# Sourced by the t_monitor_* tests after common.sh. Until real guests can be started here, a "fake
# guest" is what the monitor needs to see: a config dir with a `context` file and processes placed
# in the real cgroup <cgroup_base>/<name> of every v1 hierarchy and of the v2 tree when it has
# controllers (common.sh's trap kills them and removes the cgroups).

cg_dirs() { # every hierarchy's directory for guest $1
	for h in /sys/fs/cgroup/*/; do
		case "$h" in */unified/) continue ;; esac
		[ -f "${h}cgroup.procs" ] && echo "$h$cgroup_base/$1"
	done
}

# fake_guest NAME CTX NSLEEPERS: prints the host pids it started, one per line. The processes run
# in a new pid namespace (sh is its pid 1, the sleepers are 2..N+1), like a guest's.
fake_guest() {
	name=$1 ctx=$2 n=$3
	mkdir -p "$confdir/$name"
	echo "$ctx" > "$confdir/$name/context"
	for d in $(cg_dirs "$name"); do
		mkdir -p "$d"
		case "$d" in */cpuset/*)
			cat "$(dirname "$d")/../cpuset.cpus" > "$(dirname "$d")/cpuset.cpus" 2>/dev/null
			cat "$(dirname "$d")/../cpuset.mems" > "$(dirname "$d")/cpuset.mems" 2>/dev/null
			cat "$(dirname "$d")/cpuset.cpus" > "$d/cpuset.cpus"
			cat "$(dirname "$d")/cpuset.mems" > "$d/cpuset.mems" ;;
		esac
	done
	ready=$(mktemp -u "$VSM_ROOT/ready.XXXXXX")
	# The wrapper joins the cgroups, then becomes unshare; unshare's child is the guest's pid 1.
	dirs=$(cg_dirs "$name" | tr '\n' ' ')
	# In a subshell, so the guest is orphaned at once and reaped by init, not left a zombie of ours.
	(setsid sh -c 'for d in '"$dirs"'; do echo $$ > $d/cgroup.procs || exit 1; done
		exec unshare --pid --fork --kill-child sh -c "i=0; while [ \$i -lt '"$n"' ]; do sleep 1000 & i=\$((i+1)); done; touch '"$ready"'; wait"' \
		</dev/null >/dev/null 2>&1 &)
	for _ in $(seq 100); do [ -e "$ready" ] && break; sleep 0.05; done
	guest_pids "$name"
}

# Host pids in the guest's cgroup (from the pids hierarchy, sorted).
guest_pids() {
	cat "/sys/fs/cgroup/pids/$cgroup_base/$1/cgroup.procs" 2>/dev/null | sort -n
}

# Every process /proc still shows in the guest's cgroup, zombies included (cgroup.procs drops a
# process when it exits, /proc only when it is reaped).
proc_in_guest() {
	grep -l ":/$cgroup_base/$1\(/\|\$\)" /proc/[0-9]*/cgroup 2>/dev/null | cut -d/ -f3
}

# Kill the guest's processes and wait until they are reaped (init reaps the orphans).
stop_fake_guest() {
	for _ in $(seq 100); do
		p=$(guest_pids "$1")
		[ -n "$p" ] && kill -9 $p 2>/dev/null
		[ -z "$p" ] && [ -z "$(proc_in_guest "$1")" ] && return 0
		sleep 0.05
	done
	echo "# stop_fake_guest $1: still in /proc: $(proc_in_guest "$1")"
}

# A plain host process that must never be attributed to a guest.
host_sleeper() { sleep 1000 </dev/null >/dev/null 2>&1 & echo $!; }

need_cgroup_v1() {
	[ -d /sys/fs/cgroup/pids ] && [ -f /sys/fs/cgroup/pids/cgroup.procs ] || skip "no v1 pids hierarchy"
	command -v unshare >/dev/null || skip "unshare missing"
}
