# Proves the console's process keys work on real processes: k signals the selected process, K every process of a guest (after a confirmation), / filters and o/O sort the process pane.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../console/lib.sh"

g=ka$$
t1=$((50000 + $$ % 10000)); t2=$((t1 + 1)); t3=$((t1 + 2))
fake_guest_cgroup "$g" 4301 "$t1" "$t2" "$t3" || skip "no cgroup v1 hierarchy to place a test workload in"

con_start 80x24 vt100 -d 1
expect_screen "guest's processes listed" "sleep 300 $t3"
pid1=$(pgrep -f "^sleep 300 $t1\$")
pid2=$(pgrep -f "^sleep 300 $t2\$")
pid3=$(pgrep -f "^sleep 300 $t3\$")

# Sort the process pane by PID, ascending then descending, and read the order back.
con_keys Tab
for i in 1 2 3 4 5 6 7 8; do
	con_capture | grep -qE "PID[v^] " && break
	con_keys o
	sleep 0.2
done
con_capture | grep -q "PIDv" && con_keys O
expect_screen "o reaches the PID column" "PID^"
order=$(con_capture | grep -oE "sleep 300 $t1|sleep 300 $t2|sleep 300 $t3" | tr '\n' ' ')
expect_eq "ascending by pid" "sleep 300 $t1 sleep 300 $t2 sleep 300 $t3 " "$order"
con_keys O
expect_screen "O reverses the order" "PIDv"
order=$(con_capture | grep -oE "sleep 300 $t1|sleep 300 $t2|sleep 300 $t3" | tr '\n' ' ')
expect_eq "descending by pid" "sleep 300 $t3 sleep 300 $t2 sleep 300 $t1 " "$order"

# Filter: only the matching process stays.
con_keys / "$t2" Enter
expect_screen "filter shown in the pane title" "filter $t2"
con_wait_gone "sleep 300 $t1" 5
screen=$(con_capture)
check "filter hides other processes" sh -c "! printf '%s' \"\$1\" | grep -q 'sleep 300 $t3'" _ "$screen"
expect_match "filter keeps the match" "sleep 300 $t2" "$screen"
con_keys / C-u Enter
expect_screen "empty filter shows all again" "sleep 300 $t1"

# k on the selected process (the top row, pid3 in descending order): the signal menu, TERM.
con_keys Home k
expect_screen "k opens the signal menu for the selected process" "Signal $pid3 sleep"
con_keys Enter
expect_screen "status line reports the signal" "SIGTERM sent to $pid3"
for i in $(seq 50); do kill -0 "$pid3" 2>/dev/null || break; sleep 0.1; done
check "the process is gone" sh -c "! kill -0 $pid3 2>/dev/null"
con_wait_gone "sleep 300 $t3" 5 && ok "and gone from the pane" || fail "still in the pane"

# K on the guest: menu, then a confirmation; n cancels, y sends.
con_keys Tab K
expect_screen "K opens the guest signal menu" "Signal guest $g"
con_keys Down Enter
expect_screen "K asks for confirmation" "Send SIGKILL to every process of $g?"
con_keys n
expect_screen "n cancels" "Cancelled"
check "nothing was killed" kill -0 "$pid1"
con_keys K Down Enter y
expect_screen "y sends it" "SIGKILL sent to 2 processes of $g"
for i in $(seq 50); do kill -0 "$pid1" 2>/dev/null || kill -0 "$pid2" 2>/dev/null || break; sleep 0.1; done
check "every process of the guest is gone" sh -c "! kill -0 $pid1 2>/dev/null && ! kill -0 $pid2 2>/dev/null"
wait # reap them: a zombie still counts in its cgroup
con_wait_gone "$g +4301 running" 10; vp=$(pgrep -f "vsm --root $VSM_ROOT"); gdb -p $vp -batch -ex bt 2>&1 | grep "^#" | head -12
expect_match "the guest shows as stopped" "$g +4301 stopped" "$(con_capture)"

# The host row is not a guest: lifecycle keys refuse with a message, not a crash.
con_keys Home s
expect_screen "s on the host row explains" "The host row is not a guest"
con_keys q
expect_screen "q quits" "VSM-EXITED rc=0" 5
finish
