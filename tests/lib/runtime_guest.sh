# Sourced by the runtime integration tests after common.sh: a minimal busybox-static guest made by
# hand (the build helper's `vserver NAME build -m busybox` replaces it where available).
# rt_make_guest NAME: config in $confdir/NAME, root in $vdirbase/NAME, plain init style (busybox
# init with the inittab below), killseq USR2 first as the busybox method writes it.
rt_make_guest() {
	n=$1
	[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"
	r="$vdirbase/$n"; c="$confdir/$n"
	mkdir -p "$r"/bin "$r"/sbin "$r"/etc "$r"/proc "$r"/sys "$r"/dev "$r"/tmp "$r"/root \
		"$r"/var/run "$c"/apps/init "$c"/uts
	cp /bin/busybox "$r"/bin/busybox
	for a in $(/bin/busybox --list); do
		[ "$a" = busybox ] || ln -sf busybox "$r/bin/$a"
	done
	ln -sf ../bin/busybox "$r"/sbin/init
	cat >"$r"/etc/inittab <<'IT'
::sysinit:/bin/echo guest booted
::respawn:/bin/sleep 100000
::shutdown:/bin/echo guest shutting down
IT
	echo "root:x:0:0:root:/root:/bin/sh" >"$r"/etc/passwd
	echo "root:x:0:" >"$r"/etc/group
	ln -s "$r" "$c"/vdir
	echo "$n" >"$c"/uts/nodename
	echo plain >"$c"/apps/init/style
	printf 'USR2\n5\nKILL\n' >"$c"/apps/init/killseq
}

# rt_wait_running NAME [TRIES]: until `vserver NAME running` succeeds (0.1 s steps).
rt_wait_for() {
	tries=$1; shift
	while [ "$tries" -gt 0 ]; do
		"$@" && return 0
		sleep 0.1; tries=$((tries - 1))
	done
	return 1
}

# rt_gone PID: the process no longer runs (a zombie waiting for a non-reaping PID 1 counts as gone).
rt_gone() {
	[ ! -e "/proc/$1" ] && return 0
	[ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]
}

# rt_log_clean NAME: the guest's log has no sanitizer report (ASan/UBSan builds of the monitor).
rt_log_clean() {
	! grep -Eq 'Sanitizer|runtime error:' "$logdir/$1.log" 2>/dev/null
}
