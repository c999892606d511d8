# Proves that `vserver NAME delete` asks first (y/N, on a tty or stdin), removes the root (files
# and directories with the immutable or append-only flag too), config, run record, log and cache,
# refuses while the guest runs, and exits 5 for an unknown guest.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=de$$
t_busybox_guest "$g" || fail "build"
root="$vdirbase/$g"
mkdir -p "$rundir/$g" "$logdir" "$cachedir/$g"
echo log >"$logdir/$g.log"; echo old >"$logdir/$g.log.1"; echo keep >"$logdir/${g}x.log"
chattr +i "$root/etc/passwd" "$root/usr"
chattr +a "$root/var/log"
echo n | vserver "$g" delete >/dev/null 2>&1; rc=$?
expect_eq "answer n: exit 2" 2 "$rc"
check "answer n: kept" [ -d "$root/etc" ] && [ -d "$confdir/$g" ]
vserver "$g" delete </dev/null >/dev/null 2>&1; rc=$?
expect_eq "no answer: exit 2" 2 "$rc"
out=$(printf 'y\n' | script -qec "vserver $g delete --silent-not" /dev/null 2>&1)
expect_match "bad option refused" "unknown option" "$out"
# On a terminal the question is asked there.
out=$(printf 'n\n' | script -qec "vserver $g delete" /dev/null 2>&1)
expect_match "question on a tty" "Are you sure you want to delete the vserver $g \(y/N\)" "$out"
check "tty answer n: kept" [ -d "$confdir/$g" ]

# Running (a run record naming a live process): refused, even when confirmed.
sleep 300 & live=$!
echo "$live" >"$rundir/$g/pid"
out=$(echo y | vserver "$g" delete 2>&1); rc=$?
expect_eq "running: exit 1" 1 "$rc"
expect_match "running: says so" "is running" "$out"
check "running: kept" [ -d "$root/etc" ]
kill "$live"; wait "$live" 2>/dev/null

out=$(printf 'y\n' | script -qec "vserver $g delete" /dev/null 2>&1); rc=$?
check "tty answer y: deleted" [ ! -e "$confdir/$g" ]
check "root gone (immutable files included)" [ ! -e "$root" ]
check "run record gone" [ ! -e "$rundir/$g" ]
check "logs gone" [ ! -e "$logdir/$g.log" ] && [ ! -e "$logdir/$g.log.1" ]
check "another guest's log kept" [ -e "$logdir/${g}x.log" ]
check "cache gone" [ ! -e "$cachedir/$g" ]

# --silent (global or after the command) does not ask.
t_busybox_guest "${g}s" && t_busybox_guest "${g}t"
check "global --silent deletes" vserver --silent "${g}s" delete </dev/null
check "--silent after delete" vserver "${g}t" delete --silent </dev/null
check "both gone" [ ! -e "$confdir/${g}s" ] && [ ! -e "$confdir/${g}t" ]
vserver --silent "${g}none" delete; rc=$?
expect_eq "unknown guest: exit 5" 5 "$rc"
expect_match "bad name refused" "guest name" "$(vserver --silent 'a/b' delete 2>&1)"

# A guest whose root is already gone can still be deleted.
t_busybox_guest "${g}r" && rm -rf "$vdirbase/${g}r"
check "delete without a root" vserver --silent "${g}r" delete
check "its config is gone" [ ! -e "$confdir/${g}r" ]

# --force on a running guest stops it first (needs the runtime's stop).
t_busybox_guest "${g}f"
if vserver "${g}f" start >/dev/null 2>&1; then
	check "--force deletes a running guest" vserver --silent "${g}f" delete --force
	check "and it is gone" [ ! -e "$confdir/${g}f" ]
else
	mkdir -p "$rundir/${g}f"; sleep 300 & live=$!; echo "$live" >"$rundir/${g}f/pid"
	out=$(vserver --silent "${g}f" delete --force 2>&1)
	expect_match "--force without a runtime says it cannot stop" "cannot stop it|stopping" "$out"
	kill "$live"; wait "$live" 2>/dev/null
fi
finish
