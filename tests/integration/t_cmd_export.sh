#!/bin/bash
# Proves `export NAME` prints a script that `vsm -f` replays into an identical configuration in
# another root (diff -r of the config dirs, vdir/run/cache links aside), for a built busybox guest
# with multi-line, quoted, flag, cgroup, rlimit and interface keys; and that it refuses to
# overwrite an existing guest.
. "$(dirname "$0")/../lib/common.sh"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
g=ce$$
vsm -c "build $g -m busybox --hostname web.example --interface eth0:10.9.8.7/24 \
	--interface lan=fd00::7/64 --flags virt_uptime" >/dev/null || { fail "build"; finish; }
cat >"$VSM_ROOT/setup.vsm" <<EOS
set $g bcapabilities NET_RAW,SYS_TIME
set $g rlimits.nproc.hard 200; set $g rlimits.nproc.soft 100
set $g memory.max 256M; set $g cpu.shares 512; set $g pids.max 300
set $g cgroup.memory.swappiness 10
set $g init.environment 'GREETING=it'"'"'s a "test"
LANG=C'
set $g init.killseq 'TERM 3 KILL'
set $g disabled on
set $g init.mark default
set $g fstab 'none /tmp tmpfs size=16m,mode=1777 0 0'
set $g nice -- 5
EOS
err=$(vsm -f "$VSM_ROOT/setup.vsm" 2>&1 >/dev/null)
# "set g nice -- 5": -- is a word like any other for set: 4 arguments, refused.
expect_match "the last line is refused (too many arguments)" "setup.vsm:11: set: too many arguments" "$err"
vsm -c "set $g nice 5" >/dev/null
vsm -c "export $g" >"$VSM_ROOT/export.vsm"; expect_eq "export exits 0" 0 $?
expect_match "script starts with create" "^create $g$" "$(sed -n 2p "$VSM_ROOT/export.vsm")"

other=$VSM_ROOT/other; mkdir -p "$other"
VSM_ROOT=$other vsm -f "$VSM_ROOT/export.vsm" >/dev/null; expect_eq "replay exits 0" 0 $?
d=$(diff -r --no-dereference -x vdir -x run -x cache "$confdir/$g" "$other/etc/vservers/$g" 2>&1)
expect_eq "replayed config is identical" "" "$d"
check "the replay created no root" test ! -e "$other/vservers/$g"
# A second replay must not touch the guest it would overwrite.
echo 7 >"$other/etc/vservers/$g/nice"
err=$(VSM_ROOT=$other vsm -f "$VSM_ROOT/export.vsm" 2>&1); rc=$?
expect_eq "replay over an existing guest fails" 1 "$rc"
expect_match "and says why" "export.vsm:2: $g: a guest of that name exists" "$err"
expect_eq "and stops before changing it" 7 "$(cat "$other/etc/vservers/$g/nice")"
finish
