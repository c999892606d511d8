#!/bin/bash
# Proves start-vservers: guests selected by mark start dependencies first (apps/init/depends) and
# stop in the reverse order, guests without the mark are left alone, guests already in the wanted
# state are skipped, and util-vserver's exit codes: 0 done, 1 every attempt failed, 2 some failed
# (a guest whose dependency failed is not attempted; a dependency cycle is dropped with a warning,
# as make did).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

p=bo$$
for n in a b c d e f; do rt_make_guest "$p$n"; done
for n in a b c; do echo web >"$confdir/$p$n/apps/init/mark"; done
printf 'other\nweb2\n' >"$confdir/$p"d/apps/init/mark
echo "${p}b" >"$confdir/${p}a/apps/init/depends"
echo "${p}c" >"$confdir/${p}b/apps/init/depends"
echo "${p}f" >"$confdir/${p}e/apps/init/depends"
echo "${p}e" >"$confdir/${p}f/apps/init/depends"
# ns timestamp of a run-record file
ts() { date -r "$rundir/$1/$2" +%s%N; }

start-vservers --mark web -j 4 --start; expect_eq "start by mark: exit 0" 0 $?
for n in a b c; do check "$p$n running" vserver "$p$n" running; done
vserver "${p}d" running; expect_eq "a guest without the mark is left alone" 1 $?
check "c (dependency of b) started before b" test "$(ts "${p}c" init.pid)" -lt "$(ts "${p}b" init.pid)"
check "b (dependency of a) started before a" test "$(ts "${p}b" init.pid)" -lt "$(ts "${p}a" init.pid)"
start-vservers --mark web --start; expect_eq "nothing to do: exit 0" 0 $?
start-vservers --mark 'other,!web' --start; expect_eq "mark list with a negation" 0 $?
check "d started by its second mark" vserver "${p}d" running
start-vservers --running --stop -- "${p}d"; expect_eq "stop by name" 0 $?
vserver "${p}d" running; expect_eq "d stopped" 1 $?

start-vservers --mark web -j 4 --stop; expect_eq "stop by mark: exit 0" 0 $?
for n in a b c; do vserver "$p$n" running; expect_eq "$p$n stopped" 1 $?; done
check "a (dependent) stopped before b" test "$(ts "${p}a" exit)" -lt "$(ts "${p}b" exit)"
check "b stopped before c" test "$(ts "${p}b" exit)" -lt "$(ts "${p}c" exit)"

# Only a's dependency chain is named: it is pulled in.
start-vservers --start -- "${p}a"; expect_eq "a named: exit 0" 0 $?
check "its dependencies were started with it" vserver "${p}c" running
start-vservers --all --stop >/dev/null; expect_eq "stop all" 0 $?

# Failures: c cannot start, so b and a are not attempted: every attempt failed.
echo /does/not/exist >"$confdir/${p}c/apps/init/cmd.start"
out=$(start-vservers --mark web --start 2>&1); rc=$?
expect_eq "all failed: exit 1" 1 "$rc"
expect_match "a dependent is not attempted" "${p}b: not started: dependency ${p}c failed" "$out"
vserver "${p}a" running; expect_eq "a not started" 1 $?
start-vservers --start -- "${p}c" "${p}d" 2>/dev/null; expect_eq "some failed: exit 2" 2 $?
out=$(start-vservers --start -- "${p}e" 2>&1); rc=$?
expect_eq "dependency cycle: dropped with a warning, as make does: exit 0" 0 "$rc"
expect_match "the cycle is named" "dependency cycle; ordering dropped" "$out"
check "both guests of the cycle run" vserver "${p}f" running
touch "$confdir/${p}d/disabled"
start-vservers --stop -- "${p}d" 2>/dev/null; expect_eq "a disabled guest is not considered" 1 $?
rm "$confdir/${p}d/disabled"
start-vservers --all --stop >/dev/null 2>&1; expect_eq "stop all again" 0 $?
start-vservers 2>/dev/null; expect_eq "no selection: usage error" 255 $?
finish
