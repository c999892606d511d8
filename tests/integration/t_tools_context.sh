# Proves vcontext --migrate runs a program inside a running guest (its PID namespace, root, uid, exit status), vcontext --create starts a program as the init of a new anonymous guest that vserver-stat and vps report (254 for an existing context), vspace/vnamespace --new/--enter with namespace lists, and vwait's status-line protocol and exit codes (FINISHED/KILLED/TIMEOUT/ERROR; 0/1/2/127).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/tools.sh"

g=tvc$$
tools_guest "$g" 4314
echo "marker-$$" >"$vdirbase/$g/root/marker"

# --migrate: inside the guest, by name or context id, with the program's exit code.
expect_eq "--migrate: guest's root" "marker-$$" "$(vcontext --migrate --xid "$g" -- cat /root/marker)"
expect_eq "--migrate: guest's init is PID 1" init "$(vcontext --migrate --xid 4314 --chroot -- cat /proc/1/comm)"
expect_eq "--migrate: guest's hostname" "$g" "$(vcontext --migrate --xid "$g" -- hostname)"
vcontext --migrate --xid "$g" -- sh -c 'exit 7'; expect_eq "--migrate: exit status passed on" 7 $?
expect_eq "--migrate --uid" "1234 1234" "$(vcontext --migrate --xid "$g" --uid 1234 -- sh -c 'echo $(id -u) $(id -g)')"
vcontext --migrate --xid "$g" --disconnect -- sh -c "sleep 0.3; echo done >/root/disc"; rc=$?
expect_eq "--disconnect returns at once" 0 "$rc"
rt_wait() { i=0; while [ $i -lt 50 ]; do [ -f "$1" ] && return 0; sleep 0.1; i=$((i + 1)); done; return 1; }
check "--disconnect: the program ran in the guest" rt_wait "$vdirbase/$g/root/disc"
vcontext --migrate --xid "$g" -- /no/such/program 2>/dev/null; expect_eq "missing program: 127" 127 $?
vcontext --migrate --xid nosuch$$ -- true 2>/dev/null; expect_eq "unknown guest: 255" 255 $?
vcontext --migrate -- true 2>/dev/null; expect_eq "no --xid: 255" 255 $?
vcontext --migrate --xid "$g" 2>/dev/null; expect_eq "no program: 255" 255 $?
vcontext --migrate --xid "$g" --vlogin -- true 2>"$VSM_ROOT/err"; expect_eq "--vlogin refused: 255" 255 $?
expect_match "--vlogin: says what instead" "vserver NAME enter" "$(cat "$VSM_ROOT/err")"

# --create: an anonymous guest rooted in the current directory.
a=$vdirbase/anon$$
vserver anon$$ build -m busybox --context 4315 >/dev/null 2>&1 || fail "build the anonymous root"
mv "$confdir/anon$$" "$VSM_ROOT/anon.cfg"   # keep the root only
(cd "$a" && vcontext --create --xid 4316 -- /bin/sh -c 'echo "pid $$ host $(hostname)" >/tmp/out; exit 3'); rc=$?
expect_eq "--create: init's exit status" 3 "$rc"
expect_eq "--create: ran as PID 1 of a new guest" "pid 1 host vcontext-4316" "$(cat "$a/tmp/out")"
check "--create: the anonymous config is gone" test ! -e "$confdir/vcontext-4316"
out=$(cd "$a" && vcontext --create --xid 4308 -- /bin/sh -c 'echo first; echo second; echo third >&2')
expect_eq "--create: the program's console output on stdout" "first
second
third" "$out"
(cd "$a" && vcontext --create --xid 4317 --disconnect --silent -- /bin/sleep 1000); rc=$?
expect_eq "--create --disconnect: 0" 0 "$rc"
expect_match "vserver-stat reports it" "^4317 +1 .* vcontext-4317$" "$(vserver-stat)"
expect_match "vps reports it" "4317 vcontext-4317 .* /bin/sleep 1000|sleep" "$(vps ax 2>/dev/null | grep 'vcontext-4317')"
(cd "$a" && vcontext --create --xid 4317 -- /bin/true 2>/dev/null); expect_eq "--create on an existing context: 254" 254 $?
(cd "$a" && vcontext --create --xid 4314 --silentexist -- /bin/true 2>"$VSM_ROOT/err"); rc=$?
expect_eq "--create on a configured guest's context: 254" 254 "$rc"
expect_eq "--silentexist: no message" "" "$(cat "$VSM_ROOT/err")"
(cd / && vcontext --create --xid 4318 -- /bin/true 2>/dev/null); expect_eq "--create with / as root: 255" 255 $?

# vwait on the anonymous guest: TIMEOUT, then KILLED with --terminate.
vwait --timeout 1 --status-fd 3 4317 3>"$VSM_ROOT/st"; rc=$?
expect_eq "vwait timeout: 2" 2 "$rc"
expect_eq "vwait timeout: status line" "TIMEOUT" "$(cat "$VSM_ROOT/st")"
vwait --timeout 1 --terminate --status-fd 3 vcontext-4317 3>"$VSM_ROOT/st"; rc=$?
expect_eq "vwait --terminate: 1" 1 "$rc"
expect_eq "vwait --terminate: status line" "KILLED" "$(cat "$VSM_ROOT/st")"
vserver vcontext-4317 running; expect_eq "the killed guest is not running" 1 $?
vwait --status-fd 3 vcontext-4317 3>"$VSM_ROOT/st"; rc=$?
expect_eq "vwait on a stopped guest: 127" 127 "$rc"
expect_eq "vwait on a stopped guest: ERROR errno" "ERROR 3" "$(cat "$VSM_ROOT/st")"
vwait nosuch$$ 2>/dev/null; expect_eq "vwait unknown guest: 255" 255 $?
vwait 2>/dev/null; expect_eq "vwait without a guest: 255" 255 $?
vwait --status-fd 9 "$g" 2>/dev/null; expect_eq "vwait closed status fd: 255" 255 $?

# vwait FINISHED with the init's status: a guest whose init exits 5.
(cd "$a" && vcontext --create --xid 4319 --disconnect --silent -- /bin/sh -c 'sleep 1; exit 5')
vwait --status-fd 3 4319 3>"$VSM_ROOT/st"; rc=$?
expect_eq "vwait finished: 0" 0 "$rc"
expect_eq "vwait finished: status line" "FINISHED 5" "$(cat "$VSM_ROOT/st")"

# vspace / vnamespace.
expect_eq "vspace --new --uts: own hostname" "inner" "$(vspace --new --uts -- sh -c 'hostname inner; hostname')"
check "vspace --new --uts: host hostname untouched" test "$(hostname)" != inner
expect_eq "vspace --new --mask pid: PID 1" 1 "$(vspace --new --mask pid -- sh -c 'echo $$')"
expect_eq "vspace --enter: guest's UTS" "$g" "$(vspace --enter "$g" --uts -- hostname)"
expect_eq "vnamespace --enter: guest's mounts" "marker-$$" "$(vnamespace --enter 4314 -- cat /root/marker)"
hn=$(vnamespace --enter "$g" -- hostname)
expect_eq "vnamespace joins only the mount namespace" "$(hostname)" "$hn"
init=$(tools_init "$g")
expect_eq "vspace --enter, all: guest's pid namespace" "$(readlink /proc/$init/ns/pid)" \
	"$(vspace --enter "$g" -- readlink /proc/self/ns/pid)"
expect_eq "vspace --enter --~pid --~mount: host pid namespace, guest UTS" \
	"$(readlink /proc/self/ns/pid) $g" \
	"$(vspace --enter "$g" --mask all --~pid --~mount -- sh -c 'echo $(readlink /proc/self/ns/pid) $(hostname)')"
expect_eq "vspace --enter: host fd 7 closed" "no" \
	"$(vspace --enter "$g" -- sh -c 'test -e /proc/self/fd/7 && echo yes || echo no' 7</dev/null)"
vspace --new --set -- true 2>"$VSM_ROOT/err"; expect_eq "vspace --set refused: 255" 255 $?
expect_match "--set: says what instead" "spaces/<kind>" "$(cat "$VSM_ROOT/err")"
vspace --new --mask bogus -- true 2>/dev/null; expect_eq "vspace bad list: 255" 255 $?
vspace --enter nosuch$$ -- true 2>/dev/null; expect_eq "vspace unknown guest: 255" 255 $?
vspace --new -- /no/such 2>/dev/null; expect_eq "vspace missing program: 255" 255 $?
vserver "$g" stop >/dev/null
vspace --enter "$g" -- true 2>/dev/null; expect_eq "vspace --enter stopped guest: 1" 1 $?
vcontext --migrate --xid "$g" -- true 2>/dev/null; expect_eq "vcontext --migrate stopped guest: 1" 1 $?
finish
