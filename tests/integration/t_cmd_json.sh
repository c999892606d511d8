#!/bin/bash
# Proves --json output (global and per command) of every inspection and lifecycle command on a
# running busybox guest is one JSON document per line that matches doc/json-schema.md (jq).
. "$(dirname "$0")/../lib/common.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
command -v jq >/dev/null || skip "jq is not installed"
g=cj$$
S="$(dirname "$0")/../lib/json_schema.jq"
vsm -c "build $g -m busybox --interface 10.77.0.2/24" >/dev/null || { fail "build"; finish; }

out=$(vsm --json -c "start $g; list; status $g; ps $g; stat; info $g; get $g uts.nodename
	set $g nice 3; exec $g -- echo hi; stop $g; status $g")
expect_eq "--json -c exits 0" 0 $?
expect_eq "one document per command" 11 "$(printf '%s\n' "$out" | wc -l)"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	if printf '%s' "$line" | jq -e -L "$(dirname "$S")" 'include "json_schema"; valid' >/dev/null; then
		ok "line $n matches the schema"
	else
		fail "line $n does not match the schema: $line"
	fi
done <<<"$out"
line() { printf '%s\n' "$out" | sed -n "${1}p"; }
expect_eq "start result" "result start true" "$(line 1 | jq -r '"\(.kind) \(.command) \(.ok)"')"
expect_eq "list: the guest, running" "running" "$(line 2 | jq -r ".[] | select(.name == \"$g\") | .state")"
expect_eq "list: its address" "10.77.0.2/24" "$(line 2 | jq -r ".[] | select(.name == \"$g\") | .ips[0]")"
expect_eq "status: a guest object" "guest running" "$(line 3 | jq -r '"\(.kind) \(.state)"')"
expect_eq "ps: only the guest's processes" "$g" "$(line 4 | jq -r '[.processes[].guest] | unique | join(",")')"
expect_eq "ps: its init is there" 1 "$(line 4 | jq '[.processes[] | select(.guest_pid == 1)] | length')"
expect_eq "stat: host first" "true" "$(line 5 | jq '.guests[0].host')"
expect_eq "info: config values" "$g" "$(line 6 | jq -r '.config["uts.nodename"]')"
expect_eq "get: attribute" "uts/nodename $g" "$(line 7 | jq -r '"\(.file) \(.value)"')"
expect_eq "exec: status and output" "0 hi" "$(line 9 | jq -r '"\(.status) \(.output|rtrimstr("\n"))"')"
expect_eq "status after stop" "stopped" "$(line 11 | jq -r .state)"
# Per command: only that command's output is JSON.
out=$(vsm -c "get $g nice; get --json $g nice")
expect_eq "plain then JSON" "3" "$(printf '%s\n' "$out" | head -1)"
expect_eq "--json after the command" "3" "$(printf '%s\n' "$out" | tail -1 | jq -r .value)"
out=$(vsm --json -c "net $g")
check "net: matches the schema" sh -c "printf '%s' '$out' | jq -e -L '$(dirname "$S")' 'include \"json_schema\"; valid' >/dev/null"
expect_eq "net: the link and its address" "eth0 10.77.0.2/24" "$(printf '%s' "$out" | jq -r '.links[0] | "\(.guest_if) \(.addresses)"')"
vsm -c "delete $g" >/dev/null
finish
