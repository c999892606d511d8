#!/bin/bash
# Proves vhashify shares identical files of busybox guests through one store entry per content
# (owner, mode, xattrs included), leaves different files alone, changes nothing with -n, is
# idempotent, and keeps the guest's original inode out of the store (it adds a copy).
. "$(dirname "$0")/../lib/common.sh"
. "$(dirname "$0")/../lib/build.sh"
[ "$(id -u)" = 0 ] || skip "needs root"
[ -x /bin/busybox ] || skip "busybox-static is not installed (share/install-deps.sh)"

a=ha$$; b=hb$$
t_busybox_guest "$a" && t_busybox_guest "$b" || { fail "build guests"; finish; }
ra="$vdirbase/$a"; rb="$vdirbase/$b"; t=usr/share/h
mkdir -p "$ra/$t" "$rb/$t"
printf 'one\n' >"$ra/$t/same"; printf 'one\n' >"$rb/$t/same"
printf 'AAA\n' >"$ra/$t/diff"; printf 'BBB\n' >"$rb/$t/diff"
printf 'own\n' >"$ra/$t/owner"; printf 'own\n' >"$rb/$t/owner"; chown 7:7 "$rb/$t/owner"
orig=$(stat -c %i "$ra/$t/same")

before=$(find "$ra" "$rb" -xdev -type f -printf '%i %n %p\n' | sort)
out=$(vhashify -n "$a" "$b"); expect_eq "dry run exits 0" 0 $?
expect_eq "dry run changed nothing" "$before" "$(find "$ra" "$rb" -xdev -type f -printf '%i %n %p\n' | sort)"
check "dry run made no store" [ ! -e "$vdirbase/.hash" ]

out=$(vhashify "$a" "$b"); expect_eq "vhashify exits 0" 0 $?
echo "$out"
ino() { stat -c %i "$1"; }
check "same: one inode" [ "$(ino "$ra/$t/same")" = "$(ino "$rb/$t/same")" ]
expect_eq "same: two guests + the store" 3 "$(stat -c %h "$ra/$t/same")"
check "same: immutable" sh -c "lsattr '$ra/$t/same' | cut -c5 | grep -q i"
check "the guest's own inode is not the store's" [ "$(ino "$ra/$t/same")" != "$orig" ]
check "busybox shared" [ "$(ino "$ra/bin/busybox")" = "$(ino "$rb/bin/busybox")" ]
check "different content apart" [ "$(ino "$ra/$t/diff")" != "$(ino "$rb/$t/diff")" ]
check "different owner apart" [ "$(ino "$ra/$t/owner")" != "$(ino "$rb/$t/owner")" ]
n=$(find "$vdirbase/.hash" -type f | wc -l)
out=$(vhashify "$a" "$b")
expect_match "second run adds and links nothing" "0 added to the store, 0 linked" "$out"
expect_eq "store unchanged" "$n" "$(find "$vdirbase/.hash" -type f | wc -l)"
expect_eq "store mode" "700" "$(stat -c %a "$vdirbase/.hash")"
finish
