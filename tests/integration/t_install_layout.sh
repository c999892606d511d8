#!/bin/bash
# Proves `scons install DESTDIR=…` creates exactly the documented file list (tests/data/install-files.txt)
# under DESTDIR+PREFIX and nothing else, with filled-in units, a working generator and completion,
# and that `scons uninstall` removes every file again.
. "$(dirname "$0")/../lib/common.sh"
command -v scons >/dev/null || skip "scons is not installed (share/install-deps.sh)"
top=$(cd "$(dirname "$0")/../.." && pwd)
dest=$VSM_ROOT/dest
prefix=/usr/local   # the SConstruct default, so the installed files are the build tree's own

log=$VSM_ROOT/install.log
(cd "$top" && scons -Q -j2 install DESTDIR="$dest") >"$log" 2>&1
expect_eq "scons install exit code" 0 $?
expected=$(grep -v '^#' "$top/tests/data/install-files.txt" | sort)
actual=$(cd "$dest$prefix" 2>/dev/null && find . ! -type d | sed 's|^\./||' | sort)
if [ "$expected" = "$actual" ]; then ok "installed files = documented list"; else
	fail "installed files differ from tests/data/install-files.txt (update it and doc/install.md):"
	diff <(echo "$expected") <(echo "$actual") | sed 's/^/#   /'
fi
outside=$(find "$dest" ! -type d | grep -v "^$dest$prefix/" | head -3)
expect_eq "nothing installed outside PREFIX" "" "$outside"

# Programs and the monitor are executable; the monitor sits in libexec, not sbin.
check "vserver executable" test -x "$dest$prefix/sbin/vserver"
check "monitor in libexec" test -x "$dest$prefix/libexec/vsm/vsm-monitor"
check "no monitor in sbin" test ! -e "$dest$prefix/sbin/vsm-monitor"
# Every installed program has a completion file.
for p in "$dest$prefix"/sbin/*; do
	[ -f "$dest$prefix/share/bash-completion/completions/${p##*/}" ] || fail "no completion for ${p##*/}"
done
# Man pages are in the section their name says.
for m in "$dest$prefix"/share/man/man*/*; do
	sec=${m%/*}; sec=${sec##*/man}
	[ "${m##*.}" = "$sec" ] || fail "man page $m in section $sec"
done
# Units name the installed paths, without DESTDIR.
unit=$dest$prefix/lib/systemd/system/vserver@.service
expect_match "unit ExecStart" "^ExecStart=$prefix/sbin/vserver %i start --foreground$" "$(grep ^ExecStart "$unit")"
check "unit delegates its cgroup" grep -qx "Delegate=yes" "$unit"
check "no DESTDIR in units" sh -c "! grep -rq '$dest' '$dest$prefix/lib/systemd'"
# systemd parses the units without complaint (the programs are not at PREFIX: that one is expected).
if command -v systemd-analyze >/dev/null; then
	u=$VSM_ROOT/units; mkdir -p "$u"
	cp "$unit" "$u/vserver@web.service"
	cp "$dest$prefix/lib/systemd/system/vservers.target" "$u/"
	cp "$dest$prefix/lib/systemd/system/vservers-mark@.target" "$u/vservers-mark@web.target"
	out=$(cd "$u" && systemd-analyze verify --man=no ./vserver@web.service ./vservers.target \
		./vservers-mark@web.target 2>&1 |
		grep -v "is not executable")
	expect_eq "systemd-analyze verify" "" "$out"
else
	echo "# SKIP unit verification: systemd-analyze is not installed"
fi

# The generator links guests marked `default` (and only those) into vservers.target.
mkdir -p "$confdir/gen1/apps/init" "$confdir/gen2/apps/init" "$confdir/gen3/apps/init"
printf 'web\ndefault\n' >"$confdir/gen1/apps/init/mark"; echo gen3 >"$confdir/gen1/apps/init/depends"
echo other >"$confdir/gen2/apps/init/mark"
echo default >"$confdir/gen3/apps/init/mark"; touch "$confdir/gen3/disabled"
gout=$VSM_ROOT/gen; mkdir -p "$gout"
"$dest$prefix/lib/systemd/system-generators/vsm-generator" "$gout" "$gout" "$gout"
links=$(cd "$gout/vservers.target.wants" 2>/dev/null && ls)
expect_eq "generator wants-links" "vserver@gen1.service" "$links"
expect_eq "generator link target" "$prefix/lib/systemd/system/vserver@.service" \
	"$(readlink "$gout/vservers.target.wants/vserver@gen1.service")"
check "generator ordering drop-in" grep -qx "After=vserver@gen3.service" "$gout/vserver@gen1.service.d/depends.conf"
expect_eq "per-mark targets" "vservers-mark@default.target vservers-mark@other.target vservers-mark@web.target" \
	"$(cd "$gout" && echo vservers-mark@*.target.wants | sed 's/\.wants//g')"
check "guest in its mark's target" test -L "$gout/vservers-mark@other.target.wants/vserver@gen2.service"
check "no per-mark link for a disabled guest" test ! -e "$gout/vservers-mark@default.target.wants/vserver@gen3.service"
check "vservers.target wanted at boot" test -L "$gout/multi-user.target.wants/vservers.target"

# Completion: guest names from the (re-based) config dir, then vserver's commands.
comp=$dest$prefix/share/bash-completion/completions/vserver
names=$(bash -c '. "$1"; COMP_WORDS=(vserver gen); COMP_CWORD=1; _vsm_complete; echo "${COMPREPLY[*]}"' _ "$comp")
expect_eq "completion of guest names" "gen1 gen2 gen3" "$names"
cmds=$(bash -c '. "$1"; COMP_WORDS=(vserver gen1 st); COMP_CWORD=2; _vsm_complete; echo "${COMPREPLY[*]}"' _ "$comp")
expect_eq "completion of vserver commands" "start stop status" "$cmds"
cmds=$(bash -c '. "$1"; COMP_WORDS=(vserver gen1 un); COMP_CWORD=2; _vsm_complete; echo "${COMPREPLY[*]}"' _ "$comp")
expect_eq "vserver commands come from its --help" "unify" "$cmds"
opts=$(PATH="$dest$prefix/sbin:$PATH" bash -c '. "$1"; COMP_WORDS=(vserver-stat --fo); COMP_CWORD=1; _vsm_complete; echo "${COMPREPLY[*]}"' _ "$comp")
expect_eq "completion of options from --help" "--format" "$opts"

(cd "$top" && scons -Q uninstall DESTDIR="$dest") >>"$log" 2>&1
expect_eq "scons uninstall exit code" 0 $?
left=$(find "$dest" ! -type d | head -3)
expect_eq "uninstall leaves no files" "" "$left"
check "uninstall removes libexec/vsm" test ! -e "$dest$prefix/libexec/vsm"
finish
