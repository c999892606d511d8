#!/bin/bash
# Proves the disk-limit backend probe: hosts without quota format v2 use the image backend and say
# why; the project-quota backend is reported as such (SKIP here, where the kernel lacks it).
. "$(dirname "$0")/../lib/common.sh"
out=$(vdlimit --probe)
expect_match "probe names a backend" "^backend=(image|quota)$" "$(echo "$out" | head -1)"
if ! zcat /proc/config.gz 2>/dev/null | grep -q '^CONFIG_QFMT_V2=y'; then
	expect_match "probe gives the reason" "quota format v2" "$out"
	[ "$T_FAILS" = 0 ] || finish
	skip "project quotas: the kernel lacks quota format v2 (CONFIG_QFMT_V2); the image backend is used"
fi
skip "project quotas: the kernel has quota format v2, but vsm's project-quota backend is not implemented"
