#!/bin/bash
# Disk used by N clones of a Debian bookworm guest before and after sharing, and the time it
# takes, for vunify, vhashify and the general-purpose deduplicators Debian has (util-linux
# hardlink, rdfind, jdupes), all in the same run on fresh clones of the same base.
# Usage (root, after `scons`): tests/bench/bench_unify.sh [N]   (default 4)
# Prints a Markdown table. The base comes from tests/lib/build.sh (built once, shared cache).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
n=${1:-4}
t_archive_reachable || skip "Debian archive unreachable: no debootstrap base"
base=$(t_debootstrap_base) || { echo "building the base failed"; exit 1; }

now() { date +%s.%N; }
kib() { du -sk "$@" | awk '{ s += $1 } END { print s }'; }
clones() {
	for i in $(seq 1 "$n"); do
		vserver --silent "b$i" build -m clone -- --source "$base" || exit 1
	done
}
drop() {
	for i in $(seq 1 "$n"); do vserver --silent "b$i" delete; done
	chattr -R -i "$vdirbase/.hash" 2>/dev/null; rm -rf "$vdirbase/.hash"
}
roots() { for i in $(seq 1 "$n"); do printf '%s ' "$vdirbase/b$i"; done; }
names() { for i in $(seq 1 "$n"); do printf 'b%s ' "$i"; done; }

echo "| tool | what it shares | KiB before | KiB after | saved | seconds |"
echo "|---|---|---|---|---|---|"
run() {
	label=$1 scope=$2; shift 2
	clones
	sync	# the clones' writeback must not land in the timed run
	before=$(kib $(roots))
	t0=$(now)
	"$@" >/dev/null 2>&1 || echo "  ($label exited $?)" >&2
	secs=$(echo "$(now) - $t0" | bc)
	after=$(kib $(roots) "$vdirbase/.hash" 2>/dev/null)
	printf '| %s | %s | %s | %s | %d %% | %.1f |\n' "$label" "$scope" "$before" "$after" \
		$(( (before - after) * 100 / before )) "$secs"
	drop
}
run "vunify $(names)" "default list, conffiles kept, immutable" vunify $(names)
run "vhashify $(names)" "same, through <vdirbase>/.hash" vhashify $(names)
# The same policy as the tools below: everything but the virtual filesystems, conffiles too.
mkdir -p "$confdir/.defaults/apps/vunify"
printf '/proc\n/sys\n/dev\n' >"$confdir/.defaults/apps/vunify/exclude"
run "vunify --no-pkgmgmt $(names)" "everything equal (content, mode, owner, xattrs), immutable" \
	vunify --no-pkgmgmt $(names)
rm -f "$confdir/.defaults/apps/vunify/exclude"
command -v hardlink >/dev/null && run "hardlink (util-linux)" "everything equal (content, mode, owner, mtime)" hardlink $(roots)
command -v rdfind >/dev/null && run "rdfind -makehardlinks true" "everything equal in content" rdfind -makehardlinks true -outputname "$VSM_ROOT/rdfind.txt" $(roots)
command -v jdupes >/dev/null && run "jdupes -r -L" "everything equal in content" jdupes -r -L -q $(roots)
exit 0
