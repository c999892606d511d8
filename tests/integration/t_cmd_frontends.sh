#!/bin/bash
# Proves the command language runs the same through vsm -c, -f and stdin on a real busybox guest
# (build, set/get, start, exec, status, ps, stat, live memory limit, stop), with FILE:LINE errors,
# first-failure exit status and -k, and that ill-formed input changes nothing.
. "$(dirname "$0")/../lib/common.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
g=cf$$
T=$VSM_ROOT/t; mkdir -p "$T"

out=$(vsm -c "build $g -m busybox --hostname h$g" 2>&1)
expect_eq "build through -c exits 0" 0 $?
expect_match "build progress lines as vserver build prints them" '^\[ *[0-9]+%\] busybox: ' "$out"
expect_eq "built guest has the hostname" "h$g" "$(cat "$confdir/$g/uts/nodename")"

# The same script through the three non-interactive routes: same effect, same output.
printf 'set %s nice 5 # a comment\nget %s nice; get %s uts.nodename\nlist\nstatus %s\n' \
	"$g" "$g" "$g" "$g" >"$T/s1.vsm"
o_c=$(vsm -c "$(cat "$T/s1.vsm")" 2>&1); rc_c=$?
rm -f "$confdir/$g/nice"
o_f=$(vsm -f "$T/s1.vsm" 2>&1); rc_f=$?
rm -f "$confdir/$g/nice"
o_s=$(vsm <"$T/s1.vsm" 2>&1); rc_s=$?
expect_eq "-c exit status" 0 "$rc_c"
expect_eq "-f exit status" 0 "$rc_f"
expect_eq "stdin exit status" 0 "$rc_s"
expect_eq "-c and -f print the same" "$o_c" "$o_f"
expect_eq "-c and stdin print the same" "$o_c" "$o_s"
expect_eq "the set took effect" 5 "$(cat "$confdir/$g/nice")"
expect_match "get prints the value" "^5$" "$o_c"
expect_match "list has the guest, stopped" "^$g +[0-9]+ stopped " "$o_c"
expect_match "status text" "^Vserver '$g' is stopped$" "$o_c"

# Lifecycle and inspection on the running guest.
out=$(vsm -c "start $g" 2>&1); expect_eq "start exits 0" 0 $?
expect_eq "start says so" "$g: started" "$out"
printf 'exec %s -- hostname\nexec %s cat /proc/1/comm\n' "$g" "$g" >"$T/s2.vsm"
expect_eq "exec output through -f" "h$g
init" "$(vsm -f "$T/s2.vsm")"
expect_eq "exec output through stdin" "h$g
init" "$(vsm <"$T/s2.vsm")"
vsm -c "exec $g -- sh -c 'exit 7'"; expect_eq "exec passes the program's status" 7 $?
expect_match "status of the running guest" "^Vserver '$g' is running at context" "$(vsm -c "status $g")"
expect_match "ps lists its init" " $g +root +[A-Z] init" "$(vsm -c "ps $g")"
expect_match "stat has a row" " $g\$" "$(vsm -c stat)"
# A live attribute reaches the running guest's cgroup (v1 memory or v2).
out=$(vsm -c "set $g memory.max 64M" 2>&1)
expect_match "memory.max applied live" "applied to the running guest" "$out"
for f in /sys/fs/cgroup/memory/$cgroup_base/$g/memory.limit_in_bytes \
	 /sys/fs/cgroup/unified/$cgroup_base/$g/memory.max; do
	[ -f "$f" ] && { expect_eq "cgroup file $f" 67108864 "$(cat "$f")"; break; }
done
expect_eq "stored version-neutral" 64M "$(cat "$confdir/$g/cgroup/memory_max")"
out=$(vsm -c "set $g uts.nodename other" 2>&1)
expect_match "a non-live attribute waits for the next start" "next start" "$out"

# Errors: FILE:LINE, first failure's status, -k.
printf 'get %s nice\n\nset %s nice 99\nset %s nice 3\n' "$g" "$g" "$g" >"$T/bad.vsm"
err=$(vsm -f "$T/bad.vsm" 2>&1 >/dev/null); rc=$?
expect_eq "a failing script exits 1" 1 "$rc"
expect_match "error names file and line" "^$T/bad.vsm:3: " "$err"
expect_eq "stopped at the failure" 5 "$(cat "$confdir/$g/nice")"
err=$(vsm -k -f "$T/bad.vsm" 2>&1 >/dev/null); rc=$?
expect_eq "-k: still the first failure's status" 1 "$rc"
expect_eq "-k: went on" 3 "$(cat "$confdir/$g/nice")"
err=$(vsm -c "list; frobnicate $g" 2>&1 >/dev/null); rc=$?
expect_eq "unknown command: usage status" 2 "$rc"
expect_match "-c errors say -c:LINE" "^-c:1: unknown command 'frobnicate'" "$err"
err=$(vsm -c "get $g" 2>&1); expect_match "argument count" "too few arguments \(usage: get NAME ATTR\)" "$err"

# Ill-formed input changes nothing, even commands before the bad spot.
before=$(cd "$confdir/$g" && find . -type f -exec md5sum {} + | sort)
printf 'set %s nice 1\nset %s uts.nodename "unterminated\n' "$g" "$g" >"$T/q.vsm"
err=$(vsm -f "$T/q.vsm" 2>&1); rc=$?
expect_eq "unterminated quote: status 2" 2 "$rc"
expect_match "unterminated quote: file, line, column" "^$T/q.vsm:2: column [0-9]+: unterminated double quote \(nothing was run\)" "$err"
head -c 3000 /dev/urandom >"$T/garbage"; printf 'set %s nice 1\n' "$g" | cat - "$T/garbage" >"$T/g.vsm"
err=$(vsm <"$T/g.vsm" 2>&1); rc=$?
expect_eq "binary garbage: status 2" 2 "$rc"
expect_match "binary garbage: a clear message" "^<stdin>:[0-9]+: (column [0-9]+: (NUL|control) byte|line longer)" "$err"
{ printf 'set %s nice 1\nget %s ' "$g" "$g"; head -c 100000 /dev/zero | tr '\0' a; echo; } >"$T/huge.vsm"
err=$(vsm -f "$T/huge.vsm" 2>&1); rc=$?
expect_eq "huge line: status 2" 2 "$rc"
expect_match "huge line: message" "huge.vsm:2: line longer than 65536 bytes" "$err"
after=$(cd "$confdir/$g" && find . -type f -exec md5sum {} + | sort)
expect_eq "config unchanged by ill-formed scripts" "$before" "$after"

out=$(vsm -c "stop $g" 2>&1); expect_eq "stop" "$g: stopped" "$out"
out=$(vsm -c "delete $g" 2>&1); expect_eq "delete" "$g: deleted" "$out"
check "guest gone" test ! -e "$confdir/$g"
finish
