#!/bin/bash
# Guest start latency: the median time from `vserver NAME start` to the guest's first process
# running, next to unshare, bwrap, lxc-execute and systemd-nspawn starting the same busybox tree
# and a raw clone+pivot_root floor (bench_start_floor.c), interleaved in the same run.
#   tests/bench/bench_start.sh [ROUNDS] [RUNS]     (root, after scons; defaults 5 and 20)
# Installs its peers with apt-get (bubblewrap, lxc, systemd-container) or skips a peer with the
# reason. Prints a markdown table: median ms, min-max, ratio to the floor (median of per-round
# ratios). Not a test: nothing here can fail a suite.
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/common.sh"
. "$here/../lib/runtime_guest.sh"
rounds=${1:-5}; runs=${2:-20}
[ "$(id -u)" = 0 ] || skip "needs root"
command -v python3 >/dev/null || skip "python3 is not installed"
missing=
for p in bwrap:bubblewrap lxc-execute:lxc systemd-nspawn:systemd-container; do
	command -v "${p%%:*}" >/dev/null || missing="$missing ${p#*:}"
done
[ -z "$missing" ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null 2>&1 ||
	echo "# apt-get install$missing failed; those peers are skipped"

g=bst$$
rt_make_guest "$g"
tree="$vdirbase/$g"
# systemd-nspawn wants to see an OS tree: /usr and an os-release.
mkdir -p "$tree/usr/lib"; echo 'ID=busybox' >"$tree/usr/lib/os-release"
# The guest's first process is a sleep; KILL stops it at once between the timed starts.
printf '/bin/sleep\n100000\n' >"$confdir/$g/apps/init/cmd.start"
echo KILL >"$confdir/$g/apps/init/killseq"
floor=$VSM_ROOT/bench_start_floor
gcc -O2 -o "$floor" "$here/bench_start_floor.c" || exit 1
lxcp=$VSM_ROOT/lxc; mkdir -p "$lxcp"
cat >"$VSM_ROOT/lxc.conf" <<L
lxc.uts.name = benchguest
lxc.rootfs.path = dir:$tree
lxc.net.0.type = empty
lxc.mount.auto = proc:mixed sys:ro
lxc.apparmor.profile = unconfined
lxc.init.cmd = /bin/true
L

python3 - "$rounds" "$runs" "$g" "$tree" "$floor" "$lxcp" "$VSM_ROOT/lxc.conf" <<'PY'
import shutil, statistics, subprocess, sys, time
rounds, runs = int(sys.argv[1]), int(sys.argv[2])
g, tree, floor, lxcp, lxcconf = sys.argv[3:8]
tools = [
    ("raw clone+pivot_root floor", [floor, tree], None),
    ("vserver start (full: cgroups, /dev, /proc masks, seccomp, caps, monitor)",
     ["vserver", g, "start"], ["vserver", g, "stop"]),
    ("unshare -pmuin --fork --root", ["unshare", "-pmuin", "--fork", "--root", tree, "/bin/true"], None),
    ("bwrap --unshare-all, tree as /", ["bwrap", "--bind", tree, "/", "--proc", "/proc", "--dev", "/dev",
                                       "--unshare-all", "/bin/true"], None),
    ("lxc-execute", ["lxc-execute", "-P", lxcp, "-n", "b%d" % 1, "-f", lxcconf, "--", "/bin/true"], None),
    ("systemd-nspawn --register=no --keep-unit",
     ["systemd-nspawn", "-q", "--register=no", "--keep-unit", "-D", tree, "/bin/true"], None),
]
def run(cmd):
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    return (time.perf_counter() - t) * 1000, r
active, skipped = [], []
for name, cmd, after in tools:
    if not shutil.which(cmd[0]):
        skipped.append((name, "%s is not installed" % cmd[0])); continue
    _, r = run(cmd)
    if after: subprocess.run(after, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if r.returncode != 0:
        skipped.append((name, "fails here: " + r.stderr.decode(errors="replace").strip().splitlines()[-1][:100]
                        if r.stderr.strip() else "exit %d" % r.returncode)); continue
    active.append((name, cmd, after))
times = {n: [] for n, _, _ in active}
per_round = {n: [] for n, _, _ in active}
for rnd in range(rounds):
    for name, cmd, after in active:
        for _ in range(2):  # warm-up
            run(cmd)
            if after: subprocess.run(after, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ms = []
        for _ in range(runs):
            t, _ = run(cmd)
            ms.append(t)
            if after: subprocess.run(after, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times[name] += ms
        per_round[name].append(statistics.median(ms))
base = active[0][0]
print("| tool | median ms | min-max ms | ratio to the floor (per-round range) |")
print("|---|---|---|---|")
for name, _, _ in active:
    ratios = [a / b for a, b in zip(per_round[name], per_round[base])]
    print("| %s | %.2f | %.2f-%.2f | %.2f (%.2f-%.2f) |" % (
        name, statistics.median(times[name]), min(times[name]), max(times[name]),
        statistics.median(ratios), min(ratios), max(ratios)))
for name, why in skipped:
    print("| %s | skipped: %s | | |" % (name, why))
print("\n%d rounds x %d runs per tool, interleaved; vserver's time is `vserver NAME start`, which "
      "returns once the guest's init has been exec'd (its stop is not timed)." % (rounds, runs))
PY
rm -rf "$lxcp"
# lxc-execute leaves lxc.pivot cgroups behind on v1 hosts (baselines.md §1.1).
for d in /sys/fs/cgroup/*/lxc.pivot; do rmdir "$d" 2>/dev/null; done
exit 0
