# Proves start refuses a guest whose context id a running guest already uses (config edited by hand).
. "$(dirname "$0")/../lib/common.sh"
vserver cu1 build -m busybox >/dev/null 2>&1 || fail "build cu1"
vserver cu2 build -m busybox >/dev/null 2>&1 || fail "build cu2"
check "cu1 starts" vserver cu1 start
own=$(cat "$confdir/cu2/context")
cat "$confdir/cu1/context" > "$confdir/cu2/context"
out=$(vserver cu2 start 2>&1); rc=$?
check "cu2 with cu1's context does not start (rc $rc)" [ "$rc" -ne 0 ]
expect_match "the error names the running owner" "context [0-9]+ is in use by running guest cu1" "$out"
check "cu2 is not running" sh -c "! vserver cu2 running"
echo "$own" > "$confdir/cu2/context"
check "with its own context cu2 starts" vserver cu2 start
vserver cu2 stop >/dev/null 2>&1; vserver cu1 stop >/dev/null 2>&1
finish
