#!/bin/sh
# The whole test suite: unit tests (cmocka), then root integration tests on real guests.
# Prints each runner's closing line; exits non-zero on any failure.
set -u
cd "$(dirname "$0")/.."
rc=0
echo "== unit tests (cmocka, ASan+UBSan build)"
scons -Q -j2 SAN=asan unit || rc=1
echo "== unit tests (cmocka)"
scons -Q -j2 unit || rc=1
echo "== integration tests (root, real guests)"
sh tests/integration/run.sh || rc=1
echo "== security suite (root, hostile busybox guests)"
bash tests/security/run.sh || rc=1
exit $rc
