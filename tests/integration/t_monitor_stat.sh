# Proves vserver-stat lists the host first and each running guest with the process count its cgroup holds, in util-vserver's columns, hides stopped guests, and follows guests that start or stop between snapshots.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/monitor.sh"
need_cgroup_v1

fake_guest mon1 4101 3 >/dev/null
fake_guest mon2 4102 6 >/dev/null
mkdir -p "$confdir/mon3"; echo 4103 > "$confdir/mon3/context"   # configured, never started
hostpid=$(host_sleeper)

out=$(vserver-stat 2>"$VSM_ROOT/err"); rc=$?
expect_eq "exit status" 0 "$rc"
expect_eq "nothing on stderr" "" "$(cat "$VSM_ROOT/err")"
expect_eq "util-vserver's header" "CTX   PROC    VSZ    RSS  userTIME   sysTIME    UPTIME NAME" \
	"$(printf '%s\n' "$out" | head -1)"
expect_match "host row first" '^0 +[0-9]+ .* root server$' "$(printf '%s\n' "$out" | sed -n 2p)"
row1=$(printf '%s\n' "$out" | grep ' mon1$')
row2=$(printf '%s\n' "$out" | grep ' mon2$')
expect_match "mon1 listed with its context" '^4101 ' "$row1"
expect_eq "mon1 PROC = processes in its cgroup" "$(guest_pids mon1 | wc -l)" "$(echo "$row1" | awk '{print $2}')"
expect_eq "mon2 PROC = processes in its cgroup" "$(guest_pids mon2 | wc -l)" "$(echo "$row2" | awk '{print $2}')"
check "stopped guest mon3 not listed" sh -c "! printf '%s\n' \"\$1\" | grep -q ' mon3\$'" _ "$out"
expect_eq "three rows (host, mon1, mon2)" 3 "$(printf '%s\n' "$out" | tail -n +2 | grep -c -E ' (root server|mon1|mon2)$')"
# Host row = all processes not in a guest: with the guests' it adds up to everything in /proc
# (other sessions start and end processes meanwhile: a 5% margin).
all=$(vserver-stat --format=tsv | awk -F'\t' 'NR > 1 { s += $5 } END { print s }')
n=$(ls -d /proc/[0-9]* 2>/dev/null | wc -l)
check "rows add up to the processes in /proc ($all vs $n)" sh -c "d=\$(( $n - $all )); [ \${d#-} -le \$(( $n / 20 + 5 )) ]"
# Within one snapshot the count is exact: the host row holds every process not in a guest.
js=$(vps --json)
expect_eq "host row = processes outside guests (one snapshot)" \
	"$(echo "$js" | jq '[.processes[] | select(.guest == null)] | length')" "$(echo "$js" | jq '.guests[0].nprocs')"

# Memory and CPU come from the guest's cgroup: compare with the kernel's own files (the sleepers are
# idle, so the figures hold still between the two reads).
mem=/sys/fs/cgroup/memory/$cgroup_base/mon2
if [ -f "$mem/memory.stat" ]; then
	echo 200000000 > "$mem/memory.limit_in_bytes"
	row=$(vserver-stat --format=tsv | awk -F'\t' '$3 == "mon2"')
	want=$(awk '$1 == "total_rss" || $1 == "total_mapped_file" { s += $2 } END { print s }' "$mem/memory.stat")
	expect_eq "mon2 RSS = memory.stat total_rss + total_mapped_file" "$want" "$(echo "$row" | cut -f7)"
	expect_eq "mon2 memory limit = memory.limit_in_bytes" "$(cat "$mem/memory.limit_in_bytes")" "$(echo "$row" | cut -f8)"
	acct=/sys/fs/cgroup/cpuacct/$cgroup_base/mon2
	[ -f "$acct/cpuacct.usage_user" ] && expect_eq "mon2 userTIME = cpuacct.usage_user" \
		"$(( $(cat "$acct/cpuacct.usage_user") / 1000000 ))" "$(echo "$row" | cut -f9)"
	expect_eq "mon1 has no memory limit" "-" "$(vserver-stat --format=tsv | awk -F'\t' '$3 == "mon1" { print $8 }')"
fi

# Columns: PROC ends at col 10, VSZ 17, RSS 24, times end at 33/43/53 (blank after), NAME at 56.
bad=$(printf '%s\n' "$out" | tail -n +2 | awk '{
	ok = substr($0,10,1) != " " && substr($0,11,1) == " " || length($1) + length($2) >= 10
	ok = ok && substr($0,17,1) != " " && substr($0,24,1) != " "
	ok = ok && substr($0,33,1) != " " && substr($0,34,1) == " "
	ok = ok && substr($0,43,1) != " " && substr($0,44,1) == " "
	ok = ok && substr($0,53,1) != " " && substr($0,54,2) == "  " && substr($0,56,1) != " "
	if (!ok) print }')
expect_eq "every row in util-vserver's columns" "" "$bad"

# Sorting: by process count, largest first; the host stays first.
sorted=$(vserver-stat --sort -proc | tail -n +2 | awk '{print $NF}' | tr '\n' ' ')
expect_eq "--sort -proc: host, mon2 (7), mon1 (4)" "server mon2 mon1 " "$sorted"
sorted=$(vserver-stat --sort name | tail -n +3 | awk '{print $NF}' | tr '\n' ' ')
expect_eq "--sort name" "mon1 mon2 " "$sorted"

# JSON: the snapshot schema, guests with the same counts.
js=$(vserver-stat --format=json)
expect_eq "json kind" snapshot "$(echo "$js" | jq -r .kind)"
expect_eq "json mon2 nprocs" "$(guest_pids mon2 | wc -l)" "$(echo "$js" | jq '.guests[] | select(.name=="mon2") | .nprocs')"
expect_eq "json mon1 ctx" 4101 "$(echo "$js" | jq '.guests[] | select(.name=="mon1") | .ctx')"
expect_eq "json host first" "root server" "$(echo "$js" | jq -r '.guests[0].name')"

# Batch mode: 3 iterations, a header each; TSV has one header and a row per guest per iteration.
expect_eq "-b -n 3: three headers" 3 "$(vserver-stat -b -d 0.1 -n 3 | grep -c '^CTX ')"
expect_eq "tsv -n 2: 1 header + 2 x 3 rows" 7 "$(vserver-stat --format=tsv -b -d 0.1 -n 2 | wc -l)"
expect_eq "json -n 2: two objects" 2 "$(vserver-stat --format=json -n 2 -d 0.1 | jq -c .kind | wc -l)"

# A guest stopped and another started while one batch run goes on: its first snapshot has mon1 and
# not mon3, its last has mon3 and not mon1, and no snapshot has a broken row.
vserver-stat -b -d 0.3 > "$VSM_ROOT/batch" &
bpid=$!
sleep 0.5
stop_fake_guest mon1
fake_guest mon3 4103 2 >/dev/null
sleep 1
kill $bpid; wait $bpid 2>/dev/null
first=$(awk '/^CTX/{n++} n==1' "$VSM_ROOT/batch")
last=$(awk -v last="$(grep -c '^CTX' "$VSM_ROOT/batch")" '/^CTX/{n++} n==last' "$VSM_ROOT/batch")
expect_match "first snapshot has mon1" ' mon1$' "$first"
check "first snapshot has no mon3" sh -c "! printf '%s\n' \"\$1\" | grep -q ' mon3\$'" _ "$first"
check "last snapshot has no mon1" sh -c "! printf '%s\n' \"\$1\" | grep -q ' mon1\$'" _ "$last"
expect_match "last snapshot has mon3 with 4 processes" '^4103 +4 ' "$(printf '%s\n' "$last" | grep ' mon3$')"
expect_eq "every line a header, a blank or a row" "" \
	"$(grep -Ev '^CTX   PROC|^$|^[0-9]+ +[0-9]+ +[0-9.]+[ KMGT+] +[0-9.]+[ KMGT+] ' "$VSM_ROOT/batch")"

# Exit codes and warnings on stderr only.
vserver-stat --bogus >/dev/null 2>&1; expect_eq "unknown option exits 1" 1 "$?"
vserver-stat extra >/dev/null 2>&1; expect_eq "stray argument exits 1" 1 "$?"
vserver-stat --sort nope >/dev/null 2>&1; expect_eq "unknown sort field exits 1" 1 "$?"
kill "$hostpid"
finish
