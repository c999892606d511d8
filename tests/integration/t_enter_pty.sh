#!/bin/bash
# Proves `vserver NAME enter` on a pty the test drives: a login shell on a pty of the guest's own
# devpts (not the host's), commands typed and answered, the window size passed and SIGWINCH
# relayed, no host fd inside, cwd /root, exit status passed, and the caller's terminal settings
# restored after a normal exit, after the shell is killed, and after vserver gets SIGTERM.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
command -v python3 >/dev/null || skip "python3 is not installed (the pty driver)"
drive="$(dirname "$0")/../lib/ptydrive.py"

g=ent$$
rt_make_guest "$g"
check "start" vserver "$g" start
host_pts=$(stat -c %d /dev/pts/ptmx)
sb=$VSM_ROOT/stty.before; sa=$VSM_ROOT/stty.after; sc=$VSM_ROOT/script
# restored WHEN: the driver's `stty -g` of its pty before and after are the same (and exist).
restored() {
	if [ -s "$sb" ] && [ "$(cat "$sb")" = "$(cat "$sa" 2>/dev/null)" ]; then ok "terminal restored $1"
	else fail "terminal restored $1: '$(cat "$sb" 2>/dev/null)' vs '$(cat "$sa" 2>/dev/null)'"; fi
	rm -f "$sb" "$sa"
}

cat >"$sc" <<'S'
expect [#] 
send echo hello-$((6*7))\n
expect hello-42
send echo tty=$(tty) cwd=$(pwd) dev=$(stat -c %d /dev/pts/ptmx)\n
expect cwd=/[a-z]*
send for f in /proc/$$/fd/*; do readlink $f; done | sort -u | tr '\n' ' '; echo =fds\n
expect =fds
send echo size=$(stty size)\n
expect size=24 80
winsize 40 100
sleep 0.3
send echo size=$(stty size)\n
expect size=40 100
send echo ctty=$(cat /proc/self/stat | cut -d' ' -f7)\n
expect ctty=
send exit 3\n
S
out=$(PTY_STTY_BEFORE=$sb PTY_STTY_AFTER=$sa timeout 60 python3 "$drive" "$sc" -- vserver "$g" enter)
rc=$?
echo "$out" | sed 's/^/  | /'
expect_eq "exit status of the shell passes through" 3 "$rc"
expect_match "typed command answered" "^hello-42" "$out"
expect_match "shell on a guest pty" "tty=/dev/pts/[0-9]+ " "$out"
expect_match "login shell starts in root's home" "cwd=/root " "$out"
gdev=$(printf '%s\n' "$out" | sed -n 's/.* dev=\([0-9]*\).*/\1/p' | tr -d '\r' | tail -1)
check "the pty is from the guest's devpts ($gdev), not the host's ($host_pts)" \
	test -n "$gdev" -a "$gdev" != "$host_pts"
fds=$(printf '%s\n' "$out" | grep '=fds' | tail -1 | tr -d '\r')
expect_match "the shell's fds lead only to its guest pty: $fds" '^(/dev/pts/[0-9]+ |/dev/tty )+=fds$' "$fds"
expect_match "window size given at start" "size=24 80" "$out"
expect_match "SIGWINCH relayed" "size=40 100" "$out"
restored "after exit"

# The shell killed from outside (inside the guest): the terminal is restored just the same.
cat >"$sc" <<'S'
expect [#] 
send echo pid=$$\n
expect pid=[0-9]+
send kill -9 $$\n
S
PTY_STTY_BEFORE=$sb PTY_STTY_AFTER=$sa timeout 60 python3 "$drive" "$sc" -- vserver "$g" enter >/dev/null
expect_eq "killed shell: status 128+9" 137 $?
restored "after the shell was killed"

# vserver itself gets SIGTERM: it hangs up the guest session and restores the terminal.
cat >"$sc" <<'S'
expect [#] 
signal TERM
S
PTY_STTY_BEFORE=$sb PTY_STTY_AFTER=$sa timeout 60 python3 "$drive" "$sc" -- vserver "$g" enter >/dev/null
rc=$?
check "SIGTERM to vserver ends the session (rc $rc)" test "$rc" -ne 124
restored "after SIGTERM"
left=$(vserver "$g" exec ps -o comm= | grep -c sh)
expect_eq "no shell left behind in the guest" 0 "$left"

# Input from a pipe: the commands run and the end of the input ends the shell.
out=$(printf 'echo piped-$((6*7))\n' | timeout 30 vserver "$g" enter 2>&1); rc=$?
expect_eq "piped input: the shell ends at the end of the input" 0 "$rc"
expect_match "piped input: the command ran" "^piped-42" "$(printf '%s\n' "$out" | tr -d '\r')"

# exec --tty runs a command on a guest pty; without --tty it has no terminal at all.
cat >"$sc" <<'S'
expect =
S
out=$(timeout 60 python3 "$drive" "$sc" -- vserver "$g" exec --tty sh -c 'echo t=$(tty) =')
expect_match "exec --tty: a guest pty" "t=/dev/pts/[0-9]+ =" "$out"
out=$(timeout 60 python3 "$drive" "$sc" -- vserver "$g" exec sh -c 'echo t=$(cat /proc/self/stat | cut -d" " -f7) =')
expect_match "exec without --tty: no controlling terminal" "t=0 =" "$out"

check "stop" vserver "$g" stop
check "no sanitizer report in the log" rt_log_clean "$g"
finish
