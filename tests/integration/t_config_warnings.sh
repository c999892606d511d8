#!/bin/bash
# Proves that unknown files in a guest's config dir are ignored with a warning naming the file on
# stderr (not stdout) from `vserver NAME start` and `suexec`, and the guest still starts and runs.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=cfw$$
rt_make_guest "$g"
echo whatever >"$confdir/$g/bogus_key"
out=$(vserver "$g" start 2>"$VSM_ROOT/start.err"); rc=$?
err=$(cat "$VSM_ROOT/start.err")
expect_eq "start succeeds despite the unknown file" 0 $rc
expect_match "start warns on stderr naming the file" "^vserver: $g: warning: .*bogus_key" "$err"
expect_eq "stdout has no warning" "" "$(printf '%s\n' "$out" | grep -i -e warning -e bogus_key)"
check "running after start" vserver "$g" running
out=$(vserver "$g" suexec root id -u 2>"$VSM_ROOT/suexec.err")
expect_eq "suexec output is the command's only" "0" "$out"
expect_match "suexec warns on stderr naming the file" "^vserver: $g: warning: .*bogus_key" \
	"$(cat "$VSM_ROOT/suexec.err")"
check "stop" vserver "$g" stop
rm "$confdir/$g/bogus_key"
vserver "$g" start 2>"$VSM_ROOT/start2.err"
expect_eq "no warning without the unknown file" "" "$(cat "$VSM_ROOT/start2.err")"
vserver "$g" stop
finish
