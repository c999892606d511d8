#!/bin/sh
# Benchmark (not a test): terminal bytes and CPU of the vsm console beside htop and top, measured in
# the same run under the same conditions: a pty of 80x24 (script(1)), 1 s refresh, 10 guests with
# their processes, the process pane open. Prints a Markdown table (append it to doc/benchmarks.md).
#   sh tests/bench/bench_console.sh [SECONDS] [EXTRA_PROCS...]
# SECONDS per run (default 10); EXTRA_PROCS: also run with that many extra idle processes
# (e.g. "1000 10000") for the CPU and peak-RSS comparison at scale.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
VSM_BIN=${VSM_BIN:-$top/build/bin}
secs=${1:-10}
[ $# -gt 0 ] && shift
[ "$(id -u)" = 0 ] || { echo "needs root (guest cgroups)"; exit 1; }
[ -x "$VSM_BIN/vsm" ] || { echo "build first: scons"; exit 1; }
command -v script >/dev/null && [ -x /usr/bin/time ] || { echo "needs script(1) and /usr/bin/time"; exit 1; }

VSM_ROOT=$(mktemp -d /tmp/vsmbench.XXXXXX); export VSM_ROOT
eval "$("$VSM_BIN/vsm-paths")"
work=$VSM_ROOT/bench; mkdir -p "$work/home"
spawned=""
cleanup() {
	[ -n "$spawned" ] && kill $spawned 2>/dev/null
	for h in /sys/fs/cgroup/*/; do
		d=$h$cgroup_base
		[ -d "$d" ] || continue
		pids=$(find "$d" -name cgroup.procs -exec cat {} + 2>/dev/null)
		[ -n "$pids" ] && kill -9 $pids 2>/dev/null
		sleep 0.2
		find "$d" -depth -type d -exec rmdir {} \; 2>/dev/null
	done
	rm -rf "$VSM_ROOT"
}
trap cleanup EXIT INT TERM

# Ten guests, each a config dir with a context id and three idle processes in its own cgroup (the
# way the runtime places a guest), so the table and the pane have live rows to show.
h=/sys/fs/cgroup/pids
for i in 0 1 2 3 4 5 6 7 8 9; do
	g=bench$i
	mkdir -p "$confdir/$g" "$h/$cgroup_base/$g"
	echo $((4100 + i)) >"$confdir/$g/context"
	for k in 1 2 3; do
		sh -c "echo \$\$ >$h/$cgroup_base/$g/cgroup.procs && exec sleep 3600" &
		spawned="$spawned $!"
	done
done
sleep 1

# measure NAME TERM CMD...: prints "first_paint median_per_refresh p90 refreshes cpu_s peak_kb"
measure() {
	name=$1; term=$2; shift 2
	tim=$work/$name.tim; tv=$work/$name.time
	HOME=$work/home TERM=$term script -q -T "$tim" -c "stty rows 24 cols 80; /usr/bin/time -f '%U %S %M' -o $tv timeout --foreground $secs $*" /dev/null </dev/null >/dev/null 2>&1
	# Chunks more than 0.25 s apart are separate refreshes; the first group is the first paint
	# (leading set-up chunks under 64 bytes merged into it); a last group under 64 bytes is the
	# reset on exit.
	awk -v tv="$tv" '
		{ if (NR == 1 || ($1 > 0.25 && !(n == 1 && bytes[1] < 64))) { n++ } bytes[n] += $2 }
		END {
			if (n > 1 && bytes[n] < 64) n--
			m = 0
			for (i = 2; i <= n; i++) v[++m] = bytes[i]
			for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			med = m ? v[int((m + 1) / 2)] : 0; p90 = m ? v[int(m * 0.9 + 0.5) > 0 ? int(m * 0.9 + 0.5) : 1] : 0
			while ((getline l < tv) > 0) if (l ~ /^[0-9.]+ [0-9.]+ [0-9]+$/) line = l
			split(line, f, " ")
			printf "%d %d %d %d %.2f %d\n", bytes[1], med, p90, m, f[1] + f[2], f[3]
		}' "$tim"
}

nprocs() { ls -d /proc/[0-9]* 2>/dev/null | wc -l; }

row() {
	label=$1; procs=$2; set -- $3
	fp=$1; med=$2; p90=$3; n=$4; cpu=$5; rss=$6
	per=$(awk -v c="$cpu" -v n="$n" 'BEGIN { printf "%.1f", n ? 1000 * c / (n + 1) : 0 }')
	bps=$(awk -v c="$med" 'BEGIN { printf "%d", c }')
	printf '| %s | %s | %s B | %s B | %s B | %s | %s s | %s ms | %s KB |\n' "$label" "$procs" "$fp" "$bps" "$p90" "$n" "$cpu" "$per" "$rss"
}

run_all() {
	procs=$(nprocs)
	row "vsm -d 1, vt100" "$procs" "$(measure vsm-vt100 vt100 "$VSM_BIN/vsm" -d 1)"
	row "vsm -d 1, xterm-256color" "$procs" "$(measure vsm-xterm xterm-256color "$VSM_BIN/vsm" -d 1)"
	if command -v htop >/dev/null; then
		row "htop -d 10, vt100" "$procs" "$(measure htop-vt100 vt100 htop -d 10)"
		row "htop -d 10, xterm-256color" "$procs" "$(measure htop-xterm xterm-256color htop -d 10)"
	fi
	row "top -d 1, vt100" "$procs" "$(measure top-vt100 vt100 top -d 1)"
}

echo "Console benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg), ${secs} s per run, 80x24, 1 s refresh"
echo
echo "| Program | processes on host | first paint | bytes per refresh (median) | p90 | refreshes | CPU (user+sys) | CPU per refresh | peak RSS |"
echo "|---|---|---|---|---|---|---|---|---|"
run_all
for extra in "$@"; do
	have=$(nprocs)
	need=$((extra - have))
	if [ "$need" -gt 0 ]; then
		i=0
		while [ $i -lt "$need" ]; do sleep 3600 & spawned="$spawned $!"; i=$((i + 1)); done
		sleep 1
	fi
	run_all
done
