#!/bin/sh
# Benchmark (not a test): the cost of one refresh of vsm's live data model with N processes spread
# over G guests, against a raw stat-only /proc scan (the floor), ps ax, top -b -n 1 and htop,
# all measured in the same run. Usage: tests/bench/bench_monitor.sh [N:G ...] (default 1000:10).
# Needs root (the guests are real cgroups) and a built tree (scons). Results: doc/benchmarks.md.
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
. "$top/tests/lib/common.sh"
. "$top/tests/lib/monitor.sh"
need_cgroup_v1
K=${BENCH_REFRESHES:-21}
HTOP_SECS=${BENCH_HTOP_SECS:-10}
b="$top/build"
bin="$VSM_ROOT/bench_refresh"
gcc -std=c11 -O2 -D_GNU_SOURCE -I"$top" -o "$bin" "$here/bench_refresh.c" "$b/backend/libvsmbackend.a" \
	"$b/kernel/libvsmkernel.a" $(pkg-config --libs jansson libcap libseccomp libmnl zlib libxxhash) ||
	{ echo "cannot build the harness (run scons first)"; exit 1; }

# htop's CPU per refresh: run it on a pty at 80x24 with a 1 s delay, divide its CPU time by the
# number of screen updates (output bursts more than 0.25 s apart), as baselines.md §2.4 did.
htop_cost() {
	command -v htop >/dev/null || { echo "- - -"; return; }
	mkdir -p "$VSM_ROOT/home"
	HOME="$VSM_ROOT/home" TERM=vt100 script -q -T "$VSM_ROOT/htop.tim" -c \
		"stty rows 24 cols 80; /usr/bin/time -f '%U %S %M' -o $VSM_ROOT/htop.time timeout --foreground $HTOP_SECS htop -d 10" \
		/dev/null </dev/null >/dev/null 2>&1
	paints=$(awk '$1 > 0.25 || NR == 1 { n++ } END { print n + 0 }' "$VSM_ROOT/htop.tim")
	read -r u s m <<EOT
$(tail -1 "$VSM_ROOT/htop.time")
EOT
	echo "$(echo "$u $s $paints" | awk '{ printf "%.2f", ($1 + $2) * 1000 / ($3 ? $3 : 1) }') $paints $m"
}

ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.2f", $1 / $2; else print "-" }'; }

echo "# vsm monitor benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(uname -r), $(nproc) CPUs"
echo "# per refresh: CPU = mean of $((K - 1)) warm runs, wall = median; cold = first refresh"
[ $# -eq 0 ] && set -- 1000:10
specs="$*"
for spec in $specs; do
	bn=${spec%%:*} bg=${spec##*:}
	per=$(( bn / bg - 2 ))   # each guest: unshare + its pid 1 + sleepers
	[ "$per" -ge 1 ] || { echo "bad spec $spec"; continue; }
	i=0
	while [ $i -lt "$bg" ]; do
		fake_guest "bench$i" $((5000 + i)) "$per" >/dev/null
		i=$((i + 1))
	done
	total=$(ls -d /proc/[0-9]* | wc -l)
	echo
	echo "## N=$bn processes in $bg guests ($total processes on the host)"
	printf '%-34s %10s %10s %10s %10s %10s\n' "what" "cpu_ms" "wall_ms" "cold_cpu" "cold_wall" "maxrss_kb"
	set -- $("$bin" floor "$K"); floor_cpu=$4 floor_wall=$5
	printf '%-34s %10s %10s %10s %10s %10s\n' "stat-only scan (floor)" "$4" "$5" "$2" "$3" "$6"
	set -- $("$bin" vsm stat "$K"); stat_cpu=$4
	printf '%-34s %10s %10s %10s %10s %10s\n' "vsm refresh, guest table" "$4" "$5" "$2" "$3" "$6"
	set -- $("$bin" vsm full "$K"); full_cpu=$4 full_wall=$5
	printf '%-34s %10s %10s %10s %10s %10s\n' "vsm refresh, guests + processes" "$4" "$5" "$2" "$3" "$6"
	set -- $("$bin" cmd 5 "$b/bin/vserver-stat"); vs_wall=$5
	printf '%-34s %10s %10s %10s %10s %10s\n' "vserver-stat (whole program)" "$4" "$5" "$2" "$3" "$6"
	set -- $("$bin" cmd 5 ps ax); ps_cpu=$4 ps_wall=$5
	printf '%-34s %10s %10s %10s %10s %10s\n' "ps ax" "$4" "$5" "$2" "$3" "$6"
	set -- $("$bin" cmd 3 top -b -n 1); top_wall=$5
	printf '%-34s %10s %10s %10s %10s %10s\n' "top -b -n 1" "$4" "$5" "$2" "$3" "$6"
	set -- $(htop_cost); htop_cpu=$1
	printf '%-34s %10s %10s %10s %10s %10s\n' "htop -d 10, per screen update" "$1" "-" "-" "-" "$3"
	echo "ratios: vsm full/floor CPU $(ratio "$full_cpu" "$floor_cpu"), guest table/floor CPU $(ratio "$stat_cpu" "$floor_cpu"), vsm full/htop CPU $(ratio "$full_cpu" "$htop_cpu") (htop updates in ${HTOP_SECS}s: $2)"
	echo "        vsm full/floor wall $(ratio "$full_wall" "$floor_wall"), ps ax/vsm full CPU $(ratio "$ps_cpu" "$full_cpu"), vserver-stat wall vs ps ax $(ratio "$vs_wall" "$ps_wall"), top wall $(ratio "$top_wall" "$full_wall")x vsm"
	i=0
	while [ $i -lt "$bg" ]; do stop_fake_guest "bench$i"; i=$((i + 1)); done
done
