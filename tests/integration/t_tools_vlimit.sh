# Proves vlimit -a prints a running guest's limits in util-vserver's columns (byte-compared with values read independently from /proc and the cgroup), sets nproc/rss onto pids.max/memory and per-process limits with prlimit on every guest process, reads --dir, parses K/M/k/m and inf, refuses resources mainline lacks; and vsched maps fill-rate/interval and prio-bias onto the CPU controller; both chain and keep util-vserver's exit codes.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tools.sh"
[ -d /sys/fs/cgroup/pids ] || [ -f /sys/fs/cgroup/cgroup.controllers ] || skip "no pids controller"

g=tvl$$
tools_guest "$g" 4313
init=$(tools_init "$g")
cg() { for d in /sys/fs/cgroup/$1/$cgroup_base/$g /sys/fs/cgroup/unified/$cgroup_base/$g /sys/fs/cgroup/$cgroup_base/$g; do [ -f "$d/$2" ] && { cat "$d/$2"; return; }; done; echo missing; }
# limit NAME: soft and hard from /proc/PID/limits, as vlimit -a shows them in hex.
hexlim() {
	awk -v n="$2" '$0 ~ "^"n" " { s=$(NF-2); h=$(NF-1); if (s == "unlimited") s = "inf"; else s = sprintf("0x%016x", s);
		if (h == "unlimited") h = "inf"; else h = sprintf("0x%016x", h); printf "%s %s", s, h }' "/proc/$1/limits"
}
row() { printf '%-10s  %-18s  %-18s  %s\n' "$1" "$2" "$3" "$4"; }
mem() { v=$(cg memory memory.limit_in_bytes); [ "$v" -ge 4611686018427387904 ] 2>/dev/null && echo inf || printf '0x%016x' $((v / $(getconf PAGESIZE))); }
pids() { v=$(cg pids pids.max); [ "$v" = max ] && echo inf || printf '0x%016x' "$v"; }
expected() {
	for r in "CPU:Max cpu time" "FSIZE:Max file size" "DATA:Max data size" "STACK:Max stack size" \
		"CORE:Max core file size" "RSS:" "NPROC:" "NOFILE:Max open files" "MEMLOCK:Max locked memory" \
		"AS:" "LOCKS:Max file locks" "MSGQUEUE:Max msgqueue size"; do
		n=${r%%:*}; l=${r#*:}
		case $n in
		RSS|AS) row "$n" N/A "$(cg memory memory.soft_limit_in_bytes | awk -v p="$(getconf PAGESIZE)" '{ if ($1 >= 4611686018427387904) print "inf"; else printf "0x%016x", $1 / p }')" "$(mem)" ;;
		NPROC) row "$n" N/A "$(pids)" "$(pids)" ;;
		*) set -- $(hexlim "$init" "$l"); row "$n" N/A "$1" "$2" ;;
		esac
	done
}
[ -f "/sys/fs/cgroup/memory/$cgroup_base/$g/memory.limit_in_bytes" ] || skip "this test reads the v1 memory controller"

vlimit --xid "$g" -a >"$VSM_ROOT/got"; expect_eq "-a: exit 0" 0 $?
expected >"$VSM_ROOT/expect"
check "-a: columns byte-identical" cmp "$VSM_ROOT/expect" "$VSM_ROOT/got"
expect_eq "-a: name at col 0, min at 12, soft at 32, hard at 52" "NOFILE      N/A                 " \
	"$(grep '^NOFILE' "$VSM_ROOT/got" | cut -c1-32)"

# Set: nproc onto pids.max, rss (pages) onto the memory limit, nofile per process.
vlimit --xid 4313 --nproc 50 --rss 16K -S --nofile 100 -H --nofile 2k; expect_eq "set: exit 0" 0 $?
expect_eq "nproc -> pids.max" 50 "$(cg pids pids.max)"
expect_eq "rss 16K pages -> bytes" $((16384 * $(getconf PAGESIZE))) "$(cg memory memory.limit_in_bytes)"
expect_eq "nofile soft/hard on the init" "100 2000" "$(awk '/^Max open files/ {print $4, $5}' /proc/$init/limits)"
for p in $(cat /sys/fs/cgroup/pids/$cgroup_base/$g/cgroup.procs); do
	expect_eq "nofile on guest pid $p" "100 2000" "$(awk '/^Max open files/ {print $4, $5}' /proc/$p/limits)"
done
vlimit --xid "$g" -a >"$VSM_ROOT/got"
expected >"$VSM_ROOT/expect"
check "-a after set: byte-identical" cmp "$VSM_ROOT/expect" "$VSM_ROOT/got"
expect_eq "-a -d: decimal" "NOFILE      N/A                 100                 2000" "$(vlimit --xid "$g" -a -d | grep '^NOFILE')"
expect_eq "-a -n: numbers" "7 " "$(vlimit --xid "$g" -a -n | sed -n 8p | cut -c1-2)"
vlimit --xid "$g" --nproc inf; expect_eq "inf -> max" max "$(cg pids pids.max)"

# --dir: plain file sets all, .soft one; the command line wins.
mkdir -p "$VSM_ROOT/rl"; echo 77 >"$VSM_ROOT/rl/nproc"; echo 64 >"$VSM_ROOT/rl/nofile.soft"
echo 1M >"$VSM_ROOT/rl/core"
vlimit --xid "$g" --dir "$VSM_ROOT/rl" --core 5 -- true; expect_eq "--dir: exit 0" 0 $?
expect_eq "--dir nproc" 77 "$(cg pids pids.max)"
expect_eq "--dir nofile.soft" "64 2000" "$(awk '/^Max open files/ {print $4, $5}' /proc/$init/limits)"
expect_eq "command line wins over --dir" "5" "$(awk '/^Max core file size/ {print $6}' /proc/$init/limits)"

out=$(vlimit --xid "$g" --nproc 60 -- echo chained); expect_eq "chains into PROGRAM" chained "$out"
vlimit --xid "$g" --nsock 5 2>"$VSM_ROOT/err"; expect_eq "nsock refused: 1" 1 $?
expect_match "nsock: says what instead" "cannot be limited on mainline Linux.*use nofile" "$(cat "$VSM_ROOT/err")"
vserver-info - FEATURE vlimit:nsock; expect_eq "vserver-info FEATURE vlimit:nsock fails" 1 $?
vserver-info - FEATURE vlimit:nproc; expect_eq "vserver-info FEATURE vlimit:nproc succeeds" 0 $?
vlimit --xid "$g" --nofile 12x 2>/dev/null; expect_eq "bad value: 255" 255 $?
vlimit --xid "$g" --bogus 1 2>/dev/null; expect_eq "unknown resource option: 255" 255 $?
vlimit --xid nosuch$$ -a 2>/dev/null; expect_eq "unknown guest: 255" 255 $?
vlimit --xid 4398 -a 2>/dev/null; expect_eq "unknown context id: 255" 255 $?

# vsched: 1 token per 4 intervals = a quarter of a CPU; prio-bias -2 = weight 156.
vsched --xid "$g" --fill-rate 1 --interval 4 --prio-bias -2 -- echo chained >"$VSM_ROOT/out"
expect_eq "vsched: chains" chained "$(cat "$VSM_ROOT/out")"
if [ -f "/sys/fs/cgroup/cpu/$cgroup_base/$g/cpu.cfs_quota_us" ]; then
	expect_eq "vsched: quota" 25000 "$(cg cpu cpu.cfs_quota_us)"
	expect_eq "vsched: period" 100000 "$(cg cpu cpu.cfs_period_us)"
	expect_eq "vsched: shares from weight 156" 1597 "$(cg cpu cpu.shares)"
else
	expect_eq "vsched: cpu.max" "25000 100000" "$(cg cpu cpu.max)"
	expect_eq "vsched: cpu.weight" 156 "$(cg cpu cpu.weight)"
fi
mkdir -p "$VSM_ROOT/sched"; echo 1 >"$VSM_ROOT/sched/fill-rate"; echo 2 >"$VSM_ROOT/sched/interval"
vsched --xid "$g" --dir "$VSM_ROOT/sched"; expect_eq "vsched --dir: exit 0" 0 $?
expect_eq "vsched --dir: half a CPU" 50000 "$(cg cpu cpu.cfs_quota_us 2>/dev/null || cg cpu cpu.max | cut -d' ' -f1)"
vsched --xid "$g" --idle-time 2>"$VSM_ROOT/err"; expect_eq "vsched --idle-time refused: 255" 255 $?
expect_match "vsched: says what instead" "use fill-rate/interval" "$(cat "$VSM_ROOT/err")"
vsched --xid "$g" --fill-rate 1 2>/dev/null; expect_eq "vsched fill-rate alone: 255" 255 $?
vsched --xid "$g" --tokens-max 100 2>"$VSM_ROOT/err"; expect_eq "vsched tokens-max: accepted with a note" 0 $?
expect_match "vsched tokens note" "ignored" "$(cat "$VSM_ROOT/err")"
vserver "$g" stop >/dev/null
vlimit --xid "$g" -a 2>/dev/null; expect_eq "stopped guest: 1" 1 $?
vsched --xid "$g" --prio-bias 1 2>/dev/null; expect_eq "vsched on a stopped guest: 1" 1 $?
finish
