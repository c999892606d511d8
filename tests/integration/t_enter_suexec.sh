#!/bin/bash
# Proves exec and suexec: exit codes pass through, identities (uid, gid, supplementary groups)
# come from the guest's own passwd/group (never the host's, even through a symlink pointing out of
# the root), huge, binary and FIFO passwd files are refused or survived without hanging, the cwd
# is inside the guest, no host fd is visible, and a stopped guest is an error.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
[ "$(id -u)" = 0 ] || skip "needs root"

g=sux$$
rt_make_guest "$g"
r="$vdirbase/$g"
cat >>"$r/etc/passwd" <<'P'
alice:x:1500:1600:Alice:/home/alice:/bin/sh
bob:x:1501:1501::/:/bin/sh
P
cat >>"$r/etc/group" <<'G'
staff:x:1600:
devs:x:1700:bob,alice
ops:x:1701:alice
other:x:1702:bob
G
mkdir -p "$r/home/alice"
vserver "$g" exec true; expect_eq "exec on a stopped guest fails" 1 $?
vserver "$g" suexec alice true; expect_eq "suexec on a stopped guest fails" 1 $?
check "start" vserver "$g" start

vserver "$g" exec sh -c 'exit 42'; expect_eq "exec: exit code passes through" 42 $?
vserver "$g" exec /no/such/cmd 2>/dev/null; expect_eq "exec: missing command is 127" 127 $?
vserver "$g" exec sh -c 'kill -TERM $$'; expect_eq "exec: killed by a signal is 128+15" 143 $?
expect_eq "exec: root" "uid=0(root) gid=0(root) groups=0(root)" "$(vserver "$g" exec id)"
expect_eq "exec: cwd is the guest's /" "/" "$(cd "$r/home" && vserver "$g" exec pwd)"
expect_eq "exec: HOME and PATH as DESIGN.md says" \
	"/root /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
	"$(vserver "$g" exec sh -c 'echo $HOME $PATH')"
echo x >"$VSM_ROOT/hostfile-$$"
fds=$(vserver "$g" exec sh -c 'ls -l /proc/self/fd/ /proc/$$/fd/' 3<"$VSM_ROOT/hostfile-$$" 4<"$VSM_ROOT")
check "exec: the fds listed" test -n "$fds"
if printf '%s\n' "$fds" | grep -q -e hostfile -e "$VSM_ROOT"; then
	fail "exec: a host fd is visible inside: $fds"
else ok "exec: host fds 3 and 4 are not inside"; fi
expect_eq "exec: the caller's tty is no controlling terminal" 0 \
	"$(vserver "$g" exec sh -c 'cut -d" " -f7 /proc/self/stat' </dev/null)"

expect_eq "suexec: uid, gid and groups from the guest's files" \
	"uid=1500(alice) gid=1600(staff) groups=1600(staff),1700(devs),1701(ops)" \
	"$(vserver "$g" suexec alice id)"
expect_eq "suexec: bob's groups" "uid=1501(bob) gid=1501 groups=1501,1700(devs),1702(other)" \
	"$(vserver "$g" suexec bob id)"
expect_eq "suexec: HOME and USER of the user, cwd /" "/home/alice alice /" \
	"$(vserver "$g" suexec alice sh -c 'echo $HOME $USER $(pwd)')"
expect_eq "suexec: a number not in passwd" "uid=4321 gid=4321 groups=4321" \
	"$(vserver "$g" suexec 4321 id)"
vserver "$g" suexec alice sh -c 'exit 9'; expect_eq "suexec: exit code passes through" 9 $?
expect_eq "suexec: no capabilities left for a user" "0000000000000000" \
	"$(vserver "$g" suexec alice sh -c 'grep CapEff /proc/self/status' | awk '{print $2}')"
out=$(vserver "$g" suexec nosuchuser id 2>&1); rc=$?
expect_eq "suexec: unknown user is an error" 1 "$rc"
expect_match "suexec: the message names the guest's passwd" "nosuchuser.*guest's /etc/passwd" "$out"
# A host-only user is not a guest user (no host NSS).
hostuser=$(getent passwd | awk -F: '$3 >= 100 && $3 < 65534 {print $1; exit}')
if [ -n "$hostuser" ] && ! grep -q "^$hostuser:" "$r/etc/passwd"; then
	vserver "$g" suexec "$hostuser" true 2>/dev/null
	expect_eq "suexec: host user $hostuser unknown in the guest" 1 $?
fi

# Hostile passwd files: a symlink out of the root resolves inside it; a FIFO does not hang;
# binary garbage is skipped line by line; a huge file is refused.
mv "$r/etc/passwd" "$r/etc/passwd.real"
ln -s ../../../../../../../../../etc/passwd "$r/etc/passwd"
out=$(vserver "$g" suexec root id 2>&1); rc=$?
check "suexec: /etc/passwd symlinked out of the root is not the host's (rc $rc)" test "$rc" -ne 0
rm "$r/etc/passwd"; mkfifo "$r/etc/passwd"
out=$(timeout 10 vserver "$g" suexec root id 2>&1); rc=$?
expect_eq "suexec: a FIFO passwd is refused, not waited on" 1 "$rc"
expect_match "suexec: the FIFO is named" "not a regular file" "$out"
rm "$r/etc/passwd"
{ head -c 3000 /dev/urandom; printf '\n\0zz:x:7:7::/:/bin/sh\nalice:x:1500:1600:A:/home/alice:/bin/sh\n'; } >"$r/etc/passwd"
expect_eq "suexec: binary lines skipped, valid ones used" "1500" "$(vserver "$g" suexec alice id -u)"
head -c 5M /dev/zero | tr '\0' 'a' >"$r/etc/passwd"
out=$(vserver "$g" suexec alice id 2>&1); rc=$?
expect_eq "suexec: a huge passwd is refused" 1 "$rc"
expect_match "suexec: the size is named" "more than" "$out"
mv "$r/etc/passwd.real" "$r/etc/passwd"

check "stop" vserver "$g" stop
check "no sanitizer report in the log" rt_log_clean "$g"
finish
