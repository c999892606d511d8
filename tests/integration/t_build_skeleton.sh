# Proves that `build -m skeleton` writes the directory tree (mount points only under /dev), the
# base files and the config, and nothing else (no userland).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
g=sk$$
check "skeleton build succeeds" vserver --silent "$g" build -m skeleton --context 4242
root="$vdirbase/$g"
for d in bin sbin etc root tmp var/log proc sys dev dev/pts dev/shm run; do
	check "directory /$d" [ -d "$root/$d" ]
done
expect_eq "/root is private" 700 "$(stat -c %a "$root/root")"
expect_eq "/tmp is sticky and world-writable" 1777 "$(stat -c %a "$root/tmp")"
expect_eq "/var/run points into /run" "../run" "$(readlink "$root/var/run")"
expect_eq "/dev holds only directories" "" "$(find "$root/dev" ! -type d)"
for f in etc/hostname etc/hosts etc/passwd etc/group etc/fstab etc/shadow; do
	check "base file /$f" [ -f "$root/$f" ]
done
expect_eq "shadow is not world-readable" 640 "$(stat -c %a "$root/etc/shadow")"
expect_eq "no userland" "" "$(ls "$root/bin")"
expect_eq "--context is written" 4242 "$(cat "$confdir/$g/context")"
expect_eq "hostname defaults to the name" "$g" "$(cat "$confdir/$g/uts/nodename")"
check "no init style for a skeleton" [ ! -e "$confdir/$g/apps/init/style" ]
expect_match "fstab gives a /tmp tmpfs" "^none[[:space:]]+/tmp[[:space:]]+tmpfs" "$(cat "$confdir/$g/fstab")"
check "no temporaries left" t_no_leftovers "$g"
# --rootdir puts the root elsewhere; vdir follows it.
alt="$VSM_ROOT/elsewhere"
check "--rootdir build" vserver --silent "${g}r" build -m skeleton --rootdir "$alt" --initstyle sysv
expect_eq "vdir points into --rootdir" "$alt/${g}r" "$(readlink "$confdir/${g}r/vdir")"
check "root is there" [ -d "$alt/${g}r/etc" ]
expect_eq "--initstyle is written" sysv "$(cat "$confdir/${g}r/apps/init/style")"
finish
