#!/bin/bash
# Proves vunify loses nothing under pressure: kill -9 at random points leaves every guest file
# whole (a later run finishes the job and clears its temporaries), and writers inside a running
# guest (reopening, or holding one fd) never lose a write that reported success, nor leak into
# the other guest's copy.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"

a=ra$$; b=rb$$
t_busybox_guest "$a" && t_busybox_guest "$b" || { fail "build guests"; finish; }
ra="$vdirbase/$a"; rb="$vdirbase/$b"
td=usr/share/r
mkdir -p "$ra/$td" "$rb/$td"
head -c 64000 /dev/urandom >"$VSM_ROOT/blob"
for i in $(seq 1 300); do
	{ echo "$i"; head -c $((i * 97)) "$VSM_ROOT/blob"; } >"$ra/$td/f$i"
done
cp -a "$ra/$td/." "$rb/$td/"
sums() { (cd "$1" && find . -xdev -type f ! -name '.vunify-tmp.*' -exec md5sum {} + | sort -k2); }
sa=$(sums "$ra"); sb=$(sums "$rb")

# kill -9 at several points of a run.
for delay in 0.01 0.03 0.06 0.1 0.15 0.2 0.3; do
	vunify "$a" "$b" >/dev/null 2>&1 &
	p=$!
	sleep "$delay"
	kill -9 "$p" 2>/dev/null
	wait "$p" 2>/dev/null
	[ "$(sums "$ra")" = "$sa" ] && [ "$(sums "$rb")" = "$sb" ] ||
		fail "files changed after kill -9 at ${delay}s"
done
ok "every file whole after 7 kill -9 at different points"
out=$(vunify "$a" "$b"); expect_eq "a full run after the kills" 0 $?
expect_eq "a's files whole" "$sa" "$(sums "$ra")"
expect_eq "b's files whole" "$sb" "$(sums "$rb")"
nshared=0
for i in $(seq 1 300); do
	[ "$(stat -c %i "$ra/$td/f$i")" = "$(stat -c %i "$rb/$td/f$i")" ] &&
		lsattr "$ra/$td/f$i" | cut -c5 | grep -q i && nshared=$((nshared + 1))
done
expect_eq "all 300 test files shared and immutable" 300 "$nshared"
check "no temporaries left" sh -c "! find '$ra' '$rb' -name '.vunify-tmp.*' | grep -q ."
vunify -R "$b" >/dev/null

# Writers in running guest a while vunify runs again and again. Writer 1 reopens and appends;
# b's copy equals what a's becomes after 300 appends, so a run can catch them identical mid-way.
# Writer 2 holds one fd opened before the first run links its file.
printf 'start\n' >"$ra/$td/busy1"
{ echo start; for i in $(seq 0 299); do echo "r$i"; done; } >"$rb/$td/busy1"
printf 'start\n' >"$ra/$td/busy2"; printf 'start\n' >"$rb/$td/busy2"
vserver "$a" start || { fail "start $a"; finish; }
vserver "$a" exec sh -c "i=0; while [ \$i -lt 1500 ]; do echo r\$i >> /$td/busy1 2>/dev/null && echo r\$i >> /root/ok1; i=\$((i+1)); done" &
w1=$!
vserver "$a" exec sh -c "exec 3>>/$td/busy2; touch /root/open2; n=0; while [ ! -e /root/go ] && [ \$n -lt 300 ]; do sleep 0.05; n=\$((n+1)); done; i=0; while [ \$i -lt 1500 ]; do echo h\$i >&3 2>/dev/null && echo h\$i >> /root/ok2; i=\$((i+1)); done" &
w2=$!
for i in $(seq 1 100); do [ -e "$ra/root/open2" ] && break; sleep 0.05; done
vunify "$a" "$b" >/dev/null 2>&1
check "busy2 shared while writer 2 holds it open" [ "$(stat -c %i "$ra/$td/busy2")" = "$(stat -c %i "$rb/$td/busy2")" ]
touch "$ra/root/go"
runs=1
while kill -0 "$w1" 2>/dev/null || kill -0 "$w2" 2>/dev/null; do
	vunify "$a" "$b" >/dev/null 2>&1
	runs=$((runs + 1))
done
wait "$w1" "$w2"
t_log "$runs vunify runs during the writes"
lost=0
for n in 1 2; do
	ok_lines=$(cat "$ra/root/ok$n" 2>/dev/null | wc -l)
	missing=$(grep -vxFf "$ra/$td/busy$n" "$ra/root/ok$n" 2>/dev/null | wc -l)
	t_log "writer $n: $ok_lines successful writes, $missing missing from the file"
	lost=$((lost + missing))
done
expect_eq "no acknowledged write lost" 0 "$lost"
expect_eq "b's busy1 untouched" 301 "$(wc -l <"$rb/$td/busy1")"
expect_eq "b's busy2 untouched" "start" "$(cat "$rb/$td/busy2")"
vserver "$a" stop
finish
