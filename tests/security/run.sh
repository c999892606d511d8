#!/bin/bash
# Security suite (issue 10, doc/security.md): a hostile root inside real busybox guests tries to
# get out, and host tools are run against hostile guest trees. One line per attack: "blocked NAME",
# "ESCAPED NAME: evidence", "SKIP NAME: reason" (FAIL when the harness itself broke); then the
# counts and "N passed, N failed, N skipped". Exit 1 if anything escaped or failed.
# The path-handling attacks run twice: with openat2, and with openat2 answering ENOSYS (seccomp,
# tests/security/no-openat2) so the fd-relative walk of backend/fs_resolve.c is what resolves.
if [ "$(id -u)" != 0 ]; then
	echo "SKIP security suite: needs root (real namespaces, mounts, guests)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 77
fi
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/runtime_guest.sh"
SECBIN=$(cd "$VSM_BIN/../tests/security" 2>/dev/null && pwd)
[ -x "$SECBIN/sec-attack" ] || { echo "FAIL: $VSM_BIN/../tests/security/sec-attack not built (scons)"; exit 1; }
[ -x /bin/busybox ] || { echo "SKIP security suite: busybox-static missing"; echo "0 passed, 0 failed, 1 skipped"; exit 77; }

n_tried=0; n_blocked=0; n_escaped=0; n_skipped=0; n_failed=0; n_race=0
# about NAME: the attack in one line (printed before its verdict).
about() {
	case "${1%%[[:(]*}" in
	fd_leak_start) d="start with host fds open and the cwd under /proc/self/fd: init must hold no host object" ;;
	chroot_classic) d="chroot into a subdir and chdir .. 1000x, and fchdir to a pre-chroot fd (escaperoot)" ;;
	scm_rights_dirfd) d="a second guest passes its / over AF_UNIX in a shared dir; walk .. from it to the host" ;;
	fd_leak_exec) d="exec with host fds open in the caller: the command must hold none" ;;
	fd_leak_cwd) d="exec from a cwd under /proc/self/fd/N on the host canary: cwd must be the guest's /" ;;
	ptrace_enter_prepare) d="capability check before the ptrace race" ;;
	ptrace_enter) d="guest ptraces / opens /proc/PID/{fd,cwd,root,exe,mem} of processes entering it" ;;
	mask) d="read, write, umount, remount, overmount a masked /proc or /sys path" ;;
	readonly) d="write, create, umount, remount a read-only /proc path" ;;
	procsys_remount) d="write core_pattern/modprobe, mount a fresh procfs/sysfs, remount /proc and /sys" ;;
	device) d="open a device node planted in the guest tree, mknod block and mem devices" ;;
	cgroup_release_agent) d="CVE-2022-0492: unshare a user ns, mount cgroup v1, open release_agent (first step must fail)" ;;
	open_by_handle_at) d="Shocker: open_by_handle_at on the root inode" ;;
	userns_and_mount) d="unshare/clone user, mount, net namespaces; mount, fsopen, open_tree, umount" ;;
	capabilities) d="the bounding set holds none of the dangerous capabilities; inheritable/ambient empty" ;;
	tiocsti_exec) d="TIOCSTI (and its high-bit form) into the caller's terminal from an exec'd command" ;;
	fstab_target_*|proc_is_*|sys_is_*|dev_is_*) d="start with a planted symlink/file on an fstab target or on /proc, /sys, /dev" ;;
	mount_target_swap_race) d="a guest swaps dir/symlink in a shared dir while another guest mounts through it" ;;
	delete_symlinks_and_binds) d="delete a guest with symlinks to the host and a host dir bind-mounted inside" ;;
	clone_hostile_source) d="clone a guest whose files are FIFOs, host symlinks, huge and binary" ;;
	clone_etc_symlink) d="clone a guest whose /etc is a symlink to the host (build writes etc/hostname, hosts)" ;;
	vunify_swap_race) d="vunify while the guest swaps a file and a symlink to a host file; a dir symlink to the host" ;;
	guest_planted_config) d="a guest-made /etc/vservers lookalike asks for SYS_ADMIN" ;;
	init_fifo) d="/sbin/init is a FIFO: the host's init probe must not hang" ;;
	host_tools_guest_files) d="vps, vserver-stat, status, exec, vserver-info over huge/binary/symlinked passwd, group, os-release, localtime" ;;
	vdirbase_not_traversable) d="an unprivileged host user reaches into a guest root" ;;
	state_outside_guest_roots) d="config, run state and logs live inside a guest root" ;;
	no_stray_processes) d="processes left in guest cgroups after stop" ;;
	*) d="" ;;
	esac
	[ -z "$d" ] || echo "# attack $1: $d"
}
blocked() { about "$1"; n_tried=$((n_tried + 1)); n_blocked=$((n_blocked + 1)); echo "blocked $1"; }
escaped() { about "$1"; n_tried=$((n_tried + 1)); n_escaped=$((n_escaped + 1)); echo "ESCAPED $1: $2"; }
skipped() { about "$1"; n_skipped=$((n_skipped + 1)); echo "SKIP $1: $2"; }
failed() { about "$1"; n_tried=$((n_tried + 1)); n_failed=$((n_failed + 1)); echo "FAIL $1: $2"; }
say() { echo "# $*"; }

# Run CMD as the WRAP of this pass (empty, or no-openat2).
WRAP=""
MODE=""
vs() { $WRAP vserver "$@"; }

# verdict NAME OUTPUT RC: pass on the helper's own verdict line, or fail if it gave none.
verdict() {
	v=$(printf '%s\n' "$2" | grep -E '^(blocked|ESCAPED|SKIP) ' | head -1)
	printf '%s\n' "$2" | grep '^# ' || true
	case "$v" in
	blocked*) blocked "$1" ;;
	ESCAPED*) escaped "$1" "${v#*: }" ;;
	SKIP*) skipped "$1" "${v#*: }" ;;
	*) failed "$1" "no verdict from the attack (exit $3): $(printf '%s' "$2" | tr '\n' ' ' | cut -c1-300)" ;;
	esac
}

# attack GUEST NAME CMD ARGS...: run sec-attack inside GUEST.
attack() {
	g=$1; nm=$2; shift 2
	out=$(timeout 120 $WRAP vserver "$g" exec /t/sec-attack "$nm" "$@" 2>&1)
	verdict "$nm$MODE" "$out" $?
}

devino() { stat -L -c '%d:%i' "$1"; }

# --- fixtures -------------------------------------------------------------------------------------
canary="$VSM_ROOT/canary"
mkdir -m 0700 "$canary"
head -c 64 /dev/urandom >"$canary/secret"
echo "victim: known content" >"$canary/victim"
mkdir -p "$VSM_ROOT/shared" "$VSM_ROOT/payload"
echo "payload-from-host" >"$VSM_ROOT/payload/marker"
canary_state() {
	(cd "$canary" && find . -printf '%p %m %U %G %n %s %i\n' | sort && cat ./secret ./victim | sha256sum) 2>&1
	lsattr -d "$canary" "$canary"/* 2>/dev/null
}
canary0=$(canary_state)
tools_state() { sha256sum "$VSM_BIN"/* 2>/dev/null | sort; }
tools0=$(tools_state)
hostroot_mnt() { awk '$5 == "/" { print $1, $4, $6 }' /proc/self/mountinfo; }
hostroot0=$(hostroot_mnt)
host_objs="$(devino /) $(devino "$canary") $(devino "$VSM_ROOT") $(devino "$VSM_BIN/vserver") $(devino "$PWD")"

# invariants NAME: after an attack, the host is as it was. A change is an escape of that attack.
invariants() {
	[ "$(canary_state)" = "$canary0" ] || escaped "$1" "the host canary changed"
	[ "$(tools_state)" = "$tools0" ] || escaped "$1" "host tool binaries changed"
	[ "$(hostroot_mnt)" = "$hostroot0" ] || escaped "$1" "the host's / mount changed"
	if awk -v c="$canary" -v r="$VSM_ROOT" '$5 == c || index($5, c "/") == 1 || index($5, r "/shared") == 1' \
		/proc/self/mountinfo | grep -q .; then
		escaped "$1" "a mount appeared on the host under the canary or the shared dir"
	fi
	return 0
}

# make_guest NAME [fstab-line]: busybox guest with sec-attack in /t and the shared dir on /vshared.
make_guest() {
	rt_make_guest "$1"
	mkdir -p "$vdirbase/$1/t" "$vdirbase/$1/vshared"
	cp "$SECBIN/sec-attack" "$vdirbase/$1/t/"
	echo "$VSM_ROOT/shared /vshared none bind 0 0" >"$confdir/$1/fstab"
}

start_ok() { timeout 60 $WRAP vserver "$1" start >"$VSM_ROOT/start.out" 2>&1 && rt_wait_for 50 $WRAP vserver "$1" running; }
stop_quiet() { timeout 60 $WRAP vserver "$1" stop >/dev/null 2>&1; }

# --- attacks from inside a running guest ----------------------------------------------------------
inside_attacks() {
	A=$1 B=$2
	attack "$A" chroot_classic chroot "$canary/secret"
	invariants chroot_classic

	# B23: A passes its / and /tmp to B through a socket in the shared directory.
	timeout 90 $WRAP vserver "$A" exec /t/sec-attack scm_send scm-send /vshared/sock >/dev/null 2>&1 &
	sp=$!
	attack "$B" scm_rights_dirfd scm-recv /vshared/sock "$canary/secret" "$(devino /)" "$(devino "$vdirbase")"
	wait $sp
	say "cross-guest policy: a guest that receives another guest's directory fd can walk that guest's tree (accepted; see doc/security.md)"
	invariants scm_rights_dirfd

	# Host fds open in the caller (7: the canary dir, 8: host /, 9: the caller's cwd) must not
	# reach the exec'd process, and a cwd under /proc/self/fd must not survive into the guest.
	attack "$A" fd_leak_exec fds $host_objs 7<"$canary" 8</ 9<.
	out=$(exec 7<"$canary"; cd /proc/self/fd/7 && timeout 60 $WRAP vserver "$A" exec /t/sec-attack fd_leak_cwd fds $host_objs 2>&1)
	verdict "fd_leak_cwd$MODE" "$out" $?

	attack "$A" ptrace_enter_prepare caps
	# B3: the guest watches for processes entering it while the host enters it repeatedly.
	pt=$(mktemp)
	timeout 60 $WRAP vserver "$A" exec /t/sec-attack ptrace_enter ptrace-race 8 $host_objs >"$pt" 2>&1 &
	rp=$!
	sleep 0.5
	i=0; t_end=$(( $(date +%s) + 7 ))
	while [ "$(date +%s)" -lt "$t_end" ]; do
		vs "$A" exec /bin/true >/dev/null 2>&1 7<"$canary"
		i=$((i + 1))
	done
	wait $rp
	verdict "ptrace_enter$MODE" "$(cat "$pt")" 0
	rm -f "$pt"
	say "ptrace_enter: $i host entries raced"
	n_race=$((n_race + i))
	invariants ptrace_enter

	# B15: masked and read-only /proc and /sys paths.
	for p in /proc/acpi /proc/asound /proc/kcore /proc/keys /proc/key-users /proc/latency_stats \
		/proc/timer_list /proc/timer_stats /proc/sched_debug /proc/scsi /proc/kmsg \
		/proc/kpagecount /proc/kpageflags /proc/kpagecgroup /proc/config.gz /proc/interrupts \
		/proc/sysrq-trigger /proc/vmallocinfo /sys/firmware /sys/devices/virtual/powercap \
		/sys/kernel/security /sys/kernel/debug /sys/kernel/tracing /sys/fs/bpf /sys/dev/block; do
		if [ ! -e "$p" ]; then
			skipped "mask:$p$MODE" "not present on this kernel"
			continue
		fi
		attack "$A" "mask:$p" mask "$p" mask
	done
	for p in /proc/bus /proc/fs /proc/irq /proc/sys /proc/sys/kernel; do
		[ -e "$p" ] || { skipped "readonly:$p$MODE" "not present on this kernel"; continue; }
		attack "$A" "readonly:$p" mask "$p" ro
	done
	attack "$A" procsys_remount procsys

	# B35: device nodes left in the tree (the host plants them, as an imported tarball could).
	r=$vdirbase/$A
	mkdir -p "$r/root/devs"
	read -r dmaj dmin dname <<EOF
$(awk 'NR > 2 && $4 !~ /[0-9]$/ { print $1, $2, $4; exit }' /proc/partitions)
EOF
	if [ -n "${dname:-}" ]; then
		mknod "$r/root/devs/disk" b "$dmaj" "$dmin"
		attack "$A" "device:raw_disk($dname)" devices /root/devs/disk
	else
		skipped "device:raw_disk$MODE" "no disk in /proc/partitions"
	fi
	if grep -q ' sda$' /proc/partitions; then
		mknod "$r/root/devs/sda" b 8 0
		attack "$A" "device:sda" devices /root/devs/sda
	else
		skipped "device:sda$MODE" "no sda on this host"
	fi
	for d in mem:1:1 kmem:1:2 port:1:4 kmsg:1:11 fuse:10:229 tty1:4:1; do
		IFS=: read -r dn ma mi <<EOF
$d
EOF
		if ! head -c0 "/dev/$dn" 2>/dev/null; then
			skipped "device:$dn$MODE" "/dev/$dn cannot be opened on this host either"
			continue
		fi
		mknod "$r/root/devs/$dn" c "$ma" "$mi"
		attack "$A" "device:$dn" devices "/root/devs/$dn"
	done
	rm -rf "$r/root/devs"

	attack "$A" cgroup_release_agent release-agent
	attack "$A" open_by_handle_at handles
	attack "$A" userns_and_mount userns
	attack "$A" capabilities caps

	# B21: TIOCSTI from the exec'd command into a terminal the harness owns.
	mark="VSMSTI$$"
	out=$(timeout 60 $WRAP "$SECBIN/sec-pty" "$mark" vserver "$A" exec /t/sec-attack tiocsti tiocsti "$mark" 2>&1)
	rc=$?
	if [ $rc = 1 ]; then
		escaped "tiocsti_exec$MODE" "$(printf '%s\n' "$out" | grep '^injected' | head -1)"
	else
		verdict "tiocsti_exec$MODE" "$out" $rc
	fi
	invariants tiocsti_exec
}

# --- symlinks planted where the host works inside a guest -----------------------------------------
# fstab_case NAME TARGET SETUP: a guest whose fstab binds the payload dir on TARGET after SETUP
# (run in the guest root) planted symlinks. Blocked if the start fails, or if the payload did not
# land on the host and the guest's masks still hold.
fcase=0
fstab_case() {
	nm=$1 target=$2 setup=$3
	fcase=$((fcase + 1))
	g=sf$$x$fcase${MODE:+n}
	make_guest "$g"
	echo "$VSM_ROOT/payload $target none bind 0 0" >>"$confdir/$g/fstab"
	(cd "$vdirbase/$g" && eval "$setup")
	if start_ok "$g"; then
		leak=$(vs "$g" exec sh -c 'cat /proc/timer_list 2>/dev/null | wc -c')
		if [ "$leak" != 0 ]; then
			escaped "$nm$MODE" "the guest started with /proc/timer_list unmasked"
		else
			blocked "$nm$MODE"
		fi
		stop_quiet "$g"
	else
		blocked "$nm$MODE"
	fi
	invariants "$nm"
}

path_attacks() {
	rel=../../../../../../../../../..
	fstab_case fstab_target_abs_symlink /mnt/abs/x "mkdir -p mnt; ln -s '$canary' mnt/abs"
	fstab_case fstab_target_rel_symlink /mnt/rel/x "mkdir -p mnt; ln -s '$rel$canary' mnt/rel"
	fstab_case fstab_target_final_symlink /mnt/fin "mkdir -p mnt; ln -s '$canary' mnt/fin"
	fstab_case fstab_target_fifo /mnt/fifo "mkdir -p mnt; mkfifo mnt/fifo"
	fstab_case fstab_target_proc_link /mnt/p/sys "mkdir -p mnt; ln -s /proc mnt/p"
	fstab_case proc_is_symlink /mnt/x "mkdir -p mnt/x tmp/evil; rmdir proc; ln -s /tmp/evil proc"
	fstab_case proc_is_abs_host_symlink /mnt/x "mkdir -p mnt/x; rmdir proc; ln -s /proc proc"
	fstab_case sys_is_symlink /mnt/x "mkdir -p mnt/x tmp/evil; rmdir sys; ln -s /tmp/evil sys"
	fstab_case proc_is_file /mnt/x "mkdir -p mnt/x; rmdir proc; echo x >proc"
	fstab_case dev_is_symlink /mnt/x "mkdir -p mnt/x; rm -rf dev; ln -s '$canary' dev"
	fstab_case dev_is_rel_symlink /mnt/x "mkdir -p mnt/x; rm -rf dev; ln -s '$rel/dev' dev"

	# Race (B7/B8): guest A swaps a directory and a symlink in the shared dir while guest B,
	# whose fstab target goes through that dir, is started again and again.
	A=sr$$a${MODE:+n}; B=sr$$b${MODE:+n}
	make_guest "$A"; make_guest "$B"
	mkdir -p "$VSM_ROOT/shared/race/sw/x"
	ln -s "$rel$canary" "$VSM_ROOT/shared/race/sw2"
	echo "$VSM_ROOT/payload /vshared/race/sw/x none bind 0 0" >>"$confdir/$B/fstab"
	if start_ok "$A"; then
		sw=$(mktemp)
		timeout 60 $WRAP vserver "$A" exec /t/sec-attack swap swap /vshared/race/sw /vshared/race/sw2 12 >"$sw" 2>&1 &
		swp=$!
		i=0; ok=0; bad=""; t_end=$(( $(date +%s) + 10 ))
		while [ "$(date +%s)" -lt "$t_end" ]; do
			i=$((i + 1))
			if start_ok "$B"; then
				ok=$((ok + 1))
				leak=$(vs "$B" exec sh -c 'cat /proc/timer_list 2>/dev/null | wc -c')
				[ "$leak" = 0 ] || bad="start $i left /proc/timer_list unmasked"
				stop_quiet "$B"
			fi
			[ "$(canary_state)" = "$canary0" ] || { bad="the canary changed at start $i"; break; }
			[ -z "$bad" ] || break
		done
		wait $swp
		say "$(cat "$sw")"
		rm -f "$sw"
		say "mount_target_swap_race: $i starts of $B ($ok came up) while $A swapped"
		n_race=$((n_race + i))
		if [ -n "$bad" ]; then escaped "mount_target_swap_race$MODE" "$bad"; else blocked "mount_target_swap_race$MODE"; fi
		stop_quiet "$A"
	else
		failed "mount_target_swap_race$MODE" "guest $A did not start"
	fi
	invariants mount_target_swap_race
	rm -rf "$VSM_ROOT/shared/race"

	# delete (R8/B25): symlinks to the canary and a host bind mount inside the tree.
	D=sd$$${MODE:+n}
	make_guest "$D"
	r=$vdirbase/$D
	ln -s "$canary" "$r/root/abs"
	ln -s "$rel$canary" "$r/root/rel"
	ln -s "$canary/secret" "$r/root/file"
	rm -rf "$r/var/run"; ln -s "$canary" "$r/var/run"
	mkdir -p "$r/mnt/bound"
	mount --bind "$canary" "$r/mnt/bound"
	timeout 60 $WRAP vserver --silent "$D" delete >/dev/null 2>&1
	umount "$r/mnt/bound" 2>/dev/null
	if [ "$(canary_state)" = "$canary0" ]; then blocked "delete_symlinks_and_binds$MODE"; else escaped "delete_symlinks_and_binds$MODE" "delete changed the canary"; fi

	# clone (B25, B19): a source tree with symlinks to the host, a FIFO where build reads, a huge,
	# a binary and a symlinked file where host code might look.
	S=ss$$${MODE:+n}; C=sc$$${MODE:+n}
	make_guest "$S"
	r=$vdirbase/$S
	rm -f "$r/etc/hosts"; mkfifo "$r/etc/hosts"
	ln -sf "$canary/victim" "$r/etc/hostname"
	ln -s "$canary" "$r/root/abs"
	ln -sf "$canary/secret" "$r/etc/passwd"
	head -c 1000000 /dev/urandom >"$r/etc/os-release"
	truncate -s 50M "$r/etc/group"
	ln -s /proc/self/fd/0 "$r/etc/localtime"
	timeout 120 $WRAP vserver "$C" build -m clone -- --source "$S" >/dev/null 2>&1
	rc=$?
	c=$vdirbase/$C
	if [ $rc = 124 ]; then
		escaped "clone_hostile_source$MODE" "build hung on the source tree"
	elif [ "$(canary_state)" != "$canary0" ]; then
		escaped "clone_hostile_source$MODE" "the clone changed the canary"
	elif [ -e "$c" ] && { [ ! -L "$c/root/abs" ] || [ ! -L "$c/etc/passwd" ]; }; then
		escaped "clone_hostile_source$MODE" "a symlink to the host was copied as its target"
	elif [ -e "$c" ] && ! start_ok "$C"; then
		failed "clone_hostile_source$MODE" "the clone (build rc $rc) does not start"
	else
		blocked "clone_hostile_source$MODE"
		stop_quiet "$C"
	fi
	invariants clone_hostile_source

	# build writes etc/hostname and etc/hosts: in a clone whose etc is a symlink to the host.
	S2=st$$${MODE:+n}; C2=sk$$${MODE:+n}
	make_guest "$S2"
	rm -rf "$vdirbase/$S2/etc"; ln -s "$canary" "$vdirbase/$S2/etc"
	timeout 120 $WRAP vserver "$C2" build -m clone -- --source "$S2" >/dev/null 2>&1
	rc=$?
	if [ $rc = 124 ]; then
		escaped "clone_etc_symlink$MODE" "build hung"
	elif [ "$(canary_state)" != "$canary0" ]; then
		escaped "clone_etc_symlink$MODE" "build wrote through the guest's etc symlink"
	else
		blocked "clone_etc_symlink$MODE"
	fi
	invariants clone_etc_symlink

	# vunify (B31/B32): the same content as the canary's secret in one guest, a symlink to it in
	# the other, swapped while vunify runs.
	U1=su$$a${MODE:+n}; U2=su$$b${MODE:+n}
	make_guest "$U1"; make_guest "$U2"
	mkdir -p "$vdirbase/$U1/usr/share" "$vdirbase/$U2/usr/share"
	cp "$canary/secret" "$vdirbase/$U1/usr/share/a"
	cp "$canary/secret" "$vdirbase/$U2/usr/share/a"
	ln -s "$canary/secret" "$vdirbase/$U1/usr/share/b"
	ln -s "$canary/secret" "$vdirbase/$U2/usr/share/f"
	# The same relative path in both guests: a real file in U1, a symlinked dir to the host in U2.
	mkdir -p "$vdirbase/$U1/usr/lib"
	cp "$canary/secret" "$vdirbase/$U1/usr/lib/secret"
	ln -s "$canary" "$vdirbase/$U2/usr/lib"
	if start_ok "$U1"; then
		sw=$(mktemp)
		timeout 60 $WRAP vserver "$U1" exec /t/sec-attack swap swap /usr/share/a /usr/share/b 10 >"$sw" 2>&1 &
		swp=$!
		i=0; t_end=$(( $(date +%s) + 8 ))
		while [ "$(date +%s)" -lt "$t_end" ]; do
			timeout 60 $WRAP vunify "$U1" "$U2" >/dev/null 2>&1
			i=$((i + 1))
			[ "$(canary_state)" = "$canary0" ] || break
		done
		wait $swp
		say "$(cat "$sw")"
		rm -f "$sw"
		say "vunify_swap_race: $i vunify runs while $U1 swapped a file and a symlink to the host"
		n_race=$((n_race + i))
		if [ "$(canary_state)" = "$canary0" ]; then blocked "vunify_swap_race$MODE"; else escaped "vunify_swap_race$MODE" "vunify changed the canary"; fi
		stop_quiet "$U1"
	else
		failed "vunify_swap_race$MODE" "guest $U1 did not start"
	fi
	chattr -R -i "$vdirbase/$U1" "$vdirbase/$U2" >/dev/null 2>&1
}

# --- host layout ----------------------------------------------------------------------------------
host_attacks() {
	A=$1
	# A guest-planted /etc/vservers lookalike must not change how the host starts the guest.
	r=$vdirbase/$A
	mkdir -p "$r/etc/vservers/$A" "$r/etc/vservers/.defaults"
	echo SYS_ADMIN >"$r/etc/vservers/$A/bcapabilities"
	ln -s / "$r/etc/vservers/.defaults/vdirbase"
	ln -s "$canary" "$r/etc/vservers/$A/vdir"
	stop_quiet "$A"
	if start_ok "$A"; then
		attack "$A" guest_planted_config caps
	else
		failed guest_planted_config "the guest did not restart"
	fi
	rm -rf "$r/etc/vservers"

	# /sbin/init as a FIFO: the host's init-style probe must not hang on it.
	F=si$$
	make_guest "$F"
	rm -f "$vdirbase/$F/sbin/init"; mkfifo "$vdirbase/$F/sbin/init"
	timeout 30 $WRAP vserver "$F" start >/dev/null 2>&1
	if [ $? = 124 ]; then escaped init_fifo "start hung on a FIFO /sbin/init"; else blocked init_fifo; fi
	stop_quiet "$F"

	# Host tools over a guest with huge, binary and symlinked identity files.
	r=$vdirbase/$A
	cp "$r/etc/passwd" "$VSM_ROOT/passwd.save"
	head -c 200000 /dev/urandom >"$r/etc/passwd"
	truncate -s 100M "$r/etc/group"
	ln -sf "$canary/secret" "$r/etc/os-release"
	ln -sf /proc/self/fd/0 "$r/etc/localtime"
	bad=""
	for cmd in "vps ax" "vserver-stat" "vserver $A status" "vserver $A exec /bin/true" \
		"vserver-info $A SYSINFO" "vserver-info - SYSINFO" "vserver $A running"; do
		timeout 30 $WRAP $cmd </dev/null >"$VSM_ROOT/toolout" 2>&1
		rc=$?
		[ $rc = 124 ] && bad="$bad '$cmd' hung;"
		grep -q "$(head -c 8 "$canary/secret" | od -An -tx1 | tr -d ' \n')" "$VSM_ROOT/toolout" && bad="$bad '$cmd' printed canary bytes;"
		# A signal (not the output: vps lists other people's command lines) means a crash.
		[ $rc -gt 128 ] && [ $rc != 124 ] && bad="$bad '$cmd' crashed (exit $rc);"
	done
	cp "$VSM_ROOT/passwd.save" "$r/etc/passwd"
	rm -f "$r/etc/group" "$r/etc/os-release" "$r/etc/localtime"
	echo "root:x:0:" >"$r/etc/group"
	if [ -n "$bad" ]; then escaped host_tools_guest_files "$bad"; else blocked host_tools_guest_files; fi
	invariants host_tools_guest_files

	# The parent of the guest roots (made by build) is not traversable by unprivileged users.
	Bb=sb$$
	if timeout 120 vserver "$Bb" build -m busybox >/dev/null 2>&1; then
		chmod 0755 "$VSM_ROOT"
		mode=$(stat -c %a "$vdirbase")
		if setpriv --reuid=65534 --regid=65534 --clear-groups stat "$vdirbase/$Bb/bin/busybox" >/dev/null 2>&1; then
			escaped vdirbase_not_traversable "uid 65534 reached $vdirbase/$Bb (mode $mode)"
		elif [ $(( 0$mode & 077 )) != 0 ]; then
			escaped vdirbase_not_traversable "$vdirbase has mode $mode"
		else
			blocked vdirbase_not_traversable
		fi
		chmod 0700 "$VSM_ROOT"
	else
		failed vdirbase_not_traversable "busybox build failed"
	fi
	# Config and run state live outside every guest root.
	inside=""
	for d in "$confdir" "$rundir" "$logdir"; do
		case "$(readlink -f "$d")/" in "$(readlink -f "$vdirbase")"/*) inside="$inside $d" ;; esac
	done
	if [ -z "$inside" ]; then blocked state_outside_guest_roots; else escaped state_outside_guest_roots "inside the guest roots:$inside"; fi
}

# --- the passes -----------------------------------------------------------------------------------
A=sa$$; B=sb$$b
make_guest "$A"; make_guest "$B"
# fds open across `start` (and a cwd under /proc/self/fd) must not reach the guest's init.
(cd /proc/self/fd/7 && timeout 60 vserver "$A" start >/dev/null 2>&1) 7<"$canary" 8</
rt_wait_for 50 vserver "$A" running || { echo "FAIL: guest $A does not start"; finish; }
start_ok "$B" || { echo "FAIL: guest $B does not start: $(cat "$VSM_ROOT/start.out")"; finish; }
attack "$A" fd_leak_start fds $host_objs
say "pass 1: openat2"
inside_attacks "$A" "$B"
path_attacks
host_attacks "$A"
stop_quiet "$A"; stop_quiet "$B"

say "pass 2: openat2 blocked by seccomp (ENOSYS): the fd-relative walk resolves every guest path"
if "$SECBIN/no-openat2" sh -c 'exit 0'; then
	WRAP="$SECBIN/no-openat2"; MODE="[no-openat2]"
	A=sa$$n; B=sb$$n
	make_guest "$A"; make_guest "$B"
	if start_ok "$A" && start_ok "$B"; then
		attack "$A" fd_leak_start fds $host_objs
		attack "$A" chroot_classic chroot "$canary/secret"
		path_attacks
	else
		failed "start$MODE" "guests do not start without openat2"
	fi
	stop_quiet "$A"; stop_quiet "$B"
else
	skipped "no-openat2 pass" "cannot load a seccomp filter here"
fi

# No stray processes: every guest cgroup of this root is empty once its guest stopped.
for g in "$rundir"/*/; do [ -d "$g" ] && stop_quiet "$(basename "$g")"; done
left=$(for h in /sys/fs/cgroup/*/ /sys/fs/cgroup/; do
	[ -d "$h$cgroup_base" ] && find "$h$cgroup_base" -name cgroup.procs -exec cat {} + 2>/dev/null
done | wc -l)
if [ "$left" = 0 ]; then blocked no_stray_processes; else escaped no_stray_processes "$left processes left in guest cgroups"; fi
invariants final
# A host tool that crashed under a sanitizer build while handling a hostile guest is a failure too.
if grep -lE 'Sanitizer|runtime error:' "$logdir"/*.log >/dev/null 2>&1; then
	failed sanitizer_reports "$(grep -lE 'Sanitizer|runtime error:' "$logdir"/*.log | tr '\n' ' ')"
fi

echo "counts: $n_tried attacks tried, $n_blocked blocked, $n_escaped escaped, $n_failed failed, $n_skipped skipped, $n_race race iterations"
echo "$n_blocked passed, $((n_escaped + n_failed)) failed, $n_skipped skipped"
[ $((n_escaped + n_failed)) = 0 ]
