#!/bin/sh
# Runs every tests/integration/t_*.sh (or the ones named) and prints "N passed, N failed, N skipped".
# A test exits 0 (pass), 77 (skip: it printed why) or anything else (fail).
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
export VSM_BIN="${VSM_BIN:-$top/build/bin}"
export VSM_TOP="$top"
if [ "$(id -u)" != 0 ]; then
	echo "SKIP: integration tests need root (real namespaces, cgroups, mounts)"
	echo "0 passed, 0 failed, 1 skipped"
	exit 1
fi
# One package cache for every test of this run and later runs (debootstrap downloads once).
export VSM_CACHE="${VSM_CACHE:-/var/cache/vsm-test/debootstrap}"
mkdir -p "$VSM_CACHE"
# Names this run: tests/lib/build.sh builds the shared debootstrap base once per run.
export VSM_TEST_RUN="${VSM_TEST_RUN:-$(date +%Y%m%d%H%M%S)-$$}"
pass=0; fail=0; skip=0; failed=""
if [ $# -gt 0 ]; then tests="$*"; else tests=$(ls "$here"/t_*.sh | sort); fi
for t in $tests; do
	name=$(basename "$t" .sh)
	start=$(date +%s)
	out=$(mktemp)
	timeout -k 10 900 sh "$t" >"$out" 2>&1
	r=$?
	secs=$(( $(date +%s) - start ))
	case $r in
	0) pass=$((pass + 1)); echo "PASS $name (${secs}s)" ;;
	77) skip=$((skip + 1)); echo "SKIP $name: $(grep '^SKIP' "$out" | head -1 | cut -c6-)" ;;
	*) fail=$((fail + 1)); failed="$failed $name"; echo "FAIL $name (exit $r, ${secs}s)"; sed 's/^/    | /' "$out" | tail -40 ;;
	esac
	rm -f "$out"
done
[ -n "$failed" ] && echo "failed:$failed"
echo "$pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
