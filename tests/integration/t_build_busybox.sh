# Proves that `build -m busybox` makes a complete guest (util-vserver config layout, busybox
# userland) whose init boots its daemons and powers off cleanly on SIGUSR2.
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=bb$$
out=$(vserver "$g" build -m busybox --hostname web.example --interface eth0:10.9.8.7/24 \
	--interface lan=fd00::7/64 --flags virt_uptime,hide_mount 2>&1)
expect_eq "build exits 0" 0 $?
expect_match "progress has stage lines" '^\[ *[0-9]+%\] busybox: ' "$out"
expect_match "progress ends with done" '\[100%\] done: guest' "$out"
cfg="$confdir/$g"
expect_eq "name" "$g" "$(cat "$cfg/name")"
expect_eq "uts/nodename" "web.example" "$(cat "$cfg/uts/nodename")"
ctx=$(cat "$cfg/context")
check "context is a static id" [ "$ctx" -ge 2 ] && [ "$ctx" -le 49151 ]
expect_eq "vdir is absolute and re-based" "$vdirbase/$g" "$(readlink "$cfg/vdir")"
expect_eq "run link" "$rundir/$g" "$(readlink "$cfg/run")"
expect_eq "cache link" "$cachedir/$g" "$(readlink "$cfg/cache")"
expect_eq "init style" "plain" "$(cat "$cfg/apps/init/style")"
expect_eq "killseq starts with USR2" "USR2" "$(head -1 "$cfg/apps/init/killseq")"
expect_eq "interface 00 ip" "10.9.8.7" "$(cat "$cfg/interfaces/00/ip")"
expect_eq "interface 00 prefix" "24" "$(cat "$cfg/interfaces/00/prefix")"
expect_eq "interface 00 dev" "eth0" "$(cat "$cfg/interfaces/00/dev")"
expect_eq "interface 01 ipv6" "fd00::7" "$(cat "$cfg/interfaces/01/ip")"
expect_eq "interface 01 name" "lan" "$(cat "$cfg/interfaces/01/name")"
check "interface 01 has no dev" [ ! -e "$cfg/interfaces/01/dev" ]
expect_eq "cflags one per line" "virt_uptime hide_mount" "$(echo $(cat "$cfg/cflags"))"
root="$vdirbase/$g"
check "busybox is a static binary" sh -c "file -L '$root/bin/busybox' | grep -q 'statically linked'"
expect_eq "sbin/init is a busybox applet" "/bin/busybox" "$(readlink "$root/sbin/init")"
check "httpd applet" [ -L "$root/usr/sbin/httpd" ]
expect_eq "guest hostname file" "web.example" "$(cat "$root/etc/hostname")"
check "hosts names the host" grep -q "web.example web" "$root/etc/hosts"
check "root in passwd" grep -q '^root:x:0:0:' "$root/etc/passwd"
expect_eq "tmp is 1777" "1777" "$(stat -c %a "$root/tmp")"
check "no temporaries left" t_no_leftovers "$g"

# The same name again: refused, the guest untouched.
out=$(vserver "$g" build -m busybox 2>&1); rc=$?
expect_eq "second build fails" 1 "$rc"
expect_match "second build says the guest exists" "guest $g exists.*--force" "$out"
expect_eq "first guest kept" "$ctx" "$(cat "$cfg/context")"

# A context in use is refused; the next build gets a different one.
out=$(vserver "${g}x" build -m busybox --context "$ctx" 2>&1)
expect_match "duplicate --context refused" "context $ctx.* already used by (guest |.*/)$g" "$out"
check "refused build left nothing" t_no_leftovers "${g}x"
check "refused build made no guest" [ ! -e "$confdir/${g}x" ] && [ ! -e "$vdirbase/${g}x" ]
vserver --silent "${g}y" build -m busybox
ctx2=$(cat "$confdir/${g}y/context")
check "contexts differ" [ "$ctx2" != "$ctx" ]
out=$(vserver --silent "${g}z" build -m busybox)
expect_eq "--silent prints nothing" "" "$out"

# Boot what the build wrote with busybox init (no runtime needed) and stop it as killseq says.
if t_boot_busybox "$root"; then
	ok "busybox init ran rcS"
	for d in syslogd crond httpd; do
		check "$d runs" sh -c "pgrep -P $T_INIT_PID -f $d >/dev/null"
	done
	page=$(nsenter -t "$T_INIT_PID" -n -m chroot "$root" wget -q -O - http://127.0.0.1/)
	expect_match "httpd serves the page" "vsm busybox guest" "$page"
	t_halt_busybox USR2
	expect_eq "SIGUSR2 powers off (init ends with SIGINT)" 130 "$T_HALT_STATUS"
	check "shutdown script ran" grep -q stopping "$T_BOOT_LOG"
else
	fail "busybox init did not boot: $(cat "$T_BOOT_LOG")"
fi
finish
